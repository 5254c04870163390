// npm versions: node-semver (https://github.com/npm/node-semver), the library npm itself uses,
// with loose parsing off. Strict node-semver still accepts a leading `v` and surrounding
// whitespace; `=1.2.3` and `V1.2.3` are rejected.
import semver from 'semver';
import { makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

function parseNpm(v: string): semver.SemVer | undefined {
  try {
    return new semver.SemVer(v, { loose: false });
  } catch {
    return undefined;
  }
}

/** The npm scheme: node-semver precedence (SemVer 2.0, build metadata ignored). */
export const NPM: VersionScheme = makeScheme('npm', parseNpm, compareNpm);

// node-semver's compare reads major, minor and patch as numbers, then the prerelease; the same
// order without its identity checks and per-call regex tests, falling back for prereleases.
function compareNpm(a: semver.SemVer, b: semver.SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  return a.compare(b);
}
