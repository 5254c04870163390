// The imported OSV database in `<dataDir>/osv/`.
//
// Layout: `current` (a one-line pointer file naming the live generation) and generation
// directories `gen-*`. A generation holds `manifest.json` and, per ecosystem, four files:
//   <stem>.ndjson  the ecosystem's records, one JSON record per line
//   <stem>.mx      one line per package (in index order) with what matching needs: the records'
//                  ids, withdrawn flags and aliases, and either the package's region plan
//                  (`[1, scheme, [boundaries], [[id, withdrawn, [aliases], [spans], factsAt], ...]]`,
//                  match/regions.ts: each record's answer for every version decided at import)
//                  or its `affected` entries for the package (`[0, [[id, withdrawn, [entries],
//                  [aliases], factsAt], ...]]`, `ranges` and `versions` only); `factsAt` is where
//                  the record's line starts in the package's .fx block
//   <stem>.fx      per package (same order) a facts block: one line per record (same order as
//                  its .mx line) of what findings show of it (AdvisoryFacts; with a plan, also
//                  its entries), so a finding reads and parses only its own line
//   <stem>.idx     one line per package, sorted by name: `name TAB mxOffset TAB mxLength TAB
//                  factsOffset TAB factsLength [TAB offset TAB length]...`, the byte ranges of
//                  its .mx line and .fx block, then those of its records in
//                  <stem>.ndjson (same order)
//   <stem>.ids     the record ids, one per line (to count distinct records across ecosystems)
// A lookup loads only its ecosystem's index (a Map) and reads with positioned reads; matching
// reads a package's .mx line, the facts of a record only when a version is affected by it, and
// whole records never.
// What was read is kept, so a warm lookup is a Map hit. An update writes a new
// generation, verifies it, then renames a new `current` over the old one: a failed or
// interrupted update leaves the previous generation live. See docs/adr/0006-osv-database.md.
import { closeSync, existsSync, fsyncSync, linkSync, copyFileSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ECOSYSTEMS } from '../../model/ecosystem.js';
import { InputError, UsageError } from '../../model/errors.js';
import { parseJson, isObject } from '../../parsers/json.js';
import { buildRegionPlan, type RegionPlan } from '../match/regions.js';
import { advisoryFacts, advisoryKey, type AdvisoryFacts, type AdvisoryRef, type AdvisorySource } from '../source.js';
// Reading archives and validating records is what an import does; a match only opens the
// database, so those modules (tar, zlib, YAML) load on the first import.
import type { ReadLimits } from './archive.js';
import type { Quarantined } from './read.js';
import type { OsvAffected, OsvRecord } from './types.js';

/** The manifest's format tag; a database written in another format must be re-imported. */
export const DB_FORMAT = 'ospo-osv-db/4';

/** How many quarantined records and warnings a manifest keeps per source (all are counted). */
const KEEP_DETAILS = 200;

/** One ecosystem's data in a generation. */
export interface EcosystemEntry {
  /** File stem of `<stem>.ndjson`, `<stem>.idx`, `<stem>.ids`. */
  stem: string;
  /** Records that affect this ecosystem. */
  records: number;
  /** Distinct package names with advisories. */
  packages: number;
  /** Size of `<stem>.ndjson`, checked before a generation goes live. */
  bytes: number;
  /** Size of `<stem>.mx`, likewise. */
  mxBytes: number;
  /** Size of `<stem>.fx`, likewise. */
  fxBytes: number;
  /** The newest `modified` among the records. */
  newestModified?: string;
  /** When this ecosystem's data was last replaced. */
  updated: string;
  /** Ids of the sources it came from (keys of `Manifest.sources`). */
  sources: string[];
  /**
   * For downloaded ecosystems: what the mirror's `modified_id.csv` said, to skip unchanged ones;
   * the list itself is kept as `<stem>.list`, so the next update fetches only the records it
   * shows as added or changed.
   */
  remote?: { listSha256: string; listEntries: number; listNewest?: string };
}

/** Where data came from, and what was left out of it. */
export interface SourceEntry {
  kind: 'download' | 'directory' | 'archive' | 'file';
  location: string;
  updated: string;
  files: number;
  records: number;
  quarantined: number;
  /** The first quarantined records (up to 200), with reasons. */
  quarantine: Quarantined[];
  warnings: string[];
}

/** The description of one generation. */
export interface Manifest {
  format: string;
  created: string;
  /** Distinct record ids across all ecosystems. */
  records: number;
  ecosystems: Record<string, EcosystemEntry>;
  sources: Record<string, SourceEntry>;
}

/** Returns the directory holding the OSV database under a data directory. */
export function osvDir(dataDir: string): string {
  return join(resolve(dataDir), 'osv');
}

/** Reads the live generation's manifest, or returns undefined when there is no database. */
export function readManifest(dataDir: string): { dir: string; manifest: Manifest } | undefined {
  const root = osvDir(dataDir);
  const pointer = join(root, 'current');
  if (!existsSync(pointer)) return undefined;
  const gen = readFileSync(pointer, 'utf8').trim();
  if (!/^gen-[A-Za-z0-9-]+$/.test(gen)) throw new InputError('the database pointer is damaged; run `ospo db update` to rebuild the database', { file: pointer });
  const dir = join(root, gen);
  const file = join(dir, 'manifest.json');
  let doc: unknown;
  try {
    doc = parseJson(readFileSync(file, 'utf8'), file);
  } catch (err) {
    throw new InputError(`the database manifest is unreadable (${(err as Error).message}); run \`ospo db update\` to rebuild the database`, { file });
  }
  if (!isObject(doc) || doc.format !== DB_FORMAT || !isObject(doc.ecosystems) || !isObject(doc.sources)) {
    throw new InputError(`not an Ospo OSV database in format ${DB_FORMAT}; run \`ospo db update\` to rebuild it`, { file });
  }
  return { dir, manifest: doc as unknown as Manifest };
}

