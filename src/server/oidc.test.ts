// OIDC sign-in end to end on both engines, against a real provider on 127.0.0.1
// (src/test-support/oidc-provider.ts): discovery, the authorization redirect, the token exchange
// and ID token checks all go over HTTP through openid-client. The hostile cases (wrong issuer or
// audience, bad signature, expired token, nonce, state and PKCE mismatches, a provider error, an
// unreachable provider) each answer 401 or 503 and write nothing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, rows, verifyAudit, type Store } from '../store/index.js';
import { createUser } from '../store/repo/users.js';
import { suiteEngines, useSuiteStore } from '../test-support/store-lifecycle.js';
import { startOidcProvider, type TestOidcProvider, type TokenTamper } from '../test-support/oidc-provider.js';
import { buildServer } from './app.js';
import { accessFromClaims, MAX_PENDING, OidcFlow, parseRoleMap, type OidcOptions } from './oidc.js';

const engines = await suiteEngines('OIDC suite');
const REDIRECT = 'http://ospo.test/api/v1/auth/oidc/callback';
type App = Awaited<ReturnType<typeof buildServer>>;

/** The login redirect: where the browser goes next and the state cookie it holds. */
async function startLogin(app: App): Promise<{ authorizeUrl: string; cookie: string }> {
  const login = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
  expect(login.statusCode, login.body).toBe(302);
  const setCookie = String(login.headers['set-cookie']);
  expect(setCookie).toMatch(/^ospo_oidc_state=[\w-]+; Path=\/api\/v1\/auth\/oidc\/callback; HttpOnly; SameSite=Lax; Max-Age=600$/);
  return { authorizeUrl: String(login.headers.location), cookie: setCookie.split(';')[0]! };
}

/** The browser at the provider: the redirect back to Ospo's callback (path and query). */
async function authorize(authorizeUrl: string): Promise<string> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(back.origin + back.pathname).toBe(REDIRECT);
  return back.pathname + back.search;
}

/** A whole sign-in, the provider's next ID token tampered with as given. */
async function signIn(app: App, provider: TestOidcProvider, tamper?: TokenTamper) {
  const { authorizeUrl, cookie } = await startLogin(app);
  const callback = await authorize(authorizeUrl);
  provider.nextToken = tamper;
  return app.inject({ method: 'GET', url: callback, headers: { cookie } });
}

describe('accessFromClaims and parseRoleMap', () => {
  it('takes the first mapped claim value, else role names by privilege, else the default', () => {
    const map = parseRoleMap('ospo-admins=admin, sec=security,sec-leads=ospo');
    expect(map).toEqual([['ospo-admins', 'admin'], ['sec', 'security'], ['sec-leads', 'ospo']]);
    expect(accessFromClaims({ roleClaim: 'groups', roleMap: map }, { groups: ['sec-leads', 'sec'] }).role).toBe('security');
    expect(accessFromClaims({ roleClaim: 'groups', roleMap: map }, { groups: 'other' }).role).toBe('viewer');
    expect(accessFromClaims({ roleClaim: 'groups', roleMap: map, defaultRole: 'developer' }, {}).role).toBe('developer');
    expect(accessFromClaims({ roleClaim: 'roles' }, { roles: ['viewer', 'legal', 'ospo'] }).role).toBe('ospo');
    expect(accessFromClaims({ roleClaim: 'roles' }, { roles: 'legal developer' }).role).toBe('legal');
    // Not an own property, not strings, too long: ignored rather than trusted.
    expect(accessFromClaims({ roleClaim: 'constructor' }, {}).role).toBe('viewer');
    expect(accessFromClaims({ roleClaim: 'roles', teamsClaim: 'groups' }, { roles: [{ admin: 1 }, 'x'.repeat(300)], groups: ['b', 'a', 'b', 7] })).toEqual({ role: 'viewer', teams: ['a', 'b'] });
    expect(accessFromClaims({}, { groups: ['admin'] })).toEqual({ role: undefined, teams: undefined });
  });

  it.each([
    ['', 'no claim-value=role pairs'],
    ['admins', '"admins" is not claim-value=role'],
    ['=admin', '"=admin" is not claim-value=role'],
    ['admins=king', '"admins=king": king is not a role (one of admin, ospo, legal, security, developer, viewer)'],
  ])('refuses the role map %j', (text, message) => {
    expect(() => parseRoleMap(text)).toThrow(message);
  });
});

