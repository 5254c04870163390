import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../model/finding.js';
import { parseXml } from '../../parsers/xml.js';
import { escapeData, escapeProperty, githubAnnotations } from './github.js';
import { findingsToJson } from './json.js';
import { renderFindingsJunit } from './junit.js';
import { escapeMarkdown, renderFindingsMarkdown } from './markdown.js';
import { summarize } from './summary.js';
import { renderFindingsTable } from './table.js';
import pc from 'picocolors';

const FINDINGS: Finding[] = [
  {
    id: 'license:no-gpl:pkg:npm/gpl-lib@1.0.0',
    kind: 'license',
    ruleId: 'no-gpl',
    severity: 'high',
    title: 'GPL | not allowed: <gpl-lib>@1.0.0',
    message: 'license rule "no-gpl" fired: GPL-3.0-only is `strong-copyleft`, in "GPL-3.0-only" & more; 100% sure',
    howToFix: 'Replace it\nwith *something* else',
    componentId: 'pkg:npm/gpl-lib@1.0.0',
    projects: ['project:.'],
    locations: [{ file: 'web app/package-lock.json', line: 12 }],
  },
  {
    id: 'policy:left-pad:pkg:npm/left-pad@1.3.0',
    kind: 'policy',
    ruleId: 'left-pad',
    severity: 'medium',
    title: 'Write it yourself: left-pad@1.3.0',
    message: 'condition "left-pad" is true',
    howToFix: 'Inline it',
    componentId: 'pkg:npm/left-pad@1.3.0',
    locations: [{ file: 'package-lock.json', line: 30 }],
  },
  {
    id: 'license:no-gpl:pkg:npm/waived@2.0.0',
    kind: 'license',
    ruleId: 'no-gpl',
    severity: 'high',
    title: 'GPL not allowed: waived@2.0.0',
    message: 'license rule "no-gpl" fired',
    componentId: 'pkg:npm/waived@2.0.0',
    locations: [{ file: 'package-lock.json', line: 40 }],
    suppression: { kind: 'waiver', reason: 'legal-approved', detail: 'LEGAL-1', source: 'ospo.policy.yaml:20', owner: 'legal@example.com', expires: '2030-01-01' },
  },
  {
    id: 'policy:waiver-expired:waivers[1]',
    kind: 'policy',
    ruleId: 'waiver-expired',
    severity: 'low',
    title: 'waivers[1] expired on 2026-01-01',
    message: 'waivers[1] expired',
    howToFix: 'Renew it',
    locations: [{ file: 'ospo.policy.yaml', line: 26 }],
  },
];

describe('summary', () => {
  it('counts open, waived and failing findings', () => {
    const s = summarize(FINDINGS, 'high');
    expect(s).toMatchObject({ total: 4, open: 3, suppressed: 1, failing: 1, failOn: 'high' });
    expect(s.bySeverity.high).toEqual({ open: 1, suppressed: 1 });
    expect(summarize(FINDINGS, 'medium').failing).toBe(2);
    expect(summarize(FINDINGS, 'critical').failing).toBe(0);
  });
});

describe('json', () => {
  it('keeps the findings as they are, with a summary', () => {
    const doc = findingsToJson(FINDINGS, 'high', { policy: 'ospo.policy.yaml' });
    expect(doc.summary.passed).toBe(false);
    expect(doc.run).toEqual({ policy: 'ospo.policy.yaml' });
    expect(doc.findings).toEqual(FINDINGS);
  });
});

describe('markdown', () => {
  it('matches the golden pull-request comment', () => {
    const text = renderFindingsMarkdown(FINDINGS, { failOn: 'high', title: 'Ospo policy check', subtitle: 'ospo.policy.yaml, distribution distributed-binary' });
    const golden = new URL('./__fixtures__/check-comment.md', import.meta.url);
    if (process.env['UPDATE_GOLDEN']) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('says passed when nothing reaches the gate, and escapes what could break the table', () => {
    const text = renderFindingsMarkdown(FINDINGS, { failOn: 'critical' });
    expect(text.split('\n')[0]).toBe('## Ospo check: ✅ passed');
    expect(escapeMarkdown('a|b <script>`x`</script> *y*')).toBe('a\\|b &lt;script&gt;\\`x\\`&lt;/script&gt; \\*y\\*');
  });

  it('stays under GitHub\'s comment size limit', () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...FINDINGS[0]!, id: `f${i}`, title: `${'long title '.repeat(5)}${i}` }));
    const text = renderFindingsMarkdown(many, { failOn: 'high' });
    expect(text.length).toBeLessThan(65_536);
    expect(text).toContain('truncated');
  });
});

