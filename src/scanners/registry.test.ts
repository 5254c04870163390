import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ECOSYSTEMS } from '../model/ecosystem.js';
import { loadAllScanners, SCANNERS, scannerById, sniffScanner } from './registry.js';
import type { Scanner } from './types.js';

// Meta-tests over the registry: every scanner is documented, tested and has fixtures, and
// content sniffing never sends one format's file to another scanner.
const root = new URL('.', import.meta.url).pathname;
const LOADED = await loadAllScanners();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

/** A fixture named as another format's own file (a package.json beside a yarn.lock fixture). */
function isAnotherFormatsFile(scanner: Scanner, file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const canonical = base.replace(/^.*?\.(?=[^.]+\.[^.]+$)/, '');
  return SCANNERS.some((o) => o.id !== scanner.id && (o.matches(base) || o.matches(canonical)));
}

describe('the scanner registry', () => {
  it('has unique, well-formed ids', () => {
    const ids = SCANNERS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(SCANNERS.map((s) => [s.id, s] as const))('%s is documented, tested and has fixtures', (id, scanner) => {
    expect(Object.keys(ECOSYSTEMS)).toContain(scanner.ecosystem);
    expect(scanner.description.length).toBeGreaterThan(10);
    expect(['lockfile', 'manifest']).toContain(scanner.kind);
    expect(scanner.group).toMatch(/^[a-z0-9-]+$/);
    const dir = join(root, id);
    expect(existsSync(join(dir, 'index.ts'))).toBe(true);
    expect(readdirSync(dir).some((f) => f.endsWith('.test.ts'))).toBe(true);
    expect(existsSync(join(dir, '__fixtures__')) && filesUnder(join(dir, '__fixtures__')).length).toBeGreaterThan(0);
    expect(scannerById(id)).toBe(scanner);
  });

  it.each(SCANNERS.map((s, i) => [s.id, s, LOADED[i]!] as const))('%s loads its extract module with the same identity and checks', (id, entry, scanner) => {
    expect(scanner.id).toBe(id);
    for (const key of ['ecosystem', 'kind', 'group', 'description', 'matches', 'sniff', 'fallback'] as const) expect(scanner[key], key).toBe(entry[key]);
    expect(typeof scanner.extract).toBe('function');
  });

  // The registry loads every info.ts at start-up, so they must not pull in the parsers (TOML,
  // YAML, XML) or a scanner's own code: that is what the lazy `load` is for.
  it.each(SCANNERS.map((s) => [s.id]))('%s/info.ts imports only the cheap helpers', (id) => {
    const text = readFileSync(join(root, id, 'info.ts'), 'utf8');
    const imports = [...text.matchAll(/^import [^;]* from '([^']+)';$/gm)].map((m) => m[1]);
    for (const spec of imports) expect(['../../types.js', '../../../parsers/lines.js', '../common/pep508.js']).toContain(spec);
  });

  it('never matches a file by name for two scanners of the same group', () => {
    const names = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'package.json', 'poetry.lock', 'Pipfile.lock', 'pdm.lock', 'uv.lock', 'pylock.toml', 'pyproject.toml', 'requirements.txt', 'pom.xml', 'gradle.lockfile', 'gradle/verification-metadata.xml', 'go.mod', 'Cargo.lock', 'Gemfile.lock', 'composer.lock', 'packages.lock.json', 'packages.config', 'app.csproj', 'pubspec.lock', 'mix.lock', 'conan.lock', 'renv.lock', 'Package.resolved', 'Podfile.lock'];
    for (const name of names) {
      const matching = SCANNERS.filter((s) => s.matches(name));
      expect(matching.length, name).toBe(1);
    }
  });

  // Every fixture a scanner reads to packages, named as it would be in a test suite, must be
  // recognised as that scanner's format by content alone.
  const readable: Array<[string, Scanner, string]> = [];
  for (const scanner of LOADED) {
    const dir = join(root, scanner.id, '__fixtures__');
    if (!existsSync(dir)) continue;
    for (const file of filesUnder(dir)) {
      if (isAnotherFormatsFile(scanner, file)) continue;
      const text = readFileSync(file, 'utf8');
      try {
        if (scanner.extract(text, { path: file.slice(file.lastIndexOf('/') + 1), readSibling: () => undefined }).packages.length === 0) continue;
      } catch {
        continue;
      }
      readable.push([file.slice(root.length), scanner, text]);
    }
  }

  // Fixtures that are deliberately at the edge of their format: content alone cannot tell.
  const undecidable = new Set([
    'python/poetry-lock/__fixtures__/no-name.lock', // a poetry.lock whose only package lacks a name
    'java/gradle-lockfile/__fixtures__/bad-lines.lockfile', // no header line and mostly junk
    'python/requirements/__fixtures__/invalid-lines.txt', // mostly lines pip would refuse
  ]);

  it('finds readable fixtures for most scanners', () => {
    expect(new Set(readable.map(([, s]) => s.id)).size).toBeGreaterThanOrEqual(SCANNERS.length - 4);
  });

  it.each(readable.filter(([f]) => !undecidable.has(f)).map(([f, s, t]) => [f, s.id, t]))('%s sniffs as %s', (_file, id, text) => {
    expect(sniffScanner(text)?.id).toBe(id);
  });
});
