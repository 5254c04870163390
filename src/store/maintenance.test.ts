// Store upkeep on both engines: PGlite (no autovacuum) is vacuumed and analysed by the daily job
// and after enough snapshot rows; PostgreSQL is left to its autovacuum.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, type Store } from './engine.js';
import { maintainStore, noteSnapshotWritten } from './maintenance.js';
import { testEngines, type TestStore } from './testing.js';

const engines = await testEngines();

describe.each(engines)('store upkeep on $name', (engine) => {
  let t: TestStore;
  let store: Store;
  beforeAll(async () => {
    if (engine.unavailable) return;
    t = await engine.create();
    store = t.store;
  }, 120_000);
  afterAll(async () => t?.dispose());
  const lastAnalyze = async () => {
    const [r] = await rows<{ at: string | Date | null }>(store.db, sql`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'snapshot_components'`);
    return r?.at ? new Date(r.at).getTime() : 0;
  };

  it.skipIf(engine.unavailable)('vacuums and analyses PGlite on request, and nothing on PostgreSQL', async () => {
    const before = Date.now() - 1000;
    const done = await maintainStore(store);
    expect(done.vacuumed).toBe(engine.name === 'pglite');
    if (engine.name === 'pglite') expect(await lastAnalyze()).toBeGreaterThan(before);
  });

  it.skipIf(engine.unavailable)('on PGlite, vacuums once the rows written pass 1,000 plus a fifth of the table', async () => {
    // Right after maintainStore the table is empty: the threshold is 1,000 rows.
    await maintainStore(store);
    expect(await noteSnapshotWritten(store, 600)).toBe(false);
    const before = Date.now() - 1000;
    expect(await noteSnapshotWritten(store, 600)).toBe(engine.name === 'pglite');
    if (engine.name === 'pglite') expect(await lastAnalyze()).toBeGreaterThan(before);
    // The count restarts after it ran.
    expect(await noteSnapshotWritten(store, 600)).toBe(false);
  });
});
