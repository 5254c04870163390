// CVSS v2 base score: https://www.first.org/cvss/v2/guide section 3.2.1 (equations).
import { parseVectorMetrics, type CvssResult } from './vector.js';

const AV: Record<string, number> = { L: 0.395, A: 0.646, N: 1.0 };
const AC: Record<string, number> = { H: 0.35, M: 0.61, L: 0.71 };
const AU: Record<string, number> = { M: 0.45, S: 0.56, N: 0.704 };
const IMPACT: Record<string, number> = { N: 0.0, P: 0.275, C: 0.66 };
const REQUIRED = { AV, AC, Au: AU, C: IMPACT, I: IMPACT, A: IMPACT } as const;

/** Rates a CVSS v2 base score as NVD does (v2 has no critical or none): low < 4, medium < 7, high. */
export function ratingV2(score: number): 'low' | 'medium' | 'high' {
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  return 'high';
}

/**
 * Computes the CVSS v2 base score of a vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally wrapped
 * in parentheses or prefixed `CVSS:2.0/`); throws on a malformed vector.
 */
export function scoreV2(vector: string): CvssResult {
  const text = vector.trim().replace(/^\((.*)\)$/, '$1').replace(/^CVSS:2\.0\//, '');
  const m = parseVectorMetrics(text, REQUIRED, ['E', 'RL', 'RC', 'CDP', 'TD', 'CR', 'IR', 'AR'], vector);
  const impact = 10.41 * (1 - (1 - IMPACT[m['C']!]!) * (1 - IMPACT[m['I']!]!) * (1 - IMPACT[m['A']!]!));
  const exploitability = 20 * AV[m['AV']!]! * AC[m['AC']!]! * AU[m['Au']!]!;
  const f = impact === 0 ? 0 : 1.176;
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  const score = Math.round(raw * 10 + 1e-9) / 10;
  return { version: '2.0', vector: vector.trim(), score, rating: ratingV2(score) };
}
