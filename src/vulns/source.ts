import { normalizePypiName } from '../model/names.js';
import type { RegionPlan } from './match/regions.js';
import type { OsvAffected, OsvRecord } from './osv/types.js';

/**
 * One advisory of one package as matching first sees it: enough to decide whether a version is
 * affected (the record's id, whether it is withdrawn, and its `affected` entries for this
 * package), with the whole record read only when a version is affected and the finding needs it.
 */
export interface AdvisoryRef {
  id: string;
  /** The record's aliases (what merging records into one vulnerability reads). */
  aliases: readonly string[];
  withdrawn: boolean;
  /** The record's `affected` entries for this package: their `ranges` and `versions` at least. */
  affected: readonly OsvAffected[];
  /**
   * Returns the whole record. The database reads and parses it on each call and keeps nothing
   * (matching keeps what it derives from it), so a large match does not hold every record.
   */
  record(): OsvRecord;
  /**
   * Returns what a finding takes from the record, without the rest of it (the database keeps
   * these per package beside the match index). Optional: matching derives them from `record()`.
   */
  facts?(): AdvisoryFacts;
}

/**
 * The parts of a record a finding shows, as the record has them (unvalidated beyond what import
 * checks): its severities (the record's and its entries' for the package), summary, the first
 * line of `details` (when `details` is not blank), references, dates and `database_specific`
 * severity and url.
 */
export interface AdvisoryFacts {
  summary?: unknown;
  detailsLine?: string;
  severity?: unknown;
  entrySeverity?: unknown;
  databaseSeverity?: unknown;
  url?: string;
  references?: unknown;
  published?: unknown;
  modified?: unknown;
  /** In the database's facts lines of a package with a region plan: the record's entries for the package (as the match view has them). */
  affected?: unknown;
}

/** Returns a record's {@link AdvisoryFacts} for a package, given the record's entries for it. */
export function advisoryFacts(record: OsvRecord, entries: readonly OsvAffected[]): AdvisoryFacts {
  const d = record.details;
  const ds = record.database_specific;
  const entrySeverity = entries.flatMap((e) => (Array.isArray(e.severity) ? e.severity : []));
  const facts: AdvisoryFacts = {
    summary: record.summary,
    detailsLine: typeof d === 'string' && d.trim() ? d.split('\n')[0] : undefined,
    severity: record.severity,
    entrySeverity: entrySeverity.length > 0 ? entrySeverity : undefined,
    databaseSeverity: ds && typeof ds === 'object' ? ds['severity'] : undefined,
    url: ds && typeof ds === 'object' && typeof ds['url'] === 'string' ? ds['url'] : undefined,
    references: record.references,
    published: record.published,
    modified: record.modified,
  };
  return facts;
}

/**
 * Where advisories come from: the imported database, or a directory or archive of OSV records
 * read directly (`ospo vulns --osv`). The matcher asks one question per package.
 */
export interface AdvisorySource {
  /**
   * Returns every record whose `affected[].package` names this package (withdrawn ones
   * included; the matcher decides). `ecosystem` is OSV's base name (`npm`, `PyPI`, `Go`).
   */
  lookup(ecosystem: string, name: string): OsvRecord[];
  /**
   * The same records as `lookup` as {@link AdvisoryRef}s, for a source that can say what a package
   * is affected by without parsing whole records (the database's per-package index). Returns the
   * same array for the same package while the source is in use. Optional: see {@link refsOf}.
   */
  lookupRefs?(ecosystem: string, name: string): readonly AdvisoryRef[];
  /**
   * The region plan of a refs list `lookupRefs` returned (match/regions.ts: each advisory's
   * answer for every version decided at import), when the source has one for that package.
   */
  regionPlan?(refs: readonly AdvisoryRef[]): RegionPlan | undefined;
  /** What this source is, for reports and `ospo db status`. */
  describe(): { kind: 'database' | 'directory' | 'archive' | 'memory'; location: string; records: number; modified?: string };
}

/**
 * Returns the key under which advisories for a package are found: OSV's base ecosystem (the
 * part before any `:`, so `Debian:12` is `Debian`) and the name as that ecosystem compares names
 * (PyPI per PEP 503, NuGet, Packagist and Hex case-insensitively; others exactly).
 */
export function advisoryKey(ecosystem: string, name: string): string {
  const eco = ecosystem.split(':')[0]!.trim();
  let n = name.trim();
  if (eco === 'PyPI') n = normalizePypiName(n);
  else if (eco === 'NuGet' || eco === 'Packagist' || eco === 'Hex' || eco === 'Pub') n = n.toLowerCase();
  return `${eco}\u0000${n}`;
}

const REFS = new WeakMap<readonly OsvRecord[], Map<string, readonly AdvisoryRef[]>>();

/**
 * Returns a package's advisories as refs: the source's own `lookupRefs` when it has one, else
 * refs over the records `lookup` returns (kept per records list, so the same list gives the same
 * refs array).
 */
export function refsOf(source: AdvisorySource, ecosystem: string, name: string): readonly AdvisoryRef[] {
  if (source.lookupRefs) return source.lookupRefs(ecosystem, name);
  const records = source.lookup(ecosystem, name);
  if (records.length === 0) return NO_REFS;
  const key = advisoryKey(ecosystem, name);
  let byKey = REFS.get(records);
  if (!byKey) REFS.set(records, (byKey = new Map()));
  let refs = byKey.get(key);
  if (!refs) {
    refs = records.map((r) => {
      const affected = (Array.isArray(r.affected) ? r.affected : []).filter(
        (a) => a?.package && typeof a.package.name === 'string' && typeof a.package.ecosystem === 'string' && advisoryKey(a.package.ecosystem, a.package.name) === key,
      );
      const aliases = Array.isArray(r.aliases) ? r.aliases.filter((a): a is string => typeof a === 'string') : [];
      return { id: r.id, aliases, withdrawn: Boolean(r.withdrawn), affected, record: () => r };
    });
    byKey.set(key, refs);
  }
  return refs;
}

const NO_REFS: readonly AdvisoryRef[] = Object.freeze([]);

/** An in-memory source over records (for tests and for `--osv` data read at once). */
export function memorySource(records: readonly OsvRecord[], location = 'memory'): AdvisorySource {
  const index = new Map<string, OsvRecord[]>();
  for (const r of records) {
    const keys = new Set<string>();
    for (const a of r.affected ?? []) if (a.package) keys.add(advisoryKey(a.package.ecosystem, a.package.name));
    for (const k of keys) {
      let list = index.get(k);
      if (!list) index.set(k, (list = []));
      list.push(r);
    }
  }
  return {
    lookup: (ecosystem, name) => index.get(advisoryKey(ecosystem, name)) ?? [],
    describe: () => ({ kind: 'memory', location, records: records.length }),
  };
}
