// dotnet/csproj: what the registry knows without loading the scanner (identity, path and content checks).
import { baseName, type ScannerInfo } from '../../types.js';

/** Project file extensions of C#, F# and Visual Basic, which all use PackageReference the same way. */
export const PROJECT_FILE = /\.(?:cs|fs|vb)proj$/i;

/** An optional XML declaration and comments, then an MSBuild `<Project>` root with an SDK or the MSBuild namespace. */
const SNIFF =
  /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<Project\b[^>]*(?:\bSdk\s*=|xmlns\s*=\s*["']http:\/\/schemas\.microsoft\.com\/developer\/msbuild\/2003)/;

/** The cheap part of csprojScanner: its identity and file checks, loaded with the registry. */
export const csprojInfo: ScannerInfo = {
  id: 'dotnet/csproj',
  ecosystem: 'NuGet',
  kind: 'manifest',
  group: 'nuget',
  description: 'MSBuild project files (.csproj, .fsproj, .vbproj): PackageReference items, with central package versions',
  matches: (path) => PROJECT_FILE.test(baseName(path)),
  sniff: (content) => {
    const head = content.slice(0, 8192);
    return SNIFF.test(head) && head.includes('<PackageReference');
  },
};
