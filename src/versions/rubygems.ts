// RubyGems versions: Gem::Version (https://guides.rubygems.org/patterns/#prerelease-gems,
// rubygems/version.rb). Validity and canonical segments come from @renovatebot/ruby-semver,
// a port of Gem::Version; the comparison below is Gem::Version#<=> over those segments:
// trailing zeros dropped, a string segment sorts before a number (so "1.0.a" < "1.0"), and a
// `-` reads as ".pre." ("1.0.0-rc1" is a prerelease).
import { Version } from '@renovatebot/ruby-semver/dist/ruby/version.js';
import { makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

type Segment = string | number;

function parseGem(v: string): Segment[] | undefined {
  // Gem::Version treats "" and whitespace as "0"; an empty version in an advisory or lockfile is
  // an error to report, not version 0.
  if (v.trim() === '' || !Version.isCorrect(v)) return undefined;
  const version = Version.create(v);
  return version ? version.canonicalSegments() : undefined;
}

function compareGem(a: Segment[], b: Segment[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i] ?? 0;
    const r = b[i] ?? 0;
    if (l === r) continue;
    const ls = typeof l === 'string';
    const rs = typeof r === 'string';
    if (ls && !rs) return -1;
    if (!ls && rs) return 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** The RubyGems scheme: Gem::Version order. */
export const RUBYGEMS: VersionScheme = makeScheme('rubygems', parseGem, compareGem);
