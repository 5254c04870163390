// GitHub Actions workflow commands (https://docs.github.com/actions/reference/workflow-commands-for-github-actions):
// one `::error`/`::warning`/`::notice` line per open finding, so the findings show on the diff.
import type { Finding, Severity } from '../../model/finding.js';
import { failsGate } from './summary.js';

/** Escapes a workflow command's message: `%`, CR and LF (as the Actions toolkit does). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value: also `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Annotation lines for open findings: errors for those failing the gate, warnings for medium, notices for the rest. */
export function githubAnnotations(findings: readonly Finding[], failOn: Severity): string {
  const lines: string[] = [];
  for (const f of findings) {
    if (f.suppression) continue;
    const level = failsGate(f, failOn) ? 'error' : f.severity === 'medium' || f.severity === 'high' || f.severity === 'critical' ? 'warning' : 'notice';
    const props: string[] = [];
    const loc = f.locations[0];
    if (loc) {
      props.push(`file=${escapeProperty(loc.file)}`);
      if (loc.line !== undefined) props.push(`line=${loc.line}`);
    }
    props.push(`title=${escapeProperty(`${f.ruleId} (${f.severity})`)}`);
    const message = `${f.title}\n${f.message}${f.howToFix ? `\nHow to fix: ${f.howToFix}` : ''}`;
    lines.push(`::${level} ${props.join(',')}::${escapeData(message)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
