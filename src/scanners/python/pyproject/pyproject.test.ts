import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { pyprojectScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function scan(name: string): ExtractResult {
  return pyprojectScanner.extract(fixture(name), { path: 'pyproject.toml', readSibling: () => undefined });
}

function summary(r: ExtractResult): string[] {
  return r.packages.map((p) => [`${p.name}@${p.version ?? '-'}`, p.declared, p.scope ?? 'runtime'].filter(Boolean).join(' '));
}

describe('python/pyproject', () => {
  it.each([
    ['pyproject.toml', true],
    ['path/to/pyproject.toml', true],
    ['pyproject.toml.bak', false],
    ['PYPROJECT.TOML', false],
    ['pylock.toml', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(pyprojectScanner.matches(path)).toBe(want);
  });

  it('is a manifest of the python group', () => {
    expect(pyprojectScanner.kind).toBe('manifest');
    expect(pyprojectScanner.group).toBe('python');
  });

  it('reads PEP 621 dependencies and extras, PEP 735 groups and uv dev dependencies', () => {
    const r = scan('pep621.toml');
    expect(summary(r)).toEqual([
      // A single >=, <= or ~= bound is reported as the version, as osv-scalibr does; see versionFromSpecifier.
      'requests@2.31 >=2.31 runtime',
      'flask@3.0.2 ==3.0.2 runtime',
      'numpy@- runtime',
      'tomli@- >=2.0.1,<3.0.0 runtime',
      'importlib-metadata@6.0.0 ==6.0.0 runtime',
      'toolbox@- runtime',
      'pydantic@2.6 ~=2.6 runtime',
      'redis@5 >=5 optional',
      'pytest@8 >=8 dev',
      'coverage@- dev',
      'ruff@0.3.4 ==0.3.4 dev',
      'ipython@- dev',
      'pre-commit@3 >=3 dev',
    ]);
    expect(r.packages.every((p) => p.direct === true)).toBe(true);
    expect(r.packages.map((p) => p.line)).toEqual([10, 11, 12, 13, 14, 15, 16, 20, 24, 24, 25, 26, 29]);
    expect(r.packages[5]?.source).toEqual({ kind: 'git', url: 'https://github.com/example/toolbox.git', ref: 'v0.3.0' });
    expect(r.packages[3]?.notes).toEqual(["environment marker: python_version < '3.11'"]);
    expect(r.project).toEqual({ name: 'example-app', version: '1.2.0' });
    expect(r.edges).toHaveLength(13);
    expect(r.edges?.every((e) => e.from === null)).toBe(true);
  });

  it('reads Poetry dependencies: exact bare versions, git and path sources, groups, python skipped', () => {
    const r = scan('poetry.toml');
    expect(summary(r)).toEqual([
      'requests@- ^2.31 runtime',
      'attrs@23.2.0 23.2.0 runtime',
      'ruamel-yaml@- >=0.17 optional',
      'toolbox@- runtime',
      'local-lib@- runtime',
      'numpy@- <2 || >=2.1 runtime',
      'black@24.2.0 ==24.2.0 dev',
      'sphinx@- * dev',
    ]);
    expect(r.packages[3]?.source).toEqual({ kind: 'git', url: 'https://github.com/example/toolbox.git', ref: 'v0.3.0' });
    expect(r.packages[4]?.source).toEqual({ kind: 'file', url: '../local-lib' });
    expect(r.packages.map((p) => p.line)).toEqual([8, 9, 10, 11, 12, 13, 19, 22]);
    expect(r.project).toEqual({ name: 'legacy-app', version: '0.9.0' });
  });

  it('keeps good entries and warns about bad ones', () => {
    const r = scan('invalid-entries.toml');
    expect(summary(r)).toEqual(['good@1.0 ==1.0 runtime']);
    expect(r.warnings).toEqual([
      { message: 'project.dependencies: "not a requirement!" is not a valid PEP 508 requirement', line: 6 },
      { message: 'project.dependencies: skipped an entry that is not a string', line: 1 },
      { message: 'project.optional-dependencies.extra should be an array of requirement strings', line: 1 },
    ]);
  });

  it.each(['no-project.toml', 'dynamic.toml', 'empty.toml'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it('names the project even when its dependencies are dynamic', () => {
    expect(scan('dynamic.toml').project).toEqual({ name: 'dynamic-app' });
  });

  it.each([
    ['malformed.toml', /invalid TOML/],
    ['binary.toml', /binary/],
  ])('rejects %s', (f, message) => {
    expect(() => scan(f)).toThrow(InputError);
    expect(() => scan(f)).toThrow(message);
  });

  it('sniffs pyproject.toml only', () => {
    expect(pyprojectScanner.sniff?.(fixture('pep621.toml'))).toBe(true);
    expect(pyprojectScanner.sniff?.(fixture('poetry.toml'))).toBe(true);
    expect(pyprojectScanner.sniff?.('[package]\nname = "crate"\nversion = "0.1.0"\n')).toBe(false);
  });

  it("reads the poetry project's own pyproject.toml", () => {
    // 22 [project] dependencies + pre-commit (dev) + 10 test + 2 typing + 1 github-actions = 36
    // (counted by hand in the file); dulwich is in both [project] and the test group, with different
    // requirements, so it stays two entries.
    const text = readFileSync(new URL('../../../../../shared/data/repos/poetry/pyproject.toml', import.meta.url), 'utf8');
    const r = pyprojectScanner.extract(text, { path: 'pyproject.toml', readSibling: () => undefined });
    expect(r.packages).toHaveLength(36);
    expect(r.warnings).toBeUndefined();
    expect(r.packages.filter((p) => p.scope === 'dev')).toHaveLength(14);
    expect(r.packages.find((p) => p.name === 'poetry-core')?.source?.kind).toBe('git');
  });
});
