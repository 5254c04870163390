// Test support for the OSV reader and database: the shared real advisories, counted without
// Ospo's reader, and archives built from them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { load } from 'js-yaml';
import { pack } from 'tar-stream';
import { buildZip, type ZipEntryInput } from '../zip-write.js';

/** The shared real advisories (../shared/data/osv beside the repository). */
export const SHARED_OSV = fileURLToPath(new URL('../../../../../shared/data/osv', import.meta.url));
/** Whether the shared data is present (CI clones it beside the repository). */
export const HAVE_SHARED = existsSync(SHARED_OSV);
/** This folder's scenario records. */
export const RECORDS = fileURLToPath(new URL('./records', import.meta.url));

/** Every record file under a directory (JSON and YAML), as relative paths, sorted. */
export function recordFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/.test(name)) out.push(relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Counts the shared advisories without Ospo's reader or validator: plain JSON.parse and js-yaml,
 * ids per base ecosystem, and the distinct package names per ecosystem (exact spelling).
 */
export function independentCounts(root: string): { files: number; ids: Set<string>; perEcosystem: Map<string, Set<string>>; byId: Map<string, { modified: string; file: string }> } {
  const ids = new Set<string>();
  const perEcosystem = new Map<string, Set<string>>();
  const byId = new Map<string, { modified: string; file: string }>();
  const files = recordFiles(root);
  for (const f of files) {
    const text = readFileSync(join(root, f), 'utf8');
    const doc = (f.endsWith('.json') ? JSON.parse(text) : load(text)) as { id: string; modified: string; affected?: Array<{ package?: { ecosystem: string } }> };
    ids.add(doc.id);
    const prev = byId.get(doc.id);
    if (!prev || Date.parse(doc.modified) > Date.parse(prev.modified)) byId.set(doc.id, { modified: doc.modified, file: f });
    for (const a of doc.affected ?? []) {
      if (!a.package) continue;
      const eco = a.package.ecosystem.split(':')[0]!;
      let set = perEcosystem.get(eco);
      if (!set) perEcosystem.set(eco, (set = new Set()));
      set.add(doc.id);
    }
  }
  return { files: files.length, ids, perEcosystem, byId };
}

/** A zip of every record file under `root` (names relative to it), plus extra entries. */
export function zipOfDirectory(root: string, extra: ZipEntryInput[] = []): Buffer {
  return buildZip([...recordFiles(root).map((f) => ({ name: f, data: readFileSync(join(root, f)) })), ...extra]);
}

/** One tar entry to write. */
export interface TarEntryInput {
  name: string;
  data?: Buffer | string;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  linkname?: string;
}

/** Builds a tarball (gzip-compressed unless `gzip` is false) from entries. */
export async function buildTar(entries: TarEntryInput[], gzip = true): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const out = gzip ? p.pipe(createGzip()) : p;
  out.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((res, rej) => {
    out.on('end', () => res());
    out.on('error', rej);
  });
  for (const e of entries) {
    const type = e.type ?? 'file';
    if (type === 'file') p.entry({ name: e.name }, typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0)));
    else p.entry({ name: e.name, type, linkname: e.linkname ?? 'target.json' });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A tarball of every record file under `root`. */
export function tarOfDirectory(root: string, extra: TarEntryInput[] = []): Promise<Buffer> {
  return buildTar([...recordFiles(root).map((f) => ({ name: `osv/${f}`, data: readFileSync(join(root, f)) })), ...extra]);
}
