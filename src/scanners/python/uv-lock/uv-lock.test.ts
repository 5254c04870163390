import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { uvLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function scan(name: string): ExtractResult {
  return uvLockScanner.extract(fixture(name), { path: 'uv.lock', readSibling: () => undefined });
}

function summary(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version ?? '-'} ${p.scope ?? '?'} ${String(p.direct)}`);
}

describe('python/uv-lock', () => {
  it.each([
    ['uv.lock', true],
    ['path/to/uv.lock', true],
    ['uv.lock.file', false],
    ['path.to.uv.lock', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(uvLockScanner.matches(path)).toBe(want);
  });

  it('reads a project: sources, hashes, forked versions, extras and dependency groups', () => {
    const r = scan('project.v1.lock');
    expect(summary(r)).toEqual([
      'black@24.2.0 dev true',
      'certifi@2024.2.2 runtime false',
      'click@8.1.7 dev false',
      'internal-lib@1.4.0 runtime false',
      'local-plugin@0.2.0 dev true',
      'numpy@1.26.4 runtime true',
      'numpy@2.1.0 runtime true',
      // only the project's `socks` extra asks for requests[socks]
      'pysocks@1.7.1 optional false',
      'pytest@8.1.1 dev true',
      'requests@2.31.0 runtime true',
      'toolbox@0.3.0 runtime true',
    ]);
    // The project itself (source virtual ".") is the file's project, not a package.
    expect(r.project).toEqual({ name: 'example-app', version: '1.0.0' });
    const by = new Map(r.packages.map((p) => [`${p.name}@${p.version}`, p]));
    expect(by.get('black@24.2.0')?.line).toBe(10);
    expect(by.get('black@24.2.0')?.hashes).toHaveLength(2);
    expect(by.get('toolbox@0.3.0')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/toolbox.git',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(by.get('internal-lib@1.4.0')?.source).toEqual({ kind: 'registry', url: 'https://registry.example.com/simple' });
    expect(by.get('local-plugin@0.2.0')?.source).toEqual({ kind: 'file', url: 'plugins/local-plugin' });
    expect(by.get('certifi@2024.2.2')?.source).toBeUndefined();
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: null, to: 'numpy@1.26.4' },
        { from: null, to: 'numpy@2.1.0' },
        { from: 'black@24.2.0', to: 'click@8.1.7' },
        { from: 'requests@2.31.0', to: 'pysocks@1.7.1' },
        { from: 'toolbox@0.3.0', to: 'internal-lib@1.4.0' },
      ]),
    );
    expect(r.edges).toHaveLength(11);
  });

  it('treats workspace members as first-party roots and the editable "." package as the project', () => {
    const r = scan('workspace.v1.lock');
    expect(summary(r)).toEqual(['attrs@23.2.0 runtime true', 'shared-lib@0.1.0 runtime true', 'tarball-dep@1.0.0 ? false']);
    expect(r.packages[1]?.source).toEqual({ kind: 'workspace', url: 'packages/shared-lib' });
    expect(r.packages[2]?.source).toEqual({ kind: 'url', url: 'https://registry.example.com/files/tarball_dep-1.0.0.tar.gz' });
    expect(r.project).toEqual({ name: 'app', version: '0.1.0' });
  });

  it('without a project entry, scope and direct are unknown; a versionless package is kept', () => {
    const r = scan('no-root.v1.lock');
    expect(summary(r)).toEqual(['attrs@23.2.0 ? undefined', 'dynamic-thing@- ? undefined']);
    expect(r.packages[1]?.notes).toEqual(['uv.lock records no version for this package']);
  });

  it.each(['empty.lock', 'empty-file.lock'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it.each([
    ['not-toml.txt', /invalid TOML/],
    ['unsupported-version.lock', /uv.lock version 2; supported: 1/],
    ['package-not-array.lock', /array of \[\[package\]\] tables/],
    ['two-roots.v1.lock', /packages "app" and "app-copy" both have the project's own source "."/],
  ])('rejects %s', (f, message) => {
    expect(() => scan(f)).toThrow(InputError);
    expect(() => scan(f)).toThrow(message);
  });

  it('sniffs uv lockfiles only', () => {
    expect(uvLockScanner.sniff?.(fixture('project.v1.lock'))).toBe(true);
    expect(uvLockScanner.sniff?.('[[package]]\nname = "a"\nversion = "1"\n\n[metadata]\nlock-version = "2.1"\n')).toBe(false);
  });
});
