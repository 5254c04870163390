// java/pom-xml: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** The cheap part of pomXmlScanner: its identity and file checks, loaded with the registry. */
export const pomXmlInfo: ScannerInfo = {
  id: 'java/pom-xml',
  ecosystem: 'Maven',
  kind: 'manifest',
  group: 'maven',
  description: 'Maven pom.xml and *.pom (POM 4.0.0): dependencies, local parent chain, properties, dependencyManagement',
  matches(path: string): boolean {
    const base = baseName(path);
    return base === 'pom.xml' || (base.endsWith('.pom') && base.length > 4);
  },
  sniff(content: string): boolean {
    const head = content.slice(0, 4096);
    return /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<project[\s>]/.test(head) &&
      /<(?:modelVersion|artifactId)>/.test(head);
  },
};
