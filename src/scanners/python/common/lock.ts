// The steps every Python lockfile scanner (pdm.lock, poetry.lock, uv.lock, pylock.toml)
// takes the same way: walking the package tables, hashes from file lists, resolving
// dependency references to package keys, and the result with the sibling pyproject.toml.
import { normalizePypiName } from '../../../model/names.js';
import type { Hash } from '../../../model/package.js';
import { InputError } from '../../../model/errors.js';
import { isObject } from '../../../parsers/json.js';
import type { ExtractResult } from '../../types.js';
import { markDirect, parseHash, pushHash, str, tomlBlockNameLines, type EdgeSet, type PackageSet } from './helpers.js';
import type { PyprojectInfo } from './pyproject-deps.js';

/** A lockfile's warnings, as ExtractResult carries them. */
export type Warnings = Array<{ message: string; line?: number }>;

/** One package table of a lockfile that has a name: the table, its name as written, version, line and index. */
export interface PackageTable {
  entry: Record<string, unknown>;
  rawName: string;
  version: string | null;
  line: number | undefined;
  index: number;
}

/**
 * Calls `visit` for each table of the `[[table]]` array `list` (the parsed value of `table`
 * in `content`) that has a name, with the line of its `name` key; a table that is not a table
 * or has no name is skipped with a warning. Lines are given only when the text has as many
 * `[[table]]` blocks as the array has items, so they cannot be off by one.
 */
export function forEachPackageTable(
  list: readonly unknown[],
  content: string,
  table: string,
  warnings: Warnings,
  visit: (t: PackageTable) => void,
): void {
  const nameLines = tomlBlockNameLines(content, table);
  list.forEach((entry, index) => {
    const line = nameLines.length === list.length ? nameLines[index] : undefined;
    if (!isObject(entry)) {
      warnings.push({ message: `[[${table}]] #${index + 1} is not a table; skipped`, line });
      return;
    }
    const rawName = str(entry, 'name');
    if (rawName === undefined || rawName.trim() === '') {
      warnings.push({ message: `[[${table}]] #${index + 1} has no name; skipped`, line });
      return;
    }
    visit({ entry, rawName, version: str(entry, 'version') ?? null, line, index });
  });
}

/** Adds the `hash` of each table in a file list (`[{file = ..., hash = "sha256:..."}]`) to `hashes`. */
export function pushFileHashes(hashes: Hash[], files: unknown): void {
  if (!Array.isArray(files)) return;
  for (const f of files) if (isObject(f) && typeof f['hash'] === 'string') pushHash(hashes, parseHash(f['hash']));
}

/**
 * Returns the keys a dependency reference `{ name = "...", version = "..." }` (uv.lock,
 * pylock.toml) points at: the packages of that name, narrowed to the recorded version when one
 * of them has it. A reference that is not a table with a name points at nothing.
 */
export function resolveReference(set: PackageSet, dep: unknown): string[] {
  if (!isObject(dep) || typeof dep['name'] !== 'string') return [];
  const keys = set.byName.get(normalizePypiName(dep['name'])) ?? [];
  const v = str(dep, 'version');
  if (v === undefined || keys.length <= 1) return keys;
  const exact = keys.filter((k) => set.byKey.get(k)?.version === v);
  return exact.length > 0 ? exact : keys;
}

/** Adds an edge from each package to every package of each (normalised) name it depends on, except itself. */
export function linkByName(set: PackageSet, edges: EdgeSet, deps: ReadonlyArray<[string, readonly string[]]>): void {
  for (const [from, names] of deps) {
    for (const n of names) for (const to of set.byName.get(n) ?? []) if (to !== from) edges.add(from, to);
  }
}

/**
 * Finishes a lockfile whose direct dependencies come from the sibling pyproject.toml (pdm.lock,
 * poetry.lock): marks the packages it declares as direct (leaves `direct` unset without one),
 * names the project after it, and returns the packages, edges and warnings.
 */
export function resultWithPyproject(
  set: PackageSet,
  edges: EdgeSet,
  pyproject: PyprojectInfo | undefined,
  warnings: Warnings,
): ExtractResult {
  markDirect(set, edges, pyproject ? new Set(pyproject.dependencies.map((d) => d.name)) : undefined);
  const result: ExtractResult = { packages: set.packages(), edges: edges.edges };
  if (pyproject && (pyproject.name !== undefined || pyproject.version !== undefined)) {
    result.project = {};
    if (pyproject.name !== undefined) result.project.name = pyproject.name;
    if (pyproject.version !== undefined) result.project.version = pyproject.version;
  }
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/**
 * Refuses a lockfile whose format version has a major this scanner does not know (tools must
 * refuse, e.g. PEP 751's `lock-version`); an absent version is accepted. `majors` are the known
 * major numbers, `what` names the field as the file writes it (`poetry.lock lock-version`).
 */
export function checkLockVersion(value: unknown, majors: readonly number[], what: string, file: string): void {
  if (value === undefined) return;
  const major = typeof value === 'string' ? /^(\d+)(?:\.|$)/.exec(value)?.[1] : undefined;
  if (major !== undefined && majors.includes(Number(major))) return;
  throw new InputError(`unsupported ${what} ${JSON.stringify(value)}; supported: ${majors.map((m) => `${m}.x`).join(' and ')}`, { file });
}
