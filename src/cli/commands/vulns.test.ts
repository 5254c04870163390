import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';
import { cycloneDxJsonErrors } from '../../test-support/validate.js';

const fx = (p: string) => fileURLToPath(new URL(`./__fixtures__/vulns/${p}`, import.meta.url));
const app = fx('app');
const osv = fx('osv');
const env = { SOURCE_DATE_EPOCH: '1700000000' };
const tmp = mkdtempSync(join(tmpdir(), 'ospo-vulns-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ospo vulns', () => {
  it('prints a table grouped by severity with fixes and a next step', async () => {
    const r = await runCli(['vulns', app, '--osv', osv], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CRITICAL \(1\)/);
    expect(r.stdout).toContain('left-pad-x');
    expect(r.stdout).toContain('1.1.5');
    expect(r.stdout).toContain('MEDIUM (1)');
    expect(r.stdout).toContain('2 vulnerabilities (1 critical, 1 medium) in 2 of 3 components');
    expect(r.stdout).toContain('Next: upgrade');
    expect(r.stdout).not.toContain('safe-lib');
    expect(r.stderr).toBe('');
  });

  it('names the manifest line on each row, and an SBOM (no lines) once under the tables', async () => {
    const lock = await runCli(['vulns', app, '--osv', osv], env);
    expect(lock.stdout).toMatch(/package-lock\.json:\d+/);
    expect(lock.stdout).toContain('summary / where');
    const sbom = join(tmp, 'app.cdx.json');
    expect((await runCli(['sbom', app, '-o', sbom], env)).code).toBe(0);
    const r = await runCli(['vulns', sbom, '--osv', osv], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('left-pad-x');
    expect(r.stdout).not.toContain('summary / where');
    expect(r.stdout.split(sbom).length - 1).toBe(1);
    expect(r.stdout).toContain(`2 vulnerabilities (1 critical, 1 medium) in 2 of 3 components of ${sbom}`);
  });

  it('writes JSON with merged aliases, fixes and the source', async () => {
    const r = await runCli(['vulns', app, '--osv', osv, '--format', 'json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('ospo-vulns/1');
    expect(doc.source).toMatchObject({ kind: 'directory', records: 4 });
    expect(doc.summary).toMatchObject({ components: 3, evaluated: 3, vulnerable: 2, findings: 2, suppressed: 0, unevaluated: 0 });
    expect(doc.findings.map((f: { ruleId: string; severity: string; details: { ids: string[]; nearestFix: string; fixWithinMajor: boolean } }) => [f.ruleId, f.severity, f.details.ids, f.details.nearestFix, f.details.fixWithinMajor])).toEqual([
      ['GHSA-demo-0001-aaaa', 'critical', ['GHSA-demo-0001-aaaa', 'CVE-2099-1001', 'OSV-demo-0002'], '1.1.5', true],
      ['GHSA-demo-0003-bbbb', 'medium', ['GHSA-demo-0003-bbbb'], '1.0.2', false],
    ]);
    expect(doc.findings[0].locations[0].file).toMatch(/package-lock\.json$/);
  });

  it.each([
    ['critical', 1],
    ['high', 1],
    ['medium', 1],
    ['low', 1],
  ] as const)('--fail-on %s exits %i', async (sev, code) => {
    const r = await runCli(['vulns', app, '--osv', osv, '--fail-on', sev, '--format', 'json'], env);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain('gate failed');
  });

  it('VEX suppresses findings, which then never fail the gate; unused statements are named', async () => {
    const r = await runCli(['vulns', app, '--osv', osv, '--vex', fx('triage.openvex.json'), '--fail-on', 'critical'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SUPPRESSED BY VEX (1)');
    expect(r.stdout).toContain('vulnerable_code_not_in_execute_path');
    expect(r.stderr).toContain('unused VEX statement');
    expect(r.stderr).toContain('CVE-2099-9999');
    const gated = await runCli(['vulns', app, '--osv', osv, '--vex', fx('triage.openvex.json'), '--fail-on', 'medium'], env);
    expect(gated.code).toBe(1);
  });

  it('writes schema-valid CycloneDX with vulnerabilities and analysis', async () => {
    const r = await runCli(['vulns', app, '--osv', osv, '--vex', fx('triage.openvex.json'), '--format', 'cyclonedx-json'], env);
    expect(r.code).toBe(0);
    expect(await cycloneDxJsonErrors(r.stdout)).toBeNull();
    const doc = JSON.parse(r.stdout);
    expect(doc.vulnerabilities.map((v: { id: string; affects: Array<{ ref: string }>; analysis?: { state: string } }) => [v.id, v.affects[0]!.ref, v.analysis?.state])).toEqual([
      ['GHSA-demo-0001-aaaa', 'pkg:npm/left-pad-x@1.1.0', 'not_affected'],
      ['GHSA-demo-0003-bbbb', 'pkg:npm/old-lib@0.9.0', undefined],
    ]);
    expect(doc.components.map((c: { name: string }) => c.name).sort()).toEqual(['left-pad-x', 'old-lib', 'safe-lib']);
  });

  it('writes SARIF and OpenVEX, to a file atomically with -o', async () => {
    const sarifFile = join(tmp, 'out.sarif');
    const r = await runCli(['vulns', app, '--osv', osv, '--format', 'sarif', '-o', sarifFile], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level])).toEqual([
      ['GHSA-demo-0001-aaaa', 'error'],
      ['GHSA-demo-0003-bbbb', 'warning'],
    ]);
    const vex = await runCli(['vulns', app, '--osv', osv, '--format', 'openvex'], env);
    const doc = JSON.parse(vex.stdout);
    expect(doc['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    expect(doc.timestamp).toBe('2023-11-14T22:13:20.000Z');
    expect(doc.statements.map((s: { status: string }) => s.status)).toEqual(['under_investigation', 'under_investigation']);
  });

  it('exits 2 for usage errors and 3 for unreadable inputs', async () => {
    expect((await runCli(['vulns', app, '--osv', osv, '--fail-on', 'severe'])).code).toBe(2);
    expect((await runCli(['vulns', app, '--osv', osv, '--format', 'pdf'])).code).toBe(2);
    const missingOsv = await runCli(['vulns', app, '--osv', join(tmp, 'nope')]);
    expect(missingOsv.code).toBe(3);
    const noDb = await runCli(['vulns', app, '--data-dir', join(tmp, 'empty-data')]);
    expect(noDb.code).toBe(3);
    expect(noDb.stderr).toContain('ospo db update');
    const badVex = join(tmp, 'bad.vex.json');
    writeFileSync(badVex, '{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-1"},"products":["pkg:npm/x"],"status":"not_affected"}]}');
    const vex = await runCli(['vulns', app, '--osv', osv, '--vex', badVex]);
    expect(vex.code).toBe(3);
    expect(vex.stderr).toContain('needs a justification');
    const missing = await runCli(['vulns', join(tmp, 'no-such-dir'), '--osv', osv]);
    expect(missing.code).toBe(3);
  });

  it('has help with examples', async () => {
    const r = await runCli(['vulns', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--fail-on <severity>');
    expect(r.stdout).toContain('Examples:');
  });
});
