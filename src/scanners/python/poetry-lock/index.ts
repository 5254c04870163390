// Poetry's poetry.lock: one [[package]] table per locked distribution
// (https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock). lock-version 1.x
// records `category = "main" | "dev"` and hashes under [metadata.files]; 2.x records
// `groups = [...]` and a `files` array per package.
import { InputError } from '../../../model/errors.js';
import { normalizePypiName } from '../../../model/names.js';
import type { FoundPackage, Hash, PackageSource, Scope } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { parseToml } from '../../../parsers/toml.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { poetryLockInfo } from './info.js';
import {
  EdgeSet,
  PackageSet,
  addNote,
  rejectBinary,
  str,
  tableAt,
} from '../common/helpers.js';
import { forEachPackageTable, linkByName, pushFileHashes, resultWithPyproject } from '../common/lock.js';
import { siblingPyproject } from '../common/pyproject-deps.js';
import { checkLockVersion } from '../common/lock.js';

/** Scans Poetry's poetry.lock (lock-version 1.x and 2.x), with direct dependencies from the sibling pyproject.toml. */
export const poetryLockScanner: Scanner = {
  ...poetryLockInfo,
  extract(content, ctx): ExtractResult {
    rejectBinary(content, ctx.path, 'poetry.lock');
    const doc = parseToml(content, ctx.path);
    const warnings: Array<{ message: string; line?: number }> = [];
    const metadata = tableAt(doc, 'metadata');
    checkLockVersion(metadata ? metadata['lock-version'] : undefined, [1, 2], 'poetry.lock lock-version', ctx.path);
    const list = doc['package'];
    if (list === undefined) return { packages: [] };
    if (!Array.isArray(list)) {
      throw new InputError('expected `package` to be an array of [[package]] tables', { file: ctx.path });
    }
    const legacyFiles = tableAt(metadata, 'files');
    const legacyByName = new Map<string, unknown>();
    if (legacyFiles) for (const [k, v] of Object.entries(legacyFiles)) legacyByName.set(normalizePypiName(k), v);

    const set = new PackageSet();
    const deps: Array<[string, string[]]> = [];
    forEachPackageTable(list, content, 'package', warnings, ({ entry, rawName, version, line }) => {
      const name = normalizePypiName(rawName);
      const pkg: FoundPackage = { ecosystem: 'PyPI', name, version, scope: scopeOf(entry) };
      if (line !== undefined) pkg.line = line;
      if (version === null) addNote(pkg, 'poetry.lock records no version for this package');
      const source = sourceOf(entry);
      if (source) pkg.source = source;
      const hashes: Hash[] = [];
      pushFileHashes(hashes, entry['files'] ?? (version !== null ? legacyFilesFor(legacyByName.get(name), version) : undefined));
      if (hashes.length > 0) pkg.hashes = hashes;
      const key = set.add(pkg);
      const d = tableAt(entry, 'dependencies');
      if (d) deps.push([key, Object.keys(d).map(normalizePypiName)]);
    });

    const edges = new EdgeSet();
    linkByName(set, edges, deps);
    return resultWithPyproject(set, edges, siblingPyproject(ctx, warnings), warnings);
  },
};

/**
 * `optional = true` marks a package only an extra pulls in. In lock-version 2.x a package
 * outside the `main` group belongs only to dependency groups (dev, test, docs...); in 1.x
 * `category = "dev"` says the same.
 */
function scopeOf(entry: Record<string, unknown>): Scope {
  if (entry['optional'] === true) return 'optional';
  const groups = entry['groups'];
  if (Array.isArray(groups) && groups.length > 0) return groups.includes('main') ? 'runtime' : 'dev';
  return entry['category'] === 'dev' ? 'dev' : 'runtime';
}

/** The package's [package.source]: git, url, directory, file, or a legacy (private) index. */
function sourceOf(entry: Record<string, unknown>): PackageSource | undefined {
  const src = tableAt(entry, 'source');
  if (!src) return undefined;
  const type = str(src, 'type');
  const url = str(src, 'url');
  switch (type) {
    case 'git': {
      const out: PackageSource = { kind: 'git' };
      if (url !== undefined) out.url = url;
      const ref = str(src, 'resolved_reference') ?? str(src, 'reference');
      if (ref !== undefined && ref !== '') out.ref = ref;
      return out;
    }
    case 'directory':
    case 'file':
      return url !== undefined ? { kind: 'file', url } : { kind: 'file' };
    case 'url':
      return url !== undefined ? { kind: 'url', url } : { kind: 'url' };
    case 'legacy':
      return url !== undefined ? { kind: 'registry', url } : { kind: 'registry' };
    default:
      return undefined;
  }
}

/** lock-version 1.x lists files per name for every locked version; keep this version's. */
function legacyFilesFor(files: unknown, version: string): unknown[] | undefined {
  if (!Array.isArray(files)) return undefined;
  return files.filter((f) => isObject(f) && typeof f['file'] === 'string' && f['file'].includes(`-${version}`));
}
