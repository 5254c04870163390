// The workflow routes' rows of the API's role x route walk (src/server/app.test.ts): how to call
// each operation for a role on an own or a foreign team, and what the matrix promises.
import { createRequest, transitionRequest, type Caller } from '../store/repo/requests.js';
import { createCourse } from '../store/repo/training.js';
import { createUser } from '../store/repo/users.js';
import { createWebhook } from '../store/repo/webhooks.js';
import type { Store } from '../store/engine.js';
import { PORTFOLIO_ROLES, type Permission } from '../server/permissions.js';
import type { ROLES } from '../store/schema.js';
import { loadRequestTypes } from '../workflows/request-types.js';

type Role = (typeof ROLES)[number];
type Side = 'own' | 'foreign';

/** What the walk knows of its seeded world. */
export interface CaseWorld {
  teams: { own: string; foreign: string };
  projects: { own: string; foreign: string };
  users: Record<Role, string>;
}

/** One operation's row. */
export interface WorkflowCase {
  build: (w: CaseWorld, side: Side, role: Role, store: Store) => Promise<{ url: string; payload?: unknown; contentType?: string }>;
  permission: Permission;
  scoped?: 'project' | 'team';
  ok: number;
  /** A status that differs from the matrix's for this role and side (the request type's reviewer rules). */
  expect?: (role: Role, side: Side) => number | undefined;
}

const TYPES = loadRequestTypes();
let unique = 0;

/** A user who files requests in both teams (never one of the walk's role users, so anyone may review). */
async function requester(store: Store, w: CaseWorld): Promise<Caller> {
  const email = `requester${++unique}@example.com`;
  const u = await createUser(store, { email, role: 'developer', teamIds: [w.teams.own, w.teams.foreign] });
  return { id: u.id, email, role: 'developer', teams: [w.teams.own, w.teams.foreign], portfolio: false };
}

async function requestIn(store: Store, w: CaseWorld, side: Side, type = 'question', submit = true): Promise<{ id: string; number: number }> {
  const by = await requester(store, w);
  const answers = type === 'publish' ? { repository: 'https://example.com/r', license: 'MIT', maintainers: 'us', reason: 'share' } : {};
  const r = await createRequest(store, TYPES, { type, title: `Case request ${++unique}`, teamId: w.teams[side], answers, submit }, by);
  return r.request;
}

const caller = (w: CaseWorld, role: Role): Caller => ({ id: w.users[role], email: `${role}@example.com`, role, teams: [w.teams.own], portfolio: PORTFOLIO_ROLES.includes(role) });

/** Developers and viewers review no shipped type: on their own team's request that is 403, not the matrix's 200. */
const developerReviews = (role: Role, side: Side) => ((role === 'developer' || role === 'viewer') && side === 'own' ? 403 : undefined);

