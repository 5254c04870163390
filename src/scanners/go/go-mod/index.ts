/**
 * Go modules' go.mod (https://go.dev/ref/mod#go-mod-file). Since go 1.17 the file lists every
 * module the build needs (`// indirect` marks those no package of the main module imports), so
 * it serves as the lockfile; go.sum only holds checksums. Conventions follow OSV: versions
 * without the leading `v` (pseudo-versions and `+incompatible` kept), `replace` directives
 * applied (the replacement is reported in place of the module it replaces), and the Go standard
 * library as the `stdlib` package at the `toolchain` version, else the `go` version. For files
 * before go 1.17, whose indirect requirements may be missing, modules listed in a sibling
 * go.sum are added as indirect, as osv-scalibr does.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage } from '../../../model/package.js';
import { looksBinary } from '../../../parsers/limits.js';
import { splitLines } from '../../../parsers/lines.js';
import { baseName, type ExtractResult, type ScanContext, type Scanner } from '../../types.js';
import { readGoMod, type Directive } from './go-mod-syntax.js';
import { goModInfo } from './info.js';

/** A module version as go.mod writes it: canonical semver with the `v` (https://go.dev/ref/mod#versions). */
const MODULE_VERSION = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The `go` directive's version (golang.org/x/mod/modfile GoVersionRE). */
const GO_VERSION = /^([1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:[a-z]+\d+)?$/;

/** A replacement without a version must be a directory: rooted, `./`, `../` or a Windows path. */
const LOCAL_PATH = /^(?:\.{1,2}(?:[/\\]|$)|\/|[A-Za-z]:[/\\]|\\\\)/;

type Warnings = NonNullable<ExtractResult['warnings']>;

interface Requirement {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

function fail(message: string, file: string, line: number): never {
  throw new InputError(message, { file, line });
}

/** `// indirect`, or `// indirect; other text`, as golang.org/x/mod/modfile reads it. */
function isIndirect(comment: string): boolean {
  return comment === 'indirect' || comment.startsWith('indirect;');
}

function checkVersion(version: string | undefined, d: Directive, file: string): string {
  if (version === undefined) fail(`${d.verb}: missing module version`, file, d.line);
  if (!MODULE_VERSION.test(version)) fail(`${d.verb}: invalid module version "${version}" (expected v1.2.3, a pseudo-version or +incompatible)`, file, d.line);
  return version;
}

/** Reads a sibling go.sum into `path@version` keys (module zips and go.mod files), or undefined if it is absent. */
function readGoSum(text: string): { zips: Map<string, number>; all: Set<string>; badLine: number | undefined } {
  const zips = new Map<string, number>();
  const all = new Set<string>();
  let badLine: number | undefined;
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const fields = line.split(/\s+/);
    const [path, version, hash] = fields;
    if (fields.length !== 3 || !path || !version || !hash?.includes(':')) {
      badLine ??= index + 1;
      return;
    }
    if (version.endsWith('/go.mod')) {
      all.add(`${path}@${version.slice(0, -'/go.mod'.length)}`);
      return;
    }
    all.add(`${path}@${version}`);
    if (!zips.has(`${path}@${version}`)) zips.set(`${path}@${version}`, index + 1);
  });
  return { zips, all, badLine };
}

/** Whether a go version (`1.16`, `1.21rc1`, `1.22.5`) is before 1.17, when go.mod stopped listing only direct needs. */
function before117(goVersion: string): boolean {
  const m = /^(\d+)\.(\d+)/.exec(goVersion);
  if (!m) return false;
  const major = Number(m[1]);
  return major < 1 || (major === 1 && Number(m[2]) < 17);
}

