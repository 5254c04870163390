import { InputError, type PackageSource } from '../../../model/index.js';
import { isObject } from '../../../parsers/json.js';
import { forEachLine } from '../shared/lines.js';
import { parseLockfileYaml } from '../shared/lockfile-yaml.js';
import { splitNameAt } from '../shared/names.js';
import { sourceFromLocator } from '../shared/source.js';
import { readQuoted } from './classic-parser.js';
import type { LockEntry } from './entries.js';

/** Berry lockfile versions (`__metadata.version`) seen from Yarn 2 (4) to Yarn 4 (8). */
const KNOWN_VERSIONS = { min: 4, max: 8 };

/**
 * Maps each top-level key of a berry lockfile to the line of its header. The YAML parser keeps
 * no positions, so the headers (unindented lines ending in `:`) are read once from the text.
 */
function headerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  forEachLine(text, (raw, lineNo) => {
    const c = raw.charCodeAt(0);
    if (raw === '' || c === 32 || c === 35 /* # */ || c === 9) return;
    let key: string | undefined;
    if (c === 34 /* " */) key = readQuoted(raw, 0)?.value;
    else if (raw.endsWith(':')) key = raw.slice(0, -1);
    if (key !== undefined && !lines.has(key)) lines.set(key, lineNo);
  });
  return lines;
}

/** What a berry `resolution` locator says about the package: real name, origin, workspace path, notes. */
function readResolution(resolution: string): { name: string; source?: PackageSource; workspace?: string; notes: string[] } | null {
  const loc = splitNameAt(resolution);
  if (!loc) return null;
  const notes: string[] = [];
  let ref = loc.rest;
  // patch: wraps the locator of the package it patches, URL-encoded, before `#<patch path>`
  // (https://yarnpkg.com/protocol/patch); the package is still the base one at its version.
  if (ref.startsWith('patch:')) {
    const hash = ref.indexOf('#');
    const inner = safeDecode(hash === -1 ? ref.slice(6) : ref.slice(6, hash));
    const patchPath = hash === -1 ? '' : ref.slice(hash + 1).replace(/::.*$/, '');
    notes.push(`patched by yarn (${patchPath || 'patch: protocol'})`);
    const base = splitNameAt(inner);
    ref = base ? base.rest : inner;
  }
  ref = ref.replace(/::.*$/, '');
  if (ref.startsWith('npm:')) return { name: loc.name, notes };
  if (ref.startsWith('workspace:')) return { name: loc.name, workspace: ref.slice(10) || '.', source: { kind: 'workspace', url: ref.slice(10) || '.' }, notes };
  if (ref.startsWith('exec:')) {
    notes.push('built by a script (exec: protocol)');
    return { name: loc.name, source: { kind: 'file', url: ref.slice(5) }, notes };
  }
  const source = sourceFromLocator(ref);
  return source ? { name: loc.name, source, notes } : { name: loc.name, notes };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function depPairs(value: unknown): Array<[string, string]> {
  if (!isObject(value)) return [];
  return Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : String(v ?? '')]);
}

/**
 * Reads the entries of a berry (Yarn 2+) lockfile, a YAML document with `__metadata`
 * (https://yarnpkg.com/advanced/lockfile). Names and versions come from each entry's
 * `resolution` and `version`, so aliases resolve to the real package. Checksums are not
 * reported as hashes: they hash Yarn's cache zip, not the published tarball.
 */
export function readBerryEntries(text: string, file: string | undefined, warnings: Array<{ message: string; line?: number }>): LockEntry[] {
  const doc = parseLockfileYaml(text, file);
  if (doc === null || doc === undefined) return [];
  if (!isObject(doc)) throw new InputError('invalid yarn.lock: expected a mapping of entries at the top level', { file, line: 1 });
  const lines = headerLines(text);
  const meta = doc.__metadata;
  if (!isObject(meta)) throw new InputError('invalid yarn.lock: __metadata must be a mapping', { file, line: lines.get('__metadata') });
  const version = Number(meta.version);
  if (!Number.isInteger(version) || version < 1) {
    throw new InputError(
      `unsupported yarn.lock __metadata.version ${JSON.stringify(meta.version)}: supported are classic v1 and berry versions ${KNOWN_VERSIONS.min}-${KNOWN_VERSIONS.max}`,
      { file, line: lines.get('__metadata') },
    );
  }
  if (version < KNOWN_VERSIONS.min || version > KNOWN_VERSIONS.max) {
    warnings.push({ message: `yarn.lock __metadata.version ${version} is outside the tested ${KNOWN_VERSIONS.min}-${KNOWN_VERSIONS.max}; read as berry` });
  }
  const out: LockEntry[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === '__metadata') continue;
    const line = lines.get(key) ?? 1;
    if (!isObject(value)) throw new InputError(`invalid yarn.lock: entry ${JSON.stringify(key)} must be a mapping`, { file, line });
    const specifiers = key.split(/,\s*/).filter((s) => s !== '');
    const first = splitNameAt(specifiers[0] ?? '') ?? { name: specifiers[0] ?? key, rest: '' };
    const resolution = typeof value.resolution === 'string' ? value.resolution : undefined;
    const resolved = resolution ? readResolution(resolution) : null;
    const notes = resolved ? [...resolved.notes] : [];
    if (!resolved) notes.push(resolution ? `unreadable resolution ${JSON.stringify(resolution)}` : 'yarn.lock records no resolution');
    const v = value.version;
    const ver = typeof v === 'string' || typeof v === 'number' ? String(v) : null;
    if (ver === null) notes.push('yarn.lock records no version for this entry');
    const entry: LockEntry = {
      specifiers,
      line,
      name: resolved?.name ?? first.name,
      version: ver,
      range: first.rest,
      dependencies: [...depPairs(value.dependencies), ...depPairs(value.optionalDependencies)],
      notes,
    };
    if (resolved?.source) entry.source = resolved.source;
    if (resolved?.workspace !== undefined) entry.workspace = resolved.workspace;
    out.push(entry);
  }
  return out;
}
