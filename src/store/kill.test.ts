// kill -9 during an ingest: the reopened store holds the whole snapshot or none of it, on both
// engines, and PGlite's data directory reopens cleanly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore, rows } from './engine.js';
import { verifyAudit } from './repo/audit.js';
import { ingestSnapshot } from './repo/ingest.js';
import { createProject, createTeam } from './repo/projects.js';
import { makeInventory, testEngines } from './testing.js';

const CHILD = fileURLToPath(new URL('./__fixtures__/ingest-child.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
const engines = await testEngines();
for (const e of engines) if (e.unavailable) console.warn(`store kill -9 test: skipping ${e.name}: ${e.unavailable}`);
if (!existsSync(TSX)) console.warn('store kill -9 test: skipping: tsx (a drizzle-kit dependency) is not installed');

/** Starts the child, SIGKILLs it as soon as its output satisfies `until`, and resolves with that output. */
function killChild(target: string, projectId: string, count: number, until: (out: string) => boolean, after = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, target, projectId, String(count), after], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (until(out)) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(out);
      else reject(new Error(`child exited with ${code} before it was killed:\n${out}\n${err}`));
    });
  });
}

describe.each(engines)('kill -9 during an ingest on $name', (engine) => {
  it.skipIf(engine.unavailable !== undefined || !existsSync(TSX))(
    'leaves the committed snapshot whole and no trace of the killed one',
    async () => {
      const t = await engine.create();
      try {
        const team = await createTeam(t.store, 'platform');
        const project = await createProject(t.store, { teamId: team.id, name: 'api' });
        const committed = await ingestSnapshot(t.store, project.id, makeInventory('api', [['npm', 'kept', '1.0.0']]), { source: 'scan' });
        await t.close();

        const out = await killChild(t.openOptions.url ?? t.openOptions.dataDir!, project.id, 20_000, (o) => o.includes('batch 1500'));
        expect(out).toContain('batch 1500');
        expect(out).not.toContain('committed');

        await t.reopen();
        const store = t.store;
        const snaps = await rows<{ id: string | number; n: string | number }>(
          store.db,
          sql`SELECT s.id, (SELECT count(*) FROM snapshot_components sc WHERE sc.snapshot_id = s.id) AS n FROM snapshots s ORDER BY s.id`,
        );
        expect(snaps.map((s) => [Number(s.id), Number(s.n)])).toEqual([[committed.snapshot.id, 1]]);
        const [c] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM components`);
        expect(Number(c?.n)).toBe(1);
        expect(await verifyAudit(store)).toEqual({ ok: true, records: 3 });
        // And the store still takes writes.
        const after = await ingestSnapshot(store, project.id, makeInventory('api', [['npm', 'next', '1.0.0']]), { source: 'scan' });
        expect(after.created).toBe(true);
      } finally {
        await t.dispose();
      }
    },
    180_000,
  );

  it.skipIf(engine.unavailable !== undefined || !existsSync(TSX))(
    'keeps a snapshot committed just before the kill',
    async () => {
      const t = await engine.create();
      try {
        const team = await createTeam(t.store, 'platform');
        const project = await createProject(t.store, { teamId: team.id, name: 'api' });
        await t.close();
        const out = await killChild(t.openOptions.url ?? t.openOptions.dataDir!, project.id, 3000, (o) => o.includes('committed'), 'hang');
        expect(out).toContain('committed');
        await t.reopen();
        const snaps = await rows<{ component_count: number }>(t.store.db, sql`SELECT component_count FROM snapshots`);
        expect(snaps.map((s) => Number(s.component_count))).toEqual([3000]);
        const [linked] = await rows<{ n: string | number }>(t.store.db, sql`SELECT count(*) AS n FROM snapshot_components`);
        expect(Number(linked?.n)).toBe(3000);
        expect(await verifyAudit(t.store)).toEqual({ ok: true, records: 3 });
      } finally {
        await t.dispose();
      }
    },
    180_000,
  );
});

it('a PGlite lock file left by a killed process is taken over on open', async () => {
  // The lock file of a dead process is taken over rather than refused.
  const [pglite] = engines;
  const t = await pglite!.create();
  try {
    await t.close();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${t.openOptions.dataDir}/db.lock`, '999999999');
    const store = await openStore(t.openOptions);
    await store.close();
  } finally {
    await t.dispose();
  }
}, 120_000);
