// The HTTP API: Fastify with TypeBox schemas, OpenAPI 3.1 from @fastify/swagger, problem+json
// errors, bearer-token auth and the role matrix of permissions.ts.
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { InputError } from '../model/errors.js';
import type { Policy } from '../policy/index.js';
import { ConflictError, NotFoundError, getProject, type ProjectRow, type Store } from '../store/index.js';
import { getFinding } from '../store/repo/findings.js';
import { authenticateToken, type TokenPrincipal } from '../store/repo/tokens.js';
import { getWaiver } from '../store/repo/waivers.js';
import { OSPO_VERSION } from '../version.js';
import type { AdvisorySource } from '../vulns/index.js';
import type { OidcOptions } from './oidc.js';
import { PERMISSIONS, PORTFOLIO_ROLES, roleHas, scopeAllows, type RouteAccess } from './permissions.js';
import { HttpProblem, Problem, problem } from './problem.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerDashboardRoutes } from './routes/dashboard.js';
import { registerPortfolioRoutes } from './routes/portfolio.js';
import { registerProjectRoutes } from './routes/projects.js';
import { registerScanRoutes, type ScanRouteOptions } from './routes/scans.js';
import { registerWorkflowRoutes } from './routes/workflows.js';
import { configuredRequestTypes, type RequestTypes } from '../workflows/request-types.js';
import { SECURITY_HEADERS, registerWeb } from './web.js';

/** What buildServer needs. */
export interface ServerOptions {
  store: Store;
  /** Advisories uploads are matched against; no vulnerability findings without. */
  advisories?: AdvisorySource;
  /** A policy for license and policy findings. */
  policy?: Policy;
  /** A pino-compatible logger, or false (default) for none. */
  logger?: FastifyBaseLogger | boolean;
  /** Largest SBOM upload in bytes; default 64 MiB. Other bodies are limited to 1 MiB. */
  sbomLimit?: number;
  /** OIDC sign-in; absent: local users and tokens only. */
  oidc?: OidcOptions;
  /**
   * How long a token's lookup is reused (default 5000 ms; 0 turns it off). Revoking a token
   * through this server takes effect at once; through another server or the CLI, within this time.
   */
  tokenCacheMs?: number;
  /** Lifetime of a token issued by a password or OIDC sign-in; default 12 hours. */
  sessionMs?: number;
  /** Request types (forms, reviewers, SLAs); default the file named by OSPO_REQUEST_TYPES, else data/request-types.yaml. */
  requestTypes?: RequestTypes;
  /** Sends a background job after a commit (webhook deliveries); absent: a worker's sla-check sweep sends them. */
  sendJob?: (request: { name: string; data: object }) => Promise<unknown>;
  /** Server-side scans (POST projects/{id}/scans, GET jobs/{id}): the queue and what may be scanned; absent: those routes answer 503. */
  scans?: ScanRouteOptions;
  /** Directories under which the server runs `ospo repo check` for a publication request itself; absent: results are uploaded. */
  repoCheckRoots?: string[];
  /** The built web dashboard (dist/web) to serve at `/`; absent: the API only. */
  webRoot?: string;
}

