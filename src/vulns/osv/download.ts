// Downloading OSV's official per-ecosystem archives
// (https://google.github.io/osv.dev/data/#data-dumps): `<base>/<ecosystem>/all.zip` holds every
// record that affects the ecosystem, and `<base>/<ecosystem>/modified_id.csv` lists
// `<modified>,<id>` for each of them, newest first.
//
// Incremental updates: the small list is fetched first and its SHA-256 compared with the one
// stored at the last update. When it is unchanged, no record was added, changed or withdrawn,
// so the ecosystem's files are carried into the new generation by hard link and all.zip is not
// downloaded. When it changed, the two lists say which records are new or have a newer
// `modified`; up to `maxRecordFetches` of them are fetched one by one
// (`<base>/<ecosystem>/<id>.json`, the bucket's per-record files) and merged with the previous
// generation's records, less those the list no longer names. More changes than that, no list at
// the last update, no list now, or a per-record fetch that fails: all.zip is downloaded again.
import { createHash } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ECOSYSTEMS } from '../../model/ecosystem.js';
import { InputError, UsageError } from '../../model/errors.js';
import { canonicalEcosystem, GenerationWriter, type UpdateReport } from './db.js';
import type { ReadLimits } from './archive.js';
import { parseRecordFile, readOsvRecords, type Quarantined } from './read.js';
import type { OsvRecord } from './types.js';

/** Where OSV publishes its data dumps. */
export const OFFICIAL_MIRROR = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Ecosystems downloaded when none are named: those Ospo's scanners report. */
export const DEFAULT_ECOSYSTEMS: readonly string[] = Object.keys(ECOSYSTEMS);

/** Options for `updateDatabase`. */
export interface DownloadOptions {
  /** Base URL of the data dumps (default OFFICIAL_MIRROR). */
  mirror?: string;
  /** Ecosystems to update (default: those in the database, else DEFAULT_ECOSYSTEMS). */
  ecosystems?: string[];
  /** Give up on a request that sends nothing for this long (default 60 s). */
  idleTimeoutMs?: number;
  /** Largest archive accepted, in bytes (default 8 GiB). */
  maxDownloadBytes?: number;
  limits?: ReadLimits;
  /** Re-download all.zip even when the list is unchanged or shows few changes. */
  force?: boolean;
  /** Most changed records fetched one by one before all.zip is downloaded instead (default 500). */
  maxRecordFetches?: number;
  fetch?: typeof fetch;
  onProgress?: (message: string) => void;
  onWarning?: (message: string) => void;
  now?: Date;
}

/** Thrown for an HTTP status that is not success; `status` 404 means the mirror has no such file. */
class HttpError extends InputError {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText: string,
  ) {
    super(`the server answered HTTP ${status} ${statusText}`.trim(), { file: url });
  }
}

function urlFor(mirror: string, eco: string, file: string): string {
  return `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(eco)}/${file}`;
}

/** Streams a response body to `sink`, aborting when nothing arrives for `idleMs` or past `maxBytes`. */
async function download(url: string, sink: (chunk: Uint8Array) => void | Promise<void>, opts: { fetch: typeof fetch; idleMs: number; maxBytes: number; onBytes?: (n: number) => void }): Promise<number> {
  const ctrl = new AbortController();
  let timer = setTimeout(() => ctrl.abort(), opts.idleMs);
  const bump = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(), opts.idleMs);
  };
  try {
    let res: Response;
    try {
      res = await opts.fetch(url, { signal: ctrl.signal, headers: { 'user-agent': 'ospo (+https://github.com/ospo)' } });
    } catch (err) {
      throw new InputError(ctrl.signal.aborted ? `no answer within ${opts.idleMs / 1000} s` : `cannot connect: ${causeOf(err)}`, { file: url });
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new HttpError(url, res.status, res.statusText);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > opts.maxBytes) throw new InputError(`the file is ${declared} bytes, more than the ${opts.maxBytes}-byte cap`, { file: url });
    let total = 0;
    if (!res.body) return 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bump();
        total += chunk.length;
        if (total > opts.maxBytes) throw new InputError(`more than the ${opts.maxBytes}-byte cap`, { file: url });
        await sink(chunk);
        opts.onBytes?.(total);
      }
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(ctrl.signal.aborted ? `the download stalled for ${opts.idleMs / 1000} s after ${total} bytes` : `the download broke off after ${total} bytes: ${causeOf(err)}`, { file: url });
    }
    if (Number.isFinite(declared) && total !== declared) throw new InputError(`the download ended after ${total} of ${declared} bytes`, { file: url });
    return total;
  } finally {
    clearTimeout(timer);
  }
}

