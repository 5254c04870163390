/**
 * Composer lockfiles (`composer.lock`, https://getcomposer.org/doc/01-basic-usage.md#composer-lock-the-lock-file):
 * `packages` are installed for production, `packages-dev` only with dev requirements. Each
 * entry repeats its own `require` map, which gives the graph; which packages are direct comes
 * from the sibling `composer.json` (`require` / `require-dev`).
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, Scope } from '../../../model/package.js';
import { isObject, parseJson } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import { LineIndex } from '../../../parsers/lines.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { composerLockInfo } from './info.js';

/**
 * Requirements that name the platform rather than a package: PHP itself, extensions, system
 * libraries and Composer's plugin APIs (https://getcomposer.org/doc/01-basic-usage.md#platform-packages).
 */
function isPlatformRequirement(name: string): boolean {
  return (
    /^(?:php|hhvm)(?:-[a-z0-9]+)*$/i.test(name) ||
    /^(?:ext|lib)-/i.test(name) ||
    name === 'composer' ||
    name === 'composer-plugin-api' ||
    name === 'composer-runtime-api'
  );
}

/** Composer package names are case-insensitive; lockfiles write them in lowercase. */
function normalName(name: string): string {
  return name.toLowerCase();
}

interface Entry {
  pkg: FoundPackage;
  key: string;
  requires: string[];
}

/** Reads the sibling composer.json's `require` and `require-dev` names, or undefined when absent/unreadable. */
function readManifest(ctx: ScanContext, warnings: Array<{ message: string }>): { runtime: Set<string>; dev: Set<string> } | undefined {
  const text = ctx.readSibling('composer.json');
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = parseJson(text, 'composer.json');
  } catch (err) {
    warnings.push({ message: `sibling composer.json could not be read (${(err as Error).message}); direct dependencies unknown` });
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  const names = (v: unknown): Set<string> =>
    new Set(isObject(v) ? Object.keys(v).filter((n) => !isPlatformRequirement(n)).map(normalName) : []);
  return { runtime: names(doc.require), dev: names(doc['require-dev']) };
}

/**
 * Finds the line of each package's `"name"` key, in document order. Package names are the
 * least indented `"name"` keys (authors' names sit deeper), so one pass over the text finds them.
 */
function nameLines(content: string): number[] {
  const index = new LineIndex(content);
  const found: Array<{ indent: number; offset: number }> = [];
  const re = /^([ \t]*)"name"\s*:/gm;
  let m: RegExpExecArray | null;
  let min = Infinity;
  while ((m = re.exec(content)) !== null) {
    const indent = m[1]?.length ?? 0;
    found.push({ indent, offset: m.index });
    if (indent < min) min = indent;
  }
  return found.filter((f) => f.indent === min).map((f) => index.lineAt(f.offset));
}

