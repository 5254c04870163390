// Store upkeep on both engines: PGlite (no autovacuum) is vacuumed and analysed by the daily job
// and after enough snapshot rows; PostgreSQL is left to its autovacuum.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { rows, type Store } from './engine.js';
import { maintainStore, noteSnapshotWritten } from './maintenance.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';

const engines = await suiteEngines('store upkeep suite');

describe.each(engines)('store upkeep on $name', (engine) => {
  const suite = useSuiteStore(engine);
  let store: Store;
  beforeEach(() => {
    store = suite.store;
  });
  const lastAnalyze = async () => {
    const [r] = await rows<{ at: string | Date | null }>(store.db, sql`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'snapshot_components'`);
    return r?.at ? new Date(r.at).getTime() : 0;
  };

  it('vacuums and analyses PGlite on request, and nothing on PostgreSQL', async () => {
    const before = Date.now() - 1000;
    const done = await maintainStore(store);
    expect(done.vacuumed).toBe(engine.name === 'pglite');
    if (engine.name === 'pglite') expect(await lastAnalyze()).toBeGreaterThan(before);
  });

  it('on PGlite, vacuums once the rows written pass 1,000 plus a fifth of the table', async () => {
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
