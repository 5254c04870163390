// Findings as JUnit XML for CI test tabs: one testcase per rule x component checked, a
// <failure> for each open violation, <skipped> for waived ones.
import type { Finding, Severity } from '../../model/finding.js';
import { failsGate } from './summary.js';

/** Characters XML 1.0 cannot hold at all (https://www.w3.org/TR/xml/#charsets); dropped. */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Options for the JUnit report. */
export interface JunitOptions {
  failOn: Severity;
  suiteName?: string;
  /** Every rule x component check made; those without a finding pass. */
  checks?: ReadonlyArray<{ ruleId: string; componentId: string }>;
}

/**
 * Renders JUnit XML. Findings below `failOn` are failures too when open (they are violations),
 * but only those at or above it carry `type="gate"`; CI tools show all of them.
 */
export function renderFindingsJunit(findings: readonly Finding[], options: JunitOptions): string {
  type Case = { classname: string; name: string; finding?: Finding };
  const cases = new Map<string, Case>();
  for (const c of options.checks ?? []) cases.set(`${c.ruleId}\u0000${c.componentId}`, { classname: c.ruleId, name: c.componentId });
  for (const f of findings) {
    const name = f.componentId ?? f.id;
    const key = `${f.ruleId}\u0000${name}`;
    const existing = cases.get(key);
    // Two findings on one rule x component (a gate over two advisories) get their own cases.
    if (existing?.finding) cases.set(`${key}\u0000${f.id}`, { classname: f.ruleId, name: `${name} (${f.id})`, finding: f });
    else cases.set(key, { classname: f.ruleId, name, finding: f });
  }
  const sorted = [...cases.values()].sort((a, b) => (a.classname + '\u0000' + a.name < b.classname + '\u0000' + b.name ? -1 : 1));
  const failures = sorted.filter((c) => c.finding && !c.finding.suppression).length;
  const skipped = sorted.filter((c) => c.finding?.suppression).length;
  const suite = escapeXml(options.suiteName ?? 'ospo check');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${suite}" tests="${sorted.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${suite}" tests="${sorted.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
  ];
  for (const c of sorted) {
    const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}"`;
    const f = c.finding;
    if (!f) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (f.suppression) {
      const w = f.suppression;
      lines.push(`      <skipped message="${escapeXml(`waived: ${w.reason}${w.owner ? `, owner ${w.owner}` : ''}${w.expires ? `, until ${w.expires}` : ''}`)}"/>`);
    } else {
      const where = f.locations.map((l) => (l.line !== undefined ? `${l.file}:${l.line}` : l.file)).join(', ');
      const body = [f.message, f.howToFix ? `How to fix: ${f.howToFix}` : '', where ? `Where: ${where}` : ''].filter(Boolean).join('\n');
      lines.push(`      <failure message="${escapeXml(`${f.severity}: ${f.title}`)}" type="${failsGate(f, options.failOn) ? 'gate' : f.severity}">${escapeXml(body)}</failure>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
