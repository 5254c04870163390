import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scanner } from '../../types.js';
import { pdmLockScanner } from '../pdm-lock/index.js';
import { pipfileLockScanner } from '../pipfile-lock/index.js';
import { poetryLockScanner } from '../poetry-lock/index.js';
import { pylockScanner } from '../pylock/index.js';
import { pyprojectScanner } from '../pyproject/index.js';
import { requirementsScanner } from '../requirements/index.js';
import { uvLockScanner } from '../uv-lock/index.js';
import { EdgeSet, eggName, hashFrom, PackageSet, parseHash, tomlBlockNameLines, vcsSource } from './helpers.js';
import { forEachPackageTable, linkByName, pushFileHashes, resolveReference, type PackageTable, type Warnings } from './lock.js';
import { parseRequirement, parseWheelFileName, versionFromSpecifier } from './pep508.js';
import { poetryExactVersion } from './pyproject-deps.js';
import { budget } from '../../../test-support/budget.js';

describe('parseRequirement (PEP 508)', () => {
  it.each([
    ['requests', { name: 'requests', extras: [], specifier: '' }],
    ['Flask==3.0.2', { name: 'flask', extras: [], specifier: '==3.0.2' }],
    ['zope.interface >= 5', { name: 'zope-interface', extras: [], specifier: '>= 5' }],
    ['requests [security, socks] >=2.8.1, ==2.8.*', { name: 'requests', extras: ['security', 'socks'], specifier: '>=2.8.1, ==2.8.*' }],
    ['tomli (>=2.0.1,<3.0.0) ; python_version < "3.11"', { name: 'tomli', specifier: '>=2.0.1,<3.0.0', marker: 'python_version < "3.11"' }],
    ['pkg @ https://registry.example.com/pkg-1.0.tar.gz', { name: 'pkg', url: 'https://registry.example.com/pkg-1.0.tar.gz' }],
    ['pkg @ file:///srv/pkg ; os_name == "posix"', { name: 'pkg', url: 'file:///srv/pkg', marker: 'os_name == "posix"' }],
  ])('%s', (text, want) => {
    expect(parseRequirement(text)).toMatchObject(want);
  });

  it.each(['', '==1.0', 'asdf==', 'asdf 1.0', 'pkg[extra', '-e .', 'pkg @'])('rejects %j', (text) => {
    expect(parseRequirement(text)).toBeUndefined();
  });
});

describe('versionFromSpecifier', () => {
  it.each([
    ['==1.2.3', '1.2.3', true],
    ['=== 1.0', '1.0', true],
    ['>=4.1.1', '4.1.1', false],
    ['<=1.2.3', '1.2.3', false],
    ['~= 1.1', '1.1', false],
    ['==2.8.*', null, false],
    ['!=3.5', null, false],
    ['>1.0', null, false],
    ['<2', null, false],
    ['>=1,<2', null, false],
    ['', null, false],
  ])('%j -> %j', (spec, version, exact) => {
    expect(versionFromSpecifier(spec)).toEqual({ version, exact });
  });
});

