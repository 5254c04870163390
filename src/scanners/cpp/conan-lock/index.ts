/**
 * Conan lockfiles (`conan.lock`):
 *
 * - Conan 1 (format 0.1 to 0.4, https://docs.conan.io/1/versioning/lockfiles/introduction.html):
 *   `graph_lock.nodes` maps node ids to `{ref | pref, requires, build_requires, path}`; the node
 *   with a `path` is the consumer's own conanfile. Before 0.4 the reference is in `pref`
 *   (`name/version@user/channel#rrev:package_id#prev`); format 0.0 wrote `requires` as a map
 *   from reference to node id.
 * - Conan 2 (format 0.5, https://docs.conan.io/2/tutorial/versioning/lockfiles.html): flat
 *   `requires`, `build_requires` and `python_requires` lists of
 *   `name/version[@user/channel][#rrev[%timestamp]]`; no graph.
 *
 * Build requirements (tools such as cmake or ninja) and python_requires (recipe code) do not
 * ship with the product, so they get scope `dev`.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, Scope } from '../../../model/package.js';
import { isObject, parseJson } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { conanLockInfo } from './info.js';

/** Lockfile format versions this scanner reads (`version` absent means the oldest, 0.0). */
const SUPPORTED_VERSIONS = ['0.1', '0.2', '0.3', '0.4', '0.5'];

/** The parts of a Conan reference `name/version@user/channel#rrev:package_id#prev%timestamp`. */
interface ConanReference {
  name: string;
  version: string;
  user?: string;
  channel?: string;
  revision?: string;
}

/** Splits a Conan reference into its parts; the name is empty when the reference has no `/`. */
export function parseConanReference(ref: string): ConanReference {
  let rest = ref.trim();
  const pct = rest.indexOf('%');
  if (pct !== -1) rest = rest.slice(0, pct);
  const colon = rest.indexOf(':');
  if (colon !== -1) rest = rest.slice(0, colon);
  let revision: string | undefined;
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    revision = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let user: string | undefined;
  let channel: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const uc = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const slash = uc.indexOf('/');
    user = slash === -1 ? uc : uc.slice(0, slash);
    if (slash !== -1) channel = uc.slice(slash + 1);
  }
  const slash = rest.indexOf('/');
  const out: ConanReference =
    slash === -1 ? { name: '', version: rest } : { name: rest.slice(0, slash), version: rest.slice(slash + 1) };
  if (user) out.user = user;
  if (channel) out.channel = channel;
  if (revision) out.revision = revision;
  return out;
}

/** Builds a package from a reference, or returns undefined (with a warning) when it names no package. */
function toPackage(ref: string, scope: Scope, warnings: Array<{ message: string }>): FoundPackage | undefined {
  const r = parseConanReference(ref);
  if (!r.name || !r.version) {
    warnings.push({ message: `reference "${ref}" has no package name; skipped` });
    return undefined;
  }
  // A reference is `name/version[@user/channel]`: a second `/` before any `@` is not one.
  if (r.name.includes('/') || r.version.includes('/')) {
    warnings.push({ message: `reference "${ref}" is not name/version[@user/channel]; skipped` });
    return undefined;
  }
  const pkg: FoundPackage = { ecosystem: 'ConanCenter', name: r.name, version: r.version, scope };
  if (r.user || r.channel) pkg.notes = [`user/channel ${r.user ?? '_'}/${r.channel ?? '_'}`];
  return pkg;
}

/** Reads the direct requirement names from a sibling conanfile.txt's [requires] and [tool_requires]/[build_requires]. */
function conanfileTxtDirects(ctx: ScanContext): Set<string> | undefined {
  const txt = ctx.readSibling('conanfile.txt');
  if (txt === undefined) return undefined;
  const names = new Set<string>();
  let section = '';
  for (const raw of txt.split(/\r?\n/)) {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) continue;
    const m = /^\[([a-z_]+)\]$/.exec(l);
    if (m?.[1]) {
      section = m[1];
      continue;
    }
    if (section === 'requires' || section === 'tool_requires' || section === 'build_requires' || section === 'test_requires') {
      const name = parseConanReference(l).name;
      if (name) names.add(name);
    }
  }
  return names;
}

