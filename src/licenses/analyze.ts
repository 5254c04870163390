import { InputError } from '../model/errors.js';
import type { Component, Inventory } from '../model/inventory.js';
import { normalizePypiName } from '../model/names.js';
import { parseToml } from '../parsers/toml.js';
import { extractCopyrights } from './copyright.js';
import {
  readCargoMetadata,
  readGemspecMetadata,
  readNuspecMetadata,
  readPackageJsonMetadata,
  readPythonMetadata,
  type DeclaredLicense,
  type PackageMetadata,
} from './declared.js';
import { isFullySpdx, licenseTerms, normalizeLicense, parseExpression, renderExpression, type NormalizedLicense } from './expression.js';
import { identifyLicenseText } from './text/index.js';
import { diskTree, joinPath, type TreeReader } from './tree.js';
import type { ComponentLicense, LicenseEvidence } from './types.js';

/** What a license text matcher reports for one text (the shape of src/licenses/text). */
export interface TextIdentificationResult {
  /** The SPDX expression for the whole text, or null when no license was found. */
  license: string | null;
  confidence: number;
  matches: Array<{ expression: string; confidence: number; startLine: number; endLine?: number }>;
}

/** Identifies the licenses in a text (the full-text matcher). */
export type LicenseTextIdentifier = (text: string) => TextIdentificationResult;

/**
 * An identifier that reads only `SPDX-License-Identifier:` tags (never prose): for callers that
 * want a cheap pass, and for tests of the wiring.
 */
export const tagOnlyIdentifier: LicenseTextIdentifier = (text) => {
  const matches: TextIdentificationResult['matches'] = [];
  const lines = text.split('\n', 200);
  lines.forEach((line, i) => {
    const m = /SPDX-License-Identifier:\s*([^*\n]+?)\s*(?:\*\/|-->)?\s*$/.exec(line);
    if (!m) return;
    const n = normalizeLicense(m[1]!);
    if (n.expression && n.kind !== 'unknown') matches.push({ expression: n.expression, confidence: 1, startLine: i + 1, endLine: i + 1 });
  });
  const exprs = [...new Set(matches.map((m) => m.expression))];
  return { license: exprs.length === 0 ? null : exprs.join(' AND '), confidence: matches.length ? 1 : 0, matches };
};

/** Options for analyzeLicenses. */
export interface AnalyzeLicensesOptions {
  /** How files are read; a disk reader over `rootDir` when absent. */
  reader?: TreeReader;
  /** The full-text matcher for license files; the SPDX License List matcher of text/ when absent. */
  identify?: LicenseTextIdentifier;
  /** License files larger than this are noted and skipped (default 1 MiB). */
  maxLicenseFileBytes?: number;
  /** Metadata files larger than this are skipped (default 4 MiB). */
  maxMetadataBytes?: number;
  /** The most installed packages indexed (default 100,000): a bound for hostile trees. */
  maxInstalledPackages?: number;
}

/** A license or NOTICE file found for a component, with its text. */
export interface FoundLicenseFile {
  /** Relative to the scan root. */
  path: string;
  kind: 'license' | 'notice';
  text: string;
  /** The expression the matcher found, when it found one. */
  expression?: string;
  confidence?: number;
  copyrights: string[];
}

/** A component's licenses with the files behind them (for attribution notices). */
export interface ComponentLicenseDetail {
  license: ComponentLicense;
  files: FoundLicenseFile[];
}

/** Confidence at which a license file match is used to conclude a license. */
export const CONCLUDE_THRESHOLD = 0.9;

const LICENSE_FILE = /^(?:licen[cs]e|copying|unlicense|notice|copyright|mit-license|apache-license)(?:[-._].{0,60})?$/i;
const NOTICE_FILE = /^notice(?:[-._].{0,60})?$/i;
const SKIP_EXT = /\.(?:js|mjs|cjs|ts|py|rb|go|rs|java|class|jar|gz|zip|png|jpg|gif|svg|pdf|html?|json|ya?ml|toml|xml|sh|bat|exe|dll|so)$/i;

