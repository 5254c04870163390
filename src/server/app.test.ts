// The API in-process (app.inject) on both engines: uploads (good, malformed, oversized, wrong
// type: nothing written), problem+json, the role x route matrix walked from the OpenAPI
// document, one audit record per mutation, and the permission guard.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, rows, verifyAudit, type Store } from '../store/index.js';
import { createToken } from '../store/repo/tokens.js';
import { createUser } from '../store/repo/users.js';
import { createWaiver } from '../store/repo/waivers.js';
import { ROLES } from '../store/schema.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';
import { memorySource } from '../vulns/index.js';
import { startOidcProvider, type TestOidcProvider } from '../test-support/oidc-provider.js';
import { buildServer, permissionGuard } from './app.js';
import { PORTFOLIO_ROLES, TRIAGE_KINDS, roleHas, type Permission } from './permissions.js';
import { WORKFLOW_CASES } from '../test-support/workflow-cases.js';
import { scanCases } from '../test-support/scan-cases.js';
import { SCAN } from '../jobs/kinds/scan.js';
import { startWorker, type Worker } from '../jobs/worker.js';
import { npmAdvisory } from '../test-support/osv.js';

const engines = await suiteEngines('API suite');
const BOM = readFileSync(new URL('./__fixtures__/cyclonedx-lodash.json', import.meta.url), 'utf8');
const ADVISORY = npmAdvisory('GHSA-test-lodash', 'lodash', '4.17.21', 'HIGH', 'Prototype pollution in lodash');
const CDX = 'application/vnd.cyclonedx+json';
const OIDC_REDIRECT = 'http://ospo.test/api/v1/auth/oidc/callback';
let unique = 0;
/** The fixture BOM with a version no earlier upload had, so it makes a new snapshot. */
const freshBom = () => BOM.replace(/1\.3\.0/g, `1.3.${++unique}`);

type Role = (typeof ROLES)[number];
type App = Awaited<ReturnType<typeof buildServer>>;

interface World {
  teams: { own: string; foreign: string };
  projects: { own: string; foreign: string };
  snapshots: { own: number; foreign: number };
  findings: { own: string; foreign: string };
  tokens: Record<Role, string>;
  users: Record<Role, string>;
}

