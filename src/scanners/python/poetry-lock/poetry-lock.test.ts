import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { poetryLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function scan(name: string, siblings: Record<string, string> = {}): ExtractResult {
  return poetryLockScanner.extract(fixture(name), {
    path: 'poetry.lock',
    readSibling: (p) => (p in siblings ? fixture(siblings[p] as string) : undefined),
  });
}

function summary(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version ?? '-'} ${p.scope ?? 'runtime'} ${String(p.direct)}`);
}

describe('python/poetry-lock', () => {
  it('matches poetry.lock only', () => {
    expect(poetryLockScanner.matches('poetry.lock')).toBe(true);
    expect(poetryLockScanner.matches('a/b/poetry.lock')).toBe(true);
    expect(poetryLockScanner.matches('poetry.lock.bak')).toBe(false);
    expect(poetryLockScanner.matches('pdm.lock')).toBe(false);
  });

  it('reads a lock-version 2.x file with groups, sources, hashes and the sibling pyproject.toml', () => {
    const r = scan('groups.v2.lock', { 'pyproject.toml': 'groups.pyproject.toml' });
    expect(summary(r)).toEqual([
      'certifi@2024.2.2 runtime false',
      'click@8.1.7 runtime true',
      'colorama@0.4.6 runtime false',
      'internal-lib@1.4.0 runtime true',
      'local-tool@0.1.0 dev true',
      'numpy@1.26.4 runtime false',
      'numpy@2.1.0 runtime false',
      'pytest@8.1.1 dev true',
      'redis@5.0.3 optional true',
      'ruamel-yaml@0.18.6 dev false',
      'toolbox@0.3.0 runtime true',
    ]);
    const byName = new Map(r.packages.map((p) => [`${p.name}@${p.version}`, p]));
    expect(byName.get('click@8.1.7')?.line).toBe(16);
    expect(byName.get('certifi@2024.2.2')?.hashes).toHaveLength(2);
    expect(byName.get('toolbox@0.3.0')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/toolbox.git',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(byName.get('internal-lib@1.4.0')?.source).toEqual({ kind: 'registry', url: 'https://registry.example.com/simple' });
    expect(byName.get('local-tool@0.1.0')?.source).toEqual({ kind: 'file', url: 'tools/local-tool' });
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: 'click@8.1.7', to: 'colorama@0.4.6' },
        // `"ruamel.yaml"` in [package.dependencies] is the normalised `ruamel-yaml` package.
        { from: 'pytest@8.1.1', to: 'ruamel-yaml@0.18.6' },
        // One name locked at two versions (markers): an edge to each.
        { from: 'toolbox@0.3.0', to: 'numpy@1.26.4' },
        { from: 'toolbox@0.3.0', to: 'numpy@2.1.0' },
        { from: null, to: 'click@8.1.7' },
        { from: null, to: 'redis@5.0.3' },
      ]),
    );
    expect(r.project).toEqual({ name: 'example-app', version: '1.0.0' });
  });

  it('leaves direct undefined without a pyproject.toml', () => {
    const r = scan('groups.v2.lock');
    expect(r.packages.every((p) => p.direct === undefined)).toBe(true);
    expect(r.edges?.some((e) => e.from === null)).toBe(false);
  });

  it('reads a lock-version 1.x file: category, optional, [metadata.files] hashes', () => {
    const r = scan('category.v1.lock');
    expect(summary(r)).toEqual([
      'attrs@23.2.0 runtime undefined',
      'black@24.2.0 dev undefined',
      'click@8.1.7 dev undefined',
      'ujson@5.9.0 optional undefined',
    ]);
    expect(r.packages.map((p) => p.hashes?.length ?? 0)).toEqual([2, 1, 0, 0]);
    expect(r.packages.map((p) => p.line)).toEqual([2, 10, 21, 29]);
    expect(r.edges).toEqual([{ from: 'black@24.2.0', to: 'click@8.1.7' }]);
  });

  it.each(['empty.lock', 'empty-file.lock'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it('skips a package without a name, with a warning', () => {
    const r = scan('no-name.lock');
    expect(summary(r)).toEqual(['kept@2.0.0 runtime undefined']);
    expect(r.warnings).toEqual([{ message: '[[package]] #1 has no name; skipped', line: 1 }]);
  });

  it.each([
    ['not-toml.txt', /invalid TOML/],
    ['unsupported-version.lock', /lock-version "3.0"; supported: 1.x and 2.x/],
    ['package-not-array.lock', /array of \[\[package\]\] tables/],
    ['binary.lock', /binary/],
  ])('rejects %s', (f, message) => {
    expect(() => scan(f)).toThrow(InputError);
    expect(() => scan(f)).toThrow(message);
  });

  it('sniffs Poetry lockfiles only', () => {
    expect(poetryLockScanner.sniff?.(fixture('groups.v2.lock'))).toBe(true);
    expect(poetryLockScanner.sniff?.(fixture('category.v1.lock'))).toBe(true);
    expect(poetryLockScanner.sniff?.('version = 1\n\n[[package]]\nname = "a"\nsource = { registry = "x" }\n')).toBe(false);
    expect(poetryLockScanner.sniff?.('[package]\nname = "a"\nversion = "1.0.0"\n')).toBe(false);
  });

  it("scans the poetry project's own poetry.lock", () => {
    // Verified independently: `grep -c '^\[\[package\]\]' poetry.lock` gives 78, and
    // `grep '^name = ' poetry.lock | sort | uniq -d` shows no name listed twice.
    const dir = new URL('../../../../../shared/data/repos/poetry/', import.meta.url);
    const text = readFileSync(new URL('poetry.lock', dir), 'utf8');
    const r = poetryLockScanner.extract(text, {
      path: 'poetry.lock',
      readSibling: (p) => (p === 'pyproject.toml' ? readFileSync(new URL('pyproject.toml', dir), 'utf8') : undefined),
    });
    expect(r.packages).toHaveLength(78);
    expect(r.warnings).toBeUndefined();
    expect(r.project).toEqual({ name: 'poetry', version: '2.5.0.dev0' });
    // pyproject.toml names 36 dependencies; dulwich is both a main and a test dependency.
    expect(r.packages.filter((p) => p.direct)).toHaveLength(35);
    expect(r.packages.find((p) => p.name === 'poetry-core')?.source?.kind).toBe('git');
  });
});
