import type { Location } from './package.js';

/** Severities from most to least severe; `unknown` sorts last. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
/** A finding's severity, as CVSS ratings and policy rules name it. */
export type Severity = (typeof SEVERITIES)[number];

/** Returns whether `s` is at least as severe as `threshold` (`unknown` is below `low`). */
export function atLeast(s: Severity, threshold: Severity): boolean {
  const rank = (x: Severity) => (x === 'unknown' ? SEVERITIES.indexOf('none') - 0.5 : SEVERITIES.indexOf(x));
  return rank(s) <= rank(threshold);
}

/** Parses a severity name (any case); undefined when it is not one. */
export function parseSeverity(value: string): Severity | undefined {
  const v = value.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(v) ? (v as Severity) : undefined;
}

/** What raised a finding. */
export type FindingKind = 'vulnerability' | 'license' | 'policy';

/** Why an open finding does not count: a VEX statement or a policy waiver. */
export interface Suppression {
  kind: 'vex' | 'waiver';
  /** VEX status (`not_affected`, `fixed`, ...) or the waiver's reason. */
  reason: string;
  /** VEX justification or the waiver's comment. */
  detail?: string;
  /** The VEX document or policy file, and the waiver's owner and expiry where known. */
  source?: string;
  owner?: string;
  expires?: string;
}

/**
 * One thing a person has to look at: a vulnerable component, a license that breaks policy, a
 * package rule that fired. Every analyzer produces these; every report renders them.
 */
export interface Finding {
  /** Stable across runs for the same cause: `<kind>:<rule or advisory>:<component id>`. */
  id: string;
  kind: FindingKind;
  /** The policy rule id, or the advisory id for a vulnerability. */
  ruleId: string;
  severity: Severity;
  /** One line: what is wrong. */
  title: string;
  /** Why, in a sentence or two, with the facts that made it fire. */
  message: string;
  /** What to do about it. */
  howToFix?: string;
  /** The inventory component it is about, when there is one. */
  componentId?: string;
  /** Projects (ids) it concerns. */
  projects?: string[];
  /** Manifest or lockfile lines, for SARIF and annotations. */
  locations: Location[];
  /** Set when a VEX statement or waiver suppresses it; suppressed findings never fail a gate. */
  suppression?: Suppression;
  /** Kind-specific facts (advisory aliases, fixed versions, license evidence), JSON-safe. */
  details?: Record<string, unknown>;
}