/** Extracts Packagist packages, licenses, hashes and the dependency graph from a composer.lock. */
function extractComposerLock(content: string, ctx: ScanContext): ExtractResult {
  const file = ctx.path;
  if (looksBinary(content)) throw new InputError('binary data, expected composer.lock JSON', { file });
  const doc = parseJson(content, file);
  if (!isObject(doc)) throw new InputError('expected a JSON object at the top level of composer.lock', { file, pointer: '' });
  for (const k of ['packages', 'packages-dev']) {
    const v = doc[k];
    if (v !== undefined && v !== null && !Array.isArray(v)) throw new InputError(`"${k}" must be an array`, { file, pointer: `/${k}` });
  }
  if (doc.packages === undefined && doc['packages-dev'] === undefined && doc['content-hash'] === undefined && doc._readme === undefined) {
    throw new InputError('not a composer.lock: no "packages", "packages-dev" or "content-hash"', { file, pointer: '' });
  }
  const warnings: Array<{ message: string; line?: number }> = [];
  const manifest = readManifest(ctx, warnings);

  // Line numbers: the i-th `"name"` key at line start belongs to the i-th package only when
  // the lockfile is pretty-printed as Composer writes it; otherwise lines are left out.
  const lines = nameLines(content);
  const lists: Array<[string, Scope]> = [
    ['packages', 'runtime'],
    ['packages-dev', 'dev'],
  ];
  const total = lists.reduce((n, [k]) => n + (Array.isArray(doc[k]) ? (doc[k] as unknown[]).length : 0), 0);
  const useLines = lines.length === total;
  let ordinal = 0;

  const entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  const byName = new Map<string, Entry>();
  for (const [listName, scope] of lists) {
    const list = doc[listName];
    if (!Array.isArray(list)) continue;
    list.forEach((raw: unknown, i: number) => {
      const pointer = `/${listName}/${i}`;
      const line = useLines ? lines[ordinal] : undefined;
      ordinal++;
      if (!isObject(raw)) throw new InputError('package entry must be an object', { file, pointer, line });
      const { name, version } = raw;
      if (typeof name !== 'string' || name === '') throw new InputError('package entry has no "name"', { file, pointer, line });
      if (typeof version !== 'string' || version === '') {
        throw new InputError(`package "${name}" has no "version"`, { file, pointer, line });
      }
      const key = `${name}@${version}`;
      const existing = byKey.get(key);
      if (existing) {
        warnings.push({ message: `package ${key} is listed twice; kept the first`, line });
        return;
      }
      const pkg: FoundPackage = { ecosystem: 'Packagist', name, version, scope };
      if (line !== undefined) pkg.line = line;
      if (manifest) {
        const n = normalName(name);
        pkg.direct = manifest.runtime.has(n) || manifest.dev.has(n);
      }
      if (Array.isArray(raw.license)) {
        // Several licenses in Composer's array mean the user may choose: a disjunction.
        const ids = raw.license.filter((l): l is string => typeof l === 'string' && l.trim() !== '');
        if (ids.length === 1) pkg.license = ids[0];
        else if (ids.length > 1) pkg.license = ids.map((l) => (/\s/.test(l.trim()) ? `(${l.trim()})` : l.trim())).join(' OR ');
      } else if (typeof raw.license === 'string' && raw.license.trim() !== '') {
        pkg.license = raw.license.trim();
      }
      const dist = isObject(raw.dist) ? raw.dist : undefined;
      const source = isObject(raw.source) ? raw.source : undefined;
      if (dist?.type === 'path' && typeof dist.url === 'string') {
        // Path repositories are symlinked into vendor/ by default.
        pkg.source = { kind: 'link', url: dist.url };
      } else if (!dist && source && typeof source.url === 'string') {
        // Only a VCS checkout is recorded: the package came straight from its repository.
        pkg.source = { kind: source.type === 'git' ? 'git' : 'url', url: source.url };
        if (typeof source.reference === 'string' && source.reference) pkg.source.ref = source.reference;
      }
      if (dist && typeof dist.shasum === 'string' && /^[0-9a-f]{40}$/i.test(dist.shasum)) {
        pkg.hashes = [{ alg: 'SHA-1', value: dist.shasum.toLowerCase() }];
      }
      const requires = isObject(raw.require) ? Object.keys(raw.require).filter((n) => !isPlatformRequirement(n)) : [];
      const entry: Entry = { pkg, key, requires };
      entries.push(entry);
      byKey.set(key, entry);
      const n = normalName(name);
      if (!byName.has(n)) byName.set(n, entry);
    });
  }

  const edges: FoundEdge[] = [];
  if (manifest) {
    for (const n of [...manifest.runtime, ...manifest.dev]) {
      const target = byName.get(n);
      if (target) edges.push({ from: null, to: target.key });
      else warnings.push({ message: `composer.json requires ${n}, which composer.lock does not list` });
    }
  }
  for (const e of entries) {
    for (const r of e.requires) {
      const target = byName.get(normalName(r));
      // A requirement satisfied by another package's `replace`/`provide` has no entry of its own.
      if (target) edges.push({ from: e.key, to: target.key });
    }
  }

  const result: ExtractResult = { packages: entries.map((e) => e.pkg), edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scanner for composer.lock files (Packagist). */
export const composerLockScanner: Scanner = {
  ...composerLockInfo,
  extract: extractComposerLock,
};
