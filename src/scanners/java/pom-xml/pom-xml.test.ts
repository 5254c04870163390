import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import type { ExtractResult, SiblingReader } from '../../types.js';
import { pomXmlScanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);

/** Reads siblings relative to the fixture's own directory, as the directory walker would. */
function siblingsOf(fixture: string): SiblingReader {
  const base = new URL(fixture, FIXTURES);
  return (rel) => {
    const url = new URL(rel, base);
    // Never leave the fixtures directory, like the real reader never leaves the scan root.
    if (!url.href.startsWith(FIXTURES.href) || !existsSync(url)) return undefined;
    return readFileSync(url, 'utf8');
  };
}

function scan(fixture: string, readSibling: SiblingReader = siblingsOf(fixture)): ExtractResult {
  const content = readFileSync(new URL(fixture, FIXTURES), 'utf8');
  return pomXmlScanner.extract(content, { path: fixture, readSibling });
}

function summary(packages: FoundPackage[]): Array<[string, string | null, string | undefined, boolean | undefined]> {
  return packages
    .map((p): [string, string | null, string | undefined, boolean | undefined] => [p.name, p.version, p.scope, p.direct])
    .sort((a, b) => `${a[0]}@${a[1]}`.localeCompare(`${b[0]}@${b[1]}`));
}

function byName(result: ExtractResult, name: string): FoundPackage {
  const found = result.packages.find((p) => p.name === name);
  if (!found) throw new Error(`no package ${name}`);
  return found;
}

describe('java/pom-xml matches and sniff', () => {
  it.each([
    ['pom.xml', true],
    ['modules/api/pom.xml', true],
    ['repo/com/example/lib/1.0/lib-1.0.pom', true],
    ['pom.xml.bak', false],
    ['my-pom.xml', false],
    ['.pom', false],
    ['build.gradle', false],
  ])('matches(%s) is %s', (path, expected) => {
    expect(pomXmlScanner.matches(path)).toBe(expected);
  });

  it('sniffs a POM but not other XML', () => {
    expect(pomXmlScanner.sniff?.(readFileSync(new URL('properties.xml', FIXTURES), 'utf8'))).toBe(true);
    expect(pomXmlScanner.sniff?.('<project>\n  <artifactId>x</artifactId>\n</project>')).toBe(true);
    expect(pomXmlScanner.sniff?.('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup/></Project>')).toBe(false);
    expect(pomXmlScanner.sniff?.(readFileSync(new URL('wrong-root.xml', FIXTURES), 'utf8'))).toBe(false);
    expect(pomXmlScanner.sniff?.('{"name": "project"}')).toBe(false);
  });
});

