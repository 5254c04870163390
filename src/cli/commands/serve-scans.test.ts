// `ospo serve` on PostgreSQL sends scan jobs without running them: a path scan under --scan-root
// is queued over HTTP and stays queued (the server runs no handlers and sets no schedules) until
// a separate worker on the same database takes it; then GET /jobs/{id} shows the snapshot.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN } from '../../jobs/kinds/scan.js';
import { FAST } from '../../jobs/testing.js';
import { startWorker, type Worker } from '../../jobs/worker.js';
import { createTeam, createProject, rows } from '../../store/index.js';
import { createToken } from '../../store/repo/tokens.js';
import { createUser } from '../../store/repo/users.js';
import { testEngines, type TestStore } from '../../store/testing.js';
import { startCli } from '../../test-support/cli.js';

const postgres = (await testEngines()).find((e) => e.name === 'postgres')!;
if (postgres.unavailable) console.warn(`ospo serve scans: skipping postgres: ${postgres.unavailable}`);

describe.skipIf(postgres.unavailable)('ospo serve on PostgreSQL queues scans for separate workers', () => {
  let t: TestStore;
  let tmp: string;
  let worker: Worker | undefined;
  beforeAll(async () => {
    t = await postgres.create();
    tmp = mkdtempSync(join(tmpdir(), 'ospo-serve-scans-'));
  }, 120_000);
  afterAll(async () => {
    await worker?.stop(5000);
    await t?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a path scan under --scan-root is queued by the server and run by a worker', async () => {
    const root = join(tmp, 'checkouts');
    mkdirSync(join(root, 'app'), { recursive: true });
    writeFileSync(join(root, 'app', 'requirements.txt'), 'requests==2.31.0\n');
    const team = await createTeam(t.store, 'web');
    const project = await createProject(t.store, { teamId: team.id, name: 'shop' });
    const user = await createUser(t.store, { email: 'dev@example.com', role: 'developer', teamIds: [team.id] });
    const { token } = await createToken(t.store, { userId: user.id, name: 'ci', scopes: ['read', 'write'] });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const running = startCli(['serve', '--port', String(port), '--database', t.openOptions.url!, '--data-dir', join(tmp, 'data'), '--scan-root', root]);
    try {
      await running.waitFor(`http://127.0.0.1:${port}\n`);
      const base = `http://127.0.0.1:${port}/api/v1`;
      const outside = await fetch(`${base}/projects/${project.id}/scans`, { method: 'POST', headers: auth, body: JSON.stringify({ path: tmp }) });
      expect(outside.status).toBe(403);
      const queued = await fetch(`${base}/projects/${project.id}/scans`, { method: 'POST', headers: auth, body: JSON.stringify({ path: join(root, 'app') }) });
      expect(queued.status).toBe(202);
      const location = queued.headers.get('location')!;
      expect(location).toMatch(/^\/api\/v1\/jobs\/[0-9a-f-]{36}$/);
      const job = async () => (await (await fetch(`http://127.0.0.1:${port}${location}`, { headers: auth })).json()) as { state: string; result: { snapshotId: number; components: number } | null };
      // Nobody runs it yet: the server only sends, and set no schedules of the workers'.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await job()).state).toBe('queued');
      expect(await rows(t.store.db, sql`SELECT name FROM pgboss.schedule`)).toEqual([]);

      worker = await startWorker({ store: t.store, url: t.openOptions.url!, dataDir: join(tmp, 'data'), jobs: [SCAN], analyze: async () => undefined, scan: { roots: [root] }, ...FAST });
      const deadline = Date.now() + 60_000;
      let seen = await job();
      while (seen.state !== 'completed' && seen.state !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await job();
      }
      expect(seen).toMatchObject({ state: 'completed', result: { components: 1 } });
      const latest = await rows<{ latest_snapshot_id: string | number }>(t.store.db, sql`SELECT latest_snapshot_id FROM projects WHERE id = ${project.id}`);
      expect(Number(latest[0]!.latest_snapshot_id)).toBe(seen.result!.snapshotId);
    } finally {
      process.emit('SIGTERM');
    }
    const run = await running.done;
    expect(run.code, run.stderr).toBe(0);
  }, 180_000);
});
