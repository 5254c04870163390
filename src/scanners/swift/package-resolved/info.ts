// swift/package-resolved: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The shapes SwiftPM writes: `{"pins": [` (v2), `{"originHash": ..., "pins": [` (v3), `{"object": {"pins": [` (v1). */
const SNIFF =
  /^\s*\{\s*"(?:pins"\s*:\s*\[|originHash"\s*:\s*"[^"]*"\s*,\s*"pins"\s*:\s*\[|object"\s*:\s*\{\s*"pins"\s*:\s*\[)/;

/** The cheap part of packageResolvedScanner: its identity and file checks, loaded with the registry. */
export const packageResolvedInfo: ScannerInfo = {
  id: 'swift/package-resolved',
  ecosystem: 'SwiftURL',
  kind: 'lockfile',
  group: 'swiftpm',
  description: 'Swift Package Manager Package.resolved (format versions 1, 2 and 3)',
  matches: (path) => baseName(path) === 'Package.resolved',
  sniff: (content) => SNIFF.test(content.slice(0, 1024)),
};