async function seed(store: Store, app: App): Promise<World> {
  const own = (await createTeam(store, 'own')).id;
  const foreign = (await createTeam(store, 'foreign')).id;
  const tokens = {} as Record<Role, string>;
  const users = {} as Record<Role, string>;
  for (const role of ROLES) {
    const u = await createUser(store, { email: `${role}@example.com`, role, password: 'correct horse battery', teamIds: [own] });
    users[role] = u.id;
    tokens[role] = (await createToken(store, { userId: u.id, name: 'test', scopes: role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'] })).token;
  }
  const H = { authorization: `Bearer ${tokens.admin}` };
  const projects = { own: '', foreign: '' };
  const snapshots = { own: 0, foreign: 0 };
  const findings = { own: '', foreign: '' };
  for (const side of ['own', 'foreign'] as const) {
    const p = await app.inject({ method: 'POST', url: '/api/v1/projects', headers: H, payload: { teamId: side === 'own' ? own : foreign, name: `${side}-app` } });
    projects[side] = p.json().id;
    const s = await app.inject({ method: 'POST', url: `/api/v1/projects/${projects[side]}/snapshots`, headers: { ...H, 'content-type': CDX }, payload: BOM });
    expect(s.statusCode).toBe(201);
    snapshots[side] = s.json().snapshot.id;
    const [f] = await rows<{ id: string }>(store.db, sql`SELECT id FROM findings WHERE project_id = ${projects[side]}`);
    findings[side] = f!.id;
  }
  return { teams: { own, foreign }, projects, snapshots, findings, tokens, users };
}

type Side = 'own' | 'foreign';
interface Case {
  /** What the call needs: the path, the body, the content type; may create fixtures first. */
  build: (w: World, side: Side, role: Role, store: Store, app: App) => Promise<{ url: string; payload?: unknown; contentType?: string; cookie?: string }>;
  permission: Permission;
  /** Whether a developer or viewer gets 404 on a foreign project ('team': 403 for a foreign team). */
  scoped?: 'project' | 'team';
  ok: number;
  /** A status that differs from the matrix's for this role and side. */
  expect?: (role: Role, side: Side) => number | undefined;
}

// One entry per operation in the OpenAPI document; the test fails when a route has none.
const CASES: Record<string, Case> = {
  health: { permission: 'public', ok: 200, build: async () => ({ url: '/api/v1/health' }) },
  login: { permission: 'public', ok: 200, build: async (_w, _s, role) => ({ url: '/api/v1/auth/login', payload: { email: `${role}@example.com`, password: 'correct horse battery' } }) },
  me: { permission: 'self', ok: 200, build: async () => ({ url: '/api/v1/me' }) },
  listTokens: { permission: 'self', ok: 200, build: async () => ({ url: '/api/v1/tokens' }) },
  createToken: { permission: 'self.write', ok: 201, build: async () => ({ url: '/api/v1/tokens', payload: { name: 'ci', scopes: ['read'], expires: '1d' } }) },
  revokeToken: {
    permission: 'self.write',
    ok: 204,
    build: async (w, _s, role, store) => ({ url: `/api/v1/tokens/${(await createToken(store, { userId: w.users[role], name: 'doomed' })).record.id}` }),
  },
  listUsers: { permission: 'user.admin', ok: 200, build: async () => ({ url: '/api/v1/users' }) },
  createUser: { permission: 'user.admin', ok: 201, build: async () => ({ url: '/api/v1/users', payload: { email: `new${++unique}@example.com`, role: 'viewer' } }) },
  listTeams: { permission: 'team.read', ok: 200, build: async () => ({ url: '/api/v1/teams' }) },
  createTeam: { permission: 'team.write', ok: 201, build: async () => ({ url: '/api/v1/teams', payload: { name: `team-${++unique}` } }) },
  listProjects: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/projects?lifecycle=active' }) },
  createProject: { permission: 'project.create', scoped: 'team', ok: 201, build: async (w, side) => ({ url: '/api/v1/projects', payload: { teamId: w.teams[side], name: `p-${++unique}` } }) },
  getProject: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}` }) },
  updateProject: { permission: 'project.write', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}`, payload: { tags: [`t${++unique}`] } }) },
  uploadSnapshot: { permission: 'project.write', scoped: 'project', ok: 201, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/snapshots`, payload: freshBom(), contentType: CDX }) },
  listSnapshots: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/snapshots` }) },
  getSnapshot: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/snapshots/${w.snapshots[side]}` }) },
  diffSnapshots: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/diff?from=${w.snapshots[side]}&to=${w.snapshots[side]}` }) },
  downloadSbom: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/snapshots/${w.snapshots[side]}/sbom?format=cyclonedx-xml` }) },
  projectPolicyResults: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/policy` }) },
  whereUsed: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/components/usage?ecosystem=npm&name=lodash&range=%3C%204.17.21' }) },
  advisoryImpact: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/advisories/GHSA-test-lodash/projects' }) },
  listFindings: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/findings?severity=high,critical&kind=vulnerability&status=open' }) },
  getFinding: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/findings/${w.findings[side]}` }) },
  triageFinding: {
    permission: 'finding.triage',
    scoped: 'project',
    ok: 200,
    build: async (w, side) => ({ url: `/api/v1/findings/${w.findings[side]}`, payload: { state: 'in_triage' } }),
  },
  licenseDistribution: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/licenses' }) },
  listWaivers: { permission: 'waiver.read', ok: 200, build: async () => ({ url: '/api/v1/waivers' }) },
  createWaiver: { permission: 'waiver.write', scoped: 'project', ok: 201, build: async (w, side) => ({ url: '/api/v1/waivers', payload: { projectId: w.projects[side], ruleId: 'GHSA-x', reason: 'not-used', owner: 'me' } }) },
  getWaiver: { permission: 'waiver.read', scoped: 'project', ok: 200, build: async (w, side, _r, store) => ({ url: `/api/v1/waivers/${(await waiverIn(store, w, side)).id}` }) },
  updateWaiver: { permission: 'waiver.write', scoped: 'project', ok: 200, build: async (w, side, _r, store) => ({ url: `/api/v1/waivers/${(await waiverIn(store, w, side)).id}`, payload: { comment: 'checked' } }) },
  revokeWaiver: { permission: 'waiver.write', scoped: 'project', ok: 204, build: async (w, side, _r, store) => ({ url: `/api/v1/waivers/${(await waiverIn(store, w, side)).id}` }) },
  oidcLogin: { permission: 'public', ok: 302, build: async () => ({ url: '/api/v1/auth/oidc/login' }) },
  oidcCallback: {
    permission: 'public',
    ok: 200,
    // A real sign-in at the provider on 127.0.0.1: the callback URL and this browser's state cookie.
    build: async (_w, _s, _r, _store, app) => {
      const login = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
      const back = new URL((await fetch(String(login.headers.location), { redirect: 'manual' })).headers.get('location')!);
      return { url: back.pathname + back.search, cookie: String(login.headers['set-cookie']).split(';')[0]! };
    },
  },
  listAudit: { permission: 'audit.read', ok: 200, build: async () => ({ url: '/api/v1/audit?limit=5' }) },
  verifyAudit: { permission: 'audit.read', ok: 200, build: async () => ({ url: '/api/v1/audit/verify' }) },
  ...WORKFLOW_CASES,
  portfolioSummary: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/portfolio/summary' }) },
  snapshotComponents: { permission: 'project.read', scoped: 'project', ok: 200, build: async (w, side) => ({ url: `/api/v1/projects/${w.projects[side]}/snapshots/${w.snapshots[side]}/components` }) },
  componentDetail: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/components/detail?ecosystem=npm&name=lodash' }) },
  listAdvisories: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/advisories?q=lodash' }) },
  getPolicy: { permission: 'portfolio.read', ok: 200, build: async () => ({ url: '/api/v1/policy' }) },
  ...scanCases(() => {
    if (!queue) throw new Error('the walk\'s queue is not open');
    return queue.queue;
  }),
};
/** The walk's send-only queue (scans are queued, never run). */
let queue: Worker | undefined;
const waiverIn = (store: Store, w: World, side: Side) => createWaiver(store, { projectId: w.projects[side], ruleId: 'GHSA-y', reason: 'r', owner: 'o' });

/** The status the matrix in docs/api.md promises. */
function expected(c: Case, op: string, role: Role, side: Side): number {
  if (!roleHas(role, c.permission)) return 403;
  const special = c.expect?.(role, side);
  if (special !== undefined) return special;
  const sees = PORTFOLIO_ROLES.includes(role) || side === 'own';
  if (c.scoped === 'project' && !sees) return 404;
  if (c.scoped === 'team' && !sees) return 403;
  if (op === 'triageFinding' && !TRIAGE_KINDS[role].includes('vulnerability')) return 403;
  return c.ok;
}

describe.each(engines)('API on $name', (engine) => {
  const suite = useSuiteStore(engine, { reset: 'once' });
  let store: Store;
  let app: App;
  let w: World;
  let provider: TestOidcProvider;
  let dataDir: string | undefined;
  beforeAll(async () => {
    if (engine.unavailable) return;
    store = suite.store;
    provider = await startOidcProvider({ redirectUris: [OIDC_REDIRECT] });
    const oidc = { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: OIDC_REDIRECT, allowInsecure: true };
    dataDir = mkdtempSync(join(tmpdir(), 'ospo-api-data-'));
    queue = await startWorker({ store, dataDir, work: false, jobs: [SCAN] });
    app = await buildServer({ store, advisories: memorySource([ADVISORY]), sbomLimit: 64 * 1024, oidc, scans: { queue: queue.queue } });
    w = await seed(store, app);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await queue?.stop(2000);
    queue = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await provider?.close();
  });
  const admin = () => ({ authorization: `Bearer ${w.tokens.admin}` });
  const snapshotCount = async () => Number((await rows<{ n: string }>(store.db, sql`SELECT count(*) AS n FROM snapshots`))[0]!.n);

  it.skipIf(engine.unavailable)('serves an OpenAPI 3.1 document naming every route, each with an operationId', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json() as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.every((o) => typeof o === 'string')).toBe(true);
    expect(new Set(ops)).toEqual(new Set(Object.keys(CASES)));
  });

  it.skipIf(engine.unavailable)('ingests an upload, matches it, and gives the same state for the same document', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/v1/findings?project=${w.projects.own}`, headers: admin() });
    expect(r.json().items.map((f: { ruleId: string; severity: string }) => [f.ruleId, f.severity])).toContainEqual(['GHSA-test-lodash', 'high']);
    const before = await snapshotCount();
    const again = await app.inject({ method: 'POST', url: `/api/v1/projects/${w.projects.foreign}/snapshots`, headers: { ...admin(), 'content-type': CDX }, payload: BOM });
    // The foreign project's latest may have moved in other tests; a repeat of the latest writes nothing.
    const repeat = await app.inject({ method: 'POST', url: `/api/v1/projects/${w.projects.foreign}/snapshots`, headers: { ...admin(), 'content-type': CDX }, payload: BOM });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json().created).toBe(false);
    expect(await snapshotCount()).toBe(before + (again.statusCode === 201 ? 1 : 0));
    const impact = await app.inject({ method: 'GET', url: '/api/v1/advisories/GHSA-test-lodash/projects', headers: admin() });
    expect(impact.json().map((i: { projectId: string }) => i.projectId).sort()).toEqual([w.projects.own, w.projects.foreign].sort());
  });

  it.skipIf(engine.unavailable).each([
    ['malformed JSON', CDX, '{"bomFormat": "CycloneDX", "components": [', 400, 'invalid-document'],
    ['JSON that is no SBOM', 'application/json', '{"name": "x"}', 400, 'invalid-document'],
    ['XML sent as JSON', CDX, '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>', 400, 'invalid-document'],
    ['an XML entity bomb', 'application/vnd.cyclonedx+xml', '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaa">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6">&a;</bom>', 400, 'invalid-document'],
    ['an oversized SBOM', CDX, `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${'{"type":"library","name":"x"},'.repeat(5000)}{}]}`, 413, 'too-large'],
    ['an unsupported content type', 'text/plain', 'hello', 415, 'unsupported-media-type'],
  ])('answers %s with problem+json and writes nothing', async (_name, type, body, status, slug) => {
    const beforeSnapshots = await snapshotCount();
    const beforeAudit = await verifyAudit(store);
    const r = await app.inject({ method: 'POST', url: `/api/v1/projects/${w.projects.own}/snapshots`, headers: { ...admin(), 'content-type': type }, payload: body });
    expect(r.statusCode).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ type: `/api/v1/problems/${slug}`, status, instance: `/api/v1/projects/${w.projects.own}/snapshots` });
    expect(await snapshotCount()).toBe(beforeSnapshots);
    expect((await verifyAudit(store)).records).toBe(beforeAudit.records);
  });

  it.skipIf(engine.unavailable)('lists every invalid field of a request, and requires a justification for not_affected', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin(), payload: { teamId: 'nope', name: '', lifecycle: 'dead' } });
    expect(r.statusCode).toBe(400);
    const fields = (r.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/body/teamId', '/body/name', '/body/lifecycle']));
    const t2 = await app.inject({ method: 'PATCH', url: `/api/v1/findings/${w.findings.own}`, headers: admin(), payload: { state: 'not_affected' } });
    expect(t2.statusCode).toBe(400);
    expect(t2.json().errors).toEqual([{ field: '/body/justification', message: 'is required when state is not_affected' }]);
    const ok = await app.inject({ method: 'PATCH', url: `/api/v1/findings/${w.findings.own}`, headers: admin(), payload: { state: 'not_affected', justification: 'code_not_reachable' } });
    expect(ok.json()).toMatchObject({ status: 'suppressed', analysis: { state: 'not_affected', justification: 'code_not_reachable' } });
  });

  it.skipIf(engine.unavailable)('refuses missing, unknown, expired and read-only tokens', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/projects' })).statusCode).toBe(401);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/projects', headers: { authorization: 'Bearer ospo_nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toBe('Bearer');
    const expired = await createToken(store, { userId: w.users.admin, name: 'old', expiresInMs: -1000 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/projects', headers: { authorization: `Bearer ${expired.token}` } })).statusCode).toBe(401);
    const ro = await createToken(store, { userId: w.users.admin, name: 'ro', scopes: ['read'] });
    expect(ro.token).toMatch(/^ospo_[A-Za-z0-9_-]{43}$/);
    const h = { authorization: `Bearer ${ro.token}` };
    expect((await app.inject({ method: 'GET', url: '/api/v1/projects', headers: h })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/teams', headers: h, payload: { name: 'x' } })).statusCode).toBe(403);
    const [stored] = await rows<{ token_hash: string }>(store.db, sql`SELECT token_hash FROM api_tokens WHERE id = ${ro.record.id}`);
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const [pw] = await rows<{ password_hash: string }>(store.db, sql`SELECT password_hash FROM users WHERE id = ${w.users.admin}`);
    expect(pw!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it.skipIf(engine.unavailable)('walks every route for every role on own and foreign projects, as the matrix says', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
    const mismatches: string[] = [];
    let calls = 0;
    for (const [, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const c = CASES[op.operationId];
        if (!c) {
          mismatches.push(`${op.operationId}: no case`);
          continue;
        }
        for (const role of ROLES) {
          for (const side of c.scoped ? (['own', 'foreign'] as const) : (['own'] as const)) {
            const req = await c.build(w, side, role, store, app);
            const r = await app.inject({
              method: method.toUpperCase() as 'GET',
              url: req.url,
              headers: { authorization: `Bearer ${w.tokens[role]}`, ...(req.contentType ? { 'content-type': req.contentType } : {}), ...(req.cookie ? { cookie: req.cookie } : {}) },
              ...(req.payload !== undefined ? { payload: req.payload as string } : {}),
            });
            calls++;
            const want = expected(c, op.operationId, role, side);
            if (r.statusCode !== want) mismatches.push(`${role} ${side} ${op.operationId}: ${r.statusCode} (want ${want}) ${r.body.slice(0, 200)}`);
            if (r.statusCode >= 400) expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBeGreaterThan(200);
  }, 120_000);

  it.skipIf(engine.unavailable)('serialises conflicting writes: concurrent uploads to one project and triages of one finding', async () => {
    const project = (await app.inject({ method: 'POST', url: '/api/v1/projects', headers: admin(), payload: { teamId: w.teams.own, name: `race-${++unique}` } })).json<{ id: string }>().id;
    const boms = Array.from({ length: 4 }, () => freshBom());
    const uploads = await Promise.all(
      boms.map((payload) => app.inject({ method: 'POST', url: `/api/v1/projects/${project}/snapshots`, headers: { ...admin(), 'content-type': CDX }, payload })),
    );
    expect(uploads.map((u) => u.statusCode)).toEqual([201, 201, 201, 201]);
    const ids = uploads.map((u) => u.json<{ snapshot: { id: number } }>().snapshot.id);
    expect(new Set(ids).size).toBe(4);
    // The project's latest snapshot is the last one committed, and each snapshot is whole.
    const latest = (await app.inject({ method: 'GET', url: `/api/v1/projects/${project}`, headers: admin() })).json<{ latestSnapshotId: number }>().latestSnapshotId;
    expect(latest).toBe(Math.max(...ids));
    const links = await rows<{ snapshot_id: number; n: string }>(store.db, sql`SELECT snapshot_id, count(*) AS n FROM snapshot_components WHERE snapshot_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) GROUP BY 1`);
    expect(links.map((l) => Number(l.n))).toEqual([2, 2, 2, 2]);

    const states = ['in_triage', 'exploitable', 'resolved', 'false_positive'] as const;
    const finding = w.findings.own;
    const before = (await verifyAudit(store)).records;
    const triages = await Promise.all(
      states.map((state) => app.inject({ method: 'PATCH', url: `/api/v1/findings/${finding}`, headers: admin(), payload: { state } })),
    );
    expect(triages.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    // Four records, one per triage, chained in commit order; the finding holds the last one's state.
    // Each triage saw the one committed before it: the records' from/to states form one chain.
    const audit = (await rows<{ details: { from: { state: string | null }; to: { state: string } } }>(store.db, sql`SELECT details FROM audit_log WHERE action = 'finding.triage' AND target = ${`finding:${finding}`} ORDER BY id DESC LIMIT 4`)).reverse();
    expect((await verifyAudit(store)).records - before).toBe(4);
    expect(audit.map((a) => a.details.to.state).sort()).toEqual([...states].sort());
    for (let i = 1; i < audit.length; i++) expect(audit[i]!.details.from.state).toBe(audit[i - 1]!.details.to.state);
    const now = (await app.inject({ method: 'GET', url: `/api/v1/findings/${finding}`, headers: admin() })).json<{ analysis: { state: string } }>();
    expect(now.analysis.state).toBe(audit.at(-1)!.details.to.state);
  });

  it.skipIf(engine.unavailable)('writes exactly one audit record per mutation, and the chain verifies', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
    const counted: string[] = [];
    for (const methods of Object.values(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (method === 'get') continue;
        const req = await CASES[op.operationId]!.build(w, 'own', 'admin', store, app);
        const before = (await verifyAudit(store)).records;
        const r = await app.inject({
          method: method.toUpperCase() as 'POST',
          url: req.url,
          headers: { ...admin(), ...(req.contentType ? { 'content-type': req.contentType } : {}) },
          ...(req.payload !== undefined ? { payload: req.payload as string } : {}),
        });
        expect(r.statusCode, `${op.operationId}: ${r.body}`).toBeLessThan(300);
        const after = await verifyAudit(store);
        expect(after.ok).toBe(true);
        expect(after.records - before, op.operationId).toBe(1);
        counted.push(op.operationId);
      }
    }
    expect(counted.length).toBeGreaterThanOrEqual(12);
    const v = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: admin() });
    expect(v.json()).toMatchObject({ ok: true });
  }, 60_000);
});

describe('permission guard', () => {
  it('refuses to build a server with a route that declares no permission', async () => {
    const app = Fastify();
    app.addHook('onRoute', permissionGuard);
    expect(() => app.get('/x', async () => 'x')).toThrow('route GET /x declares no permission');
    expect(() => app.get('/y', { config: { access: { permission: 'nonsense' as 'public' } } }, async () => 'y')).toThrow('declares no permission');
    expect(() => app.get('/z', { config: { access: { permission: 'public' } } }, async () => 'z')).not.toThrow();
  });
});
