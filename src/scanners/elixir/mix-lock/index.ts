/**
 * Mix lockfiles (`mix.lock`): an Elixir map from each dependency's app name to a tuple Mix's
 * SCMs write (https://github.com/hexpm/hex/blob/main/lib/hex/scm.ex and
 * https://github.com/elixir-lang/elixir/blob/main/lib/mix/lib/mix/scm/git.ex):
 *
 * - `{:hex, :pkg, "1.2.3", "inner_sha256", [:mix], [deps], "hexpm", "outer_sha256"}` (older Hex
 *   versions write fewer trailing fields);
 * - `{:git, "url", "commit", [branch: ...]}`.
 *
 * Each dep in `[deps]` is `{:app, "requirement", [hex: :pkg, repo: "hexpm", optional: bool]}`,
 * which gives the graph. The file is read with a data-only term reader, never evaluated.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage } from '../../../model/package.js';
import { looksBinary } from '../../../parsers/limits.js';
import { stripBom } from '../../../parsers/lines.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { parseElixirTerm, type Term } from './elixir-terms.js';
import { mixLockInfo } from './info.js';

interface Entry {
  app: string;
  pkg: FoundPackage;
  key: string;
  deps: Term[];
}

const text = (t: Term | undefined): string | undefined => (t && (t.type === 'string' || t.type === 'atom') ? t.value : undefined);

/** Reads a keyword list (`[hex: :x, optional: true]`) into a Map; other shapes give an empty Map. */
function keywords(t: Term | undefined): Map<string, Term> {
  const out = new Map<string, Term>();
  if (t?.type !== 'list') return out;
  for (const item of t.items) {
    if (item.type === 'tuple' && item.items.length === 2 && item.items[0]?.type === 'atom' && item.items[1]) {
      out.set(item.items[0].value, item.items[1]);
    }
  }
  return out;
}

/** Extracts Hex and git dependencies and their graph from a mix.lock. */
function extractMixLock(content: string, ctx: ScanContext): ExtractResult {
  const file = ctx.path;
  if (looksBinary(content)) throw new InputError('binary data, expected a mix.lock', { file });
  const src = stripBom(content);
  // Mix treats a missing or blank lock as an empty one.
  if (src.trim() === '') return { packages: [] };
  const root = parseElixirTerm(src, file);
  if (root.type !== 'map') throw new InputError(`expected a map %{...} at the top of mix.lock, found a ${root.type}`, { file, line: root.line });

  const warnings: Array<{ message: string; line?: number }> = [];
  const entries: Entry[] = [];
  const byApp = new Map<string, Entry>();
  const keys = new Set<string>();
  for (const [k, v] of root.entries) {
    const app = text(k);
    const line = k.line;
    if (app === undefined) throw new InputError('mix.lock keys must be dependency names', { file, line });
    if (v.type !== 'tuple' || v.items[0]?.type !== 'atom') {
      throw new InputError(`entry "${app}" must be a tuple starting with its SCM (:hex or :git)`, { file, line });
    }
    const scm = v.items[0].value;
    let pkg: FoundPackage;
    let deps: Term[] = [];
    if (scm === 'hex') {
      const name = v.items[1]?.type === 'atom' ? v.items[1].value : undefined;
      const version = v.items[2]?.type === 'string' ? v.items[2].value : undefined;
      if (!name || !version) {
        warnings.push({ message: `hex entry "${app}" has no package name or version; skipped`, line });
        continue;
      }
      pkg = { ecosystem: 'Hex', name, version, scope: 'runtime', line };
      if (name !== app) pkg.notes = [`locked as app "${app}"`];
      const outer = text(v.items[7]);
      if (outer && /^[0-9a-f]{64}$/i.test(outer)) pkg.hashes = [{ alg: 'SHA-256', value: outer.toLowerCase() }];
      const repo = text(v.items[6]);
      if (repo && repo !== 'hexpm') pkg.source = { kind: 'registry', url: repo };
      if (v.items[5]?.type === 'list') deps = v.items[5].items;
    } else if (scm === 'git') {
      const url = text(v.items[1]);
      const commit = text(v.items[2]);
      // A git dependency has no registry version; the commit identifies it.
      pkg = { ecosystem: 'Hex', name: app, version: null, scope: 'runtime', line, source: { kind: 'git' } };
      if (url && pkg.source) pkg.source.url = url;
      if (commit && pkg.source) pkg.source.ref = commit;
      pkg.notes = ['git dependency: no Hex version'];
    } else {
      pkg = { ecosystem: 'Hex', name: app, version: null, scope: 'runtime', line };
      pkg.notes = [`locked by the ${scm} SCM, which Ospo does not know: no version`];
      warnings.push({ message: `entry "${app}" uses unknown SCM :${scm}; reported without a version`, line });
    }
    let key = `${pkg.name}@${pkg.version ?? ''}`;
    if (keys.has(key)) {
      key = `${app}:${key}`;
      pkg.key = key;
    }
    keys.add(key);
    const entry: Entry = { app, pkg, key, deps };
    entries.push(entry);
    byApp.set(app, entry);
  }

  const edges: FoundEdge[] = [];
  for (const e of entries) {
    for (const d of e.deps) {
      if (d.type !== 'tuple' || d.items[0]?.type !== 'atom') continue;
      const app = d.items[0].value;
      const opts = keywords(d.items[2]);
      const target = byApp.get(app);
      if (!target) {
        // Optional dependencies are only locked when the project itself asks for them.
        if (text(opts.get('optional')) !== 'true') {
          warnings.push({ message: `dependency ${app} of ${e.app} is not in mix.lock`, line: e.pkg.line });
        }
        continue;
      }
      edges.push({ from: e.key, to: target.key });
    }
  }

  const result: ExtractResult = { packages: entries.map((e) => e.pkg), edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scanner for mix.lock files (Elixir and Erlang projects built with Mix; Hex). */
export const mixLockScanner: Scanner = {
  ...mixLockInfo,
  extract: extractMixLock,
};
