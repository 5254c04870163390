import { closeSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Inventory } from '../model/inventory.js';
import { EXIT } from './exit-codes.js';
import { colorsFor, type CliIo } from './io.js';

/** What a command needs: where to write, and where to record its exit code. */
export interface CommandContext {
  io: CliIo;
  /** The exit code the run ends with; actions set it. */
  state: { code: number };
}

/**
 * The UTF-8 bytes of a document. Text of ASCII only (most SBOMs and reports) is copied byte for
 * byte, which is the same bytes and several times faster on megabytes than UTF-8 encoding.
 */
function encoded(text: string): Buffer | string {
  // eslint-disable-next-line no-control-regex -- ASCII is U+0000 to U+007F
  return /[^\x00-\x7f]/.test(text) ? text : Buffer.from(text, 'latin1');
}

/** A document as one string, or as pieces in order (a report too large to want as one string). */
export type Document = string | Iterable<string>;

/** About how many characters go to one write when a document comes in pieces. */
const BATCH_CHARS = 1 << 20;

/** The pieces of a document joined into writes of about BATCH_CHARS characters. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const p of pieces) {
    parts.push(p);
    size += p.length;
    if (size >= BATCH_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/** Writes all of `data` at the file's current position (a pipe or device may take less per call). */
function writeAll(fd: number, data: Buffer | string): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Writes a document given in pieces to an open file, batch by batch. */
function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const b of batches(pieces)) writeAll(fd, encoded(b));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a document to FILE atomically (temp file, then rename), or to stdout. A FILE that is not
 * a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written in place: renaming over it
 * would replace the device or pipe with a regular file. A symlink is followed, so the file it
 * points to is replaced and the link stays. A document in pieces is written batch by batch, never
 * held as one string; if writing fails half way, the temp file is removed and FILE is untouched.
 */
export function emit(io: CliIo, doc: Document, file: string | undefined): void {
  if (!file || file === '-') {
    if (typeof doc === 'string') io.stdout.write(doc);
    else for (const b of batches(doc)) io.stdout.write(b);
    return;
  }
  let abs = resolve(file);
  let existing: Stats | undefined;
  try {
    existing = statSync(abs);
  } catch {
    existing = undefined; // a new file
  }
  if (existing && !existing.isFile()) {
    if (typeof doc === 'string') writeFileSync(abs, encoded(doc));
    else writePieces(abs, doc);
    return;
  }
  if (existing) abs = realpathSync(abs);
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  try {
    if (typeof doc === 'string') writeFileSync(tmp, encoded(doc));
    else writePieces(tmp, doc);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, abs);
}

/** How many scanner warnings a command prints on stderr. */
const MAX_WARNINGS_SHOWN = 20;

/** Names every unreadable input on stderr, and the first warnings; returns the exit code the run ends with. */
export function reportIssues(io: CliIo, inv: Inventory): number {
  const colors = colorsFor(io.stderr, io.env);
  for (const e of inv.errors) {
    let where = e.file;
    if (e.line !== undefined) where += `:${e.line}`;
    if (e.pointer !== undefined) where += ` (at ${e.pointer || '/'})`;
    io.stderr.write(`${colors.red('error')} ${where}: ${e.message}\n`);
  }
  for (const s of inv.skipped) io.stderr.write(`${colors.yellow('skipped')} ${s.file}: ${s.message}\n`);
  // Warnings did not stop a file from being read, but say what is missing from it (an include
  // not found, a parent POM not available): the first few here, all of them in --format json.
  const warnings = inv.warnings ?? [];
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) io.stderr.write(`${colors.yellow('warning')} ${w.file}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}\n`);
  if (warnings.length > MAX_WARNINGS_SHOWN) io.stderr.write(`${colors.yellow('warning')} ${warnings.length - MAX_WARNINGS_SHOWN} more warnings; \`--format json\` lists them all\n`);
  return inv.errors.length > 0 ? EXIT.unreadable : EXIT.ok;
}

/** Adds the flags every command that reads a tree takes. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--exclude <pattern...>', 'skip directories by name or relative path (globs with *), on top of the defaults')
    .option('--no-default-excludes', 'also look inside node_modules, vendor, .git and build outputs')
    .option('--max-file-size <size>', 'refuse input files larger than this (e.g. 64MB)', '64MB')
    .option('--type <format>', 'read the named files as this format (see `ospo formats`), whatever their names');
}