/** An advisory source over the imported database, opened lazily per ecosystem. */
export interface OsvDatabase extends AdvisorySource {
  manifest: Manifest;
  /** The generation directory this handle reads. */
  directory: string;
  /** Closes the open record files (lookups after this reopen them). */
  close(): void;
}

interface EcoReader {
  entry: EcosystemEntry;
  index?: LineIndex;
  fd?: number;
  mxFd?: number;
  fxFd?: number;
  records: Map<number, OsvRecord>;
}

/**
 * Opens the imported database in `<dataDir>/osv/` as an advisory source. Nothing but the
 * manifest is read up front: an ecosystem's index is loaded on its first lookup and records are
 * read by position, then kept. Throws an InputError saying to run `ospo db update` when there
 * is no database.
 */
export function openDatabase(dataDir: string): OsvDatabase {
  const found = readManifest(dataDir);
  if (!found) throw new InputError('no OSV database yet; run `ospo db update` (or `ospo db update --from PATH` offline) first, or pass --osv PATH', { file: osvDir(dataDir) });
  const { dir, manifest } = found;
  const ecos = new Map<string, EcoReader>();
  for (const [eco, entry] of Object.entries(manifest.ecosystems)) ecos.set(eco, { entry, records: new Map() });
  const cache = new Map<string, OsvRecord[]>();
  let newest = '';
  for (const e of ecos.values()) if (e.entry.newestModified && e.entry.newestModified > newest) newest = e.entry.newestModified;

  const loadIndex = (reader: EcoReader): LineIndex => {
    if (reader.index) return reader.index;
    const file = join(dir, `${reader.entry.stem}.idx`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`the database index is missing (${(err as Error).message}); run \`ospo db update\` to rebuild it`, { file });
    }
    reader.index = lineIndex(text);
    return reader.index;
  };

  const damaged = (reader: EcoReader, offset: number, why: string, ext: Ext = 'ndjson') =>
    new InputError(`the database is damaged at byte ${offset} (${why}); run \`ospo db update\` to rebuild it`, { file: join(dir, `${reader.entry.stem}.${ext}`) });

  const readBuffer = (reader: EcoReader, offset: number, length: number, ext: Ext = 'ndjson'): Buffer => {
    let fd = ext === 'mx' ? reader.mxFd : ext === 'fx' ? reader.fxFd : reader.fd;
    if (fd === undefined) {
      const file = join(dir, `${reader.entry.stem}.${ext}`);
      try {
        fd = openSync(file, 'r');
      } catch (err) {
        throw new InputError(`the database is incomplete (${(err as Error).message}); run \`ospo db update\` to rebuild it`, { file });
      }
      if (ext === 'mx') reader.mxFd = fd;
      else if (ext === 'fx') reader.fxFd = fd;
      else reader.fd = fd;
    }
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(fd, buf, 0, length, offset);
    if (n !== length) throw damaged(reader, offset, 'short read', ext);
    return buf;
  };
  const readBytes = (reader: EcoReader, offset: number, length: number, ext: Ext = 'ndjson'): string => readBuffer(reader, offset, length, ext).toString('utf8');

  // One record by its span, read and parsed each time (the caller keeps what it needs; the
  // records `lookup` read are reused).
  const recordAt = (reader: EcoReader, offset: number, length: number, id: string): OsvRecord => {
    const kept = reader.records.get(offset);
    if (kept) return kept;
    let record: OsvRecord;
    try {
      record = JSON.parse(readBytes(reader, offset, length)) as OsvRecord;
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw damaged(reader, offset, (err as Error).message);
    }
    if (!isObject(record) || record.id !== id) throw damaged(reader, offset, `expected record ${id}`);
    return record;
  };

  const spansOf = (key: string): { reader: EcoReader; spans: number[] } | undefined => {
    const sep = key.indexOf('\u0000');
    const reader = ecos.get(key.slice(0, sep));
    if (!reader) return undefined;
    const line = findLine(loadIndex(reader), key.slice(sep + 1));
    if (line === undefined) return undefined;
    const spans = line.split('\t').map(Number);
    if (spans.length < 4 || spans.length % 2 !== 0 || spans.some((n) => !Number.isSafeInteger(n) || n < 0)) throw damaged(reader, 0, `bad index line for ${key.slice(sep + 1)}`);
    return { reader, spans };
  };

  // One record's facts line. A package's findings ask for several lines of its block one after
  // another, so a small block is read whole, once, and kept until another block is read (one
  // read instead of one per line); a large block (Go's stdlib) is read a line at a time.
  let window: { facts: PackageFacts; buf: Buffer } | undefined;
  const factsAt = (f: PackageFacts, k: number): AdvisoryFacts => {
    const start = f.starts[k]!;
    const end = f.starts[k + 1]! - 1;
    let buf: Buffer;
    if (window?.facts === f) buf = window.buf.subarray(start, end);
    else if (f.length <= FACTS_WINDOW) {
      window = { facts: f, buf: readBuffer(f.reader, f.offset, f.length, 'fx') };
      buf = window.buf.subarray(start, end);
    } else buf = readBuffer(f.reader, f.offset + start, end - start, 'fx');
    // Each line must end where the next one starts (the block's last one at its end).
    if (buf.length !== end - start || buf.indexOf(10) !== -1) throw damaged(f.reader, f.offset + start, 'facts do not match the index', 'fx');
    let doc: unknown;
    try {
      doc = JSON.parse(buf.toString('utf8'));
    } catch (err) {
      throw damaged(f.reader, f.offset + start, (err as Error).message, 'fx');
    }
    if (!isObject(doc)) throw damaged(f.reader, f.offset + start, 'facts are not an object', 'fx');
    return doc as AdvisoryFacts;
  };
  const context: RefContext = { recordAt, factsAt, damagedFacts: (f, k, why) => damaged(f.reader, f.offset + f.starts[k]!, why, 'fx') };

  const refCache = new Map<string, readonly AdvisoryRef[]>();
  const plans = new WeakMap<readonly AdvisoryRef[], RegionPlan>();
  const lookupRefs = (ecosystem: string, name: string): readonly AdvisoryRef[] => {
    const key = advisoryKey(ecosystem, name);
    const hit = refCache.get(key);
    if (hit) return hit;
    const found = spansOf(key);
    let refs: AdvisoryRef[] = [];
    if (found) {
      const { reader, spans } = found;
      let parsed: unknown;
      try {
        parsed = JSON.parse(readBytes(reader, spans[0]!, spans[1]!, 'mx'));
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw damaged(reader, spans[0]!, (err as Error).message, 'mx');
      }
      const count = spans.length / 2 - 2;
      // `[1, scheme, boundaries, [[id, withdrawn, aliases, spans, factsAt], ...]]` with a region
      // plan, or `[0, [[id, withdrawn, entries, aliases, factsAt], ...]]` without.
      const planned = Array.isArray(parsed) && parsed[0] === 1 && parsed.length === 4 && typeof parsed[1] === 'string' && Array.isArray(parsed[2]) && parsed[2].every((b: unknown) => typeof b === 'string');
      const items: unknown = Array.isArray(parsed) ? (planned ? parsed[3] : parsed[0] === 0 && parsed.length === 2 ? parsed[1] : undefined) : undefined;
      if (!Array.isArray(items) || items.length !== count) throw damaged(reader, spans[0]!, 'record count does not match the index', 'mx');
      // The package's facts block: each record's line is read and parsed when a finding (or,
      // with a plan, the record's entries) is asked for.
      const facts: PackageFacts = { reader, offset: spans[2]!, length: spans[3]!, starts: [] };
      const planSpans: number[][] = [];
      // Each item's last field: where its record's facts line starts in the block.
      for (const item of items as unknown[]) {
        const at = Array.isArray(item) ? item[4] : undefined;
        if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < (facts.starts.at(-1) ?? -1) + 1 || at > facts.length) throw damaged(reader, spans[0]!, 'not a match entry', 'mx');
        facts.starts.push(at);
      }
      if (facts.starts[0] !== 0) throw damaged(reader, spans[0]!, 'facts do not match the index', 'mx');
      facts.starts.push(facts.length + 1);
      refs = items.map((item: unknown, k) => {
        if (planned) {
          if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[2]) || !Array.isArray(item[3]) || !(item[3] as unknown[]).every((n) => Number.isSafeInteger(n))) throw damaged(reader, spans[0]!, 'not a match entry', 'mx');
          planSpans.push(item[3] as number[]);
          return new DbRef(context, item[0], item[2] as string[], item[1] === 1, undefined, facts, k, spans[4 + 2 * k]!, spans[5 + 2 * k]!);
        }
        if (!Array.isArray(item) || typeof item[0] !== 'string' || !Array.isArray(item[2]) || !Array.isArray(item[3])) throw damaged(reader, spans[0]!, 'not a match entry', 'mx');
        return new DbRef(context, item[0], item[3] as string[], item[1] === 1, item[2] as OsvAffected[], facts, k, spans[4 + 2 * k]!, spans[5 + 2 * k]!);
      });
      if (planned) plans.set(refs, { scheme: (parsed as unknown[])[1] as string, boundaries: (parsed as unknown[])[2] as string[], spans: planSpans });
    }
    refCache.set(key, refs);
    return refs;
  };

  // A package's records are contiguous lines (the writer orders them so): one read and one
  // JSON.parse per run of adjacent spans; a record shared with another package is read once.
  const readSpans = (reader: EcoReader, spans: number[]): OsvRecord[] => {
    const out: OsvRecord[] = [];
    let i = 0;
    while (i < spans.length) {
      const start = spans[i]!;
      let end = start + spans[i + 1]!;
      let j = i + 2;
      while (j < spans.length && spans[j] === end + 1 && !reader.records.has(spans[j]!)) {
        end = spans[j]! + spans[j + 1]!;
        j += 2;
      }
      const cached = reader.records.get(start);
      if (cached && j === i + 2) {
        out.push(cached);
        i = j;
        continue;
      }
      let parsed: unknown;
      try {
        // The database holds Ospo's own serialisation of records that passed parseJson/parseYaml;
        // JSON.stringify never writes a raw newline, so lines join into one array.
        parsed = JSON.parse(`[${readBytes(reader, start, end - start).replaceAll('\n', ',')}]`);
      } catch (err) {
        if (err instanceof InputError) throw err;
        throw damaged(reader, start, (err as Error).message);
      }
      if (!Array.isArray(parsed) || parsed.length !== (j - i) / 2) throw damaged(reader, start, 'record count does not match the index');
      for (let k = 0; k < parsed.length; k++) {
        const at = spans[i + 2 * k]!;
        const record = reader.records.get(at) ?? (parsed[k] as OsvRecord);
        reader.records.set(at, record);
        out.push(record);
      }
      i = j;
    }
    return out;
  };

  return {
    manifest,
    directory: dir,
    lookup(ecosystem, name) {
      const key = advisoryKey(ecosystem, name);
      const hit = cache.get(key);
      if (hit) return hit;
      const found = spansOf(key);
      const result = found ? readSpans(found.reader, found.spans.slice(4)) : [];
      cache.set(key, result);
      return result;
    },
    lookupRefs,
    regionPlan: (refs) => plans.get(refs),
    describe: () => ({ kind: 'database', location: dir, records: manifest.records, ...(newest ? { modified: newest } : {}) }),
    close() {
      window = undefined;
      for (const r of ecos.values()) {
        if (r.fd !== undefined) closeSync(r.fd);
        if (r.mxFd !== undefined) closeSync(r.mxFd);
        if (r.fxFd !== undefined) closeSync(r.fxFd);
        r.fxFd = undefined;
        r.fd = undefined;
        r.mxFd = undefined;
      }
    },
  };
}

