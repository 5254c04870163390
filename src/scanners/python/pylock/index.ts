// PEP 751 lock files, pylock.toml and pylock.<name>.toml
// (https://packaging.python.org/en/latest/specifications/pylock-toml/): `lock-version`, then
// [[packages]] with name, version, and exactly one origin: `vcs`, `directory`, `archive`, or an
// index's `sdist`/`wheels`. A package's `dependencies` identify other [[packages]] entries.
import { InputError } from '../../../model/errors.js';
import { normalizePypiName } from '../../../model/names.js';
import type { FoundPackage, Hash, PackageSource } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { parseToml } from '../../../parsers/toml.js';
import type { DeclaredProject } from '../../types.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { pylockInfo } from './info.js';
import {
  EdgeSet,
  PackageSet,
  addNote,
  hashFrom,
  pushHash,
  rejectBinary,
  str,
  tableAt,
} from '../common/helpers.js';
import { forEachPackageTable, resolveReference } from '../common/lock.js';
import { checkLockVersion } from '../common/lock.js';

/** Scans PEP 751 pylock.toml files (lock-version 1.x). */
export const pylockScanner: Scanner = {
  ...pylockInfo,
  extract(content, ctx): ExtractResult {
    rejectBinary(content, ctx.path, 'pylock.toml');
    const doc = parseToml(content, ctx.path);
    const warnings: Array<{ message: string; line?: number }> = [];
    const lockVersion = doc['lock-version'];
    // Tools must refuse a major version they do not know (PEP 751, `lock-version`).
    checkLockVersion(lockVersion, [1], 'pylock lock-version', ctx.path);
    const list = doc['packages'];
    if (list === undefined) return { packages: [] };
    if (!Array.isArray(list)) throw new InputError('expected `packages` to be an array of tables', { file: ctx.path });
    if (lockVersion === undefined) warnings.push({ message: 'no lock-version; read as pylock 1.0' });

    const set = new PackageSet();
    let project: DeclaredProject | undefined;
    const deps: Array<[string, unknown]> = [];
    forEachPackageTable(list, content, 'packages', warnings, ({ entry, rawName, version, line }) => {
      const dir = tableAt(entry, 'directory');
      // The project being locked may list itself as a versionless directory package at `.`.
      if (version === null && dir && str(dir, 'path') === '.' && project === undefined) {
        project = { name: rawName };
        return;
      }
      const pkg: FoundPackage = { ecosystem: 'PyPI', name: normalizePypiName(rawName), version };
      if (line !== undefined) pkg.line = line;
      const source = sourceOf(entry);
      if (source) pkg.source = source;
      if (version === null) addNote(pkg, 'pylock records no version for this package');
      const marker = str(entry, 'marker');
      if (marker !== undefined) addNote(pkg, `environment marker: ${marker}`);
      const hashes: Hash[] = [];
      const collect = (t: unknown): void => {
        if (!isObject(t)) return;
        const hs = tableAt(t, 'hashes');
        if (hs) for (const [alg, v] of Object.entries(hs)) pushHash(hashes, hashFrom(alg, v));
      };
      collect(entry['archive']);
      collect(entry['sdist']);
      const wheels = entry['wheels'];
      if (Array.isArray(wheels)) wheels.forEach(collect);
      if (hashes.length > 0) pkg.hashes = hashes;
      const key = set.add(pkg);
      if (entry['dependencies'] !== undefined) deps.push([key, entry['dependencies']]);
    });

    const edges = new EdgeSet();
    for (const [from, list2] of deps) {
      if (!Array.isArray(list2)) continue;
      for (const d of list2) for (const to of resolveReference(set, d)) if (to !== from) edges.add(from, to);
    }
    const result: ExtractResult = { packages: set.packages(), edges: edges.edges };
    if (project) result.project = project;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};

function sourceOf(entry: Record<string, unknown>): PackageSource | undefined {
  const vcs = tableAt(entry, 'vcs');
  if (vcs) {
    const type = str(vcs, 'type') ?? 'git';
    const out: PackageSource = { kind: type === 'git' ? 'git' : 'url' };
    const url = str(vcs, 'url') ?? str(vcs, 'path');
    if (url !== undefined) out.url = url;
    const ref = str(vcs, 'commit-id') ?? str(vcs, 'requested-revision');
    if (ref !== undefined) out.ref = ref;
    return out;
  }
  const dir = tableAt(entry, 'directory');
  if (dir) {
    const p = str(dir, 'path');
    return p !== undefined ? { kind: 'file', url: p } : { kind: 'file' };
  }
  const archive = tableAt(entry, 'archive');
  if (archive) {
    const url = str(archive, 'url');
    if (url !== undefined) return { kind: 'url', url };
    const p = str(archive, 'path');
    return p !== undefined ? { kind: 'file', url: p } : { kind: 'url' };
  }
  const index = str(entry, 'index');
  if (index !== undefined && !/^https:\/\/pypi\.org\/simple\/?$/.test(index)) return { kind: 'registry', url: index };
  return undefined;
}
