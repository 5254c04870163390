// Findings as Markdown for a pull-request comment (GitHub-flavoured): a verdict, a summary
// table, the open findings with collapsible details and how-to-fix, and the waived ones.
import { SEVERITIES, type Finding, type Severity } from '../../model/finding.js';
import { failsGate, summarize, whereOf } from './summary.js';

/** GitHub refuses comments over 65,536 characters; stay under it with room for the footer. */
const MAX_COMMENT_CHARS = 60_000;

/** Options for the Markdown report. */
export interface MarkdownOptions {
  failOn: Severity;
  /** The heading; `Ospo check` by default. */
  title?: string;
  /** One line under the heading (policy file, distribution). */
  subtitle?: string;
}

/** Escapes text for inline Markdown and table cells: HTML and Markdown punctuation, pipes, newlines. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Escapes text for HTML content. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r?\n/g, ' ');
}

function code(s: string): string {
  // Inline code cannot hold its own fence; a pipe inside a table cell must still be escaped.
  const safe = s.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return `\`${safe}\``;
}

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', none: '⬜', unknown: '⬜' };

function details(f: Finding): string {
  const lines = [
    '<details>',
    // A <summary> is HTML: GitHub does not render Markdown escapes or code spans inside it.
    `<summary>${ICON[f.severity]} <b>${escapeHtml(f.severity)}</b> <code>${escapeHtml(f.ruleId)}</code>: ${escapeHtml(f.title)}</summary>`,
    '',
    `**Why:** ${escapeMarkdown(f.message)}`,
    '',
  ];
  if (f.howToFix) lines.push(`**How to fix:** ${escapeMarkdown(f.howToFix)}`, '');
  if (f.locations.length > 0) lines.push(`**Where:** ${f.locations.slice(0, 5).map((l) => code(l.line !== undefined ? `${l.file}:${l.line}` : l.file)).join(', ')}${f.locations.length > 5 ? ` and ${f.locations.length - 5} more` : ''}`, '');
  lines.push('</details>', '');
  return lines.join('\n');
}

/** Renders findings as a pull-request comment. */
export function renderFindingsMarkdown(findings: readonly Finding[], options: MarkdownOptions): string {
  const { failOn } = options;
  const s = summarize(findings, failOn);
  const out: string[] = [];
  out.push(`## ${escapeMarkdown(options.title ?? 'Ospo check')}: ${s.failing > 0 ? `❌ failed` : '✅ passed'}`, '');
  if (options.subtitle) out.push(escapeMarkdown(options.subtitle), '');
  out.push(
    s.failing > 0
      ? `**${s.failing}** finding(s) at or above **${failOn}** fail this check; ${s.open} open and ${s.suppressed} waived in all.`
      : `Nothing at or above **${failOn}**; ${s.open} open finding(s) below it and ${s.suppressed} waived.`,
    '',
  );
  out.push('| severity | open | waived |', '|---|---:|---:|');
  for (const sev of SEVERITIES) {
    const c = s.bySeverity[sev];
    if (c.open + c.suppressed > 0) out.push(`| ${ICON[sev]} ${sev} | ${c.open} | ${c.suppressed} |`);
  }
  if (s.total === 0) out.push('| — | 0 | 0 |');
  out.push('');
  const open = findings.filter((f) => !f.suppression);
  const failing = open.filter((f) => failsGate(f, failOn));
  const rest = open.filter((f) => !failsGate(f, failOn));
  const body: string[] = [];
  if (failing.length > 0) {
    body.push(`### Failing (${failing.length})`, '', '| severity | rule | finding | where |', '|---|---|---|---|');
    for (const f of failing) body.push(`| ${ICON[f.severity]} ${f.severity} | ${code(f.ruleId)} | ${escapeMarkdown(f.title)} | ${code(whereOf(f))} |`);
    body.push('', ...failing.map(details));
  }
  if (rest.length > 0) {
    body.push(`<details>`, `<summary>Below the gate (${rest.length})</summary>`, '', ...rest.map(details), '</details>', '');
  }
  const waived = findings.filter((f) => f.suppression);
  if (waived.length > 0) {
    body.push('<details>', `<summary>Waived (${waived.length})</summary>`, '', '| rule | finding | reason | owner | expires |', '|---|---|---|---|---|');
    for (const f of waived) {
      const w = f.suppression!;
      body.push(`| ${code(f.ruleId)} | ${escapeMarkdown(f.title)} | ${escapeMarkdown(w.reason)} | ${escapeMarkdown(w.owner ?? '')} | ${escapeMarkdown(w.expires ?? '')} |`);
    }
    body.push('', '</details>', '');
  }
  let text = out.join('\n');
  for (const line of body) {
    if (text.length + line.length > MAX_COMMENT_CHARS) {
      text += `\n\n_…truncated: the full report is in the job's output (\`--format json\`)._\n`;
      return text;
    }
    text += `\n${line}`;
  }
  return `${text.replace(/\n+$/, '')}\n`;
}
