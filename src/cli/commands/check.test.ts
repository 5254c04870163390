import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../parsers/xml.js';
import { runCli } from '../../test-support/cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/check/${name}`, import.meta.url));
const repo = fixture('repo');
const examples = fileURLToPath(new URL('../../../examples/policies', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ospo-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ospo check: exit codes', () => {
  it.each([
    ['violations at or above high fail', [repo], 1],
    ['--fail-on critical passes', [repo, '--fail-on', 'critical'], 0],
    ['internal distribution: no license rule applies', [repo, '--distribution', 'internal', '--policy', join(examples, 'internal-tools.policy.yaml')], 0],
    ['a clean repository passes', [fixture('clean'), '--policy', join(repo, 'ospo.policy.yaml')], 0],
    ['an invalid policy is a configuration error', [fixture('broken')], 2],
    ['a missing policy file is a usage error', [repo, '--policy', join(tmp, 'nope.yaml')], 2],
    ['an unknown distribution is a usage error', [repo, '--distribution', 'saas'], 2],
    ['an unknown format is a usage error', [repo, '--format', 'pdf'], 2],
  ])('%s', async (_name, args, code) => {
    const run = await runCli(['check', ...(args as string[])]);
    expect(run.code, run.stderr).toBe(code);
  });

  it('names the line and field of an invalid policy on stderr', async () => {
    const run = await runCli(['check', fixture('broken')]);
    expect(run.stderr).toMatch(/ospo\.policy\.yaml:6: licenses\[0\]\.severity: must be one of critical, high, medium, low, none, unknown \(got "hgh"\)/);
    expect(run.stdout).toBe('');
  });

  it('warns, by line and field, about health conditions it cannot check yet', async () => {
    const policy = join(tmp, 'health.policy.yaml');
    writeFileSync(policy, 'version: 1\nhealth:\n  - id: stale\n    maxDaysSinceRelease: 365\n    severity: medium\n    message: Stale\n    howToFix: Replace it\n');
    const run = await runCli(['check', fixture('clean'), '--policy', policy]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/health\.policy\.yaml:4: health\[0\]\.maxDaysSinceRelease: health rule "stale": maxDaysSinceRelease needs package registry data, which Ospo does not fetch yet; the rule never fires/);
  });

  it('says when it falls back to the built-in default policy', async () => {
    const run = await runCli(['check', join(fixture('clean'), 'package-lock.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('using the built-in default policy');
    expect(run.stdout).toContain('PASS: nothing at or above high');
  });

  it('reports unreadable input with exit 3 when nothing fails the gate', async () => {
    const run = await runCli(['check', fixture('unreadable/package-lock.json'), '--policy', join(repo, 'ospo.policy.yaml')]);
    expect(run.code).toBe(3);
  });
});

describe('ospo check: formats', () => {
  it('table: the violation, why, how to fix, and the waived one', async () => {
    const run = await runCli(['check', repo]);
    expect(run.stdout).toContain('HIGH Copyleft in a shipped product: gpl-lib@1.0.0');
    expect(run.stdout).toContain('  why: license rule "no-copyleft" (deny categories strong-copyleft, network-copyleft) fired: GPL-3.0-only is strong-copyleft, in "GPL-3.0-only"; distribution distributed-binary, scope runtime.');
    expect(run.stdout).toContain('  fix: Replace the component');
    expect(run.stdout).toContain('no-copyleft: Copyleft in a shipped product: waived-lib@3.0.0 — legal-approved, legal@example.com, until 2099-01-01');
    expect(run.stdout).not.toContain('agpl-dev');
  });

  it('json: findings with suppressions and a summary', async () => {
    const run = await runCli(['check', repo, '--format', 'json']);
    const doc = JSON.parse(run.stdout);
    expect(doc.summary).toMatchObject({ total: 2, open: 1, suppressed: 1, failing: 1, passed: false, failOn: 'high' });
    expect(doc.findings.map((f: { id: string; suppression?: { reason: string } }) => [f.id, f.suppression?.reason ?? null])).toEqual([
      ['license:no-copyleft:pkg:npm/gpl-lib@1.0.0', null],
      ['license:no-copyleft:pkg:npm/waived-lib@3.0.0', 'legal-approved'],
    ]);
    expect(run.stderr).toContain('ospo check: FAIL: 1 open finding(s) at or above high');
  });

  it('sarif: 2.1.0 with results at the lockfile line and waived results suppressed', async () => {
    const run = await runCli(['check', repo, '--format', 'sarif']);
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0].results;
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      ruleId: 'no-copyleft',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'package-lock.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 8 } } }],
    });
    expect(results[1].suppressions).toEqual([expect.objectContaining({ kind: 'external' })]);
    expect(log.runs[0].tool.driver.rules[0]).toMatchObject({ id: 'no-copyleft', shortDescription: { text: 'Copyleft in a shipped product' } });
  });

  it('markdown: a pull-request comment', async () => {
    const run = await runCli(['check', repo, '--format', 'markdown']);
    expect(run.stdout.split('\n')[0]).toBe('## Ospo policy check: ❌ failed');
    expect(run.stdout).toContain('| 🟧 high | `no-copyleft` | Copyleft in a shipped product: gpl-lib@1.0.0 | `package-lock.json:8` |');
    expect(run.stdout).toContain('<summary>Waived (1)</summary>');
  });

  it('junit: one testcase per rule and component, written atomically to -o', async () => {
    const out = join(tmp, 'junit.xml');
    const run = await runCli(['check', repo, '--format', 'junit', '-o', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const doc = parseXml(readFileSync(out, 'utf8'), out, { arrays: ['testcase'] });
    const suite = (doc['testsuites'] as Record<string, Record<string, unknown>>)['testsuite']!;
    const cases = (suite['testcase'] as Array<Record<string, unknown>>).map((c) => [c['@_name'], c['failure'] ? 'failure' : c['skipped'] ? 'skipped' : 'pass']);
    expect(cases).toEqual([
      ['pkg:npm/gpl-lib@1.0.0', 'failure'],
      ['pkg:npm/mit-lib@2.0.0', 'pass'],
      ['pkg:npm/waived-lib@3.0.0', 'skipped'],
    ]);
  });

  it('prints GitHub annotations on stderr in Actions', async () => {
    const run = await runCli(['check', repo, '--format', 'json'], { GITHUB_ACTIONS: 'true' });
    expect(run.stderr).toContain('::error file=package-lock.json,line=8,title=no-copyleft (high)::Copyleft in a shipped product: gpl-lib@1.0.0%0A');
    const plain = await runCli(['check', repo, '--format', 'json']);
    expect(plain.stderr).not.toContain('::error');
  });
});

describe('ospo check --osv', () => {
  const args = [fixture('clean'), '--policy', fixture('osv-policy.yaml'), '--osv', fixture('osv'), '--format', 'json'];
  it('applies the vulnerability gates to matched advisories', async () => {
    const run = await runCli(['check', ...args]);
    expect(run.code, run.stderr).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({
      id: 'policy:critical-7-days:GHSA-ospo-test-0001:pkg:npm/mit-lib@2.0.0',
      kind: 'policy',
      severity: 'critical',
      title: 'Critical vulnerability unfixed for more than 7 days: GHSA-ospo-test-0001 in mit-lib@2.0.0',
      locations: [{ file: 'package-lock.json', line: 14 }],
      details: { advisory: 'GHSA-ospo-test-0001', vulnerabilitySeverity: 'critical' },
    });
    expect(doc.findings[0].howToFix).toMatch(/^Upgrade Upgrade mit-lib to 2\.0\.1 or later/);
  });
  it('VEX statements keep triaged vulnerabilities from the gates', async () => {
    const run = await runCli(['check', ...args, '--vex', fixture('vex.openvex.json')]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });
  it('--vex without --osv is a usage error', async () => {
    const run = await runCli(['check', fixture('clean'), '--vex', fixture('vex.openvex.json')]);
    expect(run.code).toBe(2);
  });
});

describe('ospo policy', () => {
  it('test: runs the example policies\' cases', async () => {
    const run = await runCli(['policy', 'test', examples]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^18 passed, 0 failed, in 3 file\(s\)$/m);
  });

  it('test: exits 1 when a case fails, naming the expectation', async () => {
    const run = await runCli(['policy', 'test', fileURLToPath(new URL('../../policy/__fixtures__/policy-tests/ok', import.meta.url))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL ');
    expect(run.stdout).toContain('expected rule "no-gpl" to fire; fired: none');
  });

  it('test: exits 2 for a malformed test file', async () => {
    const run = await runCli(['policy', 'test', fileURLToPath(new URL('../../policy/__fixtures__/policy-tests/broken', import.meta.url))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('broken.policy-test.yaml:10: cases[1].expect.fire: unknown field');
  });

  it('explain: which rules apply and why', async () => {
    const run = await runCli(['policy', 'explain', 'pkg:npm/some-lib@1.0.0', '--license', 'GPL-3.0-only', '--policy', join(examples, 'network-service.policy.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('review-strong-copyleft (line 18): review categories strong-copyleft: GPL-3.0-only is strong-copyleft');
    expect(run.stdout).toMatch(/outcome: needs review$/m);
    const json = JSON.parse((await runCli(['policy', 'explain', 'pkg:npm/x@1', '--license', 'AGPL-3.0-only', '--policy', join(examples, 'network-service.policy.yaml'), '--format', 'json'])).stdout);
    expect(json.outcome).toBe('denied');
    expect(json.entries.find((e: { ruleId: string }) => e.ruleId === 'no-network-copyleft').verdict).toBe('fires');
  });

  it('explain: a bad purl is a usage error', async () => {
    const run = await runCli(['policy', 'explain', 'lodash', '--policy', join(examples, 'network-service.policy.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"lodash" is not a purl');
  });

  it('validate and schema', async () => {
    const ok = await runCli(['policy', 'validate', join(examples, 'distributed-product.policy.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid (5 license, 1 package, 2 vulnerability, 2 health, 0 condition rules; 1 waivers)');
    const bad = await runCli(['policy', 'validate', join(fixture('broken'), 'ospo.policy.yaml')]);
    expect(bad.code).toBe(2);
    const schema = await runCli(['policy', 'schema']);
    expect(JSON.parse(schema.stdout).title).toBe('Ospo policy (ospo.policy.yaml)');
  });
});
