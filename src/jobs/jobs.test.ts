// The jobs on both engines: pg-boss beside the Drizzle migrations, the ingest, scan, metrics and
// rematch jobs end to end through the queue, and a failing job retried then failed with its error.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { rows, type Store } from '../store/engine.js';
import { ingestSnapshot } from '../store/repo/ingest.js';
import { createProject, createTeam } from '../store/repo/projects.js';
import { makeInventory } from '../store/testing.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';
import { importRecords, readManifest } from '../vulns/osv/db.js';
import type { OsvRecord } from '../vulns/osv/types.js';
import type { AnalyzeSnapshot, JobDefinition } from './job.js';
import { ingestJob, storeUpload } from './kinds/ingest.js';
import { rematchJob } from './kinds/rematch.js';
import { scanJob } from './kinds/scan.js';
import { diffGenerations } from './osv-changes.js';
import { QUEUE_SCHEMA } from './queue.js';
import { FAST, waitForJob } from './testing.js';
import { startWorker, type Worker } from './worker.js';

const engines = await suiteEngines('jobs suite');

/** A CycloneDX 1.6 document of one application with the given npm packages. */
function cyclonedx(name: string, packages: Array<[string, string]>): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: { component: { type: 'application', name, 'bom-ref': 'app' } },
    components: packages.map(([n, v]) => ({ type: 'library', name: n, version: v, purl: `pkg:npm/${n}@${v}`, 'bom-ref': `pkg:npm/${n}@${v}` })),
    dependencies: [{ ref: 'app', dependsOn: packages.map(([n, v]) => `pkg:npm/${n}@${v}`) }],
  });
}

/** An OSV 1.7 record affecting one npm package below `fixed`. */
function advisory(id: string, pkg: string, fixed: string, modified: string): OsvRecord {
  return {
    schema_version: '1.7.0',
    id,
    modified,
    summary: `${pkg} is vulnerable`,
    affected: [{ package: { ecosystem: 'npm', name: pkg }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
  } as OsvRecord;
}

function writeRecords(dir: string, records: OsvRecord[]): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const r of records) writeFileSync(join(dir, `${r.id}.json`), JSON.stringify(r));
  return dir;
}

