/**
 * Ecosystems as OSV names them (https://ossf.github.io/osv-schema/#affectedpackage-field),
 * with the purl type each maps to. OSV's spelling is the key everywhere in Ospo, so an
 * inventory can be matched against advisories without translation.
 */
export const ECOSYSTEMS = {
  npm: { purlType: 'npm' },
  PyPI: { purlType: 'pypi' },
  Maven: { purlType: 'maven' },
  Go: { purlType: 'golang' },
  'crates.io': { purlType: 'cargo' },
  RubyGems: { purlType: 'gem' },
  Packagist: { purlType: 'composer' },
  NuGet: { purlType: 'nuget' },
  Pub: { purlType: 'pub' },
  Hex: { purlType: 'hex' },
  ConanCenter: { purlType: 'conan' },
  CRAN: { purlType: 'cran' },
  SwiftURL: { purlType: 'swift' },
  CocoaPods: { purlType: 'cocoapods' },
  'GitHub Actions': { purlType: 'github' },
} as const satisfies Record<string, { purlType: string }>;

/** An OSV ecosystem name, such as `npm`, `PyPI` or `crates.io`. */
export type Ecosystem = keyof typeof ECOSYSTEMS;

/** Returns whether a string is an ecosystem Ospo knows. */
export function isEcosystem(value: string): value is Ecosystem {
  return Object.prototype.hasOwnProperty.call(ECOSYSTEMS, value);
}

/** Finds the ecosystem for a purl type (`pypi` -> `PyPI`), or undefined. */
export function ecosystemForPurlType(type: string): Ecosystem | undefined {
  const lower = type.toLowerCase();
  for (const [eco, info] of Object.entries(ECOSYSTEMS)) {
    if (info.purlType === lower) return eco as Ecosystem;
  }
  return undefined;
}