describe.each(engines)('OIDC sign-in on $name', (engine) => {
  const suite = useSuiteStore(engine, { reset: 'once' });
  let store: Store;
  let provider: TestOidcProvider;
  let app: App;
  let oidc: OidcOptions;
  const count = async (table: string) => Number((await rows<{ n: string }>(store.db, sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0]!.n);
  const written = async () => ({ users: await count('users'), tokens: await count('api_tokens'), audit: await count('audit_log') });

  beforeAll(async () => {
    if (engine.unavailable) return;
    store = suite.store;
    provider = await startOidcProvider({ redirectUris: [REDIRECT] });
    oidc = { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: REDIRECT, allowInsecure: true };
    app = await buildServer({ store, oidc });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  it.skipIf(engine.unavailable)('signs in: PKCE S256 and a nonce are sent, a user is created once, the token works', async () => {
    provider.user = { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice' };
    const r = await signIn(app, provider);
    expect(r.statusCode, r.body).toBe(200);
    expect(String(r.headers['set-cookie'])).toContain('ospo_oidc_state=; Path=/api/v1/auth/oidc/callback; HttpOnly; SameSite=Lax; Max-Age=0');
    const req = provider.authorizeRequests.at(-1)!;
    expect(req.get('code_challenge_method')).toBe('S256');
    expect(req.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(req.get('nonce')).toMatch(/^[\w-]{32}$/);
    expect(req.get('scope')).toBe('openid email profile');
    const { token } = r.json<{ token: string }>();
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ email: 'alice@example.com', name: 'Alice', role: 'viewer', teams: [] });

    const again = await signIn(app, provider);
    expect(again.statusCode).toBe(200);
    const [u] = await rows<{ n: string; subject: string }>(store.db, sql`SELECT count(*) AS n, min(oidc_subject) AS subject FROM users WHERE email = 'alice@example.com'`);
    expect(Number(u!.n)).toBe(1);
    expect(u!.subject).toBe(`${provider.issuer}#alice`);
    expect((await verifyAudit(store)).ok).toBe(true);
  });

  it.skipIf(engine.unavailable).each<[string, TokenTamper, RegExp]>([
    ['a wrong issuer', { iss: 'http://127.0.0.1:1' }, /"iss" \(issuer\) claim/],
    ['a wrong audience', { aud: 'someone-else' }, /"aud" \(audience\) claim/],
    ['a corrupted signature', { corruptSignature: true }, /signature/i],
    ['a signature by a key the provider does not publish', { foreignKey: true }, /signature/i],
    ['an expired token', { expiresIn: -3600 }, /"exp" \(expiration time\) claim/],
    ['another nonce', { nonce: 'not-the-one-sent' }, /"nonce" claim/],
  ])('refuses an ID token with %s and writes nothing', async (_what, tamper, message) => {
    provider.user = { sub: 'mallory', email: 'mallory@example.com' };
    const before = await written();
    const r = await signIn(app, provider, tamper);
    expect(r.statusCode, r.body).toBe(401);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().detail).toMatch(/^OIDC sign-in failed: /);
    expect(r.json().detail).toMatch(message);
    expect(await written()).toEqual(before);
  });

  it.skipIf(engine.unavailable)('refuses a callback without the state cookie, with another state, or replayed', async () => {
    provider.user = { sub: 'bob', email: 'bob@example.com' };
    const before = await written();
    const a = await startLogin(app);
    const callbackA = await authorize(a.authorizeUrl);
    const noCookie = await app.inject({ method: 'GET', url: callbackA });
    expect(noCookie.statusCode).toBe(401);
    expect(noCookie.json().detail).toContain("does not match this browser's");
    // An attacker's callback (their code and state) delivered to a victim's browser: refused.
    const victim = await startLogin(app);
    const foreign = await app.inject({ method: 'GET', url: callbackA, headers: { cookie: victim.cookie } });
    expect(foreign.statusCode).toBe(401);
    expect(await written()).toEqual(before);
    // The state was spent by the first try; even the right cookie cannot use it now.
    const replay = await app.inject({ method: 'GET', url: callbackA, headers: { cookie: a.cookie } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toContain('unknown, used or expired sign-in state');
    const noState = await app.inject({ method: 'GET', url: '/api/v1/auth/oidc/callback?code=x', headers: { cookie: a.cookie } });
    expect(noState.json().detail).toContain('the callback has no state');
    expect(await written()).toEqual(before);
    // A successful callback cannot be replayed either.
    const b = await startLogin(app);
    const callbackB = await authorize(b.authorizeUrl);
    expect((await app.inject({ method: 'GET', url: callbackB, headers: { cookie: b.cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: callbackB, headers: { cookie: b.cookie } })).statusCode).toBe(401);
  });

  it.skipIf(engine.unavailable)('refuses a code issued to another sign-in: PKCE fails at the provider', async () => {
    provider.user = { sub: 'carol', email: 'carol@example.com' };
    const before = await written();
    const a = await startLogin(app);
    const callbackA = new URL(await authorize(a.authorizeUrl), REDIRECT);
    const b = await startLogin(app);
    await authorize(b.authorizeUrl);
    // Code A injected into sign-in B (B's state and cookie): the server sends B's verifier.
    const stateB = b.cookie.split('=')[1]!;
    callbackA.searchParams.set('state', stateB);
    const errorsBefore = provider.tokenErrors.length;
    const r = await app.inject({ method: 'GET', url: callbackA.pathname + callbackA.search, headers: { cookie: b.cookie } });
    expect(r.statusCode, r.body).toBe(401);
    expect(r.json().detail).toContain('PKCE verification failed');
    expect(provider.tokenErrors.slice(errorsBefore)).toEqual(['invalid_grant: PKCE verification failed']);
    expect(await written()).toEqual(before);
  });

  it.skipIf(engine.unavailable)('answers a provider error with 401, and a local account of the same email with 409', async () => {
    const before = await written();
    const { cookie } = await startLogin(app);
    const state = cookie.split('=')[1]!;
    const denied = await app.inject({ method: 'GET', url: `/api/v1/auth/oidc/callback?error=access_denied&error_description=user+said+no&state=${state}`, headers: { cookie } });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().detail).toContain('the provider answered access_denied: user said no');
    expect(await written()).toEqual(before);

    await createUser(store, { email: 'dave@example.com', role: 'developer', password: 'correct horse battery' });
    provider.user = { sub: 'dave', email: 'dave@example.com', email_verified: true };
    const clash = await signIn(app, provider);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().detail).toContain('a local user dave@example.com exists');
  });

  it.skipIf(engine.unavailable)('takes role and teams from claims at every sign-in, audited', async () => {
    const payments = await createTeam(store, 'payments');
    const mapped = await buildServer({ store, oidc: { ...oidc, roleClaim: 'groups', roleMap: parseRoleMap('ospo-admins=admin,ospo-security=security'), teamsClaim: 'groups' } });
    try {
      provider.user = { sub: 'erin', email: 'erin@example.com', groups: ['payments', 'ospo-security', 'no-such-team'] };
      const first = await signIn(mapped, provider);
      expect(first.statusCode, first.body).toBe(200);
      const auth = { authorization: `Bearer ${first.json().token}` };
      expect((await mapped.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).json()).toMatchObject({ role: 'security', teams: [payments.id] });
      provider.user = { ...provider.user, groups: [] };
      const second = await signIn(mapped, provider);
      const me = await mapped.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${second.json().token}` } });
      expect(me.json()).toMatchObject({ role: 'viewer', teams: [] });
      const updates = await rows<{ details: unknown }>(store.db, sql`SELECT details FROM audit_log WHERE action = 'user.update' ORDER BY id`);
      expect(updates.map((u) => u.details)).toEqual([
        { teams: { from: [], to: [payments.id] } },
        { role: { from: 'security', to: 'viewer' }, teams: { from: [payments.id], to: [] } },
      ]);
      // The same claims again change nothing and write no record.
      await signIn(mapped, provider);
      expect(await count("audit_log WHERE action = 'user.update'")).toBe(2);
      expect((await verifyAudit(store)).ok).toBe(true);
    } finally {
      await mapped.close();
    }
  });

  it.skipIf(engine.unavailable)('keeps at most MAX_PENDING sign-ins in progress: the oldest gives way', async () => {
    const flow = new OidcFlow(oidc);
    const first = await flow.start();
    for (let i = 0; i < MAX_PENDING; i++) await flow.start();
    const last = await flow.start();
    const callback = (state: string) => new URL(`${REDIRECT}?code=x&state=${state}`);
    await expect(flow.callback(callback(first.state), first.state)).rejects.toThrow('unknown, used or expired sign-in state');
    // The newest is still pending: it reaches the provider, which refuses the made-up code.
    await expect(flow.callback(callback(last.state), last.state)).rejects.toThrow(/invalid_grant/);
  }, 60_000);

  it.skipIf(engine.unavailable)('answers 503 while the provider cannot be reached, and declares both routes public', async () => {
    const down = await buildServer({ store, oidc: { ...oidc, issuer: 'http://127.0.0.1:9/' } });
    try {
      const r = await down.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
      expect(r.statusCode).toBe(503);
      expect(r.json().detail).toContain('the OIDC provider http://127.0.0.1:9/ could not be discovered');
      const doc = (await down.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, { get: { security: unknown[] } }> }>();
      expect(doc.paths['/api/v1/auth/oidc/login']!.get.security).toEqual([]);
      expect(doc.paths['/api/v1/auth/oidc/callback']!.get.security).toEqual([]);
    } finally {
      await down.close();
    }
  });
});
