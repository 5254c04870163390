// npm/pnpm-lock: pnpm-lock.yaml (lockfile versions 5.x, 6.x and 9.x) into packages and the dependency graph.
import { InputError, type FoundPackage, type Hash, type PackageSource, type Scope } from '../../../model/index.js';
import { isObject } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import { stripBom } from '../../../parsers/lines.js';
import { parseLockfileYaml } from '../shared/lockfile-yaml.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { EdgeList } from '../shared/collect.js';
import { integrityToHashes } from '../shared/integrity.js';
import { joinRelative, KIND_SCOPE, type DependencyKind } from '../shared/manifest.js';
import { propagateScopes } from '../shared/scopes.js';
import { withoutCredentials } from '../../../model/url.js';
import { sourceFromLocator } from '../shared/source.js';
import { sectionKeyLines } from './lines.js';
import { candidateKeys, parsePnpmKey, stripPeerSuffix, type KeyLayout } from './keys.js';
import { pnpmLockInfo } from './info.js';

type Warning = { message: string; line?: number };

const SUPPORTED = 'supported are 5.x (and the older 3.x/4.x), 6.x and 9.x';

/** Importer sections and the kind of dependency each declares. */
const IMPORTER_SECTIONS: ReadonlyArray<[string, DependencyKind]> = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

function layoutFor(version: unknown, file: string): KeyLayout {
  const major = Math.floor(Number.parseFloat(String(version)));
  if (typeof version !== 'string' && typeof version !== 'number') {
    throw new InputError(`unsupported pnpm lockfileVersion ${JSON.stringify(version)}: ${SUPPORTED}`, { file, line: 1 });
  }
  if (major >= 3 && major <= 5) return 'v5';
  if (major === 6) return 'v6';
  // 7.0 was written by pre-releases of pnpm 9 with the 9.0 layout.
  if (major >= 7 && major <= 9) return 'v9';
  throw new InputError(`unsupported pnpm lockfileVersion ${JSON.stringify(version)}: ${SUPPORTED}`, { file, line: 1 });
}

/** Reads a `resolution` mapping: where the package comes from and its integrity hashes. */
function readResolution(res: unknown, key: string): { source?: PackageSource; hashes?: Hash[] } {
  const out: { source?: PackageSource; hashes?: Hash[] } = {};
  if (isObject(res)) {
    if (typeof res.integrity === 'string') {
      const hashes = integrityToHashes(res.integrity);
      if (hashes.length > 0) out.hashes = hashes;
    }
    if (typeof res.repo === 'string' || res.type === 'git') {
      const source: PackageSource = { kind: 'git' };
      if (typeof res.repo === 'string') source.url = withoutCredentials(res.repo);
      if (typeof res.commit === 'string') source.ref = res.commit;
      out.source = source;
    } else if (res.type === 'directory' && typeof res.directory === 'string') {
      out.source = { kind: 'file', url: res.directory };
    } else if (typeof res.tarball === 'string') {
      const s = sourceFromLocator(res.tarball);
      if (s) out.source = s;
    }
  }
  if (!out.source && key.startsWith('file:')) out.source = { kind: 'file', url: key.slice(5) };
  return out;
}

/** The v5/v6 `dev` and `optional` flags of every entry of one package (peer variants share a package). */
interface Flags {
  devTrue: boolean;
  devFalse: boolean;
  /** An entry without `dev`: pnpm omits it when both prod and dev use the package. */
  devMissing: boolean;
  optional: boolean;
}

/** True when a lockfile document is pnpm's env lockfile: importers hold only its tooling. */
function isEnvDocument(doc: unknown): boolean {
  if (!isObject(doc) || !isObject(doc.importers)) return false;
  const importers = Object.values(doc.importers);
  return importers.length > 0 && importers.every((imp) => isObject(imp) && Object.keys(imp).every((k) => k === 'configDependencies' || k === 'packageManagerDependencies'));
}

/**
 * The project's document of a lockfile. pnpm 11 writes its env lockfile (the config
 * dependencies and the pnpm version `packageManager` asks for) as a first YAML document before
 * the project's, separated by `---`; those are the package manager's own tools, not the
 * project's dependencies. Returns the text with every other document blanked out line for line,
 * so line numbers stay those of the file (a file of one document as it is), and, when the
 * documents had to be parsed to tell them apart, the chosen one's parse.
 */
