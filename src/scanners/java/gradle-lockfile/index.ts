/**
 * Gradle dependency lock files (https://docs.gradle.org/current/userguide/dependency_locking.html):
 * `gradle.lockfile` and `buildscript-gradle.lockfile`, one line per resolved module,
 * `group:artifact:version=configuration1,configuration2`, `#` comments, and a final
 * `empty=` line naming configurations that resolved to nothing. The file records no graph and
 * does not say which modules are direct.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundPackage, Scope } from '../../../model/package.js';
import { strongerScope } from '../../../model/package.js';
import { looksBinary } from '../../../parsers/limits.js';
import { splitLines, stripBom } from '../../../parsers/lines.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { gradleLockfileInfo } from './info.js';


/**
 * `group:artifact:version=configurations`; the configuration list may be empty. Gradle writes
 * no spaces, but a hand-edited list (`compileClasspath, runtimeClasspath`) means the same.
 */
const ENTRY = /^([^\s:=]+):([^\s:=]+):([^\s:=]+)=((?:[^\s,=]+(?:\s*,\s*[^\s,=]+)*)?\s*,?)$/;

/**
 * Test-only when every configuration is a test one (`testCompileClasspath`,
 * `testRuntimeClasspath`, `testFixturesRuntimeClasspath`, `integrationTestRuntimeClasspath`...).
 */
function scopeOf(configurations: string[]): Scope {
  if (configurations.length === 0) return 'runtime';
  return configurations.every((c) => /^test|Test[A-Z]|Test$/.test(c)) ? 'test' : 'runtime';
}

function extractGradleLockfile(content: string, ctx: ScanContext): ExtractResult {
  if (looksBinary(content)) throw new InputError('binary data, expected a Gradle lockfile', { file: ctx.path });
  const packages = new Map<string, FoundPackage>();
  const warnings: NonNullable<ExtractResult['warnings']> = [];
  let firstBad: { line: number; text: string } | undefined;
  splitLines(stripBom(content)).forEach((raw, index) => {
    const text = raw.trim();
    const line = index + 1;
    if (text === '' || text.startsWith('#') || text.startsWith('empty=')) return;
    const m = ENTRY.exec(text);
    if (!m) {
      firstBad ??= { line, text };
      warnings.push({ message: `not a "group:artifact:version=configurations" line, skipped: ${text.slice(0, 80)}`, line });
      return;
    }
    const [, group = '', artifact = '', version = '', confs = ''] = m;
    const configurations = confs.split(',').map((c) => c.trim()).filter((c) => c !== '');
    const scope = scopeOf(configurations);
    const name = `${group}:${artifact}`;
    const key = `${name}@${version}`;
    const existing = packages.get(key);
    if (existing) {
      existing.scope = strongerScope(existing.scope ?? 'runtime', scope);
      return;
    }
    packages.set(key, { ecosystem: 'Maven', name, version, scope, line });
  });
  if (packages.size === 0 && firstBad !== undefined) {
    throw new InputError(`not a Gradle lockfile: expected "group:artifact:version=configurations", found "${firstBad.text.slice(0, 80)}"`, {
      file: ctx.path,
      line: firstBad.line,
    });
  }
  const result: ExtractResult = { packages: [...packages.values()] };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scans Gradle `gradle.lockfile` and `buildscript-gradle.lockfile` (Gradle 6.8+ single-file lock state). */
export const gradleLockfileScanner: Scanner = {
  ...gradleLockfileInfo,
  extract: extractGradleLockfile,
};
