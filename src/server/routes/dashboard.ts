// Read routes the web dashboard needs, each one query for one view: the portfolio summary with
// trends, a snapshot's components and dependency edges, a package across the portfolio, the
// advisories that affect the portfolio, and the policy the server evaluates.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { componentDetail, listPortfolioAdvisories, portfolioSummary, snapshotComponents } from '../../store/repo/dashboard.js';
import { getSnapshot } from '../../store/repo/portfolio.js';
import { visibleTeams, type RouteDeps } from '../app.js';
import { HttpProblem } from '../problem.js';
import { DateTime, Uuid, problems } from '../schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Integer());

/** Registers the dashboard's read routes. */
export async function registerDashboardRoutes(api: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store } = deps;

  api.get(
    '/portfolio/summary',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'portfolioSummary',
        tags: ['portfolio'],
        summary: 'The overview of the (visible) portfolio: projects, compliance rate, open vulnerabilities by severity, trend over snapshots',
        response: {
          200: Type.Object({
            projects: Type.Array(
              Type.Object({
                id: Uuid,
                name: Type.String(),
                teamId: Uuid,
                latestSnapshotId: Nullable(Type.Integer()),
                snapshotAt: Nullable(DateTime),
                components: Type.Integer(),
                vulnerabilities: Counts,
                policyFindings: Type.Integer(),
                compliant: Type.Boolean(),
              }),
            ),
            scanned: Type.Integer(),
            complianceRate: Nullable(Type.Number()),
            openVulnerabilities: Counts,
            trend: Type.Array(
              Type.Object({ at: DateTime, snapshotId: Type.Integer(), projectId: Uuid, components: Type.Integer(), vulnerabilities: Type.Integer(), policyFindings: Type.Integer() }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const teamIds = visibleTeams(req);
      return portfolioSummary(store, teamIds ? { teamIds } : {});
    },
  );

  api.get(
    '/projects/:projectId/snapshots/:snapshotId/components',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: {
        operationId: 'snapshotComponents',
        tags: ['snapshots'],
        summary: "Every component of a snapshot with its license and open vulnerabilities, and the snapshot's dependency edges",
        params: Type.Object({ projectId: Uuid, snapshotId: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            snapshotId: Type.Integer(),
            components: Type.Array(
              Type.Object({
                id: Type.Integer(),
                ecosystem: Type.String(),
                name: Type.String(),
                version: Nullable(Type.String()),
                purl: Nullable(Type.String()),
                scope: Type.String(),
                direct: Type.Boolean(),
                license: Nullable(Type.String()),
                vulnerabilities: Type.Integer(),
                severity: Nullable(Type.String()),
              }),
            ),
            edges: Type.Array(Type.Object({ from: Nullable(Type.Integer()), to: Type.Integer() })),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const p = req.params as { projectId: string; snapshotId: number };
      const snap = await getSnapshot(store, p.snapshotId);
      if (snap.projectId !== p.projectId) throw new HttpProblem(404, 'not-found', `snapshot ${p.snapshotId} is not a snapshot of project ${p.projectId}`);
      return snapshotComponents(store, p.projectId, p.snapshotId);
    },
  );

  api.get(
    '/components/detail',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'componentDetail',
        tags: ['components'],
        summary: "A package across the (visible) portfolio's latest snapshots: versions, license evidence, advisories raised on it",
        querystring: Type.Object({ ecosystem: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: {
          200: Type.Object({
            ecosystem: Type.String(),
            name: Type.String(),
            versions: Type.Array(
              Type.Object({
                version: Nullable(Type.String()),
                purl: Nullable(Type.String()),
                license: Type.Object({ declared: Nullable(Type.String()), concluded: Nullable(Type.String()), concludedBy: Nullable(Type.String()) }),
                evidence: Type.Array(Type.Object({ projectId: Uuid, projectName: Type.String(), snapshotId: Type.Integer(), details: Type.Unknown(), locations: Type.Unknown() })),
                projects: Type.Integer(),
              }),
            ),
            advisories: Type.Array(
              Type.Object({
                id: Type.String(),
                severity: Type.String(),
                title: Type.String(),
                summary: Nullable(Type.String()),
                projects: Type.Integer(),
                open: Type.Integer(),
                versions: Type.Array(Type.String()),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const q = req.query as { ecosystem: string; name: string };
      const teamIds = visibleTeams(req);
      return componentDetail(store, q.ecosystem, q.name, teamIds ? { teamIds } : {});
    },
  );

  api.get(
    '/advisories',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'listAdvisories',
        tags: ['advisories'],
        summary: 'Advisories raised on the (visible) portfolio, most severe and widespread first',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200, description: 'id, alias, summary or package name' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })) }),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              severity: Type.String(),
              summary: Nullable(Type.String()),
              packages: Type.Array(Type.String()),
              projects: Type.Integer(),
              open: Type.Integer(),
              suppressed: Type.Integer(),
              firstSeenAt: DateTime,
            }),
          ),
          ...problems,
        },
      },
    },
    async (req) => {
      const q = req.query as { q?: string; limit?: number };
      const teamIds = visibleTeams(req);
      return listPortfolioAdvisories(store, { ...(teamIds ? { teamIds } : {}), ...(q.q ? { q: q.q } : {}), ...(q.limit ? { limit: q.limit } : {}) });
    },
  );

  const Rule = Type.Object({
    kind: Type.String(),
    id: Type.String(),
    severity: Nullable(Type.String()),
    action: Nullable(Type.String()),
    match: Type.String(),
    message: Type.String(),
    howToFix: Type.String(),
  });
  api.get(
    '/policy',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'getPolicy',
        tags: ['policy'],
        summary: "The policy this server evaluates uploads with: its rules and the policy file's waivers",
        response: {
          200: Type.Object({
            configured: Type.Boolean(),
            source: Nullable(Type.String()),
            name: Nullable(Type.String()),
            failOn: Nullable(Type.String()),
            rules: Type.Array(Rule),
            waivers: Type.Array(Type.Object({ id: Nullable(Type.String()), rule: Nullable(Type.String()), package: Nullable(Type.String()), license: Nullable(Type.String()), reason: Type.String(), owner: Type.String(), expires: Type.String(), comment: Type.String() })),
          }),
          ...problems,
        },
      },
    },
    async () => {
      const p = deps.policy;
      if (!p) return { configured: false, source: null, name: null, failOn: null, rules: [], waivers: [] };
      const base = (kind: string, r: { id: string; severity?: string; message: string; howToFix: string }, action: string | null, match: string) => ({
        kind,
        id: r.id,
        severity: r.severity ?? null,
        action,
        match,
        message: r.message,
        howToFix: r.howToFix,
      });
      const rules = [
        ...p.licenses.map((r) => base('license', r, r.action, [...(r.categories ?? []), ...(r.licenses ?? [])].join(', '))),
        ...p.packages.map((r) => base('package', r, r.action, `${r.purl}${r.versions ? ` ${r.versions}` : ''}`)),
        ...p.vulnerabilities.map((r) => base('vulnerability', r, null, `severity >= ${r.minSeverity}${r.olderThanDays ? `, older than ${r.olderThanDays} days` : ''}${r.fixAvailable !== undefined ? `, fix ${r.fixAvailable ? 'available' : 'unavailable'}` : ''}`)),
        ...p.conditions.map((r) => base('condition', r, null, r.when)),
      ];
      return {
        configured: true,
        source: p.source,
        name: p.name ?? null,
        failOn: p.failOn ?? null,
        rules,
        waivers: p.waivers.map((w) => ({ id: w.id ?? null, rule: w.rule ?? null, package: w.package ?? null, license: w.license ?? null, reason: w.reason, owner: w.owner, expires: w.expires, comment: w.comment })),
      };
    },
  );
}
