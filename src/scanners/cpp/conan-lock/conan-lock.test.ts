import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ScanContext } from '../../types.js';
import { conanLockScanner, parseConanReference } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const alone: ScanContext = { path: 'conan.lock', readSibling: () => undefined };
const withConanfile: ScanContext = {
  path: 'conan.lock',
  readSibling: (rel) => (rel === 'conanfile.txt' ? fixture('conanfile.txt') : undefined),
};
const summary = (name: string, ctx = alone) =>
  conanLockScanner
    .extract(fixture(name), ctx)
    .packages.map((p) => `${p.name}@${p.version} ${p.scope} ${p.direct === undefined ? '?' : p.direct ? 'direct' : 'transitive'}`)
    .sort();

describe('cpp/conan-lock', () => {
  it.each([
    ['conan.lock', true],
    ['build/conan.lock', true],
    ['conanfile.txt', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(conanLockScanner.matches(path)).toBe(want);
  });

  it('reads a Conan 1 graph: consumer node skipped, build requirements are dev, host+build duplicates merged', () => {
    expect(summary('graph.v0.4.json')).toEqual([
      'bison@3.8.2 dev transitive',
      'cmake@3.30.1 dev direct',
      'fmt@11.0.2 runtime direct',
      'openssl@3.3.2 runtime direct',
      'zlib@1.3.1 runtime transitive',
    ]);
    const r = conanLockScanner.extract(fixture('graph.v0.4.json'), alone);
    expect(r.packages.find((p) => p.name === 'fmt')?.notes).toEqual(['user/channel acme/stable']);
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: null, to: 'openssl@3.3.2' },
        { from: null, to: 'cmake@3.30.1' },
        { from: 'openssl@3.3.2', to: 'zlib@1.3.1' },
        { from: 'cmake@3.30.1', to: 'zlib@1.3.1' },
      ]),
    );
    expect(r.edges).toHaveLength(6);
  });

  it('reads a required node with a `path` (an editable package) as a package, and skips a reference with a second `/`', () => {
    expect(summary('editable.v0.4.json')).toEqual(['mylib@0.3.0 runtime direct', 'zlib@1.3.1 runtime direct']);
    const r = conanLockScanner.extract(fixture('editable.v0.4.json'), alone);
    expect(r.edges).toEqual(expect.arrayContaining([{ from: 'mylib@0.3.0', to: 'zlib@1.3.1' }]));
    expect(r.warnings).toEqual([{ message: 'reference "zlib/1.3.1/extra" is not name/version[@user/channel]; skipped' }]);
  });

  it('reads `pref` references of formats 0.1 to 0.3', () => {
    expect(summary('pref.v0.3.json')).toEqual(['zlib@1.2.13 runtime direct']);
  });

  it('reads format 0.0, whose root has no reference and a map of requires', () => {
    expect(summary('virtual-root.v0.0.json')).toEqual(['bzip2@1.0.8 runtime direct']);
  });

  it('reads a Conan 2 lockfile and skips references without a name, with a warning', () => {
    const r = conanLockScanner.extract(fixture('conan2.v0.5.json'), alone);
    expect(summary('conan2.v0.5.json')).toEqual([
      'acme-recipes@0.7 dev ?',
      'cmake@3.30.1 dev ?',
      'openssl@3.3.2 runtime ?',
      'zlib@1.3.1 runtime ?',
    ]);
    expect(r.warnings).toEqual([{ message: 'reference "1.2.3#deadbeef" has no package name; skipped' }]);
  });

  it('takes direct requirements from a sibling conanfile.txt', () => {
    expect(summary('conan2.v0.5.json', withConanfile)).toEqual([
      'acme-recipes@0.7 dev transitive',
      'cmake@3.30.1 dev direct',
      'openssl@3.3.2 runtime direct',
      'zlib@1.3.1 runtime direct',
    ]);
  });

  it('returns no packages for an empty lockfile', () => {
    expect(conanLockScanner.extract(fixture('empty.v0.5.json'), alone).packages).toEqual([]);
  });

  it.each([
    ['unsupported.v0.6.json', /unsupported conan.lock version "0.6"; supported versions are 0.1, 0.2, 0.3, 0.4, 0.5/],
    ['requires-not-array.v0.5.json', /"requires" must be an array/],
    ['other-json.json', /not a conan.lock/],
    ['not-json.txt', /invalid JSON/],
  ])('rejects %s', (name, message) => {
    expect(() => conanLockScanner.extract(fixture(name), alone)).toThrow(InputError);
    expect(() => conanLockScanner.extract(fixture(name), alone)).toThrow(message);
  });

  it('rejects JSON null', () => {
    expect(() => conanLockScanner.extract('null', alone)).toThrow(/expected a JSON object/);
  });

  it.each([
    ['zlib/1.3.1', { name: 'zlib', version: '1.3.1' }],
    ['fmt/11.0.2@acme/stable#rrev%1700000000.5', { name: 'fmt', version: '11.0.2', user: 'acme', channel: 'stable', revision: 'rrev' }],
    ['zlib/1.2.11#r1:pkgid#prev', { name: 'zlib', version: '1.2.11', revision: 'r1' }],
    ['1.2.3', { name: '', version: '1.2.3' }],
  ])('parses the reference %s', (ref, want) => {
    expect(parseConanReference(ref)).toEqual(want);
  });

  it.each([
    ['graph.v0.4.json', true],
    ['conan2.v0.5.json', true],
    ['other-json.json', false],
    ['not-json.txt', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(conanLockScanner.sniff?.(fixture(name))).toBe(want);
  });
});
