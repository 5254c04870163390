// Server-side scans as jobs: POST a git URL or a path for a project, get a job resource back, and
// follow it with GET /jobs/{id}. The job is pg-boss's own row (state, timestamps, output), read
// through the queue API, so nothing about it needs a table of Ospo's (ADR 0007).
import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type PgBoss from 'pg-boss';
import type { JobQueue } from '../../jobs/queue.js';
import { checkGitRef, checkGitUrl, checkScanPath, SCAN, type ScanPayload } from '../../jobs/kinds/scan.js';
import { InputError } from '../../model/errors.js';
import { appendAudit } from '../../store/repo/audit.js';
import { getProject, NotFoundError, type Store } from '../../store/index.js';
import { assertTeamVisible, principalOf } from '../app.js';
import { HttpProblem } from '../problem.js';
import { DateTime, Uuid, problems } from '../schemas.js';

/** How the server takes scan requests (`ospo serve --scan-root`). */
export interface ScanRouteOptions {
  /** The queue scan jobs are sent to (the in-process worker's on PGlite, a send-only one on PostgreSQL). */
  queue: JobQueue;
  /** Directories path scans may read (real paths, symlinks resolved); none: path scans are refused. */
  scanRoots?: readonly string[];
  /** URL schemes a git scan may use (default https only; `file` for tests with a local repository). */
  gitProtocols?: readonly string[];
  /** Overrides the scan job's retry limit (tests: 0, so a bad ref fails at once). */
  retryLimit?: number;
}

/** A job's state as the API reports it. */
export type JobState = 'queued' | 'running' | 'completed' | 'failed';

/** Maps pg-boss's states onto the API's four: a job waiting for a retry is queued again. */
export function jobState(state: PgBoss.JobWithMetadata['state']): JobState {
  switch (state) {
    case 'created':
    case 'retry':
      return 'queued';
    case 'active':
      return 'running';
    case 'completed':
      return 'completed';
    default:
      return 'failed';
  }
}

const Job = Type.Object(
  {
    id: Uuid,
    kind: Type.Literal('scan'),
    projectId: Uuid,
    state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
    request: Type.Object({ git: Type.Optional(Type.String()), ref: Type.Optional(Type.String()), path: Type.Optional(Type.String()) }),
    retries: Type.Integer({ description: 'Attempts retried after a failure so far (pg-boss counts them)' }),
    createdAt: DateTime,
    startedAt: Type.Union([DateTime, Type.Null()]),
    completedAt: Type.Union([DateTime, Type.Null()]),
    result: Type.Union([
      Type.Object({ snapshotId: Type.Integer(), created: Type.Boolean({ description: 'false when the scan equalled the latest snapshot (nothing written)' }), components: Type.Integer(), errors: Type.Integer({ description: 'Files the scanners could not read' }) }),
      Type.Null(),
    ]),
    error: Type.Union([Type.String({ description: 'Why the last attempt failed (also while a retry is queued)' }), Type.Null()]),
  },
  { $id: 'Job' },
);

const ScanRequest = Type.Object(
  {
    git: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'An https:// repository URL, without credentials' })),
    ref: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A branch or tag (default the remote HEAD)' })),
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'An absolute directory on the server, inside one of its --scan-root directories' })),
  },
  { additionalProperties: false },
);

/** A scan the server refuses to queue: 422 with what to do instead. */
const refused = (detail: string, field: string) => new HttpProblem(422, 'scan-refused', detail, [{ field, message: detail }]);

/**
 * Checks a scan request before anything is written and returns the job's payload: a git URL with
 * an allowed scheme (default https only), no credentials (a token in a URL would be kept in the
 * queue and the audit log) and no transport helper; or a path whose real location lies inside one
 * of the scan roots. Throws HttpProblem 422 (403 for a path outside the roots).
 */
