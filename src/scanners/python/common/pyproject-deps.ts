// Reads the dependencies a pyproject.toml declares, in every place tools put them:
// PEP 621 [project] (https://packaging.python.org/en/latest/specifications/pyproject-toml/),
// PEP 735 [dependency-groups] (https://packaging.python.org/en/latest/specifications/dependency-groups/),
// Poetry's [tool.poetry.*] (https://python-poetry.org/docs/pyproject/), PDM's
// [tool.pdm.dev-dependencies] and uv's [tool.uv] dev-dependencies.
import { InputError } from '../../../model/errors.js';
import { normalizePypiName } from '../../../model/names.js';
import type { PackageSource, Scope } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { LineIndex } from '../../../parsers/lines.js';
import { parseToml } from '../../../parsers/toml.js';
import type { ScanContext } from '../../types.js';
import { str, tableAt, vcsSource } from './helpers.js';
import { isValidDistName, parseRequirement } from './pep508.js';

/** One dependency a pyproject.toml declares. */
export interface DeclaredDependency {
  /** PEP 503 normalised. */
  name: string;
  /** The requirement as written: a PEP 508 string, or a Poetry constraint (`^1.2`). */
  declared: string;
  /** The version specifier only (`>=1.0`), or the Poetry constraint. */
  specifier: string;
  /** Poetry's constraint syntax differs from PEP 440 (`^1.2`, bare `1.2.3` meaning `==1.2.3`). */
  poetry: boolean;
  scope: Scope;
  /** The extra, dependency group or Poetry group it belongs to (`main` for plain dependencies). */
  group: string;
  marker?: string;
  source?: PackageSource;
  line?: number;
}

/** What a pyproject.toml says about its project and its dependencies. */
export interface PyprojectInfo {
  name?: string;
  version?: string;
  dependencies: DeclaredDependency[];
  /** Dependency entries that could not be read, with why. */
  problems: Array<{ message: string; line?: number }>;
  /** Names of groups declared as development groups (PEP 735, PDM dev-dependencies, Poetry groups). */
  devGroups: Set<string>;
}

/** Reads the declared dependencies of a parsed pyproject.toml; `text` is used for line numbers. */
export function readPyproject(doc: Record<string, unknown>, text: string): PyprojectInfo {
  const lines = new Lines(text);
  const info: PyprojectInfo = { dependencies: [], problems: [], devGroups: new Set() };
  const project = tableAt(doc, 'project');
  if (project) {
    const name = str(project, 'name');
    const version = str(project, 'version');
    if (name !== undefined) info.name = name;
    if (version !== undefined) info.version = version;
    const from = lines.header('project');
    pep508List(info, lines, project['dependencies'], 'runtime', 'main', from, 'project.dependencies');
    const optional = tableAt(project, 'optional-dependencies');
    if (optional) {
      const ofrom = lines.header('project.optional-dependencies', from);
      for (const [extra, list] of Object.entries(optional)) {
        pep508List(info, lines, list, 'optional', extra, ofrom, `project.optional-dependencies.${extra}`);
      }
    }
  }
  const groups = tableAt(doc, 'dependency-groups');
  if (groups) {
    const gfrom = lines.header('dependency-groups');
    for (const [group, list] of Object.entries(groups)) {
      info.devGroups.add(group);
      // `{include-group = "x"}` entries refer to another group whose entries are read there.
      const items = Array.isArray(list) ? list.filter((x) => !isObject(x) || !('include-group' in x)) : list;
      pep508List(info, lines, items, 'dev', group, gfrom, `dependency-groups.${group}`);
    }
  }
  const poetry = tableAt(doc, 'tool', 'poetry');
  if (poetry) {
    if (!project) {
      const name = str(poetry, 'name');
      const version = str(poetry, 'version');
      if (name !== undefined) info.name = name;
      if (version !== undefined) info.version = version;
    }
    poetryTable(info, lines, tableAt(poetry, 'dependencies'), 'runtime', 'main', 'tool.poetry.dependencies');
    info.devGroups.add('dev');
    poetryTable(info, lines, tableAt(poetry, 'dev-dependencies'), 'dev', 'dev', 'tool.poetry.dev-dependencies');
    const pgroups = tableAt(poetry, 'group');
    if (pgroups) {
      for (const [group, body] of Object.entries(pgroups)) {
        if (group !== 'main') info.devGroups.add(group);
        const header = `tool.poetry.group.${group}.dependencies`;
        poetryTable(info, lines, tableAt(body, 'dependencies'), group === 'main' ? 'runtime' : 'dev', group, header);
      }
    }
  }
  const pdmDev = tableAt(doc, 'tool', 'pdm', 'dev-dependencies');
  if (pdmDev) {
    const from = lines.header('tool.pdm.dev-dependencies');
    for (const [group, list] of Object.entries(pdmDev)) {
      info.devGroups.add(group);
      pep508List(info, lines, list, 'dev', group, from, `tool.pdm.dev-dependencies.${group}`);
    }
  }
  const uv = tableAt(doc, 'tool', 'uv');
  if (uv && uv['dev-dependencies'] !== undefined) {
    info.devGroups.add('dev');
    pep508List(info, lines, uv['dev-dependencies'], 'dev', 'dev', lines.header('tool.uv'), 'tool.uv.dev-dependencies');
  }
  return info;
}

