// The workflow API end to end on both engines, over a real listening server on 127.0.0.1:
// 100 concurrent conflicting transitions (exactly one succeeds, the rest get 409, one audit
// record), self-approval refused, a publication request through two required roles and a
// repository check, the decision register, training by CSV, and signed webhook deliveries to a
// receiver on 127.0.0.1 with a retry.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type Worker } from '../jobs/worker.js';
import { WEBHOOK } from '../jobs/kinds/webhook.js';
import { FAST } from '../jobs/testing.js';
import { createTeam, rows, verifyAudit, type Store } from '../store/index.js';
import { createToken } from '../store/repo/tokens.js';
import { createUser } from '../store/repo/users.js';
import type { ROLES } from '../store/schema.js';
import { resetStore, testEngines, type TestStore } from '../store/testing.js';
import { verifySignature } from '../workflows/webhooks.js';
import { buildServer } from './app.js';

const engines = await testEngines();
type Role = (typeof ROLES)[number];

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on 127.0.0.1 that fails the first `failFirst` posts with 500. */
async function receiver(failFirst: number): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls++;
      if (calls <= failFirst) {
        res.writeHead(500).end('try again');
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(engines)('workflow API on $name', (engine) => {
  let t: TestStore;
  let store: Store;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let base: string;
  let worker: Worker;
  let team: string;
  const tokens = {} as Record<'dev' | 'legal' | 'security' | 'ospo' | 'admin' | 'viewer', string>;

  beforeAll(async () => {
    if (engine.unavailable) return;
    t = await engine.create();
    store = t.store;
    await resetStore(store);
    // A fast retry for the test; the shipped policy waits 30 s and backs off.
    worker = await startWorker({ store, dataDir: '/nonexistent', jobs: [{ ...WEBHOOK, policy: { ...WEBHOOK.policy, retryDelay: 1, retryBackoff: false } }], ...FAST });
    app = await buildServer({ store, sendJob: (r) => worker.send(r) });
    base = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1`;
    team = (await createTeam(store, 'payments')).id;
    const roles: Record<keyof typeof tokens, Role> = { dev: 'developer', legal: 'legal', security: 'security', ospo: 'ospo', admin: 'admin', viewer: 'viewer' };
    for (const [k, role] of Object.entries(roles) as [keyof typeof tokens, Role][]) {
      const u = await createUser(store, { email: `${k}@example.com`, role, teamIds: [team] });
      tokens[k] = (await createToken(store, { userId: u.id, name: 't', scopes: ['read', 'write'] })).token;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await worker?.stop(5000);
    await t?.dispose();
  });

  const call = async (who: keyof typeof tokens | string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const token = who in tokens ? tokens[who as keyof typeof tokens] : who;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
  };

  it.skipIf(engine.unavailable)('gives exactly one success and 409 for the other 99 of 100 concurrent conflicting transitions, with one audit record', async () => {
    const created = await call('dev', 'POST', '/requests', { type: 'question', title: 'May we vendor a patched zlib?', teamId: team, answers: { topic: 'licensing' }, submit: true });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const version = created.json.version as number;
    // 100 distinct reviewers, so no refusal is about reviewing twice: every loser loses the race.
    const reviewers: string[] = [];
    for (let i = 0; i < 100; i++) {
      const u = await createUser(store, { email: `reviewer${i}@example.com`, role: (['ospo', 'legal', 'security'] as const)[i % 3]! });
      reviewers.push((await createToken(store, { userId: u.id, name: 'r', scopes: ['write'] })).token);
    }
    const actions = ['approve', 'reject', 'request_changes'] as const;
    const auditBefore = (await verifyAudit(store)).records;
    const results = await Promise.all(
      reviewers.map((token, i) => call(token, 'POST', `/requests/${id}/transitions`, { action: actions[i % 3], rationale: `reviewer ${i}` }, { 'if-match': `"${version}"` })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.type).toMatch(/^application\/problem\+json/);
      expect(r.json).toMatchObject({ type: '/api/v1/problems/conflict', status: 409 });
    }
    const after = await verifyAudit(store);
    expect(after).toMatchObject({ ok: true, records: auditBefore + 1 });
    const [reviews] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM request_reviews WHERE request_id = ${id}`);
    expect(Number(reviews!.n)).toBe(1);
    const final = await call('dev', 'GET', `/requests/${id}`);
    expect(final.json.version).toBe(version + 1);

    // Without a version the state machine decides: once rejected or approved, nothing moves it.
    const second = await call('dev', 'POST', '/requests', { type: 'question', title: 'Second question', teamId: team, submit: true });
    const racing = await Promise.all(reviewers.map((token) => call(token, 'POST', `/requests/${second.json.id}/transitions`, { action: 'reject', rationale: 'no' })));
    expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(99);
    const [decisions] = await rows<{ n: string | number }>(store.db, sql`SELECT count(*) AS n FROM decisions WHERE request_id = ${second.json.id}`);
    expect(Number(decisions!.n)).toBe(1);
  }, 120_000);

  it.skipIf(engine.unavailable)('refuses self-approval, a viewer or developer reviewer and a missing rationale; a stale If-Match is 409; a new viewer may ask', async () => {
    const mine = await call('legal', 'POST', '/requests', { type: 'question', title: 'Legal asks itself', submit: true });
    const self = await call('legal', 'POST', `/requests/${mine.json.id}/transitions`, { action: 'approve', rationale: 'fine by me' });
    expect(self.status).toBe(403);
    expect(self.json).toMatchObject({ type: '/api/v1/problems/self-review' });
    expect(mine.json.actions).toEqual(['withdraw']);
    // A viewer (a new OIDC user starts as one) does not see legal's request, and reviews nothing.
    expect((await call('viewer', 'POST', `/requests/${mine.json.id}/transitions`, { action: 'approve', rationale: 'x' })).status).toBe(404);
    const asked = await call('viewer', 'POST', '/requests', { type: 'question', title: 'I am new: may I publish my dotfiles?', answers: { topic: 'community' }, submit: true });
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({ state: 'submitted', teamId: null, actions: ['withdraw'] });
    expect((await call('viewer', 'GET', '/requests?mine=true')).json.items.map((x: { id: string }) => x.id)).toEqual([asked.json.id]);
    expect((await call('ospo', 'GET', '/requests?inbox=true')).json.items.map((x: { id: string }) => x.id)).toContain(asked.json.id);
    const dev = await call('dev', 'POST', `/requests/${mine.json.id}/transitions`, { action: 'approve', rationale: 'x' });
    expect(dev.status).toBe(404); // the developer cannot see legal's request without a team on it
    const noWhy = await call('ospo', 'POST', `/requests/${mine.json.id}/transitions`, { action: 'reject' });
    expect(noWhy.status).toBe(400);
    expect(noWhy.json.errors).toEqual([{ field: '/body/rationale', message: 'is required to reject' }]);
    const stale = await call('ospo', 'POST', `/requests/${mine.json.id}/transitions`, { action: 'review' }, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.json.detail).toMatch(/at version 2, not 1/);
    expect((await call('ospo', 'POST', `/requests/${mine.json.id}/transitions`, { action: 'review' }, { 'if-match': 'soon' })).status).toBe(400);
  });

  it.skipIf(engine.unavailable)('takes a publication request through training, a repository check and two required roles to a searchable decision', async () => {
    await call('ospo', 'POST', '/training/courses', { code: 'OSS-101', title: 'Open source basics', validDays: 365 });
    const form = (await call('dev', 'GET', '/request-types')).json.find((x: { id: string }) => x.id === 'publish');
    expect(form).toMatchObject({ requiredRoles: ['legal', 'security'], minApprovers: 2, requireRepoCheck: true, training: { courses: ['OSS-101'], enforce: 'approve' } });
    const bad = await call('dev', 'POST', '/requests', { type: 'publish', title: 'Publish the payments SDK', teamId: team, answers: { repository: 'ftp://x', license: 'MIT' }, submit: true });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(['/body/answers/repository', '/body/answers/maintainers', '/body/answers/reason']);
    const r = await call('dev', 'POST', '/requests', { type: 'publish', title: 'Publish the payments SDK', teamId: team, answers: { repository: 'https://git.example.com/payments/sdk', license: 'Apache-2.0', maintainers: 'payments team', reason: 'partners asked' }, submit: true });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ state: 'submitted', training: { missing: ['OSS-101'], satisfied: false }, approvals: { required: 2, missingRoles: ['legal', 'security'] } });
    const id = r.json.id;
    const early = await call('legal', 'POST', `/requests/${id}/transitions`, { action: 'approve', rationale: 'license fine' });
    expect(early.status).toBe(422);
    expect(early.json.type).toBe('/api/v1/problems/training-required');
    const csv = await call('ospo', 'POST', '/training/completions/import', '\ufeffemail,course,completed_at\r\n"dev@example.com","OSS-101",2026-11-30\r\n');
    expect(csv.status, JSON.stringify(csv.json)).toBe(200);
    expect(csv.json).toEqual({ imported: 1, duplicates: 0, problems: [] });
    const noCheck = await call('legal', 'POST', `/requests/${id}/transitions`, { action: 'approve', rationale: 'license fine' });
    expect(noCheck.json.type).toBe('/api/v1/problems/repo-check-required');
    const failing = await call('dev', 'PUT', `/requests/${id}/repo-check`, { report: { summary: { passed: false }, rules: [] } });
    expect(failing.json.repoCheckPassed).toBe(false);
    expect((await call('dev', 'PUT', `/requests/${id}/repo-check`, { path: '/etc' })).status).toBe(403);
    await call('dev', 'PUT', `/requests/${id}/repo-check`, { report: { path: '.', summary: { passed: true, failOn: 'high' }, rules: [{ id: 'license', status: 'pass' }] } });
    const one = await call('legal', 'POST', `/requests/${id}/transitions`, { action: 'approve', rationale: 'Apache-2.0 is our default for SDKs', clauses: ['publishing/license'] });
    expect(one.json).toMatchObject({ state: 'in_review', approvals: { approvers: ['legal@example.com'], missingRoles: ['security'], complete: false } });
    const again = await call('legal', 'POST', `/requests/${id}/transitions`, { action: 'approve', rationale: 'twice' });
    expect(again.status).toBe(409);
    await call('dev', 'POST', `/requests/${id}/comments`, { body: 'security review booked for Tuesday' });
    const two = await call('security', 'POST', `/requests/${id}/transitions`, { action: 'approve', rationale: 'no secrets, SECURITY.md present', clauses: ['publishing/security'] });
    expect(two.json).toMatchObject({ state: 'approved', decision: { outcome: 'approved', rationale: 'no secrets, SECURITY.md present', clauses: ['publishing/security'] } });
    expect(two.json.comments.map((c: { body: string }) => c.body)).toEqual(['security review booked for Tuesday']);
    const found = await call('viewer', 'GET', `/decisions?q=${encodeURIComponent('secrets payments')}`);
    expect(found.json.items.map((d: { requestId: string }) => d.requestId)).toContain(id);
    const inbox = await call('legal', 'GET', '/requests?inbox=true');
    expect(inbox.json.items.map((x: { id: string }) => x.id)).not.toContain(id);
    const audit = await rows<{ action: string }>(store.db, sql`SELECT action FROM audit_log WHERE target = ${`request:${id}`} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['request.create', 'request.submit', 'request.repo_check', 'request.repo_check', 'request.approve', 'request.comment', 'request.approve']);
  });

  it.skipIf(engine.unavailable)('turns an approved exception into a waiver and an approved adoption into an allowlist entry', async () => {
    const ex = await call('dev', 'POST', '/requests', { type: 'exception', title: 'Waive GPL rule for the build tool', teamId: team, answers: { rule: 'deny-gpl', purl: 'pkg:npm/gpl-tool', expires: '2027-03-31', justification: 'build time only' }, submit: true });
    await call('security', 'POST', `/requests/${ex.json.id}/transitions`, { action: 'approve', rationale: 'not shipped' });
    const done = await call('legal', 'POST', `/requests/${ex.json.id}/transitions`, { action: 'approve', rationale: 'not distributed', clauses: ['licenses/deny-gpl'] });
    expect(done.json.state).toBe('approved');
    const waiver = await call('legal', 'GET', `/waivers/${done.json.decision.waiverId}`);
    expect(waiver.json).toMatchObject({ ruleId: 'deny-gpl', componentPurl: 'pkg:npm/gpl-tool', reason: 'legal-approved', teamId: team, expiresAt: '2027-03-31T23:59:59.999Z' });
    const ad = await call('dev', 'POST', '/requests', { type: 'adopt', title: 'Adopt zod for validation', teamId: team, answers: { purl: 'pkg:npm/zod', versions: '>=3.0.0, <4.0.0', license: 'MIT', usage: 'saas' }, submit: true });
    const similar = await call('dev', 'GET', `/requests/${ad.json.id}`);
    expect(Array.isArray(similar.json.similar)).toBe(true);
    await call('legal', 'POST', `/requests/${ad.json.id}/transitions`, { action: 'approve', rationale: 'MIT' });
    const allow = await call('viewer', 'GET', '/allowlist');
    expect(allow.json).toContainEqual(expect.objectContaining({ purl: 'pkg:npm/zod', versions: '>=3.0.0, <4.0.0', requestId: ad.json.id }));
    const yaml = await fetch(`${base}/allowlist?format=policy`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toMatch(/action: allow\n\s+purl: pkg:npm\/zod\n\s+versions: '>=3.0.0, <4.0.0'/);
  });

  it.skipIf(engine.unavailable)('runs `ospo repo check` itself for a path under its repository roots, and only there', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ospo-publish-'));
    mkdirSync(join(root, 'sdk'));
    writeFileSync(join(root, 'sdk', 'README.md'), '# sdk\n');
    const checking = await buildServer({ store, repoCheckRoots: [root] });
    try {
      const r = await call('dev', 'POST', '/requests', { type: 'publish', title: 'Publish the sdk', teamId: team });
      const put = (path: string) => checking.inject({ method: 'PUT', url: `/api/v1/requests/${r.json.id}/repo-check`, headers: { authorization: `Bearer ${tokens.dev}` }, payload: { path } });
      const outside = await put('/etc');
      expect(outside.statusCode).toBe(400);
      expect(outside.json().detail).toMatch(/outside the directories/);
      const checked = await put(join(root, 'sdk'));
      expect(checked.statusCode, checked.body).toBe(200);
      expect(checked.json()).toMatchObject({ repoCheckPassed: false, repoCheck: { path: join(root, 'sdk'), summary: { passed: false } } });
      expect(checked.json().repoCheck.rules.find((x: { id: string }) => x.id === 'repo/license-present')).toMatchObject({ status: 'fail' });
    } finally {
      await checking.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.skipIf(engine.unavailable)('names bad CSV rows by line and writes none of them', async () => {
    const r = await call('ospo', 'POST', '/training/completions/import', 'email,course,completed_at\nok@example.com,OSS-101,2026-01-01\nnot-an-email,OSS-101,2026-01-01\n"x@example.com",NOPE,2026-01-01\n');
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([
      { field: '/line/3', message: '"not-an-email" is not an email address' },
      { field: '/line/4', message: 'unknown course "NOPE" (known: OSS-101)' },
    ]);
    const broken = await call('ospo', 'POST', '/training/completions/import', 'email,course,completed_at\n"unterminated,OSS-101,2026-01-01\n');
    expect(broken.json).toMatchObject({ status: 400, type: '/api/v1/problems/invalid-document' });
    expect(broken.json.detail).toMatch(/upload.csv:2: a quoted field is never closed/);
    const noHeader = await call('ospo', 'POST', '/training/completions/import', 'who,what\na,b\n');
    expect(noHeader.json.detail).toMatch(/missing: email, course, completed_at/);
    expect((await call('dev', 'POST', '/training/completions/import', 'email,course,completed_at\n')).status).toBe(403);
    const mine = await call('dev', 'GET', '/training/completions?email=ok@example.com');
    expect(mine.json.every((c: { email: string }) => c.email === 'dev@example.com')).toBe(true);
  });

  it.skipIf(engine.unavailable)('delivers signed Slack, Teams and JSON webhooks on submission and decision to 127.0.0.1, retrying a failure', async () => {
    const slack = await receiver(1);
    const plain = await receiver(0);
    try {
      expect((await call('ospo', 'POST', '/webhooks', { name: 'bad', url: 'file:///etc/passwd' })).status).toBe(400);
      expect((await call('ospo', 'POST', '/webhooks', { name: 'bad', url: 'http://user:pw@127.0.0.1/' })).status).toBe(400);
      expect((await call('dev', 'POST', '/webhooks', { name: 'x', url: slack.url })).status).toBe(403);
      const s = await call('ospo', 'POST', '/webhooks', { name: 'chat', url: slack.url, format: 'slack', events: ['request.submitted'] });
      expect(s.status).toBe(201);
      expect(s.json.secret).toMatch(/^whsec_/);
      const j = await call('ospo', 'POST', '/webhooks', { name: 'bus', url: plain.url, format: 'json', secret: 'a-shared-secret-of-some-length' });
      await call('ospo', 'POST', '/webhooks', { name: 'teams', url: plain.url, format: 'teams', events: ['request.decided'] });
      const r = await call('dev', 'POST', '/requests', { type: 'question', title: 'Is <MIT> & BSD fine?', teamId: team, submit: true });
      await call('ospo', 'POST', `/requests/${r.json.id}/transitions`, { action: 'approve', rationale: 'yes, both permissive', clauses: ['licenses/permissive'] });
      const deadline = Date.now() + 60_000;
      while ((slack.received.length < 1 || plain.received.length < 3) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
      expect(slack.received).toHaveLength(1);
      const sm = slack.received[0]!;
      expect(verifySignature(s.json.secret, sm.body, sm.headers['x-ospo-signature-256'] as string)).toBe(true);
      expect(verifySignature('wrong', sm.body, sm.headers['x-ospo-signature-256'] as string)).toBe(false);
      expect(JSON.parse(sm.body).text).toBe(`New General question request #${r.json.number}: Is &lt;MIT&gt; &amp; BSD fine?`);
      const events = plain.received.map((m) => [m.headers['x-ospo-event'], JSON.parse(m.body)] as const);
      const json = events.filter(([, b]) => b.event !== undefined);
      expect(json.map(([e]) => e).sort()).toEqual(['request.decided', 'request.submitted']);
      for (const m of plain.received.filter((x) => JSON.parse(x.body).event !== undefined)) expect(verifySignature('a-shared-secret-of-some-length', m.body, m.headers['x-ospo-signature-256'] as string)).toBe(true);
      expect(json.find(([e]) => e === 'request.decided')![1]).toMatchObject({ decision: { outcome: 'approved', clauses: ['licenses/permissive'] }, request: { number: r.json.number, state: 'approved' } });
      const teams = events.find(([, b]) => b.type === 'message')![1];
      expect(teams.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } });
      const deliveries = await call('ospo', 'GET', `/webhooks/${s.json.webhook.id}/deliveries`);
      expect(deliveries.json).toMatchObject([{ status: 'delivered', attempts: 2, lastStatus: 204 }]);
      expect((await call('ospo', 'GET', `/webhooks/${j.json.webhook.id}/deliveries`)).json.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
    } finally {
      await slack.close();
      await plain.close();
    }
  }, 90_000);
});
