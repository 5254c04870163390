// The scanner registry: every format Ospo reads, listed explicitly. An entry holds a scanner's
// cheap part (identity, `matches`, `sniff`, `fallback`, from its folder's info.ts) and `load`,
// which imports the module with its `extract` and parsers only when a file of that format is
// scanned: a run over one package-lock.json loads the JSON scanner, not the TOML, YAML and XML
// ones.
import { conanLockInfo } from './cpp/conan-lock/info.js';
import { pubspecLockInfo } from './dart/pubspec-lock/info.js';
import { csprojInfo } from './dotnet/csproj/info.js';
import { packagesConfigInfo } from './dotnet/packages-config/info.js';
import { packagesLockJsonInfo } from './dotnet/packages-lock-json/info.js';
import { mixLockInfo } from './elixir/mix-lock/info.js';
import { goModInfo } from './go/go-mod/info.js';
import { gradleLockfileInfo } from './java/gradle-lockfile/info.js';
import { gradleVerificationMetadataInfo } from './java/gradle-verification-metadata/info.js';
import { pomXmlInfo } from './java/pom-xml/info.js';
import { bunLockInfo } from './npm/bun-lock/info.js';
import { packageJsonInfo } from './npm/package-json/info.js';
import { packageLockInfo } from './npm/package-lock/info.js';
import { pnpmLockInfo } from './npm/pnpm-lock/info.js';
import { yarnLockInfo } from './npm/yarn-lock/info.js';
import { composerLockInfo } from './php/composer-lock/info.js';
import { pdmLockInfo } from './python/pdm-lock/info.js';
import { pipfileLockInfo } from './python/pipfile-lock/info.js';
import { poetryLockInfo } from './python/poetry-lock/info.js';
import { pylockInfo } from './python/pylock/info.js';
import { pyprojectInfo } from './python/pyproject/info.js';
import { requirementsInfo } from './python/requirements/info.js';
import { uvLockInfo } from './python/uv-lock/info.js';
import { renvLockInfo } from './r/renv-lock/info.js';
import { gemfileLockInfo } from './ruby/gemfile-lock/info.js';
import { cargoLockInfo } from './rust/cargo-lock/info.js';
import { packageResolvedInfo } from './swift/package-resolved/info.js';
import { podfileLockInfo } from './swift/podfile-lock/info.js';
import type { Scanner, ScannerEntry, ScannerInfo } from './types.js';

/** Makes a registry entry whose module is imported once, on the first `load`. */
function entry(info: ScannerInfo, load: () => Promise<Scanner>): ScannerEntry {
  let loading: Promise<Scanner> | undefined;
  return { ...info, load: () => (loading ??= load()) };
}

/**
 * Every scanner Ospo has, listed explicitly (no discovery magic). The order matters twice:
 * it is the order scanners run in a directory, and the order `sniff` is tried for a file named
 * explicitly under an unusual name, so the formats with the most distinctive content come first
 * and requirements files, whose syntax is the least distinctive, come last.
 */
