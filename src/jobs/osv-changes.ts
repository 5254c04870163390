// Which advisories and packages an OSV database update changed: the previous generation and the
// new one are compared ecosystem by ecosystem (the previous generation stays on disk after an
// update; see GenerationWriter.cleanup). An ecosystem carried over unchanged (same stem, same
// `updated`) is skipped without reading. Otherwise each record line is hashed; a package changed
// when the hashes of its records differ, and an advisory changed when its line is in one
// generation and not the other. Only the changed lines are parsed, to read their ids.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { EcosystemEntry, Manifest } from '../vulns/osv/db.js';

/** A package key as the OSV database indexes it: OSV's base ecosystem and the normalised name. */
export interface PackageKey {
  ecosystem: string;
  name: string;
}

/** What changed between two generations. */
export interface OsvChanges {
  /** Every package with advisories changed: rematch the whole portfolio (no previous generation to compare with). */
  full: boolean;
  /** Ids of advisories added, changed or removed (sorted). */
  advisoryIds: string[];
  /** Packages whose advisories changed (sorted by ecosystem, then name). */
  packages: PackageKey[];
}

/** A generation on disk: its directory and manifest. */
export interface Generation {
  dir: string;
  manifest: Manifest;
}

interface EcoData {
  /** record line offset -> hash of the line */
  hashes: Map<number, string>;
  /** package name -> sorted hashes of its records */
  byName: Map<string, string[]>;
  /** hash -> line (only read back for changed ones) */
  offsets: Map<string, number>;
}

const CHUNK = 4 * 1024 * 1024;

/** Hashes each line of an ndjson file, keyed by its byte offset. */
function hashLines(file: string): Map<number, string> {
  const out = new Map<number, string>();
  const fd = openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    let base = 0; // file offset of carry[0]
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        out.set(base + start, createHash('sha1').update(data.subarray(start, nl)).digest('base64'));
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
      base += start;
      if (n === 0) {
        if (carry.length) out.set(base, createHash('sha1').update(carry).digest('base64'));
        return out;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function readEco(dir: string, entry: EcosystemEntry): EcoData {
  const hashes = hashLines(join(dir, `${entry.stem}.ndjson`));
  const byName = new Map<string, string[]>();
  const offsets = new Map<string, number>();
  for (const [at, h] of hashes) offsets.set(h, at);
  const idx = readFileSync(join(dir, `${entry.stem}.idx`), 'utf8');
  for (const line of idx.split('\n')) {
    if (!line) continue;
    const parts = line.split('\t');
    const list: string[] = [];
    // `name TAB mxOffset TAB mxLength TAB factsOffset TAB factsLength [TAB offset TAB length]...`
    // (db.ts, format ospo-osv-db/4): the record spans start at the sixth field.
    for (let i = 5; i + 1 < parts.length; i += 2) list.push(hashes.get(Number(parts[i])) ?? `missing@${parts[i]}`);
    byName.set(parts[0]!, list.sort());
  }
  return { hashes, byName, offsets };
}

function readIdAt(dir: string, entry: EcosystemEntry, offset: number): string | undefined {
  const fd = openSync(join(dir, `${entry.stem}.ndjson`), 'r');
  try {
    // Records can be large; read until the newline.
    let text = '';
    const buf = Buffer.allocUnsafe(64 * 1024);
    let at = offset;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      text += buf.subarray(0, nl === -1 ? n : nl).toString('utf8');
      if (nl !== -1) break;
      at += n;
    }
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function sameArray(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compares two generations of the OSV database. Without a previous generation (a first import,
 * or one already removed), the answer is `full`: every package of the new one changed.
 */
export function diffGenerations(before: Generation | undefined, after: Generation): OsvChanges {
  if (!before || !existsSync(join(before.dir, 'manifest.json'))) {
    return { full: true, advisoryIds: [], packages: [] };
  }
  const ids = new Set<string>();
  const keys: PackageKey[] = [];
  const ecos = new Set([...Object.keys(before.manifest.ecosystems), ...Object.keys(after.manifest.ecosystems)]);
  for (const eco of [...ecos].sort()) {
    const b = Object.hasOwn(before.manifest.ecosystems, eco) ? before.manifest.ecosystems[eco] : undefined;
    const a = Object.hasOwn(after.manifest.ecosystems, eco) ? after.manifest.ecosystems[eco] : undefined;
    // Carried over by hard link: the same files, nothing to compare.
    if (a && b && a.stem === b.stem && a.updated === b.updated && a.bytes === b.bytes) continue;
    const old = b ? readEco(before.dir, b) : undefined;
    const now = a ? readEco(after.dir, a) : undefined;
    const names = new Set([...(old?.byName.keys() ?? []), ...(now?.byName.keys() ?? [])]);
    for (const name of [...names].sort()) {
      if (!sameArray(old?.byName.get(name), now?.byName.get(name))) keys.push({ ecosystem: eco, name });
    }
    const oldSet = new Set(old?.hashes.values() ?? []);
    const newSet = new Set(now?.hashes.values() ?? []);
    for (const h of oldSet) if (!newSet.has(h)) {
      const id = readIdAt(before.dir, b!, old!.offsets.get(h)!);
      if (id) ids.add(id);
    }
    for (const h of newSet) if (!oldSet.has(h)) {
      const id = readIdAt(after.dir, a!, now!.offsets.get(h)!);
      if (id) ids.add(id);
    }
  }
  return { full: false, advisoryIds: [...ids].sort(), packages: keys };
}
