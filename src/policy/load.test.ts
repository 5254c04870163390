import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML, defaultPolicy } from './default-policy.js';
import { parsePolicy, PolicyError } from './load.js';
import { POLICY_SCHEMA } from './schema.js';

const RULE = `    severity: high
    message: m
    howToFix: h
`;

function problemsOf(text: string) {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as PolicyError).problems;
  }
  throw new Error('expected a PolicyError');
}

describe('parsePolicy: valid files', () => {
  it('reads every section and records rule lines', () => {
    const p = parsePolicy(
      `version: 1
name: demo
distribution: network-service
failOn: medium
licenses:
  - id: ok
    action: allow
    categories: [permissive]
  - id: gpl
    action: deny
    licenses: ["GPL-*"]
${RULE}packages:
  - id: log4j
    action: deny
    purl: pkg:maven/org.apache.logging.log4j/*
    versions: ">=2.0.0, <2.17.1"
${RULE}conditions:
  - id: c
    when: component.direct
${RULE}waivers:
  - rule: gpl
    reason: legal-approved
    comment: ok
    owner: legal
    expires: 2030-01-01
`,
      'p.yaml',
    );
    expect(p.name).toBe('demo');
    expect(p.distribution).toBe('network-service');
    expect(p.failOn).toBe('medium');
    expect(p.licenses.map((r) => [r.id, r.line])).toEqual([
      ['ok', 6],
      ['gpl', 9],
    ]);
    expect(p.licenses[0]!.severity).toBe('none');
    expect(p.packages[0]!.line).toBe(16);
    expect(p.conditions[0]!.line).toBe(24);
    expect(p.waivers[0]!.line).toBe(30);
  });

  it('the built-in default policy and every example policy are valid', () => {
    expect(defaultPolicy().licenses.length).toBeGreaterThan(3);
    expect(DEFAULT_POLICY_YAML).toContain('version: 1');
    for (const name of ['distributed-product', 'network-service', 'internal-tools']) {
      const url = new URL(`../../examples/policies/${name}.policy.yaml`, import.meta.url);
      expect(parsePolicy(readFileSync(url, 'utf8'), name).source).toBe(name);
    }
  });

  it('schemas/ospo-policy.schema.json is POLICY_SCHEMA written out', () => {
    const file = readFileSync(new URL('../../schemas/ospo-policy.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(file)).toEqual(JSON.parse(JSON.stringify(POLICY_SCHEMA)));
    expect(file).toBe(`${JSON.stringify(POLICY_SCHEMA, null, 2)}\n`);
  });

  it('keeps __proto__ keys out of the policy', () => {
    expect(() => parsePolicy('version: 1\n__proto__: {polluted: true}\n', 'p.yaml')).not.toThrow();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parsePolicy: broken files name the line and the field', () => {
  it.each([
    ['wrong version', 'version: 2\n', 1, 'version', 'must be 1 (got 2)'],
    ['no version', 'name: x\n', 1, 'version', 'missing required field "version"'],
    ['unknown top-level field', 'version: 1\nlicence: []\n', 2, 'licence', 'unknown field'],
    ['bad distribution', 'version: 1\ndistribution: saas\n', 2, 'distribution', 'must be one of internal, network-service, distributed-binary, library (got "saas")'],
    ['bad severity', `version: 1\nlicenses:\n  - id: a\n    action: deny\n    categories: [permissive]\n    severity: hgh\n    message: m\n    howToFix: h\n`, 6, 'licenses[0].severity', 'must be one of critical'],
    ['deny without texts', 'version: 1\nlicenses:\n  - id: a\n    action: deny\n    categories: [permissive]\n', 3, 'licenses[0].severity', 'missing required field "severity"'],
    ['license rule matching nothing', `version: 1\nlicenses:\n  - id: a\n    action: deny\n${RULE}`, 3, 'licenses[0]', 'needs categories or licenses to match'],
    ['unknown category', `version: 1\nlicenses:\n  - id: a\n    action: deny\n    categories:\n      - permissive\n      - copyleft\n${RULE}`, 7, 'licenses[0].categories[1]', 'must be one of permissive'],
    ['misspelt rule field', `version: 1\nlicenses:\n  - id: a\n    action: allow\n    categories: [permissive]\n    howtofix: x\n`, 6, 'licenses[0].howtofix', 'unknown field'],
    ['bad rule id', `version: 1\nlicenses:\n  - id: "no spaces"\n    action: allow\n    categories: [permissive]\n`, 3, 'licenses[0].id', 'is not a valid id'],
    ['bad purl pattern', `version: 1\npackages:\n  - id: a\n    action: deny\n    purl: lodash\n${RULE}`, 5, 'packages[0].purl', 'does not match'],
    ['bad version range', `version: 1\npackages:\n  - id: a\n    action: deny\n    purl: pkg:npm/lodash\n    versions: ">=1.0 <<2"\n${RULE}`, 6, 'packages[0].versions', 'is not a version range'],
    ['vulnerability gate without minSeverity', `version: 1\nvulnerabilities:\n  - id: v\n${RULE}`, 3, 'vulnerabilities[0].minSeverity', 'missing required field'],
    ['negative age', `version: 1\nvulnerabilities:\n  - id: v\n    minSeverity: high\n    olderThanDays: -1\n${RULE}`, 5, 'vulnerabilities[0].olderThanDays', 'must be >= 0'],
    ['waiver without scope', `version: 1\nwaivers:\n  - reason: accepted-risk\n    comment: c\n    owner: o\n    expires: 2030-01-01\n`, 3, 'waivers[0]', 'needs a scope'],
    ['waiver with a free-text reason', `version: 1\nwaivers:\n  - rule: x\n    reason: because\n    comment: c\n    owner: o\n    expires: 2030-01-01\n`, 4, 'waivers[0].reason', 'must be one of accepted-risk'],
    ['waiver with a bad date', `version: 1\nwaivers:\n  - rule: x\n    reason: accepted-risk\n    comment: c\n    owner: o\n    expires: 31/12/2030\n`, 7, 'waivers[0].expires', 'must be a date written YYYY-MM-DD'],
    ['waiver without owner', `version: 1\nwaivers:\n  - rule: x\n    reason: accepted-risk\n    comment: c\n    expires: 2030-01-01\n`, 3, 'waivers[0].owner', 'missing required field "owner"'],
    ['duplicate rule ids', `version: 1\nlicenses:\n  - id: a\n    action: allow\n    categories: [permissive]\nconditions:\n  - id: a\n    when: "true"\n${RULE}`, 7, 'conditions[0].id', 'duplicate rule id "a" (also at licenses[0])'],
    ['string where a list belongs', 'version: 1\nlicenses: permissive\n', 2, 'licenses', 'must be array'],
    ['second waiver broken, comments before it', `version: 1\nwaivers:\n  - rule: x\n    reason: accepted-risk\n    comment: c\n    owner: o\n    expires: 2030-01-01\n  # the next one is wrong\n\n  - rule: y\n    reason: accepted-risk\n    comment: c\n    owner: o\n    expires: 2030-02-30x\n`, 14, 'waivers[1].expires', 'must be a date'],
    ['flow-style mapping', 'version: 1\nlicenses: [{id: a, action: allow, categories: [permissive], bogus: 1}]\n', 2, 'licenses[0].bogus', 'unknown field'],
  ])('%s', (_name, text, line, field, message) => {
    const problems = problemsOf(text);
    const p = problems.find((x) => x.field === field);
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p!.line).toBe(line);
    expect(p!.message).toContain(message);
  });

  it('reports a YAML syntax error with its line', () => {
    const problems = problemsOf('version: 1\nlicenses:\n  - id: a\n   action: [\n');
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
    expect(problems[0]!.message).toMatch(/invalid YAML/);
  });

  it('reports an empty file', () => {
    expect(problemsOf('')[0]!.message).toContain('empty');
  });

  it('describes itself as file:line: field: message', () => {
    try {
      parsePolicy('version: 1\ndistribution: saas\n', 'ospo.policy.yaml');
    } catch (err) {
      expect((err as PolicyError).describe()).toBe('ospo.policy.yaml:2: distribution: must be one of internal, network-service, distributed-binary, library (got "saas")');
      expect((err as PolicyError).describeAll()).toBe('ospo.policy.yaml:2: distribution: must be one of internal, network-service, distributed-binary, library (got "saas")');
    }
    expect.assertions(2);
  });
});

describe('parsePolicy: CEL conditions', () => {
  it.each([
    ['syntax error', 'component.name ==', 'Unexpected token'],
    ['unknown field', 'component.nme == "x"', 'No such key: nme'],
    ['not a bool', 'component.name', 'expected bool'],
    ['unknown variable', 'pkg.name == "x"', 'pkg'],
  ])('%s is reported with the rule id and line', (_name, when, message) => {
    const problems = problemsOf(`version: 1\nconditions:\n  - id: my-rule\n${RULE}    when: '${when}'\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('conditions[0].when');
    expect(problems[0]!.line).toBe(7);
    expect(problems[0]!.message).toContain('rule "my-rule": CEL:');
    expect(problems[0]!.message).toContain(message);
  });
});

describe('parsePolicy: hostile files', () => {
  it.each([
    ['deep flow nesting', `version: 1\nname: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /nested deeper/],
    ['alias bomb', `version: 1\na: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n`, /alias bomb/],
    ['binary garbage', '\u0000\u0001\u0002version: 1', /invalid YAML|must be object|unknown field|missing required/],
    ['a list at the top', '- version: 1\n', /must be object/],
    ['CEL nesting bomb', `version: 1\nconditions:\n  - id: deep\n    when: '${'('.repeat(500)}true${')'.repeat(500)}'\n    severity: low\n    message: m\n    howToFix: h\n`, /rule "deep": CEL:/],
  ])('%s is refused with a message', (_name, text, message) => {
    const t0 = Date.now();
    const problems = problemsOf(text);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('refuses a policy over 4 MB', () => {
    expect(problemsOf(`version: 1\n# ${'x'.repeat(4 * 1024 * 1024)}\n`)[0]!.message).toContain('larger than 4 MB');
  });
});