function causeOf(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; code?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

/**
 * Parses `modified_id.csv` into a map from record id to its `modified` time. Lines that are not
 * `<time>,<id>` are skipped; an id written `<ecosystem>/<id>` (as the bucket's top-level list
 * does) is taken without its ecosystem.
 */
export function parseModifiedList(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const comma = line.indexOf(',');
    if (comma <= 0) continue;
    const time = line.slice(0, comma).trim();
    let id = line.slice(comma + 1).trim();
    const slash = id.lastIndexOf('/');
    if (slash >= 0) id = id.slice(slash + 1);
    if (!id || !time) continue;
    const known = out.get(id);
    if (known === undefined || time > known) out.set(id, time);
  }
  return out;
}

/** Runs `task` over `items`, at most `limit` at once; the first failure rejects (the rest still settle). */
async function inPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

/** Parses `modified_id.csv` (`<RFC 3339 time>,<id>` per line); returns the entry count and the newest time. */
export function summarizeModifiedList(text: string): { entries: number; newest?: string } {
  let entries = 0;
  let newest: string | undefined;
  for (const line of text.split('\n')) {
    const comma = line.indexOf(',');
    if (comma <= 0) continue;
    entries++;
    const t = line.slice(0, comma).trim();
    if (newest === undefined || t > newest) newest = t;
  }
  return { entries, ...(newest ? { newest } : {}) };
}

/**
 * Downloads the official per-ecosystem OSV archives (or a mirror's) into a new generation of
 * the database and switches to it; an ecosystem whose `modified_id.csv` is unchanged since the
 * last update is carried over without downloading. Any failure (HTTP error, broken download,
 * corrupt archive) leaves the previous database as it was.
 */
