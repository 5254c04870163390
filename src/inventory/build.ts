import { performance } from 'node:perf_hooks';
import { basename, dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Ecosystem } from '../model/ecosystem.js';
import { asInputError, InputError } from '../model/errors.js';
import type { Component, Inventory, Project, ScanIssue } from '../model/inventory.js';
import { foundKey, strongerScope, type FoundPackage } from '../model/package.js';
import { formatPurl, parsePurl, toPurl } from '../model/purl.js';
import { withoutCredentials } from '../model/url.js';
import { fallbackScanner, loadScanner, SCANNERS, scannersFor, sniffScanner, type AnyScanner } from '../scanners/registry.js';
import type { ExtractResult, Scanner } from '../scanners/types.js';
import { DEFAULT_MAX_FILE_BYTES, readTextFile, siblingReader } from '../sources/read-file.js';
import { isDirectory, walk } from '../sources/walk.js';

/** Options for building an inventory. */
export interface BuildOptions {
  /** The formats to read (default: the registry); entries are loaded when a file needs them. */
  scanners?: readonly AnyScanner[];
  exclude?: readonly string[];
  defaultExcludes?: boolean;
  maxFileBytes?: number;
  /** Use this scanner for explicitly named files instead of choosing by name or content. */
  forceScanner?: AnyScanner;
  /** Progress messages for long runs (the CLI prints them on stderr). */
  onProgress?: (message: string) => void;
}

interface Target {
  /** Absolute path of the file. */
  abs: string;
  /** Path shown to the user and stored in locations. */
  display: string;
  /** Directory of the project this file belongs to, as displayed. */
  dir: string;
  /** Absolute root that sibling reads must stay inside. */
  rootAbs: string;
  scanners: AnyScanner[];
  explicit: boolean;
}

/** Returns the nearest ancestor of `dir` that holds `.git`, or `dir` itself: the sibling boundary for a lone file. */
function repositoryRoot(dir: string): string {
  let cur = dir;
  for (let i = 0; i < 64; i++) {
    if (existsSync(resolve(cur, '.git'))) return cur;
    const parent = dirname(cur);
    if (parent === cur) break;
    cur = parent;
  }
  return dir;
}

function joinDisplay(prefix: string, rel: string): string {
  if (!prefix || prefix === '.') return rel;
  return `${prefix.replace(/\/+$/, '')}/${rel}`;
}

function dirOf(display: string): string {
  const i = display.lastIndexOf('/');
  return i === -1 ? '.' : display.slice(0, i);
}

/** Collects the files to scan under each input path. */
function collectTargets(paths: readonly string[], options: BuildOptions, issues: ScanIssue[], skipped: ScanIssue[]): { targets: Target[]; filesSeen: number } {
  const scanners = options.scanners ?? SCANNERS;
  const targets: Target[] = [];
  let filesSeen = 0;
  const many = paths.length > 1;
  for (const input of paths) {
    const abs = resolve(input);
    const shown = input.replace(/\\/g, '/').replace(/\/+$/, '') || '.';
    if (!existsSync(abs)) {
      issues.push({ file: shown, message: 'no such file or directory' });
      continue;
    }
    if (isDirectory(abs)) {
      const prefix = many ? shown : '';
      const result = walk(abs, {
        exclude: options.exclude,
        defaultExcludes: options.defaultExcludes,
        select: (rel) => scannersFor(rel, scanners).length > 0,
        onProgress: options.onProgress ? (d, f) => options.onProgress!(`walked ${d} directories, ${f} files`) : undefined,
      });
      filesSeen += result.filesSeen;
      for (const issue of result.issues) skipped.push({ ...issue, file: joinDisplay(prefix, issue.file) });
      for (const f of result.files) {
        const display = joinDisplay(prefix, f.path);
        targets.push({ abs: f.abs, display, dir: dirOf(display), rootAbs: abs, scanners: scannersFor(f.path, scanners), explicit: false });
      }
    } else {
      filesSeen++;
      const name = basename(abs);
      const chosen = options.forceScanner ? [options.forceScanner] : scannersFor(name, scanners);
      targets.push({ abs, display: shown, dir: dirOf(shown), rootAbs: repositoryRoot(dirname(abs)), scanners: chosen, explicit: true });
    }
  }
  return { targets, filesSeen };
}