type Ext = 'ndjson' | 'mx' | 'fx';

/** A package's facts block up to this size is read in one piece (bytes). */
const FACTS_WINDOW = 32 * 1024;

interface PackageFacts {
  reader: EcoReader;
  /** Where the package's facts block starts in <stem>.fx, and its length (without the last newline). */
  offset: number;
  length: number;
  /** Where each record's line starts in the block (from its .mx item), and one past the last line's newline. */
  starts: number[];
}

interface RefContext {
  recordAt(reader: EcoReader, offset: number, length: number, id: string): OsvRecord;
  factsAt(facts: PackageFacts, k: number): AdvisoryFacts;
  damagedFacts(facts: PackageFacts, k: number, why: string): InputError;
}

/** One record of one package in the database (methods on a prototype: no closures per ref). */
class DbRef implements AdvisoryRef {
  /** The record's facts line, once parsed (a finding reads it more than once). */
  private parsed: AdvisoryFacts | undefined;

  constructor(
    private readonly context: RefContext,
    readonly id: string,
    readonly aliases: readonly string[],
    readonly withdrawn: boolean,
    /** The entries when the .mx line holds them (a package without a region plan); else they are in the facts line. */
    private readonly inline: readonly OsvAffected[] | undefined,
    private readonly packageFacts: PackageFacts,
    private readonly k: number,
    private readonly at: number,
    private readonly length: number,
  ) {}

