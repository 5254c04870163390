import type { Finding, Severity } from '../../model/finding.js';
import type { Component, Inventory, Project } from '../../model/inventory.js';
import { SEMVER, schemeFor as defaultSchemeFor, type VersionScheme } from '../../versions/index.js';
import { maxSeverity, recordSeverity } from '../cvss/index.js';
import type { OsvAffected, OsvRecord, OsvSeverity } from '../osv/types.js';
import { advisoryFacts, advisoryKey, refsOf, type AdvisoryFacts, type AdvisoryRef, type AdvisorySource } from '../source.js';
import { allIds, canonicalId, groupByAlias } from './aliases.js';
import { COMMIT, describeRange, evaluateAffected } from './evaluate.js';
import { covers, regionOf, type RegionPlan } from './regions.js';
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

// A record's entries by package key, derived once (records are immutable once read).
interface RecordFacts {
  entries: Map<string, OsvAffected[]>;
}

const FACTS = new WeakMap<OsvRecord, RecordFacts>();
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

function rangeText(range: NonNullable<OsvAffected['ranges']>[number]): string {
  let t = RANGE_TEXT.get(range);
  if (t === undefined) RANGE_TEXT.set(range, (t = describeRange(range)));
  return t;
}

interface RecordMatch {
  ref: AdvisoryRef;
  /** The ref's place in the package's region plan, when the plan decided it. */
  k?: number;
}

/**
 * Everything matching needs about one package's advisories in one scheme, built once per
 * (refs list, package, schemes) and kept while the source keeps that list: the advisories not
 * withdrawn, the vulnerabilities' facts, and what each version of the package came to (so a
 * component seen before costs a map lookup and its Finding objects). Affectedness is decided
 * from the refs' entries; a whole record is asked for only when a version is affected by it.
 */
interface PackagePlan {
  key: string;
  scheme: VersionScheme;
  semver: VersionScheme;
  refs: readonly AdvisoryRef[];
  /** Advisories not withdrawn. */
  live: AdvisoryRef[];
  /** The run that last counted this package's advisories in its stats. */
  seenRun: number;
  groups: Map<string, GroupFacts> | undefined;
  /** Per version as the component spells it: what matching found. */
  outcomes: Map<string, VersionOutcome>;
  /** The source's region plan for the refs, with the scheme it is ordered by (default schemes only). */
  region: { plan: RegionPlan; scheme: VersionScheme } | undefined;
}

/** What one version of a package came to, ready to be stamped onto a component. */
interface VersionOutcome {
  /** The component's spelling of its ecosystem and name (they appear in texts). */
  ecosystem: string;
  name: string;
  notes: string[] | undefined;
  unevaluated: Array<{ advisoryId: string; reason: string }> | undefined;
  /** Sorted by rule id. */
  findings: FindingTemplate[] | undefined;
}

/** The parts of a finding shared by every component at the same package version. */
interface FindingTemplate {
  ruleId: string;
  severity: Severity;
  /** The severity's place in SEVERITY_ORDER (its bucket). */
  rank: number;
  title: string;
  message: string;
  howToFix: string;
  group: GroupFacts;
  nearestFix: string | undefined;
  sameMajor: boolean | undefined;
}

// Plans per refs list (the list a source returns for a package; sources return the same list
// for the same package), then per package key and schemes.
let PLANS = new WeakMap<readonly AdvisoryRef[], Map<string, PackagePlan>>();
// Bounds the remembered version outcomes; past it every plan starts over.
let outcomeCount = 0;
const OUTCOME_MAX = 500_000;

// Per source, per (ecosystem, name) as components spell them: the package's plan (null: the
// source has nothing for it). A source answers the same question the same way while it is in
// use (the database is one generation, files read once), so a warm match asks it nothing.
let BY_SOURCE = new WeakMap<AdvisorySource, Map<string, Map<string, PackagePlan | null>>>();
let namesCached = 0;
const NAMES_MAX = 500_000;

function planFor(refs: readonly AdvisoryRef[], key: string, scheme: VersionScheme, semver: VersionScheme, region: RegionPlan | undefined): PackagePlan {
  let byKey = PLANS.get(refs);
  if (!byKey) PLANS.set(refs, (byKey = new Map()));
  const k = scheme.id === 'semver' && semver.id === 'semver' ? key : `${key}\u0000${scheme.id}\u0000${semver.id}`;
  let plan = byKey.get(k);
  if (plan && plan.scheme === scheme && plan.semver === semver) return plan;
  const live = refs.filter((r) => !r.withdrawn);
  // A region plan holds for the schemes it was made with: the defaults' (see matchComponents).
  const planScheme = region === undefined ? undefined : region.scheme === scheme.id ? scheme : region.scheme === semver.id ? semver : undefined;
  const usable = region !== undefined && planScheme !== undefined && region.spans.length === refs.length;
  plan = { key, scheme, semver, refs, live, seenRun: 0, groups: undefined, outcomes: new Map(), region: usable ? { plan: region, scheme: planScheme } : undefined };
  byKey.set(k, plan);
  return plan;
}