describe('small parsers', () => {
  it('reads wheel file names', () => {
    expect(parseWheelFileName('numpy-1.9.2-cp34-none-win32.whl')).toEqual({ name: 'numpy', version: '1.9.2' });
    expect(parseWheelFileName('zope.interface-5.4.0-1-cp39-cp39-manylinux1_x86_64.whl')).toEqual({ name: 'zope-interface', version: '5.4.0' });
    expect(parseWheelFileName('pkg-1.0.tar.gz')).toBeUndefined();
  });

  it('reads hashes', () => {
    expect(parseHash('sha256:ABCDEF01')).toEqual({ alg: 'SHA-256', value: 'abcdef01' });
    expect(parseHash('md5:00ff')).toEqual({ alg: 'MD5', value: '00ff' });
    expect(parseHash('sha256:not-hex')).toBeUndefined();
    expect(parseHash('nohash')).toBeUndefined();
    expect(hashFrom('sha512', 'aa')).toEqual({ alg: 'SHA-512', value: 'aa' });
    expect(hashFrom('crc32', 'aa')).toBeUndefined();
  });

  it.each([
    ['git+https://github.com/org/repo.git@v1.0#egg=name', { kind: 'git', url: 'https://github.com/org/repo.git', ref: 'v1.0' }],
    ['git+ssh://git@github.com/org/repo.git', { kind: 'git', url: 'ssh://git@github.com/org/repo.git' }],
    ['git+ssh://git@github.com/org/repo.git@main', { kind: 'git', url: 'ssh://git@github.com/org/repo.git', ref: 'main' }],
    ['hg+https://hg.example.com/repo@tip', { kind: 'url', url: 'https://hg.example.com/repo', ref: 'tip' }],
  ])('vcsSource(%s)', (url, want) => {
    expect(vcsSource(url)).toEqual(want);
  });


  it('reads #egg= fragments', () => {
    expect(eggName('git+https://x/y.git#egg=My_Pkg&subdirectory=src')).toBe('My_Pkg');
    expect(eggName('git+https://x/y.git#egg=pkg[extra]')).toBe('pkg');
    expect(eggName('https://x/y.zip')).toBeUndefined();
  });

  it('reads Poetry exact versions', () => {
    expect(poetryExactVersion('1.2.3')).toBe('1.2.3');
    expect(poetryExactVersion('==1.2.3')).toBe('1.2.3');
    expect(poetryExactVersion('^1.2')).toBeNull();
    expect(poetryExactVersion('*')).toBeNull();
    expect(poetryExactVersion('>=1,<2')).toBeNull();
  });

  it('finds the name line of each [[package]] block, skipping sub-tables and multi-line strings', () => {
    const text = [
      '[[package]]', // 1
      'other = "x"', // 2
      'name = "first"', // 3
      'description = """', // 4
      'name = "not-this"', // 5
      '"""', // 6
      '[package.tool]', // 7
      'name = "tool"', // 8
      '', // 9
      '[[package]]', // 10
      '# name = "comment"', // 11
      'name_other = "x"', // 12
      'name = "second"', // 13
      '[[package.wheels]]', // 14
      'name = "wheel"', // 15
      '[[package]]', // 16
      'version = "1"', // 17
    ].join('\n');
    expect(tomlBlockNameLines(text, 'package')).toEqual([3, 13, 16]);
  });
});

describe('Python sniffing', () => {
  // The order the lead's registry tries them in (src/scanners/python/index.ts).
  const ORDER: Scanner[] = [
    pylockScanner,
    uvLockScanner,
    pdmLockScanner,
    poetryLockScanner,
    pipfileLockScanner,
    pyprojectScanner,
    requirementsScanner,
  ];
  const cases: Array<[string, string, string]> = [
    ['poetry-lock', 'groups.v2.lock', 'python/poetry-lock'],
    ['poetry-lock', 'category.v1.lock', 'python/poetry-lock'],
    ['pdm-lock', 'groups.v4.lock', 'python/pdm-lock'],
    ['pdm-lock', 'legacy.v3.lock', 'python/pdm-lock'],
    ['uv-lock', 'project.v1.lock', 'python/uv-lock'],
    ['uv-lock', 'workspace.v1.lock', 'python/uv-lock'],
    ['pylock', 'pylock.toml', 'python/pylock'],
    ['pylock', 'pylock.inline.toml', 'python/pylock'],
    ['pipfile-lock', 'categories.json', 'python/pipfile-lock'],
    ['pyproject', 'pep621.toml', 'python/pyproject'],
    ['pyproject', 'poetry.toml', 'python/pyproject'],
    ['requirements', 'pip-compile-hashes.txt', 'python/requirements'],
  ];
  it.each(cases)('%s/%s is recognised by its own scanner first', (dir, file, id) => {
    const text = readFileSync(new URL(`../${dir}/__fixtures__/${file}`, import.meta.url), 'utf8');
    expect(ORDER.find((s) => s.sniff?.(text))?.id).toBe(id);
  });

  it('no scanner claims the malformed or empty fixtures', () => {
    for (const dir of ['poetry-lock', 'pdm-lock', 'uv-lock', 'pylock', 'pipfile-lock', 'pyproject', 'requirements']) {
      const base = new URL(`../${dir}/__fixtures__/`, import.meta.url);
      for (const f of readdirSync(base)) {
        if (!/^(not-|empty-file|binary|malformed)/.test(f)) continue;
        const text = readFileSync(new URL(f, base), 'utf8');
        expect(ORDER.filter((s) => s.sniff?.(text)).map((s) => s.id), `${dir}/${f}`).toEqual([]);
      }
    }
  });
});

