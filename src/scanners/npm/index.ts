// npm: lockfiles of npm, Yarn, pnpm and Bun, and package.json alone.
import type { Scanner } from '../types.js';
import { bunLockScanner } from './bun-lock/index.js';
import { packageJsonScanner } from './package-json/index.js';
import { packageLockScanner } from './package-lock/index.js';
import { pnpmLockScanner } from './pnpm-lock/index.js';
import { yarnLockScanner } from './yarn-lock/index.js';

/** The npm lockfile scanners, in sniffing order. */
export const npmLockfileScanners: Scanner[] = [packageLockScanner, bunLockScanner, pnpmLockScanner, yarnLockScanner];
/** The npm manifest scanner. */
export const npmManifestScanners: Scanner[] = [packageJsonScanner];
