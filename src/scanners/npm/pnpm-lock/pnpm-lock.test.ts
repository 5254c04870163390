import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, type FoundPackage } from '../../../model/index.js';
import { findPackage } from '../../../test-support/scanner.js';
import { parseYaml } from '../../../parsers/index.js';
import type { ExtractResult, ScanContext } from '../../types.js';
import { parseLockfileYamlSubset } from '../shared/lockfile-yaml.js';
import { pnpmLockScanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx: ScanContext = { path: 'pnpm-lock.yaml', readSibling: () => undefined };
const extract = (name: string): ExtractResult => pnpmLockScanner.extract(fixture(name), ctx);

/** Packages as `name@version scope direct` rows, sorted, for exact comparisons. */
function rows(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version} ${p.scope ?? 'runtime'} ${String(p.direct)}`).sort();
}

const find = (r: ExtractResult, name: string): FoundPackage => findPackage(r.packages, name);

describe('npm/pnpm-lock matches and sniff', () => {
  it.each([
    ['pnpm-lock.yaml', true],
    ['packages/web/pnpm-lock.yaml', true],
    ['node_modules/x/pnpm-lock.yaml', false],
    ['pnpm-workspace.yaml', false],
    ['pnpm-lock.yml', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(pnpmLockScanner.matches(path)).toBe(want);
  });

  it.each([
    ['workspace.v9.yaml', true],
    ['workspace.v5.yaml', true],
    ['peers.v6.yaml', true],
    ['empty.yaml', false],
    ['not-mapping.yaml', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(pnpmLockScanner.sniff?.(fixture(name))).toBe(want);
  });

  it('does not claim a yarn.lock or a package-lock.json', () => {
    expect(pnpmLockScanner.sniff?.('__metadata:\n  version: 8\n')).toBe(false);
    expect(pnpmLockScanner.sniff?.('{\n  "lockfileVersion": 3\n}\n')).toBe(false);
  });
});

describe('npm/pnpm-lock 9.x', () => {
  const r = extract('workspace.v9.yaml');

  it('reads packages with scopes from the importers and snapshot flags', () => {
    expect(rows(r)).toEqual([
      'fsevents@2.3.3 optional true',
      'is-number@7.0.0 runtime true',
      'js-tokens@4.0.0 runtime false',
      'left-pad@1.3.0 runtime true',
      'loose-envify@1.4.0 runtime false',
      'react-dom@18.2.0 runtime true',
      // packages/ui names react directly.
      'react@18.2.0 runtime true',
      'scheduler@0.23.0 runtime false',
      // Behind the alias string-width-cjs: string-width@4.2.3.
      'string-width@4.2.3 runtime true',
      'typescript@5.3.3 dev true',
      'vendored@2.1.0 runtime true',
    ]);
    expect(r.warnings).toBeUndefined();
  });

  it("reads the project's document of a pnpm 11 lockfile that starts with the env lockfile", () => {
    const r = extract('env-document.v9.yaml');
    expect(rows(r)).toEqual(['left-pad@1.3.0 runtime true']);
    expect(find(r, 'left-pad').line).toBe(40);
  });

  it('reports a local directory dependency that records no version, without one', () => {
    const r = extract('directory-dep.v9.yaml');
    expect(rows(r)).toEqual(['left-pad@1.3.0 runtime false', 'local-utils@null runtime true']);
    expect(find(r, 'local-utils').source).toEqual({ kind: 'file', url: 'local-utils' });
    expect(r.edges).toEqual(expect.arrayContaining([{ from: 'local-utils@file:local-utils', to: 'left-pad@1.3.0' }]));
    expect(r.warnings).toBeUndefined();
  });

  it('rejects a lockfile with two project documents', () => {
    const text = fixture('env-document.v9.yaml').split('---\n')[1] as string;
    expect(() => pnpmLockScanner.extract(`${text}---\n${text}`, ctx)).toThrow(InputError);
  });

  it('reports workspace members (importers and link: targets) in covers, not as packages', () => {
    expect(r.covers).toEqual(['packages/eslint-config', 'packages/app', 'packages/ui']);
    expect(r.packages.some((p) => p.name.startsWith('@acme/'))).toBe(false);
  });

  it('keeps the version pnpm records for tarball, git and directory packages, with their source', () => {
    expect(find(r, 'is-number')).toMatchObject({
      version: '7.0.0',
      line: 59,
      source: { kind: 'git', url: 'https://github.com/acme/is-number', ref: '98e8ff1da1a89f93d1397a24d7413ed15421c139' },
    });
    expect(find(r, 'left-pad').source).toEqual({
      kind: 'git',
      url: 'https://git.example.com/acme/left-pad.git',
      ref: '5e5ca2a8b9b1d22fa2f1c3b6d6a9b7c4d2e1f0a9',
    });
    expect(find(r, 'vendored').source).toEqual({ kind: 'file', url: 'vendor/vendored' });
    expect(find(r, 'react').hashes).toEqual([
      {
        alg: 'SHA-512',
        value: Buffer.from('/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==', 'base64').toString('hex'),
      },
    ]);
  });

  it('draws edges from snapshots (peer suffixes stripped) and from the importers', () => {
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: 'react-dom@18.2.0', to: 'react@18.2.0' },
        { from: 'react-dom@18.2.0', to: 'scheduler@0.23.0' },
        { from: 'loose-envify@1.4.0', to: 'js-tokens@4.0.0' },
        { from: null, to: 'react-dom@18.2.0' },
        { from: null, to: 'string-width@4.2.3' },
      ]),
    );
    expect(r.edges).toHaveLength(14);
  });

  it('reads CRLF line endings the same way', () => {
    const crlf = pnpmLockScanner.extract(fixture('workspace.v9.yaml').replace(/\n/g, '\r\n'), ctx);
    expect(rows(crlf)).toEqual(rows(r));
    expect(find(crlf, 'is-number').line).toBe(59);
    expect(crlf.edges).toEqual(r.edges);
  });

  it('is empty without packages', () => {
    expect(extract('no-packages.v9.yaml')).toEqual({ packages: [], edges: [] });
  });

  it('reads 6.0-style /name@version keys in a 9.0 file without the slash', () => {
    const r = extract('slash-keys.v9.yaml');
    expect(rows(r)).toEqual(['@types/node@20.11.0 dev true', 'left-pad@1.3.0 runtime true']);
    expect(r.warnings).toBeUndefined();
  });
});

describe('npm/pnpm-lock 6.x', () => {
  const r = extract('peers.v6.yaml');

  it('strips peer suffixes, including scoped peers, and follows dev/optional flags', () => {
    expect(rows(r)).toEqual([
      '@acme/my-git-dep@1.0.0 runtime true',
      // No dev flag: the runtime plugin needs vite and its @types/node too.
      '@types/node@20.10.5 runtime false',
      '@vitejs/plugin-vue@4.5.0 runtime true',
      'fsevents@2.3.3 optional false',
      'typescript@5.3.3 dev true',
      'undici-types@5.26.5 runtime false',
      'vite@5.0.10 runtime true',
      'vue@3.3.13 runtime false',
    ]);
    expect(find(r, '@acme/my-git-dep').source).toEqual({
      kind: 'git',
      url: 'git+ssh://git@github.com/acme/my-git-dep.git',
      ref: '267087851ad5fac92a184749c27cd539e2fc862e',
    });
    expect(find(r, 'vite').line).toBe(50);
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: '@vitejs/plugin-vue@4.5.0', to: 'vite@5.0.10' },
        { from: 'vite@5.0.10', to: 'fsevents@2.3.3' },
        { from: null, to: '@acme/my-git-dep@1.0.0' },
      ]),
    );
  });
});

describe('npm/pnpm-lock 5.x', () => {
  const r = extract('workspace.v5.yaml');

  it('reads /name/version_peer keys, tarballs with name fields, and importers', () => {
    expect(rows(r)).toEqual([
      '@types/babel__core@7.1.14 optional true',
      'debug@4.3.4 runtime true',
      'eslint@8.10.0 dev true',
      'ms@2.1.2 runtime false',
      'pinia@2.0.28 runtime true',
      'string-width@4.2.3 runtime true',
      'tarball-pkg@3.2.3 runtime true',
      'typescript@4.7.4 runtime false',
    ]);
    expect(find(r, 'tarball-pkg').source).toEqual({ kind: 'url', url: 'https://downloads.example.com/tarball-pkg-3.2.3.tgz' });
    expect(r.covers).toEqual(['packages/app']);
    expect(r.edges).toEqual(expect.arrayContaining([{ from: 'pinia@2.0.28', to: 'typescript@4.7.4' }, { from: 'eslint@8.10.0', to: 'debug@4.3.4' }]));
  });

  it('warns about a git package that names no package', () => {
    expect(r.warnings).toEqual([
      {
        message:
          'package "github.com/acme/unnamed/0123456789abcdef0123456789abcdef01234567" names no package name (neither its key nor its fields), so it is not reported',
        line: 85,
      },
    ]);
  });
});

describe('npm/pnpm-lock malformed and hostile input', () => {
  it('returns nothing for a file with only comments', () => {
    expect(extract('empty.yaml')).toEqual({ packages: [] });
  });

  it.each([
    ['not-yaml.txt', /invalid YAML/],
    ['unsupported-version.yaml', /unsupported pnpm lockfileVersion "11\.0": supported are 5\.x/],
    ['missing-version.yaml', /lockfileVersion is missing/],
    ['not-mapping.yaml', /expected a mapping at the top level/],
    ['invalid-key.v5.yaml', /"acorn-jsx@5\.3\.2" is not a dependency path/],
  ])('%s raises an InputError', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it('names the line of an invalid package key', () => {
    try {
      extract('invalid-key.v5.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).line).toBe(9);
    }
  });

  it('stops a YAML alias bomb quickly', () => {
    const start = performance.now();
    // parseYaml's message; the file leaves the fast path at its first anchor.
    expect(() => pnpmLockScanner.extract(fixture('alias-bomb.yaml'), ctx)).toThrow(InputError);
    expect(() => pnpmLockScanner.extract(fixture('alias-bomb.yaml'), ctx)).toThrow(/alias/);
    expect(performance.now() - start).toBeLessThan(budget(2000));
  });

  it('refuses binary content', () => {
    expect(() => pnpmLockScanner.extract('\u0000\u0000lockfileVersion', ctx)).toThrow(/binary/);
  });
});

describe('npm/pnpm-lock YAML fast path', () => {
  it.each([['workspace.v9.yaml'], ['workspace.v5.yaml'], ['peers.v6.yaml'], ['no-packages.v9.yaml']])(
    'reads %s exactly as the general YAML parser does',
    (name) => {
      const text = fixture(name);
      const fast = parseLockfileYamlSubset(text);
      expect(fast).toBeDefined();
      // The general parser turns `lockfileVersion: 5.4` into a number; the fast one keeps text.
      const general = parseYaml(text) as Record<string, unknown>;
      expect(JSON.parse(JSON.stringify(fast))).toEqual({ ...general, lockfileVersion: String(general.lockfileVersion) });
    },
  );

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['block scalars', 'a: |\n  text\n'],
    ['escapes in double quotes', 'a: "x\\ty"\n'],
    ['tabs', 'a:\n\tb: 1\n'],
    ['documents', '---\na: 1\n'],
    ['nested flow collections', 'a: {b: {c: 1}}\n'],
    ['odd indentation', 'a:\n  b: 1\n   c: 2\n'],
  ])('leaves %s to the general parser', (_what, text) => {
    expect(parseLockfileYamlSubset(text)).toBeUndefined();
  });

  it('drops prototype keys', () => {
    const doc = parseLockfileYamlSubset('__proto__:\n  polluted: true\nconstructor: 1\nok: {__proto__: x, y: z}\n') as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['ok']);
    expect(Object.keys(doc.ok as object)).toEqual(['y']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('npm/pnpm-lock on a real file', () => {
  const lock = new URL('../../../../../shared/data/repos/vuejs-core/pnpm-lock.yaml', import.meta.url);

  it.runIf(existsSync(lock))('reads vuejs-core/pnpm-lock.yaml (9.0, 18 importers)', () => {
    const r = pnpmLockScanner.extract(readFileSync(lock, 'utf8'), { path: 'vuejs-core/pnpm-lock.yaml', readSibling: () => undefined });
    // 620 keys under `packages:` (awk '/^packages:/{f=1;next} /^[a-z]/{f=0} f && /^  [^ #]/' | wc -l),
    // each a distinct name@version; 70 distinct name@version named by the importers' three
    // dependency sections, `link:` versions left out (checked with PyYAML: yaml.safe_load, then
    // a set over importers[*][section][name].version split at '(').
    expect(r.packages).toHaveLength(620);
    expect(r.packages.filter((p) => p.direct)).toHaveLength(70);
    expect(r.warnings).toBeUndefined();
    expect(r.covers).toHaveLength(17);
    expect(r.packages.every((p) => typeof p.line === 'number' && p.hashes !== undefined)).toBe(true);
  });
});

describe('npm/pnpm-lock performance', () => {
  it('extracts a 5,000-package 9.0 lockfile quickly', () => {
    const p = ["lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      pkg-0:\n        specifier: ^1.1.0\n        version: 1.1.0\n\npackages:\n\n"];
    for (let i = 0; i < 5000; i++) {
      p.push(`  pkg-${i}@1.1.${i}:\n    resolution: {integrity: sha512-XktuhWlJ5g+3TJXc5upd9Ks1HutSArik6jf2eAjYFyIOf4ej3RN+184cZbzDvbPnuTJIUhPKKJE3cIsYTiAT3w==}\n    engines: {node: '>=8'}\n\n`);
    }
    p.push('snapshots:\n\n');
    for (let i = 0; i < 5000; i++) p.push(`  pkg-${i}@1.1.${i}:\n    dependencies:\n      pkg-${(i + 1) % 5000}: 1.1.${(i + 1) % 5000}\n\n`);
    const text = p.join('');
    pnpmLockScanner.extract(text, ctx);
    const start = performance.now();
    const r = pnpmLockScanner.extract(text, ctx);
    const ms = performance.now() - start;
    expect(r.packages).toHaveLength(5000);
    expect(r.edges).toHaveLength(5001);
    // Well under 100 ms on an idle machine; the bound leaves room for a loaded CI runner.
    expect(ms).toBeLessThan(budget(1000));
  });
});
