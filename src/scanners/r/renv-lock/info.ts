// r/renv-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** renv writes the `R` section first: `{ "R": { "Version": ...`. */
const SNIFF = /^\s*\{\s*"R"\s*:\s*\{\s*"Version"\s*:/;

/** The cheap part of renvLockScanner: its identity and file checks, loaded with the registry. */
export const renvLockInfo: ScannerInfo = {
  id: 'r/renv-lock',
  ecosystem: 'CRAN',
  kind: 'lockfile',
  group: 'renv',
  description: 'R renv.lock (CRAN packages)',
  matches: (path) => baseName(path) === 'renv.lock',
  sniff: (content) => SNIFF.test(content.slice(0, 512)),
};
