// Counts over findings that every findings renderer shows the same way.
import { atLeast, SEVERITIES, type Finding, type Severity } from '../../model/finding.js';

/** How many findings there are, by severity, open and suppressed, and whether they fail a gate. */
export interface FindingsSummary {
  total: number;
  open: number;
  suppressed: number;
  /** Open findings at or above the gate's severity (those that fail it). */
  failing: number;
  failOn: Severity;
  bySeverity: Record<Severity, { open: number; suppressed: number }>;
}

/** Whether a finding fails a gate at `failOn`: open, and at least that severe. */
export function failsGate(f: Finding, failOn: Severity): boolean {
  return !f.suppression && atLeast(f.severity, failOn);
}

/** Summarises findings for a gate at `failOn`. */
export function summarize(findings: readonly Finding[], failOn: Severity): FindingsSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, { open: 0, suppressed: 0 }])) as FindingsSummary['bySeverity'];
  let suppressed = 0;
  let failing = 0;
  for (const f of findings) {
    if (f.suppression) {
      suppressed++;
      bySeverity[f.severity].suppressed++;
    } else {
      bySeverity[f.severity].open++;
      if (atLeast(f.severity, failOn)) failing++;
    }
  }
  return { total: findings.length, open: findings.length - suppressed, suppressed, failing, failOn, bySeverity };
}

/** The first location of a finding as `file:line`, or `-`. */
export function whereOf(f: Finding): string {
  const l = f.locations[0];
  if (!l) return '-';
  return l.line !== undefined ? `${l.file}:${l.line}` : l.file;
}
