/**
 * Bun's text lockfile, bun.lock, lockfileVersion 0 and 1 (https://bun.sh/docs/install/lockfile,
 * types at https://bun.sh/reference/bun/BunLockFile). It is JSONC: comments and trailing
 * commas are allowed. `workspaces` maps each workspace directory to its declared
 * dependencies; `packages` maps an install key (`name`, or `parent/name` for a nested copy)
 * to a tuple whose first item is `name@resolution`:
 *
 *   npm       ["name@1.2.3", registry, INFO, integrity]
 *   git       ["name@git+url#commit", INFO, bun-tag]    github ["name@github:o/r#commit", INFO, bun-tag]
 *   folder    ["name@file:path", INFO]                  symlink ["name@link:path", INFO]
 *   tarball   ["name@https://…/x.tgz", INFO]            workspace ["name@workspace:path"]
 *
 * Bun does not mark dev or optional packages, so scopes are computed from the graph. The
 * binary bun.lockb is not read: Bun converts it with `bun install --save-text-lockfile`.
 */
import { foundKey, InputError, type FoundPackage, type PackageSource, type Scope } from '../../../model/index.js';
import { isObject, parseJson } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import { baseName, type ExtractResult, type ScanContext, type Scanner } from '../../types.js';
import { DEP_GROUPS, PackageCollector, notesOf, packageKey } from '../shared/collect.js';
import { jsoncToJson } from '../shared/jsonc.js';
import { visitJsonKeys } from '../shared/json-keys.js';
import { propagateScopes, type ScopedEdge } from '../shared/scopes.js';
import { integrityToHashes } from '../shared/integrity.js';
import { classifySpec, sourceOf } from '../shared/spec.js';
import { bunLockInfo } from './info.js';

const SUPPORTED = [0, 1];
const LOCKB_MESSAGE =
  'bun.lockb is Bun\'s binary lockfile and cannot be read; run `bun install --save-text-lockfile` to write bun.lock next to it';

type Warnings = NonNullable<ExtractResult['warnings']>;

function pointerOf(...parts: string[]): string {
  return '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Splits `name@resolution`, where the name may be scoped (`@scope/name@1.0.0`). */
function splitIdent(ident: string): { name: string; resolution: string } | undefined {
  const at = ident.indexOf('@', ident.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: ident.slice(0, at), resolution: ident.slice(at + 1) };
}

/**
 * Splits an install key into package-name segments: `a/@s/b/c` -> [`a`, `@s/b`, `c`]. A nested
 * key is its parent's key, a slash, and the dependency name.
 */
function keySegments(key: string): string[] {
  const parts = key.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part.startsWith('@') && i + 1 < parts.length) {
      out.push(`${part}/${parts[i + 1] ?? ''}`);
      i++;
    } else out.push(part);
  }
  return out;
}

/**
 * Finds the install key that `name` resolves to from the package at `from`: Bun nests a
 * conflicting version under its dependent's key, so look in `from/name`, then in each
 * ancestor, then at the top.
 */
function resolveKey(packages: Record<string, unknown>, from: string, name: string): string | undefined {
  const segments = from === '' ? [] : keySegments(from);
  for (let n = segments.length; n >= 0; n--) {
    const candidate = n === 0 ? name : `${segments.slice(0, n).join('/')}/${name}`;
    if (Object.prototype.hasOwnProperty.call(packages, candidate)) return candidate;
  }
  return undefined;
}

interface Parsed {
  name: string;
  version: string | null;
  source?: PackageSource;
  info?: Record<string, unknown>;
  integrity?: string;
  workspacePath?: string;
}

