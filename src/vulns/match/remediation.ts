// Remediation: the nearest version that fixes a finding, and whether moving to it stays within
// the installed version's major line (so it is likely a drop-in upgrade).
import type { VersionScheme } from '../../versions/index.js';

/**
 * Returns the major line of a version in a scheme: SemVer-like schemes (npm, crates.io, Go,
 * Hex, Pub) use the major, and for `0.x` the minor too (SemVer item 4: anything may change
 * before 1.0, and Cargo and npm carets treat 0.x minors as breaking); PyPI its release[0]
 * after any epoch; Maven, NuGet, RubyGems, Packagist and others their first numeric segment.
 * Undefined when the version has no number to read.
 */
export function majorLine(schemeId: string, version: string): string | undefined {
  let v = version.trim().replace(/^[vV](?=\d)/, '');
  let epoch = '';
  if (schemeId === 'pypi') {
    const m = /^(\d+)!/.exec(v);
    if (m) {
      epoch = `${Number(m[1])}!`;
      v = v.slice(m[0].length);
    }
  }
  const nums = /^(\d+)(?:\.(\d+))?/.exec(v);
  if (!nums) return undefined;
  const major = String(BigInt(nums[1]!));
  const semverLike = ['semver', 'npm', 'go', 'hex', 'pub', 'crates.io'].includes(schemeId);
  if (semverLike && major === '0') return `0.${nums[2] === undefined ? '0' : String(BigInt(nums[2]))}`;
  return `${epoch}${major}`;
}

/** The nearest fix for an installed version. */
export interface Remediation {
  /** The smallest fixed version above the installed one that no matched range affects, if any. */
  nearestFix?: string;
  /** Whether that fix has the same major line as the installed version. */
  sameMajor?: boolean;
  /** Every fixed version the advisories name, sorted by the scheme (invalid ones last). */
  fixedVersions: string[];
}

/**
 * Picks the nearest fix among `fixed` versions: the smallest one above `installed` for which
 * `stillAffected` says no (another range of the same vulnerability may cover it).
 */
export function nearestFix(
  scheme: VersionScheme,
  installed: string,
  fixed: Iterable<string>,
  stillAffected: (version: string) => boolean,
): Remediation {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const f of new Set(fixed)) (scheme.isValid(f) ? valid : invalid).push(f);
  valid.sort((a, b) => scheme.compare(a, b));
  const result: Remediation = { fixedVersions: [...valid, ...invalid.sort()] };
  if (!scheme.isValid(installed)) return result;
  for (const f of valid) {
    if (scheme.compare(f, installed) <= 0) continue;
    if (stillAffected(f)) continue;
    result.nearestFix = f;
    const a = majorLine(scheme.id, installed);
    const b = majorLine(scheme.id, f);
    if (a !== undefined && b !== undefined) result.sameMajor = a === b;
    break;
  }
  return result;
}
