import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoFactory } from '../../standards/test-repos.js';
import { runCli } from '../../test-support/cli.js';

const repos = repoFactory('ospo-repo-cli-');
afterAll(() => repos.cleanup());
const clean = repos.make({});
const noReadme = repos.make({ 'README.md': null });
const aws = ['AK', 'IA', 'FAKE', 'FAKE', 'EXAMPLE7'].join('');
const leaky = repos.make({ 'config/.env': `AWS_KEY=${aws}\n` });

describe('ospo repo check: exit codes', () => {
  it.each([
    ['a clean repository passes', [clean], 0],
    ['a missing README fails at high', [noReadme], 1],
    ['--fail-on critical lets it pass', [noReadme, '--fail-on', 'critical'], 0],
    ['a secret fails even at critical', [leaky, '--fail-on', 'critical'], 1],
    ['a path that does not exist is unreadable', [join(clean, 'nope')], 3],
    ['an unknown format is a usage error', [clean, '--format', 'pdf'], 2],
    ['an unknown distribution is a usage error', [clean, '--distribution', 'saas'], 2],
    ['a missing policy file is a usage error', [clean, '--policy', join(clean, 'missing.yaml')], 2],
    ['no path is a usage error', [], 2],
  ])('%s', async (_name, args, code) => {
    const run = await runCli(['repo', 'check', ...(args as string[])]);
    expect(run.code, run.stderr).toBe(code);
  });

  it('an invalid policy is a configuration error naming the line', async () => {
    const dir = repos.make({ 'ospo.policy.yaml': 'version: 1\nlicenses:\n  - id: x\n    action: deny\n    severity: hgh\n    message: m\n    howToFix: f\n' });
    const run = await runCli(['repo', 'check', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ospo\.policy\.yaml:5: licenses\[0\]\.severity/);
  });

  it('an unreadable lockfile is named on stderr and gives exit 3 when nothing fails', async () => {
    const dir = repos.make({ 'package-lock.json': '{ "lockfileVersion": 3,' });
    const run = await runCli(['repo', 'check', dir]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^warning package-lock\.json:1: invalid JSON/m);
  });
});

describe('ospo repo check: output', () => {
  it('table (golden): every rule with its status, then the verdict', async () => {
    const run = await runCli(['repo', 'check', clean]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Repository standards: ${clean} · license MIT · distribution distributed-binary · fail on high`);
    const statuses = lines.filter((l) => /│ repo\//.test(l)).map((l) => l.split('│').map((c) => c.trim()).slice(1, 3).join(' '));
    expect(statuses).toEqual([
      'pass repo/license-present',
      'pass repo/license-identified',
      'pass repo/license-approved',
      'pass repo/readme',
      'pass repo/contributing',
      'pass repo/code-of-conduct',
      'pass repo/security-policy',
      'pass repo/codeowners',
      'pass repo/license-headers',
      'skip repo/reuse',
      'pass repo/no-secrets',
      'pass repo/third-party-licenses',
      'pass repo/dependency-policy',
    ]);
    expect(lines.at(-2)).toBe('PASS: every rule passes (1 not applicable)');
    expect(run.stderr).toBe(
      'no ospo.policy.yaml found: the LICENSE is judged on OSI approval, dependencies under the built-in default policy (see `ospo policy explain`)\n' +
        'ospo repo check: PASS: nothing at or above high (12 rules pass, 0 warn, 1 skipped); attach `--format json` output to the publication request\n',
    );
  });

  it('table: a failure says why and how to fix it, and what to do next', async () => {
    const run = await runCli(['repo', 'check', noReadme]);
    expect(run.stdout).toContain('HIGH No README file\n  why: No README was found at the root, in .github/ or in docs/ (where GitHub looks for it).\n  fix: Add README.md at the root');
    expect(run.stdout).toContain('FAIL: 1 finding(s) at or above high (1 open, 0 waived)');
    expect(run.stderr).toContain('ospo repo check: FAIL: 1 finding(s) at or above high in repo/readme; fix them (each finding says how) and run it again');
  });

  it('json: {path, checkedAt, rules: [{id, status, findings}], summary}, secrets masked', async () => {
    const run = await runCli(['repo', 'check', leaky, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain(aws);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['path', 'checkedAt', 'rules', 'summary']));
    expect(doc.path).toBe(leaky);
    expect(Number.isNaN(Date.parse(doc.checkedAt))).toBe(false);
    const secrets = doc.rules.find((r: { id: string }) => r.id === 'repo/no-secrets');
    expect(secrets.status).toBe('fail');
    expect(secrets.findings).toMatchObject([
      { kind: 'policy', ruleId: 'repo/no-secrets', severity: 'critical', locations: [{ file: 'config/.env', line: 1 }], details: { kind: 'aws-access-key-id', masked: 'AKIA****************' } },
    ]);
    expect(doc.summary).toEqual({ rules: { pass: 11, fail: 1, warn: 0, skip: 1 }, findings: { total: 1, open: 1, suppressed: 0, failing: 1 }, failOn: 'high', passed: false });
  });

  it('json to a file with -o: stdout stays empty, the file is complete', async () => {
    const out = join(repos.make({}), 'out', 'standards.json');
    const run = await runCli(['repo', 'check', clean, '--format', 'json', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.passed).toBe(true);
  });

  it('markdown: findings, then the rules checklist', async () => {
    const run = await runCli(['repo', 'check', noReadme, '--format', 'markdown']);
    expect(run.stdout).toMatch(/^## Ospo repository standards/m);
    expect(run.stdout).toContain('| FAIL | `repo/readme` | A README that says what the project is |');
    expect(run.stdout).toContain('| skip | `repo/reuse` |');
  });

  it('sarif: 2.1.0, a result per finding with the rule described', async () => {
    const run = await runCli(['repo', 'check', leaky, '--format', 'sarif']);
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([['repo/no-secrets', 'error']]);
    expect(log.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'config/.env' }, region: { startLine: 1 } });
    expect(run.stdout).not.toContain(aws);
  });

  it('--policy and --distribution judge the project license', async () => {
    const dir = repos.make({});
    const policy = join(dir, 'strict.yaml');
    writeFileSync(policy, 'version: 1\nlicenses:\n  - id: only-apache\n    action: deny\n    licenses: [MIT]\n    distributions: [library]\n    severity: high\n    message: Publish libraries under Apache-2.0\n    howToFix: Relicense\n');
    const asLibrary = await runCli(['repo', 'check', dir, '--policy', policy, '--distribution', 'library', '--format', 'json']);
    expect(asLibrary.code).toBe(1);
    const approved = JSON.parse(asLibrary.stdout).rules.find((r: { id: string }) => r.id === 'repo/license-approved');
    expect(approved.findings.map((f: { title: string }) => f.title)).toEqual(['MIT is denied by the policy for library']);
    const asService = await runCli(['repo', 'check', dir, '--policy', policy, '--distribution', 'network-service']);
    expect(asService.code).toBe(0);
  });

  it('--help lists the rules, exit codes and examples', async () => {
    const run = await runCli(['repo', 'check', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('repo/no-secrets');
    expect(run.stdout).toContain('ospo repo check . --format json -o standards.json');
  });
});
