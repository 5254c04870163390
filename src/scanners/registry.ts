import type { Scanner } from './types.js';

/**
 * Every scanner Ospo has, listed explicitly (no discovery magic). The order matters twice:
 * it is the order scanners run in a directory, and the order `sniff` is tried for a file named
 * explicitly under an unusual name, so stricter formats come first.
 */
export const SCANNERS: readonly Scanner[] = [];

/** Returns the scanners whose file-name rules match `path` (POSIX, relative). */
export function scannersFor(path: string, scanners: readonly Scanner[] = SCANNERS): Scanner[] {
  return scanners.filter((s) => s.matches(path));
}

/** Returns the first scanner that recognises `content` as its format, or undefined. */
export function sniffScanner(content: string, scanners: readonly Scanner[] = SCANNERS): Scanner | undefined {
  const head = content.slice(0, 64 * 1024);
  return scanners.find((s) => s.sniff?.(head) === true);
}

/** Finds a scanner by id (`npm/package-lock`), or undefined. */
export function scannerById(id: string, scanners: readonly Scanner[] = SCANNERS): Scanner | undefined {
  return scanners.find((s) => s.id === id);
}
