// A small but real OpenID Connect provider on 127.0.0.1 for tests: discovery, JWKS, an
// authorization endpoint (the "signed-in" user is chosen by the test, no login page) and a token
// endpoint that checks the client secret, the redirect URI and PKCE (S256) and issues RS256 ID
// tokens signed with node:crypto. `nextToken` lets a test make the next ID token hostile (wrong
// issuer or audience, expired, signed by another key, another nonce) to prove the relying party
// refuses it. Follows OpenID Connect Core 1.0 §3.1 and RFC 7636; only what Ospo's flow needs.
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The person the authorization endpoint signs in, as ID token claims. */
export interface ProviderUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Any further claims (groups, roles...). */
  [claim: string]: unknown;
}

/** Changes to the next ID token the token endpoint issues (once). */
export interface TokenTamper {
  iss?: string;
  aud?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with a key the JWKS does not publish. */
  foreignKey?: boolean;
  /** Replace the nonce the client sent. */
  nonce?: string;
  /** Flip a byte of the signature. */
  corruptSignature?: boolean;
}

/** A provider started by {@link startOidcProvider}. */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the authorization endpoint signs in next (stays until changed). */
  user: ProviderUser;
  /** Tampering for the next issued ID token only. */
  nextToken: TokenTamper | undefined;
  /** Every authorization request's query, in order (to check PKCE and nonce were sent). */
  readonly authorizeRequests: URLSearchParams[];
  /** Token endpoint answers other than 200, with the reason (for assertions). */
  readonly tokenErrors: string[];
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | undefined;
  user: ProviderUser;
  expires: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function sign(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = b64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
  return `${header}.${payload}.${b64url(signature)}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 64 * 1024) throw new Error('body too large');
  }
  return body;
}

/** Starts the provider on an ephemeral port of 127.0.0.1 with one registered client. */
export async function startOidcProvider(options: { redirectUris: string[]; user?: ProviderUser }): Promise<TestOidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = randomBytes(8).toString('hex');
  const grants = new Map<string, Grant>();

  const provider: TestOidcProvider = {
    issuer: '',
    clientId: 'ospo-test',
    clientSecret: randomBytes(24).toString('base64url'),
    user: options.user ?? { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice' },
    nextToken: undefined,
    authorizeRequests: [],
    tokenErrors: [],
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };

  const tokenError = (res: ServerResponse, status: number, error: string, description: string) => {
    provider.tokenErrors.push(`${error}: ${description}`);
    json(res, status, { error, error_description: description });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', provider.issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/authorize`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: ['openid', 'email', 'profile'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      return json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
    }
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      provider.authorizeRequests.push(new URLSearchParams(q));
      const redirectUri = q.get('redirect_uri') ?? '';
      // An unregistered redirect URI is never redirected to (RFC 6749 §4.1.2.1).
      if (q.get('client_id') !== provider.clientId || !options.redirectUris.includes(redirectUri)) {
        return json(res, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
      }
      const back = new URL(redirectUri);
      const state = q.get('state');
      if (state !== null) back.searchParams.set('state', state);
      if (q.get('response_type') !== 'code' || !q.get('scope')?.split(' ').includes('openid')) {
        back.searchParams.set('error', 'unsupported_response_type');
      } else if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        back.searchParams.set('error', 'invalid_request');
        back.searchParams.set('error_description', 'PKCE with S256 is required');
      } else {
        const code = randomBytes(24).toString('base64url');
        grants.set(code, {
          clientId: provider.clientId,
          redirectUri,
          challenge: q.get('code_challenge')!,
          nonce: q.get('nonce') ?? undefined,
          user: { ...provider.user },
          expires: Date.now() + 60_000,
        });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(await readBody(req));
      let clientId = form.get('client_id');
      let secret = form.get('client_secret');
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
      if (basic) {
        const [id, pw] = Buffer.from(basic[1]!, 'base64').toString().split(':').map((s) => decodeURIComponent(s));
        clientId = id ?? null;
        secret = pw ?? null;
      }
      if (clientId !== provider.clientId || secret !== provider.clientSecret) return tokenError(res, 401, 'invalid_client', 'wrong client credentials');
      if (form.get('grant_type') !== 'authorization_code') return tokenError(res, 400, 'unsupported_grant_type', String(form.get('grant_type')));
      const code = form.get('code') ?? '';
      const grant = grants.get(code);
      grants.delete(code); // single use (RFC 6749 §4.1.2)
      if (!grant || grant.expires < Date.now()) return tokenError(res, 400, 'invalid_grant', 'unknown, used or expired code');
      if (form.get('redirect_uri') !== grant.redirectUri) return tokenError(res, 400, 'invalid_grant', 'redirect_uri differs from the authorization request');
      const verifier = form.get('code_verifier') ?? '';
      if (b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge) {
        return tokenError(res, 400, 'invalid_grant', 'PKCE verification failed');
      }
      const tamper = provider.nextToken ?? {};
      provider.nextToken = undefined;
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        ...grant.user,
        iss: tamper.iss ?? provider.issuer,
        aud: tamper.aud ?? grant.clientId,
        iat: now,
        exp: now + (tamper.expiresIn ?? 300),
        ...(tamper.nonce !== undefined ? { nonce: tamper.nonce } : grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
      };
      let idToken = sign(tamper.foreignKey ? foreign : privateKey, kid, claims);
      if (tamper.corruptSignature) {
        const [h, p, s] = idToken.split('.') as [string, string, string];
        const bytes = Buffer.from(s, 'base64url');
        bytes[10] = bytes[10]! ^ 0xff;
        idToken = `${h}.${p}.${b64url(bytes)}`;
      }
      return json(res, 200, { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(res, 404, { error: 'not_found' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { error: 'server_error', error_description: (err as Error).message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}
