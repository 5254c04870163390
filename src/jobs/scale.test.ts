// Workers sharing one PostgreSQL: N jobs run exactly once between two workers; a worker killed
// with SIGKILL mid-job loses nothing committed, leaves no half snapshot, and its job is taken
// over by another worker once it expires. PostgreSQL only (PGlite is one process's database).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, rows, type Store } from '../store/engine.js';
import { verifyAudit } from '../store/repo/audit.js';
import { createProject, createTeam } from '../store/repo/projects.js';
import { testEngines, type TestStore } from '../store/testing.js';
import type { JobDefinition } from './job.js';
import { ingestJob, storeUpload } from './kinds/ingest.js';
import { FAST, waitForJob } from './testing.js';
import { startWorker, type Worker } from './worker.js';

const CHILD = fileURLToPath(new URL('./__fixtures__/worker-child.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
const postgres = (await testEngines()).find((e) => e.name === 'postgres')!;
if (postgres.unavailable) console.warn(`jobs scale-out suite: skipping: ${postgres.unavailable}`);
const skip = postgres.unavailable !== undefined || !existsSync(TSX);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function bom(count: number): string {
  const components = Array.from({ length: count }, (_, i) => {
    const name = `kill-${String(i).padStart(5, '0')}`;
    return { type: 'library', name, version: '1.0.0', purl: `pkg:npm/${name}@1.0.0`, 'bom-ref': `c${i}` };
  });
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, metadata: { component: { type: 'application', name: 'victim', 'bom-ref': 'app' } }, components });
}

async function fresh(): Promise<{ t: TestStore; url: string; dataDir: string }> {
  const t = await postgres.create();
  const dataDir = mkdtempSync(join(tmpdir(), 'ospo-jobs-scale-'));
  cleanups.push(() => t.dispose(), () => rmSync(dataDir, { recursive: true, force: true }));
  return { t, url: t.openOptions.url!, dataDir };
}

/** Spawns the worker child; resolves once `until` matches its output, then SIGKILLs it and waits for it to die. */
function killChildWhen(url: string, mode: string, dataDir: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', TSX, CHILD, url, mode, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`worker child exited with ${code} before it was killed:\n${out}\n${err}`));
    });
  });
}

describe('workers sharing one PostgreSQL', () => {
  it.skipIf(skip)('two workers process N jobs exactly once between them', async () => {
    const { t, url, dataDir } = await fresh();
    await t.store.db.execute(sql`CREATE TABLE job_runs (job_id text NOT NULL, worker text NOT NULL)`);
    const second: Store = await openStore({ url });
    cleanups.push(() => second.close());
    const counting = (worker: string, store: Store): JobDefinition<{ i: number }> => ({
      name: 'count-once',
      description: 'test',
      policy: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 },
      parse: (d) => d as { i: number },
      handle: async (_p, _ctx, job) => {
        await store.db.execute(sql`INSERT INTO job_runs (job_id, worker) VALUES (${job.id}, ${worker})`);
        await new Promise((r) => setTimeout(r, 20));
      },
    });
    const workers: Worker[] = [];
    workers.push(await startWorker({ store: t.store, url, dataDir, jobs: [counting('a', t.store)], concurrency: 2, refreshCron: null, metricsCron: null, ...FAST }));
    workers.push(await startWorker({ store: second, url, dataDir, jobs: [counting('b', second)], concurrency: 2, refreshCron: null, metricsCron: null, ...FAST }));
    cleanups.push(async () => {
      for (const w of workers) await w.stop(2000);
    });
    const N = 40;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await workers[i % 2]!.send({ name: 'count-once', data: { i } }))!);
    for (const id of ids) expect((await waitForJob(workers[0]!.queue, 'count-once', id)).state).toBe('completed');
    const runs = await rows<{ job_id: string; worker: string }>(t.store.db, sql`SELECT job_id, worker FROM job_runs`);
    expect(runs).toHaveLength(N);
    expect(new Set(runs.map((r) => r.job_id))).toEqual(new Set(ids));
    const by = runs.reduce<Record<string, number>>((acc, r) => ((acc[r.worker] = (acc[r.worker] ?? 0) + 1), acc), {});
    console.log(`count-once: worker a ran ${by.a ?? 0}, worker b ran ${by.b ?? 0} of ${N}`);
  }, 120_000);

  it.each([
    ['mid-ingest', /batch 1000\n/, 0],
    ['after-ingest', /analyzing \d+\n/, 1],
  ] as const)('kill -9 of a worker %s: no half snapshot, nothing committed lost, the job is taken over after it expires', async (mode, until, committedBefore) => {
    const { t, url, dataDir } = await fresh();
    const team = await createTeam(t.store, 'platform');
    const project = await createProject(t.store, { teamId: team.id, name: 'victim' });
    const uploadId = await storeUpload(t.store.db, { projectId: project.id, fileName: 'bom.cdx.json', content: bom(5000) });
    // The queue is created and the job sent before the child starts; it expires 5 s after the child took it.
    const sender = await startWorker({ store: t.store, url, dataDir, work: false, refreshCron: null, metricsCron: null, ...FAST });
    const jobId = (await sender.send({ ...ingestJob(uploadId), options: { singletonKey: uploadId, expireInSeconds: 5, retryDelay: 0 } }))!;
    await sender.stop(1000);

    const out = await killChildWhen(url, mode, dataDir, until);
    expect(out).toMatch(until);

    // Right after the kill: the committed state only (whole snapshot or none), the job still active.
    const snaps = await rows<{ id: string | number; component_count: number; n: string | number }>(
      t.store.db,
      sql`SELECT s.id, s.component_count, (SELECT count(*) FROM snapshot_components sc WHERE sc.snapshot_id = s.id) AS n FROM snapshots s`,
    );
    expect(snaps).toHaveLength(committedBefore);
    for (const s of snaps) expect([Number(s.component_count), Number(s.n)]).toEqual([5000, 5000]);

    // Another worker takes the job over once it expires and finishes it.
    const analyzed: number[] = [];
    const rescuer = await startWorker({
      store: t.store, url, dataDir, refreshCron: null, metricsCron: null, ...FAST,
      analyze: async (_s, id) => void analyzed.push(id),
    });
    cleanups.push(() => rescuer.stop(2000));
    const done = await waitForJob(rescuer.queue, 'ingest', jobId, 60_000);
    expect(done.state).toBe('completed');
    expect(done.retryCount).toBe(1);
    expect(done.output).toMatchObject({ components: 5000, created: committedBefore === 0 });

    const after = await rows<{ id: string | number; n: string | number }>(
      t.store.db,
      sql`SELECT s.id, (SELECT count(*) FROM snapshot_components sc WHERE sc.snapshot_id = s.id) AS n FROM snapshots s`,
    );
    expect(after.map((s) => Number(s.n))).toEqual([5000]);
    expect(analyzed).toEqual([Number(after[0]!.id)]);
    const [c] = await rows<{ n: string | number }>(t.store.db, sql`SELECT count(*) AS n FROM components`);
    expect(Number(c?.n)).toBe(5000);
    expect(await verifyAudit(t.store)).toEqual({ ok: true, records: 3 });
  }, 180_000);
});