export function checkScanRequest(body: { git?: string; ref?: string; path?: string }, options: Pick<ScanRouteOptions, 'scanRoots' | 'gitProtocols'>): Omit<ScanPayload, 'projectId' | 'actor'> {
  if ((body.git === undefined) === (body.path === undefined)) throw refused('give exactly one of "git" (a repository URL) and "path" (a directory on the server)', '/body');
  if (body.git !== undefined) {
    const protocols = options.gitProtocols ?? ['https'];
    try {
      checkGitUrl(body.git, protocols);
    } catch (err) {
      if (err instanceof InputError) throw refused(`${err.message}: give an ${protocols.join(' or ')} URL such as https://github.com/owner/repo.git`, '/body/git');
      throw err;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(body.git)) throw refused('the git URL carries credentials ("user@" or "user:token@"): the server clones public or server-readable repositories only; remove them', '/body/git');
    if (body.ref !== undefined) {
      try {
        checkGitRef(body.ref);
      } catch {
        throw refused(`"${body.ref}" is not a branch or tag name`, '/body/ref');
      }
    }
    return { git: body.git, ...(body.ref !== undefined ? { ref: body.ref } : {}) };
  }
  if (body.ref !== undefined) throw refused('"ref" goes with "git" only', '/body/ref');
  const roots = options.scanRoots ?? [];
  if (roots.length === 0) throw new HttpProblem(403, 'scan-path-forbidden', 'this server scans no paths on its disk: scan a git URL instead, or start it with `ospo serve --scan-root DIR`', [{ field: '/body/path', message: 'path scans are off' }]);
  try {
    return { path: checkScanPath(body.path!, roots) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (err.message.startsWith('outside')) throw new HttpProblem(403, 'scan-path-forbidden', `${body.path} is outside the directories this server may scan (${roots.join(', ')}); add one with --scan-root`, [{ field: '/body/path', message: 'outside every --scan-root' }]);
    throw refused(`${body.path}: ${err.message}`, '/body/path');
  }
}

/** Returns the API's view of a pg-boss scan job. */
function jobResource(job: PgBoss.JobWithMetadata<ScanPayload>) {
  const state = jobState(job.state);
  const output = (job.output ?? null) as Record<string, unknown> | null;
  const data = job.data;
  const done = state === 'completed' && output !== null && typeof output.snapshotId === 'number';
  const error = state !== 'completed' && output !== null && typeof output.message === 'string' ? output.message : null;
  return {
    id: job.id,
    kind: 'scan' as const,
    projectId: data.projectId,
    state,
    request: { ...(data.git !== undefined ? { git: data.git } : {}), ...(data.ref !== undefined ? { ref: data.ref } : {}), ...(data.path !== undefined ? { path: data.path } : {}) },
    retries: job.retryCount,
    createdAt: new Date(job.createdOn).toISOString(),
    startedAt: job.startedOn && state !== 'queued' ? new Date(job.startedOn).toISOString() : null,
    completedAt: job.completedOn ? new Date(job.completedOn).toISOString() : null,
    result: done ? { snapshotId: output.snapshotId as number, created: output.created === true, components: Number(output.components ?? 0), errors: Number(output.errors ?? 0) } : null,
    error,
  };
}

const actorOf = (req: FastifyRequest) => `user:${principalOf(req).user.id}`;

/** Registers POST /projects/{id}/scans and GET /jobs/{id}. */
export async function registerScanRoutes(api: FastifyInstance, deps: { store: Store; scans: ScanRouteOptions | undefined }): Promise<void> {
  const { store } = deps;
  api.addSchema(Job);
  const queueOf = (): ScanRouteOptions => {
    if (!deps.scans) throw new HttpProblem(503, 'jobs-unavailable', 'this server has no job queue: start it with `ospo serve` (which opens one) to run server-side scans');
    return deps.scans;
  };

  api.post(
    '/projects/:projectId/scans',
    {
      config: { access: { permission: 'project.write', project: 'param' } },
      schema: {
        operationId: 'createScan',
        tags: ['snapshots'],
        summary: 'Queue a server-side scan of a git repository (https) or a server directory (inside --scan-root); the job makes a snapshot',
        params: Type.Object({ projectId: Uuid }),
        body: ScanRequest,
        response: { 202: Type.Ref('Job'), ...problems },
      },
    },
    async (req, reply) => {
      const scans = queueOf();
      const projectId = (req.params as { projectId: string }).projectId;
      const target = checkScanRequest(req.body as { git?: string; ref?: string; path?: string }, scans);
      const actor = actorOf(req);
      const jobId = randomUUID();
      const payload: ScanPayload = { projectId, ...target, actor };
      // The audit record commits first; the job is sent after the commit, never inside the
      // transaction (on PGlite the send would wait for the transaction: ADR 0007). A send that
      // fails leaves the record of a request that answered 503, which is what happened.
      await store.transaction(async (tx) => {
        await appendAudit(tx, { actor, action: 'scan.request', target: `project:${projectId}`, details: { jobId, ...target } });
      });
      const options = { id: jobId, ...(scans.retryLimit !== undefined ? { retryLimit: scans.retryLimit } : {}) };
      let sent: string | null;
      try {
        sent = await scans.queue.boss.send(SCAN.name, payload, options);
      } catch (err) {
        req.log.error(err);
        throw new HttpProblem(503, 'jobs-unavailable', `the scan could not be queued (${(err as Error).message}); try again`);
      }
      if (sent === null) throw new HttpProblem(503, 'jobs-unavailable', 'the queue did not take the scan; try again');
      const job = await scans.queue.boss.getJobById<ScanPayload>(SCAN.name, jobId);
      if (!job) throw new HttpProblem(503, 'jobs-unavailable', 'the scan was queued but cannot be read back; follow it with GET /api/v1/jobs/' + jobId);
      return reply.code(202).header('location', `/api/v1/jobs/${jobId}`).send(jobResource(job));
    },
  );

  api.get(
    '/jobs/:jobId',
    {
      config: { access: { permission: 'project.read' } },
      schema: {
        operationId: 'getJob',
        tags: ['snapshots'],
        summary: 'A background job (a server-side scan): state, timestamps, the snapshot it made or why it failed',
        params: Type.Object({ jobId: Uuid }),
        response: { 200: Type.Ref('Job'), ...problems },
      },
    },
    async (req) => {
      const scans = queueOf();
      const jobId = (req.params as { jobId: string }).jobId;
      const job = await scans.queue.boss.getJobById<ScanPayload>(SCAN.name, jobId, { includeArchive: true });
      const projectId = job?.data?.projectId;
      if (!job || typeof projectId !== 'string') throw new HttpProblem(404, 'not-found', `job ${jobId} does not exist (finished jobs are kept for 7 days)`);
      // Visible only to callers who may see the project; another team's job is as missing as its project.
      let teamId: string;
      try {
        teamId = (await getProject(store, projectId)).teamId;
      } catch (err) {
        if (err instanceof NotFoundError) throw new HttpProblem(404, 'not-found', `job ${jobId} does not exist (its project was deleted)`);
        throw err;
      }
      assertTeamVisible(req, teamId, `job ${jobId}`);
      return jobResource(job);
    },
  );
}
