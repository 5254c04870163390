// pip requirements files (https://pip.pypa.io/en/stable/reference/requirements-file-format/):
// one requirement per logical line (`\` continues a line, `#` after whitespace starts a
// comment), per-requirement options such as `--hash=`, global options such as `--index-url`,
// `-r`/`-c` includes, `-e` editable installs, and URL or path lines. pip-tools' `# via`
// annotations, when present, say which requirements are direct and who pulls in the rest.
import { normalizePypiName } from '../../../model/names.js';
import type { FoundPackage, Hash, PackageSource, Scope } from '../../../model/package.js';
import { looksBinary } from '../../../parsers/limits.js';
import { splitLines, stripBom } from '../../../parsers/lines.js';
import { InputError } from '../../../model/errors.js';
import { baseName, type ExtractResult, type ScanContext, type Scanner } from '../../types.js';
import { EdgeSet, PackageSet, addNote, eggName, parseHash, pushHash, vcsSource } from '../common/helpers.js';
import { parseRequirement, parseWheelFileName, versionFromSpecifier } from '../common/pep508.js';
import { urlSource } from '../common/pyproject-deps.js';
import { requirementsInfo } from './info.js';

/** How deep `-r`/`-c` includes may nest before the rest is ignored (real files nest two or three). */
const MAX_INCLUDE_DEPTH = 16;

/** Scans pip requirements files (requirements.txt, requirements-dev.txt, requirements/*.txt, constraints.txt). */
export const requirementsScanner: Scanner = {
  ...requirementsInfo,
  extract(content, ctx): ExtractResult {
    if (looksBinary(content)) throw new InputError('binary data, not a requirements file', { file: ctx.path });
    const state = new State(ctx);
    const rootDir = dirName(ctx.path);
    state.visited.add(normalizePath(ctx.path));
    state.parseFile(stripBom(content), baseName(ctx.path), rootDir, 0, 'requirement', undefined);
    return state.finish();
  },
};

type Mode = 'requirement' | 'constraint';

/** Where an option line stands, for following `-r`/`-c` and placing warnings and lines. */
interface OptionLine {
  /** The file's path relative to the scanned file's directory. */
  rel: string;
  /** The file's directory relative to the scan root. */
  dir: string;
  depth: number;
  mode: Mode;
  /** The line of the scanned file that leads here: this line, or the `-r`/`-c` that included this file. */
  includeLine: number;
  /** Makes a warning about this line. */
  at: (msg: string) => { message: string; line?: number };
  fileScope: Scope;
  /** The line given to a package declared here. */
  where: number | undefined;
  /** This line's number in its own file. */
  line: number;
}

/** A package read from one line, before constraints are applied and duplicates merged. */
interface Entry {
  pkg: FoundPackage;
  /** pip-tools `# via` annotations: whether one names a requirements file, and the parents named. */
  via?: { direct: boolean; parents: string[] };
}

class State {
  readonly visited = new Set<string>();
  readonly entries: Entry[] = [];
  /** Exact pins from constraints files, by name. */
  readonly constraints = new Map<string, { version: string; file: string }>();
  readonly warnings: Array<{ message: string; line?: number }> = [];

  constructor(private readonly ctx: ScanContext) {}

