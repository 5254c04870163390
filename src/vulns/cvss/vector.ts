import type { Severity } from '../../model/finding.js';

/** A CVSS vector scored: its version, base score and qualitative rating. */
export interface CvssResult {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  /** Base score, 0.0-10.0, one decimal. */
  score: number;
  rating: Severity;
}

/** A vector that is not a well-formed CVSS vector of its version. */
export class CvssVectorError extends Error {
  override readonly name = 'CvssVectorError';
}

/**
 * Splits `K:V/K:V` into a map, checking every required metric is present with a known value,
 * no metric repeats, and no unknown metric appears (optional ones are accepted with any value
 * their version defines; they do not change the base score).
 */
export function parseVectorMetrics(
  text: string,
  required: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  optional: readonly string[],
  original: string,
): Record<string, string> {
  if (text.length > 512) throw new CvssVectorError(`CVSS vector too long: ${original.slice(0, 40)}...`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of text.split('/')) {
    const i = part.indexOf(':');
    if (i <= 0) throw new CvssVectorError(`malformed CVSS vector "${original}": "${part}" is not METRIC:VALUE`);
    const key = part.slice(0, i);
    const value = part.slice(i + 1);
    if (key in out) throw new CvssVectorError(`malformed CVSS vector "${original}": ${key} appears twice`);
    const allowed = Object.prototype.hasOwnProperty.call(required, key) ? required[key] : undefined;
    if (allowed) {
      if (!Object.prototype.hasOwnProperty.call(allowed, value)) throw new CvssVectorError(`malformed CVSS vector "${original}": ${key}:${value} is not a valid value`);
    } else if (!optional.includes(key) || !/^[A-Za-z]{1,8}$/.test(value)) {
      throw new CvssVectorError(`malformed CVSS vector "${original}": unknown metric ${key}`);
    }
    out[key] = value;
  }
  for (const key of Object.keys(required)) {
    if (!(key in out)) throw new CvssVectorError(`malformed CVSS vector "${original}": base metric ${key} is missing`);
  }
  return out;
}

/** Rates a CVSS v3/v4 score per the specifications: none 0, low < 4, medium < 7, high < 9, critical. */
export function ratingV3(score: number): Severity {
  if (score === 0) return 'none';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}
