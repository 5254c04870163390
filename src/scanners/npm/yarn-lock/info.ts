// npm/yarn-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { stripBom } from '../../../parsers/lines.js';
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of yarnLockScanner: its identity and file checks, loaded with the registry. */
export const yarnLockInfo: ScannerInfo = {
  id: 'npm/yarn-lock',
  ecosystem: 'npm',
  kind: 'lockfile',
  group: 'npm',
  description: 'yarn.lock: Yarn classic (v1) and Yarn berry (2+, __metadata versions 4-8), with workspaces',
  matches(path: string): boolean {
    // A yarn.lock inside node_modules belongs to a published package, not to this project.
    return baseName(path) === 'yarn.lock' && !path.split('/').includes('node_modules');
  },
  sniff(content: string): boolean {
    const head = stripBom(content.slice(0, 2048));
    return /^# yarn lockfile v1[ \t]*\r?$/m.test(head) || /^__metadata:[ \t]*\r?\n {2}(?:version|cacheKey):/m.test(head);
  },
};
