// Severity: CVSS v2, v3.0/v3.1 and v4.0 vectors to base scores and ratings (the official
// formulas), and the severity of an OSV record: the highest CVSS rating available, else the
// ecosystem database's own rating (GHSA `database_specific.severity`), else unknown.
import type { Severity } from '../../model/finding.js';
import type { OsvRecord, OsvSeverity } from '../osv/types.js';
import { scoreV2 } from './v2.js';
import { scoreV3 } from './v3.js';
import { scoreV4 } from './v4.js';
import { CvssVectorError, type CvssResult } from './vector.js';

export { scoreV2, ratingV2 } from './v2.js';
export { scoreV3 } from './v3.js';
export { scoreV4 } from './v4.js';
export { CvssVectorError, ratingV3, type CvssResult } from './vector.js';

// Advisories repeat the same few thousand vectors; scoring each once keeps matching cheap.
const SCORE_CACHE = new Map<string, CvssResult | CvssVectorError>();
const SCORE_CACHE_MAX = 20_000;

/** Scores any CVSS vector by its prefix (`CVSS:4.0/`, `CVSS:3.x/`, or a bare v2 vector); results are cached. */
export function scoreCvss(vector: string): CvssResult {
  const hit = SCORE_CACHE.get(vector);
  if (hit instanceof CvssVectorError) throw hit;
  if (hit) return hit;
  let result: CvssResult | CvssVectorError;
  try {
    result = scoreUncached(vector);
  } catch (err) {
    if (!(err instanceof CvssVectorError)) throw err;
    result = err;
  }
  if (SCORE_CACHE.size >= SCORE_CACHE_MAX) SCORE_CACHE.clear();
  SCORE_CACHE.set(vector, result);
  if (result instanceof CvssVectorError) throw result;
  return result;
}

function scoreUncached(vector: string): CvssResult {
  const v = vector.trim();
  if (v.startsWith('CVSS:4.0/')) return scoreV4(v);
  if (v.startsWith('CVSS:3.')) return scoreV3(v);
  if (v.startsWith('CVSS:2.0/') || /^\(?AV:/.test(v)) return scoreV2(v);
  throw new CvssVectorError(`not a CVSS vector: "${v.slice(0, 60)}"`);
}

const RANK: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unknown: 0 };

/** A rating as an ecosystem database writes it (GHSA LOW/MODERATE/HIGH/CRITICAL, RustSec, ...). */
export function parseDatabaseSeverity(value: unknown): Severity | undefined {
  if (typeof value !== 'string') return undefined;
  switch (value.trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'moderate':
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    case 'none':
    case 'informational':
      return 'none';
    default:
      return undefined;
  }
}

/** How a record's severity was decided, for reports and CycloneDX ratings. */
export interface RecordSeverity {
  severity: Severity;
  /** The highest base score among the vectors, when any scored. */
  score?: number;
  /** Every vector scored (and the ones that failed, with why). */
  cvss: CvssResult[];
  invalid: Array<{ vector: string; reason: string }>;
  /** The ecosystem database's own rating, when given. */
  databaseSeverity?: Severity;
  /** `cvss` when a vector decided it, `database` for the fallback, `none` when nothing did. */
  source: 'cvss' | 'database' | 'none';
}

/**
 * Decides a record's severity from the severities given for the record and for the affected
 * entries that matched (`extra`): the highest CVSS rating of any valid vector; when no vector
 * scores, the ecosystem rating (`database_specific.severity`); else `unknown`.
 */
export function recordSeverity(record: OsvRecord, extra: readonly OsvSeverity[] = []): RecordSeverity {
  const cvss: CvssResult[] = [];
  const invalid: Array<{ vector: string; reason: string }> = [];
  const seen = new Set<string>();
  for (const s of [...(record.severity ?? []), ...extra]) {
    if (!s || typeof s.score !== 'string' || !/^CVSS_V[234]$/.test(String(s.type))) continue;
    if (seen.has(s.score)) continue;
    seen.add(s.score);
    try {
      cvss.push(scoreCvss(s.score));
    } catch (err) {
      invalid.push({ vector: s.score, reason: (err as Error).message });
    }
  }
  const databaseSeverity = parseDatabaseSeverity(record.database_specific?.['severity']);
  if (cvss.length > 0) {
    let best = cvss[0]!;
    for (const c of cvss) if (RANK[c.rating] > RANK[best.rating] || (c.rating === best.rating && c.score > best.score)) best = c;
    return { severity: best.rating, score: best.score, cvss, invalid, databaseSeverity, source: 'cvss' };
  }
  if (databaseSeverity) return { severity: databaseSeverity, cvss, invalid, databaseSeverity, source: 'database' };
  return { severity: 'unknown', cvss, invalid, source: 'none' };
}

/** Returns the more severe of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}
