import type { Scope } from '../model/package.js';
import type { Severity } from '../model/finding.js';

/** How the software that uses a component reaches people; license duties depend on it. */
export const DISTRIBUTION_MODELS = ['internal', 'network-service', 'distributed-binary', 'library'] as const;
/** A distribution model: internal use, a network service, a distributed binary, a published library. */
export type DistributionModel = (typeof DISTRIBUTION_MODELS)[number];

/** License categories, as the license classifier (src/licenses) names them. */
export const LICENSE_CATEGORIES = [
  'permissive',
  'weak-copyleft',
  'strong-copyleft',
  'network-copyleft',
  'public-domain',
  'source-available',
  'proprietary',
  'unknown',
] as const;
/** A license category. */
export type LicenseCategory = (typeof LICENSE_CATEGORIES)[number];

/** Why a waiver exists: a fixed list, so waivers can be counted and audited by reason. */
export const WAIVER_REASONS = ['accepted-risk', 'false-positive', 'legal-approved', 'no-fix-available', 'not-shipped', 'will-fix'] as const;
/** A waiver's reason. */
export type WaiverReason = (typeof WAIVER_REASONS)[number];

/** What a license or package rule does when it matches. */
export type RuleAction = 'allow' | 'deny' | 'review';

/** Fields every rule has. */
export interface RuleBase {
  id: string;
  /** The severity of the finding the rule raises (optional on `allow` rules, which raise none). */
  severity: Severity;
  message: string;
  howToFix: string;
  /** Distribution models the rule applies under; all when absent. */
  distributions?: DistributionModel[];
  /** Dependency scopes the rule applies to; all when absent. */
  scopes?: Scope[];
  /** 1-based line of the rule in the policy file. */
  line?: number;
}

/** A license rule: matches single license terms by category or SPDX id pattern. */
export interface LicenseRule extends RuleBase {
  action: RuleAction;
  categories?: LicenseCategory[];
  /** SPDX ids or globs (`GPL-*`, `*`); a term `X WITH Y` matches `X` and `X WITH Y`. */
  licenses?: string[];
}

/** A package rule: matches components by purl pattern and, optionally, a version range. */
export interface PackageRule extends RuleBase {
  action: RuleAction;
  purl: string;
  /** A range in the ecosystem's version scheme: `>=2.0.0, <2.17.1 || =3.0.0`. */
  versions?: string;
}

/** A vulnerability gate: fires on vulnerability findings at or above a severity and older than an age. */
export interface VulnerabilityRule extends RuleBase {
  minSeverity: Severity;
  /** Days since the advisory was published; the gate fires only past it (0 or absent: at once). */
  olderThanDays?: number;
  /** When true, only vulnerabilities with a fixed version; when false, only those without. */
  fixAvailable?: boolean;
}

/**
 * A health rule: fires on a component when any of its conditions holds. `unpinned`, `sources`
 * and `missingLicense` are read from the inventory; the others need registry data Ospo does not
 * fetch yet (HEALTH_NEEDS_REGISTRY), and the loader says so for every rule that uses them.
 */
export interface HealthRule extends RuleBase {
  /** Fires when the component has no resolved version, only a declared range (`^1.2`). */
  unpinned?: boolean;
  /** Fires when the component comes from one of these sources instead of its registry. */
  sources?: Array<'git' | 'url' | 'file' | 'link'>;
  /** Fires when no license is known for the component (none declared, none found). */
  missingLicense?: boolean;
  maxDaysSinceRelease?: number;
  deprecated?: boolean;
  minMaintainers?: number;
  minScorecard?: number;
}

/** Health conditions that need registry data (release dates, deprecation, maintainers, OpenSSF Scorecard). */
export const HEALTH_NEEDS_REGISTRY = ['maxDaysSinceRelease', 'deprecated', 'minMaintainers', 'minScorecard'] as const;

/** A CEL condition over a component (see docs/policy.md for the component object). */
export interface ConditionRule extends RuleBase {
  when: string;
}

/** A waiver: suppresses findings in its scope until it expires. */
export interface Waiver {
  id?: string;
  rule?: string;
  package?: string;
  license?: string;
  project?: string;
  reason: WaiverReason;
  comment: string;
  owner: string;
  /** `YYYY-MM-DD`; the waiver applies through that day (UTC). */
  expires: string;
  line?: number;
}

/** A policy file as written (after schema validation). */
export interface PolicyDocument {
  version: 1;
  name?: string;
  distribution?: DistributionModel;
  failOn?: Severity;
  licenses?: LicenseRule[];
  packages?: PackageRule[];
  vulnerabilities?: VulnerabilityRule[];
  health?: HealthRule[];
  conditions?: ConditionRule[];
  waivers?: Waiver[];
}
