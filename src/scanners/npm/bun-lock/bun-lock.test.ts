import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, type FoundPackage } from '../../../model/index.js';
import { findPackage } from '../../../test-support/scanner.js';
import { parseJson } from '../../../parsers/index.js';
import type { ScanContext } from '../../types.js';
import { jsoncToJson } from '../shared/jsonc.js';
import { bunLockScanner } from './index.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function ctx(path: string, siblings: Record<string, string> = {}): ScanContext {
  return { path, readSibling: (rel) => siblings[rel] };
}

function extract(name: string) {
  return bunLockScanner.extract(fixture(name), ctx('bun.lock'));
}

function summary(packages: FoundPackage[]): string[] {
  return packages.map((p) => `${p.name}@${p.version ?? ''} ${p.scope} ${String(p.direct)}`).sort();
}

const find = (packages: FoundPackage[], name: string, version: string | null): FoundPackage => findPackage(packages, name, version);

describe('bunLockScanner.matches and sniff', () => {
  it.each([
    ['bun.lock', true],
    ['apps/web/bun.lockb', true],
    ['bun.lock.bak', false],
    ['package-lock.json', false],
  ])('matches %s -> %s', (path, want) => {
    expect(bunLockScanner.matches(path)).toBe(want);
  });

  it.each([
    ['app.v1.lock', true],
    ['monorepo.v1.lock', true],
    ['one-package.v0.lock', true],
    ['not-json.txt', false],
  ])('sniffs %s -> %s', (name, want) => {
    expect(bunLockScanner.sniff?.(fixture(name))).toBe(want);
  });

  it('does not claim a package-lock.json', () => {
    const npm = readFileSync(new URL('../package-lock/__fixtures__/workspaces.v3.json', import.meta.url), 'utf8');
    expect(bunLockScanner.sniff?.(npm)).toBe(false);
  });
});

describe('a single project', () => {
  const result = extract('app.v1.lock');

  it('returns every package with a scope computed from the graph', () => {
    expect(summary(result.packages)).toEqual([
      '@types/bun@1.1.6 dev true',
      '@types/node@20.12.14 dev false',
      'ansi-styles@4.3.0 runtime false',
      'bun-types@1.1.6 dev false',
      'chalk@4.1.2 runtime true',
      'color-convert@2.0.1 runtime false',
      'color-name@1.1.4 runtime false',
      'fixture-kit@ runtime true',
      'fsevents@2.3.3 optional true',
      'has-flag@3.0.0 dev false',
      'has-flag@4.0.0 runtime false',
      'local-utils@ runtime true',
      'string-width@4.2.3 runtime true',
      'supports-color@5.5.0 dev true',
      'supports-color@7.2.0 runtime false',
      'tiny-tarball@ runtime true',
      'typescript@5.4.5 peer true',
    ]);
    expect(result.project).toEqual({ name: 'bun-app' });
    expect(result.warnings).toBeUndefined();
  });

  it('records git, file and tarball resolutions as sources', () => {
    expect(find(result.packages, 'fixture-kit', null).source).toEqual({
      kind: 'git',
      url: 'https://github.com/acme/fixture-kit.git',
      ref: '0123456',
    });
    expect(find(result.packages, 'local-utils', null).source).toEqual({ kind: 'file', url: 'vendor/local-utils' });
    expect(find(result.packages, 'tiny-tarball', null).source).toEqual({
      kind: 'url',
      url: 'https://files.example.com/tiny-tarball-1.0.0.tgz',
    });
    expect(find(result.packages, 'has-flag', '3.0.0').source).toEqual({ kind: 'registry', url: 'https://registry.example.com/' });
  });

  it('resolves nested keys before top-level ones', () => {
    expect(result.edges).toContainEqual({ from: 'chalk@4.1.2', to: 'supports-color@7.2.0' });
    expect(result.edges).toContainEqual({ from: 'supports-color@7.2.0', to: 'has-flag@4.0.0' });
    expect(result.edges).toContainEqual({ from: 'supports-color@5.5.0', to: 'has-flag@3.0.0' });
    expect(result.edges).toContainEqual({ from: null, to: 'string-width@4.2.3' });
  });

  it('gives lines of the package keys despite comments, and hex hashes', () => {
    expect(find(result.packages, '@types/bun', '1.1.6').line).toBe(27);
    expect(find(result.packages, 'typescript', '5.4.5').line).toBe(59);
    expect(find(result.packages, 'chalk', '4.1.2').hashes?.[0]).toEqual({ alg: 'SHA-512', value: expect.stringMatching(/^[0-9a-f]{128}$/) });
  });
});