  get affected(): readonly OsvAffected[] {
    if (this.inline) return this.inline;
    const a = this.facts().affected;
    if (!Array.isArray(a)) throw this.context.damagedFacts(this.packageFacts, this.k, 'the facts line has no entries');
    return a as OsvAffected[];
  }

  record(): OsvRecord {
    return this.context.recordAt(this.packageFacts.reader, this.at, this.length, this.id);
  }

  facts(): AdvisoryFacts {
    return (this.parsed ??= this.context.factsAt(this.packageFacts, this.k));
  }
}

/**
 * A sorted index file held as its text and the offsets of its lines: a lookup is a binary
 * search, and loading allocates no string per line (an ecosystem of 100,000 packages would
 * otherwise cost 200,000 strings and a Map before the first answer).
 */
interface LineIndex {
  text: string;
  starts: Uint32Array;
}

function lineIndex(text: string): LineIndex {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  if (text.length > 0 && !text.endsWith('\n')) count++;
  const starts = new Uint32Array(count);
  let start = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = start;
    const end = text.indexOf('\n', start);
    start = end === -1 ? text.length : end + 1;
  }
  return { text, starts };
}

/** Returns what follows `name TAB` on the index line for `name`, or undefined. Lines are sorted by name (UTF-16 order, as the writer's sort). */
function findLine(index: LineIndex, name: string): string | undefined {
  const { text, starts } = index;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = starts[mid]!;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let tab = text.indexOf('\t', start);
    if (tab === -1 || tab > end) tab = end;
    // Compare text[start, tab) with name, code unit by code unit.
    const n = Math.min(tab - start, name.length);
    let c = 0;
    for (let i = 0; i < n && c === 0; i++) c = text.charCodeAt(start + i) - name.charCodeAt(i);
    if (c === 0) c = tab - start - name.length;
    if (c === 0) return tab < end ? text.slice(tab + 1, end) : '';
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writing a generation

interface Placed {
  id: string;
  ms: number;
  modified: string;
  offset: number;
  length: number;
  /** Per package name: where its .mx items are in `<stem>.vraw` (offset, match bytes, facts bytes). */
  views: Map<string, [number, number, number]>;
}

/** An append-only file being written, with its unflushed text. */
interface Sink {
  fd: number;
  offset: number;
  pending: string[];
  pendingBytes: number;
}

interface EcoWriter extends Sink {
  eco: string;
  stem: string;
  byId: Map<string, Placed>;
  sources: Set<string>;
  /** `<stem>.vraw`: each record's .mx items per package as they arrive (kept out of memory). */
  views: Sink;
}

const FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * Writes one new generation: records go to per-ecosystem files as they arrive (the same id
 * twice in one ecosystem keeps the newer `modified`), unchanged ecosystems are carried over from
 * the previous generation by hard link, and `commit()` verifies and switches atomically.
 */
export class GenerationWriter {
  readonly dir: string;
  readonly previous: { dir: string; manifest: Manifest } | undefined;
  private readonly root: string;
  private readonly writers = new Map<string, EcoWriter>();
  private readonly kept = new Map<string, EcosystemEntry>();
  private readonly sources = new Map<string, SourceEntry>();
  private readonly remotes = new Map<string, EcosystemEntry['remote']>();
  private readonly lists = new Map<string, string>();
  private readonly now: Date;
  private nextStem = 0;
  private done = false;
  private readonly lockFile: string;

  constructor(dataDir: string, now = new Date()) {
    this.root = osvDir(dataDir);
    mkdirSync(this.root, { recursive: true });
    this.lockFile = join(this.root, 'update.lock');
    takeLock(this.lockFile);
    try {
      this.previous = readManifest(dataDir);
    } catch {
      // A damaged database is replaced, not read.
      this.previous = undefined;
    }
    this.now = now;
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    this.dir = join(this.root, `gen-${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(this.dir);
    for (const e of Object.values(this.previous?.manifest.ecosystems ?? {})) {
      const n = /^e(\d+)$/.exec(e.stem);
      if (n) this.nextStem = Math.max(this.nextStem, Number(n[1]) + 1);
    }
  }

  /** Registers a source and returns its id, for `add`. */
  addSource(source: Omit<SourceEntry, 'updated'>): string {
    const id = `s${this.sources.size + 1}-${this.now.getTime().toString(36)}`;
    this.sources.set(id, { ...source, updated: this.now.toISOString() });
    return id;
  }

  /** Updates what a source read (files, records, quarantine, warnings). */
  updateSource(id: string, patch: Partial<SourceEntry>): void {
    const s = this.sources.get(id);
    if (s) Object.assign(s, patch);
  }

  /** Records the mirror's list for a downloaded ecosystem. */
  setRemote(eco: string, remote: NonNullable<EcosystemEntry['remote']>, listText?: string): void {
    this.remotes.set(eco, remote);
    if (listText !== undefined) this.lists.set(eco, listText);
  }

  /** Returns the `modified_id.csv` stored with an ecosystem of the previous generation, if any. */
  previousList(eco: string): string | undefined {
    const entry = this.previousEntry(eco);
    if (!entry?.remote) return undefined;
    try {
      return readFileSync(join(this.previous!.dir, `${entry.stem}.list`), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Returns an ecosystem's entry in the previous generation's manifest. */
  previousEntry(eco: string): EcosystemEntry | undefined {
    return this.previous && Object.hasOwn(this.previous.manifest.ecosystems, eco) ? this.previous.manifest.ecosystems[eco] : undefined;
  }

  /** Returns the ids of the records an ecosystem of the previous generation holds. */
  previousIds(eco: string): Set<string> {
    const entry = this.previousEntry(eco);
    if (!entry) return new Set();
    return new Set(readFileSync(join(this.previous!.dir, `${entry.stem}.ids`), 'utf8').split('\n').filter(Boolean));
  }

  /**
   * Calls `onRecord` with each record an ecosystem of the previous generation holds, read line by
   * line (bounded memory). Throws an InputError when the file is damaged.
   */
  forEachPreviousRecord(eco: string, onRecord: (record: OsvRecord) => void): number {
    const entry = this.previousEntry(eco);
    if (!entry) return 0;
    const file = join(this.previous!.dir, `${entry.stem}.ndjson`);
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(FLUSH_BYTES);
    let rest = '';
    let offset = 0;
    let n = 0;
    const take = (line: string) => {
      if (!line) return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (err) {
        throw new InputError(`the previous database is damaged (${(err as Error).message}); run \`ospo db update --force\` to download everything again`, { file });
      }
      if (!isObject(record) || typeof record.id !== 'string') throw new InputError('the previous database holds a line that is not a record; run `ospo db update --force`', { file });
      n++;
      onRecord(record as unknown as OsvRecord);
    };
    try {
      for (;;) {
        const got = readSync(fd, buf, 0, buf.length, offset);
        if (got === 0) break;
        offset += got;
        const text = rest + buf.toString('utf8', 0, got);
        const lines = text.split('\n');
        rest = lines.pop()!;
        for (const line of lines) take(line);
      }
      take(rest);
    } finally {
      closeSync(fd);
    }
    return n;
  }

  /** Throws away what was written for an ecosystem in this generation (to import it another way). */
  discard(eco: string): void {
    const w = this.writers.get(eco);
    if (!w) return;
    for (const fd of [w.fd, w.views.fd]) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    rmSync(join(this.dir, `${w.stem}.raw`), { force: true });
    rmSync(join(this.dir, `${w.stem}.vraw`), { force: true });
    this.writers.delete(eco);
  }

  /** Returns the ecosystems the previous generation holds. */
  previousEcosystems(): string[] {
    return Object.keys(this.previous?.manifest.ecosystems ?? {});
  }

  /** Carries an ecosystem over from the previous generation unchanged (by hard link). */
  keep(eco: string): boolean {
    const entry = this.previous && Object.hasOwn(this.previous.manifest.ecosystems, eco) ? this.previous.manifest.ecosystems[eco] : undefined;
    if (!entry || this.writers.has(eco)) return false;
    for (const ext of ['ndjson', 'mx', 'fx', 'idx', 'ids', 'list']) {
      const from = join(this.previous!.dir, `${entry.stem}.${ext}`);
      const to = join(this.dir, `${entry.stem}.${ext}`);
      if (ext === 'list' && !existsSync(from)) continue;
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
    }
    this.kept.set(eco, entry);
    return true;
  }

  /**
   * Adds a record under each of its affected ecosystems (only those in `only`, when given).
   * Returns how many ecosystems it was stored under.
   */
  add(record: OsvRecord, source: string, only?: ReadonlySet<string>): number {
    const groups = new Map<string, Map<string, OsvAffected[]>>();
    for (const a of record.affected ?? []) {
      if (!a.package) continue;
      const key = advisoryKey(a.package.ecosystem, a.package.name);
      const sep = key.indexOf('\u0000');
      const eco = key.slice(0, sep);
      if (only && !only.has(eco)) continue;
      let names = groups.get(eco);
      if (!names) groups.set(eco, (names = new Map()));
      const name = key.slice(sep + 1);
      let entries = names.get(name);
      if (!entries) names.set(name, (entries = []));
      entries.push(a);
    }
    if (groups.size === 0) return 0;
    const ms = Date.parse(record.modified);
    let line: string | undefined;
    let length = 0;
    for (const [eco, names] of groups) {
      const w = this.writer(eco);
      w.sources.add(source);
      const prev = w.byId.get(record.id);
      if (prev && !(ms > prev.ms)) continue;
      if (line === undefined) {
        line = `${JSON.stringify(record)}\n`;
        length = Buffer.byteLength(line);
      }
      // The .mx items go to disk now: 300,000 records' facts held in memory would cost ~1 GB.
      const views = new Map<string, [number, number, number]>();
      for (const [name, entries] of names) {
        const match = matchView(record, entries);
        const facts = JSON.stringify(advisoryFacts(record, entries));
        const mb = Buffer.byteLength(match);
        const fb = Buffer.byteLength(facts);
        views.set(name, [w.views.offset, mb, fb]);
        w.views.pending.push(match, facts);
        w.views.offset += mb + fb;
        w.views.pendingBytes += mb + fb;
      }
      if (w.views.pendingBytes >= FLUSH_BYTES) flush(w.views);
      w.byId.set(record.id, { id: record.id, ms, modified: record.modified, offset: w.offset, length: length - 1, views });
      w.pending.push(line);
      w.offset += length;
      w.pendingBytes += length;
      if (w.pendingBytes >= FLUSH_BYTES) flush(w);
    }
    return groups.size;
  }

  private writer(eco: string): EcoWriter {
    let w = this.writers.get(eco);
    if (w) return w;
    if (this.kept.has(eco)) throw new Error(`ecosystem ${eco} was kept and cannot also be written`);
    const prevEntry = this.previous && Object.hasOwn(this.previous.manifest.ecosystems, eco) ? this.previous.manifest.ecosystems[eco] : undefined;
    const stem = prevEntry?.stem ?? `e${this.nextStem++}`;
    const views: Sink = { fd: openSync(join(this.dir, `${stem}.vraw`), 'w'), offset: 0, pending: [], pendingBytes: 0 };
    w = { eco, stem, fd: openSync(join(this.dir, `${stem}.raw`), 'w'), offset: 0, pending: [], pendingBytes: 0, byId: new Map(), sources: new Set(), views };
    this.writers.set(eco, w);
    return w;
  }

  /** Returns the ecosystems written in this generation so far. */
  writtenEcosystems(): string[] {
    return [...this.writers.keys()];
  }

  /**
   * Finishes the files, writes the manifest, checks the generation, and makes it live by
   * renaming a new `current` pointer over the old one; then removes generations older than the
   * previous one. `keepOthers` carries every ecosystem not written here over from the previous
   * generation (an update of some ecosystems keeps the rest).
   */
  commit(keepOthers = true): Manifest {
    if (this.done) throw new Error('generation already finished');
    try {
      if (keepOthers) for (const eco of this.previousEcosystems()) if (!this.writers.has(eco)) this.keep(eco);
      const ecosystems: Record<string, EcosystemEntry> = {};
      const ids = new Set<string>();
      for (const w of this.writers.values()) {
        flush(w);
        fsyncSync(w.fd);
        closeSync(w.fd);
        flush(w.views);
        closeSync(w.views.fd);
        ecosystems[w.eco] = this.finishIndex(w, ids);
      }
      for (const [eco, entry] of this.kept) {
        ecosystems[eco] = entry;
        const text = readFileSync(join(this.dir, `${entry.stem}.ids`), 'utf8');
        for (const id of text.split('\n')) if (id) ids.add(id);
      }
      const sources: Record<string, SourceEntry> = {};
      const used = new Set(Object.values(ecosystems).flatMap((e) => e.sources));
      for (const [id, s] of this.sources) sources[id] = s;
      for (const [id, s] of Object.entries(this.previous?.manifest.sources ?? {})) if (used.has(id) && !sources[id]) sources[id] = s;
      const manifest: Manifest = { format: DB_FORMAT, created: this.now.toISOString(), records: ids.size, ecosystems: sortKeys(ecosystems), sources };
      writeAtomic(join(this.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      this.verify(manifest);
      const name = this.dir.slice(this.root.length + 1);
      writeAtomic(join(this.root, 'current'), `${name}\n`);
      this.done = true;
      this.cleanup(name);
      return manifest;
    } catch (err) {
      this.abort();
      throw err;
    } finally {
      releaseLock(this.lockFile);
    }
  }

  /** Throws away the generation being written; the live one is untouched. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    for (const w of this.writers.values()) {
      for (const fd of [w.fd, w.views.fd]) {
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    releaseLock(this.lockFile);
  }

  private finishIndex(w: EcoWriter, ids: Set<string>): EcosystemEntry {
    const byName = new Map<string, Placed[]>();
    let newest = '';
    let newestMs = -Infinity;
    const idLines: string[] = [];
    for (const p of w.byId.values()) {
      ids.add(p.id);
      idLines.push(p.id);
      if (p.ms > newestMs) {
        newestMs = p.ms;
        newest = p.modified;
      }
      for (const n of p.views.keys()) {
        let list = byName.get(n);
        if (!list) byName.set(n, (list = []));
        list.push(p);
      }
    }
    const names = [...byName.keys()].sort();
    // Rewrite the records in index order, so that a package's records are one contiguous block
    // that a lookup reads and parses at once (records in arrival order cost a read each).
    const raw = join(this.dir, `${w.stem}.raw`);
    const rawFd = openSync(raw, 'r');
    const vraw = join(this.dir, `${w.stem}.vraw`);
    const vrawFd = openSync(vraw, 'r');
    const out: Sink = { fd: openSync(join(this.dir, `${w.stem}.ndjson`), 'w'), offset: 0, pending: [], pendingBytes: 0 };
    const mx: Sink = { fd: openSync(join(this.dir, `${w.stem}.mx`), 'w'), offset: 0, pending: [], pendingBytes: 0 };
    const fx: Sink = { fd: openSync(join(this.dir, `${w.stem}.fx`), 'w'), offset: 0, pending: [], pendingBytes: 0 };
    // A package's .mx line and .fx block from the record items kept in <stem>.vraw, with the
    // package's region plan where one can be made (match/regions.ts): then the entries move
    // from the .mx line to each record's facts line, and matching reads only the plan.
    const itemsOf = (n: string, list: Placed[]): [string, string] => {
      const match: string[] = [];
      const facts: string[] = [];
      for (const p of list) {
        const [at, mb, fb] = p.views.get(n)!;
        const buf = Buffer.allocUnsafe(mb + fb);
        if (readSync(vrawFd, buf, 0, mb + fb, at) !== mb + fb) throw new Error(`short read in ${vraw}`);
        match.push(buf.toString('utf8', 0, mb));
        facts.push(buf.toString('utf8', mb));
      }
      const items = match.map((m) => JSON.parse(m) as [string, 0 | 1, OsvAffected[], string[]]);
      const plan = buildRegionPlan(w.eco, items.map((it) => ({ withdrawn: it[1] === 1, entries: it[2] })));
      const lines = plan ? facts.map((f, k) => `${f.slice(0, -1)}${f === '{}' ? '' : ','}"affected":${JSON.stringify(items[k]![2])}}`) : facts;
      // Each item ends with where its facts line starts in the package's block.
      const starts: number[] = [];
      let at = 0;
      for (const l of lines) {
        starts.push(at);
        at += Buffer.byteLength(l) + 1;
      }
      const line = plan
        ? JSON.stringify([1, plan.scheme, plan.boundaries, items.map((it, k) => [it[0], it[1], it[3], plan.spans[k], starts[k]])])
        : `[0,[${match.map((m, k) => `${m.slice(0, -1)},${starts[k]}]`).join(',')}]]`;
      return [`${line}\n`, `${lines.join('\n')}\n`];
    };
    const moved = new Map<Placed, number>();
    const lines: string[] = [];
    try {
      for (const n of names) {
        const list = byName.get(n)!.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        let line = n;
        const views = itemsOf(n, list);
        for (const [k, sink] of [mx, fx].entries()) {
          const view = views[k]!;
          const viewBytes = Buffer.byteLength(view);
          line += `\t${sink.offset}\t${viewBytes - 1}`;
          sink.pending.push(view);
          sink.offset += viewBytes;
          sink.pendingBytes += viewBytes;
          if (sink.pendingBytes >= FLUSH_BYTES) flush(sink);
        }
        for (const p of list) {
          let at = moved.get(p);
          if (at === undefined) {
            const buf = Buffer.allocUnsafe(p.length + 1);
            if (readSync(rawFd, buf, 0, p.length + 1, p.offset) !== p.length + 1) throw new Error(`short read in ${raw}`);
            at = out.offset;
            moved.set(p, at);
            out.pending.push(buf.toString('utf8'));
            out.offset += buf.length;
            out.pendingBytes += buf.length;
            if (out.pendingBytes >= FLUSH_BYTES) flush(out);
          }
          line += `\t${at}\t${p.length}`;
        }
        lines.push(line);
      }
      flush(out);
      fsyncSync(out.fd);
      flush(mx);
      fsyncSync(mx.fd);
      flush(fx);
      fsyncSync(fx.fd);
    } finally {
      closeSync(out.fd);
      closeSync(mx.fd);
      closeSync(fx.fd);
      closeSync(rawFd);
      closeSync(vrawFd);
    }
    rmSync(raw, { force: true });
    rmSync(vraw, { force: true });
    w.offset = out.offset;
    writeFileSync(join(this.dir, `${w.stem}.idx`), lines.length ? `${lines.join('\n')}\n` : '');
    idLines.sort();
    writeFileSync(join(this.dir, `${w.stem}.ids`), idLines.length ? `${idLines.join('\n')}\n` : '');
    const list = this.lists.get(w.eco);
    if (list !== undefined) writeFileSync(join(this.dir, `${w.stem}.list`), list);
    const remote = this.remotes.get(w.eco);
    return {
      stem: w.stem,
      records: w.byId.size,
      packages: names.length,
      bytes: w.offset,
      mxBytes: mx.offset,
      fxBytes: fx.offset,
      ...(newest ? { newestModified: newest } : {}),
      updated: this.now.toISOString(),
      sources: [...w.sources].sort(),
      ...(remote ? { remote } : {}),
    };
  }

  private verify(manifest: Manifest): void {
    for (const [eco, e] of Object.entries(manifest.ecosystems)) {
      const size = statSync(join(this.dir, `${e.stem}.ndjson`)).size;
      if (size !== e.bytes) throw new InputError(`the new ${eco} records file has ${size} bytes, expected ${e.bytes}; the update was not applied`, { file: this.dir });
      const mxSize = statSync(join(this.dir, `${e.stem}.mx`)).size;
      if (mxSize !== e.mxBytes) throw new InputError(`the new ${eco} match index has ${mxSize} bytes, expected ${e.mxBytes}; the update was not applied`, { file: this.dir });
      const fxSize = statSync(join(this.dir, `${e.stem}.fx`)).size;
      if (fxSize !== e.fxBytes) throw new InputError(`the new ${eco} facts file has ${fxSize} bytes, expected ${e.fxBytes}; the update was not applied`, { file: this.dir });
      if (!existsSync(join(this.dir, `${e.stem}.idx`))) throw new InputError(`the new ${eco} index is missing; the update was not applied`, { file: this.dir });
    }
  }

  private cleanup(current: string): void {
    const previous = this.previous ? this.previous.dir.slice(this.root.length + 1) : undefined;
    for (const name of readdirSync(this.root)) {
      if (!name.startsWith('gen-') || name === current || name === previous) continue;
      const full = join(this.root, name);
      // A generation without a manifest may be another update still writing; leave it a day.
      const finished = existsSync(join(full, 'manifest.json'));
      if (finished || Date.now() - statSync(full).mtimeMs > 24 * 3600 * 1000) rmSync(full, { recursive: true, force: true });
    }
  }
}

/**
 * A record's item in a package's .mx line: its id, whether it is withdrawn, and its `affected`
 * entries for the package reduced to what deciding affectedness reads (`ranges` with their type,
 * repo and events; `versions`), so that matching never parses the whole record for a version it
 * does not affect.
 */
function matchView(record: OsvRecord, entries: readonly OsvAffected[]): string {
  const reduced = entries.map((a) => {
    const out: OsvAffected = {};
    if (Array.isArray(a.ranges)) out.ranges = a.ranges.map((r) => (r.repo === undefined ? { type: r.type, events: r.events } : { type: r.type, repo: r.repo, events: r.events }));
    if (Array.isArray(a.versions)) out.versions = a.versions;
    return out;
  });
  const aliases = Array.isArray(record.aliases) ? record.aliases.filter((a) => typeof a === 'string') : [];
  return JSON.stringify([record.id, record.withdrawn ? 1 : 0, reduced, aliases]);
}

function flush(w: Sink): void {
  if (w.pending.length === 0) return;
  const buf = Buffer.from(w.pending.join(''), 'utf8');
  let done = 0;
  while (done < buf.length) done += writeSync(w.fd, buf, done, buf.length - done);
  w.pending = [];
  w.pendingBytes = 0;
}

function sortKeys<T>(obj: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k]!;
  return out;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function takeLock(file: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (alive) throw new UsageError(`another \`ospo db update\` (process ${pid}) is updating ${file.replace(/[/\\]update\.lock$/, '')}; wait for it to finish`);
      rmSync(file, { force: true });
    }
  }
  throw new UsageError(`cannot lock ${file}`);
}

