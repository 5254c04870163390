// npm/bun-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of bunLockScanner: its identity and file checks, loaded with the registry. */
export const bunLockInfo: ScannerInfo = {
  id: 'npm/bun-lock',
  ecosystem: 'npm',
  kind: 'lockfile',
  group: 'npm',
  description: 'Bun bun.lock (text lockfile, lockfileVersion 0 and 1); bun.lockb must be converted first',
  matches(path: string): boolean {
    const name = baseName(path);
    return name === 'bun.lock' || name === 'bun.lockb';
  },
  sniff(content: string): boolean {
    if (content.startsWith('#!/usr/bin/env bun')) return true;
    const head = content.slice(0, 2048);
    return /^\uFEFF?\s*\{\s*"lockfileVersion"\s*:\s*[01]\s*,\s*(?:"configVersion"\s*:\s*\d+\s*,\s*)?"workspaces"\s*:/.test(head);
  },
};