/** Reads a Conan 2 (0.5) lockfile's flat requirement lists. */
function extractV2(doc: Record<string, unknown>, ctx: ScanContext): ExtractResult {
  const warnings: Array<{ message: string }> = [];
  const packages = new Map<string, FoundPackage>();
  const directs = conanfileTxtDirects(ctx);
  const lists: Array<[string, Scope]> = [
    ['requires', 'runtime'],
    ['build_requires', 'dev'],
    ['python_requires', 'dev'],
  ];
  for (const [key, scope] of lists) {
    const list = doc[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new InputError(`"${key}" must be an array of references`, { file: ctx.path, pointer: `/${key}` });
    list.forEach((ref: unknown, i: number) => {
      if (typeof ref !== 'string') throw new InputError('a reference must be a string', { file: ctx.path, pointer: `/${key}/${i}` });
      const pkg = toPackage(ref, scope, warnings);
      if (!pkg) return;
      const k = `${pkg.name}@${pkg.version}`;
      const seen = packages.get(k);
      if (seen) {
        if (scope === 'runtime') seen.scope = 'runtime';
        return;
      }
      if (directs) pkg.direct = directs.has(pkg.name);
      packages.set(k, pkg);
    });
  }
  if (Array.isArray(doc.config_requires) && doc.config_requires.length > 0) {
    warnings.push({ message: `${doc.config_requires.length} config_requires (Conan configuration packages) not reported as packages` });
  }
  const edges: FoundEdge[] = [];
  for (const [k, p] of packages) if (p.direct) edges.push({ from: null, to: k });
  const result: ExtractResult = { packages: [...packages.values()], edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Lists a node's requirement node ids: an array of ids, or (format 0.0) a map from reference to id. */
function nodeIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
  if (isObject(value)) return Object.values(value).filter((v): v is string => typeof v === 'string');
  return [];
}

/** Reads a Conan 1 (0.1 to 0.4) lockfile's node graph. */
function extractV1(nodes: Record<string, unknown>, ctx: ScanContext): ExtractResult {
  const warnings: Array<{ message: string }> = [];
  interface Node {
    key?: string;
    requires: string[];
    buildRequires: string[];
  }
  const graph = new Map<string, Node>();
  const byKey = new Map<string, FoundPackage>();
  // Ids some node requires: a node with a `path` that another node requires is a dependency
  // whose recipe is a local conanfile (an editable package), not the consumer.
  const required = new Set<string>();
  for (const raw of Object.values(nodes)) {
    if (!isObject(raw)) continue;
    for (const id of [...nodeIds(raw.requires), ...nodeIds(raw.build_requires)]) required.add(id);
  }
  for (const [id, raw] of Object.entries(nodes)) {
    if (!isObject(raw)) throw new InputError(`node "${id}" must be an object`, { file: ctx.path, pointer: `/graph_lock/nodes/${id}` });
    const node: Node = { requires: nodeIds(raw.requires), buildRequires: nodeIds(raw.build_requires) };
    if (Array.isArray(raw.python_requires) && raw.python_requires.length > 0) {
      // Conan 1 records python_requires as references inside the node, not as nodes of their own.
      warnings.push({ message: `node "${id}" has python_requires (${raw.python_requires.join(', ')}), not reported as packages` });
    }
    graph.set(id, node);
    // The node with a `path` that nothing requires is the consumer's own conanfile; a node
    // without a reference is the virtual root of format 0.0. Neither is a package.
    if (typeof raw.path === 'string' && raw.path !== '' && !required.has(id)) continue;
    const ref = typeof raw.pref === 'string' && raw.pref ? raw.pref : typeof raw.ref === 'string' && raw.ref ? raw.ref : undefined;
    if (!ref) continue;
    const pkg = toPackage(ref, 'runtime', warnings);
    if (!pkg) continue;
    const key = `${pkg.name}@${pkg.version ?? ''}`;
    node.key = key;
    // The same package in the host and the build context is two nodes but one package.
    if (!byKey.has(key)) byKey.set(key, pkg);
  }

  const edges: FoundEdge[] = [];
  const stack: Array<{ id: string; build: boolean }> = [];
  const hasRoots = [...graph.values()].some((n) => !n.key);
  for (const root of graph.values()) {
    if (root.key) continue;
    for (const id of root.requires) stack.push({ id, build: false });
    for (const id of root.buildRequires) stack.push({ id, build: true });
  }
  for (const { id } of stack) {
    const key = graph.get(id)?.key;
    const pkg = key ? byKey.get(key) : undefined;
    if (key && pkg && !pkg.direct) {
      pkg.direct = true;
      edges.push({ from: null, to: key });
    }
  }
  // Scope: runtime when reachable from the consumer through `requires` only, dev otherwise.
  const runtime = new Set<string>();
  const reached = new Set<string>();
  while (stack.length > 0) {
    const { id, build } = stack.pop() as { id: string; build: boolean };
    const mark = `${build ? 'b' : 'r'}:${id}`;
    if (reached.has(mark)) continue;
    reached.add(mark);
    const n = graph.get(id);
    if (!n) continue;
    if (!build && n.key) runtime.add(n.key);
    for (const c of n.requires) stack.push({ id: c, build });
    for (const c of n.buildRequires) stack.push({ id: c, build: true });
  }
  for (const [key, pkg] of byKey) {
    if (hasRoots) pkg.direct ??= false;
    if (reached.size > 0 && !runtime.has(key)) pkg.scope = 'dev';
  }
  const seen = new Set<string>();
  for (const n of graph.values()) {
    if (!n.key) continue;
    for (const c of [...n.requires, ...n.buildRequires]) {
      const to = graph.get(c)?.key;
      const edge = `${n.key} ${to}`;
      if (to && !seen.has(edge)) {
        seen.add(edge);
        edges.push({ from: n.key, to });
      }
    }
  }
  const result: ExtractResult = { packages: [...byKey.values()], edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Extracts Conan packages from a conan.lock of format 0.1 to 0.5. */
function extractConanLock(content: string, ctx: ScanContext): ExtractResult {
  const file = ctx.path;
  if (looksBinary(content)) throw new InputError('binary data, expected conan.lock JSON', { file });
  const doc = parseJson(content, file);
  if (!isObject(doc)) throw new InputError('expected a JSON object at the top level of conan.lock', { file, pointer: '' });
  const version = doc.version;
  if (version !== undefined && (typeof version !== 'string' || !SUPPORTED_VERSIONS.includes(version))) {
    throw new InputError(
      `unsupported conan.lock version ${JSON.stringify(version)}; supported versions are ${SUPPORTED_VERSIONS.join(', ')} (Conan 1 and 2)`,
      { file, pointer: '/version' },
    );
  }
  const graphLock = doc.graph_lock;
  if (graphLock !== undefined) {
    if (!isObject(graphLock)) throw new InputError('"graph_lock" must be an object', { file, pointer: '/graph_lock' });
    const nodes = graphLock.nodes;
    if (nodes === undefined || nodes === null) return { packages: [] };
    if (!isObject(nodes)) throw new InputError('"graph_lock.nodes" must be an object', { file, pointer: '/graph_lock/nodes' });
    return extractV1(nodes, ctx);
  }
  if (version === undefined && doc.requires === undefined && doc.build_requires === undefined && doc.python_requires === undefined) {
    throw new InputError('not a conan.lock: no "version", "graph_lock" or "requires"', { file, pointer: '' });
  }
  return extractV2(doc, ctx);
}

/** Scanner for conan.lock files (C and C++, ConanCenter), Conan 1 (0.1–0.4) and Conan 2 (0.5). */
export const conanLockScanner: Scanner = {
  ...conanLockInfo,
  extract: extractConanLock,
};
