// Matchers that describe themselves: each answers whether it matched and why, so a finding and
// `ospo policy explain` can say exactly which rule fired and on what facts.
import type { ComponentEcosystem } from '../model/inventory.js';
import type { Scope } from '../model/package.js';
import type { CompiledLicenseRule, CompiledPackageRule } from './load.js';
import { termLicenseId } from './license-terms.js';
import type { DistributionModel, LicenseCategory, RuleBase } from './types.js';
import type { VersionCompare } from '../versions/range.js';

/** Whether a matcher matched, and the reason in words. */
export interface MatchResult {
  matched: boolean;
  reason: string;
}

/** Says whether a rule applies under a distribution model and scope (its `distributions` and `scopes`). */
export function ruleApplies(rule: Pick<RuleBase, 'distributions' | 'scopes'>, distribution: DistributionModel, scope: Scope | undefined): MatchResult {
  if (rule.distributions && !rule.distributions.includes(distribution)) {
    return { matched: false, reason: `applies only to distribution ${rule.distributions.join(', ')}, not ${distribution}` };
  }
  if (rule.scopes && scope !== undefined && !rule.scopes.includes(scope)) {
    return { matched: false, reason: `applies only to scopes ${rule.scopes.join(', ')}, not ${scope}` };
  }
  const parts = [rule.distributions ? `distribution ${distribution}` : 'every distribution', rule.scopes ? `scope ${scope ?? 'any'}` : 'every scope'];
  return { matched: true, reason: `applies to ${parts.join(' and ')}` };
}

/** Describes a license rule's matcher: `categories strong-copyleft or licenses GPL-*`. */
export function describeLicenseRule(rule: CompiledLicenseRule): string {
  const parts: string[] = [];
  if (rule.categories) parts.push(`categories ${rule.categories.join(', ')}`);
  if (rule.licenses) parts.push(`licenses ${rule.licenses.join(', ')}`);
  return `${rule.action} ${parts.join(' or ')}`;
}

/** Whether a license rule matches one license term (`GPL-2.0-only WITH Classpath-exception-2.0`) of a category. */
export function matchLicenseTerm(rule: CompiledLicenseRule, term: string, category: LicenseCategory): MatchResult {
  if (rule.categories?.includes(category)) return { matched: true, reason: `${term} is ${category}` };
  const id = termLicenseId(term);
  for (let i = 0; i < rule.idPatterns.length; i++) {
    const re = rule.idPatterns[i]!;
    if (re.test(term) || re.test(id)) return { matched: true, reason: `${term} matches ${rule.licenses![i]}` };
  }
  return { matched: false, reason: `${term} (${category}) matches neither ${describeLicenseRule(rule).replace(/^\w+ /, '')}` };
}

/** Whether a package rule matches a component's purl and version. */
export function matchPackage(rule: CompiledPackageRule, purl: string | null, version: string | null, ecosystem: ComponentEcosystem, compareFor: (e: ComponentEcosystem) => VersionCompare): MatchResult {
  if (!purl) return { matched: false, reason: 'the component has no purl' };
  if (!rule.pattern.matches(purl)) return { matched: false, reason: `${purl} does not match ${rule.purl}` };
  if (!rule.range) return { matched: true, reason: `${purl} matches ${rule.purl}` };
  if (version === null) return { matched: false, reason: `${purl} matches ${rule.purl} but has no resolved version to test against ${rule.versions}` };
  let inRange: boolean;
  try {
    inRange = rule.range.contains(version, compareFor(ecosystem));
  } catch (err) {
    return { matched: false, reason: `${version} is not a valid ${ecosystem} version (${(err as Error).message}), so it cannot be in ${rule.versions}` };
  }
  return inRange
    ? { matched: true, reason: `${purl} matches ${rule.purl} and ${version} is in ${rule.versions}` }
    : { matched: false, reason: `${purl} matches ${rule.purl} but ${version} is not in ${rule.versions}` };
}