describe('java/pom-xml extract', () => {
  it('reads a local parent whose version is a CI-friendly ${revision} expression', () => {
    const r = scan('ci-friendly/service/pom.xml');
    expect(summary(r.packages)).toEqual([
      ['com.fasterxml.jackson.core:jackson-databind', '2.17.1', 'runtime', true],
      ['org.slf4j:slf4j-api', '2.0.13', 'runtime', true],
    ]);
    expect(r.warnings ?? []).toEqual([]);
  });

  it('reads one dependency with its line and the project identity', () => {
    const result = scan('one-package.xml');
    expect(result.packages).toEqual([
      {
        ecosystem: 'Maven',
        name: 'com.google.guava:guava',
        version: '33.2.1-jre',
        declared: '33.2.1-jre',
        scope: 'runtime',
        direct: true,
        line: 9,
      },
    ]);
    expect(result.edges).toEqual([{ from: null, to: 'com.google.guava:guava@33.2.1-jre' }]);
    expect(result.project).toEqual({ name: 'com.example:hello', version: '1.0.0' });
  });

  it('returns no packages for a POM without dependencies', () => {
    const result = scan('empty.xml');
    expect(result.packages).toEqual([]);
    expect(result.project).toEqual({ name: 'com.example:nothing', version: '0.1.0' });
  });

  it('resolves properties, scopes, ranges and unresolvable versions', () => {
    const result = scan('properties.xml');
    expect(summary(result.packages)).toEqual([
      ['com.example.shop:shop-api', '2.4.0', 'runtime', true],
      ['com.fasterxml.jackson.core:jackson-databind', '2.17.1', 'runtime', true],
      ['com.sun:tools', '1.8', 'provided', true],
      ['commons-io:commons-io', '2.16.1', 'runtime', true],
      ['io.grpc:protoc-gen-grpc-java', '1.64.0', 'runtime', true],
      ['io.netty:netty-handler', null, 'runtime', true],
      ['jakarta.servlet:jakarta.servlet-api', '6.0.0', 'provided', true],
      ['org.cycle:cycle', null, 'runtime', true],
      ['org.eclipse.jetty:jetty-server', null, 'runtime', true],
      ['org.junit.jupiter:junit-jupiter', '5.10.2', 'test', true],
      ['org.postgresql:postgresql', '42.7.3', 'runtime', true],
      ['org.xerial.snappy:snappy-java', '1.1.10.5', 'optional', true],
    ]);
    const jetty = byName(result, 'org.eclipse.jetty:jetty-server');
    expect(jetty.declared).toBe('[12.0.10,12.1)');
    expect(jetty.notes?.[0]).toMatch(/version range/);
    const netty = byName(result, 'io.netty:netty-handler');
    expect(netty.declared).toBe('${netty.version}');
    expect(netty.notes).toEqual(['version ${netty.version} needs property ${netty.version}, which is not defined here']);
    expect(byName(result, 'org.cycle:cycle').notes?.[0]).toMatch(/needs property \$\{self\.(a|b)\}/);
    expect(byName(result, 'com.fasterxml.jackson.core:jackson-databind').line).toBe(20);
    expect(byName(result, 'io.grpc:protoc-gen-grpc-java').purl).toBe(
      'pkg:maven/io.grpc/protoc-gen-grpc-java@1.64.0?classifier=linux-x86_64&type=exe',
    );
    expect(result.project).toEqual({ name: 'com.example.shop:shop-core', version: '2.4.0' });
  });

  it('fills versions and scopes from dependencyManagement, which itself adds no packages', () => {
    const result = scan('dependency-management.xml');
    expect(summary(result.packages)).toEqual([
      ['io.opentelemetry:opentelemetry-api', null, 'runtime', true],
      ['org.assertj:assertj-core', '3.26.0', 'test', true],
      ['org.slf4j:slf4j-api', '2.0.13', 'runtime', true],
      ['org.slf4j:slf4j-simple', '2.0.13', 'runtime', true],
    ]);
    expect(byName(result, 'io.opentelemetry:opentelemetry-api').notes).toEqual([
      'no version declared; it is probably managed by the imported BOM io.opentelemetry:opentelemetry-bom:1.39.0, which cannot be read offline',
    ]);
    expect(byName(result, 'org.slf4j:slf4j-api').line).toBe(41);
    // The duplicate declaration and the dependency without groupId are reported, not dropped silently.
    expect(result.warnings).toEqual([
      {
        message: 'org.slf4j:slf4j-simple is declared twice (2.0.13 and 2.0.12); the first is reported',
        line: 58,
      },
      { message: 'dependency without groupId skipped (no-group)', line: 63 },
    ]);
  });

  it('folds in profiles active by default and reports the others', () => {
    const result = scan('profiles.xml');
    expect(summary(result.packages)).toEqual([
      ['com.example.db:driver', '1.1.0', 'runtime', true],
      ['com.h2database:h2', '2.2.224', 'runtime', true],
    ]);
    const h2 = byName(result, 'com.h2database:h2');
    expect(h2.line).toBe(30);
    expect(h2.notes).toEqual(['from profile "default-db", active by default']);
    expect(result.warnings).toEqual([
      { message: 'profile "oracle" is not active by default; its 1 dependencies are not reported' },
    ]);
  });

  it('follows a local parent chain: properties, management and inherited dependencies', () => {
    const result = scan('multi-module/app/pom.xml');
    expect(summary(result.packages)).toEqual([
      ['ch.qos.logback:logback-classic', '1.5.6', 'runtime', true],
      ['com.example:shop-model', '5.1.0', 'runtime', true],
      ['com.google.guava:guava', '33.2.1-jre', 'runtime', true],
      ['org.apache.commons:commons-text', null, 'runtime', true],
      ['org.junit.jupiter:junit-jupiter', '5.10.2', 'test', true],
    ]);
    const junit = byName(result, 'org.junit.jupiter:junit-jupiter');
    expect(junit.line).toBe(4);
    expect(junit.notes).toEqual(['inherited from the parent POM ../build-parent/pom.xml (line 25)']);
    expect(byName(result, 'org.apache.commons:commons-text').notes).toEqual([
      'version ${commons-text.version} needs property ${commons-text.version}, which is not defined here',
    ]);
    expect(result.project).toEqual({ name: 'com.example:shop-app', version: '5.1.0' });
    expect(result.warnings).toBeUndefined();
  });

  it('ignores a ../pom.xml whose coordinates are not the declared parent', () => {
    const result = scan('mismatched-parent/app/pom.xml');
    const lib = byName(result, 'com.example:lib');
    expect(lib.version).toBeNull();
    expect(lib.notes?.[0]).toMatch(/parent POM com\.example:real-parent:1\.0, which is not available locally/);
    expect(result.warnings).toEqual([
      {
        message:
          'parent POM com.example:real-parent:1.0 is not available locally (../pom.xml is com.example:some-other-parent:1.0); what it defines is unknown',
        line: 4,
      },
    ]);
  });

  it('stops when parents loop back', () => {
    const result = scan('parent-loop/a/pom.xml');
    expect(summary(result.packages)).toEqual([
      ['org.example:from-a', '1.0', 'runtime', true],
      ['org.example:from-b', '2.0', 'runtime', true],
    ]);
    expect(result.warnings).toEqual([{ message: 'parent chain loops back to ../a/pom.xml; stopped there', line: 4 }]);
  });

  it('reads no parent at all when none is declared', () => {
    const readSibling = vi.fn<SiblingReader>(() => undefined);
    scan('properties.xml', readSibling);
    expect(readSibling).not.toHaveBeenCalled();
  });

  it('stops expanding properties that grow without bound', () => {
    const levels = Array.from({ length: 40 }, (_, i) => `<p${i}>\${p${i + 1}}\${p${i + 1}}</p${i}>`).join('');
    const pom = `<project><properties>${levels}<p40>x</p40></properties><dependencies><dependency>
      <groupId>g</groupId><artifactId>a</artifactId><version>\${p0}</version></dependency></dependencies></project>`;
    const started = performance.now();
    const result = pomXmlScanner.extract(pom, { path: 'pom.xml', readSibling: () => undefined });
    expect(performance.now() - started).toBeLessThan(budget(1000));
    expect(result.packages[0]?.version).toBeNull();
  });

  // parseXml (the shared XML parser) takes most of this time; the scanner's own
  // work is linear (one tag walk for lines, Maps for management and dedup).
  it('handles 5,000 dependencies in linear time', () => {
    const deps = Array.from(
      { length: 5000 },
      (_, i) => `<dependency><groupId>org.g${i}</groupId><artifactId>a${i}</artifactId><version>\${v}</version></dependency>`,
    ).join('\n');
    const pom = `<project><properties><v>1.0.${'0'}</v></properties><dependencies>\n${deps}\n</dependencies></project>`;
    const started = performance.now();
    const result = pomXmlScanner.extract(pom, { path: 'pom.xml', readSibling: () => undefined });
    expect(result.packages).toHaveLength(5000);
    expect(result.packages[4999]?.line).toBe(5001);
    expect(performance.now() - started).toBeLessThan(budget(3000));
  });
});

