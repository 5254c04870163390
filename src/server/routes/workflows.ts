// Workflow routes: request types (the forms), requests (create, edit, transitions, comments,
// repository check), the decision register and allowlist, training, and webhooks. Access: the
// matrix in permissions.ts names the route's permission; which request a caller sees, and who
// may review it, are decided by the store (src/store/repo/requests.ts) from the caller's role,
// teams and the request type, so the same rules hold for every client.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError } from '../../model/errors.js';
import type { Store } from '../../store/index.js';
import { getDecision, listAllowlist, searchDecisions } from '../../store/repo/decisions.js';
import {
  addComment,
  attachRepoCheck,
  createRequest,
  getRequest,
  listRequests,
  repoCheckPassed,
  transitionRequest,
  updateRequest,
  type Caller,
  type ChangeResult,
  type RequestRow,
} from '../../store/repo/requests.js';
import { createCourse, listCompletions, listCourses, readCompletionsCsv, recordCompletions } from '../../store/repo/training.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from '../../store/repo/webhooks.js';
import { REQUEST_STATES, WEBHOOK_EVENTS } from '../../store/schema.js';
import { WorkflowError } from '../../workflows/errors.js';
import type { RequestTypes } from '../../workflows/request-types.js';
import type { RequestState } from '../../workflows/transitions.js';
import { webhookUrlProblem, type WebhookEvent } from '../../workflows/webhooks.js';
import { principalOf } from '../app.js';
import { HttpProblem } from '../problem.js';
import { DateTime, Page, Paging, Uuid, problems } from '../schemas.js';
import {
  AllowlistEntrySchema,
  CompletionSchema,
  CourseSchema,
  DecisionSchema,
  DeliverySchema,
  ImportResultSchema,
  NewRequestSchema,
  NewWebhookSchema,
  RequestDetailSchema,
  RequestParams,
  RequestPatchSchema,
  RequestSchema,
  RequestTypeSchema,
  TransitionSchema,
  WebhookSchema,
} from '../workflow-schemas.js';

/** What the workflow routes need besides the store. */
export interface WorkflowDeps {
  store: Store;
  requestTypes: RequestTypes;
  /** Sends a job after a commit (webhook deliveries); absent: deliveries wait for the `sla-check` sweep of a worker. */
  sendJob: ((request: { name: string; data: object }) => Promise<unknown>) | undefined;
  /** Directories under which the server may run `ospo repo check` itself; absent: only uploaded results are accepted. */
  repoCheckRoots: string[] | undefined;
}

/** The signed-in caller as the workflow store functions take it. */
export function callerOf(req: FastifyRequest): Caller {
  const p = principalOf(req);
  return { id: p.user.id, email: p.user.email, role: p.user.role, teams: p.user.teams, portfolio: p.portfolio };
}

/** Runs a store call, turning workflow refusals into problems (403 for who, 400/422 for what). */
async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WorkflowError) {
      const status = err.problem === 'invalid' ? 400 : err.status;
      throw new HttpProblem(status, err.problem === 'invalid' ? 'validation' : err.problem, err.message, err.errors);
    }
    throw err;
  }
}

/** The version a change names: the If-Match header (`"3"` or `3`) or the body's `version`. */
function expectedVersion(req: FastifyRequest, body: { version?: number } | undefined): number | undefined {
  const header = req.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '') {
    const m = /^(?:W\/)?"?([1-9][0-9]{0,9})"?$/.exec(header.trim());
    if (!m) throw new HttpProblem(400, 'validation', 'If-Match must be the request version, such as "3"', [{ field: '/headers/if-match', message: 'must be a version number' }]);
    return Number(m[1]);
  }
  return body?.version;
}

const withPassed = (r: RequestRow) => ({ ...r, repoCheckPassed: r.repoCheck === null ? null : repoCheckPassed(r.repoCheck) });