/** Evaluates one version of a package against the plan's records. */
function evaluateVersion(plan: PackagePlan, c: Component): VersionOutcome {
  const { scheme, semver, key } = plan;
  const version = advisoryVersion(c);
  const outcome: VersionOutcome = { ecosystem: c.ecosystem, name: c.name, notes: undefined, unevaluated: undefined, findings: undefined };
  let matched: RecordMatch[] | undefined;
  const region = plan.region;
  // With a region plan, a valid version that is not a commit needs one binary search: each
  // advisory's answer for its region was decided at import, as evaluateAffected decides it.
  const r = region && !COMMIT.test(version) && region.scheme.isValid(version) ? regionOf(region.plan.boundaries, version, region.scheme) : -1;
  if (r >= 0) {
    const { spans } = region!.plan;
    for (let k = 0; k < plan.refs.length; k++) {
      const ref = plan.refs[k]!;
      if (!ref.withdrawn && covers(spans[k]!, r)) (matched ??= []).push({ ref, k });
    }
  } else {
    for (const ref of plan.live) {
      let hit = false;
      let reasons: string[] | undefined;
      for (const entry of ref.affected) {
        const v = evaluateAffected(entry, version, scheme, semver);
        for (const n of v.notes) (outcome.notes ??= []).push(`${ref.id} (${c.name}): ${n}`);
        if (v.affected) hit = true;
        else if (v.unevaluable.length > 0) (reasons ??= []).push(...v.unevaluable);
      }
      if (hit) (matched ??= []).push({ ref });
      else if (reasons) (outcome.unevaluated ??= []).push({ advisoryId: ref.id, reason: [...new Set(reasons)].join('; ') });
    }
  }
  if (matched) {
    const byId = new Map(matched.map((m) => [m.ref.id, m]));
    const list: FindingTemplate[] = [];
    const groups = matched.length === 1 ? [[matched[0]!.ref]] : groupByAlias(matched.map((m) => m.ref));
    for (const group of groups) list.push(findingTemplate(c, version, key, scheme, semver, plan, group.map((r) => byId.get(r.id)!)));
    if (list.length > 1) list.sort((a, b) => compareStrings(a.ruleId, b.ruleId));
    outcome.findings = list;
  }
  return outcome;
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
  // Region plans are made with the default schemes; other schemes evaluate the entries.
  const defaults = options.schemeFor === undefined && options.semver === undefined;
  const result: MatchResult = {
    findings: [],
    unevaluated: [],
    notes: [],
    stats: { components: inventory.components.length, evaluated: 0, skipped: 0, advisories: 0, withdrawn: 0, ms: 0 },
  };
  const projectsOf = projectIndex(inventory.projects ?? []);
  const notes = new Set<string>();
  const run = ++runCounter;
  const findingsOf: Finding[][] = [];
  const sorted = isSortedById(inventory.components);
  const buckets: Finding[][] = SEVERITY_ORDER.map(() => []);
  // Advisories counted in this run's stats, by id (a record under two packages counts once).
  const counted = new Set<string>();
  // One lookup per (ecosystem, name), shared by every version of the package and later runs.
  let plans = BY_SOURCE.get(source);
  if (!plans) BY_SOURCE.set(source, (plans = new Map()));

  const components = inventory.components;
  for (let ci = 0; ci < components.length; ci++) {
    const c = components[ci]!;
    if (c.version === null || c.version === '' || c.ecosystem === 'generic') {
      result.stats.skipped++;
      continue;
    }
    result.stats.evaluated++;
    let byName = plans.get(c.ecosystem);
    if (!byName) plans.set(c.ecosystem, (byName = new Map()));
    let plan = byName.get(c.name);
    if (plan === undefined || (plan !== null && (plan.semver !== semver || plan.scheme !== schemeFor(c.ecosystem)))) {
      const refs = refsOf(source, c.ecosystem, c.name);
      plan = refs.length === 0 ? null : planFor(refs, advisoryKey(c.ecosystem, c.name), schemeFor(c.ecosystem), semver, defaults ? source.regionPlan?.(refs) : undefined);
      if (++namesCached > NAMES_MAX) {
        namesCached = 0;
        BY_SOURCE = new WeakMap();
      }
      byName.set(c.name, plan);
    }
    if (plan === null) continue;
    if (plan.seenRun !== run) {
      plan.seenRun = run;
      for (let i = 0; i < plan.refs.length; i++) {
        const ref = plan.refs[i]!;
        if (counted.has(ref.id)) continue;
        counted.add(ref.id);
        if (ref.withdrawn) result.stats.withdrawn++;
        else result.stats.advisories++;
      }
    }
    let outcome = plan.outcomes.get(c.version);
    if (!outcome || outcome.ecosystem !== c.ecosystem || outcome.name !== c.name) {
      outcome = evaluateVersion(plan, c);
      if (++outcomeCount > OUTCOME_MAX) {
        outcomeCount = 0;
        PLANS = new WeakMap();
        BY_SOURCE = new WeakMap();
      } else plan.outcomes.set(c.version, outcome);
    }
    if (outcome.notes) for (let i = 0; i < outcome.notes.length; i++) notes.add(outcome.notes[i]!);
    if (outcome.unevaluated) {
      for (let i = 0; i < outcome.unevaluated.length; i++) {
        const u = outcome.unevaluated[i]!;
        result.unevaluated.push({ componentId: c.id, ecosystem: c.ecosystem, name: c.name, version: c.version, advisoryId: u.advisoryId, reason: u.reason });
      }
    }
    const templates = outcome.findings;
    if (!templates) continue;
    const stamp = stampOf(c, outcome, templates);
    const sortedProjects = projectsOf.get(c.id);
    const mine: Finding[] | undefined = sorted ? undefined : [];
    for (let i = 0; i < templates.length; i++) {
      const t = templates[i]!;
      const finding: Finding = {
        id: stamp.ids[i]!,
        kind: 'vulnerability',
        ruleId: t.ruleId,
        severity: t.severity,
        title: t.title,
        message: t.message,
        howToFix: t.howToFix,
        componentId: c.id,
        // Shared with the component (one array per component, not per finding); treat as read-only.
        locations: c.locations,
        // Shared by this component's findings in every run; treat as read-only.
        details: stamp.details[i]!,
      };
      if (sortedProjects) finding.projects = sortedProjects.slice();
      if (mine) mine.push(finding);
      else buckets[t.rank]!.push(finding);
    }
    if (mine) findingsOf.push(mine);
  }
  // Components sorted by id (the usual case) give findings in component order already; a
  // stable bucketing by severity gives severity, then component, then id without a comparison
  // sort. Otherwise the per-component lists are sorted by component first.
  if (!sorted) {
    findingsOf.sort((a, b) => compareStrings(a[0]!.componentId ?? '', b[0]!.componentId ?? ''));
    for (const list of findingsOf) for (const f of list) buckets[SEVERITY_ORDER.indexOf(f.severity)]!.push(f);
  }
  result.findings = buckets[0]!.concat(...buckets.slice(1));
  result.notes = [...notes].sort();
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

// Per projects list: which projects each component belongs to (sorted), kept while every
// project keeps its id and its components list (same array, same length).
const PROJECT_INDEX = new WeakMap<readonly Project[], { check: Array<{ id: string; components: readonly string[]; length: number }>; index: Map<string, string[]> }>();

function projectIndex(projects: readonly Project[]): Map<string, string[]> {
  const known = PROJECT_INDEX.get(projects);
  if (known && known.check.length === projects.length && known.check.every((k, i) => k.id === projects[i]!.id && k.components === projects[i]!.components && k.length === projects[i]!.components.length)) {
    return known.index;
  }
  const index = new Map<string, string[]>();
  for (const p of projects) {
    for (const id of p.components) {
      let list = index.get(id);
      if (!list) index.set(id, (list = []));
      list.push(p.id);
    }
  }
  for (const list of index.values()) list.sort();
  PROJECT_INDEX.set(projects, { check: projects.map((p) => ({ id: p.id, components: p.components, length: p.components.length })), index });
  return index;
}

/** A component's finding ids and details for one outcome, kept while both stay the same. */
interface Stamp {
  outcome: VersionOutcome;
  id: string;
  purl: string | null;
  ids: string[];
  details: Array<Record<string, unknown>>;
}
const STAMPS = new WeakMap<Component, Stamp>();

function stampOf(c: Component, outcome: VersionOutcome, templates: FindingTemplate[]): Stamp {
  const known = STAMPS.get(c);
  if (known && known.outcome === outcome && known.id === c.id && known.purl === c.purl) return known;
  const component = { ecosystem: c.ecosystem, name: c.name, version: c.version, purl: c.purl };
  const stamp: Stamp = { outcome, id: c.id, purl: c.purl, ids: [], details: [] };
  for (const t of templates) {
    stamp.ids.push(`vulnerability:${t.ruleId}:${c.id}`);
    stamp.details.push(detailsOf(t, component));
  }
  STAMPS.set(c, stamp);
  return stamp;
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
  stillAffected: Map<string, boolean> | undefined;
  entries: OsvAffected[];
  /** The group's region spans in the package's plan, when the plan is in the ecosystem's scheme: a candidate fix is then checked by region. */
  regions: { boundaries: readonly string[]; spans: Array<readonly number[]> } | undefined;
}

function groupFacts(group: RecordMatch[], key: string, scheme: VersionScheme, plan: PackagePlan): GroupFacts {
  const cacheKey = group.length === 1 ? group[0]!.ref.id : group.map((g) => g.ref.id).join('\u0001');
  const hit = plan.groups?.get(cacheKey);
  if (hit) return hit;
  // Only now the whole records (once per ref): their facts make the finding.
  const records = group.map((g) => refFacts(g.ref, key));

  const id = canonicalId(records);
  const ids = allIds(records, id);
  const primary = records.find((r) => r.id === id)!;
  // All of the package's entries in these records, not only the ones this version hit: every
  // fixed version they name is a candidate, and a candidate must be clear of all of them.
  const entries = group.flatMap((g) => g.ref.affected);
  let severity: Severity = 'unknown';
  let score: number | undefined;
  const cvss: GroupFacts['cvss'] = [];
  const ecosystemSeverities: GroupFacts['ecosystemSeverities'] = [];
  for (const r of records) {
    const s = r.severity;
    severity = maxSeverity(severity, s.severity);
    if (s.score !== undefined && (score === undefined || s.score > score)) score = s.score;
    for (const v of s.cvss) if (!cvss.some((x) => x.vector === v.vector)) cvss.push({ version: v.version, vector: v.vector, score: v.score, rating: v.rating });
    if (s.databaseSeverity) ecosystemSeverities.push({ id: r.id, severity: s.databaseSeverity });
  }
  const fixed = new Set<string>();
  const ranges: GroupFacts['ranges'] = [];
  for (const [i, { ref }] of group.entries()) {
    const r = records[i]!;
    for (const e of ref.affected) {
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
  const summary = records.map((r) => r.summary).find((x): x is string => typeof x === 'string' && x.trim() !== '') ?? records.map((r) => r.detailsLine).find((d) => d !== undefined);
  const references = records.length === 1 ? records[0]!.references : [...new Map(records.flatMap((r) => r.references).map((r) => [r.url, r] as const)).values()];
  const published = records.map((r) => r.published).filter((p): p is string => typeof p === 'string').sort()[0];
  const modified = records.map((r) => r.modified).filter((p): p is string => typeof p === 'string').sort().at(-1);
  const url = primary.url;
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
    stillAffected: undefined,
    entries,
    regions:
      plan.region && plan.region.scheme === scheme && group.every((g) => g.k !== undefined)
        ? { boundaries: plan.region.plan.boundaries, spans: group.map((g) => plan.region!.plan.spans[g.k!]!) }
        : undefined,
  };
  (plan.groups ??= new Map()).set(cacheKey, facts);
  return facts;
}

/** What a finding takes from one whole record, derived once per ref (the record is then let go). */
interface RefFacts {
  id: string;
  aliases: readonly string[];
  severity: ReturnType<typeof recordSeverity>;
  summary: unknown;
  /** The first line of `details`, when `details` is not blank. */
  detailsLine: string | undefined;
  references: Array<{ type: string; url: string }>;
  published: unknown;
  modified: unknown;
  url: string | undefined;
}
const REF_FACTS = new WeakMap<AdvisoryRef, RefFacts>();

function refFacts(ref: AdvisoryRef, key: string): RefFacts {
  let f = REF_FACTS.get(ref);
  if (f) return f;
  let a: AdvisoryFacts;
  if (ref.facts) a = ref.facts();
  else {
    const r = ref.record();
    a = advisoryFacts(r, factsOf(r).entries.get(key) ?? []);
  }
  // Scored as the record would be: its severities, then its entries' for the package.
  const scored = { id: ref.id, modified: '', severity: Array.isArray(a.severity) ? a.severity : undefined, database_specific: a.databaseSeverity !== undefined ? { severity: a.databaseSeverity } : undefined } as OsvRecord;
  const extra = Array.isArray(a.entrySeverity) ? (a.entrySeverity as OsvSeverity[]) : [];
  const references = referencesOf(a.references);
  f = {
    id: ref.id,
    aliases: ref.aliases,
    severity: extra.length > 0 ? recordSeverity(scored, extra) : recordSeverity(scored),
    summary: a.summary,
    detailsLine: typeof a.detailsLine === 'string' ? a.detailsLine : undefined,
    references,
    published: a.published,
    modified: a.modified,
    url: typeof a.url === 'string' ? a.url : undefined,
  };
  REF_FACTS.set(ref, f);
  return f;
}

/**
 * A record's references as findings show them: `{type, url}` with a string url. The list as
 * parsed is used when every item already has that shape and nothing else (the common case, and
 * no copy for the collector); otherwise a cleaned copy.
 */
function referencesOf(list: unknown): Array<{ type: string; url: string }> {
  if (!Array.isArray(list)) return [];
  let clean = true;
  for (const r of list as unknown[]) {
    if (r === null || typeof r !== 'object') {
      clean = false;
      break;
    }
    const o = r as Record<string, unknown>;
    let keys = 0;
    for (const k in o) {
      keys++;
      if (k !== 'type' && k !== 'url') clean = false;
    }
    if (!clean || keys !== 2 || typeof o['type'] !== 'string' || typeof o['url'] !== 'string' || Object.getPrototypeOf(o) !== Object.prototype) {
      clean = false;
      break;
    }
  }
  if (clean) return list as Array<{ type: string; url: string }>;
  return (list as unknown[])
    .filter((r): r is { type: unknown; url: string } => r !== null && typeof r === 'object' && typeof (r as { url?: unknown }).url === 'string')
    .map((r) => ({ type: String(r.type), url: r.url }));
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
    let affected = g.stillAffected?.get(f);
    if (affected === undefined) {
      const r = g.regions && !COMMIT.test(f) ? regionOf(g.regions.boundaries, f, scheme) : -1;
      affected = r >= 0 ? g.regions!.spans.some((s) => covers(s, r)) : g.entries.some((e) => evaluateAffected(e, f, scheme, semver).affected);
      (g.stillAffected ??= new Map()).set(f, affected);
    }
    if (affected) continue;
    const a = cachedMajorLine(scheme.id, version);
    const b = cachedMajorLine(scheme.id, f);
    return a !== undefined && b !== undefined ? { nearestFix: f, sameMajor: a === b } : { nearestFix: f };
  }
  return {};
}

function findingTemplate(
  c: Component,
  version: string,
  key: string,
  scheme: VersionScheme,
  semver: VersionScheme,
  plan: PackagePlan,
  group: RecordMatch[],
): FindingTemplate {
  const g = groupFacts(group, key, scheme, plan);
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

  return {
    ruleId: id,
    severity: g.severity,
    rank: SEVERITY_ORDER.indexOf(g.severity),
    title: `${c.name} ${c.version}: ${summary ? summary.slice(0, 200) : id}`,
    message: `${c.name} ${c.version} (${c.ecosystem}) is affected by ${id}${others.length ? ` (${others.join(', ')})` : ''}${score !== undefined ? `, CVSS ${score.toFixed(1)}` : ''}.`,
    howToFix,
    group: g,
    nearestFix: remediation.nearestFix,
    sameMajor: remediation.sameMajor,
  };
}

/** A finding's details for one component (key order as reports show it). */
function detailsOf(t: FindingTemplate, component: Record<string, unknown>): Record<string, unknown> {
  const g = t.group;
  const details: Record<string, unknown> = {
    ids: g.ids,
    aliases: g.others,
    records: g.records,
  };
  if (g.summary) details['summary'] = g.summary;
  details['component'] = component;
  details['affectedRanges'] = g.ranges;
  details['fixedVersions'] = g.fixedVersions;
  if (t.nearestFix) details['nearestFix'] = t.nearestFix;
  if (t.sameMajor !== undefined) details['fixWithinMajor'] = t.sameMajor;
  details['references'] = g.references;
  if (g.published) details['published'] = g.published;
  if (g.modified) details['modified'] = g.modified;
  details['cvss'] = g.cvss;
  if (g.score !== undefined) details['score'] = g.score;
  if (g.ecosystemSeverities.length > 0) details['ecosystemSeverity'] = g.ecosystemSeverities;
  if (g.url) details['url'] = g.url;
  return details;
}