export const SCANNERS: readonly ScannerEntry[] = [
  // Npm lockfiles, in sniffing order
  entry(packageLockInfo, async () => (await import('./npm/package-lock/index.js')).packageLockScanner),
  entry(bunLockInfo, async () => (await import('./npm/bun-lock/index.js')).bunLockScanner),
  entry(pnpmLockInfo, async () => (await import('./npm/pnpm-lock/index.js')).pnpmLockScanner),
  entry(yarnLockInfo, async () => (await import('./npm/yarn-lock/index.js')).yarnLockScanner),
  // Python lockfiles, in sniffing order
  entry(pylockInfo, async () => (await import('./python/pylock/index.js')).pylockScanner),
  entry(uvLockInfo, async () => (await import('./python/uv-lock/index.js')).uvLockScanner),
  entry(pdmLockInfo, async () => (await import('./python/pdm-lock/index.js')).pdmLockScanner),
  entry(poetryLockInfo, async () => (await import('./python/poetry-lock/index.js')).poetryLockScanner),
  entry(pipfileLockInfo, async () => (await import('./python/pipfile-lock/index.js')).pipfileLockScanner),
  entry(cargoLockInfo, async () => (await import('./rust/cargo-lock/index.js')).cargoLockScanner),
  entry(gemfileLockInfo, async () => (await import('./ruby/gemfile-lock/index.js')).gemfileLockScanner),
  entry(composerLockInfo, async () => (await import('./php/composer-lock/index.js')).composerLockScanner),
  entry(pubspecLockInfo, async () => (await import('./dart/pubspec-lock/index.js')).pubspecLockScanner),
  entry(mixLockInfo, async () => (await import('./elixir/mix-lock/index.js')).mixLockScanner),
  entry(conanLockInfo, async () => (await import('./cpp/conan-lock/index.js')).conanLockScanner),
  // NuGet lockfiles
  entry(packagesLockJsonInfo, async () => (await import('./dotnet/packages-lock-json/index.js')).packagesLockJsonScanner),
  entry(packagesConfigInfo, async () => (await import('./dotnet/packages-config/index.js')).packagesConfigScanner),
  entry(renvLockInfo, async () => (await import('./r/renv-lock/index.js')).renvLockScanner),
  // Swift and CocoaPods
  entry(packageResolvedInfo, async () => (await import('./swift/package-resolved/index.js')).packageResolvedScanner),
  entry(podfileLockInfo, async () => (await import('./swift/podfile-lock/index.js')).podfileLockScanner),
  // JVM
  entry(gradleVerificationMetadataInfo, async () => (await import('./java/gradle-verification-metadata/index.js')).gradleVerificationMetadataScanner),
  entry(pomXmlInfo, async () => (await import('./java/pom-xml/index.js')).pomXmlScanner),
  entry(gradleLockfileInfo, async () => (await import('./java/gradle-lockfile/index.js')).gradleLockfileScanner),
  // Go
  entry(goModInfo, async () => (await import('./go/go-mod/index.js')).goModScanner),
  // Manifests: declared ranges, read where no lockfile of their group was
  entry(packageJsonInfo, async () => (await import('./npm/package-json/index.js')).packageJsonScanner),
  entry(pyprojectInfo, async () => (await import('./python/pyproject/index.js')).pyprojectScanner),
  entry(csprojInfo, async () => (await import('./dotnet/csproj/index.js')).csprojScanner),
  // Requirements files last: their syntax is the least distinctive
  entry(requirementsInfo, async () => (await import('./python/requirements/index.js')).requirementsScanner),
];

/** A scanner, or a registry entry whose scanner is loaded on demand. */
export type AnyScanner = Scanner | ScannerEntry;

/** Resolves an entry to its loaded scanner (a scanner is returned as it is). */
export function loadScanner(s: AnyScanner): Promise<Scanner> {
  return 'extract' in s ? Promise.resolve(s) : s.load();
}

/** Loads every scanner of the registry (tests and tools that call `extract` themselves). */
export function loadAllScanners(scanners: readonly AnyScanner[] = SCANNERS): Promise<Scanner[]> {
  return Promise.all(scanners.map(loadScanner));
}

/** Returns the scanners whose file-name rules match `path` (POSIX, relative). */
export function scannersFor(path: string, scanners: readonly AnyScanner[] = SCANNERS): AnyScanner[] {
  return scanners.filter((s) => s.matches(path));
}

/** Returns the first scanner that recognises `content` as its format, or undefined. */
export function sniffScanner(content: string, scanners: readonly AnyScanner[] = SCANNERS): AnyScanner | undefined {
  const head = content.slice(0, 64 * 1024);
  return scanners.find((s) => s.sniff?.(head) === true);
}

/** Returns the scanner that claims `path` by its extension alone, as a last resort, or undefined. */
export function fallbackScanner(path: string, scanners: readonly AnyScanner[] = SCANNERS): AnyScanner | undefined {
  return scanners.find((s) => s.fallback?.(path) === true);
}

/** Finds a scanner by id (`npm/package-lock`), or undefined. */
export function scannerById(id: string, scanners: readonly AnyScanner[] = SCANNERS): AnyScanner | undefined {
  return scanners.find((s) => s.id === id);
}
