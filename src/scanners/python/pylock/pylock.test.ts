import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { pylockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function scan(name: string): ExtractResult {
  return pylockScanner.extract(fixture(name), { path: name, readSibling: () => undefined });
}

describe('python/pylock', () => {
  it.each([
    ['pylock.toml', true],
    ['pylock.dev.toml', true],
    ['path/to/pylock.spam.toml', true],
    ['mypylock.toml', false],
    ['PYLOCK.toml', false],
    ['pylock.toml.bak', false],
    ['path.to.pylock.toml', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(pylockScanner.matches(path)).toBe(want);
  });

  it('reads packages from every origin, their hashes and dependencies', () => {
    const r = scan('pylock.toml');
    expect(r.packages.map((p) => [p.name, p.version, p.line])).toEqual([
      ['attrs', '25.1.0', 10],
      ['cattrs', '24.1.2', 18],
      ['mleroc', '0.1.0', 42],
      ['local-lib', '2.0.0', 47],
      ['pinned-archive', '1.0.0', 52],
    ]);
    // The lock file's own project (a versionless directory package at ".") is not a dependency.
    expect(r.project).toEqual({ name: 'example-app' });
    const by = new Map(r.packages.map((p) => [p.name, p]));
    expect(by.get('attrs')?.hashes).toHaveLength(1);
    expect(by.get('cattrs')?.hashes?.map((h) => h.alg)).toEqual(['SHA-256', 'SHA-256', 'SHA-512']);
    expect(by.get('cattrs')?.source).toEqual({ kind: 'registry', url: 'https://registry.example.com/simple' });
    expect(by.get('mleroc')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/mleroc.git',
      ref: '735093f03c4d8be70bfaaae44074ac92d7419b6d',
    });
    expect(by.get('local-lib')?.source).toEqual({ kind: 'file', url: 'libs/local-lib' });
    expect(by.get('pinned-archive')?.source?.kind).toBe('url');
    expect(r.packages.every((p) => p.direct === undefined)).toBe(true);
    expect(r.edges).toEqual([{ from: 'cattrs@24.1.2', to: 'attrs@25.1.0' }]);
  });

  it('reads packages written as an inline array', () => {
    const r = scan('pylock.inline.toml');
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['packaging@25.0']);
    expect(r.project).toEqual({ name: 'self-project' });
  });

  it.each(['empty.toml', 'empty-file.toml'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it.each([
    ['not-toml.txt', /invalid TOML/],
    ['unsupported-version.toml', /lock-version "2.0"; supported: 1.x/],
    ['packages-not-array.toml', /array of tables/],
  ])('rejects %s', (f, message) => {
    expect(() => scan(f)).toThrow(InputError);
    expect(() => scan(f)).toThrow(message);
  });

  it('sniffs PEP 751 files only', () => {
    expect(pylockScanner.sniff?.(fixture('pylock.toml'))).toBe(true);
    expect(pylockScanner.sniff?.(fixture('pylock.inline.toml'))).toBe(true);
    expect(pylockScanner.sniff?.('[[package]]\nname = "a"\n\n[metadata]\nlock-version = "2.1"\n')).toBe(false);
  });
});
