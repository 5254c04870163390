// npm/pnpm-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { stripBom } from '../../../parsers/lines.js';
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of pnpmLockScanner: its identity and file checks, loaded with the registry. */
export const pnpmLockInfo: ScannerInfo = {
  id: 'npm/pnpm-lock',
  ecosystem: 'npm',
  kind: 'lockfile',
  group: 'npm',
  description: 'pnpm-lock.yaml: lockfile versions 5.x, 6.x and 9.x, with workspaces (importers)',
  matches(path: string): boolean {
    // A lockfile inside node_modules belongs to a published package, not to this project.
    return baseName(path) === 'pnpm-lock.yaml' && !path.split('/').includes('node_modules');
  },
  sniff(content: string): boolean {
    const head = stripBom(content.slice(0, 1024));
    const first = head.split(/\r?\n/).find((l) => l.trim() !== '' && !l.startsWith('#'));
    return first !== undefined && /^lockfileVersion: *['"]?\d+(?:\.\d+)?['"]? *$/.test(first);
  },
};