function pep508List(
  info: PyprojectInfo,
  lines: Lines,
  list: unknown,
  scope: Scope,
  group: string,
  from: number,
  where: string,
): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    info.problems.push({ message: `${where} should be an array of requirement strings`, line: lines.lineAt(from) });
    return;
  }
  let cursor = from;
  for (const item of list) {
    if (typeof item !== 'string') {
      info.problems.push({ message: `${where}: skipped an entry that is not a string`, line: lines.lineAt(from) });
      continue;
    }
    const at = lines.find(item, cursor);
    if (at !== -1) cursor = at;
    const line = lines.lineAt(at === -1 ? from : at);
    const req = parseRequirement(item);
    if (!req) {
      info.problems.push({ message: `${where}: "${item}" is not a valid PEP 508 requirement`, line });
      continue;
    }
    const dep: DeclaredDependency = {
      name: req.name,
      declared: item.trim(),
      specifier: req.specifier,
      poetry: false,
      scope,
      group,
      line,
    };
    if (req.marker !== undefined) dep.marker = req.marker;
    if (req.url !== undefined) dep.source = urlSource(req.url);
    info.dependencies.push(dep);
  }
}

/** The source for a PEP 508 direct reference (`name @ url`). */
export function urlSource(url: string): PackageSource {
  if (/^(git|hg|svn|bzr)\+/i.test(url)) return vcsSource(url);
  if (/^file:/i.test(url)) return { kind: 'file', url: url.replace(/^file:(\/\/)?/i, '') };
  return { kind: 'url', url };
}

function poetryTable(
  info: PyprojectInfo,
  lines: Lines,
  table: Record<string, unknown> | undefined,
  scope: Scope,
  group: string,
  header: string,
): void {
  if (!table) return;
  const from = lines.header(header);
  for (const [rawName, value] of Object.entries(table)) {
    // `python` states the supported interpreter versions, not a package.
    if (rawName.toLowerCase() === 'python') continue;
    const line = lines.lineAt(lines.key(rawName, from));
    if (!isValidDistName(rawName)) {
      info.problems.push({ message: `${header}: "${rawName}" is not a valid package name`, line });
      continue;
    }
    const entries = Array.isArray(value) ? value : [value];
    const constraints: string[] = [];
    let source: PackageSource | undefined;
    let optional = false;
    let marker: string | undefined;
    for (const e of entries) {
      if (typeof e === 'string') {
        constraints.push(e.trim());
      } else if (isObject(e)) {
        const v = str(e, 'version');
        if (v !== undefined) constraints.push(v.trim());
        if (e['optional'] === true) optional = true;
        marker ??= str(e, 'markers');
        source ??= poetrySource(e);
      }
    }
    const specifier = constraints.join(' || ');
    const dep: DeclaredDependency = {
      name: normalizePypiName(rawName),
      declared: specifier || (source?.url ?? '*'),
      specifier,
      poetry: true,
      scope: optional && scope === 'runtime' ? 'optional' : scope,
      group,
      line,
    };
    if (marker !== undefined) dep.marker = marker;
    if (source) dep.source = source;
    info.dependencies.push(dep);
  }
}

