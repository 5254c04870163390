// Portfolio routes: where-used, advisories, findings and triage, licenses, waivers, audit log.
import { Type } from '@sinclair/typebox';
import { desc, lt } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ecosystemForPurlType } from '../../model/ecosystem.js';
import { parsePurl, purlPackageName } from '../../model/purl.js';
import { getProject, verifyAudit, whereUsed } from '../../store/index.js';
import { advisoryImpact, getFinding, listFindings, triageFinding } from '../../store/repo/findings.js';
import { licenseDistribution, listProjects } from '../../store/repo/portfolio.js';
import { createWaiver, getWaiver, listWaivers, revokeWaiver, updateWaiver } from '../../store/repo/waivers.js';
import { auditLog } from '../../store/schema.js';
import { assertTeamVisible, principalOf, visibleTeams, type RouteDeps } from '../app.js';
import { TRIAGE_KINDS } from '../permissions.js';
import { HttpProblem } from '../problem.js';
import { AuditEntry, DateTime, NewWaiver, Page, Paging, Triage, Uuid, WaiverPatch, Waiver, problems } from '../schemas.js';

const actorOf = (req: FastifyRequest) => `user:${principalOf(req).user.id}`;
const csv = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

/** Project ids the caller may see, or undefined for all. */
async function visibleProjects(deps: RouteDeps, req: FastifyRequest): Promise<string[] | undefined> {
  const teams = visibleTeams(req);
  if (!teams) return undefined;
  return (await listProjects(deps.store, { teamIds: teams, limit: 100_000 })).items.map((p) => p.id);
}

