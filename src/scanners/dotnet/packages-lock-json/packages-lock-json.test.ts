import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import { packagesLockJsonScanner as scanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx = (path: string) => ({ path, readSibling: () => undefined });
const extract = (name: string) => scanner.extract(fixture(name), ctx(name));
const summary = (p: FoundPackage) => ({ name: p.name, version: p.version, scope: p.scope, direct: p.direct });
const byName = (a: { name: string; version: string | null }, b: { name: string; version: string | null }) => {
  const x = `${a.name}\u0000${a.version}`;
  const y = `${b.name}\u0000${b.version}`;
  return x < y ? -1 : x > y ? 1 : 0;
};

describe('dotnet/packages-lock-json', () => {
  it('matches packages.lock.json by name only', () => {
    expect(scanner.matches('src/Api/packages.lock.json')).toBe(true);
    expect(scanner.matches('packages.lock.json')).toBe(true);
    expect(scanner.matches('src/packages.lock.json.bak')).toBe(false);
    expect(scanner.matches('package-lock.json')).toBe(false);
  });

  it.each([
    ['multi-framework.v1.json', true],
    ['central-transitive.v2.json', true],
    ['empty.v1.json', true],
    ['unsupported.v3.json', true],
    ['no-version.json', false],
    ['not-json.txt', false],
  ])('sniffs %s as %s', (name, want) => {
    expect(scanner.sniff?.(fixture(name))).toBe(want);
  });

  it('does not sniff an npm package-lock.json', () => {
    expect(scanner.sniff?.('{\n  "name": "x",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "dependencies": {}\n}')).toBe(false);
  });

  it('reports each package once per version across target frameworks, without Project entries', () => {
    const result = extract('multi-framework.v1.json');
    expect(result.packages.map(summary).sort(byName)).toEqual([
      { name: 'Microsoft.Extensions.DependencyInjection', version: '6.0.0', scope: 'runtime', direct: false },
      { name: 'Microsoft.Extensions.DependencyInjection', version: '8.0.0', scope: 'runtime', direct: false },
      { name: 'Microsoft.Extensions.DependencyInjection.Abstractions', version: '6.0.0', scope: 'runtime', direct: false },
      { name: 'Microsoft.Extensions.DependencyInjection.Abstractions', version: '8.0.0', scope: 'runtime', direct: false },
      { name: 'Microsoft.Extensions.Logging', version: '6.0.0', scope: 'runtime', direct: true },
      { name: 'Microsoft.Extensions.Logging', version: '8.0.0', scope: 'runtime', direct: true },
      { name: 'Microsoft.Extensions.Logging.Abstractions', version: '6.0.0', scope: 'runtime', direct: false },
      { name: 'Microsoft.Extensions.Logging.Abstractions', version: '8.0.0', scope: 'runtime', direct: false },
      { name: 'Newtonsoft.Json', version: '13.0.3', scope: 'runtime', direct: true },
      { name: 'Serilog', version: '3.1.1', scope: 'runtime', direct: false },
      { name: 'System.Runtime.InteropServices.RuntimeInformation', version: '4.3.0', scope: 'runtime', direct: false },
    ]);
    expect(result.packages.some((p) => p.name === 'Contoso.Shared')).toBe(false);
  });

  it('records the line of the first occurrence of each package, not of a dependency reference', () => {
    const lines = new Map(extract('multi-framework.v1.json').packages.map((p) => [`${p.name}@${p.version}`, p.line]));
    expect(lines.get('Microsoft.Extensions.Logging@6.0.0')).toBe(5);
    expect(lines.get('Newtonsoft.Json@13.0.3')).toBe(15);
    expect(lines.get('Serilog@3.1.1')).toBe(45);
    expect(lines.get('Microsoft.Extensions.Logging@8.0.0')).toBe(52);
    expect(lines.get('System.Runtime.InteropServices.RuntimeInformation@4.3.0')).toBe(99);
  });

  it('decodes contentHash to a hex SHA-512 and notes one that is not', () => {
    const pkgs = extract('multi-framework.v1.json').packages;
    const json = pkgs.find((p) => p.name === 'Newtonsoft.Json');
    expect(json?.hashes).toEqual([
      {
        alg: 'SHA-512',
        value: Buffer.from('lrfMWjjPYq+US9gBxst4OzvUkJBcREu0VEuXCx07zJVXkozW/qY6Dgt85Mk+piMp3BmrAFpOI8TeYc9m4EKAFw==', 'base64').toString('hex'),
      },
    ]);
    expect(json?.hashes?.[0]?.value).toMatch(/^[0-9a-f]{128}$/);
    const odd = pkgs.find((p) => p.name === 'System.Runtime.InteropServices.RuntimeInformation');
    expect(odd?.hashes).toBeUndefined();
    expect(odd?.notes).toEqual(['contentHash is not a base64 SHA-512 digest']);
  });

  it('links dependencies to the version resolved in the same framework', () => {
    const edges = extract('multi-framework.v1.json').edges ?? [];
    expect(edges).toContainEqual({ from: null, to: 'Microsoft.Extensions.Logging@6.0.0' });
    expect(edges).toContainEqual({ from: 'Microsoft.Extensions.Logging@8.0.0', to: 'Microsoft.Extensions.DependencyInjection@8.0.0' });
    expect(edges).toContainEqual({
      from: 'Microsoft.Extensions.DependencyInjection@6.0.0',
      to: 'Microsoft.Extensions.DependencyInjection.Abstractions@6.0.0',
    });
    // A project reference's packages hang off the solution itself.
    expect(edges).toContainEqual({ from: null, to: 'Serilog@3.1.1' });
    expect(edges.filter((e) => e.from === null && e.to === 'Newtonsoft.Json@13.0.3')).toHaveLength(1);
  });

  it('reads version 2 with CentralTransitive entries as transitive', () => {
    const result = extract('central-transitive.v2.json');
    expect(result.packages.map(summary).sort(byName)).toEqual([
      { name: 'Azure.Core', version: '1.36.0', scope: 'runtime', direct: false },
      { name: 'Azure.Identity', version: '1.10.4', scope: 'runtime', direct: true },
      { name: 'Microsoft.Identity.Client', version: '4.56.0', scope: 'runtime', direct: false },
      { name: 'Microsoft.SourceLink.GitHub', version: '8.0.0', scope: 'runtime', direct: true },
      { name: 'System.Text.Json', version: '8.0.4', scope: 'runtime', direct: false },
    ]);
    expect(result.edges).toContainEqual({ from: 'Azure.Core@1.36.0', to: 'System.Text.Json@8.0.4' });
  });

  it('keeps an entry without a resolved version, with the requested range and a warning', () => {
    const result = extract('missing-resolved.v1.json');
    expect(result.packages).toEqual([
      expect.objectContaining({ name: 'Contoso.Preview', version: null, declared: '[2.0.0-preview.3, )', direct: true, line: 5 }),
    ]);
    expect(result.warnings?.[0]?.message).toMatch(/Contoso\.Preview: no "resolved" version/);
  });

  it('returns no packages for an empty lock file', () => {
    expect(extract('empty.v1.json')).toEqual({ packages: [], edges: [] });
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['unsupported.v3.json', /unsupported packages\.lock\.json version 3; supported versions are 1 and 2/],
    ['no-version.json', /unsupported packages\.lock\.json version null/],
    ['dependencies-array.v1.json', /"dependencies" must be an object/],
    ['entry-not-object.v1.json', /entry for "Newtonsoft\.Json" in "net8\.0" must be an object/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it.each([
    ['an empty file', ''],
    ['binary junk', '\u0000\u0001PK\u0003\u0004\u0014\u0000\u0008'],
    ['a JSON array', '[{"version": 1}]'],
  ])('rejects %s', (_label, content) => {
    expect(() => scanner.extract(content, ctx('packages.lock.json'))).toThrow(InputError);
  });

  it('extracts 5,000 packages quickly', () => {
    const entries: string[] = [];
    for (let i = 0; i < 5000; i++) {
      entries.push(`"Pkg.N${i}": {"type": "Transitive", "resolved": "1.0.${i}", "dependencies": {"Pkg.N${(i + 1) % 5000}": "1.0.0"}}`);
    }
    const text = `{"version": 1, "dependencies": {"net8.0": {${entries.join(',\n')}}}}`;
    const start = performance.now();
    const result = scanner.extract(text, ctx('packages.lock.json'));
    expect(performance.now() - start).toBeLessThan(budget(2000));
    expect(result.packages).toHaveLength(5000);
    expect(result.packages[4999]?.line).toBe(5000);
    expect(result.edges).toHaveLength(5000);
  });
});
