// Small helpers shared by the Python scanners: hashes, VCS URLs, TOML package-block lines,
// and the graph bookkeeping every lockfile scanner repeats.
import { withoutCredentials } from '../../../model/url.js';
import type { FoundEdge, FoundPackage, Hash, PackageSource } from '../../../model/package.js';
import { foundKey, strongerScope } from '../../../model/package.js';
import { InputError } from '../../../model/errors.js';
import { isObject } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';

const HASH_ALGS: ReadonlyMap<string, Hash['alg']> = new Map([
  ['md5', 'MD5'],
  ['sha1', 'SHA-1'],
  ['sha256', 'SHA-256'],
  ['sha384', 'SHA-384'],
  ['sha512', 'SHA-512'],
  ['blake2b_256', 'BLAKE2b-256'],
  ['blake2b-256', 'BLAKE2b-256'],
]);

/** Parses `sha256:<hex>` (pip, Poetry, PDM, Pipenv, uv) into a Hash, or undefined when it is not one. */
export function parseHash(text: string): Hash | undefined {
  const i = text.indexOf(':');
  if (i <= 0) return undefined;
  return hashFrom(text.slice(0, i), text.slice(i + 1));
}

/** Builds a Hash from an algorithm name (`sha256`) and a hex digest, or undefined when either is unknown. */
export function hashFrom(alg: string, value: unknown): Hash | undefined {
  const a = HASH_ALGS.get(alg.trim().toLowerCase());
  if (a === undefined || typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return /^[0-9a-f]+$/.test(v) ? { alg: a, value: v } : undefined;
}

/** Adds `h` to `list` unless the same hash is already there. */
export function pushHash(list: Hash[], h: Hash | undefined): void {
  if (h && !list.some((x) => x.alg === h.alg && x.value === h.value)) list.push(h);
}

/**
 * Splits a pip VCS URL (`git+https://host/org/repo.git@v1.0#egg=name`) into the repository URL
 * and the revision after the last `@` of the path (https://pip.pypa.io/en/stable/topics/vcs-support/).
 * Non-git VCS (hg, svn, bzr) become `url` sources.
 */
export function vcsSource(raw: string): PackageSource {
  const hashAt = raw.indexOf('#');
  let url = hashAt === -1 ? raw : raw.slice(0, hashAt);
  const vcs = /^(git|hg|svn|bzr)\+/i.exec(url);
  if (vcs) url = url.slice(vcs[0].length);
  // The revision `@` comes after the authority: skip `scheme://user@host/`.
  const scheme = url.indexOf('://');
  const pathStart = scheme === -1 ? url.indexOf(':') + 1 : url.indexOf('/', scheme + 3);
  let ref: string | undefined;
  if (pathStart > 0) {
    const at = url.lastIndexOf('@');
    if (at > pathStart) {
      ref = url.slice(at + 1);
      url = url.slice(0, at);
    }
  }
  const kind = vcs === null || vcs[1]?.toLowerCase() === 'git' ? 'git' : 'url';
  const src: PackageSource = { kind, url };
  if (ref) src.ref = ref;
  return src;
}

/** Returns the `egg=` name in a URL fragment (`...#egg=name&subdirectory=x`), if any. */
export function eggName(url: string): string | undefined {
  const hashAt = url.indexOf('#');
  if (hashAt === -1) return undefined;
  for (const part of url.slice(hashAt + 1).split('&')) {
    if (part.startsWith('egg=')) {
      const v = part.slice(4).replace(/\[.*$/, '').trim();
      if (v) return v;
    }
  }
  return undefined;
}

/**
 * Returns, for each `[[<table>]]` block of a TOML file in order, the 1-based line of its
 * top-level `name = ...` key (the header line when the block has none). Keys inside sub-tables
 * (`[package.tool.x]`), comments and multi-line strings are skipped. Returns [] when the
 * file uses no such headers (packages written as an inline array).
 */
export function tomlBlockNameLines(text: string, table: string): number[] {
  const header = `[[${table}]]`;
  const out: number[] = [];
  const lines = text.split('\n');
  let inBlock = false;
  let found = false;
  let multi: '"""' | "'''" | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (multi !== null) {
      if (countOf(line, multi) % 2 === 1) multi = null;
      continue;
    }
    if (line.startsWith('[')) {
      const h = line.replace(/\s*#.*$/, '').replace(/\s+/g, '');
      if (h === header) {
        inBlock = true;
        found = false;
        out.push(i + 1);
      } else {
        inBlock = false;
      }
      continue;
    }
    if (inBlock && !found && /^["']?name["']?\s*=/.test(line)) {
      out[out.length - 1] = i + 1;
      found = true;
    }
    for (const q of ['"""', "'''"] as const) {
      if (countOf(line, q) % 2 === 1) {
        multi = q;
        break;
      }
    }
  }
  return out;
}

function countOf(s: string, sub: string): number {
  let n = 0;
  let i = s.indexOf(sub);
  while (i !== -1) {
    n++;
    i = s.indexOf(sub, i + sub.length);
  }
  return n;
}

/** Returns the table at `key` of a parsed TOML/JSON object, or undefined. */
export function tableAt(obj: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let cur: unknown = obj;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
  }
  return isObject(cur) ? cur : undefined;
}

/** Returns a string property or undefined. */
export function str(obj: Record<string, unknown>, key: string): string | undefined {
  const v = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/**
 * Collects packages by key, merging duplicates (same name and version): the strongest scope
 * wins, direct if any copy is direct, hashes and notes are joined. Also indexes keys by
 * normalised name, for edges that name a dependency without its version.
 */
export class PackageSet {
  readonly byKey = new Map<string, FoundPackage>();
  readonly byName = new Map<string, string[]>();

  /** Adds a package (or merges it into the one with the same key); returns its key. */
  add(p: FoundPackage): string {
    if (p.source?.url !== undefined) p.source.url = withoutCredentials(p.source.url);
    const key = foundKey(p);
    const prev = this.byKey.get(key);
    if (prev === undefined) {
      this.byKey.set(key, p);
      const list = this.byName.get(p.name);
      if (list) list.push(key);
      else this.byName.set(p.name, [key]);
      return key;
    }
    prev.scope = strongerScope(prev.scope ?? 'runtime', p.scope ?? 'runtime');
    if (p.direct === true) prev.direct = true;
    else if (prev.direct === undefined) prev.direct = p.direct;
    if (p.hashes) {
      prev.hashes ??= [];
      for (const h of p.hashes) pushHash(prev.hashes, h);
    }
    if (p.notes) {
      prev.notes ??= [];
      for (const n of p.notes) if (!prev.notes.includes(n)) prev.notes.push(n);
    }
    prev.source ??= p.source;
    if (prev.line === undefined) prev.line = p.line;
    return key;
  }

  /** The packages in insertion order. */
  packages(): FoundPackage[] {
    return [...this.byKey.values()];
  }
}


/** Collects unique edges. */
export class EdgeSet {
  private readonly seen = new Set<string>();
  readonly edges: FoundEdge[] = [];

  /** Adds the edge `from -> to` once. */
  add(from: string | null, to: string): void {
    const id = `${from ?? ''}\u0000${to}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.edges.push({ from, to });
  }
}

/** Adds a note to a package. */
export function addNote(p: FoundPackage, note: string): void {
  p.notes ??= [];
  if (!p.notes.includes(note)) p.notes.push(note);
}

/**
 * Marks packages whose name the project declares as direct (and the rest as transitive) and
 * adds `from: null` edges to them. With no declared names (no manifest next to the lockfile)
 * `direct` stays undefined: the lockfile alone does not say.
 */
export function markDirect(set: PackageSet, edges: EdgeSet, declared: ReadonlySet<string> | undefined): void {
  if (declared === undefined) return;
  for (const [key, p] of set.byKey) {
    p.direct = declared.has(p.name);
    if (p.direct) edges.add(null, key);
  }
}

/** Throws an InputError when content is binary rather than text. */
export function rejectBinary(content: string, file: string, what: string): void {
  if (looksBinary(content)) throw new InputError(`binary data, not a ${what}`, { file });
}