function poetrySource(e: Record<string, unknown>): PackageSource | undefined {
  const git = str(e, 'git');
  if (git !== undefined) {
    const src: PackageSource = { kind: 'git', url: git };
    const ref = str(e, 'rev') ?? str(e, 'tag') ?? str(e, 'branch');
    if (ref !== undefined) src.ref = ref;
    return src;
  }
  const path = str(e, 'path');
  if (path !== undefined) return { kind: 'file', url: path };
  const url = str(e, 'url');
  if (url !== undefined) return { kind: 'url', url };
  return undefined;
}

/**
 * Returns the exact version a Poetry constraint pins: a bare version (`1.2.3`, which Poetry
 * reads as `==1.2.3`, https://python-poetry.org/docs/dependency-specification/#exact-requirements)
 * or `==1.2.3`; null for ranges.
 */
export function poetryExactVersion(constraint: string): string | null {
  const c = constraint.trim();
  const m = /^(?:===?\s*)?(v?\d[A-Za-z0-9.+!_-]*)$/.exec(c);
  return m && m[1] !== undefined ? m[1] : null;
}

/** Finds offsets of headers, strings and keys in TOML text for line numbers, cheaply. */
class Lines {
  private readonly index: LineIndex;
  constructor(private readonly text: string) {
    this.index = new LineIndex(text);
  }

  lineAt(offset: number): number {
    return this.index.lineAt(Math.max(0, offset));
  }

  /** The offset of the `[a.b]` header (spaces and quotes tolerated), or `fallback`. */
  header(dotted: string, fallback = 0): number {
    const parts = dotted.split('.').map((p) => `["']?${escapeRe(p)}["']?`);
    const re = new RegExp(`^[ \\t]*\\[[ \\t]*${parts.join('[ \\t]*\\.[ \\t]*')}[ \\t]*\\]`, 'm');
    const m = re.exec(this.text);
    return m ? m.index : fallback;
  }

  /** The offset of a string's text after `from` (its part before any quote or backslash), or -1. */
  find(s: string, from: number): number {
    const probe = s.split(/["'\\]/)[0] ?? '';
    if (probe.trim() === '') return -1;
    return this.text.indexOf(probe, from);
  }

  /** The offset of a `key =` line after `from`, or `from`. */
  key(k: string, from: number): number {
    const re = new RegExp(`^[ \\t]*["']?${escapeRe(k)}["']?[ \\t]*=`, 'gm');
    re.lastIndex = from;
    const m = re.exec(this.text);
    return m ? m.index : from;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads the pyproject.toml next to a lockfile, for which dependencies are direct. Returns
 * undefined when there is none; a pyproject.toml that cannot be parsed adds a warning.
 */
export function siblingPyproject(
  ctx: ScanContext,
  warnings: Array<{ message: string; line?: number }>,
): PyprojectInfo | undefined {
  const text = ctx.readSibling('pyproject.toml');
  if (text === undefined) return undefined;
  try {
    return readPyproject(parseToml(text, 'pyproject.toml'), text);
  } catch (err) {
    const why = err instanceof InputError ? err.describe() : String(err);
    warnings.push({ message: `could not read the sibling pyproject.toml to tell direct dependencies: ${why}` });
    return undefined;
  }
}
