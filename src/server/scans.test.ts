// Server-side scans through the API on both engines: a scan of a local git repository queued
// with POST /projects/{id}/scans, run by a real worker, followed with GET /jobs/{id} to the
// snapshot it made; a bad ref ends failed with git's reason; path scans limited to --scan-root
// (symlinks resolved); hostile git URLs refused before anything is written; another team's
// project and jobs answer 404.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN } from '../jobs/kinds/scan.js';
import { FAST } from '../jobs/testing.js';
import { startWorker, type Worker } from '../jobs/worker.js';
import { createTeam, rows, verifyAudit, type Store } from '../store/index.js';
import { createToken } from '../store/repo/tokens.js';
import { createUser } from '../store/repo/users.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';
import { buildServer } from './app.js';

const engines = await suiteEngines('scan API suite');
const LOCK = new URL('../scanners/npm/package-lock/__fixtures__/flags.v2.json', import.meta.url);
/** The packages of src/scanners/npm/package-lock/__fixtures__/flags.v2.json. */
const EXPECTED_PURLS = [
  'pkg:npm/chokidar@3.5.3',
  'pkg:npm/chokidar@3.6.0',
  'pkg:npm/fsevents@2.3.3',
  'pkg:npm/lru-cache@6.0.0',
  'pkg:npm/mocha@10.4.0',
  'pkg:npm/ms@2.1.3',
  'pkg:npm/semver@7.6.0',
];
type App = Awaited<ReturnType<typeof buildServer>>;
interface JobBody {
  id: string;
  state: string;
  projectId: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  result: { snapshotId: number; created: boolean; components: number } | null;
  error: string | null;
}

