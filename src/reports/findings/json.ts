// Findings as JSON for scripts: a summary and the findings as they are (the shared Finding shape).
import type { Finding, Severity } from '../../model/finding.js';
import { OSPO_VERSION } from '../../version.js';
import { summarize, type FindingsSummary } from './summary.js';

/** The JSON document `--format json` writes. */
export interface FindingsJson {
  tool: { name: 'ospo'; version: string };
  /** Extra facts about the run (policy file, distribution), as the caller gives them. */
  run: Record<string, unknown>;
  summary: FindingsSummary & { passed: boolean };
  findings: Finding[];
}

/** Builds the JSON document for findings judged at `failOn`. */
export function findingsToJson(findings: readonly Finding[], failOn: Severity, run: Record<string, unknown> = {}): FindingsJson {
  const summary = summarize(findings, failOn);
  return { tool: { name: 'ospo', version: OSPO_VERSION }, run, summary: { ...summary, passed: summary.failing === 0 }, findings: [...findings] };
}

/** Renders findings as pretty-printed JSON with a trailing newline. */
export function renderFindingsJson(findings: readonly Finding[], failOn: Severity, run: Record<string, unknown> = {}): string {
  return `${JSON.stringify(findingsToJson(findings, failOn, run), null, 2)}\n`;
}
