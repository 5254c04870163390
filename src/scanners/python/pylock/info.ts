// python/pylock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of pylockScanner: its identity and file checks, loaded with the registry. */
export const pylockInfo: ScannerInfo = {
  id: 'python/pylock',
  ecosystem: 'PyPI',
  kind: 'lockfile',
  group: 'python',
  description: 'PEP 751 pylock.toml and pylock.<name>.toml (lock-version 1.x)',
  // The specification names the file `pylock.toml` or `pylock.<name>.toml`, lowercase.
  matches: (path) => /^pylock(\.[^/]+)?\.toml$/.test(baseName(path)),
  sniff: (content) =>
    /^lock-version\s*=\s*["']\d/m.test(content) &&
    (/^\[\[packages\]\]\s*$/m.test(content) || /^packages\s*=\s*\[/m.test(content) || /^created-by\s*=/m.test(content)),
};
