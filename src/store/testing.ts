// Test and benchmark support: fresh stores on both engines (after backstage's TestDatabases).
// PGlite stores are copies of a migrated template data directory, made once per machine and
// migration set, because initdb in WASM takes ~15 s. PostgreSQL stores are fresh databases
// created on the test server and dropped afterwards; nothing else on that server is touched.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Component, Inventory } from '../model/inventory.js';
import type { Ecosystem } from '../model/ecosystem.js';
import { toPurl } from '../model/purl.js';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, openStore, rows, type Engine, type Store } from './engine.js';

/** The PostgreSQL server tests use: OSPO_TEST_POSTGRES_URL, else the CI service on 127.0.0.1. */
export const TEST_POSTGRES_URL = process.env.OSPO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh store and how to dispose of it. */
export interface TestStore {
  store: Store;
  /** Open options that reach the same database (for a child process), once `store` is closed. */
  openOptions: { url?: string; dataDir?: string };
  /** Closes the store and opens it again (`store` is then the new one). */
  reopen(): Promise<void>;
  /** Closes the store, keeping its data (for a child process to open). */
  close(): Promise<void>;
  /** Closes the store (if still open) and deletes its database or data directory. */
  dispose(): Promise<void>;
}

/**
 * Empties every table and restarts the audit chain, so tests can share one store per file
 * (a fresh PGlite costs seconds; a TRUNCATE costs milliseconds).
 */
export async function resetStore(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    const tables = await rows<{ table_name: string }>(
      tx,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await tx.execute(sql.raw(`TRUNCATE ${tables.map((t) => `"${t.table_name}"`).join(', ')} RESTART IDENTITY CASCADE`));
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    await tx.execute(sql`INSERT INTO audit_head (singleton, last_id, hash) VALUES (1, 0, ${'0'.repeat(64)})`);
  });
}

/** One engine the conformance suite runs against. */
export interface TestEngine {
  name: Engine;
  /** Undefined when usable, else why not (the suite prints it and skips). */
  unavailable: string | undefined;
  create(): Promise<TestStore>;
}

function migrationsDigest(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_FOLDER).sort()) {
    if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(MIGRATIONS_FOLDER, f)));
  }
  h.update(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json')));
  return h.digest('hex').slice(0, 16);
}

let template: Promise<string> | undefined;

/** Returns a migrated PGlite data directory to copy, building it once per migration set. */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const path = join(tmpdir(), `ospo-pglite-template-${migrationsDigest()}`);
    if (existsSync(join(path, 'PG_VERSION'))) return path;
    const work = mkdtempSync(join(tmpdir(), 'ospo-pglite-build-'));
    const store = await openStore({ dataDir: work });
    await store.close();
    try {
      renameSync(join(work, 'db'), path);
    } catch (err) {
      // Another test process built it first: use theirs.
      if (!existsSync(join(path, 'PG_VERSION'))) throw err;
    }
    rmSync(work, { recursive: true, force: true });
    return path;
  })();
  return template;
}

let counter = 0;

async function postgresUnavailable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL at ${url} is unreachable (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Returns both engines, PostgreSQL marked unavailable when its server cannot be reached. */
export async function testEngines(): Promise<TestEngine[]> {
  const pgUnavailable = await postgresUnavailable(TEST_POSTGRES_URL);
  return [
    {
      name: 'pglite',
      unavailable: undefined,
      create: async () => {
        const source = await pgliteTemplate();
        const dataDir = mkdtempSync(join(tmpdir(), 'ospo-store-test-'));
        cpSync(source, join(dataDir, 'db'), { recursive: true });
        return managed({ dataDir }, async () => rmSync(dataDir, { recursive: true, force: true }));
      },
    },
    {
      name: 'postgres',
      unavailable: pgUnavailable,
      create: async () => {
        const dbName = `ospo_test_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
        await adminQuery(TEST_POSTGRES_URL, `CREATE DATABASE ${dbName}`);
        const u = new URL(TEST_POSTGRES_URL);
        u.pathname = `/${dbName}`;
        return managed({ url: u.toString() }, () => adminQuery(TEST_POSTGRES_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
      },
    },
  ];
}

async function managed(openOptions: { url?: string; dataDir?: string }, drop: () => Promise<void>): Promise<TestStore> {
  let open: Store | undefined = await openStore(openOptions);
  const t: TestStore = {
    store: open,
    openOptions,
    reopen: async () => {
      await open?.close();
      open = undefined;
      open = await openStore(openOptions);
      t.store = open;
    },
    close: async () => {
      await open?.close();
      open = undefined;
    },
    dispose: async () => {
      await t.close();
      await drop();
    },
  };
  return t;
}

/** A package for {@link makeInventory}: `[ecosystem, name, version]` plus optional facts. */
export type TestPackage = [Ecosystem, string, string] | [Ecosystem, string, string, Partial<Component>];

/**
 * Builds an Inventory of one project (`.`) from packages; the first `direct` packages are direct
 * dependencies of the project and each other package is a dependency of the one before it.
 */
export function makeInventory(name: string, packages: TestPackage[], direct = 1): Inventory {
  const components: Component[] = packages.map(([ecosystem, pkgName, version, extra], i) => {
    const purl = toPurl(ecosystem, pkgName, version);
    return {
      id: purl ?? `${ecosystem}:${pkgName}@${version}`,
      ecosystem,
      name: pkgName,
      version,
      purl,
      scope: 'runtime',
      direct: i < direct,
      locations: [{ file: 'package-lock.json', line: i + 1 }],
      ...extra,
    };
  });
  const dependencies = new Map<string, Set<string>>();
  dependencies.set('project:.', new Set(components.slice(0, direct).map((c) => c.id)));
  for (let i = direct; i < components.length; i++) {
    const from = components[i - 1]!.id;
    const set = dependencies.get(from) ?? new Set<string>();
    set.add(components[i]!.id);
    dependencies.set(from, set);
  }
  return {
    root: name,
    name,
    projects: [
      {
        id: 'project:.',
        path: '.',
        name,
        ecosystems: [...new Set(packages.map((p) => p[0]))],
        manifests: ['package-lock.json'],
        direct: components.slice(0, direct).map((c) => c.id),
        components: components.map((c) => c.id),
      },
    ],
    components: [...components].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    dependencies,
    errors: [],
    skipped: [],
    warnings: [],
    stats: { filesSeen: 1, filesScanned: 1, ms: 0 },
  };
}
