/**
 * npm's package-lock.json and npm-shrinkwrap.json, lockfileVersion 1, 2 and 3
 * (https://docs.npmjs.com/cli/configuring-npm/package-lock-json).
 *
 * Version 2 and 3 files are read from `packages` (install path -> entry); version 1 files from
 * the nested `dependencies` tree. Workspace members are the project's own code: like
 * osv-scalibr they are reported as packages, with `source: { kind: 'workspace' }`, and their
 * directories are listed in `covers`.
 */
import { posix } from 'node:path';
import { InputError, type FoundPackage, type PackageSource, type Scope } from '../../../model/index.js';
import { isObject, parseJson, parseJsonObject } from '../../../parsers/json.js';
import { baseName, type ExtractResult, type ScanContext, type Scanner } from '../../types.js';
import { DEP_GROUPS, PackageCollector, notesOf, packageKey, type DepGroup } from '../shared/collect.js';
import { visitJsonKeys } from '../shared/json-keys.js';
import { integrityToHashes } from '../shared/integrity.js';
import { classifySpec, licenseOf, sourceFromResolved, sourceOf } from '../shared/spec.js';
import { packageLockInfo } from './info.js';

const SUPPORTED = [1, 2, 3];
const NODE_MODULES = 'node_modules/';
const BUNDLED_NOTE = "bundled: shipped inside its parent package's tarball";
const EXTRANEOUS_NOTE = 'extraneous: no other package in the lockfile requires it';
const MAX_LISTED = 5;

type Warnings = NonNullable<ExtractResult['warnings']>;

/** The package name an install path stands for: the part after the last `node_modules/`, or the directory name. */
function nameFromPath(path: string): string {
  const nm = path.lastIndexOf(NODE_MODULES);
  if (nm !== -1) return path.slice(nm + NODE_MODULES.length);
  const parts = path.split('/');
  const last = parts[parts.length - 1] ?? path;
  const parent = parts[parts.length - 2];
  return parent?.startsWith('@') ? `${parent}/${last}` : last;
}

