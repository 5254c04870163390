// npm/package-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of packageLockScanner: its identity and file checks, loaded with the registry. */
export const packageLockInfo: ScannerInfo = {
  id: 'npm/package-lock',
  ecosystem: 'npm',
  kind: 'lockfile',
  group: 'npm',
  description: 'npm package-lock.json and npm-shrinkwrap.json (lockfileVersion 1, 2 and 3)',
  matches(path: string): boolean {
    const name = baseName(path);
    return name === 'package-lock.json' || name === 'npm-shrinkwrap.json';
  },
  sniff(content: string): boolean {
    const head = content.slice(0, 4096);
    if (!/^\uFEFF?\s*\{/.test(head)) return false;
    if (!/"lockfileVersion"\s*:/.test(head)) {
      // npm 4 and older wrote shrinkwraps without lockfileVersion: nested `dependencies`
      // whose entries are objects with a `version`.
      return /"dependencies"\s*:\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s*\{\s*"version"\s*:/.test(head);
    }
    if (!/"lockfileVersion"\s*:\s*[123]\s*[,}\s]/.test(head)) return false;
    // bun.lock shares lockfileVersion/packages but opens with a `workspaces` map.
    if (/"workspaces"\s*:\s*\{\s*""/.test(head) && !/"packages"\s*:\s*\{\s*""\s*:/.test(head)) return false;
    return /"requires"\s*:/.test(head) || /"packages"\s*:\s*\{/.test(head) || /"dependencies"\s*:\s*\{/.test(head);
  },
};