describe('workspaces', () => {
  const result = extract('monorepo.v1.lock');

  it('reports workspace members as workspace packages and their dependencies as direct', () => {
    expect(summary(result.packages)).toEqual([
      '@mono/api@0.3.0 runtime true',
      '@mono/web@ runtime true',
      'js-tokens@4.0.0 runtime false',
      'left-pad@1.1.3 runtime true',
      'left-pad@1.3.0 dev true',
      'loose-envify@1.4.0 runtime false',
      'ms@2.1.3 runtime true',
      'react@18.3.1 runtime true',
    ]);
    expect(find(result.packages, '@mono/api', '0.3.0').source).toEqual({ kind: 'workspace', url: 'packages/api' });
    expect(result.covers).toEqual(['packages/api', 'packages/web']);
  });

  it('resolves a workspace-scoped copy under the workspace name', () => {
    const api = find(result.packages, '@mono/api', '0.3.0').key;
    expect(result.edges).toContainEqual({ from: api, to: 'left-pad@1.1.3' });
    expect(result.edges).toContainEqual({ from: null, to: 'left-pad@1.3.0' });
  });
});

describe('edge cases', () => {
  it('reads lockfileVersion 0', () => {
    expect(summary(extract('one-package.v0.lock').packages)).toEqual(['wrappy@1.0.2 runtime true']);
  });

  it.each(['empty.lock', 'no-packages.v1.lock'])('%s has no packages', (name) => {
    expect(extract(name).packages).toEqual([]);
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['unsupported.v7.lock', /supported: 0, 1/],
    ['bad-tuple.v1.lock', /"broken"/],
    ['unterminated-comment.lock', /invalid JSON/],
  ])('%s is rejected with an InputError', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it('names the line of a bad tuple', () => {
    try {
      extract('bad-tuple.v1.lock');
    } catch (err) {
      expect((err as InputError).line).toBe(6);
      expect((err as InputError).pointer).toBe('/packages/broken');
    }
    expect.assertions(2);
  });

  it('explains how to convert a binary bun.lockb', () => {
    const binary = '#!/usr/bin/env bun\nbun-lockfile-format-v0\n\u0002\u0000\u0000\u0000\u0007\u0000';
    expect(() => bunLockScanner.extract(binary, ctx('bun.lockb'))).toThrow(/bun install --save-text-lockfile/);
    expect(() => bunLockScanner.extract('\u0000\u0001junk', ctx('bun.lock'))).toThrow(InputError);
  });

  it('skips bun.lockb when bun.lock sits next to it', () => {
    const result = bunLockScanner.extract('#!/usr/bin/env bun\n\u0000', ctx('bun.lockb', { 'bun.lock': '{}' }));
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]?.message).toContain('bun.lock');
  });
});

describe('jsoncToJson', () => {
  it.each([
    ['{"a": [1, 2,],}', { a: [1, 2] }],
    ['{"a": 1, // note, with a comma,\n}', { a: 1 }],
    ['{"a": "x,]//y", /* c */ "b": 2}', { a: 'x,]//y', b: 2 }],
    ['[1, /* a,\n b */ ]', [1]],
    ['{"a": "\\"", "b": [],}', { a: '"', b: [] }],
  ])('%j becomes JSON with the same offsets and lines', (input, value) => {
    const out = jsoncToJson(input);
    expect(parseJson(out)).toEqual(value);
    expect(out).toHaveLength(input.length);
    expect([...out].map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0)).toEqual(
      [...input].map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0),
    );
  });
});
