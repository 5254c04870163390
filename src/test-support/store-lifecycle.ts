// The per-engine store lifecycle every suite over the store repeats: one store per file and
// engine (a fresh PGlite costs seconds), emptied before each test or once, disposed afterwards;
// a test on an engine that is unavailable (no PostgreSQL server) is skipped, and the file says
// why once.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Store } from '../store/engine.js';
import { resetStore, testEngines, type TestEngine, type TestStore } from '../store/testing.js';

/** Both engines for a suite, warning once on stderr (naming the suite) for each one that is unavailable. */
export async function suiteEngines(suite: string): Promise<TestEngine[]> {
  const engines = await testEngines();
  for (const e of engines) if (e.unavailable) console.warn(`${suite}: skipping ${e.name}: ${e.unavailable}`);
  return engines;
}

/** The live store of a suite (read it inside hooks and tests, not while the suite is collected). */
export interface SuiteStore {
  readonly store: Store;
  /** The TestStore (reopen, close, open options for a child process). */
  readonly test: TestStore;
}

/**
 * Registers the lifecycle hooks inside a `describe.each(engines)` block: creates the engine's
 * store before the suite, resets it before each test (`reset: 'each'`, the default) or once
 * (`'once'`: the suite seeds in its own beforeAll, registered after this call), skips every test
 * when the engine is unavailable, and disposes of the store after the suite.
 */
export function useSuiteStore(engine: TestEngine, options: { reset?: 'each' | 'once'; timeoutMs?: number } = {}): SuiteStore {
  let t: TestStore | undefined;
  const reset = options.reset ?? 'each';
  beforeAll(async () => {
    if (engine.unavailable) return;
    t = await engine.create();
    if (reset === 'once') await resetStore(t.store);
  }, options.timeoutMs ?? 120_000);
  afterAll(async () => {
    await t?.dispose();
  });
  beforeEach(async (ctx) => {
    if (engine.unavailable) ctx.skip();
    if (reset === 'each') await resetStore(t!.store);
  });
  return {
    get store() {
      if (!t) throw new Error(`no ${engine.name} store: used outside a test, or the engine is unavailable`);
      return t.store;
    },
    get test() {
      if (!t) throw new Error(`no ${engine.name} store: used outside a test, or the engine is unavailable`);
      return t;
    },
  };
}
