// The job queue: pg-boss on the store's database, whichever engine it is.
//
// - PostgreSQL: pg-boss opens its own small pool from the connection string, so workers on many
//   machines share one queue; jobs are fetched with `FOR UPDATE SKIP LOCKED`, so each job goes to
//   exactly one worker.
// - PGlite: a data directory belongs to one process (src/store/engine.ts locks it), so pg-boss
//   runs over the store's own PGlite instance through pg-boss's `db` option, and jobs run in the
//   process that opened the store (`ospo serve`, or one `ospo worker`). PGlite serialises
//   `query`, `exec` and `transaction` on one mutex, so a pg-boss query waits for a store
//   transaction to end and never runs inside it; the price is that a job must never be sent from
//   inside a store transaction on PGlite (it would wait for itself).
//
// pg-boss keeps its tables in the `pgboss` schema and migrates them itself (under its own
// advisory lock); Ospo's Drizzle migrations own `public` (and `drizzle` for their journal), so the
// two never touch each other's objects. See docs/adr/0007-jobs.md.
import type PgBossType from 'pg-boss';
import type { Store } from '../store/engine.js';

/** The schema pg-boss keeps its tables in. */
export const QUEUE_SCHEMA = 'pgboss';

/** pg-boss's minimal database interface (its `db` constructor option). */
export interface QueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** How pg-boss runs its housekeeping; tests shorten the intervals. */
export interface QueueTiming {
  /** How often a worker polls for jobs, in seconds (default 2; at least 0.5). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are failed or retried and old ones archived, in seconds (default 60). */
  maintenanceIntervalSeconds?: number;
  /** How often the cron schedule is checked, in seconds (default 30). */
  cronWorkerIntervalSeconds?: number;
}

/** Options for {@link openQueue}. */
export interface OpenQueueOptions extends QueueTiming {
  store: Store;
  /**
   * The PostgreSQL URL the store was opened with: pg-boss then opens its own pool (`max` below).
   * Without it, on PostgreSQL, pg-boss shares the store's pool.
   */
  url?: string;
  /** Size of pg-boss's own PostgreSQL pool (default 4). */
  poolSize?: number;
  /** Whether this process runs the cron schedule (default true). */
  schedule?: boolean;
  /** Called with pg-boss's background errors (lost connections, maintenance failures). */
  onError?: (err: Error) => void;
}

/** A started queue over a store; `stop` waits for active jobs (or releases them) and closes it. */
export interface JobQueue {
  readonly boss: PgBossType;
  readonly store: Store;
  /** Stops fetching, waits up to `timeoutMs` for active jobs, fails (releases for retry) the rest, and closes pg-boss's pool. */
  stop(timeoutMs?: number): Promise<void>;
}

/** The PGlite instance or pg Pool behind a store (drizzle keeps the client as `$client`). */
function clientOf(store: Store): unknown {
  return (store.db as unknown as { $client: unknown }).$client;
}

interface PgliteLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<Array<{ rows: unknown[] }>>;
}

interface PoolLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Returns pg-boss's `db` adapter over a PGlite instance. PGlite's `query` takes one statement
 * (extended protocol); pg-boss sends its schema and migrations as several statements without
 * parameters, which go through `exec` (simple protocol), whose last result is returned.
 * Every call is tracked, so the queue can wait for them before the store closes.
 */
export function pgliteQueueDb(pglite: PgliteLike, inflight: Set<Promise<unknown>>): QueueDb {
  return trackedQueueDb(async (text, values) => {
    if (values === undefined || values.length === 0) {
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    }
    const result = await pglite.query(text, values);
    return { rows: result.rows };
  }, inflight);
}

/** Wraps a query function as pg-boss's `db`, remembering each call until it settles. */
function trackedQueueDb(run: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>, inflight: Set<Promise<unknown>>): QueueDb {
  return {
    executeSql(text, values) {
      const p = run(text, values);
      inflight.add(p);
      const untrack = () => inflight.delete(p);
      p.then(untrack, untrack);
      return p;
    },
  };
}

/**
 * Opens and starts pg-boss on the store's database: on PostgreSQL through `url` (its own pool)
 * or the store's pool, on PGlite through the store's PGlite instance. pg-boss creates or migrates
 * its `pgboss` schema on start. pg-boss itself is loaded here, lazily, so commands that never
 * touch the queue do not pay for it.
 */
export async function openQueue(options: OpenQueueOptions): Promise<JobQueue> {
  const { default: PgBoss } = await import('pg-boss');
  const { store } = options;
  const inflight = new Set<Promise<unknown>>();
  let connection: PgBossType.ConstructorOptions;
  if (store.engine === 'pglite') {
    connection = { db: pgliteQueueDb(clientOf(store) as PgliteLike, inflight) as PgBossType.Db };
  } else if (options.url) {
    connection = { connectionString: options.url, max: options.poolSize ?? 4, application_name: 'ospo-jobs' };
  } else {
    const pool = clientOf(store) as PoolLike;
    connection = { db: trackedQueueDb((text, values) => pool.query(text, values), inflight) as PgBossType.Db };
  }
  const boss = new PgBoss({
    ...connection,
    schema: QUEUE_SCHEMA,
    schedule: options.schedule ?? true,
    ...(options.pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    ...(options.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    ...(options.cronWorkerIntervalSeconds !== undefined ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds } : {}),
  });
  // pg-boss reports background failures as 'error' events; an unhandled one would crash the process.
  boss.on('error', (err: Error) => options.onError?.(err));
  await boss.start();
  let stopped: Promise<void> | undefined;
  return {
    boss,
    store,
    stop(timeoutMs = 30_000) {
      stopped ??= (async () => {
        await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
        // pg-boss completes a job without awaiting the query; let those land before the store closes.
        while (inflight.size > 0) await Promise.allSettled([...inflight]);
      })();
      return stopped;
    },
  };
}
