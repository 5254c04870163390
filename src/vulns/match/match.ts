import type { Finding, Severity } from '../../model/finding.js';
import type { Component, Inventory } from '../../model/inventory.js';
import { SEMVER, schemeFor as defaultSchemeFor, type VersionScheme } from '../../versions/index.js';
import { maxSeverity, recordSeverity, type CvssResult } from '../cvss/index.js';
import type { OsvAffected, OsvRecord, OsvSeverity } from '../osv/types.js';
import { advisoryKey, type AdvisorySource } from '../source.js';
import { allIds, canonicalId, groupByAlias } from './aliases.js';
import { describeRange, evaluateAffected } from './evaluate.js';
import { nearestFix } from './remediation.js';

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
  const seenAdvisories = new Set<string>();

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
      if (record.withdrawn) {
        if (!seenAdvisories.has(`w:${record.id}`)) {
          seenAdvisories.add(`w:${record.id}`);
          result.stats.withdrawn++;
        }
        continue;
      }
      seenAdvisories.add(record.id);
      const entries = (Array.isArray(record.affected) ? record.affected : []).filter(
        (a) => a?.package && typeof a.package.name === 'string' && typeof a.package.ecosystem === 'string' && advisoryKey(a.package.ecosystem, a.package.name) === key,
      );
      const hits: OsvAffected[] = [];
      const reasons: string[] = [];
      for (const entry of entries) {
        const v = evaluateAffected(entry, version, scheme, semver);
        for (const n of v.notes) notes.add(`${record.id} (${c.name}): ${n}`);
        if (v.affected) hits.push(entry);
        else reasons.push(...v.unevaluable);
      }
      if (hits.length > 0) matched.push({ record, entries: hits });
      else if (reasons.length > 0) {
        result.unevaluated.push({ componentId: c.id, ecosystem: c.ecosystem, name: c.name, version: c.version, advisoryId: record.id, reason: [...new Set(reasons)].join('; ') });
      }
    }
    if (matched.length === 0) continue;
    const byId = new Map(matched.map((m) => [m.record.id, m]));
    for (const group of groupByAlias(matched.map((m) => m.record))) {
      result.findings.push(
        buildFinding(
          c,
          version,
          scheme,
          semver,
          group.map((r) => byId.get(r.id)!),
          projectsOf.get(c.id),
        ),
      );
    }
  }
  result.stats.advisories = [...seenAdvisories].filter((s) => !s.startsWith('w:')).length;
  result.findings.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      compareStrings(a.componentId ?? '', b.componentId ?? '') ||
      compareStrings(a.ruleId, b.ruleId),
  );
  result.notes = [...notes].sort();
  result.stats.ms = Math.round(performance.now() - started);
  return result;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildFinding(
  c: Component,
  version: string,
  scheme: VersionScheme,
  semver: VersionScheme,
  group: RecordMatch[],
  projects: string[] | undefined,
): Finding {
  const records = group.map((g) => g.record);
  const id = canonicalId(records);
  const ids = allIds(records, id);
  const primary = records.find((r) => r.id === id)!;

  let severity: Severity = 'unknown';
  let score: number | undefined;
  const cvss: CvssResult[] = [];
  const ecosystemSeverities: Array<{ id: string; severity: Severity }> = [];
  for (const g of group) {
    const extra: OsvSeverity[] = g.entries.flatMap((e) => (Array.isArray(e.severity) ? e.severity : []));
    const s = recordSeverity(g.record, extra);
    severity = maxSeverity(severity, s.severity);
    if (s.score !== undefined && (score === undefined || s.score > score)) score = s.score;
    for (const v of s.cvss) if (!cvss.some((x) => x.vector === v.vector)) cvss.push(v);
    if (s.databaseSeverity) ecosystemSeverities.push({ id: g.record.id, severity: s.databaseSeverity });
  }

  const fixed: string[] = [];
  const ranges: Array<{ advisory: string; range: string }> = [];
  for (const g of group) {
    for (const e of g.entries) {
      for (const r of Array.isArray(e.ranges) ? e.ranges : []) {
        ranges.push({ advisory: g.record.id, range: describeRange(r) });
        if (r.type === 'GIT') continue;
        for (const ev of r.events ?? []) if (ev && typeof ev.fixed === 'string') fixed.push(ev.fixed);
      }
      if (Array.isArray(e.versions) && e.versions.length > 0 && !(e.ranges ?? []).length) {
        ranges.push({ advisory: g.record.id, range: `versions: ${e.versions.length} listed` });
      }
    }
  }
  const remediation = nearestFix(scheme, version, fixed, (candidate) =>
    group.some((g) => g.entries.some((e) => evaluateAffected(e, candidate, scheme, semver).affected)),
  );

  const summary = records.map((r) => r.summary).find((s) => typeof s === 'string' && s.trim()) ?? records.map((r) => r.details).find((d) => typeof d === 'string' && d.trim())?.split('\n')[0];
  const references = [...new Map(records.flatMap((r) => (Array.isArray(r.references) ? r.references : [])).filter((r) => r && typeof r.url === 'string').map((r) => [r.url, r] as const)).values()];
  const published = records.map((r) => r.published).filter((p): p is string => typeof p === 'string').sort()[0];
  const modified = records.map((r) => r.modified).filter((p): p is string => typeof p === 'string').sort().at(-1);
  const others = ids.slice(1);

  let howToFix: string;
  if (remediation.nearestFix) {
    const span = remediation.sameMajor === false ? ' (a new major version: check the changelog for breaking changes)' : remediation.sameMajor ? ' (same major version)' : '';
    howToFix = `Upgrade ${c.name} to ${remediation.nearestFix} or later${span}.`;
  } else if (remediation.fixedVersions.length > 0) {
    howToFix = `No fixed version above ${c.version} is published for this line; consider ${remediation.fixedVersions.at(-1)}, another package, or a VEX statement if the vulnerable code is not used.`;
  } else {
    howToFix = `No fixed version is published; replace ${c.name}, mitigate, or record a VEX statement if the vulnerable code is not used.`;
  }

  return {
    id: `vulnerability:${id}:${c.id}`,
    kind: 'vulnerability',
    ruleId: id,
    severity,
    title: `${c.name} ${c.version}: ${summary ? summary.trim().slice(0, 200) : id}`,
    message: `${c.name} ${c.version} (${c.ecosystem}) is affected by ${id}${others.length ? ` (${others.join(', ')})` : ''}${score !== undefined ? `, CVSS ${score.toFixed(1)}` : ''}.`,
    howToFix,
    componentId: c.id,
    ...(projects && projects.length > 0 ? { projects: [...projects].sort() } : {}),
    locations: c.locations.map((l) => ({ ...l })),
    details: {
      ids,
      aliases: others,
      records: records.map((r) => r.id).sort(),
      ...(summary ? { summary: summary.trim() } : {}),
      component: { ecosystem: c.ecosystem, name: c.name, version: c.version, purl: c.purl },
      affectedRanges: ranges,
      fixedVersions: remediation.fixedVersions,
      ...(remediation.nearestFix ? { nearestFix: remediation.nearestFix } : {}),
      ...(remediation.sameMajor !== undefined ? { fixWithinMajor: remediation.sameMajor } : {}),
      references: references.map((r) => ({ type: r.type, url: r.url })),
      ...(published ? { published } : {}),
      ...(modified ? { modified } : {}),
      cvss: cvss.map((v) => ({ version: v.version, vector: v.vector, score: v.score, rating: v.rating })),
      ...(score !== undefined ? { score } : {}),
      ...(ecosystemSeverities.length > 0 ? { ecosystemSeverity: ecosystemSeverities } : {}),
      ...(primary.database_specific && typeof primary.database_specific['url'] === 'string' ? { url: primary.database_specific['url'] } : {}),
    },
  };
}
