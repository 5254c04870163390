// Policy evaluation: inventory + component licenses + analyzer findings -> policy findings.
// Each finding says which rule fired and why; waivers then suppress what they cover.
import { atLeast, SEVERITIES, type Finding, type Severity } from '../model/finding.js';
import type { Component, ComponentEcosystem, Inventory } from '../model/inventory.js';
import type { Scope } from '../model/package.js';
import { schemeFor } from '../versions/index.js';
import type { ComponentLicense } from '../licenses/types.js';
import type { CelComponent } from './cel.js';
import { licenseAlternatives } from './license-terms.js';
import type { CompiledLicenseRule, CompiledPackageRule, Policy } from './load.js';
import { describeLicenseRule, matchLicenseTerm, matchPackage, ruleApplies } from './matchers.js';
import type { DistributionModel, HealthRule, LicenseCategory, VulnerabilityRule } from './types.js';
import type { VersionCompare } from '../versions/range.js';
import { applyWaivers, type WaiverStatus } from './waivers.js';

/** Classifies one SPDX license expression or term into a category (src/licenses provides it). */
export type Classify = (expression: string) => LicenseCategory;

/** What evaluation reads. */
export interface EvaluationInput {
  inventory: Inventory;
  /** Licenses per component (from the license analyzer); otherwise each component's own `license`. */
  licenses?: readonly ComponentLicense[];
  /** Findings of other analyzers (vulnerabilities), for the vulnerability gates. */
  findings?: readonly Finding[];
}

/** How to evaluate. */
export interface EvaluateOptions {
  /** Overrides the policy's distribution model (default `distributed-binary` when neither says). */
  distribution?: DistributionModel;
  classify: Classify;
  /** Version comparison per ecosystem (default: src/versions schemeFor). */
  compareFor?: (ecosystem: ComponentEcosystem) => VersionCompare;
  /** Today, for waiver expiry and advisory age (default: now). */
  now?: Date;
}

/** A condition that could not be evaluated on a component. */
export interface RuleError {
  ruleId: string;
  line?: number;
  componentId: string;
  message: string;
}

/** What evaluation found. */
export interface EvaluationResult {
  distribution: DistributionModel;
  /** Policy and license findings (suppressed ones included, marked), then waiver reports; sorted. */
  findings: Finding[];
  waivers: WaiverStatus[];
  ruleErrors: RuleError[];
  /** Components evaluated, and rule x component checks made (for JUnit test counts). */
  checked: Array<{ ruleId: string; componentId: string }>;
}

/** The decision about one license term. */
export interface TermDecision {
  term: string;
  category: LicenseCategory;
  outcome: 'allow' | 'unmatched' | 'review' | 'deny';
  rule?: CompiledLicenseRule;
  reason: string;
}

/** The decision about a component's license: the alternative chosen and each of its terms. */
export interface LicenseDecision {
  expression: string | undefined;
  outcome: TermDecision['outcome'];
  terms: TermDecision[];
}

const OUTCOME_RANK = { allow: 0, unmatched: 1, review: 2, deny: 3 } as const;

/** The text used for a component with no known license; rules match it by category `unknown`. */
export const NO_LICENSE = 'NOASSERTION';

/**
 * Decides a license expression: each term takes the first applicable rule that matches it; an
 * alternative (AND) is as bad as its worst term; the expression (OR) as good as its best alternative.
 */
export function decideLicense(rules: readonly CompiledLicenseRule[], expression: string | undefined, classify: Classify, distribution: DistributionModel, scope: Scope | undefined): LicenseDecision {
  const alternatives = expression ? licenseAlternatives(expression) : [[NO_LICENSE]];
  const applicable = rules.filter((r) => ruleApplies(r, distribution, scope).matched);
  let best: LicenseDecision | undefined;
  for (const alt of alternatives) {
    const terms: TermDecision[] = alt.map((term) => {
      const category = term === NO_LICENSE ? 'unknown' : safeClassify(classify, term);
      for (const rule of applicable) {
        const m = matchLicenseTerm(rule, term, category);
        if (m.matched) return { term, category, outcome: rule.action, rule, reason: m.reason };
      }
      return { term, category, outcome: 'unmatched', reason: `no license rule matches ${term} (${category})` };
    });
    const outcome = terms.reduce<TermDecision['outcome']>((w, t) => (OUTCOME_RANK[t.outcome] > OUTCOME_RANK[w] ? t.outcome : w), 'allow');
    const candidate = { expression, outcome, terms };
    // Between equally bad alternatives, the one whose rules are less severe is the better choice.
    if (!best || OUTCOME_RANK[outcome] < OUTCOME_RANK[best.outcome] || (outcome === best.outcome && worstSeverity(candidate) > worstSeverity(best))) best = candidate;
  }
  return best!;
}