function releaseLock(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  } catch {
    // gone already
  }
}

// ---------------------------------------------------------------------------------------------
// Importing local data

/** Returns an ecosystem name as OSV spells it when it matches a known one case-insensitively. */
export function canonicalEcosystem(name: string): string {
  const lower = name.trim().toLowerCase();
  for (const eco of Object.keys(ECOSYSTEMS)) if (eco.toLowerCase() === lower) return eco;
  return name.trim();
}

/** Options for `importRecords`. */
export interface ImportOptions {
  /** Import only these ecosystems' packages (OSV names; matched case-insensitively). */
  ecosystems?: string[];
  /** Drop ecosystems this import does not contain (default: keep them from the previous database). */
  replace?: boolean;
  limits?: ReadLimits;
  onProgress?: (message: string) => void;
  onWarning?: (message: string) => void;
  now?: Date;
}

/** What an update did. */
export interface UpdateReport {
  manifest: Manifest;
  directory: string;
  /** Ecosystems whose data was replaced. */
  updated: string[];
  /** Ecosystems carried over unchanged. */
  unchanged: string[];
  /** Records quarantined in this update. */
  quarantined: Quarantined[];
  quarantinedCount: number;
  warnings: string[];
}

/**
 * Imports OSV records from local directories, zips or tarballs (air-gapped sites) into a new
 * generation of the database and switches to it. Ecosystems found in the input replace the
 * previous data for those ecosystems; others are kept unless `replace`. On any error nothing
 * changes.
 */
