// `ospo policy explain <purl>`: every rule of a policy, and whether and why it applies to a package.
import { UsageError } from '../model/errors.js';
import { ecosystemForPurlType } from '../model/ecosystem.js';
import { parsePurl, purlPackageName } from '../model/purl.js';
import type { Component, ComponentEcosystem } from '../model/inventory.js';
import type { Scope } from '../model/package.js';
import { celComponent, decideLicense, defaultCompareFor, decidePackage, NO_LICENSE, type Classify } from './evaluate.js';
import { licenseAlternatives } from './license-terms.js';
import type { Policy } from './load.js';
import { describeLicenseRule, matchLicenseTerm, matchPackage, ruleApplies } from './matchers.js';
import { HEALTH_NEEDS_REGISTRY, type DistributionModel } from './types.js';
import type { VersionCompare } from '../versions/range.js';
import { isExpired, waiverLabel } from './waivers.js';

/** One rule's verdict about the package. */
export interface ExplainEntry {
  section: 'packages' | 'licenses' | 'conditions' | 'vulnerabilities' | 'health' | 'waivers';
  ruleId: string;
  line?: number;
  /** `fires` when it raises a finding, `decides` for an allow that settles it, `matches` when it matched but an earlier rule decided, `no` otherwise. */
  verdict: 'fires' | 'decides' | 'matches' | 'no' | 'not-evaluated';
  reason: string;
}

/** The explanation of a policy for one package. */
export interface Explanation {
  purl: string;
  distribution: DistributionModel;
  scope: Scope;
  license: string | undefined;
  /** The overall answer: what `ospo check` would say about this package. */
  outcome: 'allowed' | 'review' | 'denied';
  entries: ExplainEntry[];
}

/** What to explain. */
export interface ExplainOptions {
  license?: string;
  distribution?: DistributionModel;
  scope?: Scope;
  classify: Classify;
  compareFor?: (ecosystem: ComponentEcosystem) => VersionCompare;
  now?: Date;
}

