// dotnet/packages-lock-json: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/**
 * `{"version": N, "dependencies": {` as NuGet writes it, always in that order. Any numeric
 * version is claimed so that an unsupported one gets a clear error from this scanner.
 */
const SNIFF = /^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"dependencies"\s*:\s*\{/;

/** The cheap part of packagesLockJsonScanner: its identity and file checks, loaded with the registry. */
export const packagesLockJsonInfo: ScannerInfo = {
  id: 'dotnet/packages-lock-json',
  ecosystem: 'NuGet',
  kind: 'lockfile',
  group: 'nuget',
  description: 'NuGet packages.lock.json (lock file versions 1 and 2)',
  matches: (path) => baseName(path) === 'packages.lock.json',
  sniff: (content) => SNIFF.test(content.slice(0, 512)),
};
