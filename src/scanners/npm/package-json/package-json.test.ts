import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, type FoundPackage } from '../../../model/index.js';
import type { ScanContext } from '../../types.js';
import { packageJsonScanner } from './index.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

const ctx: ScanContext = { path: 'package.json', readSibling: () => undefined };

function extract(name: string) {
  return packageJsonScanner.extract(fixture(name), ctx);
}

function byName(packages: FoundPackage[], name: string, declared?: string): FoundPackage {
  const found = packages.find((p) => p.name === name && (declared === undefined || p.declared === declared));
  if (!found) throw new Error(`${name} not found`);
  return found;
}

describe('packageJsonScanner.matches and sniff', () => {
  it.each([
    ['package.json', true],
    ['packages/web/package.json', true],
    ['package-lock.json', false],
    ['package.json5', false],
  ])('matches %s -> %s', (path, want) => {
    expect(packageJsonScanner.matches(path)).toBe(want);
  });

  it('sniffs a package.json but not lockfiles', () => {
    expect(packageJsonScanner.sniff?.(fixture('all-specs.json'))).toBe(true);
    expect(packageJsonScanner.sniff?.(fixture('not-json.txt'))).toBe(false);
    const lock = readFileSync(new URL('../package-lock/__fixtures__/tree.v1.json', import.meta.url), 'utf8');
    expect(packageJsonScanner.sniff?.(lock)).toBe(false);
    const bun = readFileSync(new URL('../bun-lock/__fixtures__/app.v1.lock', import.meta.url), 'utf8');
    expect(packageJsonScanner.sniff?.(bun)).toBe(false);
    const shrinkwrap = readFileSync(new URL('../package-lock/__fixtures__/npm4-shrinkwrap.json', import.meta.url), 'utf8');
    expect(packageJsonScanner.sniff?.(shrinkwrap)).toBe(false);
    const nuget = readFileSync(new URL('../../dotnet/packages-lock-json/__fixtures__/multi-framework.v1.json', import.meta.url), 'utf8');
    expect(packageJsonScanner.sniff?.(nuget)).toBe(false);
    expect(packageJsonScanner.sniff?.('{"name": "x", "dependencies": {}}')).toBe(true);
  });
});

describe('declared dependencies', () => {
  const result = extract('all-specs.json');

  it('returns every declared dependency, unresolved and direct', () => {
    expect(result.packages.map((p) => `${p.name} ${p.declared} ${p.scope}`).sort()).toEqual([
      '@acme/shared workspace:^ runtime',
      '@babel/core ~7.24.0 runtime',
      'anything * runtime',
      'express ^4.19.2 runtime',
      'fixture-kit github:acme/fixture-kit#v1.2.0 runtime',
      'fsevents ^2.3.3 optional',
      'git-https git+https://git.example.com/acme/git-https.git#0123456789abcdef0123456789abcdef01234567 runtime',
      'git-ssh git+ssh://git@git.example.com:acme/git-ssh.git runtime',
      'linked-utils link:../linked-utils runtime',
      'local-utils file:../local-utils runtime',
      'lodash 4.17.21 runtime',
      'next latest runtime',
      'react >=17 dev',
      'react catalog: runtime',
      'shorthand-kit acme/shorthand-kit#semver:^2.0.0 runtime',
      'string-width ^4.2.0 runtime',
      'tiny-tarball https://files.example.com/tiny-tarball-1.0.0.tgz runtime',
      // Declared in both devDependencies and peerDependencies with one range: kept once, as peer.
      'typescript ^5.4.0 peer',
    ]);
    for (const p of result.packages) {
      expect(p.version).toBeNull();
      expect(p.direct).toBe(true);
      expect(p.notes?.[0]).toMatch(/^unresolved/);
    }
  });

  it('reports an npm: alias under its real name', () => {
    const sw = byName(result.packages, 'string-width');
    expect(sw.line).toBe(16);
    expect(sw.notes).toContain('installed under the alias "string-width-cjs"');
  });

  it.each([
    ['fixture-kit', { kind: 'git', url: 'https://github.com/acme/fixture-kit.git', ref: 'v1.2.0' }],
    ['shorthand-kit', { kind: 'git', url: 'https://github.com/acme/shorthand-kit.git', ref: 'semver:^2.0.0' }],
    [
      'git-https',
      { kind: 'git', url: 'git+https://git.example.com/acme/git-https.git', ref: '0123456789abcdef0123456789abcdef01234567' },
    ],
    ['git-ssh', { kind: 'git', url: 'git+ssh://git@git.example.com:acme/git-ssh.git' }],
    ['tiny-tarball', { kind: 'url', url: 'https://files.example.com/tiny-tarball-1.0.0.tgz' }],
    ['local-utils', { kind: 'file', url: '../local-utils' }],
    ['linked-utils', { kind: 'link', url: '../linked-utils' }],
    ['@acme/shared', { kind: 'workspace', ref: '^' }],
    ['express', undefined],
  ])('%s has source %j', (name, source) => {
    expect(byName(result.packages, name).source).toEqual(source);
  });

  it('gives lines, project identity and edges from the project, but no covers', () => {
    expect(byName(result.packages, 'fsevents').line).toBe(36);
    expect(byName(result.packages, 'react', '>=17').line).toBe(33);
    expect(result.project).toEqual({ name: '@acme/storefront', version: '3.1.0' });
    expect(result.edges).toHaveLength(result.packages.length);
    expect(result.edges?.every((e) => e.from === null)).toBe(true);
    expect(result.covers).toBeUndefined();
  });

  it('warns about a range that is not a string instead of dropping it silently', () => {
    expect(result.warnings).toEqual([{ message: 'dependencies.broken: the range is not a string; the dependency was not read', line: 29 }]);
  });
});

describe('edge cases', () => {
  it('returns no packages for a manifest without dependencies', () => {
    const result = extract('no-deps.json');
    expect(result.packages).toEqual([]);
    expect(result.project).toEqual({ name: 'leaf', version: '0.0.1' });
  });

  it('warns about a dependency map that is not an object', () => {
    const result = extract('deps-array.json');
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]?.message).toContain('"dependencies" is not an object');
  });

  it('does not report Unity packages as npm packages', () => {
    const result = extract('unity.json');
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]?.message).toContain('Unity');
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['array.json', /JSON object/],
    ['empty.json', /empty file/],
  ])('%s is rejected with an InputError', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it('rejects binary junk', () => {
    expect(() => packageJsonScanner.extract('\u0000\u0001\u0002', ctx)).toThrow(InputError);
  });
});

describe('real manifest: axios', () => {
  it('declares the dependencies of axios 1.7.9', () => {
    const url = new URL('../../../../../shared/data/repos/axios/package.json', import.meta.url);
    const result = packageJsonScanner.extract(readFileSync(url, 'utf8'), ctx);
    // Verified independently:
    //   jq '[.dependencies, .devDependencies, .optionalDependencies, .peerDependencies]
    //     | map(select(. != null) | keys | length) | add' package.json  -> 60
    expect(result.packages).toHaveLength(60);
    expect(result.packages.filter((p) => p.scope === 'runtime').map((p) => p.name)).toEqual([
      'follow-redirects',
      'form-data',
      'proxy-from-env',
    ]);
  });
});
