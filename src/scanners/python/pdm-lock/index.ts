// PDM's pdm.lock (https://pdm-project.org/latest/usage/lockfile/): [[package]] tables with
// name, version, `groups` (lock_version 4.4+), PEP 508 `dependencies` strings, `files` hashes,
// and `git`/`revision`, `path`, `url` for non-registry packages. Older lock files (3.x, 4.0-4.3)
// keep hashes under [metadata.files] keyed by "name version".
import { InputError } from '../../../model/errors.js';
import { normalizePypiName } from '../../../model/names.js';
import type { FoundPackage, Hash, PackageSource, Scope } from '../../../model/package.js';
import { parseToml } from '../../../parsers/toml.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { pdmLockInfo } from './info.js';
import {
  EdgeSet,
  PackageSet,
  addNote,
  rejectBinary,
  str,
  tableAt,
} from '../common/helpers.js';
import { forEachPackageTable, linkByName, pushFileHashes, resultWithPyproject } from '../common/lock.js';
import { parseRequirement } from '../common/pep508.js';
import { siblingPyproject } from '../common/pyproject-deps.js';
import { checkLockVersion } from '../common/lock.js';

/** Scans PDM's pdm.lock (lock_version 3.x and 4.x), with direct dependencies from the sibling pyproject.toml. */
export const pdmLockScanner: Scanner = {
  ...pdmLockInfo,
  extract(content, ctx): ExtractResult {
    rejectBinary(content, ctx.path, 'pdm.lock');
    const doc = parseToml(content, ctx.path);
    const warnings: Array<{ message: string; line?: number }> = [];
    const metadata = tableAt(doc, 'metadata');
    checkLockVersion(metadata ? metadata['lock_version'] : undefined, [3, 4], 'pdm.lock lock_version', ctx.path);
    const list = doc['package'];
    if (list === undefined) return { packages: [] };
    if (!Array.isArray(list)) {
      throw new InputError('expected `package` to be an array of [[package]] tables', { file: ctx.path });
    }
    const pyproject = siblingPyproject(ctx, warnings);
    const legacyFiles = tableAt(metadata, 'files');

    const set = new PackageSet();
    const deps: Array<[string, string[]]> = [];
    forEachPackageTable(list, content, 'package', warnings, ({ entry, rawName, version, line }) => {
      const pkg: FoundPackage = { ecosystem: 'PyPI', name: normalizePypiName(rawName), version };
      const scope = scopeOf(entry, pyproject?.devGroups);
      if (scope !== undefined) pkg.scope = scope;
      if (line !== undefined) pkg.line = line;
      const source = sourceOf(entry);
      if (source) pkg.source = source;
      if (version === null) addNote(pkg, 'pdm.lock records no version for this package');
      const hashes: Hash[] = [];
      pushFileHashes(hashes, entry['files'] ?? (legacyFiles && version !== null ? legacyFiles[`${rawName} ${version}`] : undefined));
      if (hashes.length > 0) pkg.hashes = hashes;
      const key = set.add(pkg);
      const d = entry['dependencies'];
      if (Array.isArray(d)) {
        const names: string[] = [];
        for (const r of d) {
          const req = typeof r === 'string' ? parseRequirement(r) : undefined;
          if (req) names.push(req.name);
          else warnings.push({ message: `${rawName}: dependency ${JSON.stringify(r)} is not a PEP 508 requirement`, line });
        }
        deps.push([key, names]);
      }
    });

    const edges = new EdgeSet();
    linkByName(set, edges, deps);
    return resultWithPyproject(set, edges, pyproject, warnings);
  },
};

/**
 * `default` is the runtime group. Other groups are either development groups (declared in
 * [tool.pdm.dev-dependencies] or [dependency-groups] of pyproject.toml; `dev` when it is not
 * there to ask) or extras ([project.optional-dependencies]). Lock files without `groups`
 * do not say.
 */
function scopeOf(entry: Record<string, unknown>, devGroups: ReadonlySet<string> | undefined): Scope | undefined {
  const groups = entry['groups'];
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  if (groups.includes('default')) return 'runtime';
  const isDev = (g: unknown): boolean => typeof g === 'string' && (g === 'dev' || devGroups?.has(g) === true);
  return groups.some((g) => !isDev(g)) ? 'optional' : 'dev';
}

function sourceOf(entry: Record<string, unknown>): PackageSource | undefined {
  for (const vcs of ['git', 'hg', 'svn', 'bzr']) {
    const url = str(entry, vcs);
    if (url === undefined) continue;
    const src: PackageSource = { kind: vcs === 'git' ? 'git' : 'url', url };
    const ref = str(entry, 'revision') ?? str(entry, 'ref');
    if (ref !== undefined) src.ref = ref;
    return src;
  }
  const path = str(entry, 'path');
  if (path !== undefined) return { kind: 'file', url: path };
  const url = str(entry, 'url');
  if (url !== undefined) return /^file:/i.test(url) ? { kind: 'file', url } : { kind: 'url', url };
  return undefined;
}
