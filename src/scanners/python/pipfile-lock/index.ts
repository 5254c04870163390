// Pipenv's Pipfile.lock: JSON with `_meta`, then one object per package category, `default`
// (runtime) and `develop` (dev), plus any custom categories
// (https://pipenv.pypa.io/en/latest/pipfile.html#pipfile-lock-security-features).
// Registry packages record `"version": "==1.2.3"`; VCS, path and URL packages record their
// origin instead and usually no version.
import { InputError } from '../../../model/errors.js';
import { normalizePypiName } from '../../../model/names.js';
import type { FoundPackage, Hash, PackageSource, Scope } from '../../../model/package.js';
import { isObject, parseJson } from '../../../parsers/json.js';
import { LineIndex } from '../../../parsers/lines.js';
import { parseToml } from '../../../parsers/toml.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { EdgeSet, PackageSet, addNote, markDirect, parseHash, pushHash, rejectBinary, str } from '../common/helpers.js';
import { pipfileLockInfo } from './info.js';

/** The newest `_meta.pipfile-spec` Pipenv writes; newer ones may change the layout. */
const MAX_PIPFILE_SPEC = 6;

/** Scans Pipenv's Pipfile.lock (pipfile-spec up to 6), with direct dependencies from the sibling Pipfile. */
export const pipfileLockScanner: Scanner = {
  ...pipfileLockInfo,
  extract(content, ctx): ExtractResult {
    rejectBinary(content, ctx.path, 'Pipfile.lock');
    // An empty file is an empty lockfile, not a broken one (osv-scalibr reads it the same way).
    if (content.trim() === '') return { packages: [] };
    const doc = parseJson(content, ctx.path);
    if (!isObject(doc)) throw new InputError('expected a JSON object at the top level', { file: ctx.path, pointer: '' });
    const meta = doc['_meta'];
    if (meta !== undefined && !isObject(meta)) {
      throw new InputError('`_meta` should be an object', { file: ctx.path, pointer: '/_meta' });
    }
    const spec = meta ? meta['pipfile-spec'] : undefined;
    if (spec !== undefined && !(typeof spec === 'number' && Number.isInteger(spec) && spec >= 1 && spec <= MAX_PIPFILE_SPEC)) {
      throw new InputError(
        `unsupported Pipfile.lock pipfile-spec ${JSON.stringify(spec)}; supported: 1 to ${MAX_PIPFILE_SPEC}`,
        { file: ctx.path, pointer: '/_meta/pipfile-spec' },
      );
    }
    const warnings: Array<{ message: string; line?: number }> = [];
    const indexes = indexUrls(isObject(meta) ? meta : undefined);
    const lines = new KeyLines(content);
    const set = new PackageSet();
    // `default` first so a package in both categories keeps the runtime scope.
    const categories = Object.keys(doc)
      .filter((k) => k !== '_meta')
      .sort((a, b) => rank(a) - rank(b));
    for (const category of categories) {
      const packages = doc[category];
      if (!isObject(packages)) {
        if (category === 'default' || category === 'develop') {
          throw new InputError(`\`${category}\` should be an object of packages`, { file: ctx.path, pointer: `/${category}` });
        }
        continue;
      }
      const scope: Scope = category === 'default' ? 'runtime' : category === 'develop' ? 'dev' : 'optional';
      lines.enter(category);
      for (const [rawName, entry] of Object.entries(packages)) {
        const line = lines.next(rawName);
        if (!isObject(entry)) {
          warnings.push({ message: `${category}.${rawName} is not an object; skipped`, line });
          continue;
        }
        set.add(packageOf(rawName, entry, scope, line, category, indexes, warnings));
      }
    }
    const edges = new EdgeSet();
    markDirect(set, edges, pipfileNames(ctx, warnings));
    const result: ExtractResult = { packages: set.packages(), edges: edges.edges };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};

function rank(category: string): number {
  return category === 'default' ? 0 : category === 'develop' ? 1 : 2;
}

function packageOf(
  rawName: string,
  entry: Record<string, unknown>,
  scope: Scope,
  line: number | undefined,
  category: string,
  indexes: ReadonlyMap<string, string>,
  warnings: Array<{ message: string; line?: number }>,
): FoundPackage {
  const pkg: FoundPackage = { ecosystem: 'PyPI', name: normalizePypiName(rawName), version: null, scope };
  if (line !== undefined) pkg.line = line;
  const v = str(entry, 'version');
  if (v !== undefined) {
    const m = /^===?\s*(\S.*)$/.exec(v.trim());
    if (m && m[1] !== undefined) pkg.version = m[1];
    else {
      pkg.declared = v;
      addNote(pkg, `version "${v}" is not an exact pin`);
      warnings.push({ message: `${category}.${rawName}: version "${v}" is not an == pin`, line });
    }
  }
  const source = sourceOf(entry, indexes);
  if (source) pkg.source = source;
  if (pkg.version === null && v === undefined) {
    addNote(pkg, source ? `no version: installed from ${source.kind} ${source.url ?? ''}`.trim() : 'Pipfile.lock records no version');
  }
  const hashes: Hash[] = [];
  const hs = entry['hashes'];
  if (Array.isArray(hs)) for (const h of hs) if (typeof h === 'string') pushHash(hashes, parseHash(h));
  if (hashes.length > 0) pkg.hashes = hashes;
  const markers = str(entry, 'markers');
  if (markers !== undefined) addNote(pkg, `environment marker: ${markers}`);
  return pkg;
}

/** The origin of a non-registry entry: `git` + `ref`, `path`, or `file` (a URL). */
function sourceOf(entry: Record<string, unknown>, indexes: ReadonlyMap<string, string>): PackageSource | undefined {
  for (const vcs of ['git', 'hg', 'svn', 'bzr']) {
    const url = str(entry, vcs);
    if (url === undefined) continue;
    const src: PackageSource = { kind: vcs === 'git' ? 'git' : 'url', url: url.replace(/^(git|hg|svn|bzr)\+/, '') };
    const ref = str(entry, 'ref');
    if (ref !== undefined) src.ref = ref;
    return src;
  }
  const path = str(entry, 'path');
  if (path !== undefined) return { kind: 'file', url: path };
  const file = str(entry, 'file');
  if (file !== undefined) return /^file:/i.test(file) ? { kind: 'file', url: file } : { kind: 'url', url: file };
  // `index` names one of `_meta.sources`; only a package from another index than PyPI gets a source.
  const index = str(entry, 'index');
  if (index !== undefined) {
    const url = indexes.get(index);
    if (url === undefined) return index === 'pypi' ? undefined : { kind: 'registry' };
    if (!/^https:\/\/pypi\.org\/simple\/?$/.test(url)) return { kind: 'registry', url };
  }
  return undefined;
}

/** `_meta.sources`: index name -> URL. */
function indexUrls(meta: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const sources = meta?.['sources'];
  if (Array.isArray(sources)) {
    for (const s of sources) {
      if (isObject(s) && typeof s['name'] === 'string' && typeof s['url'] === 'string') out.set(s['name'], s['url']);
    }
  }
  return out;
}

/** Names in the sibling Pipfile's package tables (every table but [source], [requires], [scripts], [pipenv]). */
function pipfileNames(ctx: ScanContext, warnings: Array<{ message: string; line?: number }>): Set<string> | undefined {
  const text = ctx.readSibling('Pipfile');
  if (text === undefined) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text, 'Pipfile');
  } catch (err) {
    const why = err instanceof InputError ? err.describe() : String(err);
    warnings.push({ message: `could not read the sibling Pipfile to tell direct dependencies: ${why}` });
    return undefined;
  }
  const names = new Set<string>();
  for (const [table, body] of Object.entries(doc)) {
    if (['source', 'requires', 'scripts', 'pipenv'].includes(table) || !isObject(body)) continue;
    for (const n of Object.keys(body)) names.add(normalizePypiName(n));
  }
  return names;
}

/**
 * Finds the line of each package key in document order: keys come out of the parser in the
 * order they are written, so one forward search per category finds them in one pass.
 */
class KeyLines {
  private readonly index: LineIndex;
  private cursor = 0;
  constructor(private readonly text: string) {
    this.index = new LineIndex(text);
  }

  enter(category: string): void {
    const at = this.text.indexOf(`"${category}"`);
    this.cursor = at === -1 ? 0 : at + category.length + 2;
  }

  next(rawName: string): number | undefined {
    const at = this.text.indexOf(JSON.stringify(rawName), this.cursor);
    if (at === -1) return undefined;
    this.cursor = at + rawName.length;
    return this.index.lineAt(at);
  }
}
