import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { cycloneDxJsonErrors, spdxJsonErrors } from '../test-support/validate.js';

const sample = new URL('../../examples/sample-portfolio', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'ospo-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ospo scan', () => {
  it('prints a table per project and what to do next', async () => {
    const run = await runCli(['scan', sample]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('web-shop@1.4.0');
    expect(run.stdout).toMatch(/packages \(\d+ direct, \d+ transitive/);
    expect(run.stdout).toContain('Next: `ospo sbom');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).toBe('');
  });

  it('gives machines JSON with projects, packages and errors', async () => {
    const run = await runCli(['scan', sample, '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.schema).toBe('ospo-scan/1');
    expect(out.projects).toHaveLength(5);
    const express = out.packages.find((p: { name: string }) => p.name === 'express');
    expect(express).toMatchObject({ ecosystem: 'npm', version: '4.21.1', purl: 'pkg:npm/express@4.21.1', direct: true, scope: 'runtime' });
    expect(express.locations[0].file).toBe('web-shop/package-lock.json');
    expect(express.dependencies).toEqual(['pkg:npm/accepts@1.3.8', 'pkg:npm/qs@6.13.0']);
  });

  it('names a warning on stderr (an include not found) and still exits 0', async () => {
    const d = mkdtempSync(join(tmp, 'warn-'));
    writeFileSync(join(d, 'requirements.txt'), 'requests==2.31.0\n-r missing.txt\n');
    const run = await runCli(['scan', d]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('requirements.txt');
    expect(run.stderr).toBe('warning requirements.txt:2: requirements file missing.txt not found (or not readable)\n');
    // The JSON form carries it too, and prints the same line on stderr.
    const json = await runCli(['scan', d, '--format', 'json']);
    expect(JSON.parse(json.stdout).warnings).toEqual([{ file: 'requirements.txt', line: 2, message: 'requirements file missing.txt not found (or not readable)' }]);
  });

  it('shows at most 20 warnings and says how many more there are', async () => {
    const d = mkdtempSync(join(tmp, 'warns-'));
    writeFileSync(join(d, 'requirements.txt'), ['requests==2.31.0', ...Array.from({ length: 25 }, (_, i) => `-r missing-${i}.txt`)].join('\n') + '\n');
    const run = await runCli(['scan', d]);
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('warning requirements.txt:2: requirements file missing-0.txt not found (or not readable)');
    expect(lines[20]).toBe('warning 5 more warnings; `--format json` lists them all');
  });

  it('exits 3 and names each unreadable input, reporting the rest', async () => {
    const d = mkdtempSync(join(tmp, 'bad-'));
    writeFileSync(join(d, 'Cargo.lock'), 'version = 3\n[[package]\n');
    const run = await runCli(['scan', d, sample, '--format', 'json']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error .*Cargo\.lock:2: /m);
    expect(JSON.parse(run.stdout).projects.length).toBeGreaterThanOrEqual(5);
  });

  it('says files could not be read, not that there were none, when every file fails', async () => {
    const d = mkdtempSync(join(tmp, 'allbad-'));
    writeFileSync(join(d, 'go.mod'), 'module example.com/b\n\nrequire (\n  github.com/x/y v1.2.3\n');
    const run = await runCli(['scan', d]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/go\.mod:3: require block opened here is never closed/);
    expect(run.stdout).toContain('could be read: 1 file failed');
    expect(run.stdout).not.toContain('No manifests or lockfiles found');
  });

  it('exits 3 for a path that does not exist', async () => {
    const run = await runCli(['scan', join(tmp, 'nope')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('no such file or directory');
  });

  it.each([
    [['scan']],
    [['scan', '.', '--format', 'xml']],
    [['frobnicate']],
    [['scan', '.', '--type', 'no/such-format']],
    [['scan', '.', '--max-file-size', 'lots']],
  ])('exits 2 on a usage error: %j', async (argv) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr.length).toBeGreaterThan(0);
  });

  it('has complete help and a version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const word of ['scan', 'sbom', 'formats', 'Exit codes']) expect(help.stdout).toContain(word);
    const scanHelp = await runCli(['scan', '--help']);
    for (const flag of ['--format', '--exclude', '--no-default-excludes', '--max-file-size', '--type', '--output']) expect(scanHelp.stdout).toContain(flag);
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists every format', async () => {
    const run = await runCli(['formats']);
    for (const id of ['npm/package-lock', 'npm/yarn-lock', 'npm/pnpm-lock', 'python/poetry-lock', 'go/go-mod', 'java/pom-xml', 'rust/cargo-lock']) {
      expect(run.stdout).toContain(id);
    }
  });
});

describe('ospo sbom', () => {
  it('writes a valid CycloneDX document to stdout by default', async () => {
    const run = await runCli(['sbom', sample], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(run.code).toBe(0);
    expect(await cycloneDxJsonErrors(run.stdout)).toBeNull();
    expect(JSON.parse(run.stdout).metadata.timestamp).toBe('2023-11-14T22:13:20.000Z');
  });

  it('writes SPDX to a file and says so on stderr', async () => {
    const out = join(tmp, 'out', 'sample.spdx.json');
    const run = await runCli(['sbom', sample, '--format', 'spdx-json', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/wrote spdx-json with \d+ components/);
    expect(spdxJsonErrors(readFileSync(out, 'utf8'))).toBeNull();
  });

  // `-o /dev/null` once renamed a temp file over the device: a special file is written in place.
  it('writes into a named pipe in place and through a symlink, keeping both', async () => {
    const fifo = join(tmp, 'out.pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (d: Buffer) => (received += d.toString('utf8')));
    const closed = new Promise((done) => reader.on('close', done));
    const run = await runCli(['sbom', sample, '-o', fifo]);
    await closed;
    expect(run.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(received).bomFormat).toBe('CycloneDX');

    const target = join(tmp, 'target.cdx.json');
    writeFileSync(target, 'old');
    const link = join(tmp, 'link.cdx.json');
    symlinkSync(target, link);
    expect((await runCli(['sbom', sample, '-o', link])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).bomFormat).toBe('CycloneDX');
  });

  it('writes nothing when the input cannot be read', async () => {
    const bad = join(tmp, 'broken.cdx.json');
    writeFileSync(bad, '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [');
    const out = join(tmp, 'never.json');
    const run = await runCli(['sbom', bad, '-o', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('broken.cdx.json');
    expect(run.stderr).toContain('no SBOM written');
    expect(() => readFileSync(out)).toThrow();
  });

  it('converts an SBOM between formats, keeping components and graph', async () => {
    const cdx = join(tmp, 'sample.cdx.json');
    await runCli(['sbom', sample, '-o', cdx]);
    const spdx = await runCli(['sbom', cdx, '--format', 'spdx-json']);
    expect(spdx.code).toBe(0);
    const original = JSON.parse(readFileSync(cdx, 'utf8'));
    const converted = JSON.parse(spdx.stdout);
    const purls = (doc: { packages: Array<{ externalRefs?: Array<{ referenceLocator: string }> }> }) =>
      doc.packages.flatMap((p) => p.externalRefs?.map((r) => r.referenceLocator) ?? []).sort();
    expect(purls(converted)).toEqual(original.components.filter((c: { purl?: string }) => c.purl).map((c: { purl: string }) => c.purl).sort());
    const back = await runCli(['sbom', cdx, '--format', 'cyclonedx-xml']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('<bom xmlns="http://cyclonedx.org/schema/bom/1.6"');
  });
});
