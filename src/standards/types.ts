// The result of a repository standards check: one entry per rule, findings in the shared shape.
import type { Finding, Severity } from '../model/finding.js';
import type { ScanIssue } from '../model/inventory.js';

/** How a rule came out: `fail` = findings at or above the gate, `warn` = findings below it, `skip` = not applicable. */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One rule's outcome. */
export interface RuleResult {
  id: string;
  title: string;
  status: RuleStatus;
  /** Why a rule was skipped, or a one-line note on what it looked at. */
  note?: string;
  findings: Finding[];
}

/** Counts over a check. */
export interface StandardsSummary {
  rules: Record<RuleStatus, number>;
  findings: { total: number; open: number; suppressed: number; failing: number };
  failOn: Severity;
  /** No open finding at or above `failOn`. */
  passed: boolean;
}

/** What `checkRepository` returns, and `ospo repo check --format json` writes (the publication request attaches it). */
export interface StandardsResult {
  /** The path as the user named it. */
  path: string;
  /** ISO 8601 time of the check. */
  checkedAt: string;
  /** The project's own license as identified from its LICENSE file(s), when there is one. */
  license?: { expression: string; files: string[] };
  distribution: string;
  policy?: string;
  rules: RuleResult[];
  summary: StandardsSummary;
  /** Files and directories that could not be read, with why. */
  issues: ScanIssue[];
}
