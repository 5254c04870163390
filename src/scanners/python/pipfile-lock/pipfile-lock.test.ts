import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { pipfileLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

function scan(name: string, siblings: Record<string, string> = {}): ExtractResult {
  return pipfileLockScanner.extract(fixture(name), {
    path: 'Pipfile.lock',
    readSibling: (p) => (p in siblings ? fixture(siblings[p] as string) : undefined),
  });
}

function summary(r: ExtractResult): string[] {
  return r.packages.map((p) => `${p.name}@${p.version ?? '-'} ${p.scope ?? 'runtime'} ${String(p.direct)}`);
}

describe('python/pipfile-lock', () => {
  it.each([
    ['Pipfile.lock', true],
    ['path/to/Pipfile.lock', true],
    ['Pipfile', false],
    ['Pipfile.lock.bak', false],
    ['pipfile.lock', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(pipfileLockScanner.matches(path)).toBe(want);
  });

  it('reads default, develop and custom categories, sources and hashes, with direct from the Pipfile', () => {
    const r = scan('categories.json', { Pipfile: 'categories.Pipfile' });
    expect(summary(r)).toEqual([
      'certifi@2024.2.2 runtime false', // in default and develop: once, runtime
      'flask@3.0.2 runtime true',
      'internal-lib@1.4.0 runtime true',
      'toolbox@- runtime true',
      'local-helper@- runtime true',
      'pytest@8.1.1 dev true',
      'pluggy@1.4.0 dev false',
      'sphinx@7.2.6 optional true',
    ]);
    const by = new Map(r.packages.map((p) => [p.name, p]));
    expect(by.get('certifi')?.line).toBe(24);
    expect(by.get('certifi')?.hashes).toHaveLength(2);
    expect(by.get('pytest')?.line).toBe(61);
    expect(by.get('internal-lib')?.source).toEqual({ kind: 'registry', url: 'https://registry.example.com/simple' });
    expect(by.get('flask')?.source).toBeUndefined();
    expect(by.get('toolbox')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/toolbox.git',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(by.get('local-helper')?.source).toEqual({ kind: 'file', url: './libs/local-helper' });
    expect(r.edges).toContainEqual({ from: null, to: 'flask@3.0.2' });
    expect(r.edges).toHaveLength(6);
  });

  it('leaves direct undefined without a Pipfile', () => {
    expect(scan('categories.json').packages.every((p) => p.direct === undefined)).toBe(true);
  });

  it('reads minified JSON and keeps a package whose version is not a pin, with a warning', () => {
    const r = scan('minified.json');
    expect(summary(r)).toEqual(['six@1.16.0 runtime undefined', 'odd@- runtime undefined']);
    expect(r.packages[1]?.declared).toBe('>=2.0');
    expect(r.warnings).toEqual([{ message: 'default.odd: version ">=2.0" is not an == pin', line: 1 }]);
  });

  it.each(['empty.json', 'empty-file.json'])('returns no packages for %s', (f) => {
    expect(scan(f).packages).toEqual([]);
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['truncated.json', /invalid JSON/],
    ['unsupported-spec.json', /pipfile-spec 7; supported: 1 to 6/],
    ['top-level-array.json', /JSON object at the top level/],
    ['default-not-object.json', /`default` should be an object/],
    ['binary.json', /binary/],
  ])('rejects %s', (f, message) => {
    expect(() => scan(f)).toThrow(InputError);
    expect(() => scan(f)).toThrow(message);
  });

  it('sniffs Pipfile.lock JSON only', () => {
    expect(pipfileLockScanner.sniff?.(fixture('categories.json'))).toBe(true);
    expect(pipfileLockScanner.sniff?.(fixture('minified.json'))).toBe(true);
    expect(pipfileLockScanner.sniff?.('{"name": "x", "lockfileVersion": 3, "packages": {}}')).toBe(false);
  });
});