/** Runs one scanner on one file, turning every failure into an InputError naming the file. */
function runScanner(scanner: Scanner, content: string, target: Target, maxBytes: number): ExtractResult {
  try {
    return scanner.extract(content, { path: target.display, readSibling: siblingReader(target.abs, target.rootAbs, maxBytes) });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError('input nested too deeply or too large to process', { file: target.display });
    throw asInputError(err, target.display);
  }
}

/** Removes credentials from URL-valued purl qualifiers (`vcs_url`, `download_url`, `repository_url`). */
function purlWithoutCredentials(purl: string): string {
  if (!purl.includes('?') || !/%40|@/.test(purl.slice(purl.indexOf('?')))) return purl;
  const p = parsePurl(purl);
  if (!p?.qualifiers) return purl;
  const qualifiers = Object.fromEntries(Object.entries(p.qualifiers).map(([k, v]) => [k, withoutCredentials(v)]));
  return formatPurl({ ...p, qualifiers });
}

/** True for text with nothing but blank lines and comments, which no content check can judge. */
function saysNothing(content: string): boolean {
  return content.split(/\r?\n/).every((l) => /^\s*(?:(?:#|\/\/).*)?$/.test(l));
}

const componentKey = (p: FoundPackage) => `${p.ecosystem}\u0000${p.name}\u0000${p.version ?? `~${p.declared ?? ''}`}`;

/**
 * Scans files and directories into one inventory: walks each directory, runs each file's
 * scanners (lockfiles first; a manifest is skipped where a lockfile of its group, or a
 * workspace lockfile that covers its directory, was read), and merges every package into
 * components with one dependency graph. Every file that fails is named in `errors`; the rest is
 * still reported. Asynchronous only because each format's scanner module is imported when the
 * first file of that format is found (a walk that finds only package-lock.json files never
 * loads the TOML, YAML or XML scanners); the scanning itself is synchronous.
 */
export async function buildInventory(paths: readonly string[], options: BuildOptions = {}): Promise<Inventory> {
  const started = performance.now();
  const errors: ScanIssue[] = [];
  const skipped: ScanIssue[] = [];
  const collected = collectTargets(paths, options, errors, skipped);
  // A file named explicitly under a name no scanner claims is sniffed by every scanner.
  const needed = collected.targets.some((t) => t.scanners.length === 0) ? (options.scanners ?? SCANNERS) : collected.targets.flatMap((t) => t.scanners);
  const loaded = new Map<string, Scanner>();
  await Promise.all([...new Set(needed)].map(async (s) => loaded.set(s.id, await loadScanner(s))));
  return scanTargets(paths, options, collected, errors, skipped, started, (s) => loaded.get(s.id)!);
}

/**
 * The same as buildInventory, synchronously, for callers that hold loaded scanners: `scanners`
 * is required and every entry must be a Scanner (`await loadAllScanners()` gives the registry's).
 */
export function buildInventorySync(paths: readonly string[], options: BuildOptions & { scanners: readonly Scanner[] }): Inventory {
  const started = performance.now();
  const errors: ScanIssue[] = [];
  const skipped: ScanIssue[] = [];
  const collected = collectTargets(paths, options, errors, skipped);
  return scanTargets(paths, options, collected, errors, skipped, started, (s) => {
    if ('extract' in s) return s;
    throw new Error(`buildInventorySync: scanner ${s.id} is not loaded`);
  });
}

/** Reads and scans the collected targets with loaded scanners, and merges the results. */
function scanTargets(
  paths: readonly string[],
  options: BuildOptions,
  { targets, filesSeen }: { targets: Target[]; filesSeen: number },
  errors: ScanIssue[],
  skipped: ScanIssue[],
  started: number,
  scannerOf: (s: AnyScanner) => Scanner,
): Inventory {
  const scanners = options.scanners ?? SCANNERS;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const warnings: ScanIssue[] = [];

  // Lockfiles before manifests, so a manifest can defer to the lockfile beside or above it.
  const rank = (t: Target) => (t.scanners.some((s) => s.kind === 'lockfile') ? 0 : 1);
  const ordered = [...targets].sort((a, b) => rank(a) - rank(b));
  const lockedDirs = new Set<string>(); // `${group}\u0000${dir}`
  // Each file's result is merged as soon as it is read, so memory holds the inventory, not every file's result.
  const merger = new InventoryMerger(paths);
  let scanned = 0;
  for (const target of ordered) {
    if (options.onProgress && scanned > 0 && scanned % 1000 === 0) options.onProgress(`scanned ${scanned} of ${ordered.length} files`);
    let candidates = target.scanners;
    // A manifest whose lockfile was read still names the project, but its declared ranges
    // would only repeat (less precisely) what the lockfile resolved.
    let suppressed = false;
    if (!target.explicit) {
      suppressed = candidates.every((s) => s.kind === 'manifest' && lockedDirs.has(`${s.group}\u0000${target.dir}`));
    }
    let content: string;
    try {
      content = readTextFile(target.abs, target.display, maxBytes);
    } catch (err) {
      const e = asInputError(err, target.display);
      errors.push({ file: target.display, message: e.message });
      continue;
    }
    if (candidates.length === 0) {
      const sniffed = sniffScanner(content, scanners) ?? (saysNothing(content) ? fallbackScanner(target.abs, scanners) : undefined);
      if (!sniffed) {
        errors.push({ file: target.display, message: 'not a format Ospo reads: name it as its tool does (package-lock.json, go.mod, ...) or pick one with --type' });
        continue;
      }
      candidates = [sniffed];
    }
    scanned++;
    for (const candidate of candidates) {
      const scanner = scannerOf(candidate);
      try {
        let result = runScanner(scanner, content, target, maxBytes);
        if (suppressed) result = { packages: [], project: result.project };
        merger.add(target, scanner, result);
        if (scanner.kind === 'lockfile') {
          lockedDirs.add(`${scanner.group}\u0000${target.dir}`);
          for (const covered of result.covers ?? []) {
            const d = covered.replace(/^\.\//, '').replace(/\/+$/, '');
            lockedDirs.add(`${scanner.group}\u0000${d === '' || d === '.' ? target.dir : joinDisplay(target.dir, d)}`);
          }
        }
        for (const w of result.warnings ?? []) warnings.push({ file: target.display, message: w.message, line: w.line });
      } catch (err) {
        const e = asInputError(err, target.display);
        errors.push({ file: target.display, message: e.message, line: e.line, pointer: e.pointer });
      }
    }
  }
  const inventory = merger.finish();
  inventory.errors = errors;
  inventory.skipped = skipped;
  inventory.warnings = warnings;
  inventory.stats = { filesSeen, filesScanned: scanned, ms: Math.round(performance.now() - started) };
  return inventory;
}

type ProjectState = Project & { directSet: Set<string>; componentSet: Set<string>; ecoSet: Set<Ecosystem> };

/** Merges per-file results, one at a time, into projects, components and one dependency graph. */
class InventoryMerger {
  private readonly components = new Map<string, Component>();
  /**
   * Files already merged. A location can only repeat within one file (each file is merged once,
   * unless two scanners read it), so repeats are looked for per file, not across the inventory.
   */
  private readonly mergedFiles = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly projects = new Map<string, ProjectState>();
  private readonly deps = new Map<string, Set<string>>();

  constructor(private readonly paths: readonly string[]) {}

  private addEdge(from: string, to: string): void {
    let set = this.deps.get(from);
    if (!set) this.deps.set(from, (set = new Set()));
    set.add(to);
  }

  /** Adds what one scanner found in one file. */
  add(target: Target, scanner: Scanner, result: ExtractResult): void {
    const { components, ids, projects, paths } = this;
    const projectPath = target.dir;
    let project = projects.get(projectPath);
    if (!project) {
      project = {
        id: `project:${projectPath}`,
        path: projectPath,
        name: projectPath === '.' ? basename(resolve(paths.length === 1 ? (isDirectory(resolve(paths[0]!)) ? paths[0]! : dirname(resolve(paths[0]!))) : '.')) : basename(projectPath),
        ecosystems: [],
        manifests: [],
        direct: [],
        components: [],
        directSet: new Set(),
        componentSet: new Set(),
        ecoSet: new Set(),
      };
      projects.set(projectPath, project);
    }
    if (!project.manifests.includes(target.display)) project.manifests.push(target.display);
    project.ecoSet.add(scanner.ecosystem);
    if (result.project?.name && (scanner.kind === 'manifest' || !project.version)) {
      project.name = result.project.name;
      if (result.project.version) project.version = result.project.version;
    }

    const local = new Map<string, string>(); // file key -> component id
    // The line (or, once a package repeats, the lines) of this file already recorded per
    // component; seeded from its locations when this file was merged before (by another scanner).
    const fileLines = new Map<Component, number | undefined | Set<number | undefined>>();
    const again = this.mergedFiles.has(target.display);
    this.mergedFiles.add(target.display);
    for (const p of result.packages) {
      const key = componentKey(p);
      let c = components.get(key);
      const location = p.line !== undefined ? { file: target.display, line: p.line } : { file: target.display };
      if (!c) {
        const purl = p.purl !== undefined ? purlWithoutCredentials(p.purl) : toPurl(p.ecosystem, p.name, p.version);
        let id = p.version !== null ? (purl ?? `${p.ecosystem}:${p.name}@${p.version}`) : `${purl ?? `${p.ecosystem}:${p.name}`}#declared=${p.declared ?? '*'}`;
        if (ids.has(id)) {
          let n = 2;
          while (ids.has(`${id}#${n}`)) n++;
          id = `${id}#${n}`;
        }
        ids.add(id);
        c = {
          id,
          ecosystem: p.ecosystem,
          name: p.name,
          version: p.version,
          purl,
          scope: p.scope ?? 'runtime',
          direct: p.direct === true,
          locations: [location],
        };
        if (p.declared !== undefined) c.declared = p.declared;
        if (p.source) c.source = p.source.url !== undefined ? { ...p.source, url: withoutCredentials(p.source.url) } : p.source;
        if (p.license) c.license = p.license;
        if (p.hashes && p.hashes.length > 0) c.hashes = p.hashes;
        if (p.notes && p.notes.length > 0) c.notes = [...p.notes];
        components.set(key, c);
        fileLines.set(c, p.line);
      } else {
        c.scope = strongerScope(c.scope, p.scope ?? 'runtime');
        if (p.direct === true) c.direct = true;
        if (!fileLines.has(c) && !again) {
          fileLines.set(c, p.line);
          c.locations.push(location);
        } else {
          let lines = fileLines.get(c);
          if (!(lines instanceof Set)) {
            lines = fileLines.has(c) ? new Set([lines]) : new Set(c.locations.filter((l) => l.file === target.display).map((l) => l.line));
            fileLines.set(c, lines);
          }
          if (!lines.has(p.line)) {
            lines.add(p.line);
            c.locations.push(location);
          }
        }
        if (!c.license && p.license) c.license = p.license;
        if (!c.hashes && p.hashes && p.hashes.length > 0) c.hashes = p.hashes;
        if (p.notes) for (const n of p.notes) if (!(c.notes ??= []).includes(n)) c.notes.push(n);
      }
      local.set(foundKey(p), c.id);
      project.componentSet.add(c.id);
      if (p.direct === true) project.directSet.add(c.id);
    }
    for (const e of result.edges ?? []) {
      const to = local.get(e.to);
      if (!to) continue;
      if (e.from === null) {
        project.directSet.add(to);
        continue;
      }
      const from = local.get(e.from);
      if (from && from !== to) this.addEdge(from, to);
    }
  }

  /** Returns the merged inventory, sorted; call once. */
  finish(): Inventory {
    const { components, projects, deps, paths } = this;
    const addEdge = (from: string, to: string) => this.addEdge(from, to);
    const componentList = [...components.values()];
    const byId = new Map(componentList.map((c) => [c.id, c]));
    const projectList: Project[] = [];
    for (const p of projects.values()) {
      for (const id of p.directSet) {
        addEdge(p.id, id);
        const c = byId.get(id);
        if (c) c.direct = true;
      }
      const { directSet, componentSet, ecoSet, ...rest } = p;
      projectList.push({
        ...rest,
        ecosystems: [...ecoSet].sort(),
        direct: [...directSet].sort(),
        components: [...componentSet].sort(),
      });
    }
    projectList.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    componentList.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const c of componentList) c.locations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));

    const rootInput = paths.length === 1 ? paths[0]! : '.';
    return {
      root: rootInput,
      name: basename(resolve(rootInput)),
      projects: projectList,
      components: componentList,
      dependencies: deps,
      errors: [],
      skipped: [],
      warnings: [],
      stats: { filesSeen: 0, filesScanned: 0, ms: 0 },
    };
  }
}
