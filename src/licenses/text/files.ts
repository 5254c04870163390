import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../../model/errors.js';
import { walk, type WalkOptions } from '../../sources/walk.js';
import type { ScanIssue } from '../../model/inventory.js';
import { identifyLicenseText, type TextIdentification } from './matcher.js';
import { findSpdxTags, type SpdxTag } from './spdx-tags.js';

/**
 * File-level entry points: read a bounded prefix of a file (never a whole huge file), refuse
 * binary data, then identify license text or scan the header for SPDX tags.
 */

/** The largest license file identified; real license files are well under 100 KiB. */
export const DEFAULT_LICENSE_FILE_MAX_BYTES = 1024 * 1024;
/** How much of a source file the header scan reads. */
export const DEFAULT_HEADER_BYTES = 8 * 1024;
/** How many lines of a header hold SPDX tags. */
export const DEFAULT_HEADER_LINES = 40;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

/**
 * Reads at most `limit` bytes from the start of a file. With `refuseLarger`, a file over the
 * limit is refused (InputError) before anything is read. NUL bytes in the prefix mean binary.
 */
export function readPrefix(abs: string, display: string, limit: number, refuseLarger: boolean): { text: string; size: number } {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    throw new InputError(`cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file: display });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError('not a regular file', { file: display });
    if (refuseLarger && st.size > limit) {
      throw new InputError(`file is ${formatBytes(st.size)}, over the ${formatBytes(limit)} limit for license text (is it really a license file?)`, {
        file: display,
      });
    }
    const want = Math.min(st.size, limit);
    const buf = Buffer.allocUnsafe(want);
    let off = 0;
    while (off < want) {
      const n = readSync(fd, buf, off, want - off, off);
      if (n === 0) break;
      off += n;
    }
    const bytes = buf.subarray(0, off);
    if (bytes.subarray(0, 8192).includes(0)) throw new InputError('file holds binary data (NUL bytes), not license text', { file: display });
    return { text: bytes.toString('utf8'), size: st.size };
  } finally {
    closeSync(fd);
  }
}

/** What identifying one file found. */
export interface FileIdentification extends TextIdentification {
  path: string;
  /** SPDX tags in the file's first lines, which count as evidence too. */
  tags: SpdxTag[];
}

/** Identifies the licenses in one file: full-text matches, notices and SPDX tags. */
export function identifyLicenseFile(abs: string, display: string, maxBytes = DEFAULT_LICENSE_FILE_MAX_BYTES): FileIdentification {
  const { text } = readPrefix(abs, display, maxBytes, true);
  const result = identifyLicenseText(text);
  const tags = findSpdxTags(text, DEFAULT_HEADER_LINES);
  // Tags are explicit: they win over what only names a license (a notice, a reference, a URL).
  const fullText = result.matches.some((m) => m.method === 'exact' || m.method === 'similarity');
  if (result.license === null || !fullText) {
    const valid = tags.filter((t) => t.expression);
    if (valid.length > 0) {
      const unique = [...new Set(valid.map((t) => t.expression!))];
      return { path: display, license: unique.length === 1 ? unique[0]! : unique.map((e) => `(${e})`).join(' AND '), confidence: 1, matches: result.matches, tags };
    }
  }
  return { path: display, ...result, tags };
}

/** File extensions (and names) of source files whose headers carry SPDX tags. */
const SOURCE_EXTENSIONS = new Set(
  (
    'c h cc cpp cxx hpp hh hxx m mm cs java kt kts scala groovy go rs swift js mjs cjs jsx ts mts cts tsx vue svelte py pyi rb pl pm ' +
    'php sh bash zsh fish ps1 psm1 lua r jl dart ex exs erl hrl hs elm clj cljs ml mli fs fsx f90 f95 sql proto thrift ' +
    'css scss sass less html htm xml xsd xsl svg yaml yml toml ini cfg cmake mk gradle tf nix zig v sv vhd vhdl asm s bzl star'
  ).split(' '),
);
const SOURCE_NAMES = new Set(['Makefile', 'CMakeLists.txt', 'Dockerfile', 'Kconfig', 'BUILD', 'WORKSPACE', 'meson.build', 'Jenkinsfile', 'Rakefile', 'Gemfile']);

/** Says whether a path names a source file the header scan reads. */
export function isSourceFile(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  if (SOURCE_NAMES.has(name)) return true;
  const dot = name.lastIndexOf('.');
  return dot > 0 && SOURCE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** One file's SPDX tags. */
export interface HeaderResult {
  path: string;
  tags: SpdxTag[];
}

/** What a header scan of a tree found. */
export interface HeaderScan {
  files: HeaderResult[];
  /** Source files read. */
  scanned: number;
  /** Files with at least one valid tag. */
  tagged: number;
  /** Tags that did not parse. */
  invalid: number;
  /** Normalised expression -> number of files carrying it. */
  expressions: Record<string, number>;
  issues: ScanIssue[];
}

/** Options for a header scan. */
export interface HeaderScanOptions extends Pick<WalkOptions, 'exclude' | 'defaultExcludes' | 'onProgress'> {
  headerBytes?: number;
  maxLines?: number;
}

/**
 * Scans the source files under `root` for SPDX tags, reading only the first `headerBytes` of
 * each file. Files without tags are counted, not listed.
 */
export function scanHeaders(root: string, options: HeaderScanOptions = {}): HeaderScan {
  const walked = walk(root, { exclude: options.exclude, defaultExcludes: options.defaultExcludes, onProgress: options.onProgress, select: isSourceFile });
  const headerBytes = options.headerBytes ?? DEFAULT_HEADER_BYTES;
  const maxLines = options.maxLines ?? DEFAULT_HEADER_LINES;
  const files: HeaderResult[] = [];
  const issues: ScanIssue[] = [...walked.issues];
  const expressions: Record<string, number> = Object.create(null) as Record<string, number>;
  let tagged = 0;
  let invalid = 0;
  let scanned = 0;
  for (const f of walked.files) {
    let text: string;
    try {
      text = readPrefix(f.abs, f.path, headerBytes, false).text;
    } catch (err) {
      // Binary files with a source extension (minified bundles, generated data) are skipped quietly.
      if (err instanceof InputError && /binary/.test(err.message)) continue;
      issues.push({ file: f.path, message: (err as Error).message });
      continue;
    }
    scanned++;
    const tags = findSpdxTags(text, maxLines);
    if (tags.length === 0) continue;
    files.push({ path: f.path, tags });
    let valid = false;
    for (const t of tags) {
      if (t.expression) {
        valid = true;
        expressions[t.expression] = (expressions[t.expression] ?? 0) + 1;
      } else invalid++;
    }
    if (valid) tagged++;
  }
  return { files, scanned, tagged, invalid, expressions: { ...expressions }, issues };
}
