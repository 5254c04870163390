// CVSS v4.0 scoring: https://www.first.org/cvss/v4.0/specification-document section 8
// (MacroVectors from six equivalence sets, then interpolation by severity distance within the
// MacroVector). Environmental and threat metrics are honoured when present; absent ones take
// the spec's defaults (E:X = A, CR/IR/AR:X = H, modified metrics fall back to the base ones).
import { EQ_DEPTHS, EQ_MAXES, MACROVECTOR_SCORES } from './v4-tables.js';
import { CvssVectorError, parseVectorMetrics, ratingV3, type CvssResult } from './vector.js';

const HLN = { H: 1, L: 1, N: 1 };
const REQUIRED = {
  AV: { N: 1, A: 1, L: 1, P: 1 },
  AC: { L: 1, H: 1 },
  AT: { N: 1, P: 1 },
  PR: { N: 1, L: 1, H: 1 },
  UI: { N: 1, P: 1, A: 1 },
  VC: HLN,
  VI: HLN,
  VA: HLN,
  SC: HLN,
  SI: HLN,
  SA: HLN,
} as const;
const OPTIONAL_VALUES: Record<string, readonly string[]> = {
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};

// Severity steps of each metric value (0 = most severe), as the interpolation measures them.
const LEVELS: Record<string, Record<string, number>> = {
  AV: { N: 0, A: 1, L: 2, P: 3 },
  PR: { N: 0, L: 1, H: 2 },
  UI: { N: 0, P: 1, A: 2 },
  AC: { L: 0, H: 1 },
  AT: { N: 0, P: 1 },
  VC: { H: 0, L: 1, N: 2 },
  VI: { H: 0, L: 1, N: 2 },
  VA: { H: 0, L: 1, N: 2 },
  SC: { H: 1, L: 2, N: 3 },
  SI: { S: 0, H: 1, L: 2, N: 3 },
  SA: { S: 0, H: 1, L: 2, N: 3 },
  CR: { H: 0, M: 1, L: 2 },
  IR: { H: 0, M: 1, L: 2 },
  AR: { H: 0, M: 1, L: 2 },
};

type Effective = (metric: string) => string;

/** The value a metric takes for scoring: modified metric first, then the spec's defaults. */
function effective(m: Record<string, string>): Effective {
  return (metric) => {
    const modified = m[`M${metric}`];
    if (modified !== undefined && modified !== 'X') return modified;
    const v = m[metric];
    if (metric === 'E') return v === undefined || v === 'X' ? 'A' : v;
    if (metric === 'CR' || metric === 'IR' || metric === 'AR') return v === undefined || v === 'X' ? 'H' : v;
    return v ?? 'X';
  };
}

/** The six equivalence-set levels (section 8.1) of a vector. */
function macroVector(e: Effective): [number, number, number, number, number, number] {
  const av = e('AV');
  const pr = e('PR');
  const ui = e('UI');
  const eq1 = av === 'N' && pr === 'N' && ui === 'N' ? 0 : (av === 'N' || pr === 'N' || ui === 'N') && av !== 'P' ? 1 : 2;
  const eq2 = e('AC') === 'L' && e('AT') === 'N' ? 0 : 1;
  const vc = e('VC');
  const vi = e('VI');
  const va = e('VA');
  const eq3 = vc === 'H' && vi === 'H' ? 0 : vc === 'H' || vi === 'H' || va === 'H' ? 1 : 2;
  const eq4 = e('SI') === 'S' || e('SA') === 'S' ? 0 : e('SC') === 'H' || e('SI') === 'H' || e('SA') === 'H' ? 1 : 2;
  const exploit = e('E');
  const eq5 = exploit === 'A' ? 0 : exploit === 'P' ? 1 : 2;
  const eq6 = (e('CR') === 'H' && vc === 'H') || (e('IR') === 'H' && vi === 'H') || (e('AR') === 'H' && va === 'H') ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

function splitMetrics(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split('/')) {
    const [k, v] = part.split(':');
    out[k!] = v!;
  }
  return out;
}

/** Rounds to one decimal the way FIRST's calculator does (a tiny epsilon against float error). */
function round1(x: number): number {
  return Math.round((x + 1e-6) * 10) / 10;
}

