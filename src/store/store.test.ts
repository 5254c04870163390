import { readFileSync } from 'node:fs';
// The store's conformance suite: every test runs on PGlite and on PostgreSQL (skipped, and said
// so, only when the server is unreachable).
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, rows, type Store } from './engine.js';
import { ConflictError, NotFoundError } from './errors.js';
import { normaliseInventory } from './normalise.js';
import { verifyAudit } from './repo/audit.js';
import { diffSnapshots } from './repo/diff.js';
import { ingestSnapshot } from './repo/ingest.js';
import { createProject, createTeam, getProject } from './repo/projects.js';
import { whereUsed } from './repo/where-used.js';
import { listFindings } from './repo/findings.js';
import { listProjects } from './repo/portfolio.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';
import { makeInventory, type TestPackage } from './testing.js';

const engines = await suiteEngines('store conformance suite');

/** How many migrations drizzle/ holds: its journal lists each once. */
const MIGRATIONS = (JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }).entries.length;

const TABLES = [
  'advisories',
  'advisory_packages',
  'api_tokens',
  'audit_head',
  'audit_log',
  'component_licenses',
  'components',
  'decisions',
  'dependency_edges',
  'findings',
  'policy_allowlist',
  'portfolio_metrics',
  'projects',
  'request_comments',
  'request_reviews',
  'requests',
  'snapshot_components',
  'snapshots',
  'team_members',
  'teams',
  'training_completions',
  'training_courses',
  'uploads',
  'users',
  'waivers',
  'webhook_deliveries',
  'webhooks',
];

async function count(store: Store, table: string): Promise<number> {
  const [r] = await rows<{ n: string | number }>(store.db, sql.raw(`SELECT count(*) AS n FROM ${table}`));
  return Number(r?.n);
}

async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = await count(store, t);
  return out;
}

const LODASH: TestPackage[] = [
  ['npm', 'express', '4.18.2', { license: 'MIT' }],
  ['npm', 'lodash', '4.17.21', { license: 'MIT' }],
  ['npm', '@types/node', '20.1.0'],
];

