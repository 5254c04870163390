import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult, SiblingReader } from '../../types.js';
import { gradleVerificationMetadataScanner as scanner } from './index.js';

function read(fixture: string): string {
  return readFileSync(new URL(`./__fixtures__/${fixture}`, import.meta.url), 'utf8');
}

function scan(fixture: string): ExtractResult {
  return scanner.extract(read(fixture), { path: `gradle/${fixture}`, readSibling: () => undefined });
}

describe('java/gradle-verification-metadata matches and sniff', () => {
  it.each([
    ['gradle/verification-metadata.xml', true],
    ['sub/project/gradle/verification-metadata.xml', true],
    ['verification-metadata.xml', false],
    ['config/verification-metadata.xml', false],
    ['gradle/verification-metadata.xml.bak', false],
    ['gradle/verification-keyring.keys', false],
  ])('matches(%s) is %s', (path, expected) => {
    expect(scanner.matches(path)).toBe(expected);
  });

  it('sniffs the root element only', () => {
    expect(scanner.sniff?.(read('components.v1.3.xml'))).toBe(true);
    expect(scanner.sniff?.(read('wrong-root.xml'))).toBe(false);
    expect(scanner.sniff?.('<components><component group="a"/></components>')).toBe(false);
  });
});

describe('java/gradle-verification-metadata extract', () => {
  it('reads every component with its line and artifact checksums', () => {
    const result = scan('components.v1.3.xml');
    expect(result.packages.map((p) => [p.name, p.version, p.line])).toEqual([
      ['com.google.guava:guava', '33.2.1-jre', 16],
      ['com.google.guava:guava', '32.1.3-jre', 26],
      ['com.github.javaparser:javaparser-core', '3.25.10', 31],
      ['com.google.guava:listenablefuture', '9999.0-empty-to-avoid-conflict-with-guava', 36],
      ['com.google.errorprone:javac', '9+181-r4173-1', 42],
    ]);
    expect(result.packages[0]?.hashes).toEqual([
      { alg: 'SHA-256', value: '452eba8f7a3c1b3f3de1b2e4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4' },
      { alg: 'SHA-256', value: 'aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233' },
    ]);
    expect(result.packages[1]?.hashes?.map((h) => h.alg)).toEqual(['SHA-512']);
    // A PGP key id is not a checksum of the artifact.
    expect(result.packages[2]?.hashes).toBeUndefined();
    expect(result.packages[3]?.hashes?.map((h) => h.alg)).toEqual(['SHA-1', 'MD5']);
    expect(result.packages.every((p) => p.ecosystem === 'Maven' && p.direct === undefined)).toBe(true);
  });

  it('returns no packages when there are no components', () => {
    expect(scan('empty.xml')).toEqual({ packages: [] });
  });

  it('keeps components with missing attributes, with a note', () => {
    const result = scan('missing-attributes.xml');
    expect(result.packages).toEqual([
      { ecosystem: 'Maven', name: ':commons-io', version: '2.16.1', line: 4, notes: ['component has no group attribute'] },
      { ecosystem: 'Maven', name: 'commons-io:commons-io', version: null, line: 5, notes: ['component has no version attribute'] },
    ]);
  });

  it('reports a component written twice once', () => {
    const xml = `<verification-metadata><components>
      <component group="a" name="b" version="1"><artifact name="b-1.jar"><sha256 value="aa"/></artifact></component>
      <component group="a" name="b" version="1"><artifact name="b-1.pom"><sha256 value="bb"/></artifact></component>
    </components></verification-metadata>`;
    const result = scanner.extract(xml, { path: 'gradle/verification-metadata.xml', readSibling: () => undefined });
    expect(result.packages).toHaveLength(1);
    expect(result.packages[0]?.hashes?.map((h) => h.value)).toEqual(['aa', 'bb']);
  });
});

describe('java/gradle-verification-metadata malformed input', () => {
  it.each([
    ['not-xml.txt', /invalid XML/],
    ['wrong-root.xml', /the root element is <project>, expected <verification-metadata>/],
  ])('%s raises an InputError', (fixture, message) => {
    expect(() => scan(fixture)).toThrowError(InputError);
    expect(() => scan(fixture)).toThrowError(message);
  });

  it('refuses a DOCTYPE without reading anything', () => {
    const readSibling = vi.fn<SiblingReader>(() => 'secret');
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<verification-metadata>&e;</verification-metadata>';
    expect(() => scanner.extract(xml, { path: 'gradle/verification-metadata.xml', readSibling })).toThrowError(/DOCTYPE/);
    expect(readSibling).not.toHaveBeenCalled();
  });

  it('refuses an empty file', () => {
    expect(() => scanner.extract('', { path: 'gradle/verification-metadata.xml', readSibling: () => undefined })).toThrowError(InputError);
  });
});
