// npm/yarn-lock: yarn.lock, classic (v1) and berry (Yarn 2+), into packages and the dependency graph.
import { InputError, type FoundPackage } from '../../../model/index.js';
import { EdgeList } from '../shared/collect.js';
import { looksBinary } from '../../../parsers/limits.js';
import { stripBom } from '../../../parsers/lines.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { joinRelative, KIND_SCOPE, readNpmManifest, type DependencyKind, type NpmManifest } from '../shared/manifest.js';
import { propagateScopes } from '../shared/scopes.js';
import { readBerryEntries } from './berry.js';
import { readClassicEntries } from './classic.js';
import type { LockEntry } from './entries.js';
import { yarnLockInfo } from './info.js';

type Warning = { message: string; line?: number };

/** A berry lockfile has a top-level `__metadata:` mapping; classic files never do. */
function isBerry(text: string): boolean {
  return /^__metadata:[ \t]*\r?$/m.test(text);
}

function readManifest(ctx: ScanContext, relPath: string, warnings: Warning[]): NpmManifest | undefined {
  const text = ctx.readSibling(relPath);
  if (text === undefined) return undefined;
  const m = readNpmManifest(text, relPath);
  if ('error' in m) {
    warnings.push({ message: `${relPath} could not be read, so direct dependencies there are unknown: ${m.error}` });
    return undefined;
  }
  return m;
}

/** Returns whether a workspace pattern is a plain directory (no glob), which can be read without listing directories. */
function isLiteralPattern(p: string): boolean {
  return !/[*?[\]{}!]/.test(p);
}