/** The rank (0 = critical) of the most severe rule firing in a decision; larger is milder. */
function worstSeverity(d: LicenseDecision): number {
  let worst: number = SEVERITIES.length;
  for (const t of d.terms) if (t.rule && t.rule.action !== 'allow') worst = Math.min(worst, SEVERITIES.indexOf(t.rule.severity));
  return worst;
}

function safeClassify(classify: Classify, term: string): LicenseCategory {
  try {
    return classify(term);
  } catch {
    return 'unknown';
  }
}

/** The first applicable package rule that matches, with its reason. */
export function decidePackage(rules: readonly CompiledPackageRule[], c: Pick<Component, 'purl' | 'version' | 'ecosystem' | 'scope'>, distribution: DistributionModel, compareFor: (e: ComponentEcosystem) => VersionCompare): { rule: CompiledPackageRule; reason: string } | undefined {
  for (const rule of rules) {
    if (!ruleApplies(rule, distribution, c.scope).matched) continue;
    const m = matchPackage(rule, c.purl, c.version, c.ecosystem, compareFor);
    if (m.matched) return { rule, reason: m.reason };
  }
  return undefined;
}

/** The default version comparison: the ecosystem's own scheme. */
export function defaultCompareFor(ecosystem: ComponentEcosystem): VersionCompare {
  const scheme = schemeFor(ecosystem);
  return (a, b) => scheme.compare(a, b);
}

function display(c: Component): string {
  return c.version ? `${c.name}@${c.version}` : c.declared ? `${c.name} ${c.declared}` : c.name;
}

/** What every rule has that a finding shows. */
interface RuleFacts {
  id: string;
  severity: Severity;
  message: string;
  howToFix: string;
}

/** A finding of a package, license, health or condition rule about one component. */
function componentFinding(
  kind: 'policy' | 'license',
  rule: RuleFacts,
  c: Component,
  where: Pick<Finding, 'componentId' | 'projects' | 'locations'>,
  message: string,
  details: Record<string, unknown>,
): Finding {
  return { id: `${kind}:${rule.id}:${c.id}`, kind, ruleId: rule.id, severity: rule.severity, title: `${rule.message}: ${display(c)}`, message, howToFix: rule.howToFix, ...where, details };
}

function scopeNote(rule: { distributions?: unknown; scopes?: unknown }, distribution: DistributionModel, scope: Scope): string {
  return `distribution ${distribution}${rule.scopes ? `, scope ${scope}` : ''}`;
}

/** The date an advisory was published, from a vulnerability finding's details. */
function publishedOf(f: Finding): Date | undefined {
  const p = f.details?.['published'];
  if (typeof p !== 'string') return undefined;
  const d = new Date(p);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Whether a fixed version is known, from `details.fixAvailable`, `details.fixed` or `details.fixedVersions`. */
function fixKnown(f: Finding): boolean | undefined {
  const d = f.details ?? {};
  if (typeof d['fixAvailable'] === 'boolean') return d['fixAvailable'];
  for (const key of ['fixed', 'fixedVersions']) {
    const v = d[key];
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === 'string') return v.length > 0;
  }
  return undefined;
}

/** Whether a vulnerability gate fires on a vulnerability finding, and why. */
export function matchVulnerability(rule: VulnerabilityRule, f: Finding, now: Date): { matched: boolean; reason: string } {
  if (!atLeast(f.severity, rule.minSeverity)) return { matched: false, reason: `${f.ruleId} is ${f.severity}, below ${rule.minSeverity}` };
  const parts = [`${f.ruleId} is ${f.severity} (at least ${rule.minSeverity})`];
  if (rule.olderThanDays) {
    const published = publishedOf(f);
    if (!published) parts.push(`its publication date is unknown, so it counts as older than ${rule.olderThanDays} days`);
    else {
      const days = Math.floor((now.getTime() - published.getTime()) / 86_400_000);
      if (days <= rule.olderThanDays) return { matched: false, reason: `${f.ruleId} was published ${days} days ago, not more than ${rule.olderThanDays}` };
      parts.push(`published ${days} days ago (more than ${rule.olderThanDays})`);
    }
  }
  if (rule.fixAvailable !== undefined) {
    const fix = fixKnown(f);
    if (fix !== undefined && fix !== rule.fixAvailable) return { matched: false, reason: `${f.ruleId} ${fix ? 'has' : 'has no'} fixed version` };
    parts.push(fix === undefined ? 'whether a fix exists is unknown' : fix ? 'a fixed version exists' : 'no fixed version exists');
  }
  return { matched: true, reason: parts.join(', ') };
}

