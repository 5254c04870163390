import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import { renvLockScanner as scanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx = (path: string) => ({ path, readSibling: () => undefined });
const extract = (name: string) => scanner.extract(fixture(name), ctx(name));
const summary = (p: FoundPackage) => ({ name: p.name, version: p.version, scope: p.scope, direct: p.direct, line: p.line });

describe('r/renv-lock', () => {
  it.each([
    ['renv.lock', true],
    ['analysis/renv.lock', true],
    ['renv/activate.R', false],
    ['renv.lock.bak', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(scanner.matches(path)).toBe(want);
  });

  it.each([
    ['shiny-app.lock', true],
    ['no-packages.lock', true],
    ['empty-object.lock', false],
    ['not-json.txt', false],
  ])('sniffs %s as %s', (name, want) => {
    expect(scanner.sniff?.(fixture(name))).toBe(want);
  });

  it('reports CRAN packages, including a Posit Package Manager mirror, with lines', () => {
    const result = extract('shiny-app.lock');
    expect(result.packages.map(summary)).toEqual([
      { name: 'R6', version: '2.5.1', scope: 'runtime', direct: undefined, line: 23 },
      { name: 'htmltools', version: '0.5.7', scope: 'runtime', direct: undefined, line: 33 },
      { name: 'base64enc', version: '0.1-3', scope: 'runtime', direct: undefined, line: 48 },
      { name: 'digest', version: '0.6.34', scope: 'runtime', direct: undefined, line: 58 },
      { name: 'rlang', version: '1.1.3', scope: 'runtime', direct: undefined, line: 69 },
      { name: 'shiny', version: '1.8.0', scope: 'runtime', direct: undefined, line: 80 },
    ]);
    expect(result.packages[1]?.source).toEqual({ kind: 'registry', url: 'https://packagemanager.posit.co/cran/2024-01-15' });
    expect(result.packages[0]?.source).toBeUndefined();
  });

  it('skips packages not from CRAN, naming each in a warning', () => {
    expect(extract('shiny-app.lock').warnings).toEqual([
      { message: 'skipped limma: not from CRAN (source Bioconductor)', line: 93 },
      { message: 'skipped ggplot2: not from CRAN (source GitHub)', line: 106 },
      { message: 'skipped rOpenSciPkg: not from CRAN (repository ropensci (https://ropensci.r-universe.dev))', line: 118 },
    ]);
  });

  it('links Requirements to the packages in the file, not to base R packages', () => {
    expect(extract('shiny-app.lock').edges).toEqual([
      { from: 'htmltools@0.5.7', to: 'base64enc@0.1-3' },
      { from: 'htmltools@0.5.7', to: 'digest@0.6.34' },
      { from: 'htmltools@0.5.7', to: 'rlang@1.1.3' },
      { from: 'shiny@1.8.0', to: 'R6@2.5.1' },
      { from: 'shiny@1.8.0', to: 'htmltools@0.5.7' },
      { from: 'shiny@1.8.0', to: 'rlang@1.1.3' },
    ]);
  });

  it('reads renv 1.1 lock files with DESCRIPTION fields: licenses and Imports as edges', () => {
    const result = extract('renv-1.1-description-fields.lock');
    expect(result.packages.map((p) => [p.name, p.version, p.license])).toEqual([
      ['cli', '3.6.3', 'MIT + file LICENSE'],
      ['glue', '1.7.0', 'MIT + file LICENSE'],
      ['lifecycle', '1.0.4', 'MIT + file LICENSE'],
    ]);
    expect(result.edges).toEqual([
      { from: 'lifecycle@1.0.4', to: 'cli@3.6.3' },
      { from: 'lifecycle@1.0.4', to: 'glue@1.7.0' },
    ]);
  });

  it.each(['no-packages.lock', 'empty-object.lock'])('returns no packages for %s', (name) => {
    expect(extract(name).packages).toEqual([]);
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['truncated.lock', /invalid JSON/],
    ['packages-array.lock', /"Packages" must be an object/],
    ['entry-not-object.lock', /entry "shiny" must be an object/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it.each([
    ['an empty file', ''],
    ['binary junk', '\u0000\u0001\u0002\u0003RDX3\n'],
    ['a JSON array', '[]'],
  ])('rejects %s', (_label, content) => {
    expect(() => scanner.extract(content, ctx('renv.lock'))).toThrow(InputError);
  });
});