/** The signed-in caller, set on every authenticated request. */
export interface Principal extends TokenPrincipal {
  /** Whether the caller sees every project (else only their teams'). */
  portfolio: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The project of a `project: 'param'` route, as the team check read it (handlers reuse it: one query fewer). */
    scopedProject?: ProjectRow;
  }
  interface FastifyInstance {
    /** Drops cached token lookups (after a revocation or a role change). */
    forgetTokens?: () => void;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

/** The Fastify instance buildServer returns (TypeBox type provider). */
export type App = FastifyInstance & ReturnType<FastifyInstance['withTypeProvider']>;

/** Everything route modules share. */
export interface RouteDeps {
  store: Store;
  advisories: AdvisorySource | undefined;
  policy: Policy | undefined;
  sbomLimit: number;
  sessionMs: number;
  oidc: OidcOptions | undefined;
}

/** Returns the caller (routes other than public ones always have one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpProblem(401, 'unauthenticated', 'sign in: send Authorization: Bearer <token>');
  return request.principal;
}

/** Throws 404 unless the caller may see projects of `teamId` (the project's existence is not revealed). */
export function assertTeamVisible(request: FastifyRequest, teamId: string, what: string): void {
  const p = principalOf(request);
  if (!p.portfolio && !p.user.teams.includes(teamId)) throw new HttpProblem(404, 'not-found', `${what} does not exist`);
}

/** Team ids the caller is limited to, or undefined for every team. */
export function visibleTeams(request: FastifyRequest): string[] | undefined {
  const p = principalOf(request);
  return p.portfolio ? undefined : p.user.teams;
}

/** The onRoute hook that refuses a route without a known permission in `config.access`. */
export function permissionGuard(route: { method: string | string[]; url: string; config?: unknown }): void {
  const access = (route.config as { access?: RouteAccess } | undefined)?.access;
  if (!access || !(access.permission in PERMISSIONS)) {
    throw new Error(`route ${String(route.method)} ${route.url} declares no permission (config.access.permission)`);
  }
}

/** Remembers token lookups for a few seconds, so a read costs no extra queries for auth. */
class TokenCache {
  private readonly entries = new Map<string, { at: number; value: Promise<TokenPrincipal | undefined> }>();
  constructor(
    private readonly lookup: (token: string) => Promise<TokenPrincipal | undefined>,
    private readonly ttl: number,
  ) {}
  get(token: string): Promise<TokenPrincipal | undefined> {
    if (this.ttl <= 0) return this.lookup(token);
    const now = Date.now();
    const hit = this.entries.get(token);
    if (hit && now - hit.at < this.ttl) return hit.value;
    if (this.entries.size >= 10_000) this.entries.clear();
    const value = this.lookup(token);
    this.entries.set(token, { at: now, value });
    // Unknown tokens are not remembered: a guesser must not fill the cache.
    void value.then((v) => v === undefined && this.entries.delete(token), () => this.entries.delete(token));
    return value;
  }
  clear(): void {
    this.entries.clear();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the API server (not listening: call `listen`, or `inject` in tests). Throws while
 * registering when a route declares no permission (`config.access`), so such a server never starts.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  const deps: RouteDeps = {
    store: options.store,
    advisories: options.advisories,
    policy: options.policy,
    sbomLimit: options.sbomLimit ?? 64 * 1024 * 1024,
    sessionMs: options.sessionMs ?? 12 * 3_600_000,
    oidc: options.oidc,
  };

  // The build fails on a route without a declared permission: registering it throws.
  app.addHook('onRoute', permissionGuard);
  // Every response, API or dashboard, carries the CSP and the other security headers.
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) void reply.header(name, value);
    return payload;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Ospo API', version: OSPO_VERSION, description: 'The portfolio server of Ospo. Errors are RFC 9457 problem+json.' },
      servers: [],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An Ospo API token (ospo_...)' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  app.addSchema(Problem);

  const tokenCache = new TokenCache((token) => authenticateToken(options.store, token), options.tokenCacheMs ?? 5000);
  app.decorate('forgetTokens', () => tokenCache.clear());
  // Authentication and the role check happen before the body is parsed, so a caller without
  // the permission never gets its upload read.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // 404s: no route.
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      const found = m ? await tokenCache.get(m[1]!) : undefined;
      if (!found) throw new HttpProblem(401, 'unauthenticated', 'the bearer token is unknown, revoked or expired');
      request.principal = { ...found, portfolio: PORTFOLIO_ROLES.includes(found.user.role) };
    }
    if (access.permission === 'public') return;
    const p = request.principal;
    if (!p) throw new HttpProblem(401, 'unauthenticated', 'sign in: send Authorization: Bearer <token> (see docs/api.md)');
    if (!roleHas(p.user.role, access.permission)) {
      throw new HttpProblem(403, 'forbidden', `the ${p.user.role} role may not do this (needs ${access.permission})`);
    }
    if (!scopeAllows(p.scopes, access.permission)) {
      throw new HttpProblem(403, 'insufficient-scope', `this token's scopes (${p.scopes.join(', ')}) do not allow ${access.permission}`);
    }
  });
  // Team scoping needs the path parameters (and for a new project, the body).
  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access?.project || !request.principal) return;
    const params = request.params as Record<string, string>;
    let teamId: string;
    let what: string;
    if (access.project === 'body-team') {
      teamId = (request.body as { teamId: string }).teamId;
      if (!request.principal.portfolio && !request.principal.user.teams.includes(teamId)) {
        throw new HttpProblem(403, 'forbidden', 'you may create projects only in your own teams');
      }
      return;
    } else if (access.project === 'param') {
      what = `project ${params.projectId}`;
      request.scopedProject = await getProject(options.store, params.projectId ?? '');
      teamId = request.scopedProject.teamId;
    } else if (access.project === 'finding') {
      what = `finding ${params.findingId}`;
      if (!UUID.test(params.findingId ?? '')) throw new NotFoundError('finding', params.findingId ?? '');
      const f = await getFinding(options.store, params.findingId!);
      teamId = (await getProject(options.store, f.projectId)).teamId;
    } else {
      what = `waiver ${params.waiverId}`;
      const w = await getWaiver(options.store, params.waiverId ?? '');
      if (w.projectId === null) {
        if (w.teamId !== null) assertTeamVisible(request, w.teamId, what);
        return;
      }
      teamId = (await getProject(options.store, w.projectId)).teamId;
    }
    assertTeamVisible(request, teamId, what);
  });

  app.setErrorHandler((err, request, reply) => {
    const instance = request.url;
    let body;
    const e = err as Error & { statusCode?: number; code?: string; validation?: { instancePath: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string };
    if (e instanceof HttpProblem) body = problem(e.status, e.slug, e.message, instance, e.errors);
    else if (e.validation) {
      const errors = e.validation.map((v) => {
        const missing = v.params?.missingProperty as string | undefined;
        const field = `/${e.validationContext ?? 'body'}${v.instancePath}${missing ? `/${missing}` : ''}`;
        return { field, message: v.message ?? 'is invalid' };
      });
      body = problem(400, 'validation', `the request is invalid: ${errors.map((x) => `${x.field} ${x.message}`).join('; ')}`, instance, errors);
    } else if (e instanceof NotFoundError) body = problem(404, 'not-found', e.message, instance);
    else if (e instanceof ConflictError) body = problem(409, 'conflict', e.message, instance);
    else if (e instanceof InputError) body = problem(400, 'invalid-document', e.describe(), instance);
    else if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') body = problem(413, 'too-large', `the body is larger than this route accepts (${request.routeOptions.bodyLimit ?? 0} bytes)`, instance);
    else if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') body = problem(415, 'unsupported-media-type', `content-type ${request.headers['content-type'] ?? '(none)'} is not accepted here`, instance);
    else if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) body = problem(e.statusCode, 'bad-request', e.message, instance);
    else {
      request.log.error(err);
      body = problem(500, 'internal', 'an internal error occurred; the server log has the details', instance);
    }
    if (body.status === 401) void reply.header('www-authenticate', 'Bearer');
    void reply.code(body.status).type('application/problem+json').send(JSON.stringify(body));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('application/problem+json')
      .send(JSON.stringify(problem(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`, request.url)));
  });

  await app.register(
    async (api) => {
      api.get(
        '/openapi.json',
        { config: { access: { permission: 'public' } }, schema: { hide: true } },
        async () => app.swagger(),
      );
      api.get(
        '/health',
        {
          config: { access: { permission: 'public' } },
          schema: { operationId: 'health', tags: ['meta'], summary: 'Liveness', security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' }, version: { type: 'string' } }, required: ['status', 'version'] } } },
        },
        async () => ({ status: 'ok', version: OSPO_VERSION }),
      );
      await registerAuthRoutes(api, deps);
      await registerProjectRoutes(api, deps);
      await registerPortfolioRoutes(api, deps);
      await registerScanRoutes(api, { store: options.store, scans: options.scans });
      await registerWorkflowRoutes(api, {
        store: options.store,
        requestTypes: options.requestTypes ?? configuredRequestTypes(),
        sendJob: options.sendJob,
        repoCheckRoots: options.repoCheckRoots,
      });
      await registerDashboardRoutes(api, deps);
    },
    { prefix: '/api/v1' },
  );
  if (options.webRoot) registerWeb(app, options.webRoot);
  await app.ready();
  return app;
}
