// Sign-in (password, OIDC), the caller's account and tokens, and user administration.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createToken, getToken, listTokens, parseExpiry, revokeToken } from '../../store/repo/tokens.js';
import { createUser, findUserByEmail, findUserBySubject, getUser, listUsers, updateUserAccess, verifyPassword, type User as UserRecord } from '../../store/repo/users.js';
import { principalOf, type RouteDeps } from '../app.js';
import { OidcError, OidcFlow } from '../oidc.js';
import { HttpProblem } from '../problem.js';
import { ApiToken, DateTime, TokenScopes, User, Uuid, problems } from '../schemas.js';
import { ROLES } from '../../store/schema.js';

const Issued = Type.Object({
  token: Type.String({ description: 'The token: shown this once, store it now' }),
  record: Type.Ref('ApiToken'),
});
const userView = (u: UserRecord) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, teams: u.teams, createdAt: u.createdAt });

/** Returns one cookie's value from a Cookie header (RFC 6265 §5.4), or undefined. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Registers the auth, token and user routes. */
export async function registerAuthRoutes(api: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { store } = deps;
  api.addSchema(User);
  api.addSchema(ApiToken);

  api.post(
    '/auth/login',
    {
      config: { access: { permission: 'public' } },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: 'Sign in with email and password; answers with a short-lived token',
        security: [],
        body: Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: Issued, ...problems },
      },
    },
    async (req) => {
      const body = req.body as { email: string; password: string };
      const user = await verifyPassword(store, body.email, body.password);
      if (!user) throw new HttpProblem(401, 'unauthenticated', 'wrong email or password');
      return createToken(store, { userId: user.id, name: 'session', scopes: ['read', 'write'], expiresInMs: deps.sessionMs }, `user:${user.id}`);
    },
  );

  if (deps.oidc) {
    const oidc = deps.oidc;
    const flow = new OidcFlow(oidc);
    // The state cookie is sent back only to the callback path; Lax lets the provider's top-level
    // redirect carry it. Secure whenever the server is reached over https.
    const callbackPath = new URL(oidc.redirectUri).pathname;
    const cookieAttrs = `Path=${callbackPath}; HttpOnly; SameSite=Lax; Max-Age=600${oidc.redirectUri.startsWith('https:') ? '; Secure' : ''}`;
    api.get(
      '/auth/oidc/login',
      {
        config: { access: { permission: 'public' } },
        schema: { operationId: 'oidcLogin', tags: ['auth'], summary: 'Start an OIDC sign-in (redirects to the provider)', security: [], response: { 302: Type.Null(), ...problems } },
      },
      async (_req, reply) => {
        let started;
        try {
          started = await flow.start();
        } catch (err) {
          if (err instanceof OidcError) throw new HttpProblem(503, 'oidc-unavailable', err.message);
          throw err;
        }
        void reply.header('set-cookie', `${OidcFlow.COOKIE}=${started.state}; ${cookieAttrs}`).header('cache-control', 'no-store');
        return reply.redirect(started.url, 302);
      },
    );
    api.get(
      '/auth/oidc/callback',
      {
        config: { access: { permission: 'public' } },
        schema: {
          operationId: 'oidcCallback',
          tags: ['auth'],
          summary: 'The OIDC redirect target: answers with a short-lived token',
          security: [],
          querystring: Type.Object(
            {
              code: Type.Optional(Type.String({ maxLength: 4096 })),
              state: Type.Optional(Type.String({ maxLength: 256 })),
              iss: Type.Optional(Type.String({ maxLength: 2048 })),
              error: Type.Optional(Type.String({ maxLength: 256 })),
              error_description: Type.Optional(Type.String({ maxLength: 2048 })),
            },
            { additionalProperties: true },
          ),
          response: { 200: Issued, ...problems },
        },
      },
      async (req, reply) => {
        // Whatever happens, this browser's sign-in attempt is over.
        void reply.header('set-cookie', `${OidcFlow.COOKIE}=; ${cookieAttrs.replace('Max-Age=600', 'Max-Age=0')}`).header('cache-control', 'no-store');
        let who;
        try {
          // The provider redirected to redirectUri: that, with this request's query, is the URL
          // it answered (a proxy in front may have rewritten the path).
          const current = new URL(oidc.redirectUri);
          current.search = new URL(req.url, 'http://callback.invalid').search;
          who = await flow.callback(current, cookieValue(req.headers.cookie, OidcFlow.COOKIE));
        } catch (err) {
          if (err instanceof OidcError) throw new HttpProblem(401, 'unauthenticated', `OIDC sign-in failed: ${err.message}`);
          throw err;
        }
        let user = await findUserBySubject(store, who.subject);
        if (!user && who.email && (await findUserByEmail(store, who.email))) {
          throw new HttpProblem(409, 'conflict', `a local user ${who.email} exists; an admin must link it to the OIDC account`);
        }
        user ??= await createUser(store, { email: who.email ?? who.subject, name: who.name ?? null, role: who.access.role ?? oidc.defaultRole ?? 'viewer', oidcSubject: who.subject }, 'system:oidc');
        if (who.access.role !== undefined || who.access.teams !== undefined) {
          const before = user;
          user = await updateUserAccess(store, user.id, { ...(who.access.role ? { role: who.access.role } : {}), ...(who.access.teams ? { teamNames: who.access.teams } : {}) }, 'system:oidc');
          if (user.role !== before.role || user.teams.join() !== before.teams.join()) api.forgetTokens?.();
        }
        if (user.disabled) throw new HttpProblem(403, 'forbidden', 'this account is disabled');
        return createToken(store, { userId: user.id, name: 'oidc session', scopes: ['read', 'write'], expiresInMs: deps.sessionMs }, `user:${user.id}`);
      },
    );
  }

  api.get(
    '/me',
    { config: { access: { permission: 'self' } }, schema: { operationId: 'me', tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Ref('User'), ...problems } } },
    async (req) => userView(await getUser(store, principalOf(req).user.id)),
  );
  api.get(
    '/tokens',
    { config: { access: { permission: 'self' } }, schema: { operationId: 'listTokens', tags: ['auth'], summary: 'Your API tokens (never the tokens themselves)', response: { 200: Type.Array(Type.Ref('ApiToken')), ...problems } } },
    async (req) => listTokens(store, principalOf(req).user.id),
  );
  api.post(
    '/tokens',
    {
      config: { access: { permission: 'self.write' } },
      schema: {
        operationId: 'createToken',
        tags: ['auth'],
        summary: 'Create an API token for yourself: shown once; scopes no wider than your own token',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            scopes: Type.Optional(TokenScopes),
            expires: Type.Optional(Type.String({ pattern: '^(\\d{1,5}[dhm]|never)$', default: '90d', description: '90d, 12h, 30m or never' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Issued, ...problems },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const body = req.body as { name: string; scopes?: ('read' | 'write' | 'admin')[]; expires?: string };
      const scopes = body.scopes ?? ['read', 'write'];
      const wider = scopes.filter((s) => !p.scopes.includes(s) && !(s === 'read' && p.scopes.includes('write')));
      if (wider.length) throw new HttpProblem(403, 'insufficient-scope', `this token cannot grant ${wider.join(', ')}`);
      if (scopes.includes('admin') && p.user.role !== 'admin') throw new HttpProblem(403, 'forbidden', 'only admins hold admin-scoped tokens');
      const ms = parseExpiry(body.expires ?? '90d');
      return reply.code(201).send(await createToken(store, { userId: p.user.id, name: body.name, scopes, ...(ms !== undefined ? { expiresInMs: ms } : {}) }, `user:${p.user.id}`));
    },
  );
  api.delete(
    '/tokens/:tokenId',
    {
      config: { access: { permission: 'self.write' } },
      schema: { operationId: 'revokeToken', tags: ['auth'], summary: 'Revoke one of your tokens (admins: anyone\'s)', params: Type.Object({ tokenId: Uuid }), response: { 204: Type.Null(), ...problems } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const token = await getToken(store, (req.params as { tokenId: string }).tokenId);
      if (token.userId !== p.user.id && p.user.role !== 'admin') throw new HttpProblem(404, 'not-found', `token ${token.id} does not exist`);
      await revokeToken(store, token.id, `user:${p.user.id}`);
      api.forgetTokens?.();
      return reply.code(204).send();
    },
  );

  api.get(
    '/users',
    { config: { access: { permission: 'user.admin' } }, schema: { operationId: 'listUsers', tags: ['users'], summary: 'List users', response: { 200: Type.Array(Type.Ref('User')), ...problems } } },
    async () => (await listUsers(store)).map(userView),
  );
  api.post(
    '/users',
    {
      config: { access: { permission: 'user.admin' } },
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary: 'Create a local user (argon2id password)',
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 320 }),
            name: Type.Optional(Type.String({ maxLength: 200 })),
            role: Type.Union(ROLES.map((r) => Type.Literal(r))),
            password: Type.Optional(Type.String({ minLength: 12, maxLength: 1024 })),
            teams: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('User'), ...problems },
      },
    },
    async (req, reply) => {
      const b = req.body as { email: string; name?: string; role: (typeof ROLES)[number]; password?: string; teams?: string[] };
      const u = await createUser(store, { email: b.email, role: b.role, name: b.name ?? null, ...(b.password ? { password: b.password } : {}), teamIds: b.teams ?? [] }, `user:${principalOf(req).user.id}`);
      return reply.code(201).send(userView(u));
    },
  );
  void DateTime;
}
