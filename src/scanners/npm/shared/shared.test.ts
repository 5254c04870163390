import { describe, expect, it } from 'vitest';
import { EdgeList } from './collect.js';
import { integrityToHashes } from './integrity.js';
import { forEachLine } from './lines.js';
import { propagateScopes } from './scopes.js';

const b64 = (bytes: number, fill: number): string => Buffer.alloc(bytes, fill).toString('base64');
const hex = (bytes: number, fill: number): string => Buffer.alloc(bytes, fill).toString('hex');

describe('integrityToHashes', () => {
  it('converts every known algorithm to hex, keeping `?options` out of the value', () => {
    expect(integrityToHashes(`sha512-${b64(64, 1)} sha1-${b64(20, 2)}?opt sha256-${b64(32, 3)}  sha384-${b64(48, 4)}`)).toEqual([
      { alg: 'SHA-512', value: hex(64, 1) },
      { alg: 'SHA-1', value: hex(20, 2) },
      { alg: 'SHA-256', value: hex(32, 3) },
      { alg: 'SHA-384', value: hex(48, 4) },
    ]);
  });

  it.each([
    ['an unknown algorithm', `md5-${b64(16, 1)}`],
    ['a digest of the wrong length', `sha512-${b64(20, 1)}`],
    ['characters outside base64', `sha1-${b64(20, 1).slice(0, -4)}!!!!`],
    ['an uppercase algorithm (npm\'s ssri does not read it either)', `SHA1-${b64(20, 1)}`],
    ['no dash', 'sha512'],
    ['an empty string', ''],
  ])('skips %s', (_what, sri) => {
    expect(integrityToHashes(sri)).toEqual([]);
  });

  it('reports a repeated hash once', () => {
    expect(integrityToHashes(`sha1-${b64(20, 5)} sha1-${b64(20, 5)}`)).toEqual([{ alg: 'SHA-1', value: hex(20, 5) }]);
  });
});

describe('propagateScopes', () => {
  it('gives each package the strongest scope over all paths, a path as weak as its weakest step', () => {
    const edges = new Map([
      ['a', [{ to: 'c', via: 'optional' as const }, 'd']],
      ['b', ['c']],
      ['c', ['e']],
    ]);
    const scopes = propagateScopes(
      [
        { key: 'a', scope: 'runtime' },
        { key: 'b', scope: 'dev' },
      ],
      edges,
    );
    expect(Object.fromEntries(scopes)).toEqual({ a: 'runtime', b: 'dev', c: 'optional', d: 'runtime', e: 'optional' });
  });

  it('reaches stop keys but does not walk through them; unreached keys are absent', () => {
    const edges = new Map([
      ['root', ['member']],
      ['member', ['inner']],
    ]);
    const scopes = propagateScopes([{ key: 'root', scope: 'dev' }], edges, new Set(['member']));
    expect(Object.fromEntries(scopes)).toEqual({ root: 'dev', member: 'dev' });
  });
});

describe('forEachLine', () => {
  it('numbers lines from 1 and drops `\\n` and `\\r\\n` endings', () => {
    const seen: Array<[string, number]> = [];
    forEachLine('a\r\n\nb\rc\nlast', (line, n) => seen.push([line, n]));
    expect(seen).toEqual([
      ['a', 1],
      ['', 2],
      ['b\rc', 3],
      ['last', 4],
    ]);
  });
});

describe('EdgeList', () => {
  it('keeps each edge once, in order, and the targets of each package', () => {
    const g = new EdgeList();
    g.add(null, 'a');
    g.add('a', 'b');
    g.add(null, 'a');
    g.add('a', 'b');
    g.add('a', 'c');
    expect(g.edges).toEqual([
      { from: null, to: 'a' },
      { from: 'a', to: 'b' },
      { from: 'a', to: 'c' },
    ]);
    expect([...(g.children.get('a') ?? [])]).toEqual(['b', 'c']);
    expect(g.children.has('null')).toBe(false);
  });
});
