import type { Ecosystem } from '../model/ecosystem.js';
import type { FoundEdge, FoundPackage } from '../model/package.js';

/**
 * Reads a file next to the one being scanned, read-only. `relPath` is relative to the
 * directory of the scanned file (`../pom.xml`, `go.sum`). Returns undefined when the file does
 * not exist, is outside the scan root, is too large, or cannot be read.
 */
export type SiblingReader = (relPath: string) => string | undefined;

/** What a scanner gets besides the file content. */
export interface ScanContext {
  /** The scanned file's path relative to the scan root, POSIX separators (for messages). */
  path: string;
  readSibling: SiblingReader;
}

/** A project identity a manifest declares (`name`/`version` in package.json, a pom's coordinates). */
export interface DeclaredProject {
  name?: string;
  version?: string;
}

/** What a scanner found in one file. */
export interface ExtractResult {
  packages: FoundPackage[];
  /** The dependency graph, where the format records it; `from: null` is the file's own project. */
  edges?: FoundEdge[];
  project?: DeclaredProject;
  /** Non-fatal problems: entries that were read with something missing or skipped, with why. */
  warnings?: Array<{ message: string; line?: number }>;
  /**
   * Directories (relative to this file's directory, POSIX) whose manifests this lockfile already
   * covers, such as npm workspaces; their manifest-only scanners are skipped.
   */
  covers?: string[];
}

/**
 * What Ospo knows of a file format without loading its scanner: identity and the cheap path and
 * content checks. Each scanner folder keeps this in `info.ts`, so the registry (and a walk that
 * only chooses files) never loads the parsers; `index.ts` adds `extract`.
 */
export interface ScannerInfo {
  /** `ecosystem-family/format`, kebab-case, for example `npm/package-lock`. */
  id: string;
  ecosystem: Ecosystem;
  /**
   * `lockfile` records resolved versions; `manifest` only declares requirements and is
   * skipped in a directory where a lockfile of the same `group` was found.
   */
  kind: 'lockfile' | 'manifest';
  /** Build-tool family for the lockfile/manifest precedence (`npm`, `python`, `maven`, `gradle`, ...). */
  group: string;
  /** One line for `--help` and docs: which files, which versions of the format. */
  description: string;
  /** True when this scanner reads the file at `path` (POSIX, relative); by name only. */
  matches(path: string): boolean;
  /**
   * Optional content check for a file given explicitly under an unusual name: true when the
   * content is plainly this format (cheap; looks at the start of the text only).
   */
  sniff?(content: string): boolean;
  /**
   * Optional last resort for a file named explicitly, under a name no scanner matches, whose
   * content is empty or only comments (so no sniff can judge it): true when the path's
   * extension is this format's alone (`.txt` for requirements, `.mod` for go.mod). Never used
   * while walking a directory.
   */
  fallback?(path: string): boolean;
}

/**
 * One file format. `matches` looks at the path only; `extract` is pure: content (plus sibling
 * files through the reader) in, packages out. A malformed file throws an InputError that says
 * where; a file that is well-formed but empty returns no packages.
 */
export interface Scanner extends ScannerInfo {
  extract(content: string, context: ScanContext): ExtractResult;
}

/** A registry entry: a scanner's cheap part, and `load`, which imports the module with its `extract`. */
export interface ScannerEntry extends ScannerInfo {
  load(): Promise<Scanner>;
}

/** The file name of a POSIX path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? path : path.slice(i + 1);
}
