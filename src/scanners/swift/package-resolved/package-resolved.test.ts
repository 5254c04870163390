import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import { toPurl } from '../../../model/purl.js';
import { packageResolvedScanner as scanner, swiftUrlName } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx = (path: string) => ({ path, readSibling: () => undefined });
const extract = (name: string) => scanner.extract(fixture(name), ctx(name));
const summary = (p: FoundPackage) => ({ name: p.name, version: p.version, line: p.line, source: p.source });

describe('swift/package-resolved', () => {
  it.each([
    ['Package.resolved', true],
    ['App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved', true],
    ['Package.swift', false],
    ['package.resolved', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(scanner.matches(path)).toBe(want);
  });

  it.each([
    ['xcode-app.v1.json', true],
    ['server.v2.json', true],
    ['origin-hash.v3.json', true],
    ['no-pins.v2.json', true],
    ['not-json.txt', false],
  ])('sniffs %s as %s', (name, want) => {
    expect(scanner.sniff?.(fixture(name))).toBe(want);
  });

  it('does not sniff other JSON lock files', () => {
    expect(scanner.sniff?.('{\n  "version": 1,\n  "dependencies": {}\n}')).toBe(false);
    expect(scanner.sniff?.('{\n  "R": {\n    "Version": "4.3.2"\n  }\n}')).toBe(false);
  });

  it('reads version 1 pins (object.pins, repositoryURL), escaped slashes included', () => {
    const result = extract('xcode-app.v1.json');
    expect(result.packages.map(summary)).toEqual([
      { name: 'github.com/Alamofire/Alamofire', version: '5.6.4', line: 5, source: undefined },
      { name: 'github.com/onevcat/Kingfisher', version: '7.6.2', line: 14, source: undefined },
      {
        name: 'github.com/SnapKit/SnapKit',
        version: null,
        line: 23,
        source: { kind: 'git', url: 'https://github.com/SnapKit/SnapKit.git', ref: 'e74fe2a978d1216c3602b129447c7301573cc2d8' },
      },
    ]);
    expect(result.packages[2]?.notes).toEqual(['pinned to branch develop, no version']);
    expect(result.packages.every((p) => p.ecosystem === 'SwiftURL' && p.scope === 'runtime')).toBe(true);
  });

  it('reads version 2 pins, naming packages by repository URL', () => {
    const result = extract('server.v2.json');
    expect(result.packages.map(summary)).toEqual([
      { name: 'github.com/swift-server/async-http-client', version: '1.20.1', line: 4, source: undefined },
      { name: 'github.com/contoso/internal-kit', version: '0.4.0', line: 13, source: undefined },
      { name: '/Users/dev/src/local-utils', version: null, line: 22, source: { kind: 'file', url: '/Users/dev/src/local-utils' } },
      { name: 'github.com/apple/swift-log', version: '1.5.4', line: 30, source: undefined },
      {
        name: 'github.com/apple/swift-nio',
        version: null,
        line: 39,
        source: { kind: 'git', url: 'https://github.com/apple/swift-nio.git', ref: 'fc63f0cf4e55a4597407a9fc95b16a2bc44b4982' },
      },
      { name: 'github.com/vapor/vapor', version: '4.92.4', line: 47, source: undefined },
    ]);
    expect(result.packages[4]?.notes).toEqual(['pinned to a revision, no version']);
    expect(toPurl('SwiftURL', 'github.com/apple/swift-log', '1.5.4')).toBe('pkg:swift/github.com/apple/swift-log@1.5.4');
  });

  it('reads version 3 (originHash) and registry pins by identity', () => {
    expect(extract('origin-hash.v3.json').packages.map((p) => `${p.name}@${p.version}`)).toEqual([
      'github.com/apple/swift-argument-parser@1.3.1',
      'mona.linkedlist@1.2.0',
    ]);
  });

  it('returns no packages when there are no pins', () => {
    expect(extract('no-pins.v2.json')).toEqual({ packages: [] });
  });

  it.each([
    ['https://github.com/apple/swift-nio.git', 'github.com/apple/swift-nio'],
    ['https://github.com/vapor/vapor', 'github.com/vapor/vapor'],
    ['http://gitlab.example.com/group/sub/pkg.git/', 'gitlab.example.com/group/sub/pkg'],
    ['git@github.com:contoso/kit.git', 'github.com/contoso/kit'],
    ['ssh://git@github.com/contoso/kit.git', 'github.com/contoso/kit'],
    ['https://user@bitbucket.example.com/team/repo.git', 'bitbucket.example.com/team/repo'],
  ])('names %s as %s', (url, name) => {
    expect(swiftUrlName(url)).toBe(name);
  });

  it.each([
    ['not-json.txt', /invalid JSON/],
    ['unsupported.v4.json', /unsupported Package\.resolved version 4; supported versions are 1, 2, 3/],
    ['pins-object.v2.json', /"pins" must be an array/],
    ['object-array.v1.json', /"object" must be an object holding "pins"/],
  ])('rejects %s', (name, message) => {
    expect(() => extract(name)).toThrow(InputError);
    expect(() => extract(name)).toThrow(message);
  });

  it.each([
    ['an empty file', ''],
    ['binary junk', '\u0000\u0001\u0002\u0003bplist00'],
    ['a JSON array', '[{"identity": "x"}]'],
  ])('rejects %s', (_label, content) => {
    expect(() => scanner.extract(content, ctx('Package.resolved'))).toThrow(InputError);
  });
});
