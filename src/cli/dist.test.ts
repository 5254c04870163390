// The built CLI (bin/ospo.js over dist/, as users run it) gives what the sources give. `npm test`
// builds first; dist/ differs from the sources where the build changes them (the scanner
// registry is bundled by scripts/bundle-registry.js), and only this test runs that code.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPOS = fileURLToPath(new URL('../../../shared/data/repos/', import.meta.url));
const env = { SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' };

async function runBuilt(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, ['bin/ospo.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 256 << 20 });
    return { code: 0, stdout: r.stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '' };
  }
}

describe('the built CLI', () => {
  it('is built (run `npm run build` first)', () => {
    expect(existsSync(new URL('../../dist/cli/main.js', import.meta.url)), 'dist/ is missing: run `npm run build`').toBe(true);
    expect(existsSync(new URL('../../dist/scanners/registry.js', import.meta.url))).toBe(true);
  });

  it('writes the same CycloneDX SBOM of the real repositories (npm, Python, Cargo, Go, Maven) as the sources', { timeout: 120_000 }, async () => {
    const args = ['sbom', REPOS, '--format', 'cyclonedx-json'];
    const [built, source] = await Promise.all([runBuilt(args), runCli(args, env)]);
    expect(built.code).toBe(source.code);
    const doc = JSON.parse(built.stdout) as { components: Array<{ purl?: string }> };
    const types = new Set(doc.components.map((c) => /^pkg:([^/]+)/.exec(c.purl ?? '')?.[1]));
    for (const t of ['npm', 'pypi', 'cargo', 'golang', 'maven']) expect(types).toContain(t);
    expect(built.stdout).toBe(source.stdout);
  });

  it('scans one lockfile named on the command line the same way', async () => {
    const args = ['scan', `${REPOS}ripgrep/Cargo.lock`, '--format', 'json'];
    const [built, source] = await Promise.all([runBuilt(args), runCli(args, env)]);
    expect(built.code).toBe(0);
    // Everything but the time it took.
    const timeless = (text: string) => {
      const doc = JSON.parse(text) as { summary: { ms?: number } };
      expect(doc.summary.ms).toBeTypeOf('number');
      delete doc.summary.ms;
      return doc;
    };
    const doc = timeless(built.stdout);
    expect(JSON.stringify(doc)).toContain('"packages":63');
    expect(doc).toEqual(timeless(source.stdout));
  });
});
