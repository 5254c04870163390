// Version schemes: one module per ecosystem version scheme, each with that ecosystem's own
// validity rules and total order. Contract: `isValid(v)` never throws; `compare(a, b)` returns
// negative/0/positive for valid versions and throws InvalidVersionError otherwise (PyPI also
// orders legacy non-PEP 440 strings, see pypi.ts). Parsed versions are cached per scheme in a
// bounded map, so repeated compares during matching cost a map lookup and a comparison.
// `schemeFor` maps an OSV ecosystem name to its scheme; `SEMVER` is the OSV `SEMVER` range type.
import { GENERIC } from './generic.js';
import { GO } from './go.js';
import { MAVEN } from './maven.js';
import { NPM } from './npm.js';
import { NUGET } from './nuget.js';
import { PACKAGIST } from './packagist.js';
import { PUB } from './pub.js';
import { PYPI } from './pypi.js';
import { RUBYGEMS } from './rubygems.js';
import { HEX, SEMVER } from './semver.js';
import type { VersionScheme } from './types.js';

export type { VersionScheme } from './types.js';
export { InvalidVersionError } from './errors.js';
export { SEMVER, HEX } from './semver.js';
export { GENERIC } from './generic.js';
export { GO } from './go.js';
export { NPM } from './npm.js';
export { PUB } from './pub.js';
export { PYPI } from './pypi.js';
export { MAVEN } from './maven.js';
export { RUBYGEMS } from './rubygems.js';
export { NUGET } from './nuget.js';
export { PACKAGIST, normalizeComposer } from './packagist.js';

const BY_ECOSYSTEM: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  ['npm', NPM],
  ['crates.io', SEMVER],
  ['Go', GO],
  ['Hex', HEX],
  ['Pub', PUB],
  ['PyPI', PYPI],
  ['Maven', MAVEN],
  ['RubyGems', RUBYGEMS],
  ['NuGet', NUGET],
  ['Packagist', PACKAGIST],
]);

/**
 * Returns the version scheme for an OSV ecosystem name. Only the base before `:` counts
 * (`Debian:11` -> `Debian`); ecosystems without a scheme here get the approximate GENERIC one.
 */
export function schemeFor(ecosystem: string): VersionScheme {
  const colon = ecosystem.indexOf(':');
  const base = colon >= 0 ? ecosystem.slice(0, colon) : ecosystem;
  return BY_ECOSYSTEM.get(base) ?? GENERIC;
}

/** Lists every scheme, for conformance tests and benchmarks. */
export function allSchemes(): VersionScheme[] {
  return [SEMVER, NPM, GO, HEX, PUB, PYPI, MAVEN, RUBYGEMS, NUGET, PACKAGIST, GENERIC];
}
