import { createReadStream, lstatSync, openSync, readSync, closeSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import yauzl from 'yauzl';
import { InputError } from '../../model/errors.js';

/** Caps on what reading a tree or archive of advisories may cost; a breach refuses the input. */
export interface ReadLimits {
  /** Most record files in one input. */
  maxEntries: number;
  /** Largest uncompressed record file, in bytes. */
  maxEntryBytes: number;
  /** Most uncompressed bytes in one input. */
  maxTotalBytes: number;
}

/**
 * Default caps: far above the largest official per-ecosystem archive (records are kilobytes,
 * the biggest OSV archive holds a few hundred thousand), far below what would exhaust a machine.
 */
export const DEFAULT_LIMITS: ReadLimits = {
  maxEntries: 3_000_000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024 * 1024,
};

/** What kind of input a path is. */
export type InputKind = 'directory' | 'zip' | 'tar' | 'file';

/** One record file found in the input: its path inside the input, and its bytes. */
export interface RecordFile {
  /** The path as a person finds it: `input.zip!GO-2022-0001.json`, or a path under the directory. */
  name: string;
  data: Buffer;
}

/** Calls back for each record file; a returned promise is awaited before the next is read. */
export type RecordFileVisitor = (file: RecordFile) => void | Promise<void>;

const RECORD_EXT = /\.(json|ya?ml)$/i;

/** Returns whether a file name is one Ospo reads as an OSV record (JSON or YAML); other files are ignored. */
export function isRecordFileName(name: string): boolean {
  return RECORD_EXT.test(name);
}

/** Tells a directory, a zip, a tarball (plain or gzip) and a single record file apart by content. */
export function detectInputKind(path: string): InputKind {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`, { file: path });
  }
  if (st.isDirectory()) return 'directory';
  const head = Buffer.alloc(512);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, 512, 0);
  } finally {
    closeSync(fd);
  }
  if (n >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'tar';
  if (n >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  if (isRecordFileName(path)) return 'file';
  if (/\.(zip)$/i.test(path)) return 'zip';
  if (/\.(tar|tgz|tar\.gz)$/i.test(path)) return 'tar';
  throw new InputError('not a directory, zip, tarball or OSV record file (.json, .yaml, .yml)', { file: path });
}

/**
 * Reads every record file in a directory tree, zip or tarball in turn, streaming archives so
 * memory stays bounded by one entry. Entries with `..` or absolute paths and links of any kind
 * are skipped with a warning (never followed); a breach of `limits` refuses the whole input.
 */
export async function visitRecordFiles(path: string, visit: RecordFileVisitor, warn: (message: string) => void, limits: ReadLimits = DEFAULT_LIMITS): Promise<InputKind> {
  const kind = detectInputKind(path);
  if (kind === 'directory') await visitDirectory(path, visit, warn, limits);
  else if (kind === 'zip') await visitZip(path, visit, warn, limits);
  else if (kind === 'tar') await visitTar(path, visit, warn, limits);
  else {
    const size = statSync(path).size;
    if (size > limits.maxEntryBytes) throw new InputError(`file is ${size} bytes, more than the ${limits.maxEntryBytes}-byte cap for one record file`, { file: path });
    await visit({ name: path, data: readFileSync(path) });
  }
  return kind;
}

async function visitDirectory(root: string, visit: RecordFileVisitor, warn: (message: string) => void, limits: ReadLimits): Promise<void> {
  let count = 0;
  let total = 0;
  // Iterative and sorted, so deep trees cannot overflow the stack and every run reads in one order.
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const names = readdirSync(dir).sort().reverse();
    for (const name of names) {
      const full = join(dir, name);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) {
        warn(`${full}: a symbolic link; skipped (links are never followed)`);
        continue;
      }
      if (st.isDirectory()) {
        if (name !== '.git') stack.push(full);
        continue;
      }
      if (!st.isFile() || !isRecordFileName(name)) continue;
      if (++count > limits.maxEntries) throw new InputError(`more than ${limits.maxEntries} record files; refused`, { file: root });
      if (st.size > limits.maxEntryBytes) {
        warn(`${full}: ${st.size} bytes, more than the ${limits.maxEntryBytes}-byte cap for one record; skipped`);
        continue;
      }
      total += st.size;
      if (total > limits.maxTotalBytes) throw new InputError(`more than ${limits.maxTotalBytes} bytes of records; refused`, { file: root });
      await visit({ name: full, data: readFileSync(full) });
    }
  }
}

/** Returns why an archive entry's path is unsafe to use, or undefined when it is a plain relative path. */
export function unsafeEntryPath(name: string): string | undefined {
  if (name.includes('\u0000')) return 'a NUL byte in its name';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return 'an absolute path';
  if (n.split('/').includes('..')) return 'a `..` path';
  return undefined;
}

function bomb(archive: string, entry: string, size: number, limits: ReadLimits): InputError {
  return new InputError(`entry ${JSON.stringify(entry)} inflates to ${size} bytes, more than the ${limits.maxEntryBytes}-byte cap for one record (a zip bomb?); refused`, { file: archive });
}

function totalBreach(archive: string, limits: ReadLimits): InputError {
  return new InputError(`entries inflate to more than ${limits.maxTotalBytes} bytes in all (a zip bomb?); refused`, { file: archive });
}

function visitZip(path: string, visit: RecordFileVisitor, warn: (message: string) => void, limits: ReadLimits): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // decodeStrings off: yauzl would abort the whole archive on one `../` name; Ospo skips that entry instead.
    yauzl.open(path, { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true }, (openErr, zip) => {
      if (openErr || !zip) {
        reject(new InputError(`not a readable zip archive: ${openErr?.message ?? 'unknown error'}`, { file: path }));
        return;
      }
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        zip.close();
        reject(err instanceof InputError ? err : new InputError(`corrupt zip archive: ${(err as Error).message}`, { file: path }));
      };
      if (zip.entryCount > limits.maxEntries) {
        fail(new InputError(`${zip.entryCount} entries, more than the cap of ${limits.maxEntries}; refused`, { file: path }));
        return;
      }
      let total = 0;
      zip.on('error', fail);
      zip.on('end', () => {
        if (settled) return;
        settled = true;
        resolvePromise();
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        const raw = entry.fileName as unknown as Buffer;
        // General purpose bit 11 says UTF-8; older tools wrote CP437, for which latin1 is close enough to name a file.
        const name = (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
        const shown = `${basename(path)}!${name}`;
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        if (name.endsWith('/')) {
          zip.readEntry();
          return;
        }
        const unsafe = unsafeEntryPath(name);
        if (unsafe) {
          warn(`${shown}: entry with ${unsafe}; skipped`);
          zip.readEntry();
          return;
        }
        if (mode === 0o120000) {
          warn(`${shown}: a symbolic link; skipped (links are never followed)`);
          zip.readEntry();
          return;
        }
        if (!isRecordFileName(name)) {
          zip.readEntry();
          return;
        }
        if (entry.uncompressedSize > limits.maxEntryBytes) return fail(bomb(path, name, entry.uncompressedSize, limits));
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) return fail(totalBreach(path, limits));
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return fail(streamErr ?? new Error('cannot open entry'));
          const chunks: Buffer[] = [];
          let got = 0;
          stream.on('data', (c: Buffer) => {
            got += c.length;
            // yauzl checks the declared size at the end; this stops a lying header early.
            if (got > limits.maxEntryBytes) {
              stream.destroy();
              fail(bomb(path, name, got, limits));
              return;
            }
            chunks.push(c);
          });
          stream.on('error', (e) => fail(new InputError(`corrupt entry ${JSON.stringify(name)}: ${e.message}`, { file: path })));
          stream.on('end', () => {
            if (settled) return;
            Promise.resolve(visit({ name: shown, data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) })).then(
              () => {
                if (!settled) zip.readEntry();
              },
              fail,
            );
          });
        });
      });
      zip.readEntry();
    });
  });
}

function visitTar(path: string, visit: RecordFileVisitor, warn: (message: string) => void, limits: ReadLimits): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const head = Buffer.alloc(2);
    const fd = openSync(path, 'r');
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    const source = createReadStream(path);
    const gunzip = gz ? createGunzip() : undefined;
    const ex = tarExtract();
    let settled = false;
    let count = 0;
    let total = 0;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      source.destroy();
      gunzip?.destroy();
      ex.destroy();
      reject(err instanceof InputError ? err : new InputError(`truncated or corrupt tarball: ${(err as Error).message}`, { file: path }));
    };
    ex.on('entry', (header, stream, next) => {
      const name = header.name;
      const shown = `${basename(path)}!${name}`;
      const skip = (message?: string) => {
        if (message) warn(`${shown}: ${message}; skipped`);
        stream.on('end', () => next());
        stream.resume();
      };
      if (header.type === 'symlink' || header.type === 'link') return skip('a link (links are never followed)');
      if (header.type !== 'file' && header.type !== 'contiguous-file') return skip();
      const unsafe = unsafeEntryPath(name);
      if (unsafe) return skip(`entry with ${unsafe}`);
      if (!isRecordFileName(name)) return skip();
      const size = header.size ?? 0;
      if (++count > limits.maxEntries) return fail(new InputError(`more than ${limits.maxEntries} entries; refused`, { file: path }));
      if (size > limits.maxEntryBytes) return fail(bomb(path, name, size, limits));
      total += size;
      if (total > limits.maxTotalBytes) return fail(totalBreach(path, limits));
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
      stream.on('error', fail);
      stream.on('end', () => {
        if (settled) return;
        Promise.resolve(visit({ name: shown, data: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) })).then(() => next(), fail);
      });
    });
    ex.on('error', fail);
    ex.on('finish', () => {
      if (settled) return;
      settled = true;
      resolvePromise();
    });
    source.on('error', fail);
    if (gunzip) {
      gunzip.on('error', (e) => fail(new InputError(`truncated or corrupt gzip data: ${e.message}`, { file: path })));
      source.pipe(gunzip).pipe(ex);
    } else source.pipe(ex);
  });
}

/** Returns a path with `/` separators, for messages that read the same on every platform. */
export function portablePath(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
