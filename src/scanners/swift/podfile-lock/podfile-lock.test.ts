import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import { podfileLockScanner as scanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx = (path: string) => ({ path, readSibling: () => undefined });
const extract = (name: string) => scanner.extract(fixture(name), ctx(name));
const summary = (p: FoundPackage) => ({ name: p.name, version: p.version, direct: p.direct, line: p.line });

describe('swift/podfile-lock', () => {
  it.each([
    ['Podfile.lock', true],
    ['ios/Podfile.lock', true],
    ['ios/Podfile', false],
    ['ios/Pods/Manifest.lock', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(scanner.matches(path)).toBe(want);
  });

  it.each([
    ['firebase-app.lock', true],
    ['no-pods.lock', false],
    ['plain-text.txt', false],
    ['podfile-not-lock.txt', false],
  ])('sniffs %s as %s', (name, want) => {
    expect(scanner.sniff?.(fixture(name))).toBe(want);
  });

  it('reports every PODS entry, subspecs under their own name, DEPENDENCIES as direct', () => {
    const result = extract('firebase-app.lock');
    expect(result.packages.map(summary)).toEqual([
      { name: 'Alamofire', version: '5.8.1', direct: true, line: 2 },
      { name: 'ContosoDesign', version: '2.3.0', direct: true, line: 3 },
      { name: 'ContosoKit', version: '1.0.0', direct: true, line: 5 },
      { name: 'Firebase/Analytics', version: '10.20.0', direct: true, line: 7 },
      { name: 'Firebase/Core', version: '10.20.0', direct: false, line: 9 },
      { name: 'Firebase/CoreOnly', version: '10.20.0', direct: false, line: 12 },
      { name: 'FirebaseAnalytics', version: '10.20.0', direct: false, line: 14 },
      { name: 'FirebaseCore', version: '10.20.0', direct: false, line: 17 },
      { name: 'GoogleUtilities/AppDelegateSwizzler', version: '7.12.0', direct: false, line: 19 },
      { name: 'GoogleUtilities/Environment', version: '7.12.0', direct: false, line: 21 },
      { name: 'GoogleUtilities/NSData+zlib', version: '7.12.0', direct: false, line: 22 },
      { name: 'Lottie', version: '4.4.0', direct: true, line: 23 },
      { name: 'SnapKit', version: '5.6.0', direct: false, line: 24 },
      { name: 'SwiftLint', version: '0.54.0', direct: true, line: 25 },
    ]);
    expect(result.packages.every((p) => p.ecosystem === 'CocoaPods' && p.scope === 'runtime')).toBe(true);
    expect(result.warnings).toBeUndefined();
  });

  it('gives subspecs the purl subpath form', () => {
    const pkgs = extract('firebase-app.lock').packages;
    expect(pkgs.find((p) => p.name === 'Firebase/Analytics')?.purl).toBe('pkg:cocoapods/Firebase@10.20.0#Analytics');
    expect(pkgs.find((p) => p.name === 'GoogleUtilities/NSData+zlib')?.purl).toBe('pkg:cocoapods/GoogleUtilities@7.12.0#NSData%2Bzlib');
    expect(pkgs.find((p) => p.name === 'Alamofire')?.purl).toBeUndefined();
  });

  it('takes sources from EXTERNAL SOURCES, CHECKOUT OPTIONS and private spec repos', () => {
    const source = new Map(extract('firebase-app.lock').packages.map((p) => [p.name, p.source]));
    expect(source.get('ContosoDesign')).toEqual({ kind: 'file', url: '../ContosoDesign' });
    expect(source.get('ContosoKit')).toEqual({ kind: 'git', url: 'https://github.com/contoso/ContosoKit.git', ref: '1.0.0' });
    expect(source.get('Lottie')).toEqual({
      kind: 'git',
      url: 'https://github.com/airbnb/lottie-ios.git',
      ref: '9a0e1b3c5d7f9e2a4c6b8d0f1e3a5c7b9d2f4e6a',
    });
    expect(source.get('SnapKit')).toEqual({ kind: 'registry', url: 'git@github.com:contoso/Specs.git' });
    expect(source.get('Alamofire')).toBeUndefined();
    expect(source.get('Firebase/Core')).toBeUndefined();
  });

  it('records the graph from the nested dependency lists, resolved through PODS', () => {
    const edges = extract('firebase-app.lock').edges ?? [];
    expect(edges).toContainEqual({ from: null, to: 'Firebase/Analytics@10.20.0' });
    expect(edges).toContainEqual({ from: 'ContosoDesign@2.3.0', to: 'SnapKit@5.6.0' });
    expect(edges).toContainEqual({ from: 'Firebase/Core@10.20.0', to: 'FirebaseAnalytics@10.20.0' });
    expect(edges).toContainEqual({ from: 'FirebaseAnalytics@10.20.0', to: 'GoogleUtilities/NSData+zlib@7.12.0' });
    expect(edges.filter((e) => e.from === null)).toHaveLength(6);
    expect(edges).toHaveLength(6 + 10);
  });

  it('reads an old lock file whose public spec repo is named by URL', () => {
    const result = extract('old-master-repo.lock');
    expect(result.packages.map((p) => `${p.name}@${p.version}:${p.direct}`)).toEqual([
      'AFNetworking@2.6.3:true',
      'AFNetworking/NSURLConnection@2.6.3:false',
      'AFNetworking/NSURLSession@2.6.3:false',
      'SDWebImage@3.7.6:true',
    ]);
    expect(result.packages.every((p) => p.source === undefined)).toBe(true);
  });

  it('returns no packages for a lock file without pods', () => {
    expect(extract('no-pods.lock')).toEqual({ packages: [], edges: [] });
  });

  it('warns about a dependency that PODS does not list', () => {
    const text = 'PODS:\n  - A (1.0.0):\n    - B (~> 2.0)\n\nDEPENDENCIES:\n  - A\n\nCOCOAPODS: 1.15.2\n';
    const result = scanner.extract(text, ctx('Podfile.lock'));
    expect(result.packages.map(summary)).toEqual([{ name: 'A', version: '1.0.0', direct: true, line: 2 }]);
    expect(result.warnings).toEqual([{ message: 'A depends on B, which PODS does not list', line: 2 }]);
  });

  it.each([
    ['pod-without-version.lock', /PODS entry "SnapKit" is not `Name \(version\)`/],
    ['broken-yaml.lock', /invalid YAML/],
    ['pods-mapping.lock', /PODS must be a list/],
    ['plain-text.txt', /not a Podfile\.lock/],
    ['podfile-not-lock.txt', /not a Podfile\.lock|invalid YAML/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it('gives the line of a malformed PODS entry', () => {
    try {
      extract('pod-without-version.lock');
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).line).toBe(3);
    }
  });

  it.each([
    ['an empty file', ''],
    ['whitespace only', '\n\n'],
    ['binary junk', '\u0000\u0001\u0002\u0003\u0004'],
  ])('rejects %s', (_label, content) => {
    expect(() => scanner.extract(content, ctx('Podfile.lock'))).toThrow(InputError);
  });
});
