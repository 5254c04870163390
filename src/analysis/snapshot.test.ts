// analyzeSnapshot on both engines: findings written, replaced per snapshot, triage kept across
// snapshots of a project, resolved when gone, waivers applied, one audit record.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProject, createTeam, ingestSnapshot, rows, verifyAudit, type Store } from '../store/index.js';
import { makeInventory } from '../store/testing.js';
import { npmAdvisory } from '../test-support/osv.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';
import { memorySource } from '../vulns/index.js';
import { analyzeSnapshot } from './snapshot.js';

const engines = await suiteEngines('analyzeSnapshot suite');

const LODASH_ADVISORY = npmAdvisory('GHSA-test-lodash', 'lodash', '4.17.21', 'HIGH', 'Prototype pollution in lodash');
const source = memorySource([LODASH_ADVISORY]);

interface Row { key: string; status: string; analysis_state: string | null; snapshot_id: string | number; details: { firstSnapshotId: number } }
const findingRows = (store: Store) =>
  rows<Row>(store.db, sql`SELECT key, status, analysis_state, snapshot_id, details FROM findings ORDER BY key`);

describe.each(engines)('analyzeSnapshot on $name', (engine) => {
  const suite = useSuiteStore(engine);
  let store: Store;
  let projectId: string;
  beforeEach(async () => {
    store = suite.store;
    const team = await createTeam(store, 'payments');
    projectId = (await createProject(store, { teamId: team.id, name: 'checkout' })).id;
  });

  const ingest = async (lodash: string, extra: [string, string][] = []) =>
    (
      await ingestSnapshot(
        store,
        projectId,
        makeInventory('checkout', [['npm', 'lodash', lodash], ...extra.map(([n, v]) => ['npm', n, v] as ['npm', string, string])]),
        { source: 'test' },
      )
    ).snapshot.id;

  it('stores one vulnerability finding per affected component and audits once', async () => {
    const s1 = await ingest('4.17.20');
    const before = (await verifyAudit(store)).records;
    const result = await analyzeSnapshot(store, s1, { advisories: source });
    expect(result.counts).toMatchObject({ total: 1, open: 1, byKind: { vulnerability: 1 }, bySeverity: { high: 1 } });
    expect(result.latest).toBe(true);
    const found = await findingRows(store);
    expect(found.map((f) => [f.key, f.status])).toEqual([['vulnerability:GHSA-test-lodash:pkg:npm/lodash@4.17.20', 'open']]);
    expect((await verifyAudit(store)).records).toBe(before + 1);
    // Analysing again changes nothing but the audit log.
    await analyzeSnapshot(store, s1, { advisories: source, audit: false });
    expect(await findingRows(store)).toHaveLength(1);
    expect((await verifyAudit(store)).records).toBe(before + 1);
  });

  it('keeps triage and the first snapshot of a finding that persists, and resolves one that is gone', async () => {
    const s1 = await ingest('4.17.20');
    await analyzeSnapshot(store, s1, { advisories: source });
    await store.db.execute(sql`UPDATE findings SET analysis_state = 'not_affected', analysis_justification = 'code_not_reachable', status = 'suppressed'`);
    const s2 = await ingest('4.17.20', [['express', '4.18.2']]);
    await analyzeSnapshot(store, s2, { advisories: source });
    let [f] = await findingRows(store);
    expect(f).toMatchObject({ status: 'suppressed', analysis_state: 'not_affected' });
    expect(Number(f!.snapshot_id)).toBe(s2);
    expect(Number(f!.details.firstSnapshotId)).toBe(s1);
    const s3 = await ingest('4.17.21');
    const r3 = await analyzeSnapshot(store, s3, { advisories: source });
    expect(r3.gone).toBe(1);
    [f] = await findingRows(store);
    expect(f).toMatchObject({ status: 'resolved', analysis_state: 'not_affected' });
  });

  it('suppresses findings a stored waiver covers, and writes nothing without advisories', async () => {
    const s1 = await ingest('4.17.20');
    await analyzeSnapshot(store, s1);
    expect(await findingRows(store)).toEqual([]);
    await store.db.execute(sql`INSERT INTO waivers (project_id, rule_id, component_purl, reason, owner, created_by)
      VALUES (${projectId}, 'GHSA-test-lodash', 'pkg:npm/lodash', 'not-used', 'sec@example.com', 'test')`);
    await analyzeSnapshot(store, s1, { advisories: source });
    const [f] = await findingRows(store);
    expect(f!.status).toBe('suppressed');
  });
});
