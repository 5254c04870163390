// python/pyproject: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of pyprojectScanner: its identity and file checks, loaded with the registry. */
export const pyprojectInfo: ScannerInfo = {
  id: 'python/pyproject',
  ecosystem: 'PyPI',
  kind: 'manifest',
  group: 'python',
  description: 'pyproject.toml: PEP 621 dependencies and extras, PEP 735 dependency groups, Poetry dependency groups',
  matches: (path) => baseName(path) === 'pyproject.toml',
  sniff: (content) => /^\[(project|build-system|dependency-groups|tool\.poetry)\]\s*$/m.test(content),
};