/** Registers the workflow routes. */
export async function registerWorkflowRoutes(api: FastifyInstance, deps: WorkflowDeps): Promise<void> {
  const { store, requestTypes: types } = deps;
  for (const s of [RequestTypeSchema, RequestSchema, DecisionSchema, RequestDetailSchema, CourseSchema, CompletionSchema, WebhookSchema]) api.addSchema(s);

  const afterCommit = async (req: FastifyRequest, result: ChangeResult) => {
    if (!deps.sendJob) return;
    for (const deliveryId of result.deliveries) {
      // Sent after the commit (never inside a transaction: ADR 0007); a lost send is picked up by the sla-check sweep.
      await deps.sendJob({ name: 'webhook', data: { deliveryId } }).catch((err: Error) => req.log.warn(`webhook delivery ${deliveryId} not queued: ${err.message}`));
    }
  };
  const detail = async (req: FastifyRequest, id: string) => {
    const d = await getRequest(store, types, id, callerOf(req));
    return { ...d, repoCheckPassed: d.repoCheck === null ? null : repoCheckPassed(d.repoCheck), requestType: types.get(d.type) ?? null };
  };

  api.get(
    '/request-types',
    {
      config: { access: { permission: 'request.read' } },
      schema: { operationId: 'listRequestTypes', tags: ['requests'], summary: 'Request types: their forms, checklists, reviewers, SLAs and training rules', response: { 200: Type.Array(Type.Ref('RequestType')), ...problems } },
    },
    async () => types.types,
  );

  api.get(
    '/requests',
    {
      config: { access: { permission: 'request.read' } },
      schema: {
        operationId: 'listRequests',
        tags: ['requests'],
        summary: 'List requests you can see: yours, your teams\', or all for portfolio roles; `inbox=true` is what waits for your review',
        querystring: Type.Object({
          state: Type.Optional(Type.String({ description: `comma-separated: ${REQUEST_STATES.join(', ')}` })),
          type: Type.Optional(Type.String({ maxLength: 63 })),
          mine: Type.Optional(Type.Boolean()),
          inbox: Type.Optional(Type.Boolean()),
          breached: Type.Optional(Type.Boolean({ description: 'only open requests past their due date' })),
          team: Type.Optional(Uuid),
          project: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          ...Paging,
        }),
        response: { 200: Page(Type.Ref('Request')), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { state?: string; type?: string; mine?: boolean; inbox?: boolean; breached?: boolean; team?: string; project?: string; q?: string; limit?: number; offset?: number };
      const states = q.state?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
      const bad = states.filter((s) => !(REQUEST_STATES as readonly string[]).includes(s));
      if (bad.length) throw new HttpProblem(400, 'validation', `unknown state ${bad.join(', ')} (states: ${REQUEST_STATES.join(', ')})`, [{ field: '/querystring/state', message: `must be among ${REQUEST_STATES.join(', ')}` }]);
      const page = await listRequests(
        store,
        types,
        {
          ...(states.length ? { state: states as RequestState[] } : {}),
          ...(q.type ? { type: q.type } : {}),
          ...(q.mine ? { mine: true } : {}),
          ...(q.inbox ? { inbox: true } : {}),
          ...(q.breached ? { breached: true } : {}),
          ...(q.team ? { teamId: q.team } : {}),
          ...(q.project ? { projectId: q.project } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
        },
        callerOf(req),
      );
      return { items: page.items.map(withPassed), total: page.total };
    },
  );

  api.post(
    '/requests',
    {
      config: { access: { permission: 'request.write' } },
      schema: {
        operationId: 'createRequest',
        tags: ['requests'],
        summary: 'File a request (a draft, or submitted with `submit: true`)',
        description: 'The answers are checked against the type\'s form (GET /request-types): unknown fields and wrong kinds always, missing required ones on submission. Developers file for their own teams only.',
        body: NewRequestSchema,
        response: { 201: Type.Ref('RequestDetail'), ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { type: string; title: string; body?: string; answers?: Record<string, unknown>; teamId?: string | null; projectId?: string | null; componentPurl?: string | null; dueAt?: string | null; submit?: boolean };
      const result = await run(() =>
        createRequest(store, types, { ...b, dueAt: b.dueAt ? new Date(b.dueAt) : null }, callerOf(req)),
      );
      await afterCommit(req, result);
      return reply.code(201).header('etag', `"${result.request.version}"`).send(await detail(req, result.request.id));
    },
  );

  api.get(
    '/requests/:requestId',
    {
      config: { access: { permission: 'request.read' } },
      schema: {
        operationId: 'getRequest',
        tags: ['requests'],
        summary: 'A request with its reviews, comments, approval progress, training, decision, the actions you may take, and similar past decisions',
        params: RequestParams,
        response: { 200: Type.Ref('RequestDetail'), ...problems },
      },
    },
    async (req, reply) => {
      const d = await detail(req, (req.params as { requestId: string }).requestId);
      return reply.header('etag', `"${d.version}"`).send(d);
    },
  );

  api.patch(
    '/requests/:requestId',
    {
      config: { access: { permission: 'request.write' } },
      schema: {
        operationId: 'updateRequest',
        tags: ['requests'],
        summary: 'Edit a draft (or a request sent back for changes), or tick its checklist',
        params: RequestParams,
        body: RequestPatchSchema,
        response: { 200: Type.Ref('RequestDetail'), ...problems },
      },
    },
    async (req) => {
      const { version: _v, ...patch } = req.body as { version?: number; title?: string };
      const r = await run(() => updateRequest(store, types, (req.params as { requestId: string }).requestId, patch, callerOf(req), expectedVersion(req, req.body as { version?: number })));
      return detail(req, r.id);
    },
  );

  api.post(
    '/requests/:requestId/transitions',
    {
      config: { access: { permission: 'request.write' } },
      schema: {
        operationId: 'transitionRequest',
        tags: ['requests'],
        summary: 'Move a request: submit, review, approve, reject, request_changes, withdraw',
        description:
          'Reviewer actions need a role the type lists (or admin) and are refused to the requester (403 self-review). approve, reject and request_changes need a rationale. ' +
          'A version (If-Match or `version`) other than the current one, or an action the transition table has no row for, answers 409 and changes nothing.',
        params: RequestParams,
        body: TransitionSchema,
        response: { 200: Type.Ref('RequestDetail'), ...problems },
      },
    },
    async (req) => {
      const body = req.body as { action: 'submit'; rationale?: string; clauses?: string[]; version?: number };
      const version = expectedVersion(req, body);
      const result = await run(() =>
        transitionRequest(store, types, (req.params as { requestId: string }).requestId, { ...body, ...(version !== undefined ? { version } : {}) }, callerOf(req)),
      );
      await afterCommit(req, result);
      return detail(req, result.request.id);
    },
  );

  api.post(
    '/requests/:requestId/comments',
    {
      config: { access: { permission: 'request.write' } },
      schema: {
        operationId: 'commentRequest',
        tags: ['requests'],
        summary: 'Comment on a request',
        params: RequestParams,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Uuid, authorId: Uuid, authorEmail: Type.String(), body: Type.String(), createdAt: DateTime }), ...problems },
      },
    },
    async (req, reply) => reply.code(201).send(await run(() => addComment(store, (req.params as { requestId: string }).requestId, (req.body as { body: string }).body, callerOf(req)))),
  );

  api.put(
    '/requests/:requestId/repo-check',
    {
      bodyLimit: 8 * 1024 * 1024,
      config: { access: { permission: 'request.write' } },
      schema: {
        operationId: 'attachRepoCheck',
        tags: ['requests'],
        summary: 'Attach an `ospo repo check --format json` result, or have the server check a path (when it was started with repository roots)',
        params: RequestParams,
        body: Type.Union([
          Type.Object({ report: Type.Object({ summary: Type.Object({ passed: Type.Boolean() }), rules: Type.Array(Type.Unknown(), { maxItems: 1000 }) }, { additionalProperties: true }), version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
          Type.Object({ path: Type.String({ minLength: 1, maxLength: 4096 }), version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
        ]),
        response: { 200: Type.Ref('RequestDetail'), ...problems },
      },
    },
    async (req) => {
      const body = req.body as { report?: Record<string, unknown>; path?: string; version?: number };
      let report = body.report;
      if (body.path !== undefined) {
        if (!deps.repoCheckRoots) throw new HttpProblem(403, 'forbidden', 'this server does not check paths itself (no repository roots configured): run `ospo repo check --format json` and send the result as `report`');
        const { checkScanPath } = await import('../../jobs/kinds/scan.js');
        const { checkRepository } = await import('../../standards/check.js');
        let real: string;
        try {
          real = checkScanPath(body.path, deps.repoCheckRoots);
        } catch (err) {
          throw new HttpProblem(400, 'validation', (err as InputError).describe?.() ?? (err as Error).message, [{ field: '/body/path', message: (err as Error).message }]);
        }
        report = JSON.parse(JSON.stringify(checkRepository(real, { displayPath: body.path }))) as Record<string, unknown>;
      }
      const r = await run(() => attachRepoCheck(store, types, (req.params as { requestId: string }).requestId, report!, callerOf(req), expectedVersion(req, body)));
      return detail(req, r.id);
    },
  );

  api.get(
    '/decisions',
    {
      config: { access: { permission: 'decision.read' } },
      schema: {
        operationId: 'searchDecisions',
        tags: ['decisions'],
        summary: 'The decision register: full-text search (words, "phrases", -exclusions, or) over titles, rationales, clauses and answers, with filters',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 500 })),
          type: Type.Optional(Type.String({ maxLength: 63 })),
          outcome: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('withdrawn')])),
          clause: Type.Optional(Type.String({ maxLength: 200 })),
          purl: Type.Optional(Type.String({ maxLength: 2000 })),
          ...Paging,
        }),
        response: { 200: Page(Type.Ref('Decision')), ...problems },
      },
    },
    async (req) => searchDecisions(store, req.query as object),
  );

  api.get(
    '/decisions/:decisionId',
    {
      config: { access: { permission: 'decision.read' } },
      schema: { operationId: 'getDecision', tags: ['decisions'], summary: 'One decision', params: Type.Object({ decisionId: Uuid }), response: { 200: Type.Ref('Decision'), ...problems } },
    },
    async (req) => getDecision(store, (req.params as { decisionId: string }).decisionId),
  );

  api.get(
    '/allowlist',
    {
      config: { access: { permission: 'decision.read' } },
      schema: {
        operationId: 'listAllowlist',
        tags: ['decisions'],
        summary: 'Components approved by adoption decisions (the server\'s policy evaluation allows them); `format=policy` gives them as policy-file package rules for `ospo check`',
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('policy')], { default: 'json' })) }),
        response: { 200: Type.Union([Type.Array(AllowlistEntrySchema), Type.String()]), ...problems },
      },
    },
    async (req, reply) => {
      const entries = await listAllowlist(store.db);
      if ((req.query as { format?: string }).format !== 'policy') return entries;
      const { allowlistYaml } = await import('../../workflows/allowlist.js');
      return reply.type('application/yaml; charset=utf-8').send(allowlistYaml(entries));
    },
  );

  api.get(
    '/training/courses',
    { config: { access: { permission: 'training.read' } }, schema: { operationId: 'listCourses', tags: ['training'], summary: 'Training courses', response: { 200: Type.Array(Type.Ref('Course')), ...problems } } },
    async () => listCourses(store),
  );
  api.post(
    '/training/courses',
    {
      config: { access: { permission: 'training.write' } },
      schema: {
        operationId: 'createCourse',
        tags: ['training'],
        summary: 'Create a course',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
            title: Type.String({ minLength: 1, maxLength: 300 }),
            url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
            validDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Course'), ...problems },
      },
    },
    async (req, reply) => reply.code(201).send(await createCourse(store, req.body as { code: string; title: string }, `user:${callerOf(req).id}`)),
  );
  api.get(
    '/training/completions',
    {
      config: { access: { permission: 'training.read' } },
      schema: {
        operationId: 'listCompletions',
        tags: ['training'],
        summary: 'Training completions (developers and viewers see their own)',
        querystring: Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })), course: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }),
        response: { 200: Type.Array(Type.Ref('Completion')), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { email?: string; course?: string; limit?: number; offset?: number };
      const caller = callerOf(req);
      return listCompletions(store, { ...q, ...(caller.portfolio ? {} : { email: caller.email }) });
    },
  );
  api.post(
    '/training/completions',
    {
      config: { access: { permission: 'training.write' } },
      schema: {
        operationId: 'recordCompletions',
        tags: ['training'],
        summary: 'Record completions (all or nothing: any bad item writes none and is named by its index + 1 as `line`)',
        body: Type.Object(
          { items: Type.Array(Type.Object({ course: Type.String({ minLength: 1, maxLength: 64 }), email: Type.String({ minLength: 3, maxLength: 320 }), completedAt: DateTime }, { additionalProperties: false }), { minItems: 1, maxItems: 10_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ImportResultSchema, ...problems },
      },
    },
    async (req, reply) => {
      const items = (req.body as { items: { course: string; email: string; completedAt: string }[] }).items.map((i) => ({ ...i, completedAt: new Date(i.completedAt) }));
      const result = await recordCompletions(store, items, 'api', `user:${callerOf(req).id}`);
      if (result.problems.length) throw importProblem(result.problems);
      return reply.send(result);
    },
  );
  await api.register(async (csv) => {
    csv.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    csv.post(
      '/training/completions/import',
      {
        bodyLimit: 5 * 1024 * 1024,
        config: { access: { permission: 'training.write' } },
        schema: {
          operationId: 'importCompletions',
          tags: ['training'],
          summary: 'Import completions from CSV (text/csv: a header naming email, course, completed_at); all or nothing, bad rows named by line',
          body: Type.String(),
          response: { 200: ImportResultSchema, ...problems },
        },
      },
      async (req, reply) => {
        let parsed;
        try {
          parsed = readCompletionsCsv(req.body as string, 'upload.csv');
        } catch (err) {
          if (err instanceof InputError) throw new HttpProblem(400, 'invalid-document', err.describe(), [{ field: `/body${err.line ? `/line/${err.line}` : ''}`, message: err.message }]);
          throw err;
        }
        if (parsed.problems.length) throw importProblem(parsed.problems);
        const result = await recordCompletions(store, parsed.items, 'csv', `user:${callerOf(req).id}`);
        if (result.problems.length) throw importProblem(result.problems);
        return reply.send(result);
      },
    );
  });

  api.get(
    '/webhooks',
    { config: { access: { permission: 'webhook.admin' } }, schema: { operationId: 'listWebhooks', tags: ['webhooks'], summary: 'Webhooks (secrets are never shown again)', response: { 200: Type.Array(Type.Ref('Webhook')), ...problems } } },
    async () => listWebhooks(store),
  );
  api.post(
    '/webhooks',
    {
      config: { access: { permission: 'webhook.admin' } },
      schema: {
        operationId: 'createWebhook',
        tags: ['webhooks'],
        summary: 'Add a webhook (json, slack or teams); the answer shows its signing secret once',
        body: NewWebhookSchema,
        response: { 201: Type.Object({ webhook: Type.Ref('Webhook'), secret: Type.String() }), ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { name: string; url: string; format?: 'json'; events?: WebhookEvent[]; secret?: string };
      const problem = webhookUrlProblem(b.url);
      if (problem) throw new HttpProblem(400, 'validation', `url ${problem}`, [{ field: '/body/url', message: problem }]);
      const { secret, ...webhook } = await createWebhook(store, { name: b.name, url: b.url, format: b.format ?? 'json', events: b.events ?? [...WEBHOOK_EVENTS], ...(b.secret ? { secret: b.secret } : {}) }, `user:${callerOf(req).id}`);
      return reply.code(201).send({ webhook, secret });
    },
  );
  api.delete(
    '/webhooks/:webhookId',
    { config: { access: { permission: 'webhook.admin' } }, schema: { operationId: 'deleteWebhook', tags: ['webhooks'], summary: 'Remove a webhook', params: Type.Object({ webhookId: Uuid }), response: { 204: Type.Null(), ...problems } } },
    async (req, reply) => {
      await deleteWebhook(store, (req.params as { webhookId: string }).webhookId, `user:${callerOf(req).id}`);
      return reply.code(204).send();
    },
  );
  api.get(
    '/webhooks/:webhookId/deliveries',
    {
      config: { access: { permission: 'webhook.admin' } },
      schema: { operationId: 'listDeliveries', tags: ['webhooks'], summary: "A webhook's recent deliveries and their state", params: Type.Object({ webhookId: Uuid }), response: { 200: Type.Array(DeliverySchema), ...problems } },
    },
    async (req) => listDeliveries(store, (req.params as { webhookId: string }).webhookId),
  );
}

function importProblem(list: { line: number; message: string }[]): HttpProblem {
  const shown = list.slice(0, 100);
  return new HttpProblem(
    400,
    'invalid-document',
    `${list.length} row${list.length === 1 ? '' : 's'} cannot be imported, so nothing was: ${shown.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`).join('; ')}${list.length > 5 ? '; ...' : ''}`,
    shown.map((p) => ({ field: `/line/${p.line}`, message: p.message })),
  );
}
