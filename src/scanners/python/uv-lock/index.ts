// uv's uv.lock (https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile): `version = 1`,
// then [[package]] tables with name, version, `source` (registry, git, path, directory,
// editable, virtual or url), `dependencies`, [package.optional-dependencies] (extras) and
// [package.dev-dependencies] (dependency groups). The project itself and its workspace members
// are packages with an editable or virtual source; they root the graph.
import { InputError } from '../../../model/errors.js';
import { normalizePypiName } from '../../../model/names.js';
import type { FoundPackage, Hash, PackageSource, Scope } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { parseToml } from '../../../parsers/toml.js';
import type { DeclaredProject } from '../../types.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { uvLockInfo } from './info.js';
import {
  EdgeSet,
  PackageSet,
  addNote,
  parseHash,
  pushHash,
  rejectBinary,
  str,
  tableAt,
} from '../common/helpers.js';
import { forEachPackageTable, pushFileHashes, resolveReference } from '../common/lock.js';

/** Scans uv's uv.lock (version 1): packages, sources, hashes, and the graph from the project's own entry. */
export const uvLockScanner: Scanner = {
  ...uvLockInfo,
  extract(content, ctx): ExtractResult {
    rejectBinary(content, ctx.path, 'uv.lock');
    const doc = parseToml(content, ctx.path);
    const version = doc['version'];
    if (version !== undefined && version !== 1) {
      throw new InputError(`unsupported uv.lock version ${JSON.stringify(version)}; supported: 1`, { file: ctx.path, line: 1 });
    }
    const list = doc['package'];
    if (list === undefined) return { packages: [] };
    if (!Array.isArray(list)) {
      throw new InputError('expected `package` to be an array of [[package]] tables', { file: ctx.path });
    }
    const warnings: Array<{ message: string; line?: number }> = [];

    const set = new PackageSet();
    let project: DeclaredProject | undefined;
    // The project's key is never a package key; its edges become `from: null`.
    const ROOT = '\u0000root';
    const entries: Array<{ key: string; entry: Record<string, unknown>; member: boolean }> = [];
    forEachPackageTable(list, content, 'package', warnings, ({ entry, rawName, version, line }) => {
      const name = normalizePypiName(rawName);
      const src = tableAt(entry, 'source');
      const local = src ? (str(src, 'editable') ?? str(src, 'virtual')) : undefined;
      if (local === '.' && project !== undefined) {
        // One directory holds one project: a second package at `.` is not a lockfile uv writes.
        throw new InputError(`packages ${JSON.stringify(project.name)} and ${JSON.stringify(rawName)} both have the project's own source "."`, {
          file: ctx.path,
          ...(line !== undefined ? { line } : {}),
        });
      }
      if (local === '.') {
        project = { name: rawName };
        if (version !== null) project.version = version;
        entries.push({ key: ROOT, entry, member: true });
        return;
      }
      const pkg: FoundPackage = { ecosystem: 'PyPI', name, version };
      if (line !== undefined) pkg.line = line;
      const source = src ? sourceOf(src) : undefined;
      if (source) pkg.source = source;
      if (version === null) addNote(pkg, 'uv.lock records no version for this package');
      const hashes: Hash[] = [];
      const sdist = tableAt(entry, 'sdist');
      if (sdist && typeof sdist['hash'] === 'string') pushHash(hashes, parseHash(sdist['hash']));
      pushFileHashes(hashes, entry['wheels']);
      if (hashes.length > 0) pkg.hashes = hashes;
      entries.push({ key: set.add(pkg), entry, member: local !== undefined });
    });

    const edges = new EdgeSet();
    const resolve = (dep: unknown): string[] => resolveReference(set, dep);
    // The graph: every package's dependencies, extras and groups, as uv resolved them.
    const byKey = new Map<string, Record<string, unknown>>();
    for (const { key, entry } of entries) {
      if (key !== ROOT) byKey.set(key, entry);
      const from = key === ROOT ? null : key;
      for (const deps of depLists(entry)) {
        for (const d of deps) for (const to of resolve(d)) if (to !== key) edges.add(from, to);
      }
    }
    // Scopes and direct: the project's and workspace members' own dependencies are direct;
    // what they pull in inherits their scope (runtime, then extras, then dependency groups).
    const seeds: Array<[Scope, unknown]> = [];
    const direct = new Set<string>();
    for (const { key, entry, member } of entries) {
      if (!member) continue;
      if (key !== ROOT) direct.add(key);
      const add = (deps: unknown, scope: Scope): void => {
        if (!Array.isArray(deps)) return;
        for (const d of deps) {
          seeds.push([scope, d]);
          for (const to of resolve(d)) if (to !== key) direct.add(to);
        }
      };
      add(entry['dependencies'], 'runtime');
      const extras = tableAt(entry, 'optional-dependencies');
      if (extras) for (const deps of Object.values(extras)) add(deps, 'optional');
      const groups = tableAt(entry, 'dev-dependencies');
      if (groups) for (const deps of Object.values(groups)) add(deps, 'dev');
      if (key !== ROOT) seeds.push(['runtime', { name: entry['name'], version: entry['version'] }]);
    }
    if (seeds.length > 0) {
      assignScopes(seeds, resolve, byKey, set.byKey);
      for (const [key, p] of set.byKey) {
        p.direct = direct.has(key);
        if (p.direct) edges.add(null, key);
      }
    }
    const result: ExtractResult = { packages: set.packages(), edges: edges.edges };
    if (project) result.project = project;
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};

/** A package's dependency arrays: `dependencies`, each extra's and each group's. */
function depLists(entry: Record<string, unknown>): unknown[][] {
  const out: unknown[][] = [];
  if (Array.isArray(entry['dependencies'])) out.push(entry['dependencies']);
  for (const t of ['optional-dependencies', 'dev-dependencies']) {
    const table = tableAt(entry, t);
    if (table) for (const v of Object.values(table)) if (Array.isArray(v)) out.push(v);
  }
  return out;
}

/**
 * Walks the graph from the seeds, strongest scope first, giving each package the first scope
 * that reaches it. A dependency entry with `extra = ["x"]` also pulls in that package's
 * `optional-dependencies.x`; extras nobody asks for are not followed.
 */
function assignScopes(
  seeds: ReadonlyArray<[Scope, unknown]>,
  resolve: (dep: unknown) => string[],
  entries: ReadonlyMap<string, Record<string, unknown>>,
  packages: ReadonlyMap<string, FoundPackage>,
): void {
  const assigned = new Set<string>();
  const activated = new Set<string>();
  for (const scope of ['runtime', 'optional', 'dev'] as const) {
    const queue: unknown[] = seeds.filter(([s]) => s === scope).map(([, d]) => d);
    for (let i = 0; i < queue.length; i++) {
      const dep = queue[i];
      const wanted = isObject(dep) && Array.isArray(dep['extra']) ? dep['extra'] : [];
      for (const key of resolve(dep)) {
        const entry = entries.get(key);
        if (!assigned.has(key)) {
          assigned.add(key);
          const p = packages.get(key);
          if (p) p.scope = scope;
          if (entry && Array.isArray(entry['dependencies'])) queue.push(...entry['dependencies']);
        }
        for (const extra of wanted) {
          const id = `${key}\u0000${String(extra)}`;
          if (activated.has(id) || typeof extra !== 'string') continue;
          activated.add(id);
          const deps = tableAt(entry, 'optional-dependencies')?.[extra];
          if (Array.isArray(deps)) queue.push(...deps);
        }
      }
    }
  }
}

/** The package's origin; a registry other than the default index is kept as a `registry` source. */
function sourceOf(src: Record<string, unknown>): PackageSource | undefined {
  const git = str(src, 'git');
  if (git !== undefined) {
    // `https://host/repo?rev=v1#<commit>`: the fragment is the locked commit.
    const hashAt = git.indexOf('#');
    const base = hashAt === -1 ? git : git.slice(0, hashAt);
    const q = base.indexOf('?');
    const out: PackageSource = { kind: 'git', url: q === -1 ? base : base.slice(0, q) };
    const commit = hashAt === -1 ? undefined : git.slice(hashAt + 1);
    const rev = q === -1 ? undefined : /(?:^|&)(?:rev|tag|branch)=([^&]+)/.exec(base.slice(q + 1))?.[1];
    const ref = commit || rev;
    if (ref) out.ref = ref;
    return out;
  }
  const url = str(src, 'url');
  if (url !== undefined) return { kind: 'url', url };
  for (const k of ['path', 'directory']) {
    const p = str(src, k);
    if (p !== undefined) return { kind: 'file', url: p };
  }
  for (const k of ['editable', 'virtual']) {
    const p = str(src, k);
    if (p !== undefined) return { kind: 'workspace', url: p };
  }
  const registry = str(src, 'registry');
  if (registry !== undefined && !/^https:\/\/pypi\.org\/simple\/?$/.test(registry)) return { kind: 'registry', url: registry };
  return undefined;
}