/** The workflow operations, by operationId. */
export const WORKFLOW_CASES: Record<string, WorkflowCase> = {
  listRequestTypes: { permission: 'request.read', ok: 200, build: async () => ({ url: '/api/v1/request-types' }) },
  listRequests: { permission: 'request.read', ok: 200, build: async () => ({ url: '/api/v1/requests?inbox=true&state=submitted,in_review' }) },
  createRequest: { permission: 'request.write', scoped: 'team', ok: 201, build: async (w, side) => ({ url: '/api/v1/requests', payload: { type: 'question', title: `Question ${++unique}`, teamId: w.teams[side] } }) },
  getRequest: { permission: 'request.read', scoped: 'project', ok: 200, build: async (w, side, _r, store) => ({ url: `/api/v1/requests/${(await requestIn(store, w, side)).number}` }) },
  updateRequest: {
    permission: 'request.write',
    ok: 200,
    // The caller's own draft: only a requester edits.
    build: async (w, _side, role, store) => {
      const r = await createRequest(store, TYPES, { type: 'question', title: `Draft ${++unique}`, teamId: w.teams.own }, caller(w, role));
      return { url: `/api/v1/requests/${r.request.id}`, payload: { body: 'more detail', version: r.request.version } };
    },
  },
  transitionRequest: {
    permission: 'request.write',
    scoped: 'project',
    ok: 200,
    expect: developerReviews,
    build: async (w, side, _r, store) => ({ url: `/api/v1/requests/${(await requestIn(store, w, side)).id}/transitions`, payload: { action: 'approve', rationale: 'answered', clauses: ['handbook/1'] } }),
  },
  commentRequest: { permission: 'request.write', scoped: 'project', ok: 201, build: async (w, side, _r, store) => ({ url: `/api/v1/requests/${(await requestIn(store, w, side)).id}/comments`, payload: { body: 'a comment' } }) },
  attachRepoCheck: {
    permission: 'request.write',
    scoped: 'project',
    ok: 200,
    expect: developerReviews,
    build: async (w, side, _r, store) => ({ url: `/api/v1/requests/${(await requestIn(store, w, side, 'publish')).id}/repo-check`, payload: { report: { summary: { passed: true }, rules: [] } } }),
  },
  searchDecisions: { permission: 'decision.read', ok: 200, build: async () => ({ url: '/api/v1/decisions?q=answered&outcome=approved' }) },
  getDecision: {
    permission: 'decision.read',
    ok: 200,
    build: async (w, _side, _r, store) => {
      const r = await requestIn(store, w, 'foreign');
      const admin: Caller = { id: w.users.admin, email: 'admin@example.com', role: 'admin', teams: [w.teams.own], portfolio: true };
      await transitionRequest(store, TYPES, r.id, { action: 'approve', rationale: 'fine' }, admin);
      const { getDecisionOf } = await import('../store/repo/decisions.js');
      return { url: `/api/v1/decisions/${(await getDecisionOf(store.db, r.id))!.id}` };
    },
  },
  listAllowlist: { permission: 'decision.read', ok: 200, build: async () => ({ url: '/api/v1/allowlist?format=policy' }) },
  listCourses: { permission: 'training.read', ok: 200, build: async () => ({ url: '/api/v1/training/courses' }) },
  createCourse: { permission: 'training.write', ok: 201, build: async () => ({ url: '/api/v1/training/courses', payload: { code: `C-${++unique}`, title: 'A course', validDays: 365 } }) },
  listCompletions: { permission: 'training.read', ok: 200, build: async () => ({ url: '/api/v1/training/completions' }) },
  recordCompletions: {
    permission: 'training.write',
    ok: 200,
    build: async (_w, _s, _r, store) => {
      const c = await createCourse(store, { code: `R-${++unique}`, title: 'Course' }, 'system');
      return { url: '/api/v1/training/completions', payload: { items: [{ course: c.code, email: 'dev@example.com', completedAt: '2026-01-02T00:00:00Z' }] } };
    },
  },
  importCompletions: {
    permission: 'training.write',
    ok: 200,
    build: async (_w, _s, _r, store) => {
      const c = await createCourse(store, { code: `I-${++unique}`, title: 'Course' }, 'system');
      return { url: '/api/v1/training/completions/import', contentType: 'text/csv', payload: `email,course,completed_at\r\nviewer@example.com,${c.code},2026-03-04\r\n` };
    },
  },
  listWebhooks: { permission: 'webhook.admin', ok: 200, build: async () => ({ url: '/api/v1/webhooks' }) },
  createWebhook: { permission: 'webhook.admin', ok: 201, build: async () => ({ url: '/api/v1/webhooks', payload: { name: 'chat', url: 'http://127.0.0.1:9/hook', format: 'slack' } }) },
  deleteWebhook: {
    permission: 'webhook.admin',
    ok: 204,
    build: async (_w, _s, _r, store) => ({ url: `/api/v1/webhooks/${(await createWebhook(store, { name: 'x', url: 'http://127.0.0.1:9/', format: 'json', events: ['request.submitted'] }, 'system')).id}` }),
  },
  listDeliveries: {
    permission: 'webhook.admin',
    ok: 200,
    build: async (_w, _s, _r, store) => ({ url: `/api/v1/webhooks/${(await createWebhook(store, { name: 'y', url: 'http://127.0.0.1:9/', format: 'teams', events: ['request.decided'] }, 'system')).id}/deliveries` }),
  },
};
