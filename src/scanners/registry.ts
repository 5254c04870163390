import { conanLockScanner } from './cpp/conan-lock/index.js';
import { pubspecLockScanner } from './dart/pubspec-lock/index.js';
import { dotnetLockfileScanners, dotnetManifestScanners } from './dotnet/index.js';
import { mixLockScanner } from './elixir/mix-lock/index.js';
import { goScanners } from './go/index.js';
import { javaScanners } from './java/index.js';
import { npmLockfileScanners, npmManifestScanners } from './npm/index.js';
import { composerLockScanner } from './php/composer-lock/index.js';
import { pythonLockfileScanners, pythonManifestScanners, pythonRequirementsScanners } from './python/index.js';
import { renvLockScanner } from './r/renv-lock/index.js';
import { gemfileLockScanner } from './ruby/gemfile-lock/index.js';
import { cargoLockScanner } from './rust/cargo-lock/index.js';
import { swiftScanners } from './swift/index.js';
import type { Scanner } from './types.js';

/**
 * Every scanner Ospo has, listed explicitly (no discovery magic). The order matters twice:
 * it is the order scanners run in a directory, and the order `sniff` is tried for a file named
 * explicitly under an unusual name, so the formats with the most distinctive content come first
 * and requirements files, whose syntax is the least distinctive, come last.
 */
export const SCANNERS: readonly Scanner[] = [
  ...npmLockfileScanners,
  ...pythonLockfileScanners,
  cargoLockScanner,
  gemfileLockScanner,
  composerLockScanner,
  pubspecLockScanner,
  mixLockScanner,
  conanLockScanner,
  ...dotnetLockfileScanners,
  renvLockScanner,
  ...swiftScanners,
  ...javaScanners,
  ...goScanners,
  ...npmManifestScanners,
  ...pythonManifestScanners,
  ...dotnetManifestScanners,
  ...pythonRequirementsScanners,
];

/** Returns the scanners whose file-name rules match `path` (POSIX, relative). */
export function scannersFor(path: string, scanners: readonly Scanner[] = SCANNERS): Scanner[] {
  return scanners.filter((s) => s.matches(path));
}

/** Returns the first scanner that recognises `content` as its format, or undefined. */
export function sniffScanner(content: string, scanners: readonly Scanner[] = SCANNERS): Scanner | undefined {
  const head = content.slice(0, 64 * 1024);
  return scanners.find((s) => s.sniff?.(head) === true);
}

/** Returns the scanner that claims `path` by its extension alone, as a last resort, or undefined. */
export function fallbackScanner(path: string, scanners: readonly Scanner[] = SCANNERS): Scanner | undefined {
  return scanners.find((s) => s.fallback?.(path) === true);
}

/** Finds a scanner by id (`npm/package-lock`), or undefined. */
export function scannerById(id: string, scanners: readonly Scanner[] = SCANNERS): Scanner | undefined {
  return scanners.find((s) => s.id === id);
}
