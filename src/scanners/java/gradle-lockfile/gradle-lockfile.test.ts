import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { ExtractResult } from '../../types.js';
import { gradleLockfileScanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

function scan(fixture: string): ExtractResult {
  const content = readFileSync(new URL(`./__fixtures__/${fixture}`, import.meta.url), 'utf8');
  return gradleLockfileScanner.extract(content, { path: fixture, readSibling: () => undefined });
}

function summary(result: ExtractResult): string[] {
  return result.packages.map((p) => `${p.name}@${p.version} ${p.scope} L${p.line}`);
}

describe('java/gradle-lockfile matches and sniff', () => {
  it.each([
    ['gradle.lockfile', true],
    ['app/gradle.lockfile', true],
    ['buildscript-gradle.lockfile', true],
    ['gradle.lockfile.bak', false],
    ['gradle/dependency-locks/compileClasspath.lockfile', false],
    ['build.gradle', false],
  ])('matches(%s) is %s', (path, expected) => {
    expect(gradleLockfileScanner.matches(path)).toBe(expected);
  });

  it('sniffs the header Gradle writes, nothing else', () => {
    const lock = readFileSync(new URL('./__fixtures__/app.gradle.lockfile', import.meta.url), 'utf8');
    expect(gradleLockfileScanner.sniff?.(lock)).toBe(true);
    expect(gradleLockfileScanner.sniff?.('org.a:b:1.0=compileClasspath\n')).toBe(false);
    expect(gradleLockfileScanner.sniff?.('# comment\n')).toBe(false);
  });
});

describe('java/gradle-lockfile extract', () => {
  it('reads every module with its line; test-only configurations give the test scope', () => {
    const result = scan('app.gradle.lockfile');
    expect(summary(result)).toEqual([
      'ch.qos.logback:logback-classic@1.5.6 runtime L4',
      'com.fasterxml.jackson.core:jackson-databind@2.17.1 runtime L5',
      'com.h2database:h2@2.2.224 runtime L6',
      'net.bytebuddy:byte-buddy@1.14.16 test L7',
      'org.assertj:assertj-core@3.25.3 test L8',
      'org.junit.jupiter:junit-jupiter-api@5.10.2 test L9',
      'org.projectlombok:lombok@1.18.32 runtime L10',
      'org.springframework.boot:spring-boot-devtools@3.3.0 runtime L11',
      'org.springframework.boot:spring-boot-starter-web@3.3.0 runtime L12',
    ]);
    expect(result.packages.every((p) => p.ecosystem === 'Maven' && p.direct === undefined)).toBe(true);
    expect(result.warnings).toBeUndefined();
  });

  it('reads the buildscript lockfile', () => {
    expect(summary(scan('buildscript-gradle.lockfile'))).toEqual([
      'com.diffplug.spotless:spotless-plugin-gradle@6.25.0 runtime L4',
      'org.jetbrains.kotlin:kotlin-gradle-plugin@1.9.24 runtime L5',
    ]);
  });

  it.each(['only-comments.lockfile', 'only-empty.lockfile'])('%s has no packages', (fixture) => {
    expect(scan(fixture)).toEqual({ packages: [] });
  });

  it('skips broken lines with a warning and keeps the good ones', () => {
    const result = scan('bad-lines.lockfile');
    expect(summary(result)).toEqual([
      'io.micrometer:micrometer-core@1.13.0 runtime L3',
      'io.micrometer:micrometer-core@1.13.1 runtime L5',
      'org.slf4j:slf4j-api@2.0.13 runtime L9',
    ]);
    expect(result.warnings?.map((w) => w.line)).toEqual([2, 4, 6, 7]);
    expect(result.warnings?.[3]?.message).toBe(
      'not a "group:artifact:version=configurations" line, skipped: org.yaml:snakeyaml=runtimeClasspath',
    );
  });

  it('accepts spaces around the commas of a configuration list', () => {
    const result = scan('spaced-configurations.lockfile');
    expect(summary(result)).toEqual(['org.springframework:spring-beans@5.0.5.RELEASE runtime L3', 'junit:junit@4.13.2 test L4']);
    expect(result.warnings).toBeUndefined();
  });

  it('merges a module listed twice, keeping the stronger scope', () => {
    const result = gradleLockfileScanner.extract('a:b:1.0=testRuntimeClasspath\na:b:1.0=runtimeClasspath\n', {
      path: 'gradle.lockfile',
      readSibling: () => undefined,
    });
    expect(summary(result)).toEqual(['a:b@1.0 runtime L1']);
  });

  it('handles 5,000 modules quickly', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `org.g${i}:a${i}:1.${i}=runtimeClasspath`).join('\n');
    const started = performance.now();
    const result = gradleLockfileScanner.extract(text, { path: 'gradle.lockfile', readSibling: () => undefined });
    expect(result.packages).toHaveLength(5000);
    expect(performance.now() - started).toBeLessThan(budget(2000));
  });
});

describe('java/gradle-lockfile malformed input', () => {
  it('refuses a file with no lockfile line at all', () => {
    expect(() => scan('not-a-lockfile.txt')).toThrowError(InputError);
    expect(() => scan('not-a-lockfile.txt')).toThrowError(/not a Gradle lockfile/);
  });

  it('refuses binary junk', () => {
    expect(() =>
      gradleLockfileScanner.extract('\u0000\u0001\u0002PK', { path: 'gradle.lockfile', readSibling: () => undefined }),
    ).toThrowError(InputError);
  });

  it('returns nothing for an empty file', () => {
    expect(gradleLockfileScanner.extract('', { path: 'gradle.lockfile', readSibling: () => undefined })).toEqual({ packages: [] });
  });
});
