import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { runCli } from '../../test-support/cli.js';
import { HAVE_SHARED, recordFiles, SHARED_OSV } from './__fixtures__/support.js';
import { importRecords, openDatabase, osvDir } from './db.js';
import { parseModifiedList, summarizeModifiedList, updateDatabase } from './download.js';
import { buildZip } from './zip-write.js';

// Recorded responses: what the OSV bucket serves per ecosystem, built from the shared advisories.
interface Recorded {
  zip: Buffer;
  csv: string;
  /** The per-record files, `<ecosystem>/<id>.json`. */
  records: Map<string, string>;
}

function record(folder: string): Recorded {
  const root = join(SHARED_OSV, folder);
  const files = recordFiles(root).filter((f) => f.endsWith('.json'));
  const docs = files.map((f) => ({ f, text: readFileSync(join(root, f), 'utf8') }));
  const csv = docs
    .map(({ text }) => JSON.parse(text) as { id: string; modified: string })
    .sort((a, b) => (a.modified < b.modified ? 1 : -1))
    .map((d) => `${d.modified},${d.id}`)
    .join('\n');
  const records = new Map(docs.map(({ text }) => [(JSON.parse(text) as { id: string }).id, text] as const));
  return { zip: buildZip(docs.map(({ f, text }) => ({ name: f.split('/').pop()!, data: text }))), csv: `${csv}\n`, records };
}

type Behaviour = 'ok' | 'error500' | 'cut' | 'missing';

let server: Server;
let base: string;
let tmp: string;
const served: Record<string, Recorded> = {};
const behaviour: Record<string, Behaviour> = {};
const hits: string[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ospo-osv-dl-'));
  if (HAVE_SHARED) {
    served['Go'] = record('golang-vulndb');
    served['crates.io'] = record('rustsec-osv');
  }
  server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '');
    hits.push(path);
    const one = /^\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (one) {
      const text = served[one[1]!]?.records.get(one[2]!);
      if (text === undefined || behaviour[`${one[1]}/${one[2]}.json`] === 'missing') res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
      else if (behaviour[`${one[1]}/${one[2]}.json`] === 'error500') res.writeHead(500).end('backend error');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(text);
      return;
    }
    const m = /^\/([^/]+)\/(all\.zip|modified_id\.csv)$/.exec(path);
    const rec = m ? served[m[1]!] : undefined;
    const how = m ? (behaviour[`${m[1]}/${m[2]}`] ?? 'ok') : 'missing';
    if (!m || !rec || how === 'missing') {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    if (how === 'error500') {
      res.writeHead(500, 'Internal Server Error').end('backend error');
      return;
    }
    const body = m[2] === 'all.zip' ? rec.zip : Buffer.from(rec.csv);
    if (how === 'cut') {
      // Promise the whole file, send half, then drop the connection: a server failing mid-download.
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((res) => server.close(res));
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  hits.length = 0;
  for (const k of Object.keys(behaviour)) delete behaviour[k];
});

describe('summarizeModifiedList', () => {
  it('counts entries and finds the newest time', () => {
    expect(summarizeModifiedList('2024-05-01T00:00:00Z,GO-1\n2024-06-01T00:00:00Z,GO-2\n\n')).toEqual({ entries: 2, newest: '2024-06-01T00:00:00Z' });
    expect(summarizeModifiedList('')).toEqual({ entries: 0 });
  });

  it('maps ids to their newest time (an `ecosystem/id` spelling taken without the ecosystem; junk lines skipped)', () => {
    expect([...parseModifiedList('2024-05-01T00:00:00Z,GO-1\n2024-06-01T00:00:00Z,Go/GO-2\nnot a line\n,GO-3\n2024-04-01T00:00:00Z,GO-1\n')]).toEqual([
      ['GO-1', '2024-05-01T00:00:00Z'],
      ['GO-2', '2024-06-01T00:00:00Z'],
    ]);
  });
});