describe.each(engines)('jobs on $name', (engine) => {
  const suite = useSuiteStore(engine, { timeoutMs: 180_000 });
  let store: Store;
  let dataDir: string;
  let teamId: string;
  let worker: Worker | undefined;
  const analyzed: number[] = [];
  const analyze: AnalyzeSnapshot = async (_store, id) => {
    analyzed.push(id);
  };

  const start = (extra: Partial<Parameters<typeof startWorker>[0]> = {}) =>
    startWorker({ store, dataDir, analyze, refreshCron: null, metricsCron: null, ...FAST, ...extra });

  beforeEach(async () => {
    store = suite.store;
    analyzed.length = 0;
    dataDir = mkdtempSync(join(tmpdir(), 'ospo-jobs-data-'));
    teamId = (await createTeam(store, 'platform')).id;
    return async () => {
      await worker?.stop(2000);
      worker = undefined;
      rmSync(dataDir, { recursive: true, force: true });
    };
  });

  it('pg-boss keeps its own schema beside the migrations, and both survive a reopen', async () => {
    worker = await start();
    const schemas = await rows<{ nspname: string }>(store.db, sql`SELECT nspname FROM pg_namespace WHERE nspname IN ('public', 'drizzle', ${QUEUE_SCHEMA}) ORDER BY 1`);
    expect(schemas.map((s) => s.nspname)).toEqual(['drizzle', QUEUE_SCHEMA, 'public']);
    const [boss] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ${QUEUE_SCHEMA}`);
    expect(Number(boss?.n)).toBeGreaterThan(3);
    const mine = await rows<{ table_name: string }>(store.db, sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('portfolio_metrics', 'uploads') ORDER BY 1`);
    expect(mine.map((r) => r.table_name)).toEqual(['portfolio_metrics', 'uploads']);
    await worker.stop(2000);
    worker = undefined;
    // Reopen: Drizzle finds every migration applied, pg-boss finds its schema current.
    await suite.test.reopen();
    store = suite.store;
    worker = await start();
    const applied = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
    expect(Number(applied[0]?.n)).toBe(readJournalCount());
    const id = await worker.send({ name: 'metrics', data: {} });
    expect((await waitForJob(worker.queue, 'metrics', id!)).state).toBe('completed');
  }, 120_000);

  it('ingest: an uploaded CycloneDX document becomes one snapshot, analysed; the same upload twice writes nothing new', async () => {
    const project = await createProject(store, { teamId, name: 'shop' });
    worker = await start();
    const doc = cyclonedx('shop', [['lodash', '4.17.20'], ['express', '4.18.2']]);
    const uploadId = await storeUpload(store.db, { projectId: project.id, fileName: 'bom.cdx.json', content: doc, actor: 'alice' });
    const jobId = await worker.send(ingestJob(uploadId));
    const done = await waitForJob(worker.queue, 'ingest', jobId!);
    expect(done.state).toBe('completed');
    const out = done.output as { snapshotId: number; created: boolean; components: number };
    expect(out).toMatchObject({ created: true, components: 2 });
    expect(analyzed).toEqual([out.snapshotId]);
    const [up] = await rows<{ snapshot_id: string | number }>(store.db, sql`SELECT snapshot_id FROM uploads WHERE id = ${uploadId}`);
    expect(Number(up?.snapshot_id)).toBe(out.snapshotId);

    const again = await storeUpload(store.db, { projectId: project.id, fileName: 'bom.cdx.json', content: doc });
    const second = await waitForJob(worker.queue, 'ingest', (await worker.send(ingestJob(again)))!);
    expect(second.output).toMatchObject({ snapshotId: out.snapshotId, created: false });
    const snaps = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM snapshots`);
    expect(Number(snaps[0]?.n)).toBe(1);
  }, 120_000);

  it('ingest: a malformed document fails after its retries with the reason kept, and writes no snapshot', async () => {
    const project = await createProject(store, { teamId, name: 'broken' });
    worker = await start();
    const uploadId = await storeUpload(store.db, { projectId: project.id, fileName: 'bom.cdx.json', content: '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [' });
    const jobId = await worker.send({ ...ingestJob(uploadId), options: { singletonKey: uploadId, retryLimit: 1, retryDelay: 0 } });
    const done = await waitForJob(worker.queue, 'ingest', jobId!);
    expect(done.state).toBe('failed');
    expect(done.retryCount).toBe(1);
    expect(JSON.stringify(done.output)).toContain('bom.cdx.json');
    const snaps = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM snapshots`);
    expect(Number(snaps[0]?.n)).toBe(0);
  }, 120_000);

  it('storeUpload refuses NUL bytes before anything is written', async () => {
    const project = await createProject(store, { teamId, name: 'nul' });
    await expect(storeUpload(store.db, { projectId: project.id, fileName: 'x.json', content: '{"a":"\u0000"}' })).rejects.toThrow(/NUL/);
    const [n] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM uploads`);
    expect(Number(n?.n)).toBe(0);
  });

  it('a handler that throws is retried, then marked failed with its error kept', async () => {
    let calls = 0;
    const failing: JobDefinition<{ n: number }> = {
      name: 'always-fails',
      description: 'test',
      policy: { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 },
      parse: (d) => d as { n: number },
      handle: async (p) => {
        calls++;
        throw new Error(`boom ${p.n}`);
      },
    };
    worker = await start({ jobs: [failing] });
    const id = await worker.send({ name: 'always-fails', data: { n: 7 } });
    const done = await waitForJob(worker.queue, 'always-fails', id!);
    expect(done).toMatchObject({ state: 'failed', retryCount: 2 });
    expect((done.output as { message: string }).message).toBe('boom 7');
    expect(calls).toBe(3);
  }, 60_000);

  it('metrics: records the day\'s portfolio counts, replacing a rerun of the same day', async () => {
    const a = await createProject(store, { teamId, name: 'a' });
    const b = await createProject(store, { teamId, name: 'b' });
    await createProject(store, { teamId, name: 'never-scanned' });
    await ingestSnapshot(store, a.id, makeInventory('a', [['npm', 'lodash', '4.17.21'], ['npm', 'express', '4.18.2']]), { source: 'scan' });
    await ingestSnapshot(store, b.id, makeInventory('b', [['npm', 'lodash', '4.17.21']]), { source: 'scan' });
    worker = await start();
    const lastVacuum = async () =>
      (await rows<{ relname: string; last_vacuum: unknown; last_analyze: unknown }>(store.db, sql`SELECT relname, last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname IN ('findings', 'snapshot_components') ORDER BY relname`));
    const before = Date.now() - 1000;
    for (let i = 0; i < 2; i++) {
      const id = await worker.send({ name: 'metrics', data: { day: '2026-11-20' } });
      const done = await waitForJob(worker.queue, 'metrics', id!);
      expect(done.state).toBe('completed');
      // PGlite has no autovacuum: the job vacuums and analyses every table; PostgreSQL's autovacuum does that itself.
      expect((done.output as { maintenance: { vacuumed: boolean } }).maintenance.vacuumed).toBe(engine.name === 'pglite');
    }
    if (engine.name === 'pglite') {
      const vacuumed = await lastVacuum();
      expect(vacuumed.map((r) => r.relname)).toEqual(['findings', 'snapshot_components']);
      for (const r of vacuumed) {
        expect(new Date(r.last_vacuum as string).getTime(), r.relname).toBeGreaterThan(before);
        expect(new Date(r.last_analyze as string).getTime(), r.relname).toBeGreaterThan(before);
      }
    }
    const got = await rows<{ metric: string; value: string | number }>(store.db, sql`SELECT metric, value FROM portfolio_metrics WHERE day = '2026-11-20' ORDER BY metric`);
    const m = Object.fromEntries(got.map((r) => [r.metric, Number(r.value)]));
    expect(m).toMatchObject({ projects: 3, projects_scanned: 2, components: 2, component_links: 3, findings_open: 0 });
    const [n] = await rows<{ n: string | number }>(store.db, sql`SELECT count(DISTINCT day) AS n FROM portfolio_metrics`);
    expect(Number(n?.n)).toBe(1);
  }, 60_000);

  it('scan: a git repository is cloned shallowly with its hooks never run, scanned, ingested', async () => {
    const project = await createProject(store, { teamId, name: 'cloned' });
    const repo = mkdtempSync(join(tmpdir(), 'ospo-jobs-repo-'));
    const marker = join(repo, '..', `${repo.split('/').pop()}-hook-ran`);
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, stdio: 'pipe' });
      git('init', '-q');
      writeFileSync(join(repo, 'package-lock.json'), JSON.stringify({
        name: 'cloned', version: '1.0.0', lockfileVersion: 3,
        packages: { '': { name: 'cloned', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }, 'node_modules/left-pad': { version: '1.3.0' } },
      }));
      // A hook committed into the repository (and one in its .git) must never run on the worker.
      writeFileSync(join(repo, '.git', 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
      mkdirSync(join(repo, 'hooks'));
      writeFileSync(join(repo, 'hooks', 'post-checkout'), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      worker = await start({ scan: { protocols: ['file'], cloneTimeoutMs: 30_000 } });
      const id = await worker.send(scanJob({ projectId: project.id, git: `file://${repo}` }));
      const done = await waitForJob(worker.queue, 'scan', id!);
      expect(done.state).toBe('completed');
      expect(done.output).toMatchObject({ created: true, components: 1, errors: 0 });
      expect(existsSync(marker)).toBe(false);
      const names = await rows<{ name: string }>(store.db, sql`SELECT c.name FROM components c JOIN snapshot_components sc ON sc.component_id = c.id`);
      expect(names.map((r) => r.name)).toEqual(['left-pad']);
      // The default protocols refuse file://.
      await worker.stop(2000);
      worker = await start();
      const refused = await worker.send({ ...scanJob({ projectId: project.id, git: `file://${repo}` }), options: { retryLimit: 0 } });
      const failed = await waitForJob(worker.queue, 'scan', refused!);
      expect(failed.state).toBe('failed');
      expect((failed.output as { message: string }).message).toMatch(/git over file is not allowed/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
      rmSync(marker, { force: true });
    }
  }, 120_000);

  it('scan: a path outside the allowed roots is refused; inside, it is scanned', async () => {
    const project = await createProject(store, { teamId, name: 'local' });
    const root = mkdtempSync(join(tmpdir(), 'ospo-jobs-root-'));
    try {
      writeFileSync(join(root, 'requirements.txt'), 'requests==2.31.0\n');
      worker = await start({ scan: { roots: [join(root, 'elsewhere')] } });
      const refused = await worker.send({ ...scanJob({ projectId: project.id, path: root }), options: { retryLimit: 0 } });
      expect((await waitForJob(worker.queue, 'scan', refused!)).state).toBe('failed');
      await worker.stop(2000);
      worker = await start({ scan: { roots: [root] } });
      const ok = await worker.send(scanJob({ projectId: project.id, path: root }));
      expect((await waitForJob(worker.queue, 'scan', ok!)).output).toMatchObject({ created: true, components: 1 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('rematch: only the latest snapshots containing packages whose advisories changed are re-analysed', async () => {
    const osv = join(dataDir, 'records');
    // Generation 1: advisories for lodash and minimist.
    await importRecords(dataDir, [writeRecords(osv, [advisory('GHSA-aaaa-0001', 'lodash', '4.17.21', '2026-01-01T00:00:00Z'), advisory('GHSA-aaaa-0002', 'minimist', '1.2.6', '2026-01-01T00:00:00Z')])], { replace: true });
    const before = readManifest(dataDir)!;
    const uses = async (name: string, pkgs: Array<[string, string]>) => {
      const p = await createProject(store, { teamId, name });
      return ingestSnapshot(store, p.id, makeInventory(name, pkgs.map(([n, v]) => ['npm', n, v])), { source: 'scan' });
    };
    const old = await uses('lodash-user', [['lodash', '4.17.20']]);
    const latest = await ingestSnapshot(store, old.snapshot.projectId, makeInventory('lodash-user', [['npm', 'lodash', '4.17.20'], ['npm', 'chalk', '5.0.0']]), { source: 'scan' });
    await uses('minimist-user', [['minimist', '1.2.5']]);
    const other = await uses('Both', [['express', '4.18.2'], ['lodash', '4.17.21']]);
    // Generation 2: lodash's advisory changed, a new one for express; minimist's is unchanged.
    await importRecords(dataDir, [writeRecords(osv, [advisory('GHSA-aaaa-0001', 'lodash', '4.17.22', '2026-02-01T00:00:00Z'), advisory('GHSA-aaaa-0002', 'minimist', '1.2.6', '2026-01-01T00:00:00Z'), advisory('GHSA-aaaa-0003', 'express', '4.19.0', '2026-02-01T00:00:00Z')])], { replace: true });
    const after = readManifest(dataDir)!;
    const changes = diffGenerations(before, after);
    expect(changes).toEqual({ full: false, advisoryIds: ['GHSA-aaaa-0001', 'GHSA-aaaa-0003'], packages: [{ ecosystem: 'npm', name: 'express' }, { ecosystem: 'npm', name: 'lodash' }] });

    worker = await start();
    const id = await worker.send(rematchJob(changes, after.manifest.created));
    const done = await waitForJob(worker.queue, 'rematch', id!);
    expect(done.state).toBe('completed');
    expect([...analyzed].sort((x, y) => x - y)).toEqual([latest.snapshot.id, other.snapshot.id].sort((x, y) => x - y));
    expect(analyzed).not.toContain(old.snapshot.id);
  }, 120_000);
});

function readJournalCount(): number {
  const journal = JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}
