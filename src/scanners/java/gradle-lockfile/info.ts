// java/gradle-lockfile: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

const FILE_NAMES = new Set(['gradle.lockfile', 'buildscript-gradle.lockfile']);

/** The cheap part of gradleLockfileScanner: its identity and file checks, loaded with the registry. */
export const gradleLockfileInfo: ScannerInfo = {
  id: 'java/gradle-lockfile',
  ecosystem: 'Maven',
  kind: 'lockfile',
  group: 'gradle',
  description: 'Gradle dependency lock state: gradle.lockfile and buildscript-gradle.lockfile',
  matches(path: string): boolean {
    return FILE_NAMES.has(baseName(path));
  },
  fallback(path: string): boolean {
    return /\.lockfile$/.test(path);
  },
  sniff(content: string): boolean {
    // Gradle writes this exact header; a bare list of coordinates is too ambiguous to claim.
    return /^(?:\uFEFF)?# This is a Gradle generated file for dependency locking\./.test(content);
  },
};
