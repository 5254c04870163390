import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import type { Ecosystem } from './ecosystem.js';
import { formatPurl, parsePurl, toPurl } from './purl.js';

/** What packageurl-js itself writes for the parts toPurl derives (the reference for the plain path). */
function libraryPurl(type: string, namespace: string | undefined, name: string, version: string | undefined): string | null {
  try {
    return new PackageURL(type, namespace, name, version, undefined, undefined).toString();
  } catch {
    return null;
  }
}

/** A small seeded generator, so the random cases are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('toPurl', () => {
  it.each([
    ['npm', 'left-pad', '1.3.0', 'pkg:npm/left-pad@1.3.0'],
    ['npm', '@babel/core', '7.24.0', 'pkg:npm/%40babel/core@7.24.0'],
    ['npm', '@Scope/Name', '1.0.0', 'pkg:npm/%40scope/name@1.0.0'],
    ['npm', 'a_b', '1.0.0-beta.1+build.5', 'pkg:npm/a_b@1.0.0-beta.1+build.5'],
    ['PyPI', 'Django_Rest', '3.0', 'pkg:pypi/django-rest@3.0'],
    ['crates.io', 'serde', '1.0.200', 'pkg:cargo/serde@1.0.200'],
    ['Maven', 'org.apache:commons-lang3', '3.14.0', 'pkg:maven/org.apache/commons-lang3@3.14.0'],
    ['Go', 'github.com/pkg/errors', '0.9.1', 'pkg:golang/github.com/pkg/errors@v0.9.1'],
    ['Packagist', 'symfony/console', 'v6.4.3', 'pkg:composer/symfony/console@v6.4.3'],
    ['npm', 'x', null, 'pkg:npm/x'],
  ] as Array<[Ecosystem, string, string | null, string]>)('%s %s %s is %s', (eco, name, version, purl) => {
    expect(toPurl(eco, name, version)).toBe(purl);
  });

  // The plain path writes purls without the library; it must give exactly what the library does.
  it('writes the same purl as packageurl-js for every type the plain path takes, on generated names', () => {
    const next = random(20261206);
    const alphabet = 'abcxyzABZ0129.-_+~@/:% é';
    const pick = (n: number) => Array.from({ length: 1 + Math.floor(next() * n) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const plain = 'abcdefghijklmnopqrstuvwxyz0123456789.-_';
    const pickPlain = (n: number) => Array.from({ length: 1 + Math.floor(next() * n) }, () => plain[Math.floor(next() * plain.length)]).join('');
    const cases: Array<[Ecosystem, string]> = [['npm', 'npm'], ['crates.io', 'cargo'], ['RubyGems', 'gem'], ['PyPI', 'pypi'], ['Packagist', 'composer'], ['Hex', 'hex']];
    let compared = 0;
    for (const [eco, type] of cases) {
      for (let i = 0; i < 400; i++) {
        const odd = next() < 0.3;
        const base = odd ? pick(12) : pickPlain(12);
        const scoped = type === 'npm' && next() < 0.4;
        const vendor = type === 'composer' && next() < 0.8;
        const name = scoped ? `@${odd ? pick(6) : pickPlain(6)}/${base}` : vendor ? `${pickPlain(6)}/${base}` : base;
        const version = next() < 0.1 ? null : odd ? pick(10) : `${pickPlain(4)}+${pickPlain(3)}`;
        const slash = name.lastIndexOf('/');
        const ns = (type === 'npm' || type === 'composer') && slash > 0 ? name.slice(0, slash) : undefined;
        const nm = ns !== undefined ? name.slice(slash + 1) : name;
        if (!nm) continue;
        expect(toPurl(eco, name, version), `${eco} ${JSON.stringify(name)} ${JSON.stringify(version)}`).toBe(libraryPurl(type, ns, nm, version ?? undefined));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('returns null for a name that cannot form a purl', () => {
    expect(toPurl('npm', '', '1.0.0')).toBeNull();
    expect(toPurl('Maven', 'no-group', '1.0')).toBeNull();
  });
});

describe('parsePurl and formatPurl', () => {
  it('round-trip a purl with qualifiers and a subpath', () => {
    const p = parsePurl('pkg:npm/%40a/b@1.0.0?vcs_url=git%2Bhttps%3A%2F%2Fx.example%2Fr.git#lib')!;
    expect(p).toMatchObject({ type: 'npm', namespace: '@a', name: 'b', version: '1.0.0', subpath: 'lib' });
    expect(formatPurl(p)).toBe('pkg:npm/%40a/b@1.0.0?vcs_url=git%2Bhttps%3A%2F%2Fx.example%2Fr.git#lib');
    expect(parsePurl('not a purl')).toBeNull();
  });

  /** What packageurl-js itself parses a purl into (the reference for the plain path). */
  function libraryParse(purl: string) {
    try {
      const p = PackageURL.fromString(purl);
      return { type: p.type, namespace: p.namespace ?? undefined, name: p.name, version: p.version ?? undefined, qualifiers: p.qualifiers ?? undefined, subpath: p.subpath ?? undefined };
    } catch {
      return null;
    }
  }

  // The plain path parses canonical purls without the library; it must give exactly what the library does.
  it('parses every purl as packageurl-js does, plain or not, on generated and odd purls', () => {
    const next = random(20261207);
    const alphabet = 'abcxyzABZ0129.-_+~@/:%?#= é';
    const pick = (n: number) => Array.from({ length: 1 + Math.floor(next() * n) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const plain = 'abcdefghijklmnopqrstuvwxyz0123456789.-';
    const pickPlain = (n: number) => Array.from({ length: 1 + Math.floor(next() * n) }, () => plain[Math.floor(next() * plain.length)]).join('');
    const types = ['npm', 'cargo', 'gem', 'pypi', 'composer', 'hex', 'golang', 'maven', 'pub', 'NPM', 'generic'];
    const purls = [
      'pkg:npm/%40babel/core@7.24.0',
      'pkg:npm/%40Babel/core@7.24.0',
      'pkg:npm/@babel/core@7.24.0',
      'pkg:pypi/Django_Rest@3.0',
      'pkg:pypi/django-rest@3.0',
      'pkg:cargo/serde@1.0.200+build',
      'pkg:npm/x',
      'pkg:npm/x@',
      'pkg:npm/a/b/c@1',
      'pkg:composer/symfony/console@v6.4.3',
      'pkg:gem/rails@7.1.0?platform=java',
      'pkg:hex/phoenix@1.7.0#lib',
      'pkg:npm/left-pad@1.3.0%2Bx',
      'pkg:npm/-x@1',
    ];
    for (let i = 0; i < 3000; i++) {
      const type = types[Math.floor(next() * types.length)]!;
      const odd = next() < 0.3;
      const ns = next() < 0.4 ? `${next() < 0.5 ? '%40' : ''}${odd ? pick(6) : pickPlain(6)}/` : '';
      const version = next() < 0.15 ? '' : `@${odd ? pick(8) : `${pickPlain(4)}${next() < 0.3 ? '+b' : ''}`}`;
      purls.push(`pkg:${type}/${ns}${odd ? pick(10) : pickPlain(10)}${version}`);
    }
    let plainOnes = 0;
    for (const purl of purls) {
      const expected = libraryParse(purl);
      expect(parsePurl(purl), purl).toEqual(expected);
      if (expected && /^pkg:(npm|cargo|gem|pypi|composer|hex)\/[a-z0-9%]/.test(purl)) plainOnes++;
    }
    expect(plainOnes).toBeGreaterThan(1000);
  });
});