/** Reads one `packages` tuple; throws an InputError naming the entry when it has no usable identity. */
function parseTuple(key: string, value: unknown, line: number | undefined, workspaces: Record<string, unknown>): Parsed {
  const where = { pointer: pointerOf('packages', key), line };
  if (!Array.isArray(value) || value.length === 0) {
    throw new InputError(`package "${key}" must be a non-empty array [ "name@version", ... ]`, where);
  }
  const ident = value[0];
  if (typeof ident !== 'string') {
    throw new InputError(`package "${key}": the first item must be a "name@version" string`, where);
  }
  const split = splitIdent(ident);
  if (!split) throw new InputError(`package "${key}": "${ident}" is not of the form "name@version"`, where);
  const { name, resolution } = split;
  const parsed: Parsed = { name, version: null };
  for (const item of value.slice(1)) {
    if (isObject(item) && !parsed.info) parsed.info = item;
    else if (typeof item === 'string' && /^sha(?:1|256|384|512)-/.test(item)) parsed.integrity = item;
  }
  if (resolution.startsWith('workspace:')) {
    const path = resolution.slice('workspace:'.length);
    parsed.workspacePath = path;
    parsed.source = { kind: 'workspace', url: path };
    const ws = workspaces[path];
    if (isObject(ws) && typeof ws['version'] === 'string' && ws['version']) parsed.version = ws['version'];
    return parsed;
  }
  if (resolution === 'root:' || resolution.startsWith('root:')) {
    parsed.source = { kind: 'workspace', url: '.' };
    return parsed;
  }
  const info = classifySpec(resolution);
  if (info.kind === 'registry' && !info.aliasOf) {
    parsed.version = resolution;
    const registry = value[1];
    // An empty registry means the default one; a named registry is still the npm registry protocol.
    if (typeof registry === 'string' && registry) parsed.source = { kind: 'registry', url: registry };
    return parsed;
  }
  // Git, tarball and local resolutions record where the code came from, not a version.
  const source = sourceOf(info);
  if (source) parsed.source = source;
  return parsed;
}

