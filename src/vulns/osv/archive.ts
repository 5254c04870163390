import { createReadStream, lstatSync, openSync, readSync, closeSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createGunzip, crc32, inflateRawSync } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
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
  // Iterative, pre-order and sorted: deep trees cannot overflow the stack, and every run reads in one order.
  const stack = readdirSync(root).sort().reverse().map((n) => join(root, n));
  while (stack.length > 0) {
    const full = stack.pop()!;
    const st = lstatSync(full);
    if (st.isSymbolicLink()) {
      warn(`${full}: a symbolic link; skipped (links are never followed)`);
      continue;
    }
    const name = basename(full);
    if (st.isDirectory()) {
      if (name !== '.git') for (const n of readdirSync(full).sort().reverse()) stack.push(join(full, n));
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

// Zip layout: PKWARE APPNOTE.TXT 6.3.10 (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT):
// 4.3.16 end of central directory, 4.3.14/4.3.15 its zip64 forms, 4.3.12 central directory
// headers, 4.5.3 the zip64 extra field, 4.3.7 local headers.
const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function readAt(fd: number, length: number, position: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += n;
  }
  return buf;
}

/**
 * Reads a zip's central directory in one read, then each entry with positioned reads and a
 * bounded inflate, one at a time. (yauzl, measured first, spent 0.1-0.3 ms per entry on
 * separate reads and streams: minutes for an archive of 300,000 records.) Declared sizes are
 * checked before inflating, and inflating stops at the cap whatever the headers claim.
 */
async function visitZip(path: string, visit: RecordFileVisitor, warn: (message: string) => void, limits: ReadLimits): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const corrupt = (message: string) => new InputError(`not a readable zip archive: ${message}`, { file: path });
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt('no end of central directory record (truncated, or not a zip)');
    let count: number = tail.readUInt16LE(eocd + 10);
    let cdSize: number = tail.readUInt32LE(eocd + 12);
    let cdOffset: number = tail.readUInt32LE(eocd + 16);
    if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw corrupt('multi-volume archives are not supported');
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locatorAt = size - tailLength + eocd - 20;
      if (locatorAt < 0) throw corrupt('zip64 locator missing');
      const locator = readAt(fd, 20, locatorAt);
      if (locator.readUInt32LE(0) !== EOCD64_LOCATOR) throw corrupt('zip64 locator missing');
      const at = Number(locator.readBigUInt64LE(8));
      if (at + 56 > size) throw corrupt('zip64 end of central directory out of range');
      const rec = readAt(fd, 56, at);
      if (rec.readUInt32LE(0) !== EOCD64) throw corrupt('zip64 end of central directory missing');
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdOffset = Number(rec.readBigUInt64LE(48));
    }
    if (count > limits.maxEntries) throw new InputError(`${count} entries, more than the cap of ${limits.maxEntries}; refused`, { file: path });
    if (cdOffset + cdSize > size || cdSize > count * (46 + 3 * 0xffff)) throw corrupt('central directory out of range (truncated?)');
    const cd = readAt(fd, cdSize, cdOffset);
    let p = 0;
    let total = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw corrupt(`central directory entry ${k + 1} is damaged`);
      const madeBy = cd.readUInt16LE(p + 4);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc = cd.readUInt32LE(p + 16);
      let compressed: number = cd.readUInt32LE(p + 20);
      let uncompressed: number = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const attributes = cd.readUInt32LE(p + 38);
      let localOffset: number = cd.readUInt32LE(p + 42);
      const rawName = cd.subarray(p + 46, p + 46 + nameLength);
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      p += 46 + nameLength + extraLength + commentLength;
      if (p > cd.length) throw corrupt(`central directory entry ${k + 1} is damaged`);
      // Zip64 extra field: 64-bit values for exactly the fields that hold 0xFFFFFFFF, in this order.
      for (let e = 0; e + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(e);
        const len = extra.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          const next = () => {
            if (q + 8 > e + 4 + len) throw corrupt(`zip64 field of entry ${k + 1} is damaged`);
            const v = Number(extra.readBigUInt64LE(q));
            q += 8;
            return v;
          };
          if (uncompressed === 0xffffffff) uncompressed = next();
          if (compressed === 0xffffffff) compressed = next();
          if (localOffset === 0xffffffff) localOffset = next();
        }
        e += 4 + len;
      }
      // General purpose bit 11 says UTF-8; older tools wrote CP437, for which latin1 is close enough to name a file.
      const name = (flags & 0x800) !== 0 ? rawName.toString('utf8') : rawName.toString('latin1');
      const shown = `${basename(path)}!${name}`;
      if (name.endsWith('/')) continue;
      const unsafe = unsafeEntryPath(name);
      if (unsafe) {
        warn(`${shown}: entry with ${unsafe}; skipped`);
        continue;
      }
      // Unix modes live in the high half of the external attributes when the archive was made on Unix (3).
      if (madeBy >> 8 === 3 && ((attributes >>> 16) & 0o170000) === 0o120000) {
        warn(`${shown}: a symbolic link; skipped (links are never followed)`);
        continue;
      }
      if (!isRecordFileName(name)) continue;
      if (flags & 0x1) {
        warn(`${shown}: encrypted; skipped`);
        continue;
      }
      if (method !== 0 && method !== 8) {
        warn(`${shown}: compression method ${method} is not supported (only stored and deflated); skipped`);
        continue;
      }
      if (uncompressed > limits.maxEntryBytes) throw bomb(path, name, uncompressed, limits);
      total += uncompressed;
      if (total > limits.maxTotalBytes) throw totalBreach(path, limits);
      if (compressed > limits.maxEntryBytes + 65536 || localOffset + 30 + compressed > size) throw corrupt(`entry ${JSON.stringify(name)} lies outside the archive (truncated?)`);
      // One read for the local header and the data: the local name and extra field are usually
      // those of the central directory; when they are longer, a second read fetches the data.
      const guess = Math.min(size - localOffset, 30 + nameLength + extraLength + 64 + compressed);
      if (guess < 30) throw corrupt(`entry ${JSON.stringify(name)} is cut off (truncated?)`);
      const head = readAt(fd, guess, localOffset);
      if (head.readUInt32LE(0) !== LOCAL) throw corrupt(`entry ${JSON.stringify(name)} has no local header`);
      const dataStart = 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
      if (localOffset + dataStart + compressed > size) throw corrupt(`entry ${JSON.stringify(name)} is cut off (truncated?)`);
      const packed = dataStart + compressed <= head.length ? head.subarray(dataStart, dataStart + compressed) : readAt(fd, compressed, localOffset + dataStart);
      let data: Buffer;
      if (method === 0) data = packed;
      else {
        try {
          data = inflateRawSync(packed, { maxOutputLength: Math.max(1, Math.min(limits.maxEntryBytes, uncompressed)) });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
            throw new InputError(`entry ${JSON.stringify(name)} inflates to more than the ${uncompressed} bytes its header declares (a zip bomb?); refused`, { file: path });
          }
          throw new InputError(`corrupt zip entry ${JSON.stringify(name)}: ${(err as Error).message}`, { file: path });
        }
      }
      if (data.length !== uncompressed) throw new InputError(`corrupt zip entry ${JSON.stringify(name)}: ${data.length} bytes, the header says ${uncompressed}`, { file: path });
      if (crc32(data) !== crc) throw new InputError(`corrupt zip entry ${JSON.stringify(name)}: checksum mismatch`, { file: path });
      await visit({ name: shown, data });
    }
  } finally {
    closeSync(fd);
  }
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
