// cpp/conan-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of conanLockScanner: its identity and file checks, loaded with the registry. */
export const conanLockInfo: ScannerInfo = {
  id: 'cpp/conan-lock',
  ecosystem: 'ConanCenter',
  kind: 'lockfile',
  group: 'conan',
  description: 'conan.lock (Conan 1 graph lockfiles 0.1–0.4, Conan 2 lockfiles 0.5)',
  matches(path: string): boolean {
    return baseName(path) === 'conan.lock';
  },
  sniff(content: string): boolean {
    const head = content.slice(0, 2048);
    if (!/^\uFEFF?\s*\{/.test(head)) return false;
    if (/"graph_lock"\s*:/.test(head) && /"nodes"\s*:/.test(head)) return true;
    return /"version"\s*:\s*"0\.5"/.test(head) && /"(?:build_|python_)?requires"\s*:\s*\[/.test(head);
  },
};
