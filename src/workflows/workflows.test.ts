// Request types (the shipped file and hostile ones), form answers, the transition table, the CSV
// reader and webhook payloads: pure code, no database.
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { parseCsv } from './csv.js';
import { checkAnswers, loadRequestTypes, parseRequestTypes } from './request-types.js';
import { CLOSED_STATES, TRANSITIONS, allowedActions, transition } from './transitions.js';
import { signBody, verifySignature, webhookBody, webhookUrlProblem } from './webhooks.js';
import { allowlistRule, allowlistYaml, withAllowlist } from './allowlist.js';
import { allowlistPattern } from '../store/repo/decisions.js';
import { DEFAULT_POLICY_YAML, parsePolicy } from '../policy/index.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;

describe('request types', () => {
  it('ships the five types of the issue, each reviewable by its required roles', () => {
    const types = loadRequestTypes();
    expect(types.types.map((t) => t.id)).toEqual(['adopt', 'contribute', 'publish', 'exception', 'question']);
    expect(types.get('publish')).toMatchObject({ requiredRoles: ['legal', 'security'], minApprovers: 2, requireRepoCheck: true });
    expect(types.get('exception')).toMatchObject({ effect: 'waiver', minApprovers: 2 });
    expect(types.get('adopt')).toMatchObject({ effect: 'allowlist' });
  });

  it('fills defaults in a minimal file', () => {
    const t = loadRequestTypes(fixture('minimal.yaml')).get('question')!;
    expect(t).toMatchObject({ slaDays: 5, minApprovers: 1, fields: [], checklist: [], training: { courses: [], enforce: 'none' }, effect: 'none' });
  });

  it.each([
    ['unknown-key.yaml', '(at /types/0/approvers): unknown key "approvers"'],
    ['required-role-not-reviewer.yaml', '(at /types/0/requiredRoles/0): role legal must approve but is not among the reviewers (ospo)'],
    ['waiver-without-expiry.yaml', '(at /types/0/effect): a waiver effect needs a required date field "expires"'],
    ['duplicate-field.yaml', '(at /types/0/fields/1/id): field "topic" is defined twice'],
  ])('refuses %s, naming the field', (name, message) => {
    expect(() => loadRequestTypes(fixture(name))).toThrow(InputError);
    try {
      loadRequestTypes(fixture(name));
    } catch (err) {
      expect((err as InputError).describe()).toContain(`${name} ${message}`);
    }
  });

  it('keeps __proto__ keys from reaching objects', () => {
    const types = loadRequestTypes(fixture('proto-pollution.yaml'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(types.types).toHaveLength(1);
  });

  it('refuses a missing file and a wrong version with the file named', () => {
    expect(() => loadRequestTypes('/nonexistent/types.yaml')).toThrow(/cannot read the request-types file/);
    expect(() => parseRequestTypes('version: 2\ntypes: []\n', 'x.yaml')).toThrow('must be 1');
    expect(() => parseRequestTypes('version: 1\ntypes: []\n', 'x.yaml')).toThrow('must name at least one request type');
    expect(() => parseRequestTypes('[', 'x.yaml')).toThrow(InputError);
  });

  it('checks answers: unknown fields, kinds, enums, urls, purls, dates, control characters, required on completion', () => {
    const adopt = loadRequestTypes().get('adopt')!;
    expect(checkAnswers(adopt, { purl: ' pkg:npm/zod ', license: 'MIT', usage: 'saas' }, true)).toEqual({ answers: { purl: 'pkg:npm/zod', license: 'MIT', usage: 'saas' }, problems: [] });
    const bad = checkAnswers(adopt, { purl: 'zod', license: 7, usage: 'shipped', extra: 'x', alternatives: 'a\u0000b' }, true).problems;
    expect(bad).toEqual([
      { field: '/answers/extra', message: 'is not a field of adopt requests (fields: purl, versions, license, usage, alternatives)' },
      { field: '/answers/purl', message: 'must be a package URL such as pkg:npm/lodash' },
      { field: '/answers/license', message: 'must be a string' },
      { field: '/answers/usage', message: 'must be one of internal, saas, distributed' },
      { field: '/answers/alternatives', message: 'must not contain control characters' },
    ]);
    expect(checkAnswers(adopt, {}, false).problems).toEqual([]);
    expect(checkAnswers(adopt, {}, true).problems.map((p) => p.field)).toEqual(['/answers/purl', '/answers/license', '/answers/usage']);
    const ex = loadRequestTypes().get('exception')!;
    expect(checkAnswers(ex, { expires: '2027-02-30' }, false).problems).toEqual([{ field: '/answers/expires', message: 'must be a date as YYYY-MM-DD' }]);
    expect(checkAnswers(loadRequestTypes().get('contribute')!, { project: 'javascript:alert(1)' }, false).problems[0]!.message).toBe('must be an http(s) URL');
    expect(checkAnswers(adopt, [], false).problems).toEqual([{ field: '/answers', message: 'must be an object of field answers' }]);
    expect(checkAnswers(adopt, { license: 'x'.repeat(201) }, false).problems[0]!.message).toBe('must be at most 200 characters');
  });
});

describe('transitions', () => {
  it('has no way out of a closed state, and every other state can be withdrawn', () => {
    for (const s of CLOSED_STATES) expect(TRANSITIONS[s]).toEqual({});
    for (const s of ['draft', 'submitted', 'in_review', 'changes_requested'] as const) expect(transition(s, 'withdraw')).toEqual({ to: 'withdrawn', by: 'requester' });
  });

  it.each([
    ['draft', 'approve', undefined],
    ['draft', 'submit', 'submitted'],
    ['submitted', 'approve', 'approved'],
    ['in_review', 'request_changes', 'changes_requested'],
    ['changes_requested', 'submit', 'submitted'],
    ['changes_requested', 'approve', undefined],
    ['approved', 'reject', undefined],
  ] as const)('%s + %s -> %s', (from, action, to) => {
    expect(transition(from, action)?.to).toBe(to);
  });

  it('never offers reviewer actions to the requester, even an admin', () => {
    expect(allowedActions('submitted', { requester: true, reviewer: true })).toEqual(['withdraw']);
    expect(allowedActions('submitted', { requester: false, reviewer: true })).toEqual(['review', 'approve', 'reject', 'request_changes']);
    expect(allowedActions('submitted', { requester: false, reviewer: false })).toEqual([]);
  });
});

describe('CSV', () => {
  it.each([
    ['a BOM and CRLF', '\ufeffa,b\r\n1,2\r\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
    ['quoted commas, quotes and line breaks', 'a,"b, ""c"""\n"multi\nline",x\nlast,y', [[1, ['a', 'b, "c"']], [2, ['multi\nline', 'x']], [4, ['last', 'y']]]],
    ['blank lines and empty fields', '\n\na,,\n\n', [[3, ['a', '', '']]]],
  ] as const)('reads %s', (_name, text, records) => {
    expect(parseCsv(text).map((r) => [r.line, r.fields])).toEqual(records);
  });

  it.each([
    ['an unclosed quote', 'a\n"open,b\nc\n', 'x.csv:2: a quoted field is never closed'],
    ['text after a closing quote', '"a"b,c\n', 'x.csv:1: a quoted field must end at a comma'],
    ['a quote inside a field', 'ab"c\n', 'x.csv:1: a quote may only start a field'],
    ['NUL bytes', 'a\u0000b', 'x.csv: the CSV file contains NUL bytes'],
  ])('refuses %s, naming the line', (_name, text, message) => {
    try {
      parseCsv(text, 'x.csv');
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).describe()).toContain(message);
    }
  });

  it('caps sizes, records and fields', () => {
    expect(() => parseCsv('a\n'.repeat(20), 'x.csv', { maxRecords: 10 })).toThrow(/more than 10 records/);
    expect(() => parseCsv(`${'a,'.repeat(60)}\n`, 'x.csv')).toThrow(/more than 50 fields/);
    expect(() => parseCsv('x'.repeat(100), 'x.csv', { maxBytes: 50 })).toThrow(/larger than 50 bytes/);
    expect(() => parseCsv(`"${'x'.repeat(20_000)}"`, 'x.csv')).toThrow(/longer than 10000 characters/);
  });
});

describe('webhooks', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', undefined],
    ['https://hooks.slack.com/services/T/B/X', undefined],
    ['file:///etc/passwd', 'must be an http or https URL (not file)'],
    ['gopher://x', 'must be an http or https URL (not gopher)'],
    ['https://user:secret@example.com/', 'must not carry a user name or password (use the signature secret to authenticate)'],
    ['/relative', 'must be an absolute http(s) URL'],
  ])('%s: %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });

  it('signs with HMAC-SHA256 as GitHub does, and verifies in constant time', () => {
    // echo -n '{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signBody('secret', '{"a":1}')).toBe('sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494');
    expect(verifySignature('secret', '{"a":1}', signBody('secret', '{"a":1}'))).toBe(true);
    expect(verifySignature('secret', '{"a":2}', signBody('secret', '{"a":1}'))).toBe(false);
    expect(verifySignature('secret', 'x', undefined)).toBe(false);
    expect(verifySignature('secret', 'x', 'sha256=short')).toBe(false);
  });

  const data = { request: { number: 7, type: 'adopt', typeTitle: 'Adopt a component', title: 'Adopt <b>x</b> & y', state: 'approved', requester: 'dev@example.com', dueAt: '2027-01-02T00:00:00.000Z' }, decision: { outcome: 'approved', rationale: 'fine', clauses: ['licenses/permissive'] } };
  it('builds Slack, Teams and JSON bodies', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    expect(JSON.parse(webhookBody('json', 'request.decided', 'd1', at, data))).toEqual({ event: 'request.decided', deliveryId: 'd1', occurredAt: '2026-12-01T00:00:00.000Z', ...data });
    const slack = JSON.parse(webhookBody('slack', 'request.decided', 'd1', at, data, 'https://ospo.example.com/requests/7'));
    expect(slack.text).toBe('Request #7 approved: Adopt &lt;b&gt;x&lt;/b&gt; &amp; y (<https://ospo.example.com/requests/7|open>)');
    expect(slack.blocks[1].fields).toContainEqual({ type: 'mrkdwn', text: '*Policy clauses*\nlicenses/permissive' });
    const teams = JSON.parse(webhookBody('teams', 'request.sla_breached', 'd1', at, data));
    expect(teams.attachments[0].content.body[0].text).toBe('Request #7 is past its due date: Adopt <b>x</b> & y');
    expect(teams.attachments[0].content.body[1].facts).toContainEqual({ title: 'Due', value: '2027-01-02' });
  });
});

