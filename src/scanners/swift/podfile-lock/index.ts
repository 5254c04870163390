import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, PackageSource } from '../../../model/package.js';
import { toPurl } from '../../../model/purl.js';
import { isObject } from '../../../parsers/json.js';
import { splitLines, stripBom } from '../../../parsers/lines.js';
import { parseYaml } from '../../../parsers/yaml.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { podfileLockInfo } from './info.js';


/** `Name (1.2.3)`: a pod and its resolved version in PODS. */
const POD_ENTRY = /^(\S+) \((.+)\)$/;

/** Top-level sections CocoaPods writes; a mapping with none of them is not a Podfile.lock. */
const KNOWN_SECTIONS = ['PODS', 'DEPENDENCIES', 'SPEC REPOS', 'SPEC CHECKSUMS', 'PODFILE CHECKSUM', 'COCOAPODS'];

/** The public spec repository, under its current and its older (git URL) name. */
const TRUNK = /^(?:trunk|https:\/\/github\.com\/cocoapods\/specs(?:\.git)?)$/i;

/** A requirement `Name (~> 1.0)` or `Name (from `../x`)` without its constraint. */
function requirementName(s: string): string {
  const i = s.indexOf(' (');
  return (i === -1 ? s : s.slice(0, i)).trim();
}

function rootName(name: string): string {
  const i = name.indexOf('/');
  return i === -1 ? name : name.slice(0, i);
}

/**
 * Finds the line of each `- Name (version)` item directly under PODS, scanning the text once
 * (the YAML parser's plain objects carry no positions).
 */
function podLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = splitLines(text);
  let inPods = false;
  let itemIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\S/.test(line)) {
      inPods = /^PODS:/.test(line);
      itemIndent = -1;
      continue;
    }
    if (!inPods) continue;
    const m = /^(\s*)-\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const indent = (m[1] ?? '').length;
    if (itemIndent === -1) itemIndent = indent;
    if (indent !== itemIndent) continue;
    let item = (m[2] ?? '').replace(/:$/, '');
    if (/^(["']).*\1$/.test(item)) item = item.slice(1, -1);
    if (!out.has(item)) out.set(item, i + 1);
  }
  return out;
}

function sourceFor(
  name: string,
  external: Record<string, unknown>,
  checkout: Record<string, unknown>,
  repoOf: Map<string, string>,
): PackageSource | undefined {
  const root = rootName(name);
  const ext = external[root];
  const opts = checkout[root];
  if (isObject(ext)) {
    const path = ext[':path'];
    if (typeof path === 'string') return { kind: 'file', url: path };
    const git = (isObject(opts) && typeof opts[':git'] === 'string' ? opts[':git'] : ext[':git']) as unknown;
    if (typeof git === 'string') {
      const refs = [opts, ext].flatMap((o) => (isObject(o) ? [o[':commit'], o[':tag'], o[':branch']] : []));
      const ref = refs.find((r): r is string => typeof r === 'string');
      return ref ? { kind: 'git', url: git, ref } : { kind: 'git', url: git };
    }
    const podspec = ext[':podspec'];
    if (typeof podspec === 'string') return { kind: /^https?:/.test(podspec) ? 'url' : 'file', url: podspec };
  }
  const repo = repoOf.get(root);
  if (repo !== undefined && !TRUNK.test(repo)) return { kind: 'registry', url: repo };
  return undefined;
}

/**
 * Scans a CocoaPods `Podfile.lock` (https://guides.cocoapods.org/using/using-cocoapods.html#what-is-podfilelock).
 * Every PODS entry is a package, subspecs (`Firebase/Core`) under their own name as osv-scalibr
 * names them, with the purl subpath form (`pkg:cocoapods/Firebase@6.0.0#Core`). DEPENDENCIES
 * marks direct pods; the nested lists under each pod are the edges; EXTERNAL SOURCES, CHECKOUT
 * OPTIONS and private SPEC REPOS give the source.
 */
export const podfileLockScanner: Scanner = {
  ...podfileLockInfo,
  extract(content, ctx): ExtractResult {
    const file = ctx.path;
    const text = stripBom(content);
    if (text.trim() === '') throw new InputError('empty file, expected a Podfile.lock (YAML with a PODS section)', { file });
    const doc = parseYaml(text, file);
    if (!isObject(doc) || !KNOWN_SECTIONS.some((k) => k in doc)) {
      throw new InputError('not a Podfile.lock: expected a YAML mapping with PODS, DEPENDENCIES and COCOAPODS sections', { file });
    }
    const pods = doc.PODS ?? [];
    if (!Array.isArray(pods)) throw new InputError('PODS must be a list', { file, pointer: '/PODS' });

    const lineOf = podLines(text);
    const entries: Array<{ name: string; version: string; deps: string[]; line: number | undefined }> = [];
    pods.forEach((item, i) => {
      let label: unknown = item;
      let deps: unknown[] = [];
      if (isObject(item)) {
        const keys = Object.keys(item);
        if (keys.length !== 1) throw new InputError('a PODS entry must be `Name (version)` with an optional list of dependencies', { file, pointer: `/PODS/${i}` });
        label = keys[0];
        const v = item[keys[0] as string];
        deps = Array.isArray(v) ? v : [];
      }
      const line = typeof label === 'string' ? lineOf.get(label) : undefined;
      const m = typeof label === 'string' ? POD_ENTRY.exec(label.trim()) : null;
      if (!m) {
        throw new InputError(`PODS entry ${JSON.stringify(label)} is not \`Name (version)\``, {
          file,
          pointer: `/PODS/${i}`,
          ...(line !== undefined ? { line } : {}),
        });
      }
      entries.push({
        name: m[1] as string,
        version: (m[2] as string).trim(),
        deps: deps.filter((d): d is string => typeof d === 'string').map(requirementName),
        line,
      });
    });

    const direct = new Set<string>();
    if (Array.isArray(doc.DEPENDENCIES)) {
      for (const d of doc.DEPENDENCIES) if (typeof d === 'string') direct.add(requirementName(d));
    }
    const external = isObject(doc['EXTERNAL SOURCES']) ? doc['EXTERNAL SOURCES'] : {};
    const checkout = isObject(doc['CHECKOUT OPTIONS']) ? doc['CHECKOUT OPTIONS'] : {};
    const repoOf = new Map<string, string>();
    const specRepos = doc['SPEC REPOS'];
    if (isObject(specRepos)) {
      for (const [repo, names] of Object.entries(specRepos)) {
        if (Array.isArray(names)) for (const n of names) if (typeof n === 'string') repoOf.set(n, repo);
      }
    }

    const versionOf = new Map<string, string>();
    for (const e of entries) if (!versionOf.has(e.name)) versionOf.set(e.name, e.version);

    const packages: FoundPackage[] = [];
    const edges: FoundEdge[] = [];
    const warnings: NonNullable<ExtractResult['warnings']> = [];
    const seen = new Set<string>();
    for (const e of entries) {
      const key = `${e.name}@${e.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const pkg: FoundPackage = {
        ecosystem: 'CocoaPods',
        name: e.name,
        version: e.version,
        scope: 'runtime',
        direct: direct.has(e.name),
        key,
      };
      if (e.line !== undefined) pkg.line = e.line;
      const slash = e.name.indexOf('/');
      if (slash > 0) {
        // The purl spec puts a subspec in the subpath: pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib
        const purl = toPurl('CocoaPods', e.name.slice(0, slash), e.version, undefined, e.name.slice(slash + 1));
        if (purl) pkg.purl = purl;
      }
      const source = sourceFor(e.name, external, checkout, repoOf);
      if (source) pkg.source = source;
      packages.push(pkg);
      if (pkg.direct) edges.push({ from: null, to: key });
      for (const dep of e.deps) {
        const v = versionOf.get(dep);
        if (v === undefined) {
          warnings.push({ message: `${e.name} depends on ${dep}, which PODS does not list`, ...(e.line ? { line: e.line } : {}) });
          continue;
        }
        edges.push({ from: key, to: `${dep}@${v}` });
      }
    }

    const result: ExtractResult = { packages, edges };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};
