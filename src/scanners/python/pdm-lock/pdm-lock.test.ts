import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { pdmLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function scan(name: string, siblings: Record<string, string> = {}): ExtractResult {
  return pdmLockScanner.extract(fixture(name), {
    path: 'pdm.lock',
    readSibling: (p) => (p in siblings ? fixture(siblings[p] as string) : undefined),
  });
}

function summary(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version ?? '-'} ${p.scope ?? '?'} ${String(p.direct)}`);
}

describe('python/pdm-lock', () => {
  it.each([
    ['pdm.lock', true],
    ['sub/dir/pdm.lock', true],
    ['project.name.pdm.lock', false],
    ['pdm.lock.file', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(pdmLockScanner.matches(path)).toBe(want);
  });

  it('reads lock_version 4.x groups, git sources, edges, and dev groups from pyproject.toml', () => {
    const r = scan('groups.v4.lock', { 'pyproject.toml': 'groups.pyproject.toml' });
    expect(summary(r)).toEqual([
      'black@24.2.0 dev true',
      'certifi@2024.2.2 runtime false',
      'click@8.1.7 runtime true',
      'pysocks@1.7.1 optional false',
      'pytest@8.1.1 dev true',
      // listed twice (plain and with the socks extra): reported once, runtime
      'requests@2.31.0 runtime true',
      'toolbox@0.3.0 runtime true',
    ]);
    expect(r.packages.map((p) => p.line)).toEqual([14, 28, 39, 49, 55, 62, 84]);
    expect(r.packages[1]?.hashes).toHaveLength(2);
    expect(r.packages[6]?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/toolbox.git',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: 'black@24.2.0', to: 'click@8.1.7' },
        { from: 'requests@2.31.0', to: 'certifi@2024.2.2' },
        { from: 'requests@2.31.0', to: 'pysocks@1.7.1' },
        { from: null, to: 'requests@2.31.0' },
      ]),
    );
    expect(r.project).toEqual({ name: 'example-app', version: '1.0.0' });
  });

  it('without pyproject.toml, groups other than default and dev read as extras and direct is unknown', () => {
    const r = scan('groups.v4.lock');
    expect(summary(r)).toEqual([
      'black@24.2.0 optional undefined',
      'certifi@2024.2.2 runtime undefined',
      'click@8.1.7 runtime undefined',
      'pysocks@1.7.1 optional undefined',
      'pytest@8.1.1 optional undefined',
      'requests@2.31.0 runtime undefined',
      'toolbox@0.3.0 runtime undefined',
    ]);
  });

  it('reads lock_version 3.x with hashes under [metadata.files]', () => {
    const r = scan('legacy.v3.lock');
    expect(summary(r)).toEqual(['six@1.16.0 ? undefined', 'toml@0.10.2 ? undefined']);
    expect(r.packages.map((p) => p.hashes?.length)).toEqual([1, 2]);
  });

  it.each(['empty.lock', 'empty-file.lock'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it.each([
    ['not-toml.txt', /invalid TOML/],
    ['unsupported-version.lock', /lock_version "5.0"; supported: 3.x and 4.x/],
    ['binary.lock', /binary/],
  ])('rejects %s', (f, message) => {
    expect(() => scan(f)).toThrow(InputError);
    expect(() => scan(f)).toThrow(message);
  });

  it('sniffs PDM lockfiles only', () => {
    expect(pdmLockScanner.sniff?.(fixture('groups.v4.lock'))).toBe(true);
    expect(pdmLockScanner.sniff?.(fixture('legacy.v3.lock'))).toBe(true);
    expect(pdmLockScanner.sniff?.('[[package]]\nname = "a"\n\n[metadata]\nlock-version = "2.0"\n')).toBe(false);
  });
});
