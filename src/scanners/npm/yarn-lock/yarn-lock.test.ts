import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, type FoundPackage } from '../../../model/index.js';
import { findPackage } from '../../../test-support/scanner.js';
import type { ExtractResult, ScanContext } from '../../types.js';
import { yarnLockScanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** A scan context whose siblings are fixture files. */
function ctx(siblings: Record<string, string> = {}, path = 'yarn.lock'): ScanContext {
  return { path, readSibling: (rel) => (rel in siblings ? fixture(siblings[rel] as string) : undefined) };
}

/** Packages as `name@version scope direct` rows, sorted, for exact comparisons. */
function rows(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version} ${p.scope ?? 'runtime'} ${String(p.direct)}`).sort();
}

const find = (r: ExtractResult, name: string): FoundPackage => findPackage(r.packages, name);

describe('npm/yarn-lock matches and sniff', () => {
  it.each([
    ['yarn.lock', true],
    ['apps/web/yarn.lock', true],
    ['node_modules/left-pad/yarn.lock', false],
    ['yarn.lock.bak', false],
    ['package-lock.json', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(yarnLockScanner.matches(path)).toBe(want);
  });

  it.each([
    ['classic.v1.lock', true],
    ['workspaces.v8.lock', true],
    ['project.v6.lock', true],
    ['not-yarn.txt', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(yarnLockScanner.sniff?.(fixture(name))).toBe(want);
  });

  it('does not claim a pnpm lockfile or a package-lock.json', () => {
    expect(yarnLockScanner.sniff?.("lockfileVersion: '9.0'\n\nimporters:\n")).toBe(false);
    expect(yarnLockScanner.sniff?.('{\n  "lockfileVersion": 3\n}\n')).toBe(false);
  });
});

describe('npm/yarn-lock classic (v1)', () => {
  const result = yarnLockScanner.extract(fixture('classic.v1.lock'), ctx({ 'package.json': 'classic.package.json' }));

  it('reads every entry with scope and direct flags from package.json', () => {
    expect(rows(result)).toEqual([
      '@babel/code-frame@7.22.13 runtime true',
      '@babel/highlight@7.22.20 runtime false',
      // A devDependency that a runtime dependency also needs ships: runtime.
      'chalk@2.4.2 runtime true',
      'fsevents@2.3.3 runtime false',
      'has-flag@3.0.0 runtime false',
      'is-even@1.0.1 dev true',
      // Not named by package.json nor needed by anything: the default scope.
      'is-odd@3.0.1 runtime false',
      'left-pad@1.3.0 runtime true',
      'local-utils@0.1.0 runtime true',
      'shared-config@0.0.0 dev true',
      // Behind the alias strip-ansi-cjs@npm:strip-ansi@^6.0.1: the real name.
      'strip-ansi@6.0.1 runtime true',
      'supports-color@5.5.0 runtime true',
      'tarball-only@2.0.0 optional true',
    ]);
    expect(result.warnings).toBeUndefined();
    expect(result.project).toEqual({ name: 'classic-app', version: '1.2.0' });
  });

  it('records the header line, hashes and sources', () => {
    const frame = find(result, '@babel/code-frame');
    expect(frame.line).toBe(5);
    expect(frame.source).toEqual({ kind: 'registry', url: 'https://registry.example.com' });
    expect(frame.hashes?.map((h) => h.alg)).toEqual(['SHA-512', 'SHA-1']);
    expect(find(result, 'has-flag').hashes).toEqual([{ alg: 'SHA-1', value: 'b5d454dc2199ae225699f3467e5a07f3b955bafd' }]);
    expect(find(result, 'left-pad').source).toEqual({
      kind: 'git',
      url: 'git+ssh://git@git.example.com:acme/left-pad.git',
      ref: '5e5ca2a8b9b1d22fa2f1c3b6d6a9b7c4d2e1f0a9',
    });
    expect(find(result, 'is-even').source).toEqual({ kind: 'git', url: 'https://github.com/acme/is-even', ref: '0a2d2506c1fe299691fc5db53a2097db3bd615bc' });
    expect(find(result, 'local-utils').source).toEqual({ kind: 'file', url: './vendor/local-utils' });
    expect(find(result, 'shared-config').source).toEqual({ kind: 'link', url: './packages/shared-config' });
    // The token in the recorded URL does not travel on.
    expect(find(result, 'is-odd').source).toEqual({ kind: 'git', url: 'https://github.com/acme/is-odd.git', ref: 'af885e2e890b9ef0875edd2b117305119ee5bdc5' });
    expect(find(result, 'tarball-only')).toMatchObject({ line: 67, source: { kind: 'url', url: 'https://downloads.example.com/tarball-only-2.0.0.tgz' } });
  });

  it('resolves edges through every specifier of a header, aliases included', () => {
    expect(result.edges).toEqual(
      expect.arrayContaining([
        { from: '@babel/code-frame@7.22.13', to: '@babel/highlight@7.22.20' },
        { from: '@babel/highlight@7.22.20', to: 'chalk@2.4.2' },
        { from: 'chalk@2.4.2', to: 'fsevents@2.3.3' },
        { from: 'supports-color@5.5.0', to: 'has-flag@3.0.0' },
        { from: null, to: 'strip-ansi@6.0.1' },
        { from: null, to: 'is-even@1.0.1' },
      ]),
    );
    expect(result.edges?.filter((e) => e.from === null)).toHaveLength(9);
  });

  it('reads CRLF line endings the same way', () => {
    const crlf = fixture('classic.v1.lock').replace(/\n/g, '\r\n');
    const r = yarnLockScanner.extract(crlf, ctx({ 'package.json': 'classic.package.json' }));
    expect(rows(r)).toEqual(rows(result));
    expect(find(r, 'chalk').line).toBe(20);
    const berry = fixture('project.v6.lock').replace(/\n/g, '\r\n');
    expect(find(yarnLockScanner.extract(berry, ctx()), 'lodash').line).toBe(17);
  });

  it('leaves direct unknown without a package.json', () => {
    const r = yarnLockScanner.extract(fixture('classic.v1.lock'), ctx());
    expect(r.packages.every((p) => p.direct === undefined && p.scope === undefined)).toBe(true);
    expect(r.edges?.some((e) => e.from === null)).toBe(false);
  });

  it('keeps an entry without a version, with a note and its range', () => {
    const r = yarnLockScanner.extract(fixture('no-version.v1.lock'), ctx());
    expect(r.packages).toEqual([
      expect.objectContaining({ name: 'left-pad', version: null, declared: '^1.3.0', line: 4, notes: ['yarn.lock records no version for this entry'] }),
    ]);
  });

  it('keeps hostile keys away from object prototypes', () => {
    const r = yarnLockScanner.extract(fixture('proto-keys.v1.lock'), ctx());
    expect(rows(r)).toEqual(['__proto__@1.0.0 runtime undefined', 'constructor@2.0.0 runtime undefined']);
    expect(r.edges).toEqual([{ from: '__proto__@1.0.0', to: 'constructor@2.0.0' }]);
    expect(({} as Record<string, unknown>).version).toBeUndefined();
  });

  it('warns about a package.json dependency the lockfile does not record', () => {
    const r = yarnLockScanner.extract(fixture('no-version.v1.lock'), {
      path: 'yarn.lock',
      readSibling: (rel) => (rel === 'package.json' ? '{"dependencies": {"left-pad": "^1.3.0", "right-pad": "^2.0.0"}}' : undefined),
    });
    expect(r.warnings).toEqual([{ message: 'package.json names right-pad@^2.0.0, which yarn.lock does not record' }]);
    expect(r.packages[0]?.direct).toBe(true);
  });

  it('turns a broken package.json into a warning, not a failure', () => {
    const r = yarnLockScanner.extract(fixture('no-version.v1.lock'), { path: 'yarn.lock', readSibling: () => '{ nope' });
    expect(r.packages).toHaveLength(1);
    expect(r.warnings?.[0]?.message).toMatch(/^package\.json could not be read/);
  });
});

describe('npm/yarn-lock berry (v2+)', () => {
  const result = yarnLockScanner.extract(
    fixture('workspaces.v8.lock'),
    ctx({ 'package.json': 'workspaces.package.json', 'packages/app/package.json': 'workspaces.app.package.json' }),
  );

  it('reads packages, leaves out the root workspace, and reports members as workspace sources', () => {
    expect(rows(result)).toEqual([
      '@acme/app@0.0.0-use.local runtime true',
      '@acme/utils@0.0.0-use.local runtime true',
      'js-tokens@4.0.0 runtime false',
      'left-pad@1.3.0 runtime true',
      'local-tool@0.0.0-use.local dev true',
      'loose-envify@1.4.0 runtime false',
      'prettier@3.1.0 dev true',
      'react@18.2.0 runtime true',
      'string-width@4.2.3 runtime true',
      // The patch: entry and its npm: base are one package; the app's manifest makes it dev.
      'typescript@5.3.3 dev true',
      'vendored@1.0.0 runtime true',
    ]);
    expect(find(result, '@acme/utils').source).toEqual({ kind: 'workspace', url: 'packages/utils' });
    expect(result.covers).toEqual(['packages/app', 'packages/utils']);
    expect(result.project).toEqual({ name: '@acme/monorepo' });
    expect(result.warnings).toBeUndefined();
  });

  it('reads patch:, portal:, file: and git resolutions', () => {
    expect(find(result, 'typescript').notes).toEqual(['patched by yarn (optional!builtin<compat/typescript>)']);
    expect(find(result, 'typescript').source).toBeUndefined();
    expect(find(result, 'local-tool').source).toEqual({ kind: 'link', url: './tools/local-tool' });
    expect(find(result, 'vendored').source).toEqual({ kind: 'file', url: './vendor/vendored-1.0.0.tgz' });
    expect(find(result, 'left-pad').source).toEqual({
      kind: 'git',
      url: 'https://github.com/acme/left-pad.git',
      ref: '5e5ca2a8b9b1d22fa2f1c3b6d6a9b7c4d2e1f0a9',
    });
    expect(find(result, 'react').line).toBe(77);
  });

  it('draws edges from the root project, from members, and between packages', () => {
    expect(result.edges).toEqual(
      expect.arrayContaining([
        { from: null, to: '@acme/app@0.0.0-use.local' },
        { from: null, to: 'prettier@3.1.0' },
        { from: '@acme/app@0.0.0-use.local', to: '@acme/utils@0.0.0-use.local' },
        { from: '@acme/app@0.0.0-use.local', to: 'typescript@5.3.3' },
        { from: '@acme/utils@0.0.0-use.local', to: 'string-width@4.2.3' },
        { from: 'react@18.2.0', to: 'loose-envify@1.4.0' },
        { from: 'loose-envify@1.4.0', to: 'js-tokens@4.0.0' },
      ]),
    );
    expect(result.edges).toHaveLength(11);
  });

  it('takes direct dependencies from the root workspace entry when there is no package.json', () => {
    const r = yarnLockScanner.extract(fixture('project.v6.lock'), ctx());
    expect(rows(r)).toEqual([
      '@types/node@20.10.5 runtime true',
      'lodash@4.17.21 runtime true',
      'resolve@1.22.8 runtime true',
      'undici-types@5.26.5 runtime false',
    ]);
    expect(find(r, 'resolve').notes).toEqual(['patched by yarn (~builtin<compat/resolve>)']);
    expect(r.project).toEqual({ name: 'my-app' });
  });

  it.each([
    ['empty.v1.lock'],
    ['empty.v8.lock'],
  ])('%s is well-formed and empty', (name) => {
    expect(yarnLockScanner.extract(fixture(name), ctx()).packages).toEqual([]);
  });
});

describe('npm/yarn-lock malformed input', () => {
  it.each([
    ['not-yarn.txt', 1, /expected an entry header/],
    ['odd-indent.v1.lock', 5, /not a multiple of 2/],
    ['unterminated-quote.v1.lock', 4, /unterminated quoted string/],
    ['field-outside-entry.v1.lock', 4, /indented deeper/],
    ['key-without-value.v1.lock', 6, /neither a value nor a block/],
    ['bad-version.v8.lock', 1, /unsupported yarn\.lock __metadata\.version "next"/],
    ['entry-not-mapping.v8.lock', 4, /must be a mapping/],
  ])('%s raises an InputError at line %i', (name, line, message) => {
    const err = (() => {
      try {
        yarnLockScanner.extract(fixture(name), ctx());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(line);
    expect((err as InputError).message).toMatch(message);
  });

  it('raises an InputError for YAML that does not parse', () => {
    expect(() => yarnLockScanner.extract(fixture('not-yaml.v8.lock'), ctx())).toThrow(/invalid YAML/);
  });

  it('refuses binary content', () => {
    expect(() => yarnLockScanner.extract('\u0000\u0001\u0002PK', ctx())).toThrow(InputError);
  });
});

describe('npm/yarn-lock on a real file', () => {
  const lock = new URL('../../../../../shared/data/repos/webpack/yarn.lock', import.meta.url);
  const manifest = new URL('../../../../../shared/data/repos/webpack/package.json', import.meta.url);

  it.runIf(existsSync(lock))('reads webpack/yarn.lock (classic v1)', () => {
    const r = yarnLockScanner.extract(readFileSync(lock, 'utf8'), {
      path: 'webpack/yarn.lock',
      readSibling: (rel) => (rel === 'package.json' ? readFileSync(manifest, 'utf8') : undefined),
    });
    // 1,397 entry headers (`grep -c '^[^ #]' yarn.lock`) hold 1,393 distinct name@version: four
    // `npm:` alias entries (string-width-cjs, strip-ansi-cjs, wrap-ansi-cjs, prettier-2) resolve
    // to a version a plain entry also has. Counted with an awk pipeline that takes the name from
    // each header's first specifier (the alias target after `npm:`) and the version from its
    // `  version` line, then `sort -u | wc -l`. Direct: 19 dependencies + 94 devDependencies
    // (`jq '[.dependencies, .devDependencies] | map(keys[]) | unique | length' package.json`).
    expect(r.packages).toHaveLength(1393);
    expect(r.warnings).toBeUndefined();
    expect(r.project?.name).toBe('webpack');
    expect(r.packages.filter((p) => p.direct)).toHaveLength(113);
    expect(r.packages.every((p) => typeof p.line === 'number' && p.version !== null)).toBe(true);
  });
});

describe('npm/yarn-lock performance', () => {
  it('extracts a 5,000-entry classic lockfile quickly', () => {
    const parts = ['# yarn lockfile v1\n\n'];
    for (let i = 0; i < 5000; i++) {
      parts.push(
        `"pkg-${i}@^1.0.0", pkg-${i}@^1.1.0:\n  version "1.1.${i}"\n  resolved "https://registry.yarnpkg.com/pkg-${i}/-/pkg-${i}-1.1.${i}.tgz#0123456789abcdef0123456789abcdef01234567"\n  integrity sha512-XktuhWlJ5g+3TJXc5upd9Ks1HutSArik6jf2eAjYFyIOf4ej3RN+184cZbzDvbPnuTJIUhPKKJE3cIsYTiAT3w==\n  dependencies:\n    pkg-${(i + 1) % 5000} "^1.0.0"\n\n`,
      );
    }
    const text = parts.join('');
    yarnLockScanner.extract(text, ctx());
    const start = performance.now();
    const r = yarnLockScanner.extract(text, ctx());
    const ms = performance.now() - start;
    expect(r.packages).toHaveLength(5000);
    expect(r.edges).toHaveLength(5000);
    // Well under 100 ms on an idle machine; the bound leaves room for a loaded CI runner.
    expect(ms).toBeLessThan(budget(1000));
  });
});
