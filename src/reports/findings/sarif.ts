// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) from Findings.
// Generic over the shared Finding shape: the vulnerability matcher and the policy gate both
// render through here, so code-scanning tools (GitHub, GitLab, Azure DevOps) see one format.
import type { Finding, Severity } from '../../model/finding.js';
import { OSPO_VERSION } from '../../version.js';

/** The schema URI written in `$schema` (the OASIS errata 01 schema). */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Describes a rule better than its first finding's title would (optional, per ruleId). */
export interface SarifRuleInfo {
  /** A short PascalCase-ish name (`VulnerableDependency`). */
  name?: string;
  shortDescription?: string;
  fullDescription?: string;
  /** Help text (plain); markdown is derived from it. */
  help?: string;
  helpUri?: string;
  tags?: string[];
}

/** Options for {@link findingsToSarif}. */
export interface SarifOptions {
  /** The tool component name; `ospo` by default. */
  toolName?: string;
  /** Rule texts by ruleId; rules without an entry are described from their first finding. */
  rules?: ReadonlyMap<string, SarifRuleInfo> | Record<string, SarifRuleInfo>;
  /** Where relative locations are rooted (`%SRCROOT%` base id), as a file URI or path. */
  srcRoot?: string;
}

/** A SARIF `level`: what a result means for a build. */
export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** Maps a severity to a SARIF level: critical/high fail (`error`), medium warns, the rest are notes. */
export function sarifLevel(s: Severity): SarifLevel {
  switch (s) {
    case 'critical':
    case 'high':
      return 'error';
    case 'medium':
      return 'warning';
    case 'none':
      return 'none';
    default:
      return 'note';
  }
}

/**
 * GitHub code scanning's `security-severity` property (a CVSS-like number as a string): the
 * finding's own CVSS score when details carry one, else the middle of the rating's band.
 */
function securitySeverity(f: Finding): string | undefined {
  const score = f.details?.['score'];
  if (typeof score === 'number' && Number.isFinite(score)) return score.toFixed(1);
  const band: Partial<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0', none: '0.0' };
  return band[f.severity];
}

/** Encodes a relative POSIX path as a relative URI reference (each segment percent-encoded). */
function pathToUri(path: string): string {
  const posix = path.replace(/\\/g, '/').replace(/^\.\//, '');
  return posix
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** A `file:` URI for an absolute POSIX or Windows path. */
function fileUri(path: string): string {
  const posix = path.replace(/\\/g, '/');
  const segs = posix.split('/').map((seg, i) => (i === 0 && /^[A-Za-z]:$/.test(seg) ? seg : encodeURIComponent(seg)));
  return `file://${posix.startsWith('/') ? '' : '/'}${segs.join('/')}`;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
}

function ruleInfo(options: SarifOptions, ruleId: string): SarifRuleInfo | undefined {
  const r = options.rules;
  if (!r) return undefined;
  if (r instanceof Map) return r.get(ruleId);
  return Object.prototype.hasOwnProperty.call(r, ruleId) ? (r as Record<string, SarifRuleInfo>)[ruleId] : undefined;
}

/**
 * Renders findings as a SARIF 2.1.0 log with one run: one rule per distinct ruleId (help text
 * from the finding's how-to-fix), one result per finding with its level, manifest/lockfile
 * locations, a partial fingerprint from `Finding.id` and, for suppressed findings, a SARIF
 * suppression (`external`, `accepted`) carrying the VEX status or waiver reason.
 * Output is deterministic: rules sorted by id, results in the order given.
 */
export function findingsToSarif(findings: readonly Finding[], options: SarifOptions = {}): Record<string, unknown> {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const firstByRule = new Map<string, Finding>();
  for (const f of findings) if (!firstByRule.has(f.ruleId)) firstByRule.set(f.ruleId, f);

  const rules = ruleIds.map((id) => {
    const f = firstByRule.get(id)!;
    const info = ruleInfo(options, id) ?? {};
    const short = info.shortDescription ?? f.title;
    const help = info.help ?? f.howToFix ?? f.message;
    const rule: Record<string, unknown> = { id };
    if (info.name) rule['name'] = info.name;
    rule['shortDescription'] = { text: short };
    rule['fullDescription'] = { text: info.fullDescription ?? f.message };
    if (info.helpUri) rule['helpUri'] = info.helpUri;
    rule['help'] = { text: help, markdown: help };
    rule['defaultConfiguration'] = { level: sarifLevel(f.severity) };
    const props: Record<string, unknown> = { tags: info.tags ?? [f.kind === 'vulnerability' ? 'security' : f.kind] };
    const sec = securitySeverity(f);
    if (sec !== undefined && f.kind === 'vulnerability') props['security-severity'] = sec;
    rule['properties'] = props;
    return rule;
  });

  const results = findings.map((f) => {
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId),
      kind: 'fail',
      level: sarifLevel(f.severity),
      message: { text: f.howToFix ? `${f.message} ${f.howToFix}` : f.message },
    };
    if (f.locations.length > 0) {
      result['locations'] = f.locations.map((loc) => {
        const artifactLocation: Record<string, unknown> = { uri: isAbsolute(loc.file) ? fileUri(loc.file) : pathToUri(loc.file) };
        if (!isAbsolute(loc.file)) artifactLocation['uriBaseId'] = '%SRCROOT%';
        const physicalLocation: Record<string, unknown> = { artifactLocation };
        if (loc.line !== undefined && loc.line >= 1) physicalLocation['region'] = { startLine: loc.line };
        const location: Record<string, unknown> = { physicalLocation };
        if (f.componentId) location['logicalLocations'] = [{ name: f.componentId, kind: 'module' }];
        return location;
      });
    }
    result['partialFingerprints'] = { 'ospoFindingId/v1': f.id };
    if (f.suppression) {
      const s = f.suppression;
      const justification = [s.reason, s.detail].filter(Boolean).join(': ');
      const suppression: Record<string, unknown> = { kind: 'external', status: 'accepted', justification };
      const props: Record<string, unknown> = { kind: s.kind };
      if (s.source) props['source'] = s.source;
      if (s.owner) props['owner'] = s.owner;
      if (s.expires) props['expires'] = s.expires;
      suppression['properties'] = props;
      result['suppressions'] = [suppression];
    }
    const props: Record<string, unknown> = { severity: f.severity, findingKind: f.kind };
    if (f.componentId) props['componentId'] = f.componentId;
    if (f.projects && f.projects.length > 0) props['projects'] = f.projects;
    result['properties'] = props;
    return result;
  });

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: options.toolName ?? 'ospo',
        version: OSPO_VERSION,
        semanticVersion: OSPO_VERSION,
        informationUri: 'https://github.com/ospo/ospo',
        rules,
      },
    },
  };
  if (options.srcRoot) {
    const root = options.srcRoot.endsWith('/') ? options.srcRoot : `${options.srcRoot}/`;
    run['originalUriBaseIds'] = { '%SRCROOT%': { uri: root.startsWith('file:') ? root : fileUri(root) } };
  }
  run['results'] = results;
  run['columnKind'] = 'utf16CodeUnits';
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/** Renders findings as SARIF 2.1.0 JSON text (two-space indent, trailing newline). */
export function renderSarif(findings: readonly Finding[], options: SarifOptions = {}): string {
  return `${JSON.stringify(findingsToSarif(findings, options), null, 2)}\n`;
}