/** Returns whether a file name is a license or NOTICE file by its name (LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE). */
export function isLicenseFileName(name: string): boolean {
  return LICENSE_FILE.test(name) && !SKIP_EXT.test(name);
}

interface Installed {
  ecosystem: Component['ecosystem'];
  name: string;
  version?: string;
  /** The metadata file, relative to the root. */
  file: string;
  /** Folders to look in for license files. */
  dirs: string[];
  meta: PackageMetadata;
}

interface Context {
  tree: TreeReader;
  identify: LicenseTextIdentifier;
  maxLicense: number;
  maxMeta: number;
  maxInstalled: number;
  installed: Map<string, Installed[]>;
  count: number;
  problems: Array<{ file: string; message: string }>;
}

function installedKey(ecosystem: string, name: string): string {
  const n = ecosystem === 'PyPI' ? normalizePypiName(name) : ecosystem === 'NuGet' ? name.toLowerCase() : name;
  return `${ecosystem}\u0000${n}`;
}

function addInstalled(ctx: Context, pkg: Installed): void {
  if (!pkg.name || ctx.count >= ctx.maxInstalled) return;
  ctx.count++;
  const k = installedKey(pkg.ecosystem, pkg.name);
  const list = ctx.installed.get(k);
  if (list) list.push(pkg);
  else ctx.installed.set(k, [pkg]);
}

function readMeta(ctx: Context, file: string, reader: (text: string) => PackageMetadata): PackageMetadata | undefined {
  const text = ctx.tree.read(file, ctx.maxMeta);
  if (text === undefined) return undefined;
  try {
    return reader(text);
  } catch (err) {
    ctx.problems.push({ file, message: err instanceof InputError ? err.message : String((err as Error).message ?? err) });
    return undefined;
  }
}

/** npm: node_modules/<name>, node_modules/@scope/<name>, nested node_modules, pnpm's .pnpm store. */
function indexNodeModules(ctx: Context, dir: string, depth: number): void {
  if (depth > 12 || ctx.count >= ctx.maxInstalled) return;
  const entries = ctx.tree.list(dir);
  if (!entries) return;
  const visitPackage = (pkgDir: string) => {
    const file = joinPath(pkgDir, 'package.json');
    const meta = readMeta(ctx, file, (t) => readPackageJsonMetadata(t, file));
    if (meta?.name) addInstalled(ctx, { ecosystem: 'npm', name: meta.name, version: meta.version, file, dirs: [pkgDir], meta });
    indexNodeModules(ctx, joinPath(pkgDir, 'node_modules'), depth + 1);
  };
  for (const e of entries) {
    if (!e.dir || e.name === '.bin' || e.name === '.cache') continue;
    if (e.name === '.pnpm') {
      for (const store of ctx.tree.list(joinPath(dir, e.name)) ?? []) if (store.dir) indexNodeModules(ctx, joinPath(dir, e.name, store.name, 'node_modules'), depth + 1);
    } else if (e.name.startsWith('@')) {
      for (const s of ctx.tree.list(joinPath(dir, e.name)) ?? []) if (s.dir) visitPackage(joinPath(dir, e.name, s.name));
    } else if (!e.name.startsWith('.')) visitPackage(joinPath(dir, e.name));
  }
}

/** Python: virtual environments in a project folder (a pyvenv.cfg, or named venv/.venv/env). */
function indexVenvs(ctx: Context, projectDir: string): void {
  for (const e of ctx.tree.list(projectDir) ?? []) {
    if (!e.dir) continue;
    const venv = joinPath(projectDir, e.name);
    if (!['venv', '.venv', 'env', '.env', 'virtualenv'].includes(e.name) && ctx.tree.size(joinPath(venv, 'pyvenv.cfg')) === undefined) continue;
    const sites: string[] = [joinPath(venv, 'Lib', 'site-packages')];
    for (const lib of ['lib', 'lib64']) for (const py of ctx.tree.list(joinPath(venv, lib)) ?? []) if (py.dir) sites.push(joinPath(venv, lib, py.name, 'site-packages'));
    for (const site of sites) {
      for (const d of ctx.tree.list(site) ?? []) {
        if (!d.dir || !d.name.endsWith('.dist-info')) continue;
        const distInfo = joinPath(site, d.name);
        const file = joinPath(distInfo, 'METADATA');
        const meta = readMeta(ctx, file, readPythonMetadata);
        if (!meta?.name) continue;
        // PEP 639 puts license files under dist-info/licenses/; older wheels beside METADATA.
        addInstalled(ctx, { ecosystem: 'PyPI', name: meta.name, version: meta.version, file, dirs: [distInfo, joinPath(distInfo, 'licenses')], meta });
      }
    }
  }
}

