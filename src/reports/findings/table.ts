// Findings as a terminal table: what fails, what to do, and what was waived.
import Table from 'cli-table3';
import type { Colors } from 'picocolors/types.js';
import type { Finding, Severity } from '../../model/finding.js';
import { failsGate, summarize, whereOf } from './summary.js';

/** Renders findings for a person at a terminal, judged at `failOn`. */
export function renderFindingsTable(findings: readonly Finding[], failOn: Severity, colors: Colors, heading?: string): string {
  const s = summarize(findings, failOn);
  const out: string[] = [];
  if (heading) out.push(colors.bold(heading));
  const paint = (sev: Severity, text: string) =>
    sev === 'critical' || sev === 'high' ? colors.red(text) : sev === 'medium' ? colors.yellow(text) : colors.dim(text);
  const open = findings.filter((f) => !f.suppression);
  if (open.length > 0) {
    const table = new Table({ head: ['severity', 'rule', 'finding', 'where'], style: { head: [], border: [] }, wordWrap: true, colWidths: [10, 26, 60, 30] });
    for (const f of open) table.push([paint(f.severity, `${f.severity}${failsGate(f, failOn) ? ' ✗' : ''}`), f.ruleId, f.title, whereOf(f)]);
    out.push(table.toString());
    out.push('');
    for (const f of open.filter((x) => failsGate(x, failOn))) {
      out.push(`${paint(f.severity, f.severity.toUpperCase())} ${f.title}`);
      out.push(`  why: ${f.message}`);
      if (f.howToFix) out.push(`  fix: ${f.howToFix}`);
    }
  }
  const waived = findings.filter((f) => f.suppression);
  if (waived.length > 0) {
    out.push(colors.dim(`waived (${waived.length}):`));
    for (const f of waived) out.push(colors.dim(`  ${f.ruleId}: ${f.title} — ${f.suppression!.reason}${f.suppression!.owner ? `, ${f.suppression!.owner}` : ''}${f.suppression!.expires ? `, until ${f.suppression!.expires}` : ''}`));
  }
  const verdict = s.failing > 0 ? colors.red(`FAIL: ${s.failing} finding(s) at or above ${failOn}`) : colors.green(`PASS: nothing at or above ${failOn}`);
  out.push(`${verdict} (${s.open} open, ${s.suppressed} waived)`);
  return `${out.join('\n').replace(/^\n+/, '')}\n`;
}
