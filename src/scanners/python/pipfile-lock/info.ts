// python/pipfile-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of pipfileLockScanner: its identity and file checks, loaded with the registry. */
export const pipfileLockInfo: ScannerInfo = {
  id: 'python/pipfile-lock',
  ecosystem: 'PyPI',
  kind: 'lockfile',
  group: 'python',
  description: 'Pipenv Pipfile.lock (pipfile-spec 6 and older); direct dependencies from Pipfile',
  matches: (path) => baseName(path) === 'Pipfile.lock',
  sniff: (content) => /^\s*\{/.test(content) && /"_meta"\s*:/.test(content) && /"pipfile-spec"\s*:/.test(content),
};
