// Routine database upkeep. PostgreSQL's autovacuum removes dead rows and refreshes planner
// statistics by itself; PGlite runs PostgreSQL in single-user mode, where no autovacuum worker
// exists, so without this its tables bloat with every replaced finding and re-ingested snapshot
// and the planner keeps the statistics of the day the data directory was created (where-used
// depends on index-only scans, which need the visibility map VACUUM maintains).
import { sql } from 'drizzle-orm';
import { rows, type Store } from './engine.js';

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
  const w = written.get(store);
  if (w) {
    w.rows = 0;
    w.base = undefined;
  }
  return { vacuumed: true, ms: Date.now() - started };
}

/** Rows written since the last upkeep, and the table size then, per PGlite store. */
const written = new WeakMap<Store, { rows: number; base: number | undefined }>();

/**
 * Tells the store that a new snapshot wrote `count` rows (its component links and findings).
 * On PGlite, once more rows were written than 1,000 plus a fifth of what the component-link
 * table held at the last upkeep — the threshold PostgreSQL's insert-driven autovacuum uses —
 * it runs VACUUM ANALYZE there and then, so a freshly loaded portfolio gets planner statistics
 * (where-used: a hash join over the latest snapshots instead of nested loops, ~10x faster) and a
 * visibility map (index-only scans) without waiting for the daily metrics job. Returns whether
 * it ran. Nothing on PostgreSQL.
 */
export async function noteSnapshotWritten(store: Store, count: number): Promise<boolean> {
  if (store.engine !== 'pglite') return false;
  let w = written.get(store);
  if (!w) {
    w = { rows: 0, base: undefined };
    written.set(store, w);
  }
  if (w.base === undefined) {
    // reltuples is -1 until the first VACUUM or ANALYZE of the table.
    const [r] = await rows<{ n: string | number }>(store.db, sql`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE relname = 'snapshot_components'`);
    w.base = Number(r?.n ?? 0);
  }
  w.rows += count;
  if (w.rows <= 1000 + 0.2 * w.base) return false;
  await store.db.execute(sql`VACUUM ANALYZE`);
  w.base += w.rows;
  w.rows = 0;
  return true;
}