function extractGoMod(content: string, ctx: ScanContext): ExtractResult {
  const file = ctx.path;
  if (looksBinary(content)) throw new InputError('binary data, expected a go.mod file', { file });
  const directives = readGoMod(content, file);
  const warnings: Warnings = [];

  let modulePath: string | undefined;
  let goVersion: { version: string; line: number } | undefined;
  let toolchain: { version: string; line: number } | undefined;
  const requires: Requirement[] = [];
  const excluded = new Set<string>();
  const replaces: Array<{ oldPath: string; oldVersion?: string; newPath: string; newVersion?: string; line: number }> = [];

  for (const d of directives) {
    const args = d.args;
    switch (d.verb) {
      case 'module':
        if (args.length !== 1) fail('module: expected one module path', file, d.line);
        modulePath = args[0];
        break;
      case 'go': {
        const v = args[0];
        if (args.length !== 1 || v === undefined || !GO_VERSION.test(v)) fail(`go: invalid go version "${args.join(' ')}" (expected 1.23 or 1.23.0)`, file, d.line);
        goVersion = { version: v, line: d.line };
        break;
      }
      case 'toolchain': {
        const name = args[0];
        if (args.length !== 1 || name === undefined || !/^(?:default|go1(?:$|\.|[a-z]))/.test(name)) {
          fail(`toolchain: invalid toolchain name "${args.join(' ')}" (expected go1.23.0 or default)`, file, d.line);
        }
        // `go1.23.6-custom` is a custom build of go1.23.6; `default` names no version.
        if (name !== 'default') toolchain = { version: (name.split('-')[0] ?? name).slice(2), line: d.line };
        break;
      }
      case 'require': {
        if (args.length !== 2) fail('require: expected a module path and a version', file, d.line);
        const [path = '', version] = args;
        requires.push({ path, version: checkVersion(version, d, file), indirect: isIndirect(d.comment), line: d.line });
        break;
      }
      case 'exclude': {
        if (args.length !== 2) fail('exclude: expected a module path and a version', file, d.line);
        const [path = '', version] = args;
        excluded.add(`${path}@${checkVersion(version, d, file)}`);
        break;
      }
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow !== 1 && arrow !== 2) fail('replace: expected "module [version] => module version" or "module [version] => directory"', file, d.line);
        const [oldPath = '', oldVersion] = args.slice(0, arrow);
        const right = args.slice(arrow + 1);
        const [newPath, newVersion] = right;
        if (newPath === undefined || right.length > 2) fail('replace: expected one module and version, or one directory, after =>', file, d.line);
        if (arrow === 2) checkVersion(oldVersion, d, file);
        if (newVersion === undefined) {
          if (!LOCAL_PATH.test(newPath)) fail(`replace: a replacement without a version must be a directory (./ or ../ or rooted), not "${newPath}"`, file, d.line);
        } else {
          checkVersion(newVersion, d, file);
        }
        const entry: (typeof replaces)[number] = { oldPath, newPath, line: d.line };
        if (arrow === 2 && oldVersion !== undefined) entry.oldVersion = oldVersion;
        if (newVersion !== undefined) entry.newVersion = newVersion;
        replaces.push(entry);
        break;
      }
      default:
        // retract, godebug, tool and ignore say nothing about which modules are used.
        break;
    }
  }

  // Requirements keyed by `path@version` as written; a later line for the same key replaces an earlier one.
  const packages = new Map<string, FoundPackage>();
  for (const r of requires) {
    const key = `${r.path}@${r.version}`;
    if (excluded.has(key)) {
      warnings.push({ message: `${r.path} ${r.version} is excluded by an exclude directive; go uses the next higher version, which go.mod does not record`, line: r.line });
      continue;
    }
    const existing = packages.get(key);
    if (existing) {
      existing.direct = existing.direct === true || !r.indirect;
      continue;
    }
    packages.set(key, { ecosystem: 'Go', name: r.path, version: r.version.slice(1), direct: !r.indirect, line: r.line });
  }

  // replace directives (https://go.dev/ref/mod#go-mod-file-replace): without a version on the
  // left, every version of the module is replaced; a replace of a module not required does nothing.
  for (const rep of replaces) {
    const targets: string[] = [];
    if (rep.oldVersion === undefined) {
      for (const [key, pkg] of packages) if (pkg.name === rep.oldPath) targets.push(key);
    } else if (packages.has(`${rep.oldPath}@${rep.oldVersion}`)) {
      targets.push(`${rep.oldPath}@${rep.oldVersion}`);
    }
    for (const key of targets) {
      const old = packages.get(key);
      if (old === undefined) continue;
      const replaced = `${old.name}${old.version === null ? '' : ` v${old.version}`}`;
      const pkg: FoundPackage = { ecosystem: 'Go', name: rep.newPath, version: null, line: rep.line };
      if (old.direct !== undefined) pkg.direct = old.direct;
      if (rep.newVersion === undefined) {
        pkg.source = { kind: 'file', url: rep.newPath };
        pkg.notes = [`replaces ${replaced} with a local directory`];
      } else {
        pkg.version = rep.newVersion.slice(1);
        pkg.notes = [`replaces ${replaced}`];
      }
      packages.set(key, pkg);
    }
  }

  // The standard library, at the toolchain version when one is named (it wins over `go`).
  const stdlib = toolchain ?? goVersion;
  if (stdlib !== undefined) {
    packages.set('stdlib', {
      ecosystem: 'Go',
      name: 'stdlib',
      version: stdlib.version,
      direct: true,
      line: stdlib.line,
      notes: [toolchain ? 'Go standard library, from the toolchain directive' : 'Go standard library, from the go directive'],
    });
  }

  // Replacements can make two entries the same module version: keep one.
  const unique = new Map<string, FoundPackage>();
  for (const pkg of packages.values()) {
    const key = `${pkg.name}@${pkg.version ?? ''}`;
    const existing = unique.get(key);
    if (existing) {
      existing.direct = existing.direct === true || pkg.direct === true;
      continue;
    }
    unique.set(key, pkg);
  }

  useGoSum(ctx, unique, stdlib?.version, warnings);

  const edges: FoundEdge[] = [];
  for (const [key, pkg] of unique) {
    if (pkg.direct === true && pkg.name !== 'stdlib') edges.push({ from: null, to: key });
  }
  const result: ExtractResult = { packages: [...unique.values()], edges };
  if (modulePath !== undefined) result.project = { name: modulePath };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/**
 * Consults a sibling go.sum: notes modules it has no checksum for, and, for go.mod files before
 * go 1.17 (which list only some indirect requirements), adds the modules only go.sum names.
 */
