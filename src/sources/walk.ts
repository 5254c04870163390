import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ScanIssue } from '../model/inventory.js';

/** Directory names skipped by default: installed dependencies, VCS metadata and build outputs. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'target',
  'out',
  '.next',
  '.nuxt',
  '.gradle',
  '.venv',
  'venv',
  '.tox',
  '__pycache__',
  '.mypy_cache',
  '.terraform',
  '.ospo',
];

/** Options for walking a tree. */
export interface WalkOptions {
  /** Directory names or relative POSIX paths to skip (`docs`, `examples/old`); simple `*` globs allowed. */
  exclude?: readonly string[];
  /** Use DEFAULT_EXCLUDES as well (default true). */
  defaultExcludes?: boolean;
  /** Called for each file path (POSIX, relative to root); return true to keep it. */
  select: (relPath: string) => boolean;
  /** Called every `progressEvery` directories with the count so far. */
  onProgress?: (dirs: number, files: number) => void;
}

/** A file the walker selected. */
export interface WalkedFile {
  /** POSIX path relative to the root. */
  path: string;
  /** Absolute path on disk. */
  abs: string;
}

/** What a walk found. */
export interface WalkResult {
  files: WalkedFile[];
  /** Entries that could not be read or were refused (links out of the tree, loops), with why. */
  issues: ScanIssue[];
  /** Every file seen, selected or not. */
  filesSeen: number;
}

function globToRegExp(glob: string): RegExp {
  // `**/` matches any number of directories (none included), `**` anything, `*` within one name.
  const literal = (part: string) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  const source = glob
    .split('**/')
    .map((a) => a.split('**').map(literal).join('.*'))
    .join('(?:.*/)?');
  return new RegExp(`^${source}$`);
}

/** Builds a predicate that says whether a directory (name, relative path) is excluded. */
export function excludeMatcher(options: Pick<WalkOptions, 'exclude' | 'defaultExcludes'>): (name: string, rel: string) => boolean {
  const names = new Set<string>();
  const patterns: RegExp[] = [];
  const all = [...(options.defaultExcludes === false ? [] : DEFAULT_EXCLUDES), ...(options.exclude ?? [])];
  for (const raw of all) {
    const e = raw.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
    if (!e) continue;
    if (!e.includes('/') && !e.includes('*')) names.add(e);
    else patterns.push(globToRegExp(e));
  }
  return (name, rel) => names.has(name) || patterns.some((p) => p.test(rel) || p.test(name));
}

/**
 * Walks a directory tree without recursion: skips excluded directories, follows symbolic links
 * only while they stay inside the root (and never twice to the same directory, so link loops
 * end), and names every entry it could not read.
 */
export function walk(root: string, options: WalkOptions): WalkResult {
  const excluded = excludeMatcher(options);
  const rootReal = realpathSync(root);
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const visited = new Set<string>([rootReal]);
  const files: WalkedFile[] = [];
  const issues: ScanIssue[] = [];
  let filesSeen = 0;
  let dirs = 0;
  const stack: Array<{ abs: string; rel: string }> = [{ abs: root, rel: '' }];
  while (stack.length > 0) {
    const { abs, rel } = stack.pop()!;
    dirs++;
    if (options.onProgress && dirs % 500 === 0) options.onProgress(dirs, filesSeen);
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      issues.push({ file: rel || '.', message: `cannot read directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      continue;
    }
    // Sorted so results and error lists come out in the same order on every machine.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: Array<{ abs: string; rel: string }> = [];
    for (const entry of entries) {
      const childAbs = join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(childAbs);
        } catch {
          issues.push({ file: childRel, message: 'broken or looping symbolic link, skipped' });
          continue;
        }
        if (!inside(real)) {
          let targetIsDir = false;
          try {
            targetIsDir = statSync(real).isDirectory();
          } catch {
            /* vanished: nothing to report beyond the link itself */
          }
          if (targetIsDir || options.select(childRel)) issues.push({ file: childRel, message: 'symbolic link points outside the scanned tree, not followed' });
          continue;
        }
        try {
          const st = statSync(real);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
        if (isDir) {
          if (visited.has(real)) continue;
          visited.add(real);
        }
      } else if (isDir) {
        try {
          const real = realpathSync(childAbs);
          if (visited.has(real)) continue;
          visited.add(real);
        } catch {
          /* an unreadable directory is reported when we try to list it */
        }
      }
      if (isDir) {
        if (!excluded(entry.name, childRel)) subdirs.push({ abs: childAbs, rel: childRel });
      } else if (isFile) {
        filesSeen++;
        if (options.select(childRel)) files.push({ path: childRel, abs: childAbs });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  return { files, issues, filesSeen };
}

/** Returns `abs` relative to `root` in POSIX form. */
export function toPosixRelative(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

/** Returns whether `path` is a directory (following links); false when it does not exist. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Returns whether `path` is itself a symbolic link. */
export function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
