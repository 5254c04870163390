import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import { packagesConfigScanner as scanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx = (path: string) => ({ path, readSibling: () => undefined });
const extract = (name: string) => scanner.extract(fixture(name), ctx(name));
const summary = (p: FoundPackage) => ({ name: p.name, version: p.version, scope: p.scope, direct: p.direct, line: p.line });

describe('dotnet/packages-config', () => {
  it.each([
    ['packages.config', true],
    ['src/Web/packages.config', true],
    ['src/Web/Web.config', false],
    ['packages.config.bak', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(scanner.matches(path)).toBe(want);
  });

  it.each([
    ['webforms-app.config', true],
    ['empty.config', true],
    ['web-config-root.config', false],
    ['not-xml.txt', false],
  ])('sniffs %s as %s', (name, want) => {
    expect(scanner.sniff?.(fixture(name))).toBe(want);
  });

  it('reads every package at its exact version, development dependencies as dev', () => {
    const result = extract('webforms-app.config');
    expect(result.packages.map(summary)).toEqual([
      { name: 'Antlr', version: '3.5.0.2', scope: 'runtime', direct: undefined, line: 4 },
      { name: 'bootstrap', version: '3.4.1', scope: 'runtime', direct: undefined, line: 5 },
      { name: 'jQuery', version: '3.4.1', scope: 'runtime', direct: undefined, line: 6 },
      { name: 'Microsoft.AspNet.Mvc', version: '5.2.7', scope: 'runtime', direct: undefined, line: 7 },
      { name: 'Microsoft.AspNet.Razor', version: '3.2.7', scope: 'runtime', direct: undefined, line: 8 },
      { name: 'Microsoft.AspNet.Web.Optimization', version: '1.0.0', scope: 'runtime', direct: undefined, line: 9 },
      { name: 'Microsoft.CodeDom.Providers.DotNetCompilerPlatform', version: '2.0.1', scope: 'runtime', direct: undefined, line: 10 },
      { name: 'Microsoft.Net.Compilers', version: '2.10.0', scope: 'dev', direct: undefined, line: 11 },
      { name: 'Newtonsoft.Json', version: '12.0.2', scope: 'runtime', direct: undefined, line: 12 },
      { name: 'StyleCop.Analyzers', version: '1.1.118', scope: 'dev', direct: undefined, line: 13 },
      { name: 'WebGrease', version: '1.6.0', scope: 'runtime', direct: undefined, line: 14 },
    ]);
    expect(result.packages.find((p) => p.name === 'Newtonsoft.Json')?.declared).toBe('[12,13)');
    expect(result.warnings).toBeUndefined();
  });

  it('skips entries without an id or a version, each with a warning', () => {
    const result = extract('missing-attributes.config');
    expect(result.packages.map(summary)).toEqual([{ name: 'NUnit', version: '3.13.3', scope: 'runtime', direct: undefined, line: 3 }]);
    expect(result.warnings).toEqual([
      { message: 'skipped NUnit3TestAdapter: no version attribute', line: 4 },
      { message: 'skipped a <package> without an id' },
    ]);
  });

  it('returns no packages for an empty <packages/>', () => {
    expect(extract('empty.config')).toEqual({ packages: [] });
  });

  it.each([
    ['not-xml.txt', /invalid XML|expected a <packages> root/],
    ['unclosed.config', /invalid XML/],
    ['web-config-root.config', /expected a <packages> root element, found <configuration>/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it.each([
    ['an empty file', ''],
    ['binary junk', '\u0000\u0001\u0002MZ\u0090\u0000'],
    ['a DOCTYPE with entities', '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "y">]><packages><package id="&x;" version="1.0.0"/></packages>'],
  ])('rejects %s', (_label, content) => {
    expect(() => scanner.extract(content, ctx('packages.config'))).toThrow(InputError);
  });
});