/** Turns the entries of either flavour into packages, edges, direct flags and scopes. */
function assemble(entries: LockEntry[], ctx: ScanContext, warnings: Warning[]): ExtractResult {
  // Descriptor -> entry index, and name as depended on -> entry indexes, for resolving ranges.
  const bySpec = new Map<string, number>();
  const byDescName = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const s of e.specifiers) {
      bySpec.set(s, i);
      const at = s.indexOf('@', s.startsWith('@') ? s.indexOf('/') + 1 : 1);
      const n = at > 0 ? s.slice(0, at) : s;
      const list = byDescName.get(n);
      if (!list) byDescName.set(n, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });
  const resolve = (name: string, range: string): number | undefined => {
    const hit = bySpec.get(`${name}@${range}`) ?? bySpec.get(`${name}@npm:${range}`);
    if (hit !== undefined) return hit;
    const only = byDescName.get(name);
    return only && only.length === 1 ? only[0] : undefined;
  };

  // Packages keyed name@version; the same package from two entries (a patch and its base,
  // two headers of one version) is returned once.
  const packages = new Map<string, FoundPackage>();
  const entryKey: Array<string | null> = [];
  for (const e of entries) {
    if (e.workspace === '.') {
      entryKey.push(null);
      continue;
    }
    const key = `${e.name}@${e.version ?? e.range}`;
    entryKey.push(key);
    const existing = packages.get(key);
    if (existing) {
      for (const note of e.notes) if (!existing.notes?.includes(note)) (existing.notes ??= []).push(note);
      if (!existing.source && e.source && e.source.kind !== 'registry') existing.source = e.source;
      continue;
    }
    const p: FoundPackage = { ecosystem: 'npm', name: e.name, version: e.version, line: e.line, key };
    if (e.version === null) p.declared = e.range;
    if (e.source) p.source = e.source;
    if (e.hashes) p.hashes = e.hashes;
    if (e.notes.length > 0) p.notes = [...e.notes];
    if (e.workspace !== undefined) (p.notes ??= []).push('a workspace of this project (its own code)');
    packages.set(key, p);
  }

  const graph = new EdgeList();
  const { edges, children } = graph;
  const addEdge = (from: string | null, to: string): void => graph.add(from, to);
  let unresolved = 0;
  let firstUnresolved = '';
  entries.forEach((e, i) => {
    const from = entryKey[i] ?? null;
    for (const [name, range] of e.dependencies) {
      const target = resolve(name, range);
      const to = target === undefined ? undefined : entryKey[target];
      if (to === undefined || to === null) {
        if (unresolved++ === 0) firstUnresolved = `${name}@${range} (line ${e.line})`;
        continue;
      }
      addEdge(from, to);
    }
  });
  if (unresolved > 0) {
    warnings.push({ message: `${unresolved} dependency reference(s) match no entry of yarn.lock, first ${firstUnresolved}; those edges are missing` });
  }

  // Direct dependencies: berry workspaces record theirs; classic needs package.json.
  const roots: Array<{ key: string; kind: DependencyKind }> = [];
  const covers: string[] = [];
  const workspaceKeys = new Set<string>();
  let rootsKnown = false;
  const rootManifest = readManifest(ctx, 'package.json', warnings);
  const workspaces = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.workspace !== undefined);
  if (workspaces.length > 0) {
    rootsKnown = true;
    for (const { e, i } of workspaces) {
      const dir = e.workspace ?? '.';
      const manifest = dir === '.' ? rootManifest : readManifest(ctx, `${dir}/package.json`, warnings);
      const key = entryKey[i];
      if (key) workspaceKeys.add(key);
      if (dir !== '.' && joinRelative('.', dir) !== null) covers.push(dir);
      for (const [name, range] of e.dependencies) {
        const target = resolve(name, range);
        const to = target === undefined ? undefined : entryKey[target];
        if (!to) continue;
        roots.push({ key: to, kind: manifest?.dependencies.get(name)?.kind ?? 'prod' });
      }
    }
  } else if (rootManifest) {
    rootsKnown = true;
    const manifests: Array<[string, NpmManifest]> = [['package.json', rootManifest]];
    const globbed: string[] = [];
    for (const pattern of rootManifest.workspaces) {
      const dir = joinRelative('.', pattern);
      if (!isLiteralPattern(pattern) || dir === null) {
        globbed.push(pattern);
        continue;
      }
      covers.push(dir);
      const m = readManifest(ctx, `${dir}/package.json`, warnings);
      if (m) manifests.push([`${dir}/package.json`, m]);
    }
    if (globbed.length > 0) {
      warnings.push({
        message: `workspace pattern(s) ${globbed.join(', ')} cannot be expanded from yarn.lock alone; dependencies declared only by those members are reported as transitive`,
      });
    }
    const memberNames = new Set(manifests.map(([, m]) => m.name).filter((n): n is string => n !== undefined));
    for (const [path, m] of manifests) {
      for (const [name, { range, kind }] of m.dependencies) {
        const target = resolve(name, range);
        const to = target === undefined ? undefined : entryKey[target];
        if (to) {
          roots.push({ key: to, kind });
          addEdge(null, to);
        } else if (!memberNames.has(name) && globbed.length === 0) {
          warnings.push({ message: `${path} names ${name}@${range}, which yarn.lock does not record` });
        }
      }
    }
  }
  const scopes = propagateScopes(
    roots.map((r) => ({ key: r.key, scope: KIND_SCOPE[r.kind] })),
    children,
    workspaceKeys,
  );
  const direct = new Set(roots.map((r) => r.key));
  for (const p of packages.values()) {
    const key = p.key as string;
    if (rootsKnown) p.direct = direct.has(key);
    const s = scopes.get(key);
    if (s && s !== 'runtime') p.scope = s;
  }

  const result: ExtractResult = { packages: [...packages.values()], edges };
  const project = rootManifest?.name ?? entries.find((e) => e.workspace === '.')?.name;
  if (project !== undefined) {
    result.project = { name: project };
    if (rootManifest?.version) result.project.version = rootManifest.version;
  }
  if (covers.length > 0) result.covers = [...new Set(covers)];
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/**
 * Scans yarn.lock in both formats: classic v1 (`# yarn lockfile v1`, read by a parser of its
 * own: https://classic.yarnpkg.com/en/docs/yarn-lock) and berry (Yarn 2+, YAML with
 * `__metadata`: https://yarnpkg.com/advanced/lockfile). Direct dependencies come from the
 * sibling package.json and, for berry, from the workspace entries the lockfile records.
 */
export const yarnLockScanner: Scanner = {
  ...yarnLockInfo,
  extract(content: string, ctx: ScanContext): ExtractResult {
    if (looksBinary(content)) throw new InputError('not a yarn.lock: the file is binary', { file: ctx.path });
    const text = stripBom(content);
    const warnings: Warning[] = [];
    const entries = isBerry(text) ? readBerryEntries(text, ctx.path, warnings) : readClassicEntries(text, ctx.path);
    return assemble(entries, ctx, warnings);
  },
};
