import type { Finding, Severity } from '../../model/finding.js';
import type { Component, Inventory } from '../../model/inventory.js';
import { SEMVER, schemeFor as defaultSchemeFor, type VersionScheme } from '../../versions/index.js';
import { maxSeverity, recordSeverity } from '../cvss/index.js';
import type { OsvAffected, OsvRecord, OsvSeverity } from '../osv/types.js';
import { advisoryKey, type AdvisorySource } from '../source.js';
import { allIds, canonicalId, groupByAlias } from './aliases.js';
import { describeRange, evaluateAffected } from './evaluate.js';
import { majorLine } from './remediation.js';

/** A component whose exposure to an advisory could not be decided, and why. */
export interface Unevaluated {
  componentId: string;
  ecosystem: string;
  name: string;
  version: string;
  advisoryId: string;
  reason: string;
}

/** What matching an inventory against a source produced. */
export interface MatchResult {
  /** One per (vulnerability, component), sorted by severity, then component, then id. */
  findings: Finding[];
  /** Components that could not be evaluated against some advisory (invalid versions and the like). */
  unevaluated: Unevaluated[];
  /** Notes for a person: GIT ranges skipped, unknown range types. */
  notes: string[];
  stats: {
    components: number;
    /** Components with a version in an ecosystem advisories use. */
    evaluated: number;
    /** Components skipped: declared-only (no version) or not in an OSV ecosystem. */
    skipped: number;
    advisories: number;
    withdrawn: number;
    ms: number;
  };
}

/** Options for {@link matchComponents}. */
export interface MatchOptions {
  /** Version schemes per ecosystem; defaults to src/versions. */
  schemeFor?: (ecosystem: string) => VersionScheme;
  semver?: VersionScheme;
}

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** The version as advisories spell it: Go module versions without their `v`. */
function advisoryVersion(c: Component): string {
  const v = c.version!;
  return c.ecosystem === 'Go' && /^v\d/.test(v) ? v.slice(1) : v;
}

// Facts derived from a record once (records are immutable once read), so a popular package's
// advisories are not re-keyed, re-scored and re-described for every component that has it.
interface RecordFacts {
  entries: Map<string, OsvAffected[]>;
  /** The run that last counted this record in its stats (cheaper than a Set per run). */
  seenRun?: number;
  /** Per package key, scheme and version: what evaluating this record's entries found. */
  outcomes?: Map<string, Outcome>;
  severity?: ReturnType<typeof recordSeverity>;
  references?: Array<{ type: string; url: string }>;
}

/** What one record says about one package version. */
interface Outcome {
  hits?: OsvAffected[];
  reasons?: string[];
  notes?: string[];
}
let FACTS = new WeakMap<OsvRecord, RecordFacts>();
// Bounds the remembered outcomes; past it the per-record facts start over.
let outcomeCount = 0;
const OUTCOME_MAX = 2_000_000;
let runCounter = 0;
const RANGE_TEXT = new WeakMap<object, string>();

function factsOf(record: OsvRecord): RecordFacts {
  let f = FACTS.get(record);
  if (!f) {
    const entries = new Map<string, OsvAffected[]>();
    for (const a of Array.isArray(record.affected) ? record.affected : []) {
      if (!a?.package || typeof a.package.name !== 'string' || typeof a.package.ecosystem !== 'string') continue;
      const k = advisoryKey(a.package.ecosystem, a.package.name);
      let list = entries.get(k);
      if (!list) entries.set(k, (list = []));
      list.push(a);
    }
    FACTS.set(record, (f = { entries }));
  }
  return f;
}

function severityOf(record: OsvRecord, entries: OsvAffected[]): ReturnType<typeof recordSeverity> {
  const extra: OsvSeverity[] = entries.flatMap((e) => (Array.isArray(e.severity) ? e.severity : []));
  if (extra.length > 0) return recordSeverity(record, extra);
  const f = factsOf(record);
  return (f.severity ??= recordSeverity(record));
}

function referencesOf(record: OsvRecord): Array<{ type: string; url: string }> {
  const f = factsOf(record);
  return (f.references ??= (Array.isArray(record.references) ? record.references : []).filter((r) => r && typeof r.url === 'string').map((r) => ({ type: String(r.type), url: r.url })));
}

function rangeText(range: NonNullable<OsvAffected['ranges']>[number]): string {
  let t = RANGE_TEXT.get(range);
  if (t === undefined) RANGE_TEXT.set(range, (t = describeRange(range)));
  return t;
}

