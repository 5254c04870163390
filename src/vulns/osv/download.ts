// Downloading OSV's official per-ecosystem archives
// (https://google.github.io/osv.dev/data/#data-dumps): `<base>/<ecosystem>/all.zip` holds every
// record that affects the ecosystem, and `<base>/<ecosystem>/modified_id.csv` lists
// `<modified>,<id>` for each of them, newest first.
//
// Incremental updates: the small list is fetched first and its SHA-256 compared with the one
// stored at the last update. When it is unchanged, no record was added, changed or withdrawn,
// so the ecosystem's files are carried into the new generation by hard link and all.zip is not
// downloaded. When it changed (or a mirror serves no list), all.zip is downloaded again.
import { createHash } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ECOSYSTEMS } from '../../model/ecosystem.js';
import { InputError, UsageError } from '../../model/errors.js';
import { canonicalEcosystem, GenerationWriter, type UpdateReport } from './db.js';
import type { ReadLimits } from './archive.js';
import { readOsvRecords, type Quarantined } from './read.js';

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
  /** Re-download even when the list is unchanged. */
  force?: boolean;
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
        gen.setRemote(eco, { listSha256, listEntries: list.entries, ...(list.newest ? { listNewest: list.newest } : {}) });
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
