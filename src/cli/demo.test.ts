// The demo loader on PGlite: real lockfiles become projects with a history, the shipped OSV
// records and policy raise findings, and a second run changes nothing.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, verifyAudit, type Store } from '../store/index.js';
import { resetStore, testEngines, type TestStore } from '../store/testing.js';
import { verifyPassword } from '../store/repo/users.js';
import { DEMO_EMAIL, DEMO_PROJECTS, loadDemo, loadDemoSources, withoutShare } from './demo.js';
import { buildInventory } from '../inventory/build.js';

const pglite = (await testEngines()).find((e) => e.name === 'pglite')!;
// The small projects plus one real one with advisories (GitHub CLI's go.mod) and the waiver's (ripgrep).
const SUBSET = DEMO_PROJECTS.filter((p) => p.dir.startsWith('sample-portfolio/') || p.name === 'github-cli' || p.name === 'ripgrep');

describe('demo portfolio', () => {
  let t: TestStore;
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'ospo-demo-test-'));
  beforeAll(async () => {
    t = await pglite.create();
    store = t.store;
    await resetStore(store);
  }, 60_000);
  afterAll(async () => t?.dispose());
  const count = async (table: string) => Number((await rows<{ n: string }>(store.db, sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]!.n);

  it('loads projects with a history, vulnerabilities and policy findings, and a demo admin who can sign in', async () => {
    const sources = await loadDemoSources();
    const r = await loadDemo(store, { dataDir, ...sources, projects: SUBSET });
    expect(r.loaded).toBe(SUBSET.length);
    expect(await count('projects')).toBe(SUBSET.length);
    // github-cli has packages enough that each of its three snapshots differs.
    const [gh] = await rows<{ n: string }>(store.db, sql`SELECT count(*) AS n FROM snapshots s JOIN projects p ON p.id = s.project_id WHERE p.name = 'github-cli'`);
    expect(Number(gh!.n)).toBe(3);
    const kinds = await rows<{ kind: string; n: string }>(store.db, sql`SELECT kind, count(*) AS n FROM findings GROUP BY kind`);
    expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toMatchObject({ vulnerability: expect.any(Number), license: expect.any(Number), policy: expect.any(Number) });
    expect(await count('waivers')).toBe(1);
    expect(await verifyPassword(store, DEMO_EMAIL, r.password)).toBeDefined();
    expect(statSync(join(dataDir, 'demo-admin.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'demo-admin.txt'), 'utf8').trim()).toBe(r.password);
  }, 120_000);

  it('changes nothing when run again on the same data', async () => {
    const before = { snapshots: await count('snapshots'), findings: await count('findings'), audit: (await verifyAudit(store)).records, users: await count('users') };
    const first = readFileSync(join(dataDir, 'demo-admin.txt'), 'utf8').trim();
    const r = await loadDemo(store, { dataDir, ...(await loadDemoSources()), projects: SUBSET });
    expect(r).toMatchObject({ loaded: 0, snapshots: 0, password: first });
    expect({ snapshots: await count('snapshots'), findings: await count('findings'), audit: (await verifyAudit(store)).records, users: await count('users') }).toEqual(before);
  }, 60_000);

  it('derives earlier snapshots by leaving out a fixed share of packages and their edges', async () => {
    const inv = await buildInventory([join(import.meta.dirname, '../../examples/demo/projects/ripgrep')]);
    const older = withoutShare(inv, 0.2);
    expect(older.components.length).toBeLessThan(inv.components.length);
    expect(older.components.length).toBeGreaterThan(inv.components.length * 0.6);
    expect(withoutShare(inv, 0.2).components.map((c) => c.id)).toEqual(older.components.map((c) => c.id));
    const kept = new Set(older.components.map((c) => c.id));
    for (const to of older.dependencies.values()) for (const id of to) expect(kept.has(id)).toBe(true);
  });
});