function projectDocument(text: string, file: string): { text: string; doc?: unknown } {
  const lines = text.split('\n');
  const starts = [0];
  for (let i = 0; i < lines.length; i++) if (/^---\s*$/.test(lines[i] ?? '')) starts.push(i + 1);
  if (starts.length === 1) return { text };
  const docs = starts.map((from, k) => ({ from, to: k + 1 < starts.length ? (starts[k + 1] as number) - 1 : lines.length }));
  const nonEmpty = docs.filter((d) => lines.slice(d.from, d.to).some((l) => l.trim() !== '' && !l.trimStart().startsWith('#')));
  if (nonEmpty.length <= 1) return { text: nonEmpty.length === 1 ? blankOutside(lines, nonEmpty[0] as { from: number; to: number }) : text };
  const parsed = nonEmpty.map((d) => {
    const blanked = blankOutside(lines, d);
    return { d, text: blanked, doc: parseLockfileYaml(blanked, file) };
  });
  const projects = parsed.filter((p) => !isEnvDocument(p.doc));
  if (projects.length > 1) throw new InputError(`not a pnpm lockfile: ${projects.length} project documents in one file`, { file, line: projects[1]!.d.from + 1 });
  const chosen = projects[0] ?? parsed[parsed.length - 1]!;
  return { text: chosen.text, doc: chosen.doc };
}

function blankOutside(lines: readonly string[], d: { from: number; to: number }): string {
  return lines.map((l, i) => (i >= d.from && i < d.to ? l : '')).join('\n');
}

/**
 * Scans pnpm-lock.yaml: lockfile versions 5.x (`/name/1.0.0_peer`), 6.x (`/name@1.0.0(peer)`)
 * and 9.x (`packages` plus `snapshots`, `name@1.0.0(peer)`), with `importers` for workspaces
 * (https://github.com/pnpm/spec/tree/master/lockfile). Importers' dependencies are the direct
 * ones; `link:` references are workspace members, reported in `covers`, not as packages.
 */