/**
 * Whether a health rule fires on a component, from what the inventory knows: the reason, or
 * undefined. Conditions needing registry data are not checked here (the loader lists them in
 * Policy.notEvaluated).
 */
export function matchHealth(rule: HealthRule, c: Pick<Component, 'version' | 'declared' | 'source'>, license: string | undefined): string | undefined {
  const reasons: string[] = [];
  if (rule.unpinned && !c.version) reasons.push(`no resolved version${c.declared ? `, only the range "${c.declared}"` : ''}`);
  const kind = c.source?.kind;
  if (rule.sources && kind && (rule.sources as string[]).includes(kind)) reasons.push(`installed from a ${kind} source${c.source?.url ? ` (${c.source.url}${c.source.ref ? `#${c.source.ref}` : ''})` : ''}, not its registry`);
  if (rule.missingLicense && (!license || license === NO_LICENSE || license === 'NONE')) reasons.push('no license is declared or found');
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** Builds the object CEL conditions see. */
export function celComponent(c: Component, license: string | undefined, classify: Classify, projects: string[]): CelComponent {
  const terms = license ? licenseAlternatives(license).flat() : [];
  return {
    name: c.name,
    version: c.version ?? '',
    ecosystem: c.ecosystem,
    purl: c.purl ?? '',
    scope: c.scope,
    direct: c.direct,
    license: license ?? '',
    category: license ? safeClassify(classify, license) : 'unknown',
    categories: [...new Set(terms.map((t) => safeClassify(classify, t)))],
    projects,
  };
}

/** Sorts findings by severity, then id, so output is stable. */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank = (s: Severity) => ['critical', 'high', 'medium', 'low', 'none', 'unknown'].indexOf(s);
  return findings.sort((a, b) => rank(a.severity) - rank(b.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Evaluates a policy over an inventory; see EvaluationResult. */
export function evaluatePolicy(policy: Policy, input: EvaluationInput, options: EvaluateOptions): EvaluationResult {
  const distribution = options.distribution ?? policy.distribution ?? 'distributed-binary';
  const compareFor = options.compareFor ?? defaultCompareFor;
  const now = options.now ?? new Date();
  const { inventory } = input;
  // Inventories repeat the same few licenses thousands of times: classify each text once per run.
  const categories = new Map<string, LicenseCategory>();
  const classify: Classify = (e) => {
    let c = categories.get(e);
    if (c === undefined) {
      c = safeClassify(options.classify, e);
      categories.set(e, c);
    }
    return c;
  };
  const licenseById = new Map((input.licenses ?? []).map((l) => [l.componentId, l]));
  const projectsOf = new Map<string, { ids: string[]; paths: string[] }>();
  for (const p of inventory.projects) {
    for (const id of p.components) {
      const e = projectsOf.get(id) ?? { ids: [], paths: [] };
      e.ids.push(p.id);
      e.paths.push(p.path);
      projectsOf.set(id, e);
    }
  }
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  const checked: EvaluationResult['checked'] = [];
  const componentById = new Map(inventory.components.map((c) => [c.id, c]));

  for (const c of inventory.components) {
    const projects = projectsOf.get(c.id) ?? { ids: [], paths: [] };
    const cl = licenseById.get(c.id);
    const license = cl?.concluded ?? cl?.declared ?? c.license;
    const base = { componentId: c.id, projects: projects.ids, locations: c.locations };
    const facts = { purl: c.purl, version: c.version, scope: c.scope, distribution, license: license ?? null };

    for (const rule of policy.packages) if (ruleApplies(rule, distribution, c.scope).matched && rule.action !== 'allow') checked.push({ ruleId: rule.id, componentId: c.id });
    const pkg = decidePackage(policy.packages, c, distribution, compareFor);
    if (pkg && pkg.rule.action !== 'allow') {
      findings.push(
        componentFinding(
          'policy',
          pkg.rule,
          c,
          base,
          `package rule "${pkg.rule.id}" (${pkg.rule.action} ${pkg.rule.pattern.describe()}${pkg.rule.range ? ` ${pkg.rule.range.describe()}` : ''}) fired: ${pkg.reason}; ${scopeNote(pkg.rule, distribution, c.scope)}.`,
          { ...facts, action: pkg.rule.action, section: 'packages', ruleLine: pkg.rule.line ?? null },
        ),
      );
    }
    // A package explicitly allowed is exempt from license rules and conditions.
    if (pkg?.rule.action === 'allow') continue;

    for (const rule of policy.licenses) if (rule.action !== 'allow' && ruleApplies(rule, distribution, c.scope).matched) checked.push({ ruleId: rule.id, componentId: c.id });
    const decision = decideLicense(policy.licenses, license, classify, distribution, c.scope);
    if (decision.outcome === 'deny' || decision.outcome === 'review') {
      const byRule = new Map<CompiledLicenseRule, TermDecision[]>();
      for (const t of decision.terms) {
        if (t.rule && (t.outcome === 'deny' || t.outcome === 'review')) byRule.set(t.rule, [...(byRule.get(t.rule) ?? []), t]);
      }
      for (const [rule, terms] of byRule) {
        const shown = license ? `"${license}"` : 'no known license';
        findings.push(
          componentFinding(
            'license',
            rule,
            c,
            base,
            `license rule "${rule.id}" (${describeLicenseRule(rule)}) fired: ${terms.map((t) => t.reason).join('; ')}, in ${shown}${license && licenseAlternatives(license).length > 1 ? ' (its least restricted alternative)' : ''}; ${scopeNote(rule, distribution, c.scope)}.`,
            { ...facts, action: rule.action, section: 'licenses', terms: terms.map((t) => ({ term: t.term, category: t.category })), ruleLine: rule.line ?? null },
          ),
        );
      }
    }

    for (const rule of policy.health) {
      if (!ruleApplies(rule, distribution, c.scope).matched) continue;
      checked.push({ ruleId: rule.id, componentId: c.id });
      const why = matchHealth(rule, c, license);
      if (!why) continue;
      findings.push(
        componentFinding('policy', rule, c, base, `health rule "${rule.id}" fired: ${why}; ${scopeNote(rule, distribution, c.scope)}.`, {
          ...facts,
          section: 'health',
          source: c.source?.kind ?? null,
          ruleLine: rule.line ?? null,
        }),
      );
    }

    if (policy.conditions.length > 0) {
      const cel = celComponent(c, license, classify, projects.paths);
      for (const rule of policy.conditions) {
        if (!ruleApplies(rule, distribution, c.scope).matched) continue;
        checked.push({ ruleId: rule.id, componentId: c.id });
        let fired: boolean;
        try {
          fired = rule.test(cel);
        } catch (err) {
          ruleErrors.push({ ruleId: rule.id, line: rule.line, componentId: c.id, message: (err as Error).message });
          continue;
        }
        if (!fired) continue;
        findings.push(
          componentFinding(
            'policy',
            rule,
            c,
            base,
            `condition "${rule.id}" (${rule.when}) is true for ${c.purl ?? display(c)} (license ${license ?? 'unknown'}, category ${cel.category}, scope ${c.scope}, ${c.direct ? 'direct' : 'transitive'}); distribution ${distribution}.`,
            { ...facts, section: 'conditions', when: rule.when, ruleLine: rule.line ?? null },
          ),
        );
      }
    }
  }

  for (const v of input.findings ?? []) {
    if (v.kind !== 'vulnerability' || v.suppression) continue;
    const c = v.componentId ? componentById.get(v.componentId) : undefined;
    for (const rule of policy.vulnerabilities) {
      if (!ruleApplies(rule, distribution, c?.scope).matched) continue;
      checked.push({ ruleId: rule.id, componentId: v.componentId ?? v.id });
      const m = matchVulnerability(rule, v, now);
      if (!m.matched) continue;
      findings.push({
        id: `policy:${rule.id}:${v.ruleId}:${v.componentId ?? ''}`,
        kind: 'policy',
        ruleId: rule.id,
        severity: rule.severity,
        title: `${rule.message}: ${v.ruleId} in ${c ? display(c) : (v.componentId ?? 'a component')}`,
        message: `vulnerability gate "${rule.id}" fired: ${m.reason}; ${v.title}.`,
        howToFix: v.howToFix ? `${rule.howToFix} ${v.howToFix}` : rule.howToFix,
        componentId: v.componentId,
        projects: v.projects,
        locations: v.locations,
        details: { section: 'vulnerabilities', advisory: v.ruleId, purl: c?.purl ?? null, distribution, vulnerabilitySeverity: v.severity, ruleLine: rule.line ?? null },
      });
    }
  }

  const projectPathById = new Map(inventory.projects.map((p) => [p.id, p.path]));
  const waived = applyWaivers(policy, findings, { now, projectPath: (id) => projectPathById.get(id) ?? id, purlOf: (id) => componentById.get(id)?.purl ?? null });
  return { distribution, findings: sortFindings([...findings, ...waived.reports]), waivers: waived.statuses, ruleErrors, checked };
}