describe.skipIf(!HAVE_SHARED)('updateDatabase against a local mirror (recorded responses)', () => {

  it('downloads each ecosystem, then skips unchanged ones, then fetches only changed records', async () => {
    const dir = join(tmp, 'incremental');
    const first = await updateDatabase(dir, { mirror: base, ecosystems: ['Go', 'crates.io'] });
    expect(first.updated).toEqual(['Go', 'crates.io']);
    // Go's archive holds only Go's records (4,291 files; all affect Go).
    expect(first.manifest.ecosystems['Go']!.records).toBe(4291);
    expect(first.manifest.ecosystems['crates.io']!.records).toBe(1206);
    expect(first.manifest.ecosystems['Go']!.remote).toMatchObject({ listEntries: 4291 });
    expect(hits).toEqual(['/Go/modified_id.csv', '/Go/all.zip', '/crates.io/modified_id.csv', '/crates.io/all.zip']);
    expect(openDatabase(dir).lookup('Go', 'golang.org/x/net').length).toBeGreaterThan(10);

    hits.length = 0;
    const second = await updateDatabase(dir, { mirror: base });
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toEqual(['Go', 'crates.io']);
    expect(hits).toEqual(['/Go/modified_id.csv', '/crates.io/modified_id.csv']);

    // One record changed: only it is fetched, merged with the rest.
    const crates = served['crates.io']!;
    const [changedId, changedText] = [...crates.records].find(([, t]) => (JSON.parse(t) as { affected: Array<{ package: { name: string } }> }).affected[0]!.package.name === 'regex')!;
    const changed = { ...(JSON.parse(changedText) as Record<string, unknown>), modified: '2026-09-01T00:00:00Z', summary: 'changed upstream' };
    crates.records.set(changedId, JSON.stringify(changed));
    crates.csv = crates.csv.replace(new RegExp(`^[^,\n]+,${changedId}$`, 'm'), `2026-09-01T00:00:00Z,${changedId}`);
    hits.length = 0;
    const third = await updateDatabase(dir, { mirror: base });
    expect(third.updated).toEqual(['crates.io']);
    expect(third.warnings).toEqual([]);
    expect(hits).toEqual(['/Go/modified_id.csv', '/crates.io/modified_id.csv', `/crates.io/${changedId}.json`]);
    let db = openDatabase(dir);
    expect(db.manifest.ecosystems['crates.io']!.records).toBe(1206);
    expect(db.lookup('crates.io', 'regex').find((r) => r.id === changedId)).toMatchObject({ summary: 'changed upstream', modified: '2026-09-01T00:00:00Z' });
    expect(db.manifest.ecosystems['crates.io']!.packages).toBe(first.manifest.ecosystems['crates.io']!.packages);
    // Go was carried over untouched.
    expect(db.manifest.ecosystems['Go']!.updated).toBe(first.manifest.ecosystems['Go']!.updated);

    // A new record and one the list no longer names: one fetch, one removal.
    const removedId = crates.csv.split('\n').at(-2)!.split(',')[1]!;
    const removedPackage = (JSON.parse(crates.records.get(removedId)!) as { affected: Array<{ package: { name: string } }> }).affected[0]!.package.name;
    crates.csv = crates.csv.replace(new RegExp(`^[^,\n]+,${removedId}\n`, 'm'), '');
    const added = { ...(JSON.parse(changedText) as Record<string, unknown>), id: 'RUSTSEC-2026-9999', aliases: [], modified: '2026-09-02T00:00:00Z', summary: 'brand new' };
    crates.records.set('RUSTSEC-2026-9999', JSON.stringify(added));
    crates.csv = `2026-09-02T00:00:00Z,RUSTSEC-2026-9999\n${crates.csv}`;
    hits.length = 0;
    const fourth = await updateDatabase(dir, { mirror: base });
    expect(fourth.updated).toEqual(['crates.io']);
    expect(hits).toEqual(['/Go/modified_id.csv', '/crates.io/modified_id.csv', '/crates.io/RUSTSEC-2026-9999.json']);
    db = openDatabase(dir);
    expect(db.manifest.ecosystems['crates.io']!.records).toBe(1206);
    expect(db.lookup('crates.io', 'regex').map((r) => r.id)).toContain('RUSTSEC-2026-9999');
    expect(db.lookup('crates.io', removedPackage).map((r) => r.id)).not.toContain(removedId);
    expect(db.manifest.ecosystems['crates.io']!.remote).toMatchObject({ listEntries: 1206, listNewest: '2026-09-02T00:00:00Z' });

    // Listed but not served: the per-record fetch fails, so all.zip is downloaded instead.
    crates.csv = `2026-09-03T00:00:00Z,RUSTSEC-2026-9998\n${crates.csv}`;
    hits.length = 0;
    const fifth = await updateDatabase(dir, { mirror: base, onWarning: () => {} });
    expect(fifth.updated).toEqual(['crates.io']);
    expect(fifth.warnings[0]).toMatch(/^crates\.io: fetching a changed record failed \(.*RUSTSEC-2026-9998\.json: the server answered HTTP 404.*\); downloading all\.zip instead$/);
    expect(hits).toEqual(['/Go/modified_id.csv', '/crates.io/modified_id.csv', '/crates.io/RUSTSEC-2026-9998.json', '/crates.io/all.zip']);
    // all.zip is the recorded archive of the shared records (the removed one included).
    expect(openDatabase(dir).lookup('crates.io', removedPackage).map((r) => r.id)).toContain(removedId);
  }, 120_000);

  it('downloads all.zip when more records changed than it fetches one by one, or when no list was kept', async () => {
    const dir = join(tmp, 'too-many');
    await updateDatabase(dir, { mirror: base, ecosystems: ['Go'] });
    const go = served['Go']!;
    const saved = go.csv;
    try {
      // Every record "changed": the gap is too large.
      go.csv = go.csv.replace(/^[^,\n]+,/gm, '2026-10-01T00:00:00Z,');
      hits.length = 0;
      const report = await updateDatabase(dir, { mirror: base, maxRecordFetches: 100 });
      expect(report.updated).toEqual(['Go']);
      expect(hits).toEqual(['/Go/modified_id.csv', '/Go/all.zip']);
      // A database imported from files has no list to compare with.
      const imported = join(tmp, 'imported-then-downloaded');
      await importRecords(imported, [join(SHARED_OSV, 'golang-vulndb')]);
      hits.length = 0;
      await updateDatabase(imported, { mirror: base, ecosystems: ['Go'] });
      expect(hits).toEqual(['/Go/modified_id.csv', '/Go/all.zip']);
    } finally {
      go.csv = saved;
    }
  }, 120_000);

  it('a failed per-record update keeps the previous database (a fetched record under another id)', async () => {
    const dir = join(tmp, 'wrong-id');
    await updateDatabase(dir, { mirror: base, ecosystems: ['Go'] });
    const pointer = readFileSync(join(osvDir(dir), 'current'), 'utf8');
    const go = served['Go']!;
    const saved = { csv: go.csv, text: go.records.get('GO-2026-0001') };
    try {
      go.csv = `2026-10-02T00:00:00Z,GO-2026-0001\n${go.csv}`;
      go.records.set('GO-2026-0001', go.records.values().next().value!);
      // The record is wrong and so is the archive: the update fails as a whole.
      behaviour['Go/all.zip'] = 'error500';
      hits.length = 0;
      await expect(updateDatabase(dir, { mirror: base, onWarning: () => {} })).rejects.toThrow(/HTTP 500/);
      expect(hits).toEqual(['/Go/modified_id.csv', '/Go/GO-2026-0001.json', '/Go/all.zip']);
      expect(readFileSync(join(osvDir(dir), 'current'), 'utf8')).toBe(pointer);
      expect(openDatabase(dir).manifest.ecosystems['Go']!.records).toBe(4291);
    } finally {
      go.csv = saved.csv;
      if (saved.text === undefined) go.records.delete('GO-2026-0001');
      else go.records.set('GO-2026-0001', saved.text);
    }
  }, 120_000);

  it.each([
    ['an HTTP 500 on the second archive', { 'crates.io/all.zip': 'error500' as Behaviour }, /crates\.io\/all\.zip: the server answered HTTP 500 Internal Server Error/],
    ['a connection dropped in the middle of an archive', { 'crates.io/all.zip': 'cut' as Behaviour }, /crates\.io\/all\.zip: the download (broke off|ended) after/],
    ['an HTTP 500 on a list', { 'Go/modified_id.csv': 'error500' as Behaviour }, /Go\/modified_id\.csv: the server answered HTTP 500/],
  ])('%s fails the update and keeps the previous database', async (_what, how, message) => {
    const dir = join(tmp, `failing-${Object.values(how)[0]}-${Object.keys(how)[0]!.replace(/\W/g, '')}`);
    await updateDatabase(dir, { mirror: base, ecosystems: ['Go'] });
    const pointer = readFileSync(join(osvDir(dir), 'current'), 'utf8');
    Object.assign(behaviour, how);
    const err = await updateDatabase(dir, { mirror: base, ecosystems: ['Go', 'crates.io'], force: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(message);
    expect(readFileSync(join(osvDir(dir), 'current'), 'utf8')).toBe(pointer);
    const db = openDatabase(dir);
    expect(Object.keys(db.manifest.ecosystems)).toEqual(['Go']);
    expect(db.manifest.ecosystems['Go']!.records).toBe(4291);
    expect(db.lookup('Go', 'stdlib').length).toBeGreaterThan(100);
  }, 120_000);

  it('a stalled server times out', async () => {
    const stall = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x');
    });
    await new Promise<void>((res) => stall.listen(0, '127.0.0.1', () => res()));
    const url = `http://127.0.0.1:${(stall.address() as AddressInfo).port}`;
    try {
      await expect(updateDatabase(join(tmp, 'stall'), { mirror: url, ecosystems: ['Go'], idleTimeoutMs: 300 })).rejects.toThrow(/stalled for 0\.3 s after 1 bytes/);
    } finally {
      stall.closeAllConnections();
      await new Promise((res) => stall.close(res));
    }
  });

  it('an ecosystem the mirror does not have is skipped with a warning', async () => {
    const report = await updateDatabase(join(tmp, 'missing'), { mirror: base, ecosystems: ['Go', 'Hex'], onWarning: () => {} });
    expect(report.updated).toEqual(['Go']);
    expect(report.warnings).toEqual([`Hex: the mirror has no ${base}/Hex/all.zip; skipped (is the ecosystem name spelled as OSV spells it?)`]);
  });

  it('`ospo db update` downloads from OSPO_OSV_MIRROR; `ospo db status` reports it', async () => {
    const dir = join(tmp, 'cli');
    const run = await runCli(['db', 'update', '--ecosystem', 'go', '--data-dir', dir], { OSPO_OSV_MIRROR: base });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OSV database updated: Go\n/);
    expect(run.stdout).toMatch(/Go\s+4291\s+\d+\s+\S+/);
    const status = await runCli(['db', 'status', '--data-dir', dir, '--format', 'json']);
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout) as { records: number; quarantined: number; sources: Record<string, { kind: string; location: string }> };
    expect(doc.records).toBe(4291);
    expect(doc.quarantined).toBe(0);
    expect(Object.values(doc.sources)).toEqual([expect.objectContaining({ kind: 'download', location: `${base}/Go/all.zip` })]);
    behaviour['Go/all.zip'] = 'error500';
    const failed = await runCli(['db', 'update', '--data-dir', dir, '--mirror', base, '--force']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/HTTP 500 .*the update was not applied; the previous database, if any, is still in use/);
  }, 120_000);
});
