import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { InputError } from '../model/errors.js';
import { looksBinary } from '../parsers/limits.js';
import type { SiblingReader } from '../scanners/types.js';

/** The default cap on one input file: lockfiles of the largest monorepos stay well below it. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

/**
 * Decodes a file's bytes: UTF-16 (little or big endian) when it starts with that byte order
 * mark, as Windows tools such as PowerShell's `pip freeze > requirements.txt` write it, and
 * UTF-8 otherwise. The UTF-16 BOM is dropped; a UTF-8 BOM is left to the parsers.
 */
function decodeText(buf: Buffer): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2, buf.length - (buf.length % 2)).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    return swapped.swap16().toString('utf16le');
  }
  return buf.toString('utf8');
}

/**
 * Reads a text file for scanning: refuses files over `maxBytes` before reading them, decodes
 * UTF-8 (or UTF-16 with a byte order mark), and refuses binary data. Throws an InputError that names `displayPath`.
 */
export function readTextFile(abs: string, displayPath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    throw new InputError(`cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file: displayPath });
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) {
      throw new InputError(`file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (raise it with --max-file-size)`, {
        file: displayPath,
      });
    }
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    const text = decodeText(buf.subarray(0, off));
    if (looksBinary(text)) throw new InputError('file holds binary data, not text', { file: displayPath });
    return text;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads at most the first `bytes` bytes of a file, decoded as UTF-8 (a character cut at the end
 * decodes as U+FFFD), or undefined when the file cannot be read. For looking at a file's start
 * without reading, decoding and keeping all of a large lockfile.
 */
export function readTextHead(abs: string, bytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.allocUnsafe(bytes);
    let off = 0;
    while (off < bytes) {
      const n = readSync(fd, buf, off, bytes - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes the read-only accessor a scanner uses for files beside the one it scans. Paths are
 * relative to the scanned file's directory; anything that resolves (after links) outside
 * `rootAbs`, or is missing, too large or binary, reads as undefined.
 */
/**
 * Returns a function that resolves a path (relative to `baseDir`) to its real path on disk,
 * after links, or undefined when it does not exist, holds a NUL, or lands outside `rootAbs`.
 * Every read of a file Ospo did not choose itself (siblings, installed packages) goes through one.
 */
export function confinedResolver(rootAbs: string): (baseDir: string, path: string) => string | undefined {
  let rootReal: string;
  try {
    rootReal = realpathSync(rootAbs);
  } catch {
    rootReal = rootAbs;
  }
  const prefix = rootReal.endsWith(sep) ? rootReal : rootReal + sep;
  return (baseDir, path) => {
    if (path.includes('\0')) return undefined;
    let real: string;
    try {
      real = realpathSync(resolve(baseDir, path));
    } catch {
      return undefined;
    }
    return real === rootReal || real.startsWith(prefix) ? real : undefined;
  };
}

/**
 * Makes the read-only accessor a scanner uses for files beside the one it scans. Paths are
 * relative to the scanned file's directory; anything that resolves (after links) outside
 * `rootAbs`, or is missing, too large or binary, reads as undefined.
 */
export function siblingReader(fileAbs: string, rootAbs: string, maxBytes = DEFAULT_MAX_FILE_BYTES): SiblingReader {
  const dir = dirname(fileAbs);
  const locate = confinedResolver(rootAbs);
  return (relPath: string) => {
    const real = locate(dir, relPath);
    if (real === undefined) return undefined;
    try {
      return readTextFile(real, relPath, maxBytes);
    } catch {
      return undefined;
    }
  };
}
