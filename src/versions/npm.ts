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
export const NPM: VersionScheme = makeScheme('npm', parseNpm, (a, b) => a.compare(b));
