// CVSS v3.0 and v3.1 base score: https://www.first.org/cvss/v3.1/specification-document
// section 7.1 (base equations) and Appendix A (Roundup, which differs between 3.0 and 3.1).
import { CvssVectorError, parseVectorMetrics, ratingV3, type CvssResult } from './vector.js';

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_U: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_C: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const S: Record<string, number> = { U: 0, C: 1 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };
const REQUIRED = { AV, AC, PR: PR_U, UI, S, C: CIA, I: CIA, A: CIA } as const;
const OPTIONAL = ['E', 'RL', 'RC', 'CR', 'IR', 'AR', 'MAV', 'MAC', 'MPR', 'MUI', 'MS', 'MC', 'MI', 'MA'];

/** Roundup per v3.1 Appendix A: the smallest one-decimal number >= x, free of float error. */
function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** Roundup per v3.0: ceiling to one decimal. */
function roundup30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

/** Computes the CVSS v3.0/v3.1 base score of `CVSS:3.x/AV:.../A:.`; throws on a malformed vector. */
export function scoreV3(vector: string): CvssResult {
  const text = vector.trim();
  const prefix = /^CVSS:3\.([01])\//.exec(text);
  if (!prefix) throw new CvssVectorError(`malformed CVSS v3 vector "${vector}": it must start with CVSS:3.0/ or CVSS:3.1/`);
  const m = parseVectorMetrics(text.slice(prefix[0].length), REQUIRED, OPTIONAL, vector);
  const roundup = prefix[1] === '1' ? roundup31 : roundup30;
  const changed = m['S'] === 'C';
  const iss = 1 - (1 - CIA[m['C']!]!) * (1 - CIA[m['I']!]!) * (1 - CIA[m['A']!]!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const pr = (changed ? PR_C : PR_U)[m['PR']!]!;
  const exploitability = 8.22 * AV[m['AV']!]! * AC[m['AC']!]! * pr * UI[m['UI']!]!;
  let score: number;
  if (impact <= 0) score = 0;
  else if (changed) score = roundup(Math.min(1.08 * (impact + exploitability), 10));
  else score = roundup(Math.min(impact + exploitability, 10));
  return { version: prefix[1] === '1' ? '3.1' : '3.0', vector: text, score, rating: ratingV3(score) };
}