/** Explains which rules of `policy` apply to the package `purl`, and why. */
export function explainPackage(policy: Policy, purl: string, options: ExplainOptions): Explanation {
  const p = parsePurl(purl);
  if (!p) throw new UsageError(`"${purl}" is not a purl (expected pkg:<type>/<namespace>/<name>@<version>, e.g. pkg:npm/lodash@4.17.21)`);
  const distribution = options.distribution ?? policy.distribution ?? 'distributed-binary';
  const scope = options.scope ?? 'runtime';
  const compareFor = options.compareFor ?? defaultCompareFor;
  const ecosystem: ComponentEcosystem = ecosystemForPurlType(p.type) ?? 'generic';
  const component: Component = {
    id: purl,
    ecosystem,
    name: purlPackageName(p),
    version: p.version ?? null,
    purl,
    scope,
    direct: true,
    locations: [],
    license: options.license,
  };
  const entries: ExplainEntry[] = [];
  let outcome: Explanation['outcome'] = 'allowed';
  const worse = (o: Explanation['outcome']) => {
    if (o === 'denied' || (o === 'review' && outcome === 'allowed')) outcome = o;
  };

  const decided = decidePackage(policy.packages, component, distribution, compareFor);
  for (const rule of policy.packages) {
    const applies = ruleApplies(rule, distribution, scope);
    if (!applies.matched) {
      entries.push({ section: 'packages', ruleId: rule.id, line: rule.line, verdict: 'no', reason: applies.reason });
      continue;
    }
    const m = matchPackage(rule, purl, component.version, ecosystem, compareFor);
    const verdict = !m.matched ? 'no' : decided?.rule !== rule ? 'matches' : rule.action === 'allow' ? 'decides' : 'fires';
    entries.push({ section: 'packages', ruleId: rule.id, line: rule.line, verdict, reason: `${rule.action}: ${m.reason}${verdict === 'matches' ? ` (but "${decided!.rule.id}" came first)` : ''}` });
    if (verdict === 'fires') worse(rule.action === 'deny' ? 'denied' : 'review');
  }
  const exempt = decided?.rule.action === 'allow';

  const decision = decideLicense(policy.licenses, options.license, options.classify, distribution, scope);
  const allTerms = options.license ? [...new Set(licenseAlternatives(options.license).flat())] : [NO_LICENSE];
  for (const rule of policy.licenses) {
    const applies = ruleApplies(rule, distribution, scope);
    if (!applies.matched) {
      entries.push({ section: 'licenses', ruleId: rule.id, line: rule.line, verdict: 'no', reason: applies.reason });
      continue;
    }
    const reasons: string[] = [];
    let verdict: ExplainEntry['verdict'] = 'no';
    for (const term of allTerms) {
      const category = term === NO_LICENSE ? 'unknown' : safe(options.classify, term);
      const m = matchLicenseTerm(rule, term, category);
      reasons.push(m.reason);
      if (!m.matched) continue;
      const chosen = decision.terms.find((t) => t.term === term);
      if (chosen?.rule === rule) verdict = rule.action === 'allow' ? (verdict === 'fires' ? 'fires' : 'decides') : 'fires';
      else if (verdict === 'no') verdict = 'matches';
    }
    if (exempt && verdict !== 'no') verdict = 'matches';
    entries.push({ section: 'licenses', ruleId: rule.id, line: rule.line, verdict, reason: `${describeLicenseRule(rule)}: ${reasons.join('; ')}${exempt && verdict === 'matches' ? ` (package rule "${decided!.rule.id}" allows the package)` : ''}` });
  }
  if (!exempt) {
    if (decision.outcome === 'deny') worse('denied');
    else if (decision.outcome === 'review') worse('review');
  }

  const cel = celComponent(component, options.license, options.classify, []);
  for (const rule of policy.conditions) {
    const applies = ruleApplies(rule, distribution, scope);
    if (!applies.matched || exempt) {
      entries.push({ section: 'conditions', ruleId: rule.id, line: rule.line, verdict: 'no', reason: exempt ? `package rule "${decided!.rule.id}" allows the package` : applies.reason });
      continue;
    }
    try {
      const fired = rule.test(cel);
      entries.push({ section: 'conditions', ruleId: rule.id, line: rule.line, verdict: fired ? 'fires' : 'no', reason: `${rule.when} is ${fired}` });
      if (fired) worse(atLeastHigh(rule.severity) ? 'denied' : 'review');
    } catch (err) {
      entries.push({ section: 'conditions', ruleId: rule.id, line: rule.line, verdict: 'no', reason: `could not be evaluated: ${(err as Error).message}` });
    }
  }
  for (const rule of policy.vulnerabilities) {
    const applies = ruleApplies(rule, distribution, scope);
    entries.push({
      section: 'vulnerabilities',
      ruleId: rule.id,
      line: rule.line,
      verdict: applies.matched ? 'not-evaluated' : 'no',
      reason: applies.matched ? `gates vulnerabilities of at least ${rule.minSeverity}${rule.olderThanDays ? ` older than ${rule.olderThanDays} days` : ''}; run \`ospo check --osv\` to match advisories` : applies.reason,
    });
  }
  for (const rule of policy.health) {
    const applies = ruleApplies(rule, distribution, scope);
    const registry = HEALTH_NEEDS_REGISTRY.filter((k) => rule[k] !== undefined);
    const local = rule.unpinned !== undefined || rule.sources !== undefined || rule.missingLicense !== undefined;
    entries.push({
      section: 'health',
      ruleId: rule.id,
      line: rule.line,
      verdict: applies.matched ? 'not-evaluated' : 'no',
      reason: !applies.matched
        ? applies.reason
        : [
            local ? `checks ${[rule.unpinned && 'unpinned versions', rule.sources && `sources ${rule.sources.join(', ')}`, rule.missingLicense && 'a missing license'].filter(Boolean).join(', ')} against the scanned inventory (\`ospo check\`)` : '',
            registry.length > 0 ? `${registry.join(', ')} need${registry.length === 1 ? 's' : ''} registry data Ospo does not fetch yet: not evaluated` : '',
          ]
            .filter(Boolean)
            .join('; '),
    });
  }
  const now = options.now ?? new Date();
  for (const w of policy.waivers) {
    const pkgOk = !w.packagePattern || w.packagePattern.matches(purl);
    const licOk = !w.licensePattern || allTerms.some((t) => w.licensePattern!.test(t));
    const expired = isExpired(w, now);
    const covers = pkgOk && licOk && (w.package !== undefined || w.license !== undefined);
    entries.push({
      section: 'waivers',
      ruleId: w.id ?? `waivers[${w.index}]`,
      line: w.line,
      verdict: covers && !expired ? 'matches' : 'no',
      reason: `${waiverLabel(w)}: ${!pkgOk ? `${purl} is outside ${w.package}` : !licOk ? `license ${w.license} is not among ${allTerms.join(', ')}` : !covers ? 'not scoped by package or license' : expired ? `expired on ${w.expires}` : `covers this package${w.rule ? ` for rule ${w.rule}` : ''} (${w.reason}, owner ${w.owner}, until ${w.expires})`}`,
    });
  }
  return { purl, distribution, scope, license: options.license, outcome, entries };
}

function atLeastHigh(s: string): boolean {
  return s === 'critical' || s === 'high';
}

function safe(classify: Classify, term: string) {
  try {
    return classify(term);
  } catch {
    return 'unknown' as const;
  }
}
