import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/finding.js';
import { evaluatePolicy, type Classify } from './evaluate.js';
import { explainPackage } from './explain.js';
import { licenseAlternatives } from './license-terms.js';
import { parsePolicy } from './load.js';
import { inlineInventory } from './test-cases.js';
import type { LicenseCategory } from './types.js';

/** A tiny classifier for tests, so these tests do not depend on the license data. */
const CATEGORIES: Record<string, LicenseCategory> = {
  MIT: 'permissive',
  'Apache-2.0': 'permissive',
  'BSD-3-Clause': 'permissive',
  'CC0-1.0': 'public-domain',
  'LGPL-2.1-only': 'weak-copyleft',
  'MPL-2.0': 'weak-copyleft',
  'GPL-2.0-only': 'strong-copyleft',
  'GPL-3.0-only': 'strong-copyleft',
  'AGPL-3.0-only': 'network-copyleft',
  'SSPL-1.0': 'source-available',
};
const classify: Classify = (e) => CATEGORIES[e.replace(/ WITH .*$/, '')] ?? 'unknown';
const now = new Date('2026-06-15T12:00:00Z');

const TEXTS = '    severity: high\n    message: Not allowed\n    howToFix: Replace it\n';
const POLICY = parsePolicy(
  `version: 1
distribution: distributed-binary
licenses:
  - id: permissive
    action: allow
    categories: [permissive, public-domain]
  - id: dev-anything
    action: allow
    licenses: ["*"]
    scopes: [dev, test]
  - id: gpl-ids
    action: deny
    licenses: ["GPL-*"]
    distributions: [distributed-binary, library]
${TEXTS}  - id: copyleft-review
    action: review
    categories: [weak-copyleft, strong-copyleft]
    severity: medium
    message: Review copyleft
    howToFix: Ask the OSPO
  - id: network
    action: deny
    categories: [network-copyleft]
    severity: critical
    message: Network copyleft
    howToFix: Replace it
  - id: unknown
    action: review
    categories: [unknown, source-available]
    severity: low
    message: Unknown license
    howToFix: Find it
packages:
  - id: lodash-ok
    action: allow
    purl: pkg:npm/lodash
  - id: old-minimist
    action: deny
    purl: pkg:npm/minimist
    versions: "<1.2.6"
${TEXTS}  - id: log4j
    action: deny
    purl: pkg:maven/org.apache.logging.log4j/*
    versions: ">=2.0.0, <2.17.1 || =1.2.17"
${TEXTS}conditions:
  - id: no-left-pad
    when: 'component.name.startsWith("left-") && component.direct'
    severity: medium
    message: Write it yourself
    howToFix: Inline the code
vulnerabilities:
  - id: critical-now
    minSeverity: critical
    severity: critical
    message: Critical vulnerability
    howToFix: Upgrade
  - id: high-30d
    minSeverity: high
    olderThanDays: 30
    fixAvailable: true
    severity: high
    message: High vulnerability with a fix, unfixed 30 days
    howToFix: Upgrade
`,
  'ospo.policy.yaml',
);

function run(components: Parameters<typeof inlineInventory>[0], opts: { distribution?: 'internal' | 'network-service' | 'distributed-binary' | 'library'; findings?: Finding[]; policy?: typeof POLICY } = {}) {
  return evaluatePolicy(opts.policy ?? POLICY, { inventory: inlineInventory(components), findings: opts.findings }, { classify, distribution: opts.distribution, now });
}
const fired = (r: ReturnType<typeof run>) => r.findings.filter((f) => !f.suppression && !f.ruleId.startsWith('waiver-')).map((f) => `${f.ruleId}:${f.componentId}`);

