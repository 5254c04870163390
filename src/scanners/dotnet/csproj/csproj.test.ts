import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import type { ScanContext } from '../../types.js';
import { csprojScanner as scanner } from './index.js';
import { classifyNuGetVersion } from './msbuild.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

/** A sibling reader over __fixtures__/<root>, refusing paths that leave it (as the walker does). */
function ctxIn(root: string, path: string): ScanContext {
  return {
    path,
    readSibling: (rel) => {
      const target = posix.normalize(posix.join(posix.dirname(path), rel));
      if (target.startsWith('..')) return undefined;
      const url = new URL(`${root}/${target}`, FIXTURES);
      return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
    },
  };
}
const extract = (name: string) => scanner.extract(fixture(name), ctxIn('.', name));
const summary = (p: FoundPackage) => ({
  name: p.name,
  version: p.version,
  declared: p.declared,
  scope: p.scope,
  direct: p.direct,
  line: p.line,
});

describe('dotnet/csproj', () => {
  it.each([
    ['src/Api/Api.csproj', true],
    ['src/Lib/Lib.fsproj', true],
    ['src/Legacy/Legacy.vbproj', true],
    ['Directory.Packages.props', false],
    ['src/Api/Api.csproj.user', false],
    ['src/Db/Db.sqlproj', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(scanner.matches(path)).toBe(want);
  });

  it.each([
    ['sdk-style.csproj', true],
    ['classic.vbproj', true],
    ['no-packages.csproj', false],
    ['wrong-root.csproj', false],
    ['not-xml.txt', false],
  ])('sniffs %s as %s', (name, want) => {
    expect(scanner.sniff?.(fixture(name))).toBe(want);
  });

  it('reads PackageReference items with attribute, child-element and property versions', () => {
    const result = extract('sdk-style.csproj');
    expect(result.packages.map(summary)).toEqual([
      { name: 'Dapper', version: '2.1.44', declared: '2.1.44', scope: 'runtime', direct: true, line: 12 },
      { name: 'Microsoft.EntityFrameworkCore.SqlServer', version: '8.0.6', declared: '8.0.6', scope: 'runtime', direct: true, line: 13 },
      { name: 'Microsoft.EntityFrameworkCore.Design', version: '8.0.6', declared: '8.0.6', scope: 'dev', direct: true, line: 14 },
      { name: 'Serilog.AspNetCore', version: '8.0.1', declared: '8.0.1', scope: 'runtime', direct: true, line: 18 },
      { name: 'Polly', version: '7.2.4', declared: '[7.2.4]', scope: 'runtime', direct: true, line: 21 },
      { name: 'Swashbuckle.AspNetCore', version: null, declared: '6.*', scope: 'runtime', direct: true, line: 22 },
      { name: 'System.Text.Json', version: null, declared: '[8.0.0,9.0)', scope: 'runtime', direct: true, line: 23 },
      { name: 'StyleCop.Analyzers', version: '1.2.0-beta.556', declared: '1.2.0-beta.556', scope: 'dev', direct: true, line: 24 },
      {
        name: 'Microsoft.AspNetCore.Mvc.Razor.RuntimeCompilation',
        version: '8.0.6',
        declared: '8.0.6',
        scope: 'runtime',
        direct: true,
        line: 30,
      },
    ]);
    expect(result.warnings).toEqual([
      { message: 'skipped Contoso.Internal.Telemetry: version $(TelemetryVersion) uses a property this file does not define', line: 25 },
    ]);
    expect(result.project).toEqual({ name: 'Contoso.Orders', version: '2.4.0' });
    expect(result.edges).toContainEqual({ from: null, to: 'Dapper@2.1.44' });
    expect(result.edges).toContainEqual({ from: null, to: 'Swashbuckle.AspNetCore@6.*' });
  });

  it('keeps a package included once per target framework at each version', () => {
    expect(extract('multi-target.csproj').packages.map((p) => `${p.name}@${p.version}:${p.line}`)).toEqual([
      'Microsoft.Extensions.Http@6.0.0:6',
      'Microsoft.Extensions.Http@8.0.0:9',
      'Polly.Core@8.4.0:12',
    ]);
  });

  it('reads classic project files with the MSBuild namespace and child Version elements', () => {
    const result = extract('classic.vbproj');
    expect(result.packages.map(summary)).toEqual([
      { name: 'log4net', version: '2.0.15', declared: '2.0.15', scope: 'runtime', direct: true, line: 13 },
      { name: 'Newtonsoft.Json', version: '13.0.3', declared: '13.0.3', scope: 'runtime', direct: true, line: 16 },
    ]);
    expect(result.project).toEqual({ name: 'classic' });
  });

  it('reports an Update of a reference from another file, and splits ;-separated Include', () => {
    const result = extract('update-only.fsproj');
    expect(result.packages.map(summary)).toEqual([
      { name: 'FSharp.Core', version: '8.0.301', declared: '8.0.301', scope: 'runtime', direct: true, line: 9 },
      { name: 'FsToolkit.ErrorHandling', version: '4.15.2', declared: '4.15.2', scope: 'runtime', direct: true, line: 10 },
      { name: 'Thoth.Json.Net', version: '4.15.2', declared: '4.15.2', scope: 'runtime', direct: true, line: 10 },
    ]);
    expect(result.packages[0]?.notes?.[0]).toMatch(/updates a PackageReference included by another file/);
  });

  it('takes versions from the nearest Directory.Packages.props, with VersionOverride and global references', () => {
    const result = scanner.extract(fixture('cpm/src/Orders.Api/Orders.Api.csproj'), ctxIn('cpm', 'src/Orders.Api/Orders.Api.csproj'));
    expect(result.packages.map(summary)).toEqual([
      { name: 'MediatR', version: '12.2.0', declared: '12.2.0', scope: 'runtime', direct: true, line: 7 },
      { name: 'FluentValidation', version: '11.10.0', declared: '11.10.0', scope: 'runtime', direct: true, line: 8 },
      { name: 'Nerdbank.GitVersioning', version: '3.6.133', declared: '3.6.133', scope: 'dev', direct: true, line: undefined },
    ]);
    expect(result.packages[0]?.notes).toEqual(['version from ../../Directory.Packages.props']);
    expect(result.warnings).toEqual([{ message: 'skipped Humanizer.Core: no version', line: 9 }]);
    expect(result.project).toEqual({ name: 'Contoso.Orders.Api' });
  });

  it('follows a Directory.Packages.props that imports its parent, nearer versions winning', () => {
    const result = scanner.extract(fixture('cpm/tests/Orders.Tests.csproj'), ctxIn('cpm', 'tests/Orders.Tests.csproj'));
    expect(result.packages.map((p) => `${p.name}@${p.version}:${p.scope}`)).toEqual([
      'xunit@2.9.0:runtime',
      'Moq@4.20.70:runtime',
      'Microsoft.NET.Test.Sdk@17.10.0:runtime',
      'Nerdbank.GitVersioning@3.6.133:dev',
    ]);
  });

  it('says when no Directory.Packages.props was found for a reference without a version', () => {
    const result = scanner.extract(fixture('cpm/tests/Orders.Tests.csproj'), ctxIn('.', 'Orders.Tests.csproj'));
    expect(result.packages).toEqual([]);
    expect(result.warnings?.[0]?.message).toBe('skipped xunit: no version and no Directory.Packages.props was found');
  });

  it('skips references without an id or version, with warnings', () => {
    const result = extract('incomplete-references.csproj');
    expect(result.packages).toEqual([]);
    expect(result.warnings?.map((w) => w.message)).toEqual([
      'skipped a <PackageReference> without a package id in Include or Update',
      'skipped a <PackageReference> without a package id in Include or Update',
      'skipped LiteDB: no version',
    ]);
  });

  it('returns no packages for a project without references', () => {
    expect(extract('no-packages.csproj').packages).toEqual([]);
  });

  it.each([
    ['not-xml.txt', /invalid XML|expected an MSBuild <Project> root/],
    ['unclosed.csproj', /invalid XML/],
    ['wrong-root.csproj', /expected an MSBuild <Project> root element, found <packages>/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it.each([
    ['an empty file', ''],
    ['binary junk', '\u0000\u0001\u0002MZ\u0090\u0000'],
  ])('rejects %s', (_label, content) => {
    expect(() => scanner.extract(content, ctxIn('.', 'x.csproj'))).toThrow(InputError);
  });

  it.each([
    ['1.2.3', '1.2.3'],
    ['1.2.3.4', '1.2.3.4'],
    ['1.0.0-beta.1+build.5', '1.0.0-beta.1+build.5'],
    ['[1.2.3]', '1.2.3'],
    ['[1.0,2.0)', null],
    ['(,2.0]', null],
    ['1.*', null],
    ['*', null],
    ['$(Unresolved)', null],
  ])('classifies NuGet version %s as %s', (raw, version) => {
    expect(classifyNuGetVersion(raw)).toEqual({ version, declared: raw });
  });
});