function extractText(content: string, ctx: ScanContext): ExtractResult {
  const warnings: Warnings = [];
  const json = jsoncToJson(content);
  const value = parseJson(json, ctx.path);
  if (!isObject(value)) {
    throw new InputError('expected a JSON object at the top level', { file: ctx.path, pointer: '' });
  }
  const version = value['lockfileVersion'];
  const packagesRaw = value['packages'];
  const workspacesRaw = value['workspaces'];
  if (packagesRaw !== undefined && !isObject(packagesRaw)) {
    throw new InputError('"packages" must be an object of install key -> tuple', { file: ctx.path, pointer: '/packages' });
  }
  if (workspacesRaw !== undefined && !isObject(workspacesRaw)) {
    throw new InputError('"workspaces" must be an object of directory -> manifest', { file: ctx.path, pointer: '/workspaces' });
  }
  if (version === undefined) {
    if (packagesRaw !== undefined || workspacesRaw !== undefined) warnings.push({ message: 'no "lockfileVersion"; read as lockfileVersion 1' });
  } else if (typeof version !== 'number' || !SUPPORTED.includes(version)) {
    throw new InputError(`unsupported bun.lock lockfileVersion ${JSON.stringify(version)}; supported: 0, 1`, {
      file: ctx.path,
      pointer: '/lockfileVersion',
    });
  }
  const packages = packagesRaw ?? {};
  const workspaces = workspacesRaw ?? {};

  const lines = new Map<string, number>();
  visitJsonKeys(json, (parents, key, line) => {
    if (parents.length === 1 && parents[0] === 'packages') lines.set(key, line);
  });
  const lineOf = (key: string): number | undefined => lines.get(key);

  const out = new PackageCollector();
  const keyOf = new Map<string, string>();
  const parsedByKey = new Map<string, Parsed>();
  const memberKeys = new Map<string, string>();
  try {
    for (const [key, tuple] of Object.entries(packages)) {
      const line = lineOf(key);
      const parsed = parseTuple(key, tuple, line, workspaces);
      parsedByKey.set(key, parsed);
      const source = parsed.source?.kind === 'registry' ? undefined : parsed.source;
      const pkg: FoundPackage = { ecosystem: 'npm', name: parsed.name, version: parsed.version, direct: false };
      const pkgKey = packageKey(parsed.name, parsed.version, source);
      if (pkgKey !== undefined) pkg.key = pkgKey;
      if (line !== undefined) pkg.line = line;
      if (parsed.source) pkg.source = parsed.source;
      if (parsed.integrity) {
        const hashes = integrityToHashes(parsed.integrity);
        if (hashes.length > 0) pkg.hashes = hashes;
      }
      const notes = notesOf(
        parsed.version === null && !parsed.source && 'the lockfile records no version for this package',
      );
      if (notes) pkg.notes = notes;
      const added = out.add(pkg);
      keyOf.set(key, added);
      if (parsed.workspacePath !== undefined) memberKeys.set(parsed.workspacePath, added);
    }
  } catch (err) {
    if (err instanceof InputError && err.file === undefined) err.file = ctx.path;
    throw err;
  }

  // Edges, each with the scope its dependency kind implies, for scope propagation.
  const scoped = new Map<string, ScopedEdge[]>();
  const roots: Array<{ key: string; scope: Scope }> = [];
  const addScoped = (from: string, to: string, via: Scope): void => {
    const list = scoped.get(from);
    if (list) list.push({ to, via });
    else scoped.set(from, [{ to, via }]);
  };
  const linkDeps = (fromInstallKey: string, fromKey: string | null, info: Record<string, unknown>, direct: boolean): void => {
    const optionalPeers = new Set(Array.isArray(info['optionalPeers']) ? info['optionalPeers'].filter((p) => typeof p === 'string') : []);
    for (const [group, groupScope] of DEP_GROUPS) {
      const deps = info[group];
      if (!isObject(deps)) continue;
      for (const dep of Object.keys(deps)) {
        const target = resolveKey(packages, fromInstallKey, dep);
        const toKey = target === undefined ? undefined : keyOf.get(target);
        if (toKey === undefined) continue;
        const scope: Scope = group === 'peerDependencies' && optionalPeers.has(dep) ? 'optional' : groupScope;
        out.addEdge(fromKey, toKey);
        if (direct) {
          out.markDirect(toKey);
          roots.push({ key: toKey, scope });
        } else if (fromKey !== null) addScoped(fromKey, toKey, scope);
      }
    }
  };

  for (const [dir, ws] of Object.entries(workspaces)) {
    if (!isObject(ws)) continue;
    if (dir === '') {
      linkDeps('', null, ws, true);
      continue;
    }
    const memberKey = memberKeys.get(dir);
    // A workspace's own nested copies are keyed under its package name.
    const memberName = typeof ws['name'] === 'string' ? ws['name'] : '';
    const installKey = memberName && Object.prototype.hasOwnProperty.call(packages, memberName) ? memberName : '';
    if (memberKey !== undefined) {
      out.addEdge(null, memberKey);
      out.markDirect(memberKey);
      roots.push({ key: memberKey, scope: 'runtime' });
    }
    linkDeps(installKey, memberKey ?? null, ws, true);
  }
  for (const [installKey, parsed] of parsedByKey) {
    if (parsed.info && parsed.workspacePath === undefined) linkDeps(installKey, keyOf.get(installKey) ?? null, parsed.info, false);
  }

  const scopes = propagateScopes(roots, scoped);
  let unreachable = 0;
  for (const pkg of out.packages()) {
    const scope = scopes.get(foundKey(pkg));
    if (scope) pkg.scope = scope;
    else {
      pkg.scope = 'runtime';
      unreachable++;
    }
  }
  if (unreachable > 0 && roots.length > 0) {
    warnings.push({ message: `${unreachable} packages are not reachable from any workspace's dependencies; their scope is unknown and reported as runtime` });
  }

  const result: ExtractResult = { packages: out.packages(), edges: out.edges };
  const root = workspaces[''];
  if (isObject(root)) {
    const project: NonNullable<ExtractResult['project']> = {};
    if (typeof root['name'] === 'string' && root['name']) project.name = root['name'];
    if (typeof root['version'] === 'string' && root['version']) project.version = root['version'];
    if (project.name !== undefined || project.version !== undefined) result.project = project;
  }
  const covers = Object.keys(workspaces).filter((dir) => dir !== '');
  if (covers.length > 0) result.covers = covers;
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Reads one bun.lock (or explains why a bun.lockb cannot be read). */
function extract(content: string, ctx: ScanContext): ExtractResult {
  if (baseName(ctx.path) === 'bun.lockb' || looksBinary(content) || content.startsWith('#!/usr/bin/env bun')) {
    // The text lockfile wins when both exist, as it does for Bun itself.
    if (baseName(ctx.path) === 'bun.lockb' && ctx.readSibling('bun.lock') !== undefined) {
      return { packages: [], warnings: [{ message: 'bun.lockb is not read; bun.lock next to it records the same install' }] };
    }
    throw new InputError(LOCKB_MESSAGE, { file: ctx.path });
  }
  return extractText(content, ctx);
}

/** Scans Bun's text lockfile bun.lock (lockfileVersion 0 and 1); bun.lockb gets an error that says how to convert it. */
export const bunLockScanner: Scanner = {
  ...bunLockInfo,
  extract,
};
