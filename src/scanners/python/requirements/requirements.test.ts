import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { requirementsScanner } from './index.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);

function read(rel: string): string | undefined {
  try {
    return readFileSync(new URL(rel, FIXTURES), 'utf8');
  } catch {
    return undefined;
  }
}

/** Scans a fixture as if it sat at `path` in the scan root; siblings come from the fixture folder. */
function scan(rel: string, path = rel): ExtractResult {
  const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
  return requirementsScanner.extract(read(rel) ?? '', { path, readSibling: (p) => read(dir + p) });
}

function summary(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version ?? '-'} ${p.scope ?? 'runtime'} ${p.direct === true ? 'direct' : 'transitive'}`);
}

describe('python/requirements matches', () => {
  it.each([
    ['requirements.txt', true],
    ['path/to/requirements.txt', true],
    ['requirements-dev.txt', true],
    ['dev-requirements.txt', true],
    ['requirements.ci.txt', true],
    ['requirements/base.txt', true],
    ['app/requirements/test.txt', true],
    ['constraints.txt', true],
    ['test-constraints.txt', true],
    ['requirements.in', false],
    ['requirements.txt/file', false],
    ['requirements.json', false],
    ['docs/notes.txt', false],
    ['dev.txt', false],
  ])('%s -> %s', (path, want) => {
    expect(requirementsScanner.matches(path)).toBe(want);
  });
});

describe('python/requirements extract', () => {
  it('reads pip-compile output: hashes, and direct/transitive and edges from "# via"', () => {
    const r = scan('pip-compile-hashes.txt', 'requirements.txt');
    expect(summary(r)).toEqual([
      'certifi@2024.2.2 runtime transitive',
      'charset-normalizer@3.3.2 runtime transitive',
      'flask@3.0.2 runtime direct',
      'idna@3.6 runtime transitive',
      'requests@2.31.0 runtime direct',
      'urllib3@2.2.1 runtime transitive',
      'werkzeug@3.0.1 runtime transitive',
    ]);
    const certifi = r.packages[0];
    expect(certifi?.line).toBe(7);
    expect(certifi?.hashes).toHaveLength(2);
    expect(certifi?.hashes?.[0]?.alg).toBe('SHA-256');
    expect(r.edges).toEqual(
      expect.arrayContaining([
        { from: 'requests@2.31.0', to: 'certifi@2024.2.2' },
        { from: 'flask@3.0.2', to: 'requests@2.31.0' },
        { from: 'flask@3.0.2', to: 'werkzeug@3.0.1' },
        { from: null, to: 'flask@3.0.2' },
        { from: null, to: 'requests@2.31.0' },
      ]),
    );
    expect(r.edges).toHaveLength(8);
    expect(r.packages.find((p) => p.name === 'requests')?.notes).toEqual(['extras: socks']);
  });

  it('reads the requirements file format example: specifiers, includes, URLs, editables, env vars', () => {
    const r = scan('spec-example.txt', 'requirements.txt');
    const got = new Map(r.packages.map((p) => [p.name, p]));
    expect([...got.keys()]).toEqual([
      'pytest',
      'pytest-cov',
      'docopt',
      'keyring',
      'coverage',
      'mopidy-dirble',
      'requests',
      'zope-interface',
      'django',
      'attrs',
      'numpy',
      'wxpython-phoenix',
      'urllib3',
      'example-tool',
      'local-helper',
      'private-lib',
    ]);
    expect(r.packages.map((p) => p.version)).toEqual([
      '8.1.1', // pinned by constraints.txt
      null,
      '0.6.1',
      '4.1.1', // the >= bound, as osv-scalibr and osv-scanner report it
      null,
      '1.1',
      null,
      '5.4.0',
      '4.2.11',
      '23.2.0', // from base.txt, pinned by constraints.txt
      '1.9.2',
      '3.0.3.dev1820+49a8884',
      null,
      null,
      null,
      null,
    ]);
    expect(got.get('keyring')?.declared).toBe('>= 4.1.1');
    expect(got.get('keyring')?.notes).toEqual(['version is the bound of ">= 4.1.1", not a resolved version']);
    expect(got.get('requests')?.declared).toBe('>= 2.8.1, == 2.8.*');
    expect(got.get('requests')?.notes).toEqual(['extras: security', 'environment marker: python_version < "2.7"']);
    // Included packages point at the -r line of the scanned file and say where they come from.
    expect(got.get('django')?.line).toBe(14);
    expect(got.get('django')?.notes).toEqual(['declared in base.txt:1']);
    expect(got.get('numpy')?.source).toEqual({ kind: 'file', url: './downloads/numpy-1.9.2-cp34-none-win32.whl' });
    expect(got.get('urllib3')?.source).toEqual({
      kind: 'url',
      url: 'https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip',
    });
    expect(got.get('example-tool')?.source).toEqual({ kind: 'git', url: 'https://github.com/example/tool.git', ref: 'v2.0.1' });
    expect(got.get('local-helper')?.source).toEqual({ kind: 'file', url: './libs/local_helper' });
    expect(got.get('private-lib')?.declared).toBe('==${PRIVATE_LIB_VERSION}');
    expect(got.get('private-lib')?.notes?.[0]).toMatch(/environment variable/);
    // Packages only in the constraints file are not installed, so not reported.
    expect(got.has('not-required')).toBe(false);
    expect(r.warnings).toEqual([
      { message: expect.stringMatching(/unnamed-archive\.zip/), line: 24 },
      { message: '-e . installs the project itself; not a dependency', line: 30 },
    ]);
    expect(r.packages.every((p) => p.direct === true)).toBe(true);
  });

  it('follows -r loops once', () => {
    const r = scan('loop-a.txt');
    expect(summary(r)).toEqual(['beta@2.0 runtime direct', 'alpha@1.0 runtime direct']);
    expect(r.packages[0]?.line).toBe(1);
    expect(r.warnings).toBeUndefined();
  });

  it('joins continued lines the way pip does', () => {
    const r = scan('continuation.txt');
    expect(r.packages.map((p) => [p.name, p.version, p.line])).toEqual([
      ['foo', '1.2.3', 2],
      ['bar', '4.5', 7],
      ['baz', '7.8.9', 9],
      ['qux', '10.11.12', 12],
    ]);
  });

  it('reads per-requirement options: hashes kept, others ignored', () => {
    const r = scan('options.txt');
    expect(r.packages.map((p) => [p.name, p.version, p.hashes?.length ?? 0])).toEqual([
      ['boto3', '1.26.121', 1],
      ['fooproject', '1.2', 2],
      ['barproject', '1.2', 0],
      ['baz-client', '1.0', 0],
      ['weird', '1.0', 0],
    ]);
    expect(r.packages[4]?.notes).toEqual(['unrecognised hash "md4:nothex"']);
  });

  it('warns about lines it cannot read and keeps the rest', () => {
    const r = scan('invalid-lines.txt');
    expect(summary(r)).toEqual(['valid@1.0 runtime direct']);
    expect(r.warnings?.map((w) => w.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('reads a # right after a version as a comment, and refuses a quoted version', () => {
    const r = scan('glued-comments.txt');
    expect(summary(r)).toEqual(['jinja2@3.0.0 runtime direct', 'click@8.0.0 runtime direct', 'bar@1.0 runtime direct', 'qwert@- runtime direct']);
    expect(r.warnings).toEqual([{ message: "not a valid requirement: foo=='1.0'", line: 3 }]);
  });

  it('warns about a missing include and names it', () => {
    const r = scan('missing-include.txt');
    expect(summary(r)).toEqual(['requests@1.2.3 runtime direct']);
    expect(r.warnings).toEqual([{ message: 'requirements file ./does-not-exist.txt not found (or not readable)', line: 2 }]);
  });

  it('takes the scope from the file name and includes relative to the including file', () => {
    const r = scan('requirements/dev.txt');
    expect(summary(r)).toEqual(['click@8.1.7 runtime direct', 'black@24.2.0 dev direct']);
  });

  it('drops credentials from VCS URLs', () => {
    const r = scan('private-vcs.txt');
    expect(r.packages.map((p) => [p.name, p.source])).toEqual([
      ['private-lib', { kind: 'git', url: 'https://git.example.com/team/private-lib.git', ref: '1.2.0' }],
      ['internal-tool', { kind: 'git', url: 'https://github.com/example/internal-tool.git', ref: 'main' }],
    ]);
    expect(JSON.stringify(r)).not.toMatch(/s3cret|ghp_/);
  });

  it('accepts CRLF line ends', () => {
    expect(summary(scan('crlf.txt'))).toEqual(['pkg@1.0 runtime direct', 'other@2.0 runtime direct']);
  });

  it.each(['empty.txt', 'comments-only.txt'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it('rejects binary content', () => {
    expect(() => scan('binary.txt')).toThrow(InputError);
  });
});

describe('python/requirements sniff', () => {
  it('recognises pinned requirement lists', () => {
    expect(requirementsScanner.sniff?.(read('pip-compile-hashes.txt') ?? '')).toBe(true);
    expect(requirementsScanner.sniff?.('Django==4.2.11\nattrs>=23\n')).toBe(true);
  });

  // A file named explicitly under a name that says nothing is read as requirements when its
  // lines are requirements, options and URLs: unpinned names, continuations, editable VCS lines.
  it.each(['continuation.txt', 'options.txt', 'private-vcs.txt', 'spec-example.txt', 'constraints.txt', 'crlf.txt'])('recognises %s', (name) => {
    expect(requirementsScanner.sniff?.(read(name) ?? '')).toBe(true);
  });

  it('recognises unpinned names and environment variables', () => {
    expect(requirementsScanner.sniff?.('# web app\nflask\nrequests[socks]\n')).toBe(true);
    expect(requirementsScanner.sniff?.('qwert==${MY_VARIABLE}\n')).toBe(true);
  });

  it.each([
    ['a TOML file', '[[package]]\nname = "x"\n'],
    ['a go.sum', 'github.com/a/b v1.0.0 h1:abc=\n'],
    ['prose', 'Hello, this is a README.\n'],
    ['a license', 'Permission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\n'],
    ['JSON', '{"a": "b==1"}'],
    ['only URLs', 'https://files.example.com/a.whl\n'],
    ['comments only', '# nothing here\n'],
  ])('does not claim %s', (_what, text) => {
    expect(requirementsScanner.sniff?.(text)).toBe(false);
  });
});