describe('license rules', () => {
  it.each([
    ['MIT', []],
    ['GPL-3.0-only', ['gpl-ids']],
    ['MIT OR GPL-3.0-only', []],
    ['MIT AND GPL-3.0-only', ['gpl-ids']],
    ['LGPL-2.1-only', ['copyleft-review']],
    ['(MIT OR AGPL-3.0-only) AND LGPL-2.1-only', ['copyleft-review']],
    ['AGPL-3.0-only OR GPL-2.0-only', ['gpl-ids']],
    ['GPL-2.0-only WITH Classpath-exception-2.0', ['gpl-ids']],
    ['AGPL-3.0-only AND GPL-3.0-only', ['gpl-ids', 'network']],
    ['Some Custom License', ['unknown']],
    ['SSPL-1.0', ['unknown']],
    [undefined, ['unknown']],
  ])('%s fires %j', (license, rules) => {
    const r = run([{ purl: 'pkg:npm/x@1.0.0', license }]);
    expect(fired(r).map((s) => s.split(':')[0]).sort()).toEqual(rules);
  });

  it('says which rule fired and why, at the component\'s manifest line', () => {
    const inv = inlineInventory([{ purl: 'pkg:npm/x@1.0.0', license: 'MIT AND GPL-3.0-only' }]);
    inv.components[0]!.locations = [{ file: 'package-lock.json', line: 12 }];
    const r = evaluatePolicy(POLICY, { inventory: inv }, { classify, now });
    const f = r.findings.find((x) => x.ruleId === 'gpl-ids')!;
    expect(f).toMatchObject({
      id: 'license:gpl-ids:pkg:npm/x@1.0.0',
      kind: 'license',
      severity: 'high',
      title: 'Not allowed: x@1.0.0',
      howToFix: 'Replace it',
      locations: [{ file: 'package-lock.json', line: 12 }],
      projects: ['project:.'],
    });
    expect(f.message).toBe('license rule "gpl-ids" (deny licenses GPL-*) fired: GPL-3.0-only matches GPL-*, in "MIT AND GPL-3.0-only"; distribution distributed-binary.');
    expect(f.details).toMatchObject({ terms: [{ term: 'GPL-3.0-only', category: 'strong-copyleft' }], ruleLine: 11 });
  });

  it('applies rules per distribution model and scope', () => {
    expect(fired(run([{ purl: 'pkg:npm/x@1', license: 'GPL-3.0-only' }], { distribution: 'internal' }))).toEqual(['copyleft-review:pkg:npm/x@1']);
    expect(fired(run([{ purl: 'pkg:npm/x@1', license: 'GPL-3.0-only', scope: 'dev' }]))).toEqual([]);
    expect(run([]).distribution).toBe('distributed-binary');
  });

  it('survives an expression bomb quickly', () => {
    const bomb = `${'('.repeat(5000)}MIT${')'.repeat(5000)}`;
    const t0 = Date.now();
    const r = run([{ purl: 'pkg:npm/x@1', license: bomb }]);
    expect(fired(r)).toEqual(['unknown:pkg:npm/x@1']);
    const wide = Array.from({ length: 40 }, (_, i) => `(MIT OR GPL-${i}.0)`).join(' AND ');
    expect(licenseAlternatives(wide)).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('package rules', () => {
  it.each([
    ['pkg:npm/minimist@1.2.5', ['old-minimist']],
    ['pkg:npm/minimist@1.2.6', []],
    ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', ['log4j']],
    ['pkg:maven/org.apache.logging.log4j/log4j-api@2.17.1', []],
    ['pkg:maven/log4j/log4j@1.2.17', []],
    ['pkg:maven/org.apache.logging.log4j/log4j-1.2-api@1.2.17', ['log4j']],
  ])('%s fires %j', (purl, rules) => {
    expect(fired(run([{ purl, license: 'MIT' }])).map((s) => s.split(':')[0])).toEqual(rules);
  });

  it('explains the match with the version range', () => {
    const f = run([{ purl: 'pkg:npm/minimist@1.2.5', license: 'MIT' }]).findings[0]!;
    expect(f.kind).toBe('policy');
    expect(f.message).toBe('package rule "old-minimist" (deny purl pkg:npm/minimist versions <1.2.6) fired: pkg:npm/minimist@1.2.5 matches pkg:npm/minimist and 1.2.5 is in <1.2.6; distribution distributed-binary.');
  });

  it('an allowed package is exempt from license rules and conditions', () => {
    expect(fired(run([{ purl: 'pkg:npm/lodash@4.17.21', license: 'GPL-3.0-only' }]))).toEqual([]);
  });
});

describe('conditions', () => {
  it('fire on the CEL expression', () => {
    const r = run([
      { purl: 'pkg:npm/left-pad@1.3.0', license: 'MIT', direct: true },
      { purl: 'pkg:npm/left-shift@1.0.0', license: 'MIT', direct: false },
    ]);
    expect(fired(r)).toEqual(['no-left-pad:pkg:npm/left-pad@1.3.0']);
    expect(r.findings[0]!.message).toContain('condition "no-left-pad" (component.name.startsWith("left-") && component.direct) is true for pkg:npm/left-pad@1.3.0');
  });

  it('report runtime errors with the rule id and line', () => {
    const policy = parsePolicy(`version: 1\nconditions:\n  - id: third-project\n    when: 'component.projects[2] == "x"'\n${TEXTS}`, 'p.yaml');
    const r = run([{ purl: 'pkg:npm/a@1' }], { policy });
    expect(r.ruleErrors).toHaveLength(1);
    expect(r.ruleErrors[0]).toMatchObject({ ruleId: 'third-project', line: 3, componentId: 'pkg:npm/a@1' });
    expect(r.ruleErrors[0]!.message).toMatch(/^CEL: /);
  });
});

describe('vulnerability gates', () => {
  const vuln = (over: Partial<Finding> & { details?: Record<string, unknown> }): Finding => ({
    id: `vulnerability:${over.ruleId ?? 'GHSA-1'}:pkg:npm/a@1`,
    kind: 'vulnerability',
    ruleId: 'GHSA-1',
    severity: 'high',
    title: 'a 1: bad',
    message: 'bad',
    componentId: 'pkg:npm/a@1',
    locations: [{ file: 'package-lock.json', line: 3 }],
    ...over,
  });
  it.each([
    ['critical, new', { severity: 'critical' as const, details: { published: '2026-06-14T00:00:00Z' } }, ['critical-now']],
    ['high, 10 days, fix', { details: { published: '2026-06-05T00:00:00Z', fixed: ['1.0.1'] } }, []],
    ['high, 60 days, fix', { details: { published: '2026-04-16T00:00:00Z', fixed: ['1.0.1'] } }, ['high-30d']],
    ['high, 60 days, no fix', { details: { published: '2026-04-16T00:00:00Z', fixed: [] } }, []],
    ['high, age unknown, fix', { details: { fixAvailable: true } }, ['high-30d']],
    ['medium', { severity: 'medium' as const }, []],
    ['critical but VEX not_affected', { severity: 'critical' as const, suppression: { kind: 'vex' as const, reason: 'not_affected' } }, []],
  ])('%s', (_name, over, rules) => {
    const r = run([{ purl: 'pkg:npm/a@1', license: 'MIT' }], { findings: [vuln(over)] });
    const gates = r.findings.filter((f) => f.details?.['section'] === 'vulnerabilities');
    expect(gates.map((f) => f.ruleId)).toEqual(rules);
    for (const g of gates) expect(g).toMatchObject({ kind: 'policy', componentId: 'pkg:npm/a@1', locations: [{ file: 'package-lock.json', line: 3 }], details: { advisory: 'GHSA-1' } });
  });
});

describe('waivers', () => {
  const withWaivers = (waivers: string) =>
    parsePolicy(
      `version: 1
licenses:
  - id: gpl
    action: deny
    licenses: ["GPL-*"]
${TEXTS}waivers:
${waivers}`,
      'ospo.policy.yaml',
    );
  const waiver = (scope: string, expires = '2026-12-31') => `  - ${scope}\n    reason: legal-approved\n    comment: approved in LEGAL-1\n    owner: legal@example.com\n    expires: ${expires}\n`;
  const comps = [
    { purl: 'pkg:npm/a@1.0.0', license: 'GPL-3.0-only', project: 'web' },
    { purl: 'pkg:npm/b@1.0.0', license: 'GPL-2.0-only', project: 'api' },
  ];

  it.each([
    ['by rule', 'rule: gpl', ['a', 'b']],
    ['by rule glob', 'rule: "g*"', ['a', 'b']],
    ['by package', 'package: pkg:npm/a', ['a']],
    ['by package and version', 'package: pkg:npm/b@1.0.0', ['b']],
    ['by license', 'license: GPL-2.0-only', ['b']],
    ['by license glob', 'license: "GPL-*"', ['a', 'b']],
    ['by project', 'project: web', ['a']],
    ['by project glob', 'project: "a*"', ['b']],
    ['by rule and package', 'rule: gpl\n    package: pkg:npm/b', ['b']],
    ['by another rule', 'rule: other', []],
  ])('scoped %s', (_name, scope, waived) => {
    const r = run(comps, { policy: withWaivers(waiver(scope)) });
    const suppressed = r.findings.filter((f) => f.suppression).map((f) => f.componentId!.replace(/^pkg:npm\/(\w+)@.*$/, '$1'));
    expect(suppressed).toEqual(waived);
    expect(r.waivers[0]!.status).toBe(waived.length ? 'used' : 'unused');
    for (const f of r.findings.filter((x) => x.suppression)) {
      expect(f.suppression).toEqual({ kind: 'waiver', reason: 'legal-approved', detail: 'approved in LEGAL-1', source: 'ospo.policy.yaml:10', owner: 'legal@example.com', expires: '2026-12-31' });
    }
  });

  it('a project waiver does not cover a component other projects use too', () => {
    const r = run([{ purl: 'pkg:npm/a@1.0.0', license: 'GPL-3.0-only', project: 'web' }, { purl: 'pkg:npm/a@1.0.0', license: 'GPL-3.0-only', project: 'api' }], { policy: withWaivers(waiver('project: web')) });
    expect(r.findings.filter((f) => f.ruleId === 'gpl' && !f.suppression)).toHaveLength(1);
  });

  it('an expired waiver stops applying and is reported at its line', () => {
    const r = run(comps, { policy: withWaivers(waiver('package: pkg:npm/a', '2026-06-14')) });
    expect(r.findings.filter((f) => f.suppression)).toEqual([]);
    expect(r.waivers[0]!.status).toBe('expired');
    const report = r.findings.find((f) => f.ruleId === 'waiver-expired')!;
    expect(report).toMatchObject({ kind: 'policy', severity: 'low', title: 'waivers[0] expired on 2026-06-14', locations: [{ file: 'ospo.policy.yaml', line: 10 }] });
    expect(report.message).toContain('would have covered 1 finding(s): license:gpl:pkg:npm/a@1.0.0');
  });

  it('applies through its expiry day', () => {
    const r = run(comps, { policy: withWaivers(waiver('package: pkg:npm/a', '2026-06-15')) });
    expect(r.findings.filter((f) => f.suppression).map((f) => f.componentId)).toEqual(['pkg:npm/a@1.0.0']);
  });

  it('an unused waiver is reported', () => {
    const r = run(comps, { policy: withWaivers(`  - id: stale\n${waiver('package: pkg:npm/gone').replace('  - ', '    ')}`) });
    const report = r.findings.find((f) => f.ruleId === 'waiver-unused')!;
    expect(report).toMatchObject({ id: 'policy:waiver-unused:stale', severity: 'low', title: 'waiver "stale" matches no finding' });
  });

  it('a waiver by advisory id covers a vulnerability gate', () => {
    const policy = parsePolicy(
      `version: 1\nvulnerabilities:\n  - id: crit\n    minSeverity: critical\n${TEXTS}waivers:\n${waiver('rule: GHSA-xxxx-*').replace('legal-approved', 'no-fix-available')}`,
      'p.yaml',
    );
    const v: Finding = { id: 'v', kind: 'vulnerability', ruleId: 'GHSA-xxxx-yyyy', severity: 'critical', title: 't', message: 'm', componentId: 'pkg:npm/a@1.0.0', locations: [] };
    const r = run(comps, { policy, findings: [v] });
    expect(r.findings.map((f) => [f.ruleId, f.suppression?.reason])).toEqual([['crit', 'no-fix-available']]);
  });
});

describe('explainPackage', () => {
  it('says which rules match and which decides', () => {
    const x = explainPackage(POLICY, 'pkg:npm/x@1.0.0', { license: 'MIT OR GPL-3.0-only', classify, now });
    expect(x.outcome).toBe('allowed');
    const byId = Object.fromEntries(x.entries.map((e) => [e.ruleId, e]));
    expect(byId['permissive']).toMatchObject({ verdict: 'decides', line: 4 });
    expect(byId['gpl-ids']!.verdict).toBe('matches');
    expect(byId['network']!.verdict).toBe('no');
    expect(byId['network']!.reason).toContain('matches neither categories network-copyleft');
    expect(byId['dev-anything']).toMatchObject({ verdict: 'no', reason: 'applies only to scopes dev, test, not runtime' });
    expect(byId['critical-now']!.verdict).toBe('not-evaluated');
  });

  it('explains a denied package and an allowed one', () => {
    expect(explainPackage(POLICY, 'pkg:npm/x@1.0.0', { license: 'GPL-3.0-only', classify }).outcome).toBe('denied');
    expect(explainPackage(POLICY, 'pkg:npm/x@1.0.0', { license: 'GPL-3.0-only', classify, distribution: 'internal' }).outcome).toBe('review');
    const lodash = explainPackage(POLICY, 'pkg:npm/lodash@4.17.21', { license: 'GPL-3.0-only', classify });
    expect(lodash.outcome).toBe('allowed');
    expect(lodash.entries.find((e) => e.ruleId === 'lodash-ok')!.verdict).toBe('decides');
    const minimist = explainPackage(POLICY, 'pkg:npm/minimist@1.2.8', { license: 'MIT', classify });
    expect(minimist.entries.find((e) => e.ruleId === 'old-minimist')!.reason).toBe('deny: pkg:npm/minimist@1.2.8 matches pkg:npm/minimist but 1.2.8 is not in <1.2.6');
  });

  it('refuses something that is not a purl', () => {
    expect(() => explainPackage(POLICY, 'lodash', { classify })).toThrow(/is not a purl/);
  });
});

describe('evaluatePolicy: health rules', () => {
  const policy = parsePolicy(
    `version: 1
licenses:
  - id: all
    action: allow
    licenses: ["*"]
health:
  - id: pinned
    unpinned: true
    severity: medium
    message: Unpinned dependency
    howToFix: Pin it in a lockfile
  - id: off-registry
    sources: [git, url]
    severity: high
    message: Dependency from outside the registry
    howToFix: Use a released version from the registry
  - id: licensed
    missingLicense: true
    scopes: [runtime]
    severity: low
    message: No license
    howToFix: Ask the maintainers for one
  - id: stale
    maxDaysSinceRelease: 730
    deprecated: true
    severity: medium
    message: Unmaintained
    howToFix: Replace it
`,
    'health.yaml',
  );
  const inventory = inlineInventory([
    { purl: 'pkg:npm/left-pad@1.3.0', license: 'MIT' },
    { purl: 'pkg:npm/unpinned', license: 'MIT' },
    { purl: 'pkg:npm/from-git@1.0.0', license: 'MIT' },
    { purl: 'pkg:npm/no-license@2.0.0' },
    { purl: 'pkg:npm/no-license-dev@2.0.0', scope: 'dev' },
  ]);
  const git = inventory.components.find((c) => c.name === 'from-git')!;
  git.source = { kind: 'git', url: 'https://github.com/acme/from-git.git', ref: 'a1b2c3d' };
  inventory.components.find((c) => c.name === 'unpinned')!.declared = '^1.0.0';
  const result = evaluatePolicy(policy, { inventory }, { classify, now });
  const fired = result.findings.map((f) => [f.ruleId, f.componentId]);

  it('evaluates what the inventory knows: unpinned versions, off-registry sources, missing licenses', () => {
    expect(fired).toEqual(
      expect.arrayContaining([
        ['pinned', 'pkg:npm/unpinned'],
        ['off-registry', 'pkg:npm/from-git@1.0.0'],
        ['licensed', 'pkg:npm/no-license@2.0.0'],
      ]),
    );
    expect(fired).toHaveLength(3);
    const git = result.findings.find((f) => f.ruleId === 'off-registry')!;
    expect(git.message).toContain('git source (https://github.com/acme/from-git.git#a1b2c3d)');
    expect(result.findings.find((f) => f.ruleId === 'pinned')!.message).toContain('only the range "^1.0.0"');
  });

  it('never fires what needs registry data, and the loader says so by field and line', () => {
    expect(fired.some(([r]) => r === 'stale')).toBe(false);
    expect(policy.notEvaluated.map((p) => [p.field, p.line])).toEqual([
      ['health[3].maxDaysSinceRelease', 24],
      ['health[3].deprecated', 25],
    ]);
    expect(policy.notEvaluated[0]!.message).toMatch(/health rule "stale": maxDaysSinceRelease needs package registry data.*the rule never fires/);
  });

  it('explains a health rule: what it checks and what it cannot', () => {
    const e = explainPackage(policy, 'pkg:npm/left-pad@1.3.0', { classify, license: 'MIT' });
    const stale = e.entries.find((x) => x.ruleId === 'stale')!;
    expect(stale.reason).toContain('maxDaysSinceRelease, deprecated need registry data');
    expect(e.entries.find((x) => x.ruleId === 'off-registry')!.reason).toContain('sources git, url');
  });

  it('rejects a health rule with no condition', () => {
    expect(() => parsePolicy('version: 1\nhealth:\n  - id: empty\n    severity: low\n    message: m\n    howToFix: h\n', 'p.yaml')).toThrow(/health\[0\]/);
  });
});