describe('Python scanners on 5,000 packages', () => {
  // A loose bound: catches quadratic behaviour (seconds to minutes at this size) without failing
  // on a busy machine. Most of the time of the TOML formats goes to the shared TOML parser
  // (linear: about 120 ms per 5,000 Poetry packages on a loaded 2-core machine).
  const N = 5000;
  const ctx = { path: 'x', readSibling: () => undefined };
  it.each([
    [
      'requirements',
      requirementsScanner,
      () => Array.from({ length: N }, (_, i) => `pkg-${i}==1.${i}.0 \\\n    --hash=sha256:${'c'.repeat(64)}\n    # via pkg-${i + 1}\n`).join(''),
    ],
    [
      'Pipfile.lock',
      pipfileLockScanner,
      () => {
        const d: Record<string, unknown> = {};
        for (let i = 0; i < N; i++) d[`pkg-${i}`] = { hashes: [`sha256:${'d'.repeat(64)}`], version: `==1.${i}.0` };
        return JSON.stringify({ _meta: { 'pipfile-spec': 6 }, default: d, develop: {} }, null, 4);
      },
    ],
    [
      'uv.lock',
      uvLockScanner,
      () =>
        'version = 1\n\n[[package]]\nname = "root"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "pkg-0" }]\n\n' +
        Array.from(
          { length: N },
          (_, i) =>
            `[[package]]\nname = "pkg-${i}"\nversion = "1.${i}.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [{ name = "pkg-${i + 1}" }]\n\n`,
        ).join(''),
    ],
    [
      'poetry.lock',
      poetryLockScanner,
      () =>
        Array.from(
          { length: N },
          (_, i) =>
            `[[package]]\nname = "pkg-${i}"\nversion = "1.${i}.0"\noptional = false\npython-versions = ">=3.8"\ngroups = ["main"]\nfiles = []\n\n[package.dependencies]\npkg-${i + 1} = ">=1.0"\n\n`,
        ).join('') + '[metadata]\nlock-version = "2.1"\n',
    ],
  ])('%s', (_name, scanner, make) => {
    const text = make();
    const t = performance.now();
    const r = scanner.extract(text, ctx);
    const ms = performance.now() - t;
    expect(r.packages).toHaveLength(N);
    expect(ms).toBeLessThan(budget(3000));
  });
});

describe('lockfile steps (lock.ts)', () => {
  it('walks named package tables with their lines and warns about the rest', () => {
    const content = '[[package]]\nname = "A"\nversion = "1"\n\n[[package]]\nversion = "2"\n\n[[package]]\nname = "b"\n';
    const warnings: Warnings = [];
    const seen: Array<Omit<PackageTable, 'entry'>> = [];
    const list = [{ name: 'A', version: '1' }, { version: '2' }, { name: 'b' }];
    forEachPackageTable(list, content, 'package', warnings, ({ entry: _entry, ...rest }) => seen.push(rest));
    expect(seen).toEqual([
      { rawName: 'A', version: '1', line: 2, index: 0 },
      { rawName: 'b', version: null, line: 9, index: 2 },
    ]);
    expect(warnings).toEqual([{ message: '[[package]] #2 has no name; skipped', line: 5 }]); // the header line: the block has no name key
  });

  it('gives no lines when the blocks and the array disagree, and warns about non-tables', () => {
    const warnings: Warnings = [];
    forEachPackageTable(['x'], '', 'packages', warnings, () => undefined);
    expect(warnings).toEqual([{ message: '[[packages]] #1 is not a table; skipped', line: undefined }]);
  });

  it('collects file hashes once and ignores entries without one', () => {
    const hashes = [parseHash(`sha256:${'a'.repeat(64)}`)].filter((h) => h !== undefined);
    pushFileHashes(hashes, [{ hash: `sha256:${'a'.repeat(64)}` }, { file: 'x.whl' }, 'junk', { hash: `sha256:${'b'.repeat(64)}` }]);
    pushFileHashes(hashes, 'not a list');
    expect(hashes).toEqual([
      { alg: 'SHA-256', value: 'a'.repeat(64) },
      { alg: 'SHA-256', value: 'b'.repeat(64) },
    ]);
  });

  it('resolves references by name, narrowed to the version when one matches, and links by name', () => {
    const set = new PackageSet();
    const a1 = set.add({ ecosystem: 'PyPI', name: 'a', version: '1' });
    const a2 = set.add({ ecosystem: 'PyPI', name: 'a', version: '2' });
    const b = set.add({ ecosystem: 'PyPI', name: 'b', version: '1' });
    expect(resolveReference(set, { name: 'A', version: '2' })).toEqual([a2]);
    expect(resolveReference(set, { name: 'a', version: '3' })).toEqual([a1, a2]);
    expect(resolveReference(set, { name: 'b', version: '9' })).toEqual([b]);
    expect(resolveReference(set, { version: '1' })).toEqual([]);
    expect(resolveReference(set, 'a')).toEqual([]);
    const edges = new EdgeSet();
    linkByName(set, edges, [[b, ['a', 'b', 'missing']]]);
    expect(edges.edges).toEqual([
      { from: b, to: a1 },
      { from: b, to: a2 },
    ]);
  });
});