interface RecordMatch {
  record: OsvRecord;
  entries: OsvAffected[];
}

/**
 * Matches each versioned component against the advisories `source` holds for its (ecosystem,
 * name), per OSV semantics (see evaluate.ts); withdrawn records are skipped; records naming
 * the same vulnerability are merged into one finding per component (see aliases.ts).
 */
export function matchComponents(
  inventory: Pick<Inventory, 'components'> & Partial<Pick<Inventory, 'projects'>>,
  source: AdvisorySource,
  options: MatchOptions = {},
): MatchResult {
  const started = performance.now();
  const schemeFor = options.schemeFor ?? defaultSchemeFor;
  const semver = options.semver ?? SEMVER;
  const result: MatchResult = {
    findings: [],
    unevaluated: [],
    notes: [],
    stats: { components: inventory.components.length, evaluated: 0, skipped: 0, advisories: 0, withdrawn: 0, ms: 0 },
  };
  const projectsOf = new Map<string, string[]>();
  for (const p of inventory.projects ?? []) {
    for (const id of p.components) {
      let list = projectsOf.get(id);
      if (!list) projectsOf.set(id, (list = []));
      list.push(p.id);
    }
  }
  const notes = new Set<string>();
  const run = ++runCounter;
  const findingsOf: Finding[][] = [];

  for (const c of inventory.components) {
    if (c.version === null || c.version === '' || c.ecosystem === 'generic') {
      result.stats.skipped++;
      continue;
    }
    result.stats.evaluated++;
    const records = source.lookup(c.ecosystem, c.name);
    if (records.length === 0) continue;
    const version = advisoryVersion(c);
    const scheme = schemeFor(c.ecosystem);
    const key = advisoryKey(c.ecosystem, c.name);
    const matched: RecordMatch[] = [];
    for (const record of records) {
      const facts = factsOf(record);
      if (facts.seenRun !== run) {
        facts.seenRun = run;
        if (record.withdrawn) result.stats.withdrawn++;
        else result.stats.advisories++;
      }
      if (record.withdrawn) continue;
      const outcomeKey = `${key}\u0000${scheme.id}\u0000${version}`;
      let outcome = facts.outcomes?.get(outcomeKey);
      if (!outcome) {
        outcome = {};
        for (const entry of facts.entries.get(key) ?? []) {
          const v = evaluateAffected(entry, version, scheme, semver);
          if (v.notes.length > 0) (outcome.notes ??= []).push(...v.notes);
          if (v.affected) (outcome.hits ??= []).push(entry);
          else if (v.unevaluable.length > 0) (outcome.reasons ??= []).push(...v.unevaluable);
        }
        if (outcomeCount++ > OUTCOME_MAX) {
          outcomeCount = 0;
          FACTS = new WeakMap();
        } else (facts.outcomes ??= new Map()).set(outcomeKey, outcome);
      }
      for (const n of outcome.notes ?? []) notes.add(`${record.id} (${c.name}): ${n}`);
      const { hits, reasons } = outcome;
      if (hits) matched.push({ record, entries: hits });
      else if (reasons) {
        result.unevaluated.push({ componentId: c.id, ecosystem: c.ecosystem, name: c.name, version: c.version, advisoryId: record.id, reason: [...new Set(reasons)].join('; ') });
      }
    }
    if (matched.length === 0) continue;
    const byId = new Map(matched.map((m) => [m.record.id, m]));
    const mine: Finding[] = [];
    for (const group of groupByAlias(matched.map((m) => m.record))) {
      mine.push(
        buildFinding(
          c,
          version,
          key,
          scheme,
          semver,
          group.map((r) => byId.get(r.id)!),
          projectsOf.get(c.id),
        ),
      );
    }
    if (mine.length > 1) mine.sort((a, b) => compareStrings(a.ruleId, b.ruleId));
    findingsOf.push(mine);
  }
  // Components come sorted by id, so findings are in component order already; a stable
  // bucketing by severity gives severity, then component, then id without a comparison sort.
  const buckets = new Map<Severity, Finding[]>(SEVERITY_ORDER.map((sv) => [sv, []]));
  const ordered = [...findingsOf];
  if (!isSortedById(inventory.components)) ordered.sort((a, b) => compareStrings(a[0]!.componentId ?? '', b[0]!.componentId ?? ''));
  for (const list of ordered) for (const f of list) buckets.get(f.severity)!.push(f);
  for (const sv of SEVERITY_ORDER) for (const f of buckets.get(sv)!) result.findings.push(f);
  result.notes = [...notes].sort();
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

function isSortedById(components: readonly Component[]): boolean {
  for (let i = 1; i < components.length; i++) if (components[i - 1]!.id > components[i]!.id) return false;
  return true;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Everything about a vulnerability (a group of records) for one package that no version changes. */
interface GroupFacts {
  id: string;
  ids: string[];
  others: string[];
  records: string[];
  severity: Severity;
  score?: number;
  cvss: Array<{ version: string; vector: string; score: number; rating: Severity }>;
  ecosystemSeverities: Array<{ id: string; severity: Severity }>;
  fixedValid: string[];
  fixedVersions: string[];
  ranges: Array<{ advisory: string; range: string }>;
  summary?: string;
  references: Array<{ type: string; url: string }>;
  published?: string;
  modified?: string;
  url?: string;
  /** Per candidate fix: whether some entry of the group still affects it. */
  stillAffected: Map<string, boolean>;
  entries: OsvAffected[];
}

// Keyed by the first record of the group, then by the group's ids, package and scheme.
const GROUPS = new WeakMap<OsvRecord, Map<string, GroupFacts>>();

function groupFacts(group: RecordMatch[], key: string, scheme: VersionScheme): GroupFacts {
  const records = group.map((g) => g.record);
  let byKey = GROUPS.get(records[0]!);
  if (!byKey) GROUPS.set(records[0]!, (byKey = new Map()));
  const cacheKey = records.length === 1 ? `${key}\u0000${scheme.id}` : `${records.map((r) => r.id).join('\u0001')}\u0000${key}\u0000${scheme.id}`;
  const hit = byKey.get(cacheKey);
  if (hit) return hit;

  const id = canonicalId(records);
  const ids = allIds(records, id);
  const primary = records.find((r) => r.id === id)!;
  // All of the package's entries in these records, not only the ones this version hit: every
  // fixed version they name is a candidate, and a candidate must be clear of all of them.
  const entries = records.flatMap((r) => factsOf(r).entries.get(key) ?? []);
  let severity: Severity = 'unknown';
  let score: number | undefined;
  const cvss: GroupFacts['cvss'] = [];
  const ecosystemSeverities: GroupFacts['ecosystemSeverities'] = [];
  for (const r of records) {
    const s = severityOf(r, factsOf(r).entries.get(key) ?? []);
    severity = maxSeverity(severity, s.severity);
    if (s.score !== undefined && (score === undefined || s.score > score)) score = s.score;
    for (const v of s.cvss) if (!cvss.some((x) => x.vector === v.vector)) cvss.push({ version: v.version, vector: v.vector, score: v.score, rating: v.rating });
    if (s.databaseSeverity) ecosystemSeverities.push({ id: r.id, severity: s.databaseSeverity });
  }
  const fixed = new Set<string>();
  const ranges: GroupFacts['ranges'] = [];
  for (const r of records) {
    for (const e of factsOf(r).entries.get(key) ?? []) {
      for (const rg of Array.isArray(e.ranges) ? e.ranges : []) {
        ranges.push({ advisory: r.id, range: rangeText(rg) });
        if (rg.type === 'GIT') continue;
        for (const ev of rg.events ?? []) if (ev && typeof ev.fixed === 'string') fixed.add(ev.fixed);
      }
      if (Array.isArray(e.versions) && e.versions.length > 0 && !(e.ranges ?? []).length) ranges.push({ advisory: r.id, range: `versions: ${e.versions.length} listed` });
    }
  }
  const fixedValid = [...fixed].filter((f) => scheme.isValid(f));
  try {
    fixedValid.sort((a, b) => scheme.compare(a, b));
  } catch {
    fixedValid.length = 0;
  }
  const fixedInvalid = [...fixed].filter((f) => !scheme.isValid(f)).sort();
  const summary = records.map((r) => r.summary).find((x) => typeof x === 'string' && x.trim()) ?? records.map((r) => r.details).find((d) => typeof d === 'string' && d.trim())?.split('\n')[0];
  const references = records.length === 1 ? referencesOf(records[0]!) : [...new Map(records.flatMap(referencesOf).map((r) => [r.url, r] as const)).values()];
  const published = records.map((r) => r.published).filter((p): p is string => typeof p === 'string').sort()[0];
  const modified = records.map((r) => r.modified).filter((p): p is string => typeof p === 'string').sort().at(-1);
  const url = primary.database_specific && typeof primary.database_specific['url'] === 'string' ? primary.database_specific['url'] : undefined;
  const facts: GroupFacts = {
    id,
    ids,
    others: ids.slice(1),
    records: records.map((r) => r.id).sort(),
    severity,
    score,
    cvss,
    ecosystemSeverities,
    fixedValid,
    fixedVersions: [...fixedValid, ...fixedInvalid],
    ranges,
    summary: summary?.trim(),
    references,
    published,
    modified,
    url,
    stillAffected: new Map(),
    entries,
  };
  byKey.set(cacheKey, facts);
  return facts;
}

const MAJOR_LINES = new Map<string, string | undefined>();
function cachedMajorLine(schemeId: string, v: string): string | undefined {
  const k = `${schemeId}\u0000${v}`;
  if (MAJOR_LINES.has(k)) return MAJOR_LINES.get(k);
  if (MAJOR_LINES.size > 100_000) MAJOR_LINES.clear();
  const m = majorLine(schemeId, v);
  MAJOR_LINES.set(k, m);
  return m;
}

/** The nearest fixed version above `version` that no entry of the group affects. */
function remediate(g: GroupFacts, version: string, scheme: VersionScheme, semver: VersionScheme): { nearestFix?: string; sameMajor?: boolean } {
  if (!scheme.isValid(version)) return {};
  const list = g.fixedValid;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scheme.compare(list[mid]!, version) <= 0) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length; i++) {
    const f = list[i]!;
    let affected = g.stillAffected.get(f);
    if (affected === undefined) {
      affected = g.entries.some((e) => evaluateAffected(e, f, scheme, semver).affected);
      g.stillAffected.set(f, affected);
    }
    if (affected) continue;
    const a = cachedMajorLine(scheme.id, version);
    const b = cachedMajorLine(scheme.id, f);
    return a !== undefined && b !== undefined ? { nearestFix: f, sameMajor: a === b } : { nearestFix: f };
  }
  return {};
}

