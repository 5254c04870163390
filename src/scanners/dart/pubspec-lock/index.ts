/**
 * Dart/Flutter lockfiles (`pubspec.lock`, https://dart.dev/tools/pub/glossary#lockfile): a YAML
 * map `packages` from name to `{dependency, description, source, version}`. `dependency` says
 * how the package is used: `direct main`, `direct dev`, `direct overridden` or `transitive`;
 * `source` is `hosted`, `git`, `path` or `sdk`. The graph between packages is not recorded.
 */
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { looksBinary } from '../../../parsers/limits.js';
import { stripBom } from '../../../parsers/lines.js';
import { parseYaml } from '../../../parsers/yaml.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { pubspecLockInfo } from './info.js';

/** Hosts of the default registry: hosted packages from them get no `source`. */
const PUB_DEV = /^https?:\/\/pub\.(?:dev|dartlang\.org)\/?$/;

/**
 * Finds the line of each package under the top-level `packages:` key: the keys at the
 * indentation of its first child (pub writes two spaces; hand-edited files vary).
 */
function packageLines(text: string): Map<string, number> {
  const lines = text.split(/\r?\n/);
  const out = new Map<string, number>();
  const start = lines.findIndex((l) => /^packages:\s*(?:#.*)?$/.test(l));
  if (start === -1) return out;
  let indent = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() === '' || /^\s*#/.test(l)) continue;
    const ind = l.length - l.trimStart().length;
    if (ind === 0) break;
    if (indent === -1) indent = ind;
    if (ind !== indent) continue;
    const m = /^\s*(?:"([^"]+)"|'([^']+)'|([^\s:#]+))\s*:/.exec(l);
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    if (name !== undefined && !out.has(name)) out.set(name, i + 1);
  }
  return out;
}

/** Extracts pub packages, their sources and hashes from a pubspec.lock. */
function extractPubspecLock(content: string, ctx: ScanContext): ExtractResult {
  const file = ctx.path;
  if (looksBinary(content)) throw new InputError('binary data, expected pubspec.lock YAML', { file });
  const text = stripBom(content);
  const doc = parseYaml(text, file);
  if (doc === null || doc === undefined) throw new InputError('empty file, expected a pubspec.lock with a `packages` map', { file });
  if (!isObject(doc)) throw new InputError('expected a YAML map with `packages` at the top level of pubspec.lock', { file, line: 1 });
  const packages = doc.packages;
  if (packages === undefined || packages === null) {
    if (doc.sdks === undefined) throw new InputError('not a pubspec.lock: no `packages` or `sdks` key', { file, line: 1 });
    return { packages: [] };
  }
  if (!isObject(packages)) throw new InputError('`packages` must be a map from package name to its entry', { file, pointer: '/packages' });

  const lines = packageLines(text);
  const warnings: Array<{ message: string; line?: number }> = [];
  const out: FoundPackage[] = [];
  const edges: FoundEdge[] = [];
  for (const [name, raw] of Object.entries(packages)) {
    const line = lines.get(name);
    const pointer = `/packages/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!isObject(raw)) throw new InputError(`package "${name}" must be a map`, { file, pointer, line });
    const dependency = typeof raw.dependency === 'string' ? raw.dependency : '';
    const source = typeof raw.source === 'string' ? raw.source : '';
    const version = typeof raw.version === 'string' && raw.version !== '' ? raw.version : typeof raw.version === 'number' ? String(raw.version) : null;
    const pkg: FoundPackage = { ecosystem: 'Pub', name, version, scope: 'runtime' };
    if (line !== undefined) pkg.line = line;
    if (version === null) {
      pkg.notes = ['no `version` recorded in pubspec.lock'];
      warnings.push({ message: `package ${name} has no version`, line });
    }
    const words = dependency.split(' ');
    if (words[0] === 'direct') pkg.direct = true;
    else if (dependency === 'transitive') pkg.direct = false;
    if (words.includes('dev')) pkg.scope = 'dev';

    const desc = raw.description;
    switch (source) {
      case 'hosted': {
        const url = isObject(desc) && typeof desc.url === 'string' ? desc.url : undefined;
        if (url && !PUB_DEV.test(url)) pkg.source = { kind: 'registry', url };
        if (isObject(desc) && typeof desc.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(desc.sha256)) {
          pkg.hashes = [{ alg: 'SHA-256', value: desc.sha256.toLowerCase() }];
        }
        break;
      }
      case 'git': {
        pkg.source = { kind: 'git' };
        if (isObject(desc)) {
          if (typeof desc.url === 'string') pkg.source.url = desc.url;
          const ref = typeof desc['resolved-ref'] === 'string' ? desc['resolved-ref'] : typeof desc.ref === 'string' ? desc.ref : undefined;
          if (ref) pkg.source.ref = ref;
        }
        break;
      }
      case 'path':
        pkg.source = { kind: 'file' };
        if (isObject(desc) && typeof desc.path === 'string') pkg.source.url = desc.path;
        break;
      case 'sdk':
        // Packages such as flutter_test ship inside the Flutter or Dart SDK: the platform provides them.
        if (pkg.scope !== 'dev') pkg.scope = 'provided';
        pkg.notes = [...(pkg.notes ?? []), `supplied by the ${typeof desc === 'string' ? desc : 'Dart'} SDK`];
        break;
      default:
        if (source) pkg.notes = [...(pkg.notes ?? []), `unknown pub source "${source}"`];
        break;
    }
    out.push(pkg);
    if (pkg.direct) edges.push({ from: null, to: `${name}@${version ?? ''}` });
  }
  const result: ExtractResult = { packages: out, edges };
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scanner for pubspec.lock files (Dart and Flutter, Pub). */
export const pubspecLockScanner: Scanner = {
  ...pubspecLockInfo,
  extract: extractPubspecLock,
};
