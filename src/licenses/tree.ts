import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { confinedResolver } from '../sources/read-file.js';
import { looksBinary } from '../parsers/limits.js';

/** One directory entry. */
export interface TreeEntry {
  name: string;
  dir: boolean;
}

/**
 * Read-only access to the scanned tree, by POSIX paths relative to its root. Paths that leave
 * the root (`..`, links out of it) read as missing. The license analyzer sees files only
 * through this, so it is testable with an in-memory tree.
 */
export interface TreeReader {
  /** A file's size in bytes, or undefined when it is missing or not a file. */
  size(path: string): number | undefined;
  /** A text file's content; undefined when missing, larger than `maxBytes`, binary or unreadable. */
  read(path: string, maxBytes: number): string | undefined;
  /** A directory's entries sorted by name, or undefined when it is not a directory. */
  list(path: string): TreeEntry[] | undefined;
}

/** The most entries read from one directory: a larger folder is read in part. */
export const MAX_DIR_ENTRIES = 20_000;

function byName(a: TreeEntry, b: TreeEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Joins POSIX path parts, dropping `.` and empty parts. */
export function joinPath(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '' && p !== '.')
    .join('/') || '.';
}

/** A TreeReader over a directory on disk, confined to it after resolving links. */
export function diskTree(rootDir: string): TreeReader {
  const rootAbs = resolve(rootDir);
  const confined = confinedResolver(rootAbs);
  const locate = (path: string): string | undefined => confined(rootAbs, path === '.' ? '' : path);
  return {
    size(path) {
      const abs = locate(path);
      if (!abs) return undefined;
      try {
        const st = statSync(abs);
        return st.isFile() ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
    read(path, maxBytes) {
      const abs = locate(path);
      if (!abs) return undefined;
      let fd: number | undefined;
      try {
        fd = openSync(abs, 'r');
        const st = fstatSync(fd);
        if (!st.isFile() || st.size > maxBytes) return undefined;
        const buf = Buffer.allocUnsafe(st.size);
        let off = 0;
        while (off < st.size) {
          const n = readSync(fd, buf, off, st.size - off, off);
          if (n === 0) break;
          off += n;
        }
        const text = buf.subarray(0, off).toString('utf8');
        return looksBinary(text) ? undefined : text;
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    list(path) {
      const abs = locate(path);
      if (!abs) return undefined;
      try {
        const out: TreeEntry[] = [];
        for (const d of readdirSync(abs, { withFileTypes: true })) {
          if (out.length >= MAX_DIR_ENTRIES) break;
          let dir = d.isDirectory();
          if (d.isSymbolicLink()) {
            // A link counts by what it points at; one leaving the root reads as missing later.
            try {
              dir = statSync(resolve(abs, d.name)).isDirectory();
            } catch {
              continue;
            }
          } else if (!dir && !d.isFile()) continue;
          out.push({ name: d.name, dir });
        }
        return out.sort(byName);
      } catch {
        return undefined;
      }
    },
  };
}

/** A TreeReader over files held in memory (`path -> content`), for tests and archives. */
export function memoryTree(files: Record<string, string>): TreeReader {
  const map = new Map<string, string>();
  for (const [p, content] of Object.entries(files)) map.set(joinPath(p), content);
  return {
    size: (path) => {
      const c = map.get(joinPath(path));
      return c === undefined ? undefined : Buffer.byteLength(c);
    },
    read: (path, maxBytes) => {
      const c = map.get(joinPath(path));
      if (c === undefined || Buffer.byteLength(c) > maxBytes || looksBinary(c)) return undefined;
      return c;
    },
    list: (path) => {
      const dir = joinPath(path);
      const prefix = dir === '.' ? '' : `${dir}/`;
      const entries = new Map<string, boolean>();
      for (const p of map.keys()) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const i = rest.indexOf('/');
        if (i === -1) entries.set(rest, entries.get(rest) ?? false);
        else entries.set(rest.slice(0, i), true);
      }
      if (entries.size === 0) return undefined;
      return [...entries].map(([name, isDir]) => ({ name, dir: isDir })).sort(byName);
    },
  };
}
