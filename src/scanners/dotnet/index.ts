// .NET (NuGet): packages.lock.json, packages.config and project files.
import type { Scanner } from '../types.js';
import { csprojScanner } from './csproj/index.js';
import { packagesConfigScanner } from './packages-config/index.js';
import { packagesLockJsonScanner } from './packages-lock-json/index.js';

/** The NuGet lockfile scanners, in sniffing order. */
export const dotnetLockfileScanners: Scanner[] = [packagesLockJsonScanner, packagesConfigScanner];
/** Project files (*.csproj, *.fsproj, *.vbproj), manifests. */
export const dotnetManifestScanners: Scanner[] = [csprojScanner];
