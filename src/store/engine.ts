import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { dataDir as defaultDataDir } from '../config/data-dir.js';
import { UsageError } from '../model/errors.js';
import * as schema from './schema.js';

/** The schema's tables, as Drizzle sees them. */
export type Schema = typeof schema;
/** A Drizzle database on either engine. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A Drizzle transaction on either engine. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or a transaction. */
export type Executor = Db | Tx;

/** Which database a store runs on. */
export type Engine = 'pglite' | 'postgres';

/** The store: one interface over PGlite and PostgreSQL, used by every repository function. */
export interface Store {
  readonly engine: Engine;
  /** Where it lives: the PGlite data directory or the PostgreSQL URL without its password. */
  readonly location: string;
  readonly db: Db;
  /** Runs `fn` in one READ COMMITTED transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Closes the connection pool or the embedded database. */
  close(): Promise<void>;
}

/** Options for {@link openStore}. */
export interface OpenStoreOptions {
  /** `postgres://...` or `postgresql://...` for PostgreSQL; absent for the embedded PGlite. */
  url?: string;
  /** Ospo's data directory (PGlite lives in `<dataDir>/db`); defaults to src/config/data-dir.ts. */
  dataDir?: string;
  /** PostgreSQL pool size; default 10. */
  poolSize?: number;
  /** Skip migrations (a tool that only reads a store it knows is current). Default false. */
  skipMigrations?: boolean;
}

/** The committed SQL migrations, shared by both engines (drizzle-kit output). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any constant: the advisory lock that keeps two processes from migrating one database at once.
const MIGRATION_LOCK = 7_306_115_111;

/**
 * Opens the store: PostgreSQL when `url` is a postgres URL, else PGlite in `<dataDir>/db`.
 * Pending migrations run before it returns.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.url !== undefined && options.url !== '') {
    if (!/^postgres(ql)?:\/\//i.test(options.url)) {
      throw new UsageError(
        `--database must be a postgres:// or postgresql:// URL (got "${redactUrl(options.url)}"); leave it out to use the embedded database in the data directory`,
      );
    }
    return openPostgres(options.url, options);
  }
  const dir = join(options.dataDir ?? defaultDataDir(undefined, process.env), 'db');
  return openPglite(dir, options);
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    if (!options.skipMigrations) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return {
    engine: 'postgres',
    location: redactUrl(url),
    db,
    transaction: (fn) => db.transaction(fn, { isolationLevel: 'read committed' }),
    close: () => pool.end(),
  };
}

async function openPglite(dir: string, options: OpenStoreOptions): Promise<Store> {
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataDir(dir);
  let client: PGlite | undefined;
  try {
    client = await PGlite.create(dir);
    const pgliteDb = drizzlePglite({ client, schema });
    if (!options.skipMigrations) await migratePglite(pgliteDb, { migrationsFolder: MIGRATIONS_FOLDER });
    const db = pgliteDb as unknown as Db;
    const opened = client;
    return {
      engine: 'pglite',
      location: dir,
      db,
      // PGlite has one connection: its transaction() holds an exclusive mutex, so transactions
      // never interleave and row locks are never contended.
      transaction: (fn) => db.transaction(fn),
      close: async () => {
        try {
          await opened.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (err) {
    await client?.close().catch(() => {});
    releaseLock();
    throw err;
  }
}

/**
 * Takes `<dir>.lock` for this process: PGlite is one process's database, and two processes
 * writing one data directory would corrupt it. A lock left by a dead process (kill -9) is taken over.
 */
function lockDataDir(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new UsageError(
          `the database in ${dir} is in use by process ${pid}; stop it, or run both against PostgreSQL with --database postgres://...`,
        );
      }
      if (pid === process.pid) {
        throw new UsageError(`the database in ${dir} is already open in this process; close it first`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new UsageError(`could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns the URL with its password replaced by `***`, for messages and `Store.location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Runs a raw SQL query and returns its rows (both drivers put them in `rows`). */
export async function rows<T>(exec: Executor, query: SQL): Promise<T[]> {
  const result = (await exec.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Returns whether a PGlite data directory has been initialised at `<dataDir>/db`. */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'db', 'PG_VERSION'));
}

