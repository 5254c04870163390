// The dashboard's read routes in-process on both engines: what each view gets, team scoping,
// and hostile queries.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../policy/index.js';
import { createTeam, type Store } from '../../store/index.js';
import { createToken } from '../../store/repo/tokens.js';
import { createUser } from '../../store/repo/users.js';
import { resetStore, testEngines, type TestStore } from '../../store/testing.js';
import { memorySource } from '../../vulns/index.js';
import { buildServer } from '../app.js';
import { npmAdvisory } from '../../test-support/osv.js';

const engines = await testEngines();
const BOM = readFileSync(new URL('../__fixtures__/cyclonedx-lodash.json', import.meta.url), 'utf8');
const ADVISORY = npmAdvisory('GHSA-dash-lodash', 'lodash', '4.17.21', 'HIGH', 'Prototype pollution in lodash');
const CDX = 'application/vnd.cyclonedx+json';
const POLICY = `version: 1
name: dashboard test
licenses:
  - id: strong-copyleft
    action: deny
    categories: [strong-copyleft]
    distributions: [distributed-binary]
    severity: high
    message: Strong copyleft license in a distributed product
    howToFix: Replace it.
vulnerabilities:
  - id: old-critical
    minSeverity: critical
    olderThanDays: 3650
    severity: high
    message: Old high vulnerability
    howToFix: Upgrade.
`;
type App = Awaited<ReturnType<typeof buildServer>>;