export async function updateDatabase(dataDir: string, options: DownloadOptions = {}): Promise<UpdateReport> {
  const mirror = options.mirror ?? OFFICIAL_MIRROR;
  if (!/^https?:\/\//i.test(mirror)) throw new UsageError(`--mirror must be an http(s) URL, not ${JSON.stringify(mirror)}`);
  const fetchImpl = options.fetch ?? fetch;
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const maxBytes = options.maxDownloadBytes ?? 8 * 1024 * 1024 * 1024;
  const gen = new GenerationWriter(dataDir, options.now);
  const progress = options.onProgress ?? (() => {});
  const quarantined: Quarantined[] = [];
  let quarantinedCount = 0;
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const updated: string[] = [];
  try {
    const requested = options.ecosystems?.length ? options.ecosystems.map(canonicalEcosystem) : gen.previousEcosystems().length ? gen.previousEcosystems() : [...DEFAULT_ECOSYSTEMS];
    const ecosystems = [...new Set(requested)];
    for (const [i, eco] of ecosystems.entries()) {
      const step = `[${i + 1}/${ecosystems.length}] ${eco}`;
      progress(`${step}: checking ${urlFor(mirror, eco, 'modified_id.csv')}`);
      const listChunks: Buffer[] = [];
      let listText: string | undefined;
      try {
        await download(urlFor(mirror, eco, 'modified_id.csv'), (c) => void listChunks.push(Buffer.from(c)), { fetch: fetchImpl, idleMs, maxBytes: 512 * 1024 * 1024 });
        listText = Buffer.concat(listChunks).toString('utf8');
      } catch (err) {
        if (!(err instanceof HttpError && err.status === 404)) throw err;
      }
      const listSha256 = listText !== undefined ? createHash('sha256').update(listText).digest('hex') : undefined;
      const prev = gen.previous?.manifest.ecosystems;
      const prevEntry = prev && Object.hasOwn(prev, eco) ? prev[eco] : undefined;
      if (!options.force && listSha256 && prevEntry?.remote?.listSha256 === listSha256 && gen.keep(eco)) {
        progress(`${step}: unchanged since ${prevEntry.updated}`);
        continue;
      }
      if (listText !== undefined && listSha256 && !options.force) {
        const previousList = gen.previousList(eco);
        if (previousList !== undefined) {
          const done = await updateIncrementally({ gen, eco, step, mirror, listText, listSha256, previousList, fetch: fetchImpl, idleMs, max: options.maxRecordFetches ?? 500, progress, warn });
          if (done) {
            quarantinedCount += done.quarantined.length;
            for (const q of done.quarantined) if (quarantined.length < 10_000) quarantined.push(q);
            if (done.written) updated.push(eco);
            continue;
          }
        }
      }
      const zipUrl = urlFor(mirror, eco, 'all.zip');
      const zipFile = join(gen.dir, `download-${i}.zip`);
      const out = openSync(zipFile, 'w');
      const sink = (chunk: Uint8Array) => {
        let done = 0;
        while (done < chunk.length) done += writeSync(out, chunk, done, chunk.length - done);
      };
      try {
        await download(zipUrl, sink, { fetch: fetchImpl, idleMs, maxBytes, onBytes: (n) => progress(`${step}: downloading all.zip, ${(n / 1048576).toFixed(1)} MB`) });
      } catch (err) {
        closeSync(out);
        rmSync(zipFile, { force: true });
        if (err instanceof HttpError && err.status === 404) {
          warn(`${eco}: the mirror has no ${zipUrl}; skipped (is the ecosystem name spelled as OSV spells it?)`);
          gen.keep(eco);
          continue;
        }
        throw err;
      }
      closeSync(out);
      const id = gen.addSource({ kind: 'download', location: zipUrl, files: 0, records: 0, quarantined: 0, quarantine: [], warnings: [] });
      let n = 0;
      progress(`${step}: importing`);
      const summary = await readOsvRecords(
        zipFile,
        (record) => {
          // An archive holds the records that affect its ecosystem; only that ecosystem is taken from it.
          gen.add(record, id, new Set([eco]));
          if (++n % 5000 === 0) progress(`${step}: ${n.toLocaleString('en')} records`);
        },
        { ...(options.limits ? { limits: options.limits } : {}), onWarning: warn },
      );
      rmSync(zipFile, { force: true });
      quarantinedCount += summary.quarantined.length;
      for (const q of summary.quarantined) if (quarantined.length < 10_000) quarantined.push(q);
      gen.updateSource(id, { files: summary.files, records: summary.records, quarantined: summary.quarantined.length, quarantine: summary.quarantined.slice(0, 200), warnings: summary.warnings.slice(0, 200) });
      if (listSha256 && listText !== undefined) {
        const list = summarizeModifiedList(listText);
        gen.setRemote(eco, { listSha256, listEntries: list.entries, ...(list.newest ? { listNewest: list.newest } : {}) }, listText);
        if (list.entries !== summary.files) warn(`${eco}: modified_id.csv lists ${list.entries} records, all.zip held ${summary.files} (the mirror changed between the two downloads?)`);
      }
      if (!gen.writtenEcosystems().includes(eco)) {
        // An archive with no usable record: keep what the database had rather than emptying it.
        warn(`${eco}: ${zipUrl} held no usable record; the previous data (if any) was kept`);
        gen.keep(eco);
        continue;
      }
      updated.push(eco);
    }
    const manifest = gen.commit(true);
    return { manifest, directory: gen.dir, updated, unchanged: Object.keys(manifest.ecosystems).filter((e) => !updated.includes(e)), quarantined, quarantinedCount, warnings };
  } catch (err) {
    gen.abort();
    throw err;
  }
}

interface IncrementalJob {
  gen: GenerationWriter;
  eco: string;
  step: string;
  mirror: string;
  listText: string;
  listSha256: string;
  previousList: string;
  fetch: typeof fetch;
  idleMs: number;
  max: number;
  progress: (message: string) => void;
  warn: (message: string) => void;
}

/**
 * Brings one ecosystem up to date from the previous generation plus the records the lists show
 * as new or changed, fetched one by one. Returns undefined (having written nothing for the
 * ecosystem) when all.zip should be downloaded instead: too many changes, or a fetch that failed.
 */
async function updateIncrementally(job: IncrementalJob): Promise<{ written: boolean; quarantined: Quarantined[] } | undefined> {
  const { gen, eco, step, mirror } = job;
  const now = parseModifiedList(job.listText);
  const before = parseModifiedList(job.previousList);
  const held = job.gen.previousIds(eco);
  // New ids, ids with another `modified`, and ids the list names that the database lacks.
  const changed = [...now].filter(([id, modified]) => before.get(id) !== modified || !held.has(id)).map(([id]) => id);
  let dropped = 0;
  for (const id of held) if (!now.has(id)) dropped++;
  if (changed.length > job.max) {
    job.progress(`${step}: ${changed.length} records changed, more than ${job.max}; downloading all.zip`);
    return undefined;
  }
  job.progress(`${step}: ${changed.length} records new or changed, ${dropped} gone; fetching ${changed.length}`);
  const fetched: OsvRecord[] = [];
  const quarantined: Quarantined[] = [];
  let done = 0;
  try {
    await inPool(changed, 8, async (id) => {
      const url = urlFor(mirror, eco, `${encodeURIComponent(id)}.json`);
      const chunks: Buffer[] = [];
      await download(url, (c) => void chunks.push(Buffer.from(c)), { fetch: job.fetch, idleMs: job.idleMs, maxBytes: 32 * 1024 * 1024 });
      const parsed = parseRecordFile(url, Buffer.concat(chunks));
      quarantined.push(...parsed.quarantined);
      for (const r of parsed.records) {
        if (r.id !== id) throw new InputError(`holds record ${JSON.stringify(r.id)}, not ${id}`, { file: url });
        fetched.push(r);
      }
      if (++done % 50 === 0) job.progress(`${step}: fetched ${done} of ${changed.length} changed records`);
    });
  } catch (err) {
    job.warn(`${eco}: fetching a changed record failed (${err instanceof InputError ? err.describe() : String(err)}); downloading all.zip instead`);
    return undefined;
  }
  const previous = gen.previousEntry(eco);
  const source = gen.addSource({ kind: 'download', location: `${urlFor(mirror, eco, '')}<id>.json`, files: changed.length, records: fetched.length, quarantined: quarantined.length, quarantine: quarantined.slice(0, 200), warnings: [] });
  const carriedSource = previous?.sources[0] ?? source;
  const replaced = new Set(fetched.map((r) => r.id));
  const only = new Set([eco]);
  try {
    // The previous records the list still names and that were not fetched anew.
    gen.forEachPreviousRecord(eco, (r) => {
      if (now.has(r.id) && !replaced.has(r.id)) gen.add(r, carriedSource, only);
    });
  } catch (err) {
    gen.discard(eco);
    job.warn(`${eco}: ${err instanceof InputError ? err.describe() : String(err)}; downloading all.zip instead`);
    return undefined;
  }
  for (const r of fetched) gen.add(r, source, only);
  const list = summarizeModifiedList(job.listText);
  gen.setRemote(eco, { listSha256: job.listSha256, listEntries: list.entries, ...(list.newest ? { listNewest: list.newest } : {}) }, job.listText);
  if (!gen.writtenEcosystems().includes(eco)) {
    job.warn(`${eco}: after the update no record is left; the previous data was kept`);
    gen.keep(eco);
    return { written: false, quarantined };
  }
  job.progress(`${step}: ${fetched.length} records fetched, ${dropped} removed`);
  return { written: true, quarantined };
}