describe.each(engines)('scans over the API on $name', (engine) => {
  const suite = useSuiteStore(engine, { reset: 'once', timeoutMs: 180_000 });
  let store: Store;
  let app: App;
  let worker: Worker;
  let tmp: string;
  let repo: string;
  let root: string;
  let admin: Record<string, string>;
  let dev: Record<string, string>;
  const projects = { own: '', foreign: '' };

  beforeAll(async () => {
    if (engine.unavailable) return;
    store = suite.store;
    tmp = mkdtempSync(join(tmpdir(), 'ospo-scan-api-'));
    // A local repository with one commit: the fixture lockfile as package-lock.json.
    repo = join(tmp, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    copyFileSync(LOCK, join(repo, 'package-lock.json'));
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    // A scan root with one project in it, and a symlink inside it pointing outside.
    root = join(tmp, 'root');
    mkdirSync(join(root, 'app'), { recursive: true });
    writeFileSync(join(root, 'app', 'requirements.txt'), 'requests==2.31.0\n');
    mkdirSync(join(tmp, 'outside'));
    writeFileSync(join(tmp, 'outside', 'requirements.txt'), 'flask==3.0.0\n');
    symlinkSync(join(tmp, 'outside'), join(root, 'escape'));

    const scan = { roots: [root], protocols: ['https', 'file'], cloneTimeoutMs: 30_000, tmpDir: tmp };
    worker = await startWorker({ store, dataDir: join(tmp, 'data'), jobs: [SCAN], analyze: async () => undefined, scan, ...FAST });
    app = await buildServer({ store, scans: { queue: worker.queue, scanRoots: [root], gitProtocols: ['https', 'file'], retryLimit: 0 } });
    const own = (await createTeam(store, 'own')).id;
    const foreign = (await createTeam(store, 'foreign')).id;
    const a = await createUser(store, { email: 'admin@example.com', role: 'admin', teamIds: [own] });
    const d = await createUser(store, { email: 'dev@example.com', role: 'developer', teamIds: [own] });
    admin = { authorization: `Bearer ${(await createToken(store, { userId: a.id, name: 't', scopes: ['read', 'write', 'admin'] })).token}` };
    dev = { authorization: `Bearer ${(await createToken(store, { userId: d.id, name: 't', scopes: ['read', 'write'] })).token}` };
    for (const [side, teamId] of [['own', own], ['foreign', foreign]] as const) {
      projects[side] = (await app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin, payload: { teamId, name: `${side}-app` } })).json<{ id: string }>().id;
    }
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await worker?.stop(5000);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const scan = (payload: object, headers = dev, project = projects.own) => app.inject({ method: 'POST', url: `/api/v1/projects/${project}/scans`, headers, payload });
  /** Follows a job with GET /jobs/{id} until it is completed or failed. */
  const settle = async (location: string, headers = dev): Promise<JobBody> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await app.inject({ method: 'GET', url: location, headers });
      expect(r.statusCode, r.body).toBe(200);
      const job = r.json<JobBody>();
      if (job.state === 'completed' || job.state === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job still ${job.state}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const auditCount = async () => (await verifyAudit(store)).records;

  it.skipIf(engine.unavailable)('queues a scan of a git repository, runs it, and reports the snapshot it made', async () => {
    const before = await auditCount();
    const r = await scan({ git: `file://${repo}`, ref: 'main' });
    expect(r.statusCode, r.body).toBe(202);
    const queued = r.json<JobBody>();
    expect(r.headers.location).toBe(`/api/v1/jobs/${queued.id}`);
    expect(queued).toMatchObject({ projectId: projects.own, state: expect.stringMatching(/^(queued|running)$/), result: null, error: null });
    // One audit record for the request, naming the job.
    expect(await auditCount()).toBe(before + 1);
    const [rec] = await rows<{ action: string; target: string; details: { jobId: string; git: string } }>(store.db, sql`SELECT action, target, details FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(rec).toMatchObject({ action: 'scan.request', target: `project:${projects.own}`, details: { jobId: queued.id, git: `file://${repo}` } });

    const done = await settle(r.headers.location as string);
    expect(done).toMatchObject({ state: 'completed', error: null, result: { created: true, components: 7 } });
    expect(Date.parse(done.completedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
    expect(Date.parse(done.startedAt!)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
    const snapshotId = done.result!.snapshotId;
    const project = (await app.inject({ method: 'GET', url: `/api/v1/projects/${projects.own}`, headers: dev })).json<{ latestSnapshotId: number }>();
    expect(project.latestSnapshotId).toBe(snapshotId);
    const snap = (await app.inject({ method: 'GET', url: `/api/v1/projects/${projects.own}/snapshots/${snapshotId}`, headers: dev })).json<{ source: string; name: string }>();
    expect(snap).toMatchObject({ source: 'scan', name: `file://${repo}` });
    const sbom = (await app.inject({ method: 'GET', url: `/api/v1/projects/${projects.own}/snapshots/${snapshotId}/sbom?format=cyclonedx-json`, headers: dev })).json<{ components: { purl: string }[] }>();
    expect(sbom.components.map((c) => c.purl).sort()).toEqual(EXPECTED_PURLS);
  }, 120_000);

  it.skipIf(engine.unavailable)('a scan of a ref that does not exist ends failed with git\'s reason, and writes no snapshot', async () => {
    const snapshots = async () => Number((await rows<{ n: string }>(store.db, sql`SELECT count(*) AS n FROM snapshots`))[0]!.n);
    const before = await snapshots();
    const r = await scan({ git: `file://${repo}`, ref: 'no-such-branch' });
    expect(r.statusCode, r.body).toBe(202);
    const done = await settle(r.headers.location as string);
    expect(done.state).toBe('failed');
    expect(done.result).toBeNull();
    expect(done.error).toMatch(/git clone failed: .*no-such-branch/);
    expect(await snapshots()).toBe(before);
  }, 120_000);

  it.skipIf(engine.unavailable)('scans a path inside --scan-root; refuses one outside it, through a symlink, or when relative', async () => {
    const ok = await scan({ path: join(root, 'app') });
    expect(ok.statusCode, ok.body).toBe(202);
    expect(await settle(ok.headers.location as string)).toMatchObject({ state: 'completed', result: { components: 1 } });
    const before = await auditCount();
    for (const [path, status, detail] of [
      [join(tmp, 'outside'), 403, /outside the directories this server may scan .*--scan-root/],
      [join(root, 'escape'), 403, /outside the directories this server may scan/],
      [join(root, 'app', '..', '..', 'outside'), 403, /outside/],
      ['app', 422, /absolute path/],
      [join(root, 'missing'), 422, /cannot read: ENOENT/],
    ] as const) {
      const r = await scan({ path });
      expect(r.statusCode, `${path}: ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.json().detail).toMatch(detail);
    }
    expect(await auditCount()).toBe(before);
  }, 120_000);

  it.skipIf(engine.unavailable)('refuses path scans on a server without --scan-root, and file:// unless allowed', async () => {
    const plain = await buildServer({ store, scans: { queue: worker.queue } });
    try {
      const path = await plain.inject({ method: 'POST', url: `/api/v1/projects/${projects.own}/scans`, headers: dev, payload: { path: join(root, 'app') } });
      expect(path.statusCode).toBe(403);
      expect(path.json()).toMatchObject({ type: '/api/v1/problems/scan-path-forbidden', detail: expect.stringContaining('--scan-root DIR') });
      const file = await plain.inject({ method: 'POST', url: `/api/v1/projects/${projects.own}/scans`, headers: dev, payload: { git: `file://${repo}` } });
      expect(file.statusCode).toBe(422);
      expect(file.json().detail).toMatch(/git over file is not allowed here \(allowed: https\)/);
    } finally {
      await plain.close();
    }
  });

  it.skipIf(engine.unavailable).each([
    ['an ext:: transport', { git: 'ext::sh%20-c%20touch%20/tmp/pwned' }, /transport helpers/],
    ['ssh', { git: 'ssh://git@example.com/owner/repo.git' }, /git over ssh is not allowed/],
    ['scp-like ssh', { git: 'git@example.com:owner/repo.git' }, /git over ssh is not allowed/],
    ['credentials in the URL', { git: 'https://user:ghp_secret@example.com/owner/repo.git' }, /carries credentials/],
    ['a bare user in the URL', { git: 'https://token@example.com/owner/repo.git' }, /carries credentials/],
    ['a leading dash', { git: '--upload-pack=touch /tmp/pwned' }, /leading "-"/],
    ['a ref that is an option', { git: 'https://example.com/r.git', ref: '--upload-pack=x' }, /not a branch or tag/],
    ['both git and path', { git: 'https://example.com/r.git', path: '/srv' }, /exactly one/],
    ['neither', {}, /exactly one/],
  ])('refuses %s with 422 and writes nothing', async (_name, payload, detail) => {
    const before = await auditCount();
    const r = await scan(payload);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json()).toMatchObject({ type: '/api/v1/problems/scan-refused', detail: expect.stringMatching(detail) });
    expect(JSON.stringify(r.json())).not.toContain('ghp_secret');
    expect(await auditCount()).toBe(before);
  });

  it.skipIf(engine.unavailable)('another team\'s project and its jobs answer 404 to a developer', async () => {
    const foreign = await scan({ git: `file://${repo}` }, dev, projects.foreign);
    expect(foreign.statusCode).toBe(404);
    const theirs = await scan({ git: `file://${repo}` }, admin, projects.foreign);
    expect(theirs.statusCode).toBe(202);
    const seen = await app.inject({ method: 'GET', url: theirs.headers.location as string, headers: dev });
    expect(seen.statusCode).toBe(404);
    expect(seen.json().detail).toMatch(/does not exist/);
    expect((await app.inject({ method: 'GET', url: theirs.headers.location as string, headers: admin })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/v1/jobs/${crypto.randomUUID()}`, headers: admin })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/jobs/not-a-uuid', headers: admin })).statusCode).toBe(400);
    await settle(theirs.headers.location as string, admin);
  }, 120_000);
});
