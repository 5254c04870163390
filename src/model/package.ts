import type { Ecosystem } from './ecosystem.js';

/** How a package is used by the project that depends on it. */
export const SCOPES = ['runtime', 'provided', 'optional', 'peer', 'dev', 'test'] as const;
/** A dependency scope: `runtime` ships; `dev` and `test` do not; `provided` is supplied by the platform. */
export type Scope = (typeof SCOPES)[number];

/** Ranks scopes from most to least required, so merged findings keep the strongest one. */
export function strongerScope(a: Scope, b: Scope): Scope {
  return SCOPES.indexOf(a) <= SCOPES.indexOf(b) ? a : b;
}

/** Where a package was found: a file relative to the scan root (POSIX separators), and a line. */
export interface Location {
  file: string;
  line?: number;
}

/** Where a package's code comes from. */
export type SourceKind = 'registry' | 'git' | 'url' | 'file' | 'link' | 'workspace';

/** The origin of a package when it is not the default registry, or the registry URL used. */
export interface PackageSource {
  kind: SourceKind;
  /** Repository, tarball or registry URL, or a local path for file/link/workspace. */
  url?: string;
  /** A git commit, tag or branch. */
  ref?: string;
}

/** A content hash of a package artifact, as lockfiles record it. */
export interface Hash {
  alg: 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'BLAKE2b-256' | 'BLAKE3';
  /** Lowercase hex. */
  value: string;
}

/**
 * A package as one scanner found it in one file. `version` is the exact resolved version,
 * or null when the file only declares a requirement (then `declared` holds the range).
 */
export interface FoundPackage {
  ecosystem: Ecosystem;
  /** The ecosystem's own name: npm `@scope/name`, Maven `groupId:artifactId`, PyPI PEP 503 normalised, Go module path. */
  name: string;
  version: string | null;
  /** The requirement as written in a manifest (`^1.2.0`, `>=2,<3`), when known. */
  declared?: string;
  /** Defaults to `runtime`. */
  scope?: Scope;
  /** True when the project depends on it directly, false when only transitively, undefined when the format does not say. */
  direct?: boolean;
  /** 1-based line in the file where the package is recorded, when known. */
  line?: number;
  source?: PackageSource;
  /** A declared license (SPDX expression or free text) from the file's metadata. */
  license?: string;
  hashes?: Hash[];
  /** A purl to use instead of the computed one (to carry qualifiers such as vcs_url). */
  purl?: string;
  /** Identifies the package within its file for edges; defaults to `name@version` (or `name@declared`). */
  key?: string;
  /** Why something about this package is incomplete (an unresolved property, a remote parent POM). */
  notes?: string[];
}

/** A dependency edge within one file; `from: null` is the file's own project. */
export interface FoundEdge {
  from: string | null;
  to: string;
}

/** The key that identifies a found package within its file, for edges. */
export function foundKey(p: Pick<FoundPackage, 'key' | 'name' | 'version' | 'declared'>): string {
  return p.key ?? `${p.name}@${p.version ?? p.declared ?? ''}`;
}