/** Rust: crates vendored by `cargo vendor` (vendor/<crate>/Cargo.toml). */
function indexCargoVendor(ctx: Context, projectDir: string): void {
  const vendor = joinPath(projectDir, 'vendor');
  for (const e of ctx.tree.list(vendor) ?? []) {
    if (!e.dir) continue;
    const file = joinPath(vendor, e.name, 'Cargo.toml');
    if (ctx.tree.size(file) === undefined) continue;
    const meta = readMeta(ctx, file, (t) => readCargoMetadata(t, file));
    if (meta?.name) addInstalled(ctx, { ecosystem: 'crates.io', name: meta.name, version: meta.version, file, dirs: [joinPath(vendor, e.name)], meta });
  }
}

/** Ruby: gems installed by `bundle install --path vendor/bundle`. */
function indexBundle(ctx: Context, projectDir: string): void {
  const ruby = joinPath(projectDir, 'vendor', 'bundle', 'ruby');
  for (const v of ctx.tree.list(ruby) ?? []) {
    if (!v.dir) continue;
    const base = joinPath(ruby, v.name);
    for (const s of ctx.tree.list(joinPath(base, 'specifications')) ?? []) {
      if (s.dir || !s.name.endsWith('.gemspec')) continue;
      const file = joinPath(base, 'specifications', s.name);
      const meta = readMeta(ctx, file, readGemspecMetadata);
      if (!meta?.name) continue;
      const gemDir = joinPath(base, 'gems', meta.version ? `${meta.name}-${meta.version}` : s.name.replace(/\.gemspec$/, ''));
      addInstalled(ctx, { ecosystem: 'RubyGems', name: meta.name, version: meta.version, file, dirs: [gemDir], meta });
    }
  }
}

/** NuGet: packages.config's packages/<Id>.<Version>/ and the global layout packages/<id>/<version>/. */
function indexNugetPackages(ctx: Context, projectDir: string): void {
  const packages = joinPath(projectDir, 'packages');
  for (const e of ctx.tree.list(packages) ?? []) {
    if (!e.dir) continue;
    const candidates = [joinPath(packages, e.name)];
    for (const sub of ctx.tree.list(joinPath(packages, e.name)) ?? []) if (sub.dir) candidates.push(joinPath(packages, e.name, sub.name));
    for (const dir of candidates) {
      for (const f of ctx.tree.list(dir) ?? []) {
        if (f.dir || !f.name.toLowerCase().endsWith('.nuspec')) continue;
        const file = joinPath(dir, f.name);
        const meta = readMeta(ctx, file, (t) => readNuspecMetadata(t, file));
        if (meta?.name) addInstalled(ctx, { ecosystem: 'NuGet', name: meta.name, version: meta.version, file, dirs: [dir], meta });
      }
    }
  }
}

function findInstalled(ctx: Context, c: Component): Installed | undefined {
  if (c.ecosystem === 'generic') return undefined;
  const list = ctx.installed.get(installedKey(c.ecosystem, c.name));
  if (!list) return undefined;
  if (c.version !== null) return list.find((p) => p.version === c.version);
  return list.length === 1 ? list[0] : undefined;
}

