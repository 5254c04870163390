// swift/podfile-lock: what the registry knows without loading the scanner (identity, path and content checks).
import { stripBom } from '../../../parsers/lines.js';
import { baseName, type ScannerInfo } from '../../types.js';

/** Every Podfile.lock starts with its PODS section. */
const SNIFF = /^PODS:[ \t]*\r?\n/;

/** The cheap part of podfileLockScanner: its identity and file checks, loaded with the registry. */
export const podfileLockInfo: ScannerInfo = {
  id: 'swift/podfile-lock',
  ecosystem: 'CocoaPods',
  kind: 'lockfile',
  group: 'cocoapods',
  description: 'CocoaPods Podfile.lock',
  matches: (path) => baseName(path) === 'Podfile.lock',
  sniff: (content) => SNIFF.test(stripBom(content.slice(0, 64))),
};
