// Teams, projects and snapshots (upload, list, get, diff, SBOM download), and policy results.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { analyzeSnapshot, loadSnapshotInventory } from '../../analysis/index.js';
import { InputError } from '../../model/errors.js';
import { detectSbomFormat, readSbom, type SbomFormat } from '../../sbom/read/index.js';
import { createProject, createTeam, diffSnapshots, getProject, ingestSnapshot, noteSnapshotWritten } from '../../store/index.js';
import { listFindings } from '../../store/repo/findings.js';
import { getSnapshot, listProjects, listSnapshots, listTeams, updateProject } from '../../store/repo/portfolio.js';
import { assertTeamVisible, principalOf, visibleTeams, type RouteDeps } from '../app.js';
import { HttpProblem } from '../problem.js';
import { DiffComponent, Finding, FindingCounts, NewProject, Page, Paging, Project, ProjectPatch, Snapshot, Team, Uuid, problems } from '../schemas.js';

const actorOf = (req: Parameters<typeof principalOf>[0]) => `user:${principalOf(req).user.id}`;
const ProjectParams = Type.Object({ projectId: Uuid });
const SnapshotParams = Type.Object({ projectId: Uuid, snapshotId: Type.Integer({ minimum: 1 }) });

/** Media types an SBOM upload may have, and the format each promises. */
export const SBOM_MEDIA_TYPES: Record<string, 'json' | 'xml'> = {
  'application/vnd.cyclonedx+json': 'json',
  'application/spdx+json': 'json',
  'application/json': 'json',
  'application/vnd.cyclonedx+xml': 'xml',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

const SBOM_WRITERS = {
  'cyclonedx-json': { type: 'application/vnd.cyclonedx+json', load: async () => (await import('../../sbom/write/cyclonedx-json.js')).writeCycloneDxJson },
  'cyclonedx-xml': { type: 'application/vnd.cyclonedx+xml', load: async () => (await import('../../sbom/write/cyclonedx.js')).writeCycloneDxXml },
  'spdx-json': { type: 'application/spdx+json', load: async () => (await import('../../sbom/write/spdx.js')).writeSpdxJson },
} as const;

/** Registers team, project and snapshot routes. */
export async function registerProjectRoutes(api: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store } = deps;

  api.get(
    '/teams',
    { config: { access: { permission: 'team.read' } }, schema: { operationId: 'listTeams', tags: ['teams'], summary: 'List teams', response: { 200: Type.Array(Type.Ref('Team')), ...problems } } },
    async () => listTeams(store),
  );
  api.addSchema(Team);
  api.addSchema(Project);
  api.addSchema(Snapshot);
  api.addSchema(Finding);
  api.post(
    '/teams',
    {
      config: { access: { permission: 'team.write' } },
      schema: { operationId: 'createTeam', tags: ['teams'], summary: 'Create a team', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), response: { 201: Type.Ref('Team'), ...problems } },
    },
    async (req, reply) => reply.code(201).send(await createTeam(store, (req.body as { name: string }).name, actorOf(req))),
  );

  api.get(
    '/projects',
    {
      config: { access: { permission: 'portfolio.read' } },
      schema: {
        operationId: 'listProjects',
        tags: ['projects'],
        summary: 'List projects (yours only for developers and viewers), with filters',
        querystring: Type.Object({
          team: Type.Optional(Uuid),
          lifecycle: Type.Optional(Type.String()),
          distribution: Type.Optional(Type.String()),
          tag: Type.Optional(Type.String()),
          q: Type.Optional(Type.String({ maxLength: 200 })),
          ...Paging,
        }),
        response: { 200: Page(Type.Ref('Project')), ...problems },
      },
    },
    async (req) => {
      const q = req.query as { team?: string; lifecycle?: string; distribution?: string; tag?: string; q?: string; limit?: number; offset?: number };
      const teamIds = visibleTeams(req);
      return listProjects(store, { ...(teamIds ? { teamIds } : {}), ...(q.team ? { teamId: q.team } : {}), ...pick(q, ['lifecycle', 'distribution', 'tag', 'q', 'limit', 'offset']) });
    },
  );
  api.post(
    '/projects',
    {
      config: { access: { permission: 'project.create', project: 'body-team' } },
      schema: { operationId: 'createProject', tags: ['projects'], summary: 'Create a project', body: NewProject, response: { 201: Type.Ref('Project'), ...problems } },
    },
    async (req, reply) => reply.code(201).send(await createProject(store, req.body as Parameters<typeof createProject>[1], actorOf(req))),
  );
  api.get(
    '/projects/:projectId',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: { operationId: 'getProject', tags: ['projects'], summary: 'Get a project', params: ProjectParams, response: { 200: Type.Ref('Project'), ...problems } },
    },
    async (req) => req.scopedProject ?? getProject(store, (req.params as { projectId: string }).projectId),
  );
  api.patch(
    '/projects/:projectId',
    {
      config: { access: { permission: 'project.write', project: 'param' } },
      schema: { operationId: 'updateProject', tags: ['projects'], summary: 'Change a project', params: ProjectParams, body: ProjectPatch, response: { 200: Type.Ref('Project'), ...problems } },
    },
    async (req) => {
      const body = req.body as { teamId?: string };
      if (body.teamId !== undefined) assertTeamVisible(req, body.teamId, `team ${body.teamId}`);
      return updateProject(store, (req.params as { projectId: string }).projectId, req.body as object, actorOf(req));
    },
  );

  // Uploads: every SBOM media type is read as text and parsed by src/sbom (depth caps, no
  // entities); the JSON parser of other routes is not used, so a hostile document meets only ours.
  await api.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(Object.keys(SBOM_MEDIA_TYPES), { parseAs: 'string', bodyLimit: deps.sbomLimit }, (_req, body, done) => done(null, body));
    upload.post(
      '/projects/:projectId/snapshots',
      {
        bodyLimit: deps.sbomLimit,
        config: { access: { permission: 'project.write', project: 'param' } },
        schema: {
          operationId: 'uploadSnapshot',
          tags: ['snapshots'],
          summary: 'Upload a CycloneDX or SPDX document (JSON or XML) as a new snapshot',
          description: `Content types: ${Object.keys(SBOM_MEDIA_TYPES).join(', ')}. 201 with a new snapshot; 200 when it equals the latest snapshot (nothing written). 400 malformed, 413 too large, 415 wrong type; nothing is written then.`,
          params: ProjectParams,
          querystring: Type.Object({ source: Type.Optional(Type.String({ maxLength: 50, default: 'upload' })) }),
          body: Type.String({ description: 'The SBOM document' }),
          response: {
            200: Type.Object({ snapshot: Type.Ref('Snapshot'), created: Type.Boolean(), findings: Type.Union([FindingCounts, Type.Null()]) }),
            201: Type.Object({ snapshot: Type.Ref('Snapshot'), created: Type.Boolean(), findings: Type.Union([FindingCounts, Type.Null()]) }),
            ...problems,
          },
        },
      },
      async (req, reply) => {
        const { projectId } = req.params as { projectId: string };
        const text = req.body as string;
        const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const format = sbomFormatOf(text, mediaType);
        let inventory;
        try {
          inventory = readSbom(text, 'upload', format);
        } catch (err) {
          if (err instanceof InputError) throw new HttpProblem(400, 'invalid-document', err.describe());
          throw err;
        }
        const actor = actorOf(req);
        const source = (req.query as { source?: string }).source ?? 'upload';
        const result = await ingestSnapshot(store, projectId, inventory, { source, tool: null, actor });
        // The findings follow from the snapshot (audited above) and the advisories: no second record.
        const analysis = await analyzeSnapshot(store, result.snapshot.id, { advisories: deps.advisories, policy: deps.policy, actor, audit: false });
        if (result.created) await noteSnapshotWritten(store, result.snapshot.componentCount + analysis.counts.total);
        return reply.code(result.created ? 201 : 200).send({ ...result, findings: analysis.counts });
      },
    );
  });

  api.get(
    '/projects/:projectId/snapshots',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: { operationId: 'listSnapshots', tags: ['snapshots'], summary: "A project's snapshots, newest first", params: ProjectParams, querystring: Type.Object(Paging), response: { 200: Type.Array(Type.Ref('Snapshot')), ...problems } },
    },
    async (req) => {
      const q = req.query as { limit?: number; offset?: number };
      return listSnapshots(store, (req.params as { projectId: string }).projectId, q.limit, q.offset);
    },
  );
  const snapshotOf = async (projectId: string, id: number) => {
    const s = await getSnapshot(store, id);
    if (s.projectId !== projectId) throw new HttpProblem(404, 'not-found', `snapshot ${id} is not a snapshot of project ${projectId}`);
    return s;
  };
  api.get(
    '/projects/:projectId/snapshots/:snapshotId',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: { operationId: 'getSnapshot', tags: ['snapshots'], summary: 'Get a snapshot', params: SnapshotParams, response: { 200: Type.Ref('Snapshot'), ...problems } },
    },
    async (req) => {
      const p = req.params as { projectId: string; snapshotId: number };
      return snapshotOf(p.projectId, p.snapshotId);
    },
  );
  api.get(
    '/projects/:projectId/diff',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: {
        operationId: 'diffSnapshots',
        tags: ['snapshots'],
        summary: 'What changed between two snapshots of a project',
        params: ProjectParams,
        querystring: Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }),
        response: {
          200: Type.Object({
            added: Type.Array(DiffComponent),
            removed: Type.Array(DiffComponent),
            changed: Type.Array(Type.Object({ ecosystem: Type.String(), name: Type.String(), before: Type.Array(DiffComponent), after: Type.Array(DiffComponent) })),
            unchanged: Type.Integer(),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const { projectId } = req.params as { projectId: string };
      const q = req.query as { from: number; to: number };
      await snapshotOf(projectId, q.from);
      await snapshotOf(projectId, q.to);
      return diffSnapshots(store, q.from, q.to);
    },
  );
  api.get(
    '/projects/:projectId/snapshots/:snapshotId/sbom',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: {
        operationId: 'downloadSbom',
        tags: ['snapshots'],
        summary: 'The snapshot as CycloneDX 1.6 (JSON or XML) or SPDX 2.3 JSON',
        params: SnapshotParams,
        querystring: Type.Object({ format: Type.Optional(Type.Union(Object.keys(SBOM_WRITERS).map((k) => Type.Literal(k)), { default: 'cyclonedx-json' })) }),
        response: { 200: Type.String({ description: 'The document' }), ...problems },
      },
    },
    async (req, reply) => {
      const p = req.params as { projectId: string; snapshotId: number };
      const snap = await snapshotOf(p.projectId, p.snapshotId);
      const format = ((req.query as { format?: keyof typeof SBOM_WRITERS }).format ?? 'cyclonedx-json') as keyof typeof SBOM_WRITERS;
      const { inventory } = await loadSnapshotInventory(store.db, snap.id);
      const write = await SBOM_WRITERS[format].load();
      return reply.type(SBOM_WRITERS[format].type).send(write(inventory, { timestamp: snap.createdAt }));
    },
  );
  api.get(
    '/projects/:projectId/policy',
    {
      config: { access: { permission: 'project.read', project: 'param' } },
      schema: {
        operationId: 'projectPolicyResults',
        tags: ['policy'],
        summary: "Policy results of a project's latest snapshot: license and policy findings and whether the gate passes",
        params: ProjectParams,
        response: {
          200: Type.Object({
            projectId: Uuid,
            snapshotId: Type.Union([Type.Integer(), Type.Null()]),
            policyConfigured: Type.Boolean(),
            passed: Type.Boolean(),
            open: Type.Integer(),
            findings: Type.Array(Type.Ref('Finding')),
          }),
          ...problems,
        },
      },
    },
    async (req) => {
      const { projectId } = req.params as { projectId: string };
      const project = req.scopedProject ?? (await getProject(store, projectId));
      const found = project.latestSnapshotId === null ? { items: [] } : await listFindings(store, { projectId, kind: ['license', 'policy'], limit: 1000 });
      const current = found.items.filter((f) => f.snapshotId === project.latestSnapshotId);
      const open = current.filter((f) => f.status === 'open');
      return { projectId, snapshotId: project.latestSnapshotId, policyConfigured: deps.policy !== undefined, passed: open.every((f) => f.severity !== 'critical' && f.severity !== 'high'), open: open.length, findings: current };
    },
  );
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** The SBOM format of an upload, checked against its media type (400 when they disagree). */
function sbomFormatOf(text: string, mediaType: string): SbomFormat {
  const promised = SBOM_MEDIA_TYPES[mediaType];
  const first = text.trimStart()[0];
  if (promised === 'json' && first !== '{') throw new HttpProblem(400, 'invalid-document', `content-type ${mediaType} promises JSON, but the body does not start with "{"`);
  if (promised === 'xml' && first !== '<') throw new HttpProblem(400, 'invalid-document', `content-type ${mediaType} promises XML, but the body does not start with "<"`);
  const detected = detectSbomFormat(mediaType.includes('spdx') ? 'upload.spdx.json' : promised === 'xml' ? 'bom.xml' : 'bom.json', text);
  if (detected === null || detected === 'spdx-tag-value') {
    throw new HttpProblem(400, 'invalid-document', 'not an SBOM Ospo reads: expected CycloneDX 1.2–1.6 (JSON or XML) or SPDX 2.2/2.3 JSON');
  }
  if (mediaType === 'application/vnd.cyclonedx+json' && detected !== 'cyclonedx-json') throw new HttpProblem(400, 'invalid-document', `content-type ${mediaType} but the document is ${detected}`);
  if (mediaType === 'application/spdx+json' && detected !== 'spdx-json') throw new HttpProblem(400, 'invalid-document', `content-type ${mediaType} but the document is ${detected}`);
  return detected;
}