describe.each(engines)('store on $name', (engine) => {
  const suite = useSuiteStore(engine);
  let store: Store;
  let projectId: string;
  let teamId: string;

  beforeEach(async () => {
    store = suite.store;
    teamId = (await createTeam(store, 'payments')).id;
    projectId = (await createProject(store, { teamId, name: 'checkout', tags: ['pci'] })).id;
  });
  it('migrates an empty database to every table, with the audit chain seeded', async () => {
    const tables = await rows<{ table_name: string }>(
      store.db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(TABLES);
    const applied = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
    expect(Number(applied[0]?.n)).toBe(MIGRATIONS);
    expect(await verifyAudit(store)).toEqual({ ok: true, records: 2 });
  });

  it('reopening runs no migration twice and keeps the data', async () => {
    await suite.test.reopen();
    store = suite.store;
    expect(await count(store, 'projects')).toBe(1);
    const applied = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
    expect(Number(applied[0]?.n)).toBe(MIGRATIONS);
  });

  it('ingests an inventory: components, links, edges, licenses, latest pointer and one audit record', async () => {
    const result = await ingestSnapshot(store, projectId, makeInventory('checkout', LODASH), { source: 'scan', tool: 'ospo test' });
    expect(result.created).toBe(true);
    expect(result.snapshot).toMatchObject({ projectId, source: 'scan', tool: 'ospo test', componentCount: 3, directCount: 1, edgeCount: 3 });
    const c = await counts(store);
    expect(c).toMatchObject({ snapshots: 1, components: 3, snapshot_components: 3, dependency_edges: 3, component_licenses: 2, audit_log: 3 });
    const [project] = await rows<{ latest_snapshot_id: string | number }>(store.db, sql`SELECT latest_snapshot_id FROM projects WHERE id = ${projectId}`);
    expect(Number(project?.latest_snapshot_id)).toBe(result.snapshot.id);
    const edges = await rows<{ from_project: string | null; from_name: string | null; to_name: string }>(
      store.db,
      sql`SELECT e.from_project, f.name AS from_name, t.name AS to_name FROM dependency_edges e
          LEFT JOIN components f ON f.id = e.from_component_id JOIN components t ON t.id = e.to_component_id
          ORDER BY to_name`,
    );
    expect(edges).toEqual([
      { from_project: null, from_name: 'lodash', to_name: '@types/node' },
      { from_project: '.', from_name: null, to_name: 'express' },
      { from_project: null, from_name: 'express', to_name: 'lodash' },
    ]);
    const [audit] = await rows<{ action: string; target: string }>(store.db, sql`SELECT action, target FROM audit_log WHERE id = 3`);
    expect(audit).toEqual({ action: 'snapshot.create', target: `project:${projectId}` });
    expect(await verifyAudit(store)).toEqual({ ok: true, records: 3 });
  });

  it('the same document twice gives the same state: the second ingest returns the first snapshot and writes nothing', async () => {
    const first = await ingestSnapshot(store, projectId, makeInventory('checkout', LODASH), { source: 'sbom' });
    const before = await counts(store);
    // Other content (one more direct dependency) hashes differently...
    expect(normaliseInventory(makeInventory('checkout', LODASH, 2)).contentHash).not.toBe(first.snapshot.contentHash);
    // ...while the same content in another order, root and timings hashes the same.
    const same = makeInventory('checkout', LODASH);
    const reordered = { ...same, root: '/tmp/other', components: [...same.components].reverse(), stats: { filesSeen: 9, filesScanned: 9, ms: 99 } };
    const second = await ingestSnapshot(store, projectId, reordered, { source: 'sbom' });
    expect(second).toEqual({ snapshot: first.snapshot, created: false });
    expect(await counts(store)).toEqual(before);
  });

  it('a second project with the same components shares them; only links are new', async () => {
    const other = await createProject(store, { teamId, name: 'billing' });
    await ingestSnapshot(store, projectId, makeInventory('checkout', LODASH), { source: 'scan' });
    await ingestSnapshot(store, other.id, makeInventory('billing', LODASH), { source: 'scan' });
    expect(await counts(store)).toMatchObject({ snapshots: 2, components: 3, snapshot_components: 6 });
  });

  it('an inventory failing mid-way leaves no half snapshot', async () => {
    const packages: TestPackage[] = [
      ...LODASH,
      ['npm', 'zz-valid', '1.0.0'],
      // Sorts last, so it fails in the last batch after earlier batches were written.
      ['npm', 'zzz-bad', '1.0.0', { name: '' }],
    ];
    const batches: number[] = [];
    const error = await ingestSnapshot(store, projectId, makeInventory('checkout', packages), { source: 'scan' }, { batchSize: 2, onBatch: (n) => void batches.push(n) }).then(
      () => undefined,
      (err: unknown) => err as Error & { cause?: Error },
    );
    expect(`${error?.message} ${error?.cause?.message}`).toMatch(/violates check constraint "components_name_check"/);
    expect(batches).toEqual([2, 4]);
    expect(await counts(store)).toMatchObject({ snapshots: 0, components: 0, snapshot_components: 0, dependency_edges: 0, component_licenses: 0, audit_log: 2 });
    const [project] = await rows<{ latest_snapshot_id: unknown }>(store.db, sql`SELECT latest_snapshot_id FROM projects WHERE id = ${projectId}`);
    expect(project?.latest_snapshot_id).toBeNull();
    expect(await verifyAudit(store)).toEqual({ ok: true, records: 2 });
  });

  it('ingest into an unknown project is NotFoundError and writes nothing', async () => {
    await expect(ingestSnapshot(store, '00000000-0000-4000-8000-000000000000', makeInventory('x', LODASH), { source: 'scan' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(ingestSnapshot(store, 'not-a-uuid', makeInventory('x', LODASH), { source: 'scan' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await count(store, 'components')).toBe(0);
  });

  it('getProject finds a project by id; an unknown or malformed id is NotFoundError', async () => {
    expect((await getProject(store, projectId)).name).toBe('checkout');
    await expect(getProject(store, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProject(store, "x' OR 1=1 --")).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages projects and findings with the total of every page, past the end too', async () => {
    const team = await createTeam(store, 'paging');
    for (const name of ['c', 'a', 'b']) await createProject(store, { teamId: team.id, name });
    const page = (limit: number, offset: number) => listProjects(store, { teamId: team.id, limit, offset });
    expect(await page(2, 0)).toMatchObject({ total: 3, items: [{ name: 'a' }, { name: 'b' }] });
    expect(await page(2, 2)).toMatchObject({ total: 3, items: [{ name: 'c' }] });
    expect(await page(2, 5)).toEqual({ total: 3, items: [] });
    expect(await listProjects(store, { teamId: team.id, q: 'zzz' })).toEqual({ total: 0, items: [] });
    expect(await listFindings(store, { projectIds: [(await page(1, 0)).items[0]!.id], limit: 10, offset: 20 })).toEqual({ total: 0, items: [] });
  });

  it('duplicate team and project names are ConflictError', async () => {
    await expect(createTeam(store, 'payments')).rejects.toBeInstanceOf(ConflictError);
    await expect(createProject(store, { teamId, name: 'checkout' })).rejects.toBeInstanceOf(ConflictError);
    expect(await verifyAudit(store)).toEqual({ ok: true, records: 2 });
  });

  it('a linked component cannot be deleted; an unlinked one takes its license row with it', async () => {
    await ingestSnapshot(store, projectId, makeInventory('checkout', LODASH), { source: 'scan' });
    const refused = await store.db.execute(sql`DELETE FROM components WHERE name = 'lodash'`).then(
      () => undefined,
      (err: unknown) => err as Error & { cause?: Error },
    );
    expect(`${refused?.message} ${refused?.cause?.message}`).toMatch(/is linked to a snapshot and cannot be deleted/);
    expect(await counts(store)).toMatchObject({ components: 3, component_licenses: 2 });
    await store.db.execute(sql`INSERT INTO components (identity, ecosystem, name, version) VALUES ('npm:orphan@1.0.0', 'npm', 'orphan', '1.0.0')`);
    await store.db.execute(sql`INSERT INTO component_licenses (component_id, declared) SELECT id, 'MIT' FROM components WHERE name = 'orphan'`);
    await store.db.execute(sql`DELETE FROM components WHERE name = 'orphan'`);
    expect(await counts(store)).toMatchObject({ components: 3, component_licenses: 2 });
  });

  it('snapshots are immutable: the database refuses an UPDATE', async () => {
    const { snapshot } = await ingestSnapshot(store, projectId, makeInventory('checkout', LODASH), { source: 'scan' });
    await expect(store.db.execute(sql`UPDATE snapshots SET source = 'forged' WHERE id = ${snapshot.id}`)).rejects.toThrow();
    await expect(store.db.execute(sql`UPDATE snapshot_components SET scope = 'dev'`)).rejects.toThrow();
  });

  it('diffs two snapshots: added, removed, changed, unchanged', async () => {
    const a = await ingestSnapshot(store, projectId, makeInventory('checkout', [['npm', 'a', '1.0.0'], ['npm', 'b', '1.0.0'], ['npm', 'c', '1.0.0']]), { source: 'scan' });
    const b = await ingestSnapshot(store, projectId, makeInventory('checkout', [['npm', 'a', '1.0.0'], ['npm', 'b', '2.0.0'], ['npm', 'd', '1.0.0']]), { source: 'scan' });
    const diff = await diffSnapshots(store, a.snapshot.id, b.snapshot.id);
    const pick = (x: { name: string; version: string | null }) => `${x.name}@${x.version}`;
    expect(diff.added.map(pick)).toEqual(['d@1.0.0']);
    expect(diff.removed.map(pick)).toEqual(['c@1.0.0']);
    expect(diff.changed.map((c) => [c.name, c.before.map(pick), c.after.map(pick)])).toEqual([['b', ['b@1.0.0'], ['b@2.0.0']]]);
    expect(diff.unchanged).toBe(1);
    await expect(diffSnapshots(store, a.snapshot.id, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });

  describe('where used', () => {
    beforeEach(async () => {
      const log4j = (v: string): TestPackage => ['Maven', 'org.apache.logging.log4j:log4j-core', v];
      const portfolio: [string, TestPackage[]][] = [
        ['alpha', [log4j('2.14.1'), ['npm', 'left-pad', '1.3.0']]],
        ['beta', [log4j('2.17.1')]],
        ['gamma', [log4j('2.17.0'), ['npm', 'left-pad', '1.1.0']]],
        ['delta', [['npm', 'left-pad', '2.0.0-rc.1']]],
      ];
      for (const [name, packages] of portfolio) {
        const p = await createProject(store, { teamId, name });
        await ingestSnapshot(store, p.id, makeInventory(name, packages, packages.length), { source: 'scan' });
      }
      // gamma upgraded: only its latest snapshot counts.
      const gamma = (await rows<{ id: string }>(store.db, sql`SELECT id FROM projects WHERE name = 'gamma'`))[0]!.id;
      await ingestSnapshot(store, gamma, makeInventory('gamma', [log4j('2.17.2'), ['npm', 'left-pad', '1.1.0']], 2), { source: 'scan' });
    });

    it.each([
      ['Maven', 'org.apache.logging.log4j:log4j-core', undefined, ['alpha 2.14.1', 'beta 2.17.1', 'gamma 2.17.2']],
      ['Maven', 'org.apache.logging.log4j:log4j-core', '< 2.17.1', ['alpha 2.14.1']],
      ['Maven', 'org.apache.logging.log4j:log4j-core', '>=2.17.0, <2.17.2', ['beta 2.17.1']],
      ['Maven', 'org.apache.logging.log4j:log4j-core', '2.17.2 || <2.15', ['alpha 2.14.1', 'gamma 2.17.2']],
      ['npm', 'left-pad', '>=1.0.0 <2.0.0-0', ['alpha 1.3.0', 'gamma 1.1.0']],
      // semver: a prerelease sorts before its release.
      ['npm', 'left-pad', '<2.0.0', ['alpha 1.3.0', 'delta 2.0.0-rc.1', 'gamma 1.1.0']],
      ['npm', 'no-such-package', undefined, []],
    ])('%s %s %s', async (ecosystem, name, range, expected) => {
      const hits = await whereUsed(store, { ecosystem, name, ...(range ? { range } : {}) });
      expect(hits.flatMap((h) => h.versions.map((v) => `${h.projectName} ${v.version}`))).toEqual(expected);
    });

    it('takes a predicate and leaves retired projects out unless asked', async () => {
      await store.db.execute(sql`UPDATE projects SET lifecycle = 'retired' WHERE name = 'alpha'`);
      const name = 'left-pad';
      expect((await whereUsed(store, { ecosystem: 'npm', name, matches: (v) => v.startsWith('1.') })).map((h) => h.projectName)).toEqual(['gamma']);
      expect((await whereUsed(store, { ecosystem: 'npm', name, matches: (v) => v.startsWith('1.'), includeRetired: true })).map((h) => h.projectName)).toEqual(['alpha', 'gamma']);
    });
  });

  describe('audit chain', () => {
    beforeEach(async () => {
      for (const name of ['one', 'two', 'three']) await createProject(store, { teamId, name });
      // Records: 1 team, 2-5 projects. Tampering needs the append-only triggers off, as an attacker with SQL would.
      await store.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    });

    it.each([
      ['an edit', `UPDATE audit_log SET details = '{"name":"forged"}' WHERE id = 3`, { problem: 'edited', id: 3 }],
      ['a forged hash', `UPDATE audit_log SET hash = repeat('a', 64) WHERE id = 3`, { problem: 'edited', id: 3 }],
      ['a deletion', 'DELETE FROM audit_log WHERE id = 3', { problem: 'deleted', id: 3 }],
      ['a deletion of the newest record', 'DELETE FROM audit_log WHERE id = 5', { problem: 'deleted', id: 5 }],
      ['a reordering', 'UPDATE audit_log SET id = -3 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = -3', { problem: 'reordered', id: 3 }],
    ])('detects %s', async (_label, tamper, expected) => {
      expect(await verifyAudit(store)).toEqual({ ok: true, records: 5 });
      for (const statement of tamper.split('; ')) await store.db.execute(sql.raw(statement));
      const result = await verifyAudit(store);
      expect(result).toMatchObject({ ok: false, ...expected });
    });

    it('refuses UPDATE and DELETE while the triggers are on', async () => {
      await store.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
      await expect(store.db.execute(sql`UPDATE audit_log SET actor = 'x' WHERE id = 1`)).rejects.toThrow();
      await expect(store.db.execute(sql`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow();
      expect(await verifyAudit(store)).toEqual({ ok: true, records: 5 });
    });
  });

  describe('concurrent writes', () => {
    it('two identical ingests at once write one snapshot', async () => {
      const inv = makeInventory('checkout', LODASH);
      const results = await Promise.all([1, 2].map(() => ingestSnapshot(store, projectId, inv, { source: 'scan' })));
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect(results[0]!.snapshot.id).toBe(results[1]!.snapshot.id);
      expect(await counts(store)).toMatchObject({ snapshots: 1, snapshot_components: 3, audit_log: 3 });
    });

    it('different ingests into one project run one after the other; into other projects they share components', async () => {
      const many = (n: number, offset: number): TestPackage[] =>
        Array.from({ length: n }, (_, i): TestPackage => ['npm', `pkg-${String(i + offset).padStart(5, '0')}`, '1.0.0']);
      const other = await createProject(store, { teamId, name: 'billing' });
      const results = await Promise.all([
        ingestSnapshot(store, projectId, makeInventory('a', many(3000, 0)), { source: 'scan' }, { batchSize: 500 }),
        ingestSnapshot(store, projectId, makeInventory('b', many(3000, 1000)), { source: 'scan' }, { batchSize: 500 }),
        ingestSnapshot(store, other.id, makeInventory('c', many(3000, 2000)), { source: 'scan' }, { batchSize: 500 }),
      ]);
      expect(results.every((r) => r.created)).toBe(true);
      expect(await counts(store)).toMatchObject({ snapshots: 3, components: 5000, snapshot_components: 9000 });
      const latest = Math.max(results[0]!.snapshot.id, results[1]!.snapshot.id);
      const [project] = await rows<{ latest_snapshot_id: string | number }>(store.db, sql`SELECT latest_snapshot_id FROM projects WHERE id = ${projectId}`);
      expect(Number(project?.latest_snapshot_id)).toBe(latest);
      // One audit record per mutation, chained in commit order.
      expect(await verifyAudit(store)).toEqual({ ok: true, records: 6 });
    });
  });
});

describe('openStore', () => {
  it('refuses a URL that is not postgres', async () => {
    await expect(openStore({ url: 'mysql://u:secret@h/db' })).rejects.toThrow(/postgres:\/\/.*mysql:\/\/u:\*\*\*@h\/db/);
  });

  it('refuses a PGlite data directory another live process holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ospo-lock-'));
    try {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'db'));
      writeFileSync(join(dir, 'db.lock'), String(process.ppid));
      await expect(openStore({ dataDir: dir })).rejects.toThrow(/in use by process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
