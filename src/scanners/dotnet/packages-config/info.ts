// dotnet/packages-config: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** An optional XML declaration and comments, then the `<packages>` root. */
const SNIFF = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<packages(?:\s[^>]*)?\/?>/;

/** The cheap part of packagesConfigScanner: its identity and file checks, loaded with the registry. */
export const packagesConfigInfo: ScannerInfo = {
  id: 'dotnet/packages-config',
  ecosystem: 'NuGet',
  kind: 'lockfile',
  group: 'nuget-config',
  description: 'NuGet packages.config (the XML list of installed packages)',
  matches: (path) => baseName(path) === 'packages.config',
  sniff: (content) => SNIFF.test(content.slice(0, 4096)),
};
