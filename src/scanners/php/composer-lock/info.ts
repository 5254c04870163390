// php/composer-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of composerLockScanner: its identity and file checks, loaded with the registry. */
export const composerLockInfo: ScannerInfo = {
  id: 'php/composer-lock',
  ecosystem: 'Packagist',
  kind: 'lockfile',
  group: 'composer',
  description: 'composer.lock (PHP Composer 1.x and 2.x)',
  matches(path: string): boolean {
    return baseName(path) === 'composer.lock';
  },
  sniff(content: string): boolean {
    const head = content.slice(0, 2048);
    return /^\uFEFF?\s*\{/.test(head) && (/"This file locks the dependencies of your project/.test(head) || /"content-hash"\s*:/.test(head));
  },
};