export async function importRecords(dataDir: string, paths: readonly string[], options: ImportOptions = {}): Promise<UpdateReport> {
  if (paths.length === 0) throw new UsageError('nothing to import: name a directory, zip or tarball');
  const [{ detectInputKind }, { readOsvRecords }] = await Promise.all([import('./archive.js'), import('./read.js')]);
  for (const p of paths) detectInputKind(p);
  const only = options.ecosystems?.length ? new Set(options.ecosystems.map(canonicalEcosystem)) : undefined;
  const gen = new GenerationWriter(dataDir, options.now);
  const quarantined: Quarantined[] = [];
  let quarantinedCount = 0;
  const warnings: string[] = [];
  try {
    let files = 0;
    for (const path of paths) {
      const kind = detectInputKind(path);
      const id = gen.addSource({ kind: kind === 'zip' || kind === 'tar' ? 'archive' : kind, location: resolve(path), files: 0, records: 0, quarantined: 0, quarantine: [], warnings: [] });
      let n = 0;
      const summary = await readOsvRecords(
        path,
        (record) => {
          gen.add(record, id, only);
          if (++n % 5000 === 0) options.onProgress?.(`${path}: ${n.toLocaleString('en')} records`);
        },
        { ...(options.limits ? { limits: options.limits } : {}), onWarning: (m) => options.onWarning?.(m) },
      );
      files += summary.files;
      quarantinedCount += summary.quarantined.length;
      for (const q of summary.quarantined) if (quarantined.length < 10_000) quarantined.push(q);
      warnings.push(...summary.warnings);
      gen.updateSource(id, {
        files: summary.files,
        records: summary.records,
        quarantined: summary.quarantined.length,
        quarantine: summary.quarantined.slice(0, KEEP_DETAILS),
        warnings: summary.warnings.slice(0, KEEP_DETAILS),
      });
    }
    if (files === 0) throw new InputError('no OSV records found (looked for .json, .yaml and .yml files)', { file: paths.join(', ') });
    const updated = gen.writtenEcosystems().sort();
    const manifest = gen.commit(!options.replace);
    const unchanged = Object.keys(manifest.ecosystems).filter((e) => !updated.includes(e));
    return { manifest, directory: gen.dir, updated, unchanged, quarantined, quarantinedCount, warnings };
  } catch (err) {
    gen.abort();
    throw err;
  }
}
