// java/gradle-verification-metadata: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of gradleVerificationMetadataScanner: its identity and file checks, loaded with the registry. */
export const gradleVerificationMetadataInfo: ScannerInfo = {
  id: 'java/gradle-verification-metadata',
  ecosystem: 'Maven',
  kind: 'lockfile',
  group: 'gradle-verification',
  description: 'Gradle dependency verification metadata (gradle/verification-metadata.xml, schema 1.0 to 1.3)',
  matches(path: string): boolean {
    if (baseName(path) !== 'verification-metadata.xml') return false;
    const parts = path.split('/');
    return parts.length >= 2 && parts[parts.length - 2] === 'gradle';
  },
  sniff(content: string): boolean {
    return /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<verification-metadata[\s>]/.test(content.slice(0, 4096));
  },
};