/** Reads the license and NOTICE files of a folder (and a file the metadata names). */
function licenseFiles(ctx: Context, dirs: string[], named: string | undefined, evidence: LicenseEvidence[], notes: string[]): FoundLicenseFile[] {
  const paths: string[] = [];
  for (const dir of dirs) for (const e of ctx.tree.list(dir) ?? []) if (!e.dir && isLicenseFileName(e.name)) paths.push(joinPath(dir, e.name));
  if (named && dirs[0] && !named.includes('\0')) {
    const p = joinPath(dirs[0], named);
    // The named file must stay inside the package folder.
    if (!p.split('/').includes('..') && !paths.includes(p)) paths.push(p);
  }
  const out: FoundLicenseFile[] = [];
  for (const path of paths.slice(0, 50)) {
    const size = ctx.tree.size(path);
    if (size === undefined) continue;
    if (size > ctx.maxLicense) {
      notes.push(`${path}: ${size} bytes, over the ${ctx.maxLicense}-byte limit for license files; not read`);
      continue;
    }
    const text = ctx.tree.read(path, ctx.maxLicense);
    if (text === undefined) {
      notes.push(`${path}: binary or unreadable; not read`);
      continue;
    }
    const name = path.slice(path.lastIndexOf('/') + 1);
    const copyrights = extractCopyrights(text).map((c) => c.text);
    if (NOTICE_FILE.test(name)) {
      out.push({ path, kind: 'notice', text, copyrights });
      continue;
    }
    let result: TextIdentificationResult;
    try {
      result = ctx.identify(text);
    } catch (err) {
      notes.push(`${path}: the text matcher failed: ${(err as Error).message}`);
      continue;
    }
    const found: FoundLicenseFile = { path, kind: 'license', text, copyrights };
    if (result.license) {
      found.expression = result.license;
      found.confidence = result.confidence;
      const firstLine = result.matches[0]?.startLine;
      evidence.push({ expression: result.license, method: 'license-file', file: path, ...(firstLine ? { line: firstLine } : {}), score: round(result.confidence) });
    }
    out.push(found);
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function declaredEvidence(d: DeclaredLicense, file: string | undefined, evidence: LicenseEvidence[]): void {
  const l = d.license;
  if (!l.expression) return;
  const e: LicenseEvidence = { expression: l.expression, method: 'declared', score: l.score };
  if (file) e.file = file;
  if (d.line !== undefined) e.line = d.line;
  if (l.raw.trim() !== l.expression) e.raw = l.raw.length > 200 ? `${l.raw.slice(0, 200)}…` : l.raw;
  evidence.push(e);
}

function idsOf(expression: string): Set<string> {
  const p = parseExpression(expression);
  return new Set(p ? licenseTerms(p.node).map((t) => t.id) : []);
}

/**
 * Concludes a license from the declared one and the license files: a fully SPDX declaration
 * that the files agree with stands; files naming a license the declaration does not are added
 * with AND (all must then be honoured) and noted; without a usable declaration, confident file
 * matches decide (AND between different files, since files do not say "or").
 */
function conclude(declared: NormalizedLicense | undefined, files: FoundLicenseFile[], notes: string[]): string | undefined {
  const confident = files.filter(
    (f) => f.kind === 'license' && f.expression && (f.confidence ?? 0) >= CONCLUDE_THRESHOLD && isFullySpdx(f.expression),
  );
  const fileExprs = [...new Set(confident.map((f) => f.expression!))];
  const declaredExpr = declared?.expression;
  if (declaredExpr && (isFullySpdx(declaredExpr) || declared?.kind === 'unlicensed')) {
    const declaredIds = idsOf(declaredExpr);
    const extra = fileExprs.filter((e) => [...idsOf(e)].some((id) => !declaredIds.has(id)));
    if (extra.length === 0) return declaredExpr;
    notes.push(`license files name ${extra.join(', ')}, which the metadata (${declaredExpr}) does not declare`);
    return joinAnd([declaredExpr, ...extra]);
  }
  if (fileExprs.length === 0 && declared?.kind === 'see-file' && declaredExpr) {
    // The package points at its own license text, which matched no known license: that text is the license.
    const named = files.find((f) => f.kind === 'license' && declared.seeFile && f.path.endsWith(declared.seeFile.replace(/^\.\//, '')));
    if (named) return declaredExpr;
  }
  if (fileExprs.length > 0) {
    if (declaredExpr) notes.push(`declared "${declared!.raw.slice(0, 100)}" is not an SPDX expression; concluded from license files`);
    return joinAnd(fileExprs);
  }
  return undefined;
}

/** Assembles a component's license from its declaration, license files, evidence and notes. */
function finishLicense(
  componentId: string,
  declared: NormalizedLicense | undefined,
  files: FoundLicenseFile[],
  evidence: LicenseEvidence[],
  notes: string[],
): ComponentLicense {
  const license: ComponentLicense = { componentId, evidence };
  if (declared?.expression) license.declared = declared.expression;
  const concluded = conclude(declared, files, notes);
  if (concluded) license.concluded = concluded;
  const copyrights = [...new Set(files.flatMap((f) => f.copyrights))];
  if (copyrights.length > 0) license.copyrights = copyrights;
  if (notes.length > 0) license.notes = notes;
  return license;
}

function joinAnd(exprs: string[]): string {
  const text = exprs.map((e) => (exprs.length > 1 && / OR /.test(e) ? `(${e})` : e)).join(' AND ');
  const p = parseExpression(text);
  return p ? renderExpression(p.node) : text;
}

function analyzeComponent(ctx: Context, c: Component): ComponentLicenseDetail {
  const evidence: LicenseEvidence[] = [];
  const notes: string[] = [];
  let declared: NormalizedLicense | undefined;
  if (c.license) {
    const n = normalizeLicense(c.license);
    const loc = c.locations[0];
    declaredEvidence({ license: n, line: loc?.line }, loc?.file, evidence);
    if (n.expression) declared = n;
  }
  const installed = findInstalled(ctx, c);
  let files: FoundLicenseFile[] = [];
  if (installed) {
    for (const f of installed.meta.fields) declaredEvidence(f, installed.file, evidence);
    const fromMeta = installed.meta.declared?.license;
    // The installed metadata is the package's own word; the lockfile copied it (or nothing).
    if (fromMeta?.expression && (!declared || fromMeta.score >= declared.score)) declared = fromMeta;
    const named = installed.meta.licenseFile ?? (declared?.seeFile && declared.kind === 'see-file' ? declared.seeFile : undefined);
    files = licenseFiles(ctx, installed.dirs, named, evidence, notes);
  }
  for (const p of [declared].filter((x) => x?.problem)) notes.push(`declared "${p!.raw.slice(0, 100)}": ${p!.problem}`);
  return { license: finishLicense(c.id, declared, files, evidence, notes), files };
}

/** REUSE evidence for a project folder: LICENSES/<id>.txt, REUSE.toml annotations, .reuse/dep5. */
function reuseEvidence(ctx: Context, dir: string, evidence: LicenseEvidence[], notes: string[]): void {
  for (const e of ctx.tree.list(joinPath(dir, 'LICENSES')) ?? []) {
    if (e.dir) continue;
    const id = e.name.replace(/\.(txt|md)$/i, '');
    const n = normalizeLicense(id);
    if (n.expression && (n.kind === 'spdx' || n.kind === 'deprecated' || id.startsWith('LicenseRef-'))) {
      evidence.push({ expression: n.expression, method: 'reuse', file: joinPath(dir, 'LICENSES', e.name), score: 1 });
    }
  }
  const tomlFile = joinPath(dir, 'REUSE.toml');
  const toml = ctx.tree.read(tomlFile, ctx.maxMeta);
  if (toml !== undefined) {
    try {
      const doc = parseToml(toml, tomlFile);
      const annotations = Array.isArray(doc.annotations) ? doc.annotations : [];
      const lines = toml.split('\n');
      for (const a of annotations.slice(0, 1000)) {
        if (a === null || typeof a !== 'object') continue;
        const raw = (a as Record<string, unknown>)['SPDX-License-Identifier'];
        for (const value of Array.isArray(raw) ? raw : [raw]) {
          if (typeof value !== 'string') continue;
          const n = normalizeLicense(value);
          if (!n.expression) continue;
          const idx = lines.findIndex((l) => l.includes('SPDX-License-Identifier') && l.includes(value));
          evidence.push({ expression: n.expression, method: 'reuse', file: tomlFile, ...(idx >= 0 ? { line: idx + 1 } : {}), score: n.score, ...(value !== n.expression ? { raw: value } : {}) });
        }
      }
    } catch (err) {
      notes.push(`${tomlFile}: ${(err as Error).message}`);
    }
  }
  const dep5File = joinPath(dir, '.reuse', 'dep5');
  const dep5 = ctx.tree.read(dep5File, ctx.maxMeta);
  if (dep5 !== undefined) {
    dep5.split(/\r?\n/).forEach((line, i) => {
      const m = /^License:\s*(\S.*)$/.exec(line);
      if (!m || i > 100_000) return;
      const n = normalizeLicense(m[1]!);
      if (n.expression) evidence.push({ expression: n.expression, method: 'reuse', file: dep5File, line: i + 1, score: n.score, ...(m[1]!.trim() !== n.expression ? { raw: m[1]!.trim() } : {}) });
    });
  }
}

function analyzeProject(ctx: Context, id: string, dir: string): ComponentLicenseDetail {
  const evidence: LicenseEvidence[] = [];
  const notes: string[] = [];
  let declared: NormalizedLicense | undefined;
  const manifests: Array<[string, (t: string, f: string) => PackageMetadata]> = [
    ['package.json', readPackageJsonMetadata],
    ['Cargo.toml', readCargoMetadata],
  ];
  for (const [name, reader] of manifests) {
    const file = joinPath(dir, name);
    if (ctx.tree.size(file) === undefined) continue;
    const meta = readMeta(ctx, file, (t) => reader(t, file));
    for (const f of meta?.fields ?? []) declaredEvidence(f, file, evidence);
    if (!declared && meta?.declared?.license.expression) declared = meta.declared.license;
  }
  const files = licenseFiles(ctx, [dir], undefined, evidence, notes);
  reuseEvidence(ctx, dir, evidence, notes);
  return { license: finishLicense(id, declared, files, evidence, notes), files };
}

function context(rootDir: string, options: AnalyzeLicensesOptions): Context {
  return {
    tree: options.reader ?? diskTree(rootDir),
    identify: options.identify ?? identifyLicenseText,
    maxLicense: options.maxLicenseFileBytes ?? 1024 * 1024,
    maxMeta: options.maxMetadataBytes ?? 4 * 1024 * 1024,
    maxInstalled: options.maxInstalledPackages ?? 100_000,
    installed: new Map(),
    count: 0,
    problems: [],
  };
}

/** The licenses of every component and project, with the files behind them. */
export interface LicenseDetails {
  components: ComponentLicenseDetail[];
  projects: ComponentLicenseDetail[];
  /** Metadata files that could not be parsed, with why. */
  problems: Array<{ file: string; message: string }>;
}

/**
 * Collects license evidence for every component of an inventory (declared metadata from the
 * lockfile and from installed packages under `rootDir`, license and NOTICE files through the
 * text matcher) and for each project's own files (license files, REUSE), and concludes.
 */
export function collectLicenseDetails(inventory: Inventory, rootDir: string, options: AnalyzeLicensesOptions = {}): LicenseDetails {
  const ctx = context(rootDir, options);
  const projectDirs = [...new Set(['.', ...inventory.projects.map((p) => joinPath(p.path))])].sort();
  for (const dir of projectDirs) {
    indexNodeModules(ctx, joinPath(dir, 'node_modules'), 0);
    indexVenvs(ctx, dir);
    indexCargoVendor(ctx, dir);
    indexBundle(ctx, dir);
    indexNugetPackages(ctx, dir);
  }
  const components = inventory.components.map((c) => analyzeComponent(ctx, c));
  const projects = inventory.projects.map((p) => analyzeProject(ctx, p.id, joinPath(p.path)));
  return { components, projects, problems: ctx.problems };
}

/**
 * Returns each component's license: declared (normalised metadata) and concluded kept apart,
 * with every piece of evidence (file, line, method, score). Project entries (`project:` ids)
 * follow the components, for the project's own license files and REUSE data.
 */
export function analyzeLicenses(inventory: Inventory, rootDir: string, options: AnalyzeLicensesOptions = {}): ComponentLicense[] {
  const details = collectLicenseDetails(inventory, rootDir, options);
  return [...details.components, ...details.projects].map((d) => d.license);
}