function buildFinding(
  c: Component,
  version: string,
  key: string,
  scheme: VersionScheme,
  semver: VersionScheme,
  group: RecordMatch[],
  projects: string[] | undefined,
): Finding {
  const g = groupFacts(group, key, scheme);
  const { id, others, summary, score } = g;
  const remediation = remediate(g, version, scheme, semver);

  let howToFix: string;
  if (remediation.nearestFix) {
    const span = remediation.sameMajor === false ? ' (a new major version: check the changelog for breaking changes)' : remediation.sameMajor ? ' (same major version)' : '';
    howToFix = `Upgrade ${c.name} to ${remediation.nearestFix} or later${span}.`;
  } else if (g.fixedVersions.length > 0) {
    howToFix = `No fixed version above ${c.version} is published for this line; consider ${g.fixedVersions.at(-1)}, another package, or a VEX statement if the vulnerable code is not used.`;
  } else {
    howToFix = `No fixed version is published; replace ${c.name}, mitigate, or record a VEX statement if the vulnerable code is not used.`;
  }

  const details: Record<string, unknown> = {
    ids: g.ids,
    aliases: others,
    records: g.records,
  };
  if (summary) details['summary'] = summary;
  details['component'] = { ecosystem: c.ecosystem, name: c.name, version: c.version, purl: c.purl };
  details['affectedRanges'] = g.ranges;
  details['fixedVersions'] = g.fixedVersions;
  if (remediation.nearestFix) details['nearestFix'] = remediation.nearestFix;
  if (remediation.sameMajor !== undefined) details['fixWithinMajor'] = remediation.sameMajor;
  details['references'] = g.references;
  if (g.published) details['published'] = g.published;
  if (g.modified) details['modified'] = g.modified;
  details['cvss'] = g.cvss;
  if (score !== undefined) details['score'] = score;
  if (g.ecosystemSeverities.length > 0) details['ecosystemSeverity'] = g.ecosystemSeverities;
  if (g.url) details['url'] = g.url;

  const finding: Finding = {
    id: `vulnerability:${id}:${c.id}`,
    kind: 'vulnerability',
    ruleId: id,
    severity: g.severity,
    title: `${c.name} ${c.version}: ${summary ? summary.slice(0, 200) : id}`,
    message: `${c.name} ${c.version} (${c.ecosystem}) is affected by ${id}${others.length ? ` (${others.join(', ')})` : ''}${score !== undefined ? `, CVSS ${score.toFixed(1)}` : ''}.`,
    howToFix,
    componentId: c.id,
    // Shared with the component (one array per component, not per finding); treat as read-only.
    locations: c.locations,
    details,
  };
  if (projects && projects.length > 0) finding.projects = [...projects].sort();
  return finding;
}