describe('junit', () => {
  const xml = renderFindingsJunit(FINDINGS, {
    failOn: 'high',
    checks: [
      { ruleId: 'no-gpl', componentId: 'pkg:npm/gpl-lib@1.0.0' },
      { ruleId: 'no-gpl', componentId: 'pkg:npm/mit-lib@1.0.0' },
    ],
    suiteName: 'ospo check "demo" & <co>',
  });
  it('is well-formed and parses back with the counts', () => {
    const doc = parseXml(xml, 'junit.xml', { arrays: ['testcase', 'testsuite'] });
    const suites = doc['testsuites'] as Record<string, unknown>;
    expect(suites['@_name']).toBe('ospo check "demo" & <co>');
    expect([suites['@_tests'], suites['@_failures'], suites['@_skipped']]).toEqual(['5', '3', '1']);
    const cases = ((suites['testsuite'] as Array<Record<string, unknown>>)[0]!['testcase'] as Array<Record<string, unknown>>).map((c) => [c['@_classname'], c['@_name'], c['failure'] ? 'failure' : c['skipped'] ? 'skipped' : 'pass']);
    expect(cases).toEqual([
      ['left-pad', 'pkg:npm/left-pad@1.3.0', 'failure'],
      ['no-gpl', 'pkg:npm/gpl-lib@1.0.0', 'failure'],
      ['no-gpl', 'pkg:npm/mit-lib@1.0.0', 'pass'],
      ['no-gpl', 'pkg:npm/waived@2.0.0', 'skipped'],
      ['waiver-expired', 'policy:waiver-expired:waivers[1]', 'failure'],
    ]);
    const gpl = ((suites['testsuite'] as Array<Record<string, unknown>>)[0]!['testcase'] as Array<Record<string, unknown>>)[1]!['failure'] as Record<string, string>;
    expect(gpl['@_message']).toBe('high: GPL | not allowed: <gpl-lib>@1.0.0');
    expect(gpl['@_type']).toBe('gate');
    expect(gpl['#text']).toContain('"GPL-3.0-only" & more');
  });
  it('drops characters XML cannot hold', () => {
    const bad = renderFindingsJunit([{ ...FINDINGS[0]!, title: 'nul\u0000 bell\u0007 ok' }], { failOn: 'high' });
    expect(() => parseXml(bad, 'junit.xml')).not.toThrow();
    expect(bad).toContain('nul bell ok');
  });
});

describe('github annotations', () => {
  it('writes one workflow command per open finding, escaped', () => {
    const text = githubAnnotations(FINDINGS, 'high');
    expect(text.split('\n').filter(Boolean)).toEqual([
      '::error file=web app/package-lock.json,line=12,title=no-gpl (high)::GPL | not allowed: <gpl-lib>@1.0.0%0Alicense rule "no-gpl" fired: GPL-3.0-only is `strong-copyleft`, in "GPL-3.0-only" & more; 100%25 sure%0AHow to fix: Replace it%0Awith *something* else',
      '::warning file=package-lock.json,line=30,title=left-pad (medium)::Write it yourself: left-pad@1.3.0%0Acondition "left-pad" is true%0AHow to fix: Inline it',
      '::notice file=ospo.policy.yaml,line=26,title=waiver-expired (low)::waivers[1] expired on 2026-01-01%0Awaivers[1] expired%0AHow to fix: Renew it',
    ]);
  });
  it.each([
    ['a%b\r\nc', 'a%25b%0D%0Ac', 'a%25b%0D%0Ac'],
    ['x:y,z', 'x:y,z', 'x%3Ay%2Cz'],
  ])('escapes %j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });
});

describe('table', () => {
  it('lists open findings, explains failing ones, and ends with the verdict', () => {
    const text = renderFindingsTable(FINDINGS, 'high', pc.createColors(false), 'demo');
    expect(text.startsWith('demo\n')).toBe(true);
    expect(text).toContain('  fix: Replace it\nwith *something* else');
    expect(text).toContain('waived (1):\n  no-gpl: GPL not allowed: waived@2.0.0 — legal-approved, legal@example.com, until 2030-01-01');
    expect(text.trimEnd().split('\n').pop()).toBe('FAIL: 1 finding(s) at or above high (3 open, 1 waived)');
  });
});