describe('allowlist', () => {
  it('turns a purl into a pattern and a version into a range', () => {
    expect(allowlistPattern('pkg:npm/left-pad@1.3.0', undefined)).toEqual({ pattern: 'pkg:npm/left-pad', versions: '=1.3.0' });
    expect(allowlistPattern('pkg:npm/%40types/node@20.1.0?x=y#sub', '>=20')).toEqual({ pattern: 'pkg:npm/%40types/node', versions: '>=20' });
    expect(allowlistPattern('pkg:maven/org.apache/commons', undefined)).toEqual({ pattern: 'pkg:maven/org.apache/commons', versions: null });
  });

  it('puts approved components ahead of the policy, so a denied license is allowed for them', () => {
    const policy = parsePolicy(DEFAULT_POLICY_YAML, 'default');
    const entry = { id: '00000000-0000-4000-8000-000000000001', purl: 'pkg:npm/zod', versions: '>=3.0.0, <4.0.0', reason: 'request 1: MIT', requestId: null };
    const merged = withAllowlist(policy, [entry, { ...entry, id: 'bad', versions: '>>>' }]);
    expect(merged.packages[0]).toMatchObject({ id: `allowlist:${entry.id}`, action: 'allow' });
    expect(merged.packages.length).toBe(policy.packages.length + 1);
    expect(() => allowlistRule({ ...entry, versions: '>>>' })).toThrow();
    expect(allowlistYaml([entry])).toContain("- id: allowlist-00000000\n    action: allow\n    purl: pkg:npm/zod\n    versions: '>=3.0.0, <4.0.0'");
    expect(parsePolicy(`version: 1\n${allowlistYaml([entry]).split('\n').filter((l) => !l.startsWith('#')).join('\n')}`, 'x').packages[0]!.action).toBe('allow');
  });
});

