import { InputError } from '../../../model/index.js';
import { isObject, parseJsonObject } from '../../../parsers/json.js';

import type { Scope } from '../../../model/index.js';

/** How a manifest names a dependency: `dependencies`, `optionalDependencies` or only `devDependencies`. */
export type DependencyKind = 'prod' | 'optional' | 'dev';

/** The scope each dependency kind gives the packages reached from it. */
export const KIND_SCOPE: Readonly<Record<DependencyKind, Scope>> = { prod: 'runtime', optional: 'optional', dev: 'dev' };

/** What the lockfile scanners need from a package.json. */
export interface NpmManifest {
  name?: string;
  version?: string;
  /** Dependency name -> the range as written, and the strongest section that names it. */
  dependencies: Map<string, { range: string; kind: DependencyKind }>;
  /** `workspaces` patterns (array form or `{ packages: [...] }`). */
  workspaces: string[];
}

const SECTIONS: ReadonlyArray<[string, DependencyKind]> = [
  // Weakest first, so a name in several sections ends with the strongest kind.
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['dependencies', 'prod'],
];

/**
 * Reads a package.json for its name, version, dependency sections and workspace patterns.
 * Returns the manifest, or an error message when the text is not a JSON object (the caller
 * turns that into a warning: a broken manifest must not hide the lockfile's packages).
 */
export function readNpmManifest(text: string, file: string): NpmManifest | { error: string } {
  let doc: Record<string, unknown>;
  try {
    doc = parseJsonObject(text, file);
  } catch (err) {
    return { error: err instanceof InputError ? err.describe() : String(err) };
  }
  const dependencies = new Map<string, { range: string; kind: DependencyKind }>();
  for (const [section, kind] of SECTIONS) {
    const deps = doc[section];
    if (!isObject(deps)) continue;
    for (const [name, range] of Object.entries(deps)) {
      dependencies.set(name, { range: typeof range === 'string' ? range : '', kind });
    }
  }
  const ws = doc.workspaces;
  const patterns = Array.isArray(ws) ? ws : isObject(ws) && Array.isArray(ws.packages) ? ws.packages : [];
  const manifest: NpmManifest = {
    dependencies,
    workspaces: patterns.filter((p): p is string => typeof p === 'string'),
  };
  if (typeof doc.name === 'string') manifest.name = doc.name;
  if (typeof doc.version === 'string') manifest.version = doc.version;
  return manifest;
}

/** Joins a workspace directory and a relative path POSIX-style, resolving `.` and `..`; null if it leaves the root. */
export function joinRelative(dir: string, rel: string): string | null {
  const parts: string[] = [];
  for (const seg of `${dir}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length === 0 ? '.' : parts.join('/');
}