describe.each(engines)('dashboard routes on $name', (engine) => {
  let t: TestStore;
  let store: Store;
  let app: App;
  let admin: { authorization: string };
  let viewer: { authorization: string };
  let projectId: string;
  let otherId: string;
  const snaps: number[] = [];
  beforeAll(async () => {
    if (engine.unavailable) return;
    t = await engine.create();
    store = t.store;
    await resetStore(store);
    app = await buildServer({ store, advisories: memorySource([ADVISORY]), policy: parsePolicy(POLICY, 'test.policy.yaml') });
    const own = await createTeam(store, 'own');
    const other = await createTeam(store, 'other');
    const a = await createUser(store, { email: 'a@example.com', role: 'admin' });
    const v = await createUser(store, { email: 'v@example.com', role: 'viewer', teamIds: [own.id] });
    admin = { authorization: `Bearer ${(await createToken(store, { userId: a.id, name: 't', scopes: ['read', 'write', 'admin'] })).token}` };
    viewer = { authorization: `Bearer ${(await createToken(store, { userId: v.id, name: 't', scopes: ['read'] })).token}` };
    projectId = (await app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin, payload: { teamId: own.id, name: 'checkout', distribution: 'distributed' } })).json().id;
    otherId = (await app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin, payload: { teamId: other.id, name: 'billing' } })).json().id;
    // Snapshot 1 has the vulnerable lodash; snapshot 2 has the fixed one and a GPL package.
    const second = BOM.replace(/4\.17\.20/g, '4.17.21').replace(/1\.3\.0/g, '1.3.1').replace('"WTFPL"', '"GPL-3.0-only"');
    for (const doc of [BOM, second]) {
      const r = await app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/snapshots`, headers: { ...admin, 'content-type': CDX }, payload: doc });
      expect(r.statusCode).toBe(201);
      snaps.push(r.json().snapshot.id);
    }
    await app.inject({ method: 'POST', url: `/api/v1/projects/${otherId}/snapshots`, headers: { ...admin, 'content-type': CDX }, payload: BOM });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });
  const get = (url: string, headers = admin) => app.inject({ method: 'GET', url, headers });

  it.skipIf(engine.unavailable)('summarises the portfolio: projects, compliance, open vulnerabilities, a trend per snapshot', async () => {
    const r = await get('/api/v1/portfolio/summary');
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.projects.map((p: { name: string }) => p.name)).toEqual(['billing', 'checkout']);
    const checkout = s.projects.find((p: { name: string }) => p.name === 'checkout');
    // The GPL package in a distributed product is a high license finding: not compliant.
    expect(checkout).toMatchObject({ components: 2, compliant: false, latestSnapshotId: snaps[1] });
    expect(checkout.vulnerabilities.high).toBe(0);
    expect(s.projects.find((p: { name: string }) => p.name === 'billing')).toMatchObject({ compliant: true });
    expect(s.scanned).toBe(2);
    expect(s.complianceRate).toBe(0.5);
    expect(s.openVulnerabilities.high).toBe(1); // billing's lodash 4.17.20
    expect(s.trend.map((p: { vulnerabilities: number }) => p.vulnerabilities)).toEqual([1, 0, 1]);
    expect(s.trend.map((p: { components: number }) => p.components)).toEqual([2, 2, 4]);
    expect(s.trend.map((p: { policyFindings: number }) => p.policyFindings)).toEqual([0, 1, 1]);
  });

  it.skipIf(engine.unavailable)('scopes the summary to the caller\'s teams', async () => {
    const s = (await get('/api/v1/portfolio/summary', viewer)).json();
    expect(s.projects.map((p: { name: string }) => p.name)).toEqual(['checkout']);
    expect(s.trend).toHaveLength(2);
  });

  it.skipIf(engine.unavailable)('lists a snapshot\'s components with licenses, open vulnerabilities and edges', async () => {
    const r = await get(`/api/v1/projects/${otherId}/snapshots/${(await get(`/api/v1/projects/${otherId}`)).json().latestSnapshotId}/components`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.components.map((c: { name: string; license: string; vulnerabilities: number; severity: string | null; direct: boolean }) => [c.name, c.license, c.vulnerabilities, c.severity, c.direct])).toEqual([
      ['left-pad', 'WTFPL', 0, null, true],
      ['lodash', 'MIT', 1, 'high', true],
    ]);
    const ids = new Set(body.components.map((c: { id: number }) => c.id));
    expect(body.edges).toHaveLength(2);
    for (const e of body.edges) expect(e.from === null && ids.has(e.to)).toBe(true);
  });

  it.skipIf(engine.unavailable)('answers 404 for a snapshot of another project, and for a viewer on a foreign project', async () => {
    expect((await get(`/api/v1/projects/${otherId}/snapshots/${snaps[0]}/components`)).statusCode).toBe(404);
    expect((await get(`/api/v1/projects/${otherId}/snapshots/${snaps[0]}/components`, viewer)).statusCode).toBe(404);
  });

  it.skipIf(engine.unavailable)('shows a package across the portfolio: versions, license evidence, advisories', async () => {
    const r = await get('/api/v1/components/detail?ecosystem=npm&name=lodash');
    const d = r.json();
    expect(d.versions.map((v: { version: string; projects: number; license: { declared: string } }) => [v.version, v.projects, v.license.declared])).toEqual([
      ['4.17.20', 1, 'MIT'],
      ['4.17.21', 1, 'MIT'],
    ]);
    expect(d.versions[0].evidence[0]).toMatchObject({ projectName: 'billing' });
    expect(d.advisories).toEqual([expect.objectContaining({ id: 'GHSA-dash-lodash', severity: 'high', projects: 1, open: 1, versions: ['4.17.20'] })]);
    // The viewer does not see billing, so neither its version nor its advisory.
    const v = (await get('/api/v1/components/detail?ecosystem=npm&name=lodash', viewer)).json();
    expect(v.versions.map((x: { version: string }) => x.version)).toEqual(['4.17.21']);
    expect(v.advisories).toEqual([]);
  });

  it.skipIf(engine.unavailable)('lists the advisories on the portfolio, filtered by id, summary or package', async () => {
    const all = (await get('/api/v1/advisories')).json();
    expect(all).toEqual([expect.objectContaining({ id: 'GHSA-dash-lodash', packages: ['lodash'], projects: 1, open: 1, summary: 'Prototype pollution in lodash' })]);
    expect((await get('/api/v1/advisories?q=POLLUTION')).json()).toHaveLength(1);
    expect((await get('/api/v1/advisories?q=left-pad')).json()).toHaveLength(0);
    // Hostile search text is a bound parameter, never SQL.
    const hostile = await get(`/api/v1/advisories?q=${encodeURIComponent("'); DROP TABLE findings; --")}`);
    expect(hostile.statusCode).toBe(200);
    expect(hostile.json()).toEqual([]);
    expect((await get(`/api/v1/advisories?q=${'x'.repeat(201)}`)).statusCode).toBe(400);
  });

  it.skipIf(engine.unavailable)('describes the configured policy\'s rules', async () => {
    const p = (await get('/api/v1/policy')).json();
    expect(p).toMatchObject({ configured: true, name: 'dashboard test', source: 'test.policy.yaml' });
    expect(p.rules).toEqual([
      expect.objectContaining({ kind: 'license', id: 'strong-copyleft', action: 'deny', severity: 'high', match: 'strong-copyleft' }),
      expect.objectContaining({ kind: 'vulnerability', id: 'old-critical', action: null, match: 'severity >= critical, older than 3650 days' }),
    ]);
  });

  it.skipIf(engine.unavailable)('rejects a component query without a name', async () => {
    const r = await get('/api/v1/components/detail?ecosystem=npm');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('/querystring/name');
  });
});
