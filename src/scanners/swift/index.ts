// Swift and CocoaPods: Package.resolved and Podfile.lock.
import type { Scanner } from '../types.js';
import { packageResolvedScanner } from './package-resolved/index.js';
import { podfileLockScanner } from './podfile-lock/index.js';

/** The Swift and CocoaPods scanners, in sniffing order. */
export const swiftScanners: Scanner[] = [packageResolvedScanner, podfileLockScanner];
