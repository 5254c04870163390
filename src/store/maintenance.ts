// Routine database upkeep. PostgreSQL's autovacuum removes dead rows and refreshes planner
// statistics by itself; PGlite runs PostgreSQL in single-user mode, where no autovacuum worker
// exists, so without this its tables bloat with every replaced finding and re-ingested snapshot
// and the planner keeps the statistics of the day the data directory was created (where-used
// depends on index-only scans, which need the visibility map VACUUM maintains).
import { sql } from 'drizzle-orm';
import type { Store } from './engine.js';

/** What {@link maintainStore} did. */
export interface Maintenance {
  /** Whether VACUUM ANALYZE ran (PGlite only). */
  vacuumed: boolean;
  ms: number;
}

/**
 * Runs VACUUM ANALYZE on PGlite (every table, outside any transaction; other queries wait for it
 * on PGlite's one connection) and nothing on PostgreSQL, where autovacuum does it. The metrics
 * job calls it daily.
 */
export async function maintainStore(store: Store): Promise<Maintenance> {
  const started = Date.now();
  if (store.engine !== 'pglite') return { vacuumed: false, ms: 0 };
  await store.db.execute(sql`VACUUM ANALYZE`);
  return { vacuumed: true, ms: Date.now() - started };
}
