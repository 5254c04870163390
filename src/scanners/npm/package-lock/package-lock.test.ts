import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, type FoundPackage } from '../../../model/index.js';
import { findPackage, thrownInputError } from '../../../test-support/scanner.js';
import type { ScanContext } from '../../types.js';
import { packageLockScanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function ctx(path: string, siblings: Record<string, string> = {}): ScanContext {
  return { path, readSibling: (rel) => siblings[rel] };
}

function extract(name: string, path = 'package-lock.json', siblings: Record<string, string> = {}) {
  return packageLockScanner.extract(fixture(name), ctx(path, siblings));
}

/** name@version scope direct, sorted, for exact set comparisons. */
function summary(packages: FoundPackage[]): string[] {
  return packages.map((p) => `${p.name}@${p.version ?? ''} ${p.scope} ${String(p.direct)}`).sort();
}

const find = (packages: FoundPackage[], name: string, version: string | null): FoundPackage => findPackage(packages, name, version);

describe('packageLockScanner.matches', () => {
  it.each([
    ['package-lock.json', true],
    ['a/b/npm-shrinkwrap.json', true],
    ['package-lock.json.bak', false],
    ['path/to/package-lock.json/file', false],
    ['path.to.package-lock.json', false],
    ['package.json', false],
    ['bun.lock', false],
  ])('%s -> %s', (path, want) => {
    expect(packageLockScanner.matches(path)).toBe(want);
  });
});

describe('packageLockScanner.sniff', () => {
  it.each([
    ['workspaces.v3.json', true],
    ['flags.v2.json', true],
    ['tree.v1.json', true],
    ['npm4-shrinkwrap.json', true],
    ['not-json.txt', false],
    ['tree-manifest.json', false],
  ])('%s -> %s', (name, want) => {
    expect(packageLockScanner.sniff?.(fixture(name))).toBe(want);
  });

  it('does not claim a bun.lock', () => {
    const bun = readFileSync(new URL('../bun-lock/__fixtures__/app.v1.lock', import.meta.url), 'utf8');
    expect(packageLockScanner.sniff?.(bun)).toBe(false);
  });
});

describe('lockfileVersion 3 with workspaces', () => {
  const result = extract('workspaces.v3.json');

  it('returns every installed package once, with scope and direct', () => {
    expect(summary(result.packages)).toEqual([
      '@shop/api@2.0.0 runtime true',
      '@shop/web@2.0.0 runtime true',
      'ansi-regex@5.0.1 runtime false',
      'fixture-kit@1.2.0 dev true',
      'fsevents@2.3.3 optional true',
      'left-pad@1.1.3 runtime true',
      'left-pad@1.3.0 runtime true',
      'local-utils@0.1.0 runtime true',
      'react@18.3.1 peer true',
      'string-width@4.2.3 runtime true',
      'strip-ansi@6.0.1 runtime false',
      'tiny-tarball@1.0.0 runtime true',
      'typescript@5.4.5 dev true',
    ]);
  });

  it('reports workspace members as workspace sources and lists them in covers', () => {
    expect(find(result.packages, '@shop/api', '2.0.0').source).toEqual({ kind: 'workspace', url: 'packages/api' });
    expect(result.covers).toEqual(['packages/api', 'packages/web']);
    expect(result.project).toEqual({ name: 'shop', version: '2.0.0' });
  });

  it('uses the real name behind an npm: alias', () => {
    const sw = find(result.packages, 'string-width', '4.2.3');
    expect(sw.line).toBe(86);
    expect(result.packages.some((p) => p.name === 'string-width-cjs')).toBe(false);
  });

  it('records git, tarball and local sources', () => {
    expect(find(result.packages, 'fixture-kit', '1.2.0').source).toEqual({
      kind: 'git',
      url: 'git+ssh://git@github.com/acme/fixture-kit.git',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(find(result.packages, 'tiny-tarball', '1.0.0').source).toEqual({
      kind: 'url',
      url: 'https://files.example.com/tiny-tarball-1.0.0.tgz',
    });
    expect(find(result.packages, 'local-utils', '0.1.0').source).toEqual({ kind: 'file', url: '../local-utils' });
    expect(find(result.packages, 'left-pad', '1.3.0').source).toBeUndefined();
  });

  it('converts integrity to hex hashes and keeps the license', () => {
    const leftPad = find(result.packages, 'left-pad', '1.3.0');
    expect(leftPad.license).toBe('WTFPL');
    expect(leftPad.hashes).toHaveLength(1);
    expect(leftPad.hashes?.[0]?.alg).toBe('SHA-1');
    expect(leftPad.hashes?.[0]?.value).toMatch(/^[0-9a-f]{40}$/);
    expect(find(result.packages, 'typescript', '5.4.5').hashes?.[0]?.value).toMatch(/^[0-9a-f]{128}$/);
  });

  it('gives the line of each packages key', () => {
    expect(find(result.packages, 'ansi-regex', '5.0.1').line).toBe(42);
    expect(find(result.packages, 'left-pad', '1.1.3').line).toBe(145);
  });

  it('resolves edges the way Node looks up node_modules', () => {
    const web = find(result.packages, '@shop/web', '2.0.0').key;
    const api = find(result.packages, '@shop/api', '2.0.0').key;
    expect(result.edges).toEqual(
      expect.arrayContaining([
        { from: null, to: 'left-pad@1.3.0' },
        { from: null, to: web },
        { from: web, to: 'left-pad@1.1.3' },
        { from: web, to: api },
        { from: api, to: 'left-pad@1.3.0' },
        { from: 'string-width@4.2.3', to: 'strip-ansi@6.0.1' },
        { from: 'strip-ansi@6.0.1', to: 'ansi-regex@5.0.1' },
      ]),
    );
    expect(result.edges).toHaveLength(17);
    expect(result.warnings).toBeUndefined();
  });
});

describe('lockfileVersion 2 flags', () => {
  const result = extract('flags.v2.json');

  it('maps dev, optional, devOptional and bundled entries, reading packages not dependencies', () => {
    expect(summary(result.packages)).toEqual([
      'chokidar@3.5.3 dev false',
      'chokidar@3.6.0 runtime true',
      'fsevents@2.3.3 optional false',
      'lru-cache@6.0.0 runtime false',
      'mocha@10.4.0 dev true',
      'ms@2.1.3 dev false',
      'semver@7.6.0 runtime true',
    ]);
  });

  it('notes bundled and extraneous packages', () => {
    expect(find(result.packages, 'semver', '7.6.0').notes).toEqual(["bundled: shipped inside its parent package's tarball"]);
    expect(find(result.packages, 'lru-cache', '6.0.0').notes).toHaveLength(2);
  });

  it('resolves a nested copy before the hoisted one', () => {
    expect(result.edges).toContainEqual({ from: 'mocha@10.4.0', to: 'chokidar@3.5.3' });
    expect(result.edges).toContainEqual({ from: 'chokidar@3.5.3', to: 'fsevents@2.3.3' });
    expect(result.edges).not.toContainEqual({ from: 'mocha@10.4.0', to: 'chokidar@3.6.0' });
  });
});

describe('lockfileVersion 1 tree', () => {
  const manifest = fixture('tree-manifest.json');

  it.each([
    ['with package.json next to it', { 'package.json': manifest }],
    ['alone', {}],
  ])('returns every package of the nested tree (%s)', (_label, siblings) => {
    const result = extract('tree.v1.json', 'package-lock.json', siblings);
    expect(result.packages.map((p) => `${p.name}@${p.version ?? ''} ${p.scope}`).sort()).toEqual([
      '@babel/code-frame@7.0.0 runtime',
      '@babel/highlight@7.0.0 runtime',
      'chalk@2.4.2 runtime',
      'fixture-kit@ dev',
      'fsevents@1.2.13 optional',
      'has-flag@3.0.0 runtime',
      'local-utils@ runtime',
      'mocha@5.2.0 dev',
      'string-width@4.2.3 runtime',
      'supports-color@5.4.0 dev',
      'supports-color@5.5.0 runtime',
      'tiny-tarball@ runtime',
    ]);
  });

  it('takes direct dependencies from the sibling package.json', () => {
    const result = extract('tree.v1.json', 'package-lock.json', { 'package.json': manifest });
    expect(result.packages.filter((p) => p.direct).map((p) => p.name).sort()).toEqual([
      '@babel/code-frame',
      'fixture-kit',
      'fsevents',
      'local-utils',
      'mocha',
      'string-width',
      'tiny-tarball',
    ]);
    expect(result.packages.every((p) => p.direct !== undefined)).toBe(true);
    expect(result.warnings?.[0]?.message).toContain('not-installed');
  });

  it('leaves direct unknown without package.json', () => {
    const result = extract('tree.v1.json');
    expect(result.packages.every((p) => p.direct === undefined)).toBe(true);
    expect(result.edges?.some((e) => e.from === null)).toBe(false);
  });

  it('reads git, file and tarball versions as sources, not versions', () => {
    const { packages } = extract('tree.v1.json');
    expect(find(packages, 'fixture-kit', null).source).toEqual({
      kind: 'git',
      url: 'git+https://github.com/acme/fixture-kit.git',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(find(packages, 'local-utils', null).source).toEqual({ kind: 'file', url: '../local-utils' });
    expect(find(packages, 'tiny-tarball', null).source?.kind).toBe('url');
  });

  it('gives a nested entry without flags the scope of the package it is installed under', () => {
    const { packages } = extract('nested-scopes.v1.json');
    expect(summary(packages)).toEqual([
      'brace-expansion@2.0.1 runtime undefined',
      'eslint-plugin-local@2.1.0 dev undefined',
      'fsevents-wrapper@1.0.1 optional undefined',
      'minimatch@3.1.2 dev undefined',
      'minimatch@9.0.3 runtime undefined',
      'nan@2.17.0 optional undefined',
    ]);
  });

  it('resolves requires through nested dependencies and gives nested lines', () => {
    const { packages, edges } = extract('tree.v1.json');
    expect(edges).toContainEqual({ from: 'mocha@5.2.0', to: 'supports-color@5.4.0' });
    expect(edges).toContainEqual({ from: 'supports-color@5.4.0', to: 'has-flag@3.0.0' });
    expect(edges).toContainEqual({ from: 'chalk@2.4.2', to: 'supports-color@5.5.0' });
    expect(find(packages, 'supports-color', '5.4.0').line).toBe(45);
    expect(find(packages, 'mocha', '5.2.0').line).toBe(36);
  });
});

describe('edge cases', () => {
  it.each([
    ['empty.v3.json', { name: 'empty', version: '1.0.0' }],
    ['empty.v1.json', undefined],
  ])('%s has no packages', (name, project) => {
    const result = extract(name);
    expect(result.packages).toEqual([]);
    expect(result.project).toEqual(project);
  });

  it('names a workspace member after the link that installs it; keeps a file: directory; skips an empty link and a directory nothing installs', () => {
    const result = extract('link-names.v3.json');
    expect(result.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(['@acme/ui@2.1.0', 'left-pad@1.3.0', 'vendored-etag@1.8.0']);
    expect(find(result.packages, '@acme/ui', '2.1.0').direct).toBe(true);
    expect(result.warnings).toEqual([
      { message: 'link node_modules/stale points at no directory (empty "resolved"); skipped', line: 35 },
      { message: 'tools/old-script is a local directory no link, workspace or file: specifier installs; skipped', line: 39 },
      { message: '1 dependency is not in the lockfile, so their edges are missing: vendored-etag (required by the project)' },
    ]);
  });

  it('reports a link whose target has no entry, as a link without a version', () => {
    const result = extract('dangling-link.v3.json');
    expect(summary(result.packages)).toEqual(['shared-config@ runtime true']);
    const pkg = result.packages[0];
    expect(pkg?.source).toEqual({ kind: 'link', url: '../shared-config' });
    expect(pkg?.line).toBe(12);
    expect(pkg?.notes?.[0]).toContain('no entry of its own');
    expect(result.edges).toEqual([{ from: null, to: pkg?.key }]);
  });

  it('reads a pre-npm-5 shrinkwrap without lockfileVersion, with a warning', () => {
    const result = extract('npm4-shrinkwrap.json', 'npm-shrinkwrap.json');
    expect(summary(result.packages)).toEqual(['once@1.3.3 runtime undefined']);
    expect(result.warnings?.[0]?.message).toContain('lockfileVersion');
  });

  it('skips package-lock.json when npm-shrinkwrap.json sits next to it', () => {
    const result = extract('flags.v2.json', 'app/package-lock.json', { 'npm-shrinkwrap.json': '{}' });
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]?.message).toContain('npm-shrinkwrap.json');
    // The shrinkwrap itself is read as usual.
    expect(extract('flags.v2.json', 'app/npm-shrinkwrap.json', { 'package-lock.json': '{}' }).packages).toHaveLength(7);
  });

  it.each([
    ['not-json.txt', /invalid JSON/, 1],
    ['truncated.v2.json', /invalid JSON/, undefined],
    ['null.json', /found null/, undefined],
    ['array.json', /found an array/, undefined],
    ['unsupported.v4.json', /supported: 1, 2, 3/, undefined],
    ['no-version.json', /no "lockfileVersion"/, undefined],
    ['bad-entry.v3.json', /node_modules\/a/, 5],
    ['bad-packages.v2.json', /"packages" must be an object/, undefined],
  ])('%s is rejected with an InputError', (name, message, line) => {
    const err = thrownInputError(() => extract(name));
    expect(err.message).toMatch(message);
    expect(err.file).toBe('package-lock.json');
    if (line !== undefined) expect(err.line).toBe(line);
  });

  it('rejects binary junk and an empty file', () => {
    expect(() => packageLockScanner.extract('\u0000\u0001\u0002PK\u0003', ctx('package-lock.json'))).toThrow(InputError);
    expect(() => packageLockScanner.extract('', ctx('package-lock.json'))).toThrow(InputError);
  });
});

describe('real lockfile: axios', () => {
  it('finds every distinct package of axios 1.7.9', () => {
    const dir = new URL('../../../../../shared/data/repos/axios/', import.meta.url);
    const content = readFileSync(new URL('package-lock.json', dir), 'utf8');
    const manifest = readFileSync(new URL('package.json', dir), 'utf8');
    const result = packageLockScanner.extract(content, ctx('package-lock.json', { 'package.json': manifest }));
    // Verified independently: 2,116 `packages` entries minus the root "" entry, no link entries,
    // 1,672 distinct name@version pairs:
    //   jq -r '.packages | to_entries[] | select(.key != "") | select(.value.link != true)
    //     | "\(.value.name // (.key | sub(".*node_modules/"; "")))@\(.value.version)"' package-lock.json
    //     | sort -u | wc -l
    expect(result.packages).toHaveLength(1672);
    // jq '.packages[""] | [.dependencies, .devDependencies] | map(keys | length) | add' -> 60
    expect(result.packages.filter((p) => p.direct)).toHaveLength(60);
    expect(result.packages.filter((p) => p.scope === 'runtime').map((p) => p.name).sort()).toEqual([
      'asynckit',
      'combined-stream',
      'delayed-stream',
      'follow-redirects',
      'form-data',
      'mime-db',
      'mime-types',
      'proxy-from-env',
    ]);
    expect(result.project).toEqual({ name: 'axios', version: '1.7.9' });
    expect(result.warnings).toBeUndefined();
  });
});

describe('performance', () => {
  it('extracts a 5,000-package lockfile quickly', () => {
    const packages: Record<string, unknown> = { '': { name: 'big', version: '1.0.0', dependencies: {} as Record<string, string> } };
    const rootDeps = (packages[''] as { dependencies: Record<string, string> }).dependencies;
    for (let i = 0; i < 5000; i++) {
      const name = `pkg-${i}`;
      if (i % 10 === 0) rootDeps[name] = '^1.0.0';
      packages[i % 3 === 0 ? `node_modules/pkg-${i - 1}/node_modules/${name}` : `node_modules/${name}`] = {
        version: `1.0.${i}`,
        resolved: `https://registry.example.com/${name}/-/${name}-1.0.${i}.tgz`,
        integrity: 'sha512-' + Buffer.alloc(64, i % 256).toString('base64'),
        dependencies: { [`pkg-${(i * 7) % 5000}`]: '^1.0.0', [`pkg-${(i * 13) % 5000}`]: '^1.0.0' },
      };
    }
    const text = JSON.stringify({ name: 'big', lockfileVersion: 3, requires: true, packages }, null, 2);
    packageLockScanner.extract(text, ctx('package-lock.json'));
    const start = performance.now();
    const result = packageLockScanner.extract(text, ctx('package-lock.json'));
    const ms = performance.now() - start;
    expect(result.packages).toHaveLength(5000);
    // A regression guard with room for a loaded CI machine: unloaded this takes about 30 ms
    // (parsing is a third of it); quadratic work would take seconds.
    expect(ms).toBeLessThan(budget(1500));
  });
});
