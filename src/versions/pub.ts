// Dart Pub versions, ordered as package:pub_semver's Version.compareTo does
// (https://github.com/dart-lang/pub_semver/blob/master/lib/src/version.dart): like SemVer 2.0,
// but numbers may have leading zeros, and build metadata orders: a version without build
// sorts before the same version with one, and builds compare part by part like prereleases.
import { compareIdentifiers, compareSemver, parseSemver, type ParsedSemver, type SemverDialect } from './semver.js';
import { makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

const PUB_DIALECT: SemverDialect = { vPrefix: false, leadingZeros: true, shorthand: false };

function comparePub(a: ParsedSemver, b: ParsedSemver): number {
  const c = compareSemver(a, b);
  if (c !== 0) return c;
  if (a.build.length === 0 || b.build.length === 0) {
    return a.build.length === b.build.length ? 0 : a.build.length === 0 ? -1 : 1;
  }
  return compareIdentifiers(a.build, a.buildNum, b.build, b.buildNum);
}

/** The Pub scheme: pub_semver's order, in which build metadata counts. */
export const PUB: VersionScheme = makeScheme('pub', (v) => parseSemver(v, PUB_DIALECT), comparePub);
