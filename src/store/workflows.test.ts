// The workflow repositories' conformance suite (requests, reviews, decisions, allowlist, waivers,
// training, webhooks outbox), run on PGlite and PostgreSQL like store.test.ts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadRequestTypes } from '../workflows/request-types.js';
import { WorkflowError } from '../workflows/errors.js';
import { rows, type Store } from './engine.js';
import { ConflictError, NotFoundError } from './errors.js';
import { verifyAudit } from './repo/audit.js';
import { listAllowlist, searchDecisions, similarDecisions } from './repo/decisions.js';
import { createProject, createTeam } from './repo/projects.js';
import { addComment, createRequest, getRequest, listRequests, notifySlaBreaches, transitionRequest, updateRequest, type Caller } from './repo/requests.js';
import { createCourse, readCompletionsCsv, recordCompletions, trainingStatus } from './repo/training.js';
import { createUser } from './repo/users.js';
import { createWebhook } from './repo/webhooks.js';
import { resetStore, testEngines, type TestStore } from './testing.js';

const engines = await testEngines();
const TYPES = loadRequestTypes();

describe.each(engines)('workflows on $name', (engine) => {
  let t: TestStore;
  let store: Store;
  let team: string;
  let project: string;
  const people = {} as Record<'dev' | 'legal' | 'security' | 'ospo' | 'other', Caller>;

  beforeAll(async () => {
    if (!engine.unavailable) t = await engine.create();
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });
  beforeEach(async (ctx) => {
    if (engine.unavailable) ctx.skip();
    store = t.store;
    await resetStore(store);
    team = (await createTeam(store, 'payments')).id;
    project = (await createProject(store, { teamId: team, name: 'checkout' })).id;
    for (const [key, role] of [['dev', 'developer'], ['legal', 'legal'], ['security', 'security'], ['ospo', 'ospo'], ['other', 'developer']] as const) {
      const u = await createUser(store, { email: `${key}@example.com`, role, teamIds: key === 'other' ? [] : [team] });
      people[key] = { id: u.id, email: `${key}@example.com`, role, teams: key === 'other' ? [] : [team], portfolio: !['developer', 'viewer'].includes(role) };
    }
  });

  const adoption = (submit = true) =>
    createRequest(store, TYPES, { type: 'adopt', title: 'Adopt left-pad for string padding', projectId: project, answers: { purl: 'pkg:npm/left-pad@1.3.0', license: 'MIT', usage: 'saas' }, submit }, people.dev);

  it('runs an adoption from draft to approved: decision, allowlist entry and audit in the closing transaction', async () => {
    const draft = await adoption(false);
    expect(draft.request).toMatchObject({ state: 'draft', version: 1, teamId: team, componentPurl: 'pkg:npm/left-pad@1.3.0', dueAt: null });
    const submitted = await transitionRequest(store, TYPES, String(draft.request.number), { action: 'submit', version: 1 }, people.dev);
    expect(submitted.request).toMatchObject({ state: 'submitted', version: 2 });
    expect(submitted.request.dueAt!.getTime() - submitted.request.submittedAt!.getTime()).toBe(5 * 86_400_000);
    const approved = await transitionRequest(store, TYPES, draft.request.id, { action: 'approve', version: 2, rationale: 'MIT, tiny, maintained', clauses: ['licenses/permissive'] }, people.legal);
    expect(approved.request.state).toBe('approved');
    const detail = await getRequest(store, TYPES, draft.request.id, people.dev);
    expect(detail.decision).toMatchObject({ outcome: 'approved', rationale: 'MIT, tiny, maintained', clauses: ['licenses/permissive'], decidedByEmail: 'legal@example.com' });
    expect(detail.actions).toEqual([]);
    const allow = await listAllowlist(store.db);
    expect(allow).toMatchObject([{ purl: 'pkg:npm/left-pad', versions: '=1.3.0', requestId: draft.request.id }]);
    expect(detail.decision!.allowlistId).toBe(allow[0]!.id);
    const audit = await rows<{ action: string; details: { decisionId?: string; allowlistId?: string } }>(store.db, sql`SELECT action, details FROM audit_log WHERE target = ${`request:${draft.request.id}`} ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['request.create', 'request.submit', 'request.approve']);
    expect(audit[2]!.details).toMatchObject({ decisionId: detail.decision!.id, allowlistId: allow[0]!.id });
    expect((await verifyAudit(store)).ok).toBe(true);
  });

  it('refuses self-approval, wrong roles, a stale version and a transition the table lacks', async () => {
    const legalReq = await createRequest(store, TYPES, { type: 'question', title: 'May we use GPL tools in CI?', submit: true }, people.legal);
    await expect(transitionRequest(store, TYPES, legalReq.request.id, { action: 'approve', rationale: 'yes' }, people.legal)).rejects.toMatchObject({ problem: 'self-review' });
    const r = await adoption();
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'ok' }, people.other)).rejects.toBeInstanceOf(NotFoundError);
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'ok' }, people.dev)).rejects.toMatchObject({ problem: 'self-review' });
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'ok', version: 1 }, people.legal)).rejects.toBeInstanceOf(ConflictError);
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'submit' }, people.dev)).rejects.toThrow(/is submitted: it cannot be submitted/);
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'reject' }, people.legal)).rejects.toMatchObject({ problem: 'invalid' });
    const before = (await verifyAudit(store)).records;
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'withdraw' }, people.legal)).rejects.toBeInstanceOf(WorkflowError);
    expect((await verifyAudit(store)).records).toBe(before);
  });

  it('needs two distinct approvers and every required role for an exception, then writes an expiring waiver', async () => {
    const r = await createRequest(store, TYPES, { type: 'exception', title: 'Waive AGPL rule for the admin tool', projectId: project, answers: { rule: 'deny-agpl', purl: 'pkg:npm/agpl-thing', expires: '2027-06-30', justification: 'internal only' }, submit: true }, people.dev);
    const one = await transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'security fine' }, people.security);
    expect(one.request.state).toBe('in_review');
    await expect(transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'again' }, people.security)).rejects.toThrow(/already reviewed/);
    const progress = (await getRequest(store, TYPES, r.request.id, people.ospo)).approvals;
    expect(progress).toEqual({ required: 2, approvers: ['security@example.com'], requiredRoles: ['legal'], missingRoles: ['legal'], complete: false });
    // ospo approving makes two people, but legal has not: still in review.
    expect((await transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'ok' }, people.ospo)).request.state).toBe('in_review');
    const done = await transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'internal use only, reviewed', clauses: ['licenses/deny-agpl'] }, people.legal);
    expect(done.request.state).toBe('approved');
    const [w] = await rows<{ rule_id: string; component_purl: string; project_id: string; expires_at: Date | string; reason: string; owner: string }>(store.db, sql`SELECT * FROM waivers`);
    expect(w).toMatchObject({ rule_id: 'deny-agpl', component_purl: 'pkg:npm/agpl-thing', project_id: project, reason: 'legal-approved', owner: 'dev@example.com' });
    expect(new Date(w!.expires_at).toISOString()).toBe('2027-06-30T23:59:59.999Z');
  });

  it('sends a request back for changes, starts a new round on resubmission, and keeps comments', async () => {
    const r = await createRequest(store, TYPES, { type: 'exception', title: 'Waive rule X', answers: { rule: 'x', expires: '2027-01-01', justification: 'why' }, teamId: team, submit: true }, people.dev);
    await transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'fine' }, people.security);
    const back = await transitionRequest(store, TYPES, r.request.id, { action: 'request_changes', rationale: 'name the component' }, people.legal);
    expect(back.request.state).toBe('changes_requested');
    await expect(updateRequest(store, TYPES, r.request.id, { answers: { purl: 'not a purl' } }, people.dev)).rejects.toMatchObject({ problem: 'invalid' });
    await updateRequest(store, TYPES, r.request.id, { answers: { purl: 'pkg:npm/x' } }, people.dev);
    const again = await transitionRequest(store, TYPES, r.request.id, { action: 'submit' }, people.dev);
    expect(again.request).toMatchObject({ state: 'submitted', round: 2 });
    await addComment(store, r.request.id, 'added the purl', people.dev);
    const d = await getRequest(store, TYPES, r.request.id, people.legal);
    expect(d.approvals.approvers).toEqual([]);
    expect(d.reviews.map((v) => [v.round, v.verdict])).toEqual([[1, 'approved'], [1, 'changes_requested']]);
    expect(d.comments.map((c) => c.body)).toEqual(['added the purl']);
    expect(d.actions).toEqual(['review', 'approve', 'reject', 'request_changes']);
  });

  it('searches the decision register by full text, clause and outcome, and finds similar decisions', async () => {
    const a = await adoption();
    await transitionRequest(store, TYPES, a.request.id, { action: 'approve', rationale: 'permissive license, well maintained', clauses: ['licenses/permissive'] }, people.legal);
    const q = await createRequest(store, TYPES, { type: 'question', title: 'Can we contribute to Kubernetes?', submit: true }, people.dev);
    await transitionRequest(store, TYPES, q.request.id, { action: 'reject', rationale: 'use the contribution request type instead' }, people.ospo);
    expect((await searchDecisions(store, { q: 'maintained licenses' })).items.map((d) => d.requestNumber)).toEqual([a.request.number]);
    expect((await searchDecisions(store, { q: 'kubernetes' })).items.map((d) => d.outcome)).toEqual(['rejected']);
    expect((await searchDecisions(store, { clause: 'licenses/permissive' })).total).toBe(1);
    expect((await searchDecisions(store, { outcome: 'rejected' })).total).toBe(1);
    expect((await searchDecisions(store, { q: '"no such phrase" -x' })).total).toBe(0);
    const similar = await similarDecisions(store.db, 'Adopt right-pad for padding', { type: 'adopt' });
    expect(similar.map((s) => s.requestNumber)).toEqual([a.request.number]);
    expect(await similarDecisions(store.db, 'the and of', {})).toEqual([]);
    const n = await createRequest(store, TYPES, { type: 'adopt', title: 'Adopt pad-left for padding', answers: { purl: 'pkg:npm/pad-left' }, teamId: team }, people.dev);
    expect((await getRequest(store, TYPES, n.request.id, people.dev)).similar.map((s) => s.requestNumber)).toEqual([a.request.number]);
  });

  it('lists an inbox per reviewer, the requester\'s own, and SLA breaches (notified once, with a webhook delivery)', async () => {
    await createWebhook(store, { name: 'chat', url: 'http://127.0.0.1:9/hook', format: 'slack', events: ['request.sla_breached', 'request.submitted'] }, 'user:x');
    const r = await adoption();
    expect(r.deliveries).toHaveLength(1);
    await createRequest(store, TYPES, { type: 'question', title: 'Draft only', teamId: team }, people.dev);
    expect((await listRequests(store, TYPES, { inbox: true }, people.legal)).items.map((x) => x.id)).toEqual([r.request.id]);
    expect((await listRequests(store, TYPES, { inbox: true }, people.dev)).total).toBe(0);
    expect((await listRequests(store, TYPES, { mine: true }, people.dev)).total).toBe(2);
    expect((await listRequests(store, TYPES, {}, people.other)).total).toBe(0);
    const later = new Date(Date.now() + 6 * 86_400_000);
    expect((await listRequests(store, TYPES, { breached: true }, people.ospo, later)).items.map((x) => [x.id, x.slaBreached])).toEqual([[r.request.id, true]]);
    const first = await notifySlaBreaches(store, TYPES, later);
    expect(first.requests).toBe(1);
    expect(first.deliveries).toHaveLength(1);
    expect((await notifySlaBreaches(store, TYPES, later)).requests).toBe(0);
  });

  it('imports training from CSV (BOM, quotes, bad rows by line, all or nothing) and enforces it at submission', async () => {
    await createCourse(store, { code: 'OSS-101', title: 'Open source basics', validDays: 365 }, 'user:x');
    const bad = readCompletionsCsv('\ufeffEmail,"Course",completed_at\r\ndev@example.com,OSS-101,2026-01-01\r\n"a, b",OSS-101,2026-01-01\r\nx@example.com,NOPE,2026-01-02\r\ny@example.com,OSS-101,yesterday\r\n');
    expect(bad.problems).toEqual([{ line: 5, message: '"yesterday" is not a date (YYYY-MM-DD or ISO 8601)' }]);
    const result = await recordCompletions(store, bad.items, 'csv', 'user:x');
    expect(result.imported).toBe(0);
    expect(result.problems.map((p) => p.line)).toEqual([3, 4]);
    const blocked = createRequest(store, TYPES, { type: 'contribute', title: 'Fix a bug in fastify', answers: { project: 'https://github.com/fastify/fastify', license: 'MIT', cla: 'none', scope: 'a bug fix' }, teamId: team, submit: true }, people.dev);
    await expect(blocked).rejects.toMatchObject({ problem: 'training-required' });
    expect(await rows(store.db, sql`SELECT id FROM requests`)).toHaveLength(0);
    const good = readCompletionsCsv('email,course,completed_at\n"dev@example.com",oss-101,2026-11-01\n');
    expect(await recordCompletions(store, good.items, 'csv', 'user:x')).toEqual({ imported: 1, duplicates: 0, problems: [] });
    expect(await recordCompletions(store, good.items, 'csv', 'user:x')).toEqual({ imported: 0, duplicates: 1, problems: [] });
    expect(await trainingStatus(store.db, { courses: ['OSS-101'], enforce: 'submit' }, 'DEV@example.com')).toMatchObject({ satisfied: true });
    expect(await trainingStatus(store.db, { courses: ['OSS-101'], enforce: 'submit' }, 'dev@example.com', new Date('2028-01-01'))).toMatchObject({ satisfied: false, missing: ['OSS-101'] });
    const ok = await createRequest(store, TYPES, { type: 'contribute', title: 'Fix a bug in fastify', answers: { project: 'https://github.com/fastify/fastify', license: 'MIT', cla: 'none', scope: 'a bug fix' }, teamId: team, submit: true }, people.dev);
    expect(ok.request.state).toBe('submitted');
  });

  it('an approved adoption stops the policy gate from flagging the component on the next analysis', async () => {
    const { analyzeSnapshot } = await import('../analysis/snapshot.js');
    const { defaultPolicy } = await import('../policy/index.js');
    const { ingestSnapshot } = await import('./repo/ingest.js');
    const { makeInventory } = await import('./testing.js');
    await rows(store.db, sql`UPDATE projects SET distribution = 'saas' WHERE id = ${project}`);
    const snap = await ingestSnapshot(store, project, makeInventory('checkout', [['npm', 'left-pad', '1.3.0', { license: 'AGPL-3.0-only' }]]), { source: 'scan' });
    const policyFindings = async () =>
      (await rows<{ rule_id: string; status: string }>(store.db, sql`SELECT rule_id, status FROM findings WHERE project_id = ${project} AND kind IN ('license', 'policy') AND status = 'open'`)).map((f) => f.rule_id);
    await analyzeSnapshot(store, snap.snapshot.id, { policy: defaultPolicy() });
    expect(await policyFindings()).toEqual(['network-copyleft']);
    const r = await adoption();
    await transitionRequest(store, TYPES, r.request.id, { action: 'approve', rationale: 'dual-licensed to us commercially' }, people.legal);
    await analyzeSnapshot(store, snap.snapshot.id, { policy: defaultPolicy() });
    expect(await policyFindings()).toEqual([]);
  });

  it('writes nothing when a submission is incomplete or names a foreign team', async () => {
    const other = (await createTeam(store, 'other')).id;
    const before = (await verifyAudit(store)).records;
    await expect(createRequest(store, TYPES, { type: 'adopt', title: 'x', answers: { purl: 'pkg:npm/x' }, submit: true }, people.dev)).rejects.toMatchObject({ problem: 'invalid' });
    await expect(createRequest(store, TYPES, { type: 'adopt', title: 'x', answers: { nope: 1 } }, people.dev)).rejects.toThrow(/is not a field of adopt/);
    await expect(createRequest(store, TYPES, { type: 'nope', title: 'x' }, people.dev)).rejects.toThrow(/unknown request type/);
    await expect(createRequest(store, TYPES, { type: 'question', title: 'x', teamId: other }, people.dev)).rejects.toMatchObject({ problem: 'forbidden' });
    expect(await rows(store.db, sql`SELECT id FROM requests`)).toHaveLength(0);
    expect((await verifyAudit(store)).records).toBe(before);
  });
});