/** Registers the portfolio routes. */
export async function registerPortfolioRoutes(api: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store } = deps;
  api.addSchema(Waiver);
  api.addSchema(AuditEntry);

  api.get(
    '/components/usage',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'whereUsed',
        tags: ['components'],
        summary: 'Which projects contain a package (by purl, or ecosystem + name), optionally in a version range',
        querystring: Type.Object({
          purl: Type.Optional(Type.String({ maxLength: 2000 })),
          ecosystem: Type.Optional(Type.String({ maxLength: 64 })),
          name: Type.Optional(Type.String({ maxLength: 1024 })),
          range: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. "< 2.17.1" or ">= 1.0, < 2.0"' })),
          includeRetired: Type.Optional(Type.Boolean()),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              projectId: Uuid,
              projectName: Type.String(),
              teamId: Uuid,
              snapshotId: Type.Integer(),
              snapshotAt: DateTime,
              versions: Type.Array(Type.Object({ version: Type.Union([Type.String(), Type.Null()]), purl: Type.Union([Type.String(), Type.Null()]), scope: Type.String(), direct: Type.Boolean() })),
            }),
          ),
          ...problems,
        },
      },
    },
    async (req) => {
      const q = req.query as { purl?: string; ecosystem?: string; name?: string; range?: string; includeRetired?: boolean };
      let ecosystem = q.ecosystem;
      let name = q.name;
      const range = q.range;
      let exact: string | undefined;
      if (q.purl) {
        const parsed = parsePurl(q.purl);
        const eco = parsed ? ecosystemForPurlType(parsed.type) : undefined;
        if (!parsed || !eco) throw new HttpProblem(400, 'validation', `"${q.purl}" is not a package URL Ospo knows`, [{ field: '/querystring/purl', message: 'is not a known purl' }]);
        ecosystem = eco;
        name = purlPackageName(parsed);
        if (parsed.version && !range) exact = parsed.version;
      }
      if (!ecosystem || !name) {
        throw new HttpProblem(400, 'validation', 'give purl, or ecosystem and name', [{ field: '/querystring/name', message: 'is required without purl' }]);
      }
      let hits;
      try {
        hits = await whereUsed(store, { ecosystem, name, ...(range ? { range } : {}), ...(exact ? { matches: (v: string) => v === exact } : {}), ...(q.includeRetired ? { includeRetired: true } : {}) });
      } catch (err) {
        if (err instanceof RangeError || (err as Error).name === 'InputError' || (err as Error).name === 'UsageError') {
          throw new HttpProblem(400, 'validation', (err as Error).message, [{ field: '/querystring/range', message: (err as Error).message }]);
        }
        throw err;
      }
      const teams = visibleTeams(req);
      return teams ? hits.filter((h) => teams.includes(h.teamId)) : hits;
    },
  );

  api.get(
    '/advisories/:advisoryId/projects',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'advisoryImpact',
        tags: ['advisories'],
        summary: 'Which projects an advisory (or any of its aliases) affects, and since when',
        params: Type.Object({ advisoryId: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object({ includeResolved: Type.Optional(Type.Boolean()) }),
        response: {
          200: Type.Array(
            Type.Object({
              projectId: Uuid,
              projectName: Type.String(),
              teamId: Uuid,
              findingId: Uuid,
              purl: Type.Union([Type.String(), Type.Null()]),
              status: Type.String(),
              analysisState: Type.Union([Type.String(), Type.Null()]),
              severity: Type.String(),
              since: DateTime,
              firstSnapshotId: Type.Union([Type.Integer(), Type.Null()]),
              snapshotId: Type.Union([Type.Integer(), Type.Null()]),
            }),
          ),
          ...problems,
        },
      },
    },
    async (req) => {
      const projectIds = await visibleProjects(deps, req);
      const q = req.query as { includeResolved?: boolean };
      return advisoryImpact(store, (req.params as { advisoryId: string }).advisoryId, { ...(projectIds ? { projectIds } : {}), includeResolved: q.includeResolved === true });
    },
  );

  api.get(
    '/findings',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'listFindings',
        tags: ['findings'],
        summary: 'Findings with filters (comma-separated lists)',
        querystring: Type.Object({
          project: Type.Optional(Uuid),
          severity: Type.Optional(Type.String({ description: 'critical,high,...' })),
          kind: Type.Optional(Type.String({ description: 'vulnerability,license,policy' })),
          status: Type.Optional(Type.String({ description: 'open,suppressed,resolved' })),
          rule: Type.Optional(Type.String()),
          ...Paging,
        }),
        response: { 200: Page(Type.Ref('Finding')), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { project?: string; severity?: string; kind?: string; status?: string; rule?: string; limit?: number; offset?: number };
      if (q.project) assertTeamVisible(req, (await getProject(store, q.project)).teamId, `project ${q.project}`);
      const projectIds = q.project ? undefined : await visibleProjects(deps, req);
      return listFindings(store, {
        ...(projectIds ? { projectIds } : {}),
        ...(q.project ? { projectId: q.project } : {}),
        ...(csv(q.severity) ? { severity: csv(q.severity)! } : {}),
        ...(csv(q.kind) ? { kind: csv(q.kind)! } : {}),
        ...(csv(q.status) ? { status: csv(q.status)! } : {}),
        ...(q.rule ? { ruleId: q.rule } : {}),
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      });
    },
  );
  api.get(
    '/findings/:findingId',
    {
      config: { access: { permission: 'project.read', project: 'finding' } },
      schema: { operationId: 'getFinding', tags: ['findings'], summary: 'Get a finding', params: Type.Object({ findingId: Uuid }), response: { 200: Type.Ref('Finding'), ...problems } },
    },
    async (req) => getFinding(store, (req.params as { findingId: string }).findingId),
  );
  api.patch(
    '/findings/:findingId',
    {
      config: { access: { permission: 'finding.triage', project: 'finding' } },
      schema: {
        operationId: 'triageFinding',
        tags: ['findings'],
        summary: 'Triage a finding (CycloneDX VEX analysis state, justification, detail)',
        description: 'not_affected requires a justification. Legal triages license and policy findings, security vulnerability findings.',
        params: Type.Object({ findingId: Uuid }),
        body: Triage,
        response: { 200: Type.Ref('Finding'), ...problems },
      },
    },
    async (req) => {
      const { findingId } = req.params as { findingId: string };
      const body = req.body as { state: 'not_affected'; justification?: string | null; detail?: string | null };
      const finding = await getFinding(store, findingId);
      const role = principalOf(req).user.role;
      if (!TRIAGE_KINDS[role].includes(finding.kind)) throw new HttpProblem(403, 'forbidden', `the ${role} role may not triage ${finding.kind} findings`);
      if (body.state === 'not_affected' && !body.justification) {
        throw new HttpProblem(400, 'validation', 'not_affected needs a justification (CycloneDX VEX analysis.justification)', [{ field: '/body/justification', message: 'is required when state is not_affected' }]);
      }
      return triageFinding(store, findingId, body, actorOf(req));
    },
  );

  api.get(
    '/licenses',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'licenseDistribution',
        tags: ['licenses'],
        summary: "Licenses across the (visible) portfolio's latest snapshots",
        response: { 200: Type.Array(Type.Object({ license: Type.String(), components: Type.Integer(), projects: Type.Integer() })), ...problems },
      },
    },
    async (req) => {
      const teamIds = visibleTeams(req);
      return licenseDistribution(store, teamIds ? { teamIds } : {});
    },
  );

  api.get(
    '/waivers',
    {
      config: { access: { permission: 'waiver.read' } },
      schema: {
        operationId: 'listWaivers',
        tags: ['waivers'],
        summary: 'Waivers (of visible projects, and global ones)',
        querystring: Type.Object({ project: Type.Optional(Uuid), includeRevoked: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(Type.Ref('Waiver')), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { project?: string; includeRevoked?: boolean };
      const projectIds = await visibleProjects(deps, req);
      return listWaivers(store, { ...(projectIds ? { projectIds } : {}), ...(q.project ? { projectId: q.project } : {}), includeRevoked: q.includeRevoked === true });
    },
  );
  api.post(
    '/waivers',
    {
      config: { access: { permission: 'waiver.write' } },
      schema: { operationId: 'createWaiver', tags: ['waivers'], summary: 'Create a waiver (a project, a team, or everything)', body: NewWaiver, response: { 201: Type.Ref('Waiver'), ...problems } },
    },
    async (req, reply) => {
      const body = req.body as { projectId?: string | null; teamId?: string | null; expiresAt?: string | null } & Record<string, unknown>;
      if (body.projectId) assertTeamVisible(req, (await getProject(store, body.projectId)).teamId, `project ${body.projectId}`);
      const input = { ...body, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null } as Parameters<typeof createWaiver>[1];
      return reply.code(201).send(await createWaiver(store, input, actorOf(req)));
    },
  );
  const WaiverParams = Type.Object({ waiverId: Uuid });
  api.get(
    '/waivers/:waiverId',
    {
      config: { access: { permission: 'waiver.read', project: 'waiver' } },
      schema: { operationId: 'getWaiver', tags: ['waivers'], summary: 'Get a waiver', params: WaiverParams, response: { 200: Type.Ref('Waiver'), ...problems } },
    },
    async (req) => getWaiver(store, (req.params as { waiverId: string }).waiverId),
  );
  api.patch(
    '/waivers/:waiverId',
    {
      config: { access: { permission: 'waiver.write', project: 'waiver' } },
      schema: { operationId: 'updateWaiver', tags: ['waivers'], summary: 'Change a waiver', params: WaiverParams, body: WaiverPatch, response: { 200: Type.Ref('Waiver'), ...problems } },
    },
    async (req) => {
      const body = req.body as { expiresAt?: string | null } & Record<string, unknown>;
      const patch = { ...body, ...('expiresAt' in body ? { expiresAt: body.expiresAt ? new Date(body.expiresAt) : null } : {}) };
      return updateWaiver(store, (req.params as { waiverId: string }).waiverId, patch as Parameters<typeof updateWaiver>[2], actorOf(req));
    },
  );
  api.delete(
    '/waivers/:waiverId',
    {
      config: { access: { permission: 'waiver.write', project: 'waiver' } },
      schema: { operationId: 'revokeWaiver', tags: ['waivers'], summary: 'Revoke a waiver (kept for the record)', params: WaiverParams, response: { 204: Type.Null(), ...problems } },
    },
    async (req, reply) => {
      await revokeWaiver(store, (req.params as { waiverId: string }).waiverId, actorOf(req));
      return reply.code(204).send();
    },
  );

  api.get(
    '/audit',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        operationId: 'listAudit',
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 1, description: 'records with a smaller id' })), limit: Paging.limit }),
        response: { 200: Type.Array(Type.Ref('AuditEntry')), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { before?: number; limit?: number };
      const base = store.db.select().from(auditLog);
      return (q.before ? base.where(lt(auditLog.id, q.before)) : base).orderBy(desc(auditLog.id)).limit(q.limit ?? 100);
    },
  );
  api.get(
    '/audit/verify',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        operationId: 'verifyAudit',
        tags: ['audit'],
        summary: 'Recompute the audit hash chain; names the first edited, deleted or reordered record',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            records: Type.Integer(),
            problem: Type.Optional(Type.String()),
            id: Type.Optional(Type.Integer()),
            message: Type.Optional(Type.String()),
          }),
          ...problems,
        },
      },
    },
    async () => verifyAudit(store),
  );
}
