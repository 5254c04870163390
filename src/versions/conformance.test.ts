// One conformance suite run against every version scheme: a sorted list of real versions per
// scheme must be a strict total order (reflexive, antisymmetric, transitive), shuffling and
// sorting must give it back, and invalid input must be reported the same way everywhere.
import { describe, expect, it } from 'vitest';
import { allSchemes, InvalidVersionError, type VersionScheme } from './index.js';

/** Ascending, pairwise distinct (compare != 0) versions per scheme. */
const SORTED: Readonly<Record<string, string[]>> = {
  semver: ['0.0.1', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', 'v1.0.1', '1.2.0', '1.10.0', '2.0.0', '10.0.0'],
  npm: ['0.0.0', '0.1.0', '1.0.0-0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0', '1.0.1', '1.1.0-beta.0', '1.1.0', '2.0.0'],
  go: ['0.0.0-20190101000000-abcdefabcdef', '0.0.0-20210101000000-abcdefabcdef', '0.1.0', 'v1.0.0', '1.2.3', '1.2.4-0.20210101000000-abcdefabcdef', '1.2.4', '1.21.0-rc.1', '1.21.0', '2.0.0+incompatible', '2.1.0+incompatible'],
  hex: ['0.1.0', '1.0.0-rc.0', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.11.0'],
  pub: ['0.1.0', '1.0.0-dev.1', '1.0.0-dev.2', '1.0.0', '1.0.0+1', '1.0.0+2', '1.0.0+2.a', '1.0.1'],
  pypi: ['2004d', '0.1', '1.0.dev0', '1.0a1', '1.0b1', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1.dev0', '1.0.post1', '1.1', '1!0.1'],
  maven: ['1-alpha-1', '1-beta-1', '1-m1', '1-rc-1', '1-SNAPSHOT', '1', '1-sp', '1-foo', '1-1', '1.1', '1.2.3', '2.0-alpha1', '2.0'],
  rubygems: ['0.9', '1.0.0.a', '1.0.0.pre.1', '1.0.0.rc1', '1.0.0', '1.0.1', '1.10', '10.0'],
  nuget: ['1.0.0-alpha', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-beta', '1.0.0', '1.0.0.1', '1.0.1', '1.10.0', '2.0.0'],
  packagist: ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta1', '1.0.0-RC1', '1.0.0', '1.0.0-p1', '1.0.1', 'v1.1', '1.10.0', '2.0.0'],
  generic: ['0.9', '1.0-rc1', '1.0', '1.0.1', '1.2', '1.10', '2.0'],
};

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const schemes = allSchemes();

describe.each(schemes.map((s) => [s.id, s] as const))('%s conforms', (id: string, scheme: VersionScheme) => {
  const sorted = SORTED[id] ?? [];

  it('has a sorted list in this suite', () => {
    expect(sorted.length).toBeGreaterThan(5);
  });

  it('accepts every version of the list', () => {
    expect(sorted.filter((v) => !scheme.isValid(v) && !(id === 'pypi' && v === '2004d'))).toEqual([]);
  });

  it('is reflexive and antisymmetric', () => {
    for (const a of sorted) {
      expect(scheme.compare(a, a)).toBe(0);
      for (const b of sorted) expect(Math.sign(scheme.compare(a, b)) + 0).toBe(-Math.sign(scheme.compare(b, a)) + 0);
    }
  });

  it('orders the list strictly and transitively', () => {
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        expect([sorted[i], sorted[j], Math.sign(scheme.compare(sorted[i]!, sorted[j]!))]).toEqual([sorted[i], sorted[j], -1]);
      }
    }
  });

  it.each([1, 2, 3, 42])('sorts a shuffled list back (seed %i)', (seed) => {
    expect(shuffle(sorted, seed).sort((a, b) => scheme.compare(a, b))).toEqual(sorted);
  });

  it.each(['', '   ', 'a b c', '1.0\u0000', 'x'.repeat(300)])('reports %j as invalid', (bad) => {
    expect(scheme.isValid(bad)).toBe(false);
    if (id === 'pypi' && bad === 'a b c') return; // a legacy version: ordered, see pypi.ts
    expect(() => scheme.compare(bad, sorted[0]!)).toThrow(InvalidVersionError);
    expect(() => scheme.compare(sorted[0]!, bad)).toThrow(InvalidVersionError);
  });

  it('answers the same after the cache is warm and never throws from isValid', () => {
    const first = sorted.map((v) => scheme.compare(v, sorted[0]!));
    expect(sorted.map((v) => scheme.compare(v, sorted[0]!))).toEqual(first);
    expect(scheme.isValid(undefined as unknown as string)).toBe(false);
  });
});
