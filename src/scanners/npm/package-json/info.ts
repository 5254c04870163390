// npm/package-json: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of packageJsonScanner: its identity and file checks, loaded with the registry. */
export const packageJsonInfo: ScannerInfo = {
  id: 'npm/package-json',
  ecosystem: 'npm',
  kind: 'manifest',
  group: 'npm',
  description: 'npm package.json (declared dependency ranges, unresolved)',
  matches(path: string): boolean {
    return baseName(path) === 'package.json';
  },
  sniff(content: string): boolean {
    const head = content.slice(0, 16384);
    if (!/^\uFEFF?\s*\{/.test(head)) return false;
    // Lockfiles (npm, bun) and composer.json share some keys; none of them is a package.json.
    if (/"lockfileVersion"\s*:/.test(head) || /"require(?:-dev)?"\s*:\s*\{/.test(head)) return false;
    // A manifest's first dependency map holds range strings; lockfiles (npm v1, NuGet's
    // packages.lock.json) put objects there (their nested maps hold strings, so only the first counts).
    const deps = /"(?:dev|peer|optional)?[dD]ependencies"\s*:\s*\{\s*/.exec(head);
    if (!deps) return false;
    const after = head.slice(deps.index + deps[0].length);
    return /^(?:\}|"(?:[^"\\]|\\.)*"\s*:\s*")/.test(after) && /"(?:name|version|scripts|main|private|type|engines)"\s*:/.test(head);
  },
};