export const pnpmLockScanner: Scanner = {
  ...pnpmLockInfo,
  extract(content: string, ctx: ScanContext): ExtractResult {
    const file = ctx.path;
    if (looksBinary(content)) throw new InputError('not a pnpm lockfile: the file is binary', { file });
    const project = projectDocument(stripBom(content), file);
    const text = project.text;
    const doc = 'doc' in project ? project.doc : parseLockfileYaml(text, file);
    if (doc === null || doc === undefined) return { packages: [] };
    if (!isObject(doc)) throw new InputError('not a pnpm lockfile: expected a mapping at the top level', { file, line: 1 });
    if (doc.lockfileVersion === undefined) {
      throw new InputError('not a pnpm lockfile: lockfileVersion is missing', { file, line: 1 });
    }
    const layout = layoutFor(doc.lockfileVersion, file);
    const warnings: Warning[] = [];
    const lines = sectionKeyLines(text, new Set(['packages', 'snapshots', 'importers']));
    const packageLines = lines.get('packages') ?? new Map<string, number>();

    const pkgSection = doc.packages ?? null;
    if (pkgSection !== null && !isObject(pkgSection)) throw new InputError('invalid pnpm lockfile: packages must be a mapping', { file });
    // Lockfile key (with peers) -> package key `name@version`.
    const keyOf = new Map<string, string>();
    const packages = new Map<string, FoundPackage>();
    const flags = new Map<string, Flags>();
    for (const [lockKey, raw] of Object.entries(pkgSection ?? {})) {
      const line = packageLines.get(lockKey);
      if (raw !== null && !isObject(raw)) throw new InputError(`invalid pnpm lockfile: package ${JSON.stringify(lockKey)} must be a mapping`, { file, line });
      const entry = raw ?? {};
      const parsed = parsePnpmKey(lockKey, layout);
      if (parsed === null) {
        // Fields can still name the package; without them the key is not a dependency path.
        if (typeof entry.name !== 'string' || (typeof entry.version !== 'string' && typeof entry.version !== 'number')) {
          throw new InputError(`invalid pnpm lockfile: ${JSON.stringify(lockKey)} is not a dependency path`, { file, line });
        }
      }
      const name = typeof entry.name === 'string' ? entry.name : parsed?.name;
      const version = typeof entry.version === 'string' || typeof entry.version === 'number' ? String(entry.version) : parsed?.version;
      const resolution = readResolution(entry.resolution, lockKey);
      // A local directory dependency (`name@file:dir`, resolution type directory) records no
      // version: pnpm copies the folder as it is. It is reported without one, with its source.
      const directory = !version && name && resolution.source?.kind === 'file' && parsed?.locator !== undefined;
      if (!name || (!version && !directory)) {
        warnings.push({
          message: `package ${JSON.stringify(lockKey)} names no ${name ? 'version' : 'package name'} (neither its key nor its fields), so it is not reported`,
          ...(line !== undefined ? { line } : {}),
        });
        continue;
      }
      const key = `${name}@${version ?? parsed?.locator ?? ''}`;
      keyOf.set(lockKey, key);
      const f = flags.get(key) ?? { devTrue: false, devFalse: false, devMissing: false, optional: false };
      if (entry.dev === true) f.devTrue = true;
      else if (entry.dev === false) f.devFalse = true;
      else f.devMissing = true;
      if (entry.optional === true) f.optional = true;
      flags.set(key, f);
      if (packages.has(key)) continue;
      const p: FoundPackage = { ecosystem: 'npm', name, version: version ?? null, key };
      if (line !== undefined) p.line = line;
      const { source, hashes } = resolution;
      const locatorSource = !source && parsed?.locator ? sourceFromLocator(parsed.locator) : undefined;
      if (source ?? locatorSource) p.source = source ?? locatorSource;
      if (hashes) p.hashes = hashes;
      packages.set(key, p);
    }

    // Where dependency references can point: every packages key, and in v9 every snapshots key.
    const snapshots = layout === 'v9' && isObject(doc.snapshots) ? doc.snapshots : undefined;
    if (snapshots) {
      for (const snapKey of Object.keys(snapshots)) {
        if (keyOf.has(snapKey)) continue;
        const base = keyOf.get(stripPeerSuffix(snapKey)) ?? keyOf.get(snapKey.replace(/\(.*$/, ''));
        if (base) keyOf.set(snapKey, base);
      }
    }
    const resolveRef = (name: string, ref: string): string | undefined => {
      for (const k of candidateKeys(name, ref, layout)) {
        const hit = keyOf.get(k);
        if (hit) return hit;
      }
      return undefined;
    };

    const graph = new EdgeList();
    const { edges, children } = graph;
    const addEdge = (from: string | null, to: string): void => graph.add(from, to);
    let unresolved = 0;
    let firstUnresolved = '';
    const graphSource = snapshots ?? pkgSection ?? {};
    for (const [lockKey, raw] of Object.entries(graphSource)) {
      const from = keyOf.get(lockKey);
      if (!from || !isObject(raw)) continue;
      if (snapshots && raw.optional === true) {
        const f = flags.get(from);
        if (f) f.optional = true;
      }
      for (const section of ['dependencies', 'optionalDependencies']) {
        const deps = raw[section];
        if (!isObject(deps)) continue;
        for (const [depName, ref] of Object.entries(deps)) {
          const r = String(ref);
          if (r.startsWith('link:')) continue;
          const to = resolveRef(depName, r);
          if (to) addEdge(from, to);
          else if (unresolved++ === 0) firstUnresolved = `${depName}: ${r} (in ${lockKey})`;
        }
      }
    }

    // Importers: `importers` in workspaces (and every v9 file); top-level sections otherwise.
    const importers: Array<[string, Record<string, unknown>]> = [];
    if (isObject(doc.importers)) {
      for (const [dir, imp] of Object.entries(doc.importers)) if (isObject(imp)) importers.push([dir, imp]);
    } else if (IMPORTER_SECTIONS.some(([s]) => s in doc) || 'specifiers' in doc) {
      importers.push(['.', doc]);
    }
    const roots: Array<{ key: string; kind: DependencyKind }> = [];
    const covers = new Set<string>();
    for (const [dir, imp] of importers) {
      if (dir !== '.' && joinRelative('.', dir) !== null) covers.add(joinRelative('.', dir) as string);
      for (const [section, kind] of IMPORTER_SECTIONS) {
        const deps = imp[section];
        if (!isObject(deps)) continue;
        for (const [depName, spec] of Object.entries(deps)) {
          const ref = isObject(spec) ? spec.version : spec;
          if (typeof ref !== 'string' && typeof ref !== 'number') continue;
          const r = String(ref);
          if (r.startsWith('link:')) {
            const target = joinRelative(dir, r.slice(5));
            if (target !== null && target !== '.') covers.add(target);
            continue;
          }
          const to = resolveRef(depName, r);
          if (!to) {
            if (unresolved++ === 0) firstUnresolved = `${depName}: ${r} (importer ${dir})`;
            continue;
          }
          roots.push({ key: to, kind });
          addEdge(null, to);
        }
      }
    }
    if (unresolved > 0) {
      warnings.push({ message: `${unresolved} dependency reference(s) match no package of the lockfile, first ${firstUnresolved}; those edges are missing` });
    }

    const reach = propagateScopes(
      roots.map((r) => ({ key: r.key, scope: KIND_SCOPE[r.kind] })),
      children,
    );
    const direct = new Set(roots.map((r) => r.key));
    for (const p of packages.values()) {
      const key = p.key as string;
      if (importers.length > 0) p.direct = direct.has(key);
      const f = flags.get(key);
      let scope: Scope;
      if (!f) scope = reach.get(key) ?? 'runtime';
      else if (f.devTrue && !f.devFalse && !f.devMissing) scope = 'dev';
      else if (f.devFalse) scope = f.optional ? 'optional' : 'runtime';
      else {
        // No flags (v9, or both prod and dev use it): walk from the importers.
        scope = reach.get(key) ?? 'runtime';
        if (f.optional && scope === 'runtime') scope = 'optional';
      }
      if (scope !== 'runtime') p.scope = scope;
    }

    const result: ExtractResult = { packages: [...packages.values()], edges };
    if (covers.size > 0) result.covers = [...covers];
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};