  /**
   * Reads one file. `rel` is its path relative to the scanned file's directory (for
   * readSibling), `dir` its directory relative to the scan root (for loop detection);
   * `includeLine` is the line of the scanned file's `-r`/`-c` that led here.
   */
  parseFile(text: string, rel: string, dir: string, depth: number, mode: Mode, includeLine: number | undefined): void {
    const isRoot = depth === 0;
    const fileScope = scopeForFile(rel);
    let last: Entry | undefined;
    let inVia = false;
    for (const { line, text: logical } of logicalLines(text)) {
      const where = isRoot ? line : includeLine;
      const cm = /(^|\s+)#(.*)$/.exec(logical);
      let body = (cm ? logical.slice(0, cm.index) : logical).trim();
      let comment = cm ? (cm[2] ?? '') : undefined;
      // pip starts a comment only after whitespace, but a `#` right after a pinned version
      // (`Jinja2==3.0.0#note`) cannot be part of it: the note is a comment, not the version.
      const glued = body.includes('://') || body.startsWith('-') ? null : /^[^#]*?(?:===|==|!=|<=|>=|~=|<|>)\s*[A-Za-z0-9._+!*-]+(?=#)/.exec(body);
      if (glued) {
        comment = body.slice(glued[0].length + 1) + (comment !== undefined ? ` #${comment}` : '');
        body = glued[0].trim();
      }
      if (body === '') {
        if (comment !== undefined && last) {
          inVia = readVia(comment, last, inVia);
        } else {
          // A blank line ends the annotations of the requirement above it.
          inVia = false;
          if (comment === undefined) last = undefined;
        }
        continue;
      }
      last = undefined;
      inVia = false;
      const at = (msg: string): { message: string; line?: number } =>
        isRoot ? { message: `${msg}`, line } : { message: `${rel}:${line}: ${msg}`, ...(includeLine !== undefined ? { line: includeLine } : {}) };

      if (body.startsWith('-')) {
        this.option(body, { rel, dir, depth, mode, includeLine: includeLine ?? line, at, fileScope, where, line });
        continue;
      }
      // Per-requirement options (`--hash=...`, `--config-settings`, `-C`) follow whitespace.
      const optAt = body.search(/\s--?[A-Za-z]/);
      const req = (optAt === -1 ? body : body.slice(0, optAt)).trim();
      const opts = optAt === -1 ? '' : body.slice(optAt);
      const entry = this.requirement(req, at, fileScope);
      if (!entry) continue;
      const hashes: Hash[] = [];
      for (const m of opts.matchAll(/(?:^|\s)--hash(?:=|\s+)(\S*)/g)) {
        const h = parseHash(m[1] ?? '');
        if (h) pushHash(hashes, h);
        else if (m[1]) addNote(entry.pkg, `unrecognised hash "${m[1]}"`);
      }
      if (hashes.length > 0) entry.pkg.hashes = hashes;
      if (where !== undefined) entry.pkg.line = where;
      if (!isRoot) addNote(entry.pkg, `declared in ${rel}:${line}`);
      if (mode === 'constraint') {
        if (entry.pkg.version !== null && entry.pkg.declared !== undefined && /^===?/.test(entry.pkg.declared)) {
          this.constraints.set(entry.pkg.name, { version: entry.pkg.version, file: rel });
        }
        continue;
      }
      this.entries.push(entry);
      last = entry;
      if (comment !== undefined) inVia = readVia(comment, entry, false);
    }
  }

  private option(body: string, here: OptionLine): void {
    const { rel, depth, mode, at, fileScope, where, line } = here;
    let opt: string;
    let val: string;
    if (body.startsWith('--')) {
      const m = /^(--[\w-]+)(?:\s*=\s*|\s+)?(.*)$/.exec(body);
      opt = m?.[1] ?? body;
      val = (m?.[2] ?? '').trim();
    } else {
      opt = body.slice(0, 2);
      val = body.slice(2).replace(/^\s*=?\s*/, '').trim();
    }
    switch (opt) {
      case '-r':
      case '--requirement':
        this.include(val, mode, here);
        return;
      case '-c':
      case '--constraint':
        this.include(val, 'constraint', here);
        return;
      case '-e':
      case '--editable': {
        const entry = this.editable(val, at, fileScope);
        if (!entry) return;
        if (where !== undefined) entry.pkg.line = where;
        if (depth > 0) addNote(entry.pkg, `declared in ${rel}:${line}`);
        if (mode === 'requirement') this.entries.push(entry);
        return;
      }
      default:
        if (!GLOBAL_OPTIONS.has(opt)) this.warnings.push(at(`unknown option ${opt} ignored`));
    }
  }

  /** Follows `-r`/`-c target` written on the option line `here`, reading the file in `mode`. */
  private include(target: string, mode: Mode, here: OptionLine): void {
    const { rel, dir, depth, includeLine, at } = here;
    const kind = mode === 'constraint' ? 'constraints file' : 'requirements file';
    if (target === '') {
      this.warnings.push(at(`-r/-c without a file name`));
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)) {
      this.warnings.push(at(`${kind} ${target} not read: only files inside the scanned tree are followed`));
      return;
    }
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      this.warnings.push(at(`${kind} ${target} not read: includes nested deeper than ${MAX_INCLUDE_DEPTH}`));
      return;
    }
    const relDir = dirName(rel);
    const nextRel = normalizePath(relDir ? `${relDir}/${target}` : target);
    const key = normalizePath(dir ? `${dir}/${target}` : target);
    if (this.visited.has(key)) return;
    this.visited.add(key);
    const text = this.ctx.readSibling(nextRel);
    if (text === undefined) {
      this.warnings.push(at(`${kind} ${target} not found (or not readable)`));
      return;
    }
    if (looksBinary(text)) {
      this.warnings.push(at(`${kind} ${target} is binary; not read`));
      return;
    }
    this.parseFile(stripBom(text), nextRel, dirName(key), depth + 1, mode, includeLine);
  }

  /** A requirement line: PEP 508 (`name[extras] specifier ; marker`, `name @ url`), a URL or a path. */
  private requirement(req: string, at: (msg: string) => { message: string; line?: number }, scope: Scope): Entry | undefined {
    if (/^\S+\.(whl|tar\.gz|tgz|tar\.bz2|zip)$/i.test(req) || /^[a-z][a-z0-9+.-]*:\/\//i.test(req) || /^[./~]/.test(req)) {
      return this.urlOrPath(req, at, scope);
    }
    const r = parseRequirement(req);
    if (!r) {
      if (/^(git|hg|svn|bzr)\+/i.test(req)) return this.urlOrPath(req, at, scope);
      this.warnings.push(at(`not a valid requirement: ${req}`));
      return undefined;
    }
    if (r.rawName.includes('${')) {
      this.warnings.push(at(`requirement name uses an environment variable, not resolved: ${req}`));
      return undefined;
    }
    const pkg: FoundPackage = { ecosystem: 'PyPI', name: r.name, version: null, scope, direct: true };
    if (r.specifier !== '') pkg.declared = r.specifier;
    if (r.url !== undefined) {
      pkg.source = urlSource(r.url);
      const wheel = parseWheelFileName(lastSegment(r.url));
      if (wheel && wheel.name === r.name) pkg.version = wheel.version;
      if (r.url.includes('${')) addNote(pkg, 'the URL uses an environment variable, left unresolved');
    } else if (r.specifier.includes('${')) {
      // pip expands ${VAR} from the environment at install time; a scan cannot know it.
      addNote(pkg, `version uses an environment variable, left unresolved: ${r.specifier}`);
    } else {
      const v = versionFromSpecifier(r.specifier);
      pkg.version = v.version;
      if (v.version !== null && !v.exact) addNote(pkg, `version is the bound of "${r.specifier}", not a resolved version`);
    }
    if (r.extras.length > 0) addNote(pkg, `extras: ${r.extras.join(', ')}`);
    if (r.marker !== undefined) addNote(pkg, `environment marker: ${r.marker}`);
    return { pkg };
  }

  /** A URL, VCS URL or local path line; the name comes from `#egg=` or a wheel file name. */
  private urlOrPath(req: string, at: (msg: string) => { message: string; line?: number }, scope: Scope): Entry | undefined {
    const vcs = /^(git|hg|svn|bzr)\+/i.test(req);
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(req) && !/^file:/i.test(req);
    const source: PackageSource = vcs
      ? vcsSource(req)
      : isUrl
        ? { kind: 'url', url: req.replace(/#.*$/, '') }
        : { kind: 'file', url: req.replace(/^file:(\/\/)?/i, '').replace(/#.*$/, '') };
    const egg = eggName(req);
    const wheel = parseWheelFileName(lastSegment(req.replace(/#.*$/, '')));
    const name = egg !== undefined ? normalizePypiName(egg) : wheel?.name;
    if (name === undefined) {
      this.warnings.push(at(`cannot tell which package ${req} installs (add #egg=<name> or use "name @ url"); skipped`));
      return undefined;
    }
    const pkg: FoundPackage = { ecosystem: 'PyPI', name, version: wheel && wheel.name === name ? wheel.version : null, scope, direct: true, source };
    if (req.includes('${')) addNote(pkg, 'the URL uses an environment variable, left unresolved');
    return { pkg };
  }

  /** `-e <vcs url or local path>`: an editable install. */
  private editable(val: string, at: (msg: string) => { message: string; line?: number }, scope: Scope): Entry | undefined {
    if (val === '') {
      this.warnings.push(at('-e without a path or URL'));
      return undefined;
    }
    if (/^(git|hg|svn|bzr)\+/i.test(val) || /^[a-z][a-z0-9+.-]*:\/\//i.test(val)) {
      const entry = this.urlOrPath(val, at, scope);
      if (entry) addNote(entry.pkg, 'editable install');
      return entry;
    }
    const path = val.replace(/\[[^\]]*\]$/, '').replace(/#.*$/, '');
    const egg = eggName(val);
    const segment = lastSegment(path.replace(/\/+$/, ''));
    if (egg === undefined && (path === '.' || path === './' || segment === '' || segment === '.' || segment === '..')) {
      this.warnings.push(at(`-e ${val} installs the project itself; not a dependency`));
      return undefined;
    }
    const pkg: FoundPackage = {
      ecosystem: 'PyPI',
      name: normalizePypiName(egg ?? segment),
      version: null,
      scope,
      direct: true,
      source: { kind: 'file', url: path },
    };
    addNote(pkg, egg === undefined ? 'editable install; name taken from the directory name' : 'editable install');
    return { pkg };
  }

  finish(): ExtractResult {
    const set = new PackageSet();
    const keyed: Array<[string, Entry]> = [];
    for (const e of this.entries) {
      const c = this.constraints.get(e.pkg.name);
      if (e.pkg.version === null && c !== undefined && e.pkg.source === undefined) {
        e.pkg.version = c.version;
        addNote(e.pkg, `version pinned by constraints file ${c.file}`);
      }
      keyed.push([set.add(e.pkg), e]);
    }
    const edges = new EdgeSet();
    // With pip-tools annotations, `# via -r file` marks direct requirements and `# via pkg` a parent.
    const annotated = keyed.some(([, e]) => e.via !== undefined);
    const directKeys = new Set<string>();
    for (const [key, e] of keyed) {
      if (!annotated || e.via?.direct === true) directKeys.add(key);
      for (const parent of e.via?.parents ?? []) {
        for (const from of set.byName.get(parent) ?? []) if (from !== key) edges.add(from, key);
      }
    }
    for (const [key, p] of set.byKey) {
      p.direct = directKeys.has(key);
      if (p.direct) edges.add(null, key);
    }
    const result: ExtractResult = { packages: set.packages(), edges: edges.edges };
    if (this.warnings.length > 0) result.warnings = this.warnings;
    return result;
  }
}

/**
 * Reads a pip-tools annotation comment (`via -r requirements.in`, `via`, then `  pkg` lines);
 * returns whether the following comment lines still continue a `via` list.
 */
function readVia(comment: string, entry: Entry, inVia: boolean): boolean {
  const head = /^\s*via\b\s*(.*)$/.exec(comment);
  let items: string[];
  if (head) {
    items = (head[1] ?? '').split(',');
    entry.via ??= { direct: false, parents: [] };
  } else if (inVia && /^\s{2,}\S/.test(comment)) {
    items = [comment];
  } else {
    return false;
  }
  const via = entry.via as { direct: boolean; parents: string[] };
  for (const raw of items) {
    const item = raw.trim();
    if (item === '') continue;
    // `-r requirements.in`, or the project's own metadata: `my-project (pyproject.toml)`.
    if (item.startsWith('-r ') || item.startsWith('--requirement') || /\((pyproject\.toml|setup\.py|setup\.cfg)\)$/.test(item)) {
      via.direct = true;
    } else if (!item.startsWith('-c ') && !item.startsWith('--constraint')) {
      const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(item)?.[1];
      if (name !== undefined) via.parents.push(normalizePypiName(name));
    }
  }
  return true;
}

/** Joins `\`-continued lines (an odd number of trailing backslashes), keeping each logical line's first line number. */
function* logicalLines(text: string): Generator<{ line: number; text: string }> {
  const lines = splitLines(text);
  let buf: string[] = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    // A comment line never continues (pip's join_lines), even when it ends with `\`.
    const isComment = /^\s*#/.test(raw);
    const trailing = /\\+$/.exec(raw)?.[0].length ?? 0;
    if (!isComment && trailing % 2 === 1) {
      if (buf.length === 0) start = i + 1;
      buf.push(raw.slice(0, -1));
      continue;
    }
    if (buf.length > 0) {
      buf.push(isComment ? ` ${raw}` : raw);
      yield { line: start, text: buf.join('') };
      buf = [];
    } else {
      yield { line: i + 1, text: raw };
    }
  }
  if (buf.length > 0) yield { line: start, text: buf.join('') };
}

/**
 * Guesses a scope from the file name, the only thing a requirements file says about it:
 * `requirements-test.txt` and `tests.txt` hold test tools, `requirements-dev.txt`,
 * `dev-requirements.txt`, `requirements/docs.txt` development tools; anything else runtime.
 */
function scopeForFile(rel: string): Scope {
  const parts = rel.toLowerCase().replace(/\.txt$/, '').split(/[-_./]+/);
  if (parts.some((p) => p === 'test' || p === 'tests' || p === 'testing')) return 'test';
  if (parts.some((p) => ['dev', 'develop', 'development', 'lint', 'linting', 'docs', 'doc', 'typing', 'ci'].includes(p))) {
    return 'dev';
  }
  return 'runtime';
}

/** Global options pip accepts in requirements files; they do not name packages. */
const GLOBAL_OPTIONS: ReadonlySet<string> = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '--no-index',
  '-f',
  '--find-links',
  '--pre',
  '--prefer-binary',
  '--require-hashes',
  '--only-binary',
  '--no-binary',
  '--trusted-host',
  '--use-feature',
  '-Z',
  '--always-unzip',
  '--hash',
  '--global-option',
  '--install-option',
  '--config-settings',
  '-C',
  '--progress-bar',
  '--dry-run',
]);

function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

function lastSegment(url: string): string {
  const clean = url.replace(/[?#].*$/, '');
  return clean.slice(clean.lastIndexOf('/') + 1);
}

/** Resolves `.` and `..` segments of a POSIX path; leading `..` that cannot be resolved are kept. */
function normalizePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}
