import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ScanContext } from '../../types.js';
import { composerLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const withManifest: ScanContext = {
  path: 'composer.lock',
  readSibling: (rel) => (rel === 'composer.json' ? fixture('app.composer.json') : undefined),
};
const alone: ScanContext = { path: 'composer.lock', readSibling: () => undefined };

describe('php/composer-lock', () => {
  it.each([
    ['composer.lock', true],
    ['web/composer.lock', true],
    ['composer.json', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(composerLockScanner.matches(path)).toBe(want);
  });

  it('reads packages and packages-dev with scopes, direct flags from composer.json, and sources', () => {
    const { packages } = composerLockScanner.extract(fixture('app.v2.lock.json'), withManifest);
    expect(
      packages.map((p) => `${p.name}@${p.version} ${p.scope} ${p.direct ? 'direct' : 'transitive'}${p.source ? ` ${p.source.kind}` : ''}`),
    ).toEqual([
      'acme/path-lib@dev-main runtime direct link',
      'acme/vcs-only@1.4.0 runtime direct git',
      'psr/log@3.0.2 runtime transitive',
      'symfony/console@v6.4.12 runtime direct',
      'phpunit/phpunit@10.5.36 dev direct',
      'sebastian/diff@5.1.1 dev transitive',
    ]);
  });

  it('records licenses, hashes, lines and VCS references', () => {
    const { packages } = composerLockScanner.extract(fixture('app.v2.lock.json'), withManifest);
    const by = (n: string) => packages.find((p) => p.name === n);
    expect(by('acme/vcs-only')?.license).toBe('GPL-2.0-or-later OR MIT');
    expect(by('acme/vcs-only')?.source).toEqual({
      kind: 'git',
      url: 'https://git.example.com/acme/vcs-only.git',
      ref: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
    });
    expect(by('acme/path-lib')?.source).toEqual({ kind: 'link', url: '../libs/path-lib' });
    expect(by('symfony/console')?.hashes).toEqual([{ alg: 'SHA-1', value: '3ad4b1e8d0f3ad0e2a1c4f7e1b2d3c4a5b6c7d8e' }]);
    expect(by('psr/log')?.hashes).toBeUndefined();
    expect(by('acme/path-lib')?.line).toBe(10);
    expect(by('sebastian/diff')?.line).toBe(117);
  });

  it('builds edges from each package`s require and from composer.json', () => {
    const { edges } = composerLockScanner.extract(fixture('app.v2.lock.json'), withManifest);
    expect(edges).toHaveLength(7);
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: null, to: 'symfony/console@v6.4.12' },
        { from: 'symfony/console@v6.4.12', to: 'psr/log@3.0.2' },
        { from: 'phpunit/phpunit@10.5.36', to: 'sebastian/diff@5.1.1' },
      ]),
    );
  });

  it('leaves direct unknown without a composer.json', () => {
    const { packages, edges } = composerLockScanner.extract(fixture('app.v2.lock.json'), alone);
    expect(packages.every((p) => p.direct === undefined)).toBe(true);
    expect(edges?.some((e) => e.from === null)).toBe(false);
  });

  it('returns no packages for an empty lock', () => {
    expect(composerLockScanner.extract(fixture('empty.json'), alone).packages).toEqual([]);
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['null.json', /expected a JSON object/],
    ['top-level-array.json', /expected a JSON object/],
    ['packages-not-array.json', /"packages" must be an array/],
    ['missing-version.json', /package "a\/b" has no "version"/],
    ['manifest-not-lock.json', /not a composer.lock/],
  ])('rejects %s', (name, message) => {
    expect(() => composerLockScanner.extract(fixture(name), alone)).toThrow(InputError);
    expect(() => composerLockScanner.extract(fixture(name), alone)).toThrow(message);
  });

  it('points at the broken entry', () => {
    try {
      composerLockScanner.extract(fixture('missing-version.json'), alone);
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).pointer).toBe('/packages/0');
    }
  });

  it.each([
    ['app.v2.lock.json', true],
    ['empty.json', true],
    ['manifest-not-lock.json', false],
    ['not-json.txt', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(composerLockScanner.sniff?.(fixture(name))).toBe(want);
  });
});