/** Computes the CVSS v4.0 score of `CVSS:4.0/AV:.../SA:.` (plus any threat/environmental metrics). */
export function scoreV4(vector: string): CvssResult {
  const text = vector.trim();
  if (!text.startsWith('CVSS:4.0/')) throw new CvssVectorError(`malformed CVSS v4 vector "${vector}": it must start with CVSS:4.0/`);
  const m = parseVectorMetrics(text.slice('CVSS:4.0/'.length), REQUIRED, Object.keys(OPTIONAL_VALUES), vector);
  for (const [k, v] of Object.entries(m)) {
    const allowed = OPTIONAL_VALUES[k];
    if (allowed && !allowed.includes(v)) throw new CvssVectorError(`malformed CVSS vector "${vector}": ${k}:${v} is not a valid value`);
  }
  const e = effective(m);
  const result = (score: number): CvssResult => ({ version: '4.0', vector: text, score, rating: ratingV3(score) });

  // No impact on the vulnerable or subsequent systems: 0 by definition.
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => e(k) === 'N')) return result(0);

  const eq = macroVector(e);
  const key = (levels: number[]) => levels.join('');
  const value = MACROVECTOR_SCORES.get(key(eq));
  if (value === undefined) throw new CvssVectorError(`CVSS v4 vector "${vector}" maps to no MacroVector`);
  const lower = (i: number) => MACROVECTOR_SCORES.get(key(eq.map((x, j) => (j === i ? x + 1 : x))));
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq;

  // The next lower MacroVector per EQ (EQ3 and EQ6 move together, section 8.2).
  const lowerEq1 = lower(0);
  const lowerEq2 = lower(1);
  let lowerEq3Eq6: number | undefined;
  if (eq3 === 0 && eq6 === 0) {
    const left = MACROVECTOR_SCORES.get(key([eq1, eq2, eq3, eq4, eq5, eq6 + 1]));
    const right = MACROVECTOR_SCORES.get(key([eq1, eq2, eq3 + 1, eq4, eq5, eq6]));
    lowerEq3Eq6 = left === undefined ? right : right === undefined ? left : Math.max(left, right);
  } else if (eq3 === 1 && eq6 === 0) {
    lowerEq3Eq6 = MACROVECTOR_SCORES.get(key([eq1, eq2, eq3, eq4, eq5, eq6 + 1]));
  } else if (eq6 === 1 && eq3 < 2) {
    lowerEq3Eq6 = MACROVECTOR_SCORES.get(key([eq1, eq2, eq3 + 1, eq4, eq5, eq6]));
  } else {
    lowerEq3Eq6 = undefined; // 21 has nothing below it
  }
  const lowerEq4 = lower(3);
  const lowerEq5 = lower(4);

  // The highest-severity vector of this MacroVector that the scored vector does not exceed.
  const candidates: string[] = [];
  for (const a of EQ_MAXES.eq1[eq1]!)
    for (const b of EQ_MAXES.eq2[eq2]!)
      for (const c of EQ_MAXES.eq3eq6[`${eq3}${eq6}`]!)
        for (const d of EQ_MAXES.eq4[eq4]!) for (const f of EQ_MAXES.eq5[eq5]!) candidates.push(`${a}/${b}/${c}/${d}/${f}`);
  let distance: Record<string, number> = {};
  for (const candidate of candidates) {
    const max = splitMetrics(candidate);
    distance = {};
    let ok = true;
    for (const metric of Object.keys(LEVELS)) {
      const d = LEVELS[metric]![e(metric)]! - LEVELS[metric]![max[metric]!]!;
      distance[metric] = d;
      if (d < 0) ok = false;
    }
    if (ok) break;
  }
  const sum = (...ms: string[]) => ms.reduce((acc, k) => acc + (distance[k] ?? 0), 0);
  const step = 0.1;
  const parts: Array<[number | undefined, number, number]> = [
    [lowerEq1, sum('AV', 'PR', 'UI') * step, EQ_DEPTHS.eq1[eq1]! * step],
    [lowerEq2, sum('AC', 'AT') * step, EQ_DEPTHS.eq2[eq2]! * step],
    [lowerEq3Eq6, sum('VC', 'VI', 'VA', 'CR', 'IR', 'AR') * step, EQ_DEPTHS.eq3eq6[`${eq3}${eq6}`]! * step],
    [lowerEq4, sum('SC', 'SI', 'SA') * step, EQ_DEPTHS.eq4[eq4]! * step],
    [lowerEq5, 0, 1], // EQ5 has one value per level: its proportion is always 0
  ];
  let n = 0;
  let total = 0;
  for (const [lowerScore, current, depth] of parts) {
    if (lowerScore === undefined) continue;
    n++;
    total += (value - lowerScore) * (current / depth);
  }
  const mean = n === 0 ? 0 : total / n;
  return result(round1(Math.min(10, Math.max(0, value - mean))));
}