function useGoSum(ctx: ScanContext, packages: Map<string, FoundPackage>, goVersion: string | undefined, warnings: Warnings): void {
  if (!baseName(ctx.path).endsWith('.mod')) return;
  const sumPath = `${baseName(ctx.path).slice(0, -'.mod'.length)}.sum`;
  const text = ctx.readSibling(sumPath);
  if (text === undefined) return;
  const sum = readGoSum(text);
  if (sum.badLine !== undefined) {
    warnings.push({ message: `${sumPath} line ${sum.badLine} is not "module version hash"; ${sumPath} was not used` });
    return;
  }
  for (const pkg of packages.values()) {
    if (pkg.name === 'stdlib' || pkg.version === null) continue;
    if (!sum.all.has(`${pkg.name}@v${pkg.version}`)) {
      (pkg.notes ??= []).push(`${sumPath} has no checksum for it (${sumPath} may be out of date)`);
    }
  }
  if (goVersion === undefined || !before117(goVersion)) return;
  for (const [key, line] of sum.zips) {
    const at = key.lastIndexOf('@');
    const name = key.slice(0, at);
    const version = key.slice(at + 2);
    if (packages.has(`${name}@${version}`)) continue;
    packages.set(`${name}@${version}`, {
      ecosystem: 'Go',
      name,
      version,
      direct: false,
      notes: [`listed only in ${sumPath} (line ${line}); go.mod before go 1.17 does not list every indirect requirement`],
    });
  }
}

/** Scans Go `go.mod` files: required modules with replace and exclude applied, and the Go standard library. */
export const goModScanner: Scanner = {
  ...goModInfo,
  extract: extractGoMod,
};
