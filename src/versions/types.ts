/**
 * A version scheme: validity and total order of one ecosystem's version strings, with that
 * ecosystem's own semantics.
 */
export interface VersionScheme {
  /** Scheme id: 'semver', 'npm', 'go', 'pypi', 'maven', 'rubygems', 'nuget', 'packagist', 'pub', 'hex', 'generic'. */
  readonly id: string;
  /** Returns true when `v` is a valid version in this scheme. */
  isValid(v: string): boolean;
  /** Compares two valid versions: negative, 0, positive. Throws InvalidVersionError for invalid input. */
  compare(a: string, b: string): number;
}
