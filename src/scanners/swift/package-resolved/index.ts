import { InputError } from '../../../model/errors.js';
import type { FoundPackage, PackageSource } from '../../../model/package.js';
import { isObject, parseJsonObject } from '../../../parsers/json.js';
import { LineIndex, stripBom } from '../../../parsers/lines.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { packageResolvedInfo } from './info.js';

/** Versions of the Package.resolved format SwiftPM has written: 1 (Swift < 5.6), 2, and 3 (adds originHash). */
const SUPPORTED_VERSIONS = [1, 2, 3];


/**
 * Turns a repository URL into a SwiftURL package name, as OSV and osv-scalibr name them: the
 * host and path without scheme, credentials or `.git` (`https://github.com/apple/swift-nio.git`
 * -> `github.com/apple/swift-nio`). scp-style `git@host:path` URLs become `host/path`.
 */
export function swiftUrlName(location: string): string {
  let loc = location.trim();
  const scp = /^[^/@:]+@([^/:]+):(?!\/)(.*)$/.exec(loc);
  if (scp) loc = `${scp[1]}/${scp[2]}`;
  else {
    loc = loc.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    loc = loc.replace(/^[^/@]*@/, '');
  }
  return loc.replace(/\/+$/, '').replace(/\.git$/i, '');
}

interface Pin {
  identity: string;
  location: string;
  kind: string | undefined;
  version: string | undefined;
  revision: string | undefined;
  branch: string | undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function readPins(doc: Record<string, unknown>, version: number, file: string): Pin[] {
  const base = version === 1 ? '/object/pins' : '/pins';
  const holder = version === 1 ? doc.object : doc;
  if (version === 1 && !isObject(holder)) throw new InputError('"object" must be an object holding "pins"', { file, pointer: '/object' });
  const raw = isObject(holder) ? holder.pins : undefined;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new InputError('"pins" must be an array', { file, pointer: base });
  return raw.map((p, i) => {
    if (!isObject(p)) throw new InputError('each pin must be an object', { file, pointer: `${base}/${i}` });
    const state = isObject(p.state) ? p.state : {};
    return {
      identity: str(version === 1 ? p.package : p.identity) ?? '',
      location: str(version === 1 ? p.repositoryURL : p.location) ?? '',
      kind: str(p.kind),
      version: str(state.version),
      revision: str(state.revision),
      branch: str(state.branch),
    };
  });
}

/**
 * Scans a Swift Package Manager `Package.resolved` (versions 1, 2 and 3). Packages are named by
 * repository URL (OSV's SwiftURL ecosystem); a pin on a branch or bare revision has no version
 * and is reported with a null version and its git source, as osv-scalibr reports it without one.
 */
export const packageResolvedScanner: Scanner = {
  ...packageResolvedInfo,
  extract(content, ctx): ExtractResult {
    const file = ctx.path;
    const text = stripBom(content);
    const doc = parseJsonObject(text, file);
    let version = doc.version;
    // A file without a version is read by its shape; any stated version must be one we know.
    if (version === undefined) version = isObject(doc.object) ? 1 : 2;
    if (typeof version !== 'number' || !SUPPORTED_VERSIONS.includes(version)) {
      throw new InputError(
        `unsupported Package.resolved version ${JSON.stringify(version)}; supported versions are ${SUPPORTED_VERSIONS.join(', ')}`,
        { file, pointer: '/version' },
      );
    }
    const pins = readPins(doc, version, file);

    const lines = new LineIndex(text);
    const warnings: NonNullable<ExtractResult['warnings']> = [];
    const found = new Map<string, FoundPackage>();
    let cursor = 0;
    const idKey = version === 1 ? '"package"' : '"identity"';
    for (const pin of pins) {
      // Each pin has one identity key, in order; find the next one whose value is this pin's.
      let line: number | undefined;
      if (pin.identity !== '') {
        const at = text.indexOf(JSON.stringify(pin.identity), text.indexOf(idKey, cursor));
        if (at !== -1) {
          line = lines.lineAt(at);
          cursor = at + 1;
        }
      }
      const where = line !== undefined ? { line } : {};
      const name = pin.location !== '' && pin.kind !== 'registry' ? swiftUrlName(pin.location) : pin.identity;
      if (name === '') {
        warnings.push({ message: 'skipped a pin with neither location nor identity', ...where });
        continue;
      }
      const key = `${name}@${pin.version ?? pin.revision ?? pin.branch ?? ''}`;
      if (found.has(key)) continue;
      const pkg: FoundPackage = { ecosystem: 'SwiftURL', name, version: pin.version ?? null, scope: 'runtime', key, ...where };
      if (pin.kind === 'localSourceControl' || pin.kind === 'fileSystem' || pin.location.startsWith('/')) {
        pkg.source = { kind: 'file', url: pin.location };
      } else if (pin.version === undefined) {
        const source: PackageSource = { kind: 'git', url: pin.location };
        if (pin.revision ?? pin.branch) source.ref = (pin.revision ?? pin.branch) as string;
        pkg.source = source;
        pkg.notes = [pin.branch ? `pinned to branch ${pin.branch}, no version` : 'pinned to a revision, no version'];
      }
      found.set(key, pkg);
    }

    const result: ExtractResult = { packages: [...found.values()] };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};
