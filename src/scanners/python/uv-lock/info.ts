// python/uv-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of uvLockScanner: its identity and file checks, loaded with the registry. */
export const uvLockInfo: ScannerInfo = {
  id: 'python/uv-lock',
  ecosystem: 'PyPI',
  kind: 'lockfile',
  group: 'python',
  description: 'uv uv.lock (version 1); the project and workspace members root the dependency graph',
  matches: (path) => baseName(path) === 'uv.lock',
  sniff: (content) =>
    /^version\s*=\s*1\s*$/m.test(content.slice(0, 200)) &&
    /^\[\[package\]\]\s*$/m.test(content) &&
    /^source\s*=\s*\{\s*(registry|git|path|directory|editable|virtual|url)\s*=/m.test(content),
};
