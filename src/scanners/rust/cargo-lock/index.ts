/**
 * Cargo.lock (https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html), format
 * versions 1 to 4. Versions 1 and 2 carry no marker; 3 and 4 write `version = N` at the top.
 * Version 1 keeps checksums in a `[metadata]` table and always spells dependencies in full
 * (`"name version (source)"`); later versions shorten them to `"name"` or `"name version"`
 * when that is unambiguous. The format is defined by cargo's own resolver encoding:
 * https://github.com/rust-lang/cargo/blob/master/src/cargo/core/resolver/encode.rs
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, Hash, PackageSource } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import { LineIndex } from '../../../parsers/lines.js';
import { parseToml } from '../../../parsers/toml.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { cargoLockInfo } from './info.js';

/** Cargo.lock format versions this scanner reads. */
const SUPPORTED_VERSIONS = [1, 2, 3, 4];

/** Registries that are crates.io itself: packages from them get no `source`. */
const CRATES_IO_SOURCES = new Set([
  'registry+https://github.com/rust-lang/crates.io-index',
  'sparse+https://index.crates.io/',
]);

interface LockEntry {
  name: string;
  version: string;
  source: string | undefined;
  dependencies: string[];
  pkg: FoundPackage;
}

/** Splits a dependency spec `name`, `name version` or `name version (source)`. */
function parseDependencySpec(spec: string): { name: string; version?: string; source?: string } {
  const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(spec.trim());
  if (!m?.[1]) return { name: spec.trim() };
  return { name: m[1], version: m[2], source: m[3] };
}

/** Turns a Cargo `source` string into Ospo's source: none for crates.io, git or registry otherwise. */
function toSource(source: string | undefined): PackageSource | undefined {
  if (source === undefined) return { kind: 'workspace' };
  if (CRATES_IO_SOURCES.has(source)) return undefined;
  const plus = source.indexOf('+');
  const kind = plus === -1 ? '' : source.slice(0, plus);
  const rest = plus === -1 ? source : source.slice(plus + 1);
  if (kind === 'git') {
    // git+https://github.com/o/r?branch=main#<commit>: the fragment is the locked commit.
    const hash = rest.indexOf('#');
    const url = hash === -1 ? rest : rest.slice(0, hash);
    const ref = hash === -1 ? undefined : rest.slice(hash + 1);
    const q = url.indexOf('?');
    return ref ? { kind: 'git', url: q === -1 ? url : url.slice(0, q), ref } : { kind: 'git', url: q === -1 ? url : url.slice(0, q) };
  }
  if (kind === 'path') return { kind: 'file', url: rest };
  return { kind: 'registry', url: rest };
}

/**
 * Finds the line of each `[[package]]` entry's `name` (or of the header when the name is not on
 * its own line), in file order, so the i-th line belongs to the i-th parsed package.
 */