describe('java/pom-xml malformed input', () => {
  it.each([
    ['not-xml.txt', /invalid XML/],
    ['wrong-root.xml', /not a Maven POM: the root element is <settings>, expected <project>/],
    ['unclosed.xml', /invalid XML/],
  ])('%s raises an InputError', (fixture, message) => {
    expect(() => scan(fixture)).toThrowError(InputError);
    expect(() => scan(fixture)).toThrowError(message);
  });

  it('refuses an empty file and binary junk', () => {
    expect(() => pomXmlScanner.extract('', { path: 'pom.xml', readSibling: () => undefined })).toThrowError(InputError);
    expect(() => pomXmlScanner.extract('PK\u0003\u0004\u0000\u0000junk', { path: 'pom.xml', readSibling: () => undefined })).toThrowError(
      /binary data/,
    );
  });

  it('refuses a DOCTYPE with external entities and never reads the files they name', () => {
    const readSibling = vi.fn<SiblingReader>(() => 'root:x:0:0:root:/root:/bin/bash');
    let error: unknown;
    try {
      scan('doctype-xxe.xml', readSibling);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/DOCTYPE/);
    expect((error as InputError).line).toBe(2);
    expect(readSibling).not.toHaveBeenCalled();
  });

  it('reports a hostile parent POM as a warning and does not read what it names', () => {
    const readSibling = vi.fn<SiblingReader>((rel) =>
      rel === '../pom.xml'
        ? '<!DOCTYPE project [<!ENTITY x SYSTEM "secret.txt">]><project><groupId>g</groupId><artifactId>p</artifactId><version>1</version><packaging>pom</packaging></project>'
        : undefined,
    );
    const child =
      '<project><parent><groupId>g</groupId><artifactId>p</artifactId><version>1</version></parent><artifactId>c</artifactId></project>';
    const result = pomXmlScanner.extract(child, { path: 'c/pom.xml', readSibling });
    expect(readSibling.mock.calls).toEqual([['../pom.xml']]);
    expect(result.warnings?.[0]?.message).toMatch(/\.\.\/pom\.xml cannot be read: XML with a DOCTYPE/);
  });
});

describe('java/pom-xml on a real project', () => {
  it('scans spring-petclinic pom.xml', () => {
    const url = new URL('../../../../../shared/data/repos/spring-petclinic/pom.xml', import.meta.url);
    const result = pomXmlScanner.extract(readFileSync(url, 'utf8'), { path: 'pom.xml', readSibling: () => undefined });
    // 24 = the <dependency> elements of the top-level <dependencies> block (plugin dependencies
    // excluded), counted with:
    //   awk '/^  <dependencies>/{f=1;next} /^  <\/dependencies>/{f=0} f && /<dependency>/' pom.xml | wc -l
    expect(result.packages).toHaveLength(24);
    // Only the three webjars pin versions (through properties); the rest come from the remote parent.
    expect(result.packages.filter((p) => p.version !== null).map((p) => `${p.name}@${p.version}`)).toEqual([
      'org.webjars:webjars-locator-lite@1.1.3',
      'org.webjars.npm:bootstrap@5.3.8',
      'org.webjars.npm:font-awesome@4.7.0',
    ]);
    expect(result.packages.filter((p) => p.scope === 'test')).toHaveLength(8);
    expect(byName(result, 'org.springframework.boot:spring-boot-devtools').scope).toBe('optional');
    expect(result.project).toEqual({ name: 'org.springframework.samples:spring-petclinic', version: '4.0.0-SNAPSHOT' });
  });
});
