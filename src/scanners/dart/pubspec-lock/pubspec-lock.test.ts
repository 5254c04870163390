import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ScanContext } from '../../types.js';
import { pubspecLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx: ScanContext = { path: 'pubspec.lock', readSibling: () => undefined };
const extract = (name: string) => pubspecLockScanner.extract(fixture(name), ctx);

describe('dart/pubspec-lock', () => {
  it.each([
    ['pubspec.lock', true],
    ['app/pubspec.lock', true],
    ['pubspec.yaml', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(pubspecLockScanner.matches(path)).toBe(want);
  });

  it('reads hosted, sdk, path and git packages with scope and direct from `dependency`', () => {
    const { packages } = extract('flutter-app.lock');
    expect(
      packages.map((p) => `${p.name}@${p.version} ${p.scope} ${p.direct ? 'direct' : 'transitive'}${p.source ? ` ${p.source.kind}` : ''}`),
    ).toEqual([
      'async@2.11.0 runtime direct',
      'build_runner@2.4.13 dev direct',
      'collection@1.18.0 runtime transitive',
      'flutter@0.0.0 provided direct',
      'flutter_test@0.0.0 dev direct',
      'local_widgets@0.2.0 runtime direct file',
      'markdown_fork@7.2.2 runtime direct git',
      'private_pkg@1.0.0-beta.3 runtime transitive registry',
    ]);
  });

  it('records lines, hashes, git commits and registries', () => {
    const { packages, edges } = extract('flutter-app.lock');
    const by = (n: string) => packages.find((p) => p.name === n);
    expect(by('async')?.line).toBe(4);
    expect(by('private_pkg')?.line).toBe(54);
    expect(by('collection')?.hashes).toEqual([
      { alg: 'SHA-256', value: 'ee67cb0715911d28db6bf4af1026078bd6f0128b07a5f66fb2ed94ec6783c09a' },
    ]);
    expect(by('markdown_fork')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/markdown.git',
      ref: '9d3c1b2a4e5f60718293a4b5c6d7e8f901234567',
    });
    expect(by('local_widgets')?.source).toEqual({ kind: 'file', url: '../local_widgets' });
    expect(by('private_pkg')?.source).toEqual({ kind: 'registry', url: 'https://registry.example.com/pub' });
    // pubspec.lock records no graph between packages, only what the project asks for.
    expect(edges).toHaveLength(6);
    expect(edges).toContainEqual({ from: null, to: 'markdown_fork@7.2.2' });
  });

  it('returns no packages for `packages: {}`', () => {
    expect(extract('no-packages.lock').packages).toEqual([]);
  });

  it.each([
    ['empty.lock', /empty file/],
    ['not-yaml.txt', /invalid YAML/],
    ['plain-text.txt', /expected a YAML map/],
    ['packages-list.lock', /`packages` must be a map/],
    ['pubspec-not-lock.yaml', /not a pubspec.lock/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it('rejects binary data', () => {
    expect(() => pubspecLockScanner.extract('packages:\u0000\u0001', ctx)).toThrow(InputError);
  });

  it.each([
    ['flutter-app.lock', true],
    ['no-packages.lock', true],
    ['pubspec-not-lock.yaml', false],
    ['packages-list.lock', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(pubspecLockScanner.sniff?.(fixture(name))).toBe(want);
  });
});