/** A link's `resolved` as a `packages` key: no leading `./`, no trailing `/`. */
function normalizeTarget(resolved: string): string {
  return resolved.replace(/^\.\//, '').replace(/\/+$/, '');
}

function lineOf(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

/** Returns whether a path is inside some `node_modules` folder. */
function inNodeModules(path: string): boolean {
  return path.startsWith(NODE_MODULES) || path.includes(`/${NODE_MODULES}`);
}

/**
 * The installed tree, for finding what a `require(name)` from a directory reaches the way
 * Node looks it up: `<dir>/node_modules/<name>`, then the same in each directory above
 * (https://nodejs.org/api/modules.html#loading-from-node_modules-folders). Copies are indexed
 * by name, so a lookup compares a few directories instead of building candidate paths.
 */
class InstallTree {
  private readonly byName = new Map<string, Array<{ dir: string; key: string }>>();

  /** Records that the package `key` is installed at `path` (`<dir>/node_modules/<name>`). */
  add(path: string, key: string): void {
    let nm = path.lastIndexOf(`/${NODE_MODULES}`);
    let dir: string;
    if (nm !== -1) {
      dir = path.slice(0, nm);
      nm += 1;
    } else if (path.startsWith(NODE_MODULES)) {
      dir = '';
      nm = 0;
    } else return;
    const name = path.slice(nm + NODE_MODULES.length);
    const list = this.byName.get(name);
    if (list) list.push({ dir, key });
    else this.byName.set(name, [{ dir, key }]);
  }

  /** The key of the copy of `name` nearest to directory `from`, if any. */
  resolve(from: string, name: string): string | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    let best: string | undefined;
    let bestLength = -1;
    for (const { dir, key } of list) {
      if (dir.length <= bestLength) continue;
      if (dir === '' || from === dir || (from.startsWith(dir) && from.charCodeAt(dir.length) === 47 /* / */)) {
        best = key;
        bestLength = dir.length;
      }
    }
    return best;
  }
}

/** Turns npm `workspaces` globs into one matcher (`*` one directory level, `**` any number). */
function workspaceMatcher(value: unknown): (path: string) => boolean {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value['packages']) ? value['packages'] : [];
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const item of list) {
    if (typeof item !== 'string' || item.trim() === '') continue;
    const negated = item.startsWith('!');
    const glob = (negated ? item.slice(1) : item).trim().replace(/^\.\//, '').replace(/\/+$/, '');
    const source = glob
      .split('/')
      .map((seg) => (seg === '**' ? '.*' : seg.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*')))
      .join('/');
    (negated ? exclude : include).push(new RegExp(`^${source}$`));
  }
  return (path) => include.some((re) => re.test(path)) && !exclude.some((re) => re.test(path));
}

/** Maps npm's per-entry flags to a scope (https://docs.npmjs.com/cli/configuring-npm/package-lock-json#packages). */
function scopeOf(entry: Record<string, unknown>): Scope {
  if (entry['dev'] === true) return 'dev';
  // devOptional: a dev dependency that is also an optional dependency of production code,
  // so it can ship, but need not.
  if (entry['optional'] === true || entry['devOptional'] === true) return 'optional';
  if (entry['peer'] === true) return 'peer';
  return 'runtime';
}

function lockPointer(...parts: string[]): string {
  return '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** Collects unresolved requirements into one warning instead of one per edge. */
class Unresolved {
  private readonly seen: string[] = [];
  private count = 0;

  add(from: string, name: string): void {
    this.count++;
    if (this.seen.length < MAX_LISTED) this.seen.push(`${name} (required by ${from || 'the project'})`);
  }

  report(warnings: Warnings): void {
    if (this.count === 0) return;
    const more = this.count > this.seen.length ? `, and ${this.count - this.seen.length} more` : '';
    warnings.push({
      message: `${this.count === 1 ? '1 dependency is' : `${this.count} dependencies are`} not in the lockfile, so their edges are missing: ${this.seen.join(', ')}${more}`,
    });
  }
}

/**
 * Lines of the entries, by key. The key visitor sees the keys in file order, which is also the
 * order of the parsed object, so a lookup is usually an index; a map is built only when the two
 * differ (a duplicate key, an integer-like key that JavaScript orders first).
 */
class EntryLines {
  private readonly keys: string[] = [];
  private readonly lines: number[] = [];
  private byKey: Map<string, number> | undefined;

  push(key: string, line: number): void {
    this.keys.push(key);
    this.lines.push(line);
  }

  /** The line of `key`, expected at position `index`. */
  get(key: string, index = -1): number | undefined {
    if (index >= 0 && this.keys[index] === key) return this.lines[index];
    if (!this.byKey) {
      this.byKey = new Map();
      for (let i = 0; i < this.keys.length; i++) this.byKey.set(this.keys[i] as string, this.lines[i] as number);
    }
    return this.byKey.get(key);
  }
}

/** Reads `packages` of a lockfileVersion 2 or 3 file. */
function extractPackages(
  doc: Record<string, unknown>,
  packages: Record<string, unknown>,
  text: string,
  warnings: Warnings,
): ExtractResult {
  const loc = new EntryLines();
  visitJsonKeys(text, (parents, key, line) => {
    if (parents.length === 1 && parents[0] === 'packages') loc.push(key, line);
  });
  const rootRaw = packages[''];
  const root = isObject(rootRaw) ? rootRaw : undefined;
  const isWorkspace = workspaceMatcher(root?.['workspaces']);
  const out = new PackageCollector();
  const tree = new InstallTree();
  // Keys of local directories (workspace members, file: dependencies), for link targets.
  const localKeys = new Map<string, string>();
  const links = new Map<string, [string, string | null]>();
  const members: Array<[string, string]> = [];
  const others: Array<[string, Record<string, unknown>, string, boolean]> = [];

  // One pass before the entries are read: the name each linked directory is installed under
  // (`node_modules/<name>` -> directory; a workspace member's entry often has no `name`, and its
  // folder need not be called after it), and the local directories a `file:` specifier asks for
  // (from the project or a local directory).
  const linkedAs = new Map<string, string>();
  const fileTargets = new Set<string>();
  for (const path in packages) {
    const raw = packages[path];
    if (!isObject(raw)) continue;
    if (raw['link'] === true && typeof raw['resolved'] === 'string') {
      const target = normalizeTarget(raw['resolved']);
      if (target !== '' && !linkedAs.has(target)) linkedAs.set(target, nameFromPath(path));
    }
    if (inNodeModules(path)) continue;
    for (const [group] of DEP_GROUPS) {
      const deps = raw[group];
      if (!isObject(deps)) continue;
      for (const spec of Object.values(deps)) {
        if (typeof spec === 'string' && spec.startsWith('file:')) fileTargets.add(posix.normalize(posix.join(path, spec.slice(5))));
      }
    }
  }

  let index = -1;
  for (const path in packages) {
    index++;
    if (path === '') continue;
    const raw = packages[path];
    if (!isObject(raw)) {
      throw new InputError(`package entry "${path}" is not an object`, { pointer: lockPointer('packages', path), line: loc.get(path, index) });
    }
    if (raw['link'] === true) {
      const target = typeof raw['resolved'] === 'string' ? raw['resolved'] : '';
      if (normalizeTarget(target) === '') {
        warnings.push({ message: `link ${path} points at no directory (empty "resolved"); skipped`, ...lineOf(loc.get(path, index)) });
        continue;
      }
      links.set(path, [target, typeof raw['version'] === 'string' && raw['version'] ? raw['version'] : null]);
      continue;
    }
    const installed = inNodeModules(path);
    if (!installed && !isWorkspace(path) && !linkedAs.has(path) && !fileTargets.has(path)) {
      // npm installs a local directory through a link or a file: specifier (a workspace, a file: dependency).
      warnings.push({ message: `${path} is a local directory no link, workspace or file: specifier installs; skipped`, ...lineOf(loc.get(path, index)) });
      continue;
    }
    const name = typeof raw['name'] === 'string' && raw['name'] ? raw['name'] : (linkedAs.get(path) ?? nameFromPath(path));
    const version = typeof raw['version'] === 'string' && raw['version'] ? raw['version'] : null;
    let source: PackageSource | undefined;
    const workspace = !installed && isWorkspace(path);
    const resolved = typeof raw['resolved'] === 'string' ? sourceFromResolved(raw['resolved']) : undefined;
    if (workspace) source = { kind: 'workspace', url: path };
    else if (!installed) source = resolved ?? { kind: 'file', url: path };
    else source = resolved;
    const pkg: FoundPackage = {
      ecosystem: 'npm',
      name,
      version,
      scope: workspace ? 'runtime' : scopeOf(raw),
      direct: workspace,
    };
    const key = packageKey(name, version, source);
    if (key !== undefined) pkg.key = key;
    const line = loc.get(path, index);
    if (line !== undefined) pkg.line = line;
    if (source) pkg.source = source;
    const license = licenseOf(raw['license']);
    if (license) pkg.license = license;
    if (typeof raw['integrity'] === 'string') {
      const hashes = integrityToHashes(raw['integrity']);
      if (hashes.length > 0) pkg.hashes = hashes;
    }
    if (raw['inBundle'] === true || raw['extraneous'] === true || (version === null && !source)) {
      const notes = notesOf(
        raw['inBundle'] === true && BUNDLED_NOTE,
        raw['extraneous'] === true && EXTRANEOUS_NOTE,
        version === null && !source && 'the lockfile records no version for this package',
      );
      if (notes) pkg.notes = notes;
    }
    const added = out.add(pkg);
    if (installed) tree.add(path, added);
    else localKeys.set(path, added);
    if (workspace) members.push([path, added]);
    others.push([path, raw, added, installed]);
  }

  // A link entry stands for the directory it points at; its own packages entry holds the data.
  for (const [path, [target, linkVersion]] of links) {
    const targetKey = localKeys.get(normalizeTarget(target));
    if (targetKey !== undefined) {
      tree.add(path, targetKey);
      continue;
    }
    const name = nameFromPath(path);
    const source: PackageSource = { kind: 'link', url: target };
    const pkg: FoundPackage = {
      ecosystem: 'npm',
      name,
      version: linkVersion,
      scope: 'runtime',
      direct: false,
      source,
      notes: [`a link to ${target || 'an unnamed directory'} that has no entry of its own in the lockfile`],
    };
    pkg.key = packageKey(name, linkVersion, source) ?? `${name}@${linkVersion ?? ''}`;
    const line = loc.get(path);
    if (line !== undefined) pkg.line = line;
    tree.add(path, out.add(pkg));
  }

  const unresolved = new Unresolved();
  const link = (from: string, fromKey: string | null, deps: unknown, group: DepGroup, direct: boolean): void => {
    if (!isObject(deps)) return;
    for (const dep of Object.keys(deps)) {
      const toKey = tree.resolve(from, dep);
      if (toKey === undefined) {
        // Missing optional and peer dependencies are normal (other platforms, not installed).
        if (group === 'dependencies' || (direct && group === 'devDependencies')) unresolved.add(from, dep);
        continue;
      }
      out.addEdge(fromKey, toKey);
      if (direct) out.markDirect(toKey);
    }
  };

  if (root) for (const [group] of DEP_GROUPS) link('', null, root[group], group, true);
  for (const [, key] of members) out.addEdge(null, key);
  const memberPaths = new Set(members.map(([p]) => p));
  for (const [path, raw, key, installed] of others) {
    const member = memberPaths.has(path);
    for (const [group] of DEP_GROUPS) {
      // devDependencies are installed only for the project itself and its local directories.
      if (group === 'devDependencies' && installed) continue;
      link(path, key, raw[group], group, member);
    }
  }
  unresolved.report(warnings);

  const result: ExtractResult = { packages: out.packages(), edges: out.edges };
  const project = projectOf(root, doc);
  if (project) result.project = project;
  if (members.length > 0) result.covers = members.map(([p]) => p);
  return result;
}

function projectOf(...sources: Array<Record<string, unknown> | undefined>): ExtractResult['project'] {
  const project: NonNullable<ExtractResult['project']> = {};
  for (const s of sources) {
    if (!s) continue;
    if (project.name === undefined && typeof s['name'] === 'string' && s['name']) project.name = s['name'];
    if (project.version === undefined && typeof s['version'] === 'string' && s['version']) project.version = s['version'];
  }
  return project.name !== undefined || project.version !== undefined ? project : undefined;
}

/** The direct dependency names of the sibling package.json, or undefined when there is none to read. */
function siblingManifest(ctx: ScanContext, warnings: Warnings): Record<string, unknown> | undefined {
  const text = ctx.readSibling('package.json');
  if (text === undefined) return undefined;
  try {
    return parseJsonObject(text, 'package.json');
  } catch (err) {
    const why = err instanceof InputError ? err.describe() : String(err);
    warnings.push({ message: `package.json next to the lockfile could not be read (${why}); direct dependencies are unknown` });
    return undefined;
  }
}

/** Reads the nested `dependencies` tree of a lockfileVersion 1 file. */
function extractDependencyTree(
  doc: Record<string, unknown>,
  deps: Record<string, unknown>,
  text: string,
  ctx: ScanContext,
  warnings: Warnings,
): ExtractResult {
  const loc = new EntryLines();
  visitJsonKeys(text, (parents, key, line) => {
    const n = parents.length;
    if (n % 2 === 1 && parents[n - 1] === 'dependencies' && parents[0] === 'dependencies') {
      loc.push(`${parents.join('\u0000')}\u0000${key}`, line);
    }
  });
  const out = new PackageCollector();
  const tree = new InstallTree();
  const requires: Array<[string, string, Record<string, unknown>]> = [];
  const manifest = siblingManifest(ctx, warnings);
  const knowsDirect = manifest !== undefined;

  // Iterative walk: nesting follows node_modules depth, which hostile input could make deep.
  // `scope`: that of the package whose node_modules the entries sit in. A nested entry is
  // installed only with that package, so one without flags of its own (npm writes them on every
  // entry, hand-made and converted files may not) takes its scope.
  const stack: Array<{ deps: Record<string, unknown>; path: string; pointer: string[]; scope: Scope }> = [
    { deps, path: '', pointer: ['dependencies'], scope: 'runtime' },
  ];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    for (const [alias, raw] of Object.entries(frame.deps)) {
      const pointer = [...frame.pointer, alias];
      if (!isObject(raw)) {
        throw new InputError(`dependency "${alias}" is not an object`, { pointer: lockPointer(...pointer), line: loc.get(pointer.join('\u0000')) });
      }
      const path = frame.path === '' ? `${NODE_MODULES}${alias}` : `${frame.path}/${NODE_MODULES}${alias}`;
      const recorded = typeof raw['version'] === 'string' ? raw['version'].trim() : '';
      const info = recorded ? classifySpec(recorded) : undefined;
      let name = alias;
      let version: string | null = null;
      let source: PackageSource | undefined;
      if (info?.kind === 'registry') {
        if (info.aliasOf) name = info.aliasOf;
        version = info.range ?? null;
        if (typeof raw['resolved'] === 'string') source = sourceFromResolved(raw['resolved']);
      } else if (info) {
        // Git, tarball and local dependencies record where they came from instead of a version.
        source = sourceOf(info);
      }
      const flagged = ['dev', 'optional', 'devOptional', 'peer'].some((f) => raw[f] === true);
      const pkg: FoundPackage = { ecosystem: 'npm', name, version, scope: flagged ? scopeOf(raw) : frame.scope };
      if (knowsDirect) pkg.direct = false;
      const key = packageKey(name, version, source);
      if (key !== undefined) pkg.key = key;
      const line = loc.get(pointer.join('\u0000'));
      if (line !== undefined) pkg.line = line;
      if (source) pkg.source = source;
      if (typeof raw['integrity'] === 'string') {
        const hashes = integrityToHashes(raw['integrity']);
        if (hashes.length > 0) pkg.hashes = hashes;
      }
      const notes = notesOf(
        raw['bundled'] === true && BUNDLED_NOTE,
        !recorded && 'the lockfile records no version for this package',
      );
      if (notes) pkg.notes = notes;
      const added = out.add(pkg);
      tree.add(path, added);
      if (isObject(raw['requires'])) requires.push([path, added, raw['requires']]);
      if (isObject(raw['dependencies'])) stack.push({ deps: raw['dependencies'], path, pointer: [...pointer, 'dependencies'], scope: pkg.scope ?? 'runtime' });
    }
  }

  const unresolved = new Unresolved();
  for (const [path, key, reqs] of requires) {
    for (const dep of Object.keys(reqs)) {
      const toKey = tree.resolve(path, dep);
      // v1 `requires` also lists optional dependencies that were not installed on this platform.
      if (toKey === undefined) continue;
      out.addEdge(key, toKey);
    }
  }
  if (manifest) {
    for (const [group] of DEP_GROUPS) {
      const groupDeps = manifest[group];
      if (!isObject(groupDeps)) continue;
      for (const dep of Object.keys(groupDeps)) {
        const toKey = tree.resolve('', dep);
        if (toKey === undefined) {
          if (group === 'dependencies' || group === 'devDependencies') unresolved.add('', dep);
          continue;
        }
        out.addEdge(null, toKey);
        out.markDirect(toKey);
      }
    }
  }
  unresolved.report(warnings);
  const result: ExtractResult = { packages: out.packages(), edges: out.edges };
  const project = projectOf(doc, manifest);
  if (project) result.project = project;
  return result;
}

/** Reads one package-lock.json or npm-shrinkwrap.json. */
function extract(content: string, ctx: ScanContext): ExtractResult {
  const warnings: Warnings = [];
  // npm ignores package-lock.json when npm-shrinkwrap.json sits next to it
  // (https://docs.npmjs.com/cli/configuring-npm/npm-shrinkwrap-json).
  if (baseName(ctx.path) === 'package-lock.json' && ctx.readSibling('npm-shrinkwrap.json') !== undefined) {
    return {
      packages: [],
      warnings: [{ message: 'npm-shrinkwrap.json in the same directory takes precedence; this package-lock.json is not read' }],
    };
  }
  const value = parseJson(content, ctx.path);
  if (!isObject(value)) {
    throw new InputError(`expected a JSON object at the top level, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, {
      file: ctx.path,
      pointer: '',
    });
  }
  const doc = value;
  const version = doc['lockfileVersion'];
  const packages = doc['packages'];
  const deps = doc['dependencies'];
  if (packages !== undefined && !isObject(packages)) {
    throw new InputError('"packages" must be an object of install path -> entry', { file: ctx.path, pointer: '/packages' });
  }
  if (deps !== undefined && !isObject(deps)) {
    throw new InputError('"dependencies" must be an object of name -> entry', { file: ctx.path, pointer: '/dependencies' });
  }
  if (version === undefined) {
    // npm before 5 wrote npm-shrinkwrap.json without lockfileVersion, in the version 1 shape.
    if (!deps && !packages) {
      throw new InputError('not an npm lockfile: no "lockfileVersion" (supported: 1, 2, 3)', { file: ctx.path, pointer: '' });
    }
    warnings.push({ message: 'no "lockfileVersion"; read as lockfileVersion 1' });
  } else if (typeof version !== 'number' || !SUPPORTED.includes(version)) {
    throw new InputError(`unsupported lockfileVersion ${JSON.stringify(version)}; supported: 1, 2, 3`, {
      file: ctx.path,
      pointer: '/lockfileVersion',
    });
  }
  try {
    let result: ExtractResult;
    if (packages && version !== 1) result = extractPackages(doc, packages, content, warnings);
    else if (deps) {
      if (version !== undefined && version !== 1) warnings.push({ message: `lockfileVersion ${version} without "packages"; read from "dependencies"` });
      result = extractDependencyTree(doc, deps, content, ctx, warnings);
    } else {
      result = { packages: [] };
      const project = projectOf(doc);
      if (project) result.project = project;
    }
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  } catch (err) {
    if (err instanceof InputError && err.file === undefined) err.file = ctx.path;
    throw err;
  }
}

/** Scans npm package-lock.json and npm-shrinkwrap.json files, lockfileVersion 1, 2 and 3. */
export const packageLockScanner: Scanner = {
  ...packageLockInfo,
  extract,
};