function packageLines(content: string): number[] {
  const lines = new LineIndex(content);
  const result: number[] = [];
  const header = /^[ \t]*\[\[[ \t]*package[ \t]*\]\][ \t]*(?:#.*)?\r?$/gm;
  const nameLine = /^[ \t]*name[ \t]*=/m;
  let m: RegExpExecArray | null;
  while ((m = header.exec(content)) !== null) {
    const after = content.slice(header.lastIndex, header.lastIndex + 400);
    const next = nameLine.exec(after);
    const stop = after.indexOf('[');
    const nameAt = next && (stop === -1 || next.index < stop) ? header.lastIndex + next.index : m.index;
    result.push(lines.lineAt(nameAt));
  }
  return result;
}

/** Reads the format version: the top-level `version` key, else 2 or 1 by whether checksums sit in `[metadata]`. */
function formatVersion(doc: Record<string, unknown>): number {
  const v = doc.version;
  if (v === undefined) {
    const meta = doc.metadata;
    if (isObject(meta) && Object.keys(meta).some((k) => k.startsWith('checksum '))) return 1;
    return 2;
  }
  if (typeof v !== 'number' || !SUPPORTED_VERSIONS.includes(v)) {
    throw new InputError(
      `unsupported Cargo.lock version ${JSON.stringify(v)}; supported versions are ${SUPPORTED_VERSIONS.join(', ')}`,
    );
  }
  return v;
}

/** Extracts crates, their checksums and dependency graph from a Cargo.lock. */
function extractCargoLock(content: string, ctx: ScanContext): ExtractResult {
  if (looksBinary(content)) throw new InputError('binary data, expected a Cargo.lock (TOML)', { file: ctx.path });
  const doc = parseToml(content, ctx.path);
  let version: number;
  try {
    version = formatVersion(doc);
  } catch (err) {
    if (err instanceof InputError) err.file = ctx.path;
    throw err;
  }
  const rawPackages: unknown[] = [];
  // The ancient format (before Cargo 1.0 stabilised workspaces) kept the root crate in `[root]`.
  if (isObject(doc.root)) rawPackages.push(doc.root);
  if (doc.package !== undefined) {
    if (!Array.isArray(doc.package)) throw new InputError('`package` must be an array of tables ([[package]])', { file: ctx.path });
    rawPackages.push(...(doc.package as unknown[]));
  }
  const unknownKeys = Object.keys(doc).filter((k) => !['version', 'package', 'metadata', 'root', 'patch'].includes(k));
  if (rawPackages.length === 0 && unknownKeys.length > 0 && doc.version === undefined) {
    throw new InputError(`not a Cargo.lock: no [[package]] entries and unexpected keys ${unknownKeys.slice(0, 3).join(', ')}`, {
      file: ctx.path,
    });
  }

  const lines = packageLines(content);
  const lineOffset = isObject(doc.root) ? 1 : 0;
  const warnings: Array<{ message: string; line?: number }> = [];
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const entries: LockEntry[] = [];
  const byName = new Map<string, LockEntry[]>();
  const byKey = new Map<string, LockEntry>();

  rawPackages.forEach((raw, i) => {
    const line = i >= lineOffset ? lines[i - lineOffset] : undefined;
    if (!isObject(raw)) throw new InputError(`[[package]] entry ${i + 1} is not a table`, { file: ctx.path, line });
    const { name, version: ver, source, checksum, dependencies } = raw;
    if (typeof name !== 'string' || name === '') {
      throw new InputError(`[[package]] entry ${i + 1} has no \`name\``, { file: ctx.path, line });
    }
    if (typeof ver !== 'string' || ver === '') {
      throw new InputError(`package "${name}" has no \`version\``, { file: ctx.path, line });
    }
    if (source !== undefined && typeof source !== 'string') {
      throw new InputError(`package "${name}" has a non-string \`source\``, { file: ctx.path, line });
    }
    const deps: string[] = [];
    if (Array.isArray(dependencies)) {
      for (const d of dependencies) if (typeof d === 'string') deps.push(d);
    }
    const pkg: FoundPackage = { ecosystem: 'crates.io', name, version: ver, scope: 'runtime', direct: false };
    if (line !== undefined) pkg.line = line;
    const src = toSource(source);
    if (src) pkg.source = src;
    let sum = typeof checksum === 'string' ? checksum : undefined;
    if (sum === undefined && source !== undefined) {
      // Version 1 keeps checksums as `"checksum <name> <version> (<source>)" = "<sha256>"`.
      const v1 = metadata[`checksum ${name} ${ver} (${source})`];
      if (typeof v1 === 'string' && v1 !== '<none>') sum = v1;
    }
    if (sum && /^[0-9a-f]{64}$/i.test(sum)) {
      const hash: Hash = { alg: 'SHA-256', value: sum.toLowerCase() };
      pkg.hashes = [hash];
    }
    let key = `${name}@${ver}`;
    if (byKey.has(key)) {
      const first = byKey.get(key);
      if (first && first.source === source) {
        warnings.push({ message: `package ${key} is listed twice with the same source; kept the first`, line });
        return;
      }
      key = `${name}@${ver} (${source ?? 'path'})`;
      pkg.key = key;
    }
    const entry: LockEntry = { name, version: ver, source, dependencies: deps, pkg };
    entries.push(entry);
    byKey.set(key, entry);
    const list = byName.get(name);
    if (list) list.push(entry);
    else byName.set(name, [entry]);
  });

  const keyOf = (e: LockEntry): string => e.pkg.key ?? `${e.name}@${e.version}`;
  const resolve = (spec: string): LockEntry | undefined => {
    const d = parseDependencySpec(spec);
    const candidates = byName.get(d.name);
    if (!candidates) return undefined;
    if (d.version === undefined) return candidates.length === 1 ? candidates[0] : undefined;
    const sameVersion = candidates.filter((c) => c.version === d.version);
    if (sameVersion.length <= 1 || d.source === undefined) return sameVersion[0];
    return sameVersion.find((c) => c.source === d.source) ?? sameVersion[0];
  };

  const edges: FoundEdge[] = [];
  for (const e of entries) {
    const from = keyOf(e);
    const own = e.source === undefined;
    if (own) {
      // Crates without a source are the workspace's own members or path dependencies:
      // they are part of the project, and what they depend on is direct.
      e.pkg.direct = true;
      edges.push({ from: null, to: from });
    }
    for (const spec of e.dependencies) {
      const target = resolve(spec);
      if (!target) {
        warnings.push({ message: `dependency "${spec}" of ${from} is not listed in the lockfile`, line: e.pkg.line });
        continue;
      }
      if (own) target.pkg.direct = true;
      edges.push({ from, to: keyOf(target) });
    }
  }
  const patch = isObject(doc.patch) ? doc.patch.unused : undefined;
  if (Array.isArray(patch) && patch.length > 0) {
    // [[patch.unused]] lists patches that matched nothing: they are not built.
    warnings.push({ message: `${patch.length} unused [patch] entr${patch.length === 1 ? 'y' : 'ies'} not reported as packages` });
  }
  if (version === 1 && entries.length > 0 && Object.keys(metadata).length === 0) {
    warnings.push({ message: 'Cargo.lock version 1 without a [metadata] table: no checksums recorded' });
  }

  const result: ExtractResult = { packages: entries.map((e) => e.pkg), edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scanner for Cargo.lock files (crates.io), format versions 1 to 4. */
export const cargoLockScanner: Scanner = {
  ...cargoLockInfo,
  extract: extractCargoLock,
};
