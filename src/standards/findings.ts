// Building the shared Finding shape for standards rules.
import type { Finding, Severity } from '../model/finding.js';
import type { Location } from '../model/package.js';
import { standardsRule, type StandardsRuleId } from './rules.js';

/** What a rule says about one cause. */
export interface FindingFacts {
  /** Distinguishes findings of one rule (a file path, `file:line`); part of the stable id. */
  key: string;
  title: string;
  message: string;
  locations?: Location[];
  details?: Record<string, unknown>;
  /** Overrides the rule's severity. */
  severity?: Severity;
}

/** Makes a finding of kind `policy` for a standards rule. */
export function standardsFinding(ruleId: StandardsRuleId, facts: FindingFacts): Finding {
  const rule = standardsRule(ruleId);
  const f: Finding = {
    id: `policy:${rule.id}:${facts.key}`,
    kind: 'policy',
    ruleId: rule.id,
    severity: facts.severity ?? rule.severity,
    title: facts.title,
    message: facts.message,
    howToFix: rule.howToFix,
    locations: facts.locations ?? [],
  };
  if (facts.details) f.details = facts.details;
  return f;
}
