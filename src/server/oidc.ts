// OIDC sign-in (authorization code flow with PKCE S256, a nonce and a state bound to the browser
// by a cookie) through openid-client, which checks the ID token's signature against the
// provider's JWKS, its issuer, audience, expiry and nonce. The callback route maps the ID token's
// subject to a user (created on first sign-in), optionally takes the role and teams from claims,
// and answers with a short-lived Ospo token.
import { randomBytes } from 'node:crypto';
import type * as OidcClient from 'openid-client';
import type { Role } from '../store/repo/tokens-types.js';
import { ROLES } from '../store/schema.js';

/** OIDC configuration for `buildServer`. */
export interface OidcOptions {
  /** The issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** The client secret; absent for a public client (PKCE only). */
  clientSecret?: string;
  /** This server's callback URL, registered at the provider: `<base>/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  /** The role of a user whose claims map to no role (and of every new user without `roleClaim`); default `viewer`. */
  defaultRole?: Role;
  /**
   * A claim (string or array of strings, e.g. `groups` or `roles`) the role is taken from at every
   * sign-in. With it, the provider decides the role: a role changed in Ospo is reset at the next sign-in.
   */
  roleClaim?: string;
  /**
   * Claim value -> role, in order: the first pair whose value the claim holds decides. Without
   * it, claim values that are role names count, the most privileged first (ROLES order).
   */
  roleMap?: [string, Role][];
  /** A claim (string or array) whose values name Ospo teams; memberships follow it at every sign-in. */
  teamsClaim?: string;
  /** Allow an http:// issuer (a provider on loopback, e.g. in tests). */
  allowInsecure?: boolean;
}

/** What the role and teams of a signed-in user become, from their claims. */
export interface ClaimAccess {
  /** The mapped role; undefined when no `roleClaim` is configured. */
  role: Role | undefined;
  /** Team names from `teamsClaim`; undefined when it is not configured. */
  teams: string[] | undefined;
}

/** A completed sign-in. */
export interface OidcIdentity {
  /** `<issuer>#<sub>`: unique across providers. */
  subject: string;
  /** The email, when the provider says it is verified (or says nothing about it). */
  email: string | undefined;
  name: string | undefined;
  access: ClaimAccess;
}

/** A sign-in the callback cannot complete: answered with 401 and this message. */
export class OidcError extends Error {
  override readonly name = 'OidcError';
}

/** A started sign-in, kept until its callback (at most ten minutes). */
interface Pending {
  verifier: string;
  nonce: string;
  expires: number;
}

// Claims are the provider's, but a misconfigured one must not make us allocate without bound.
const MAX_CLAIM_VALUES = 1000;
const MAX_CLAIM_LENGTH = 256;
const PENDING_MS = 600_000;
/** Sign-ins in progress kept at most (about 200 bytes each). */
export const MAX_PENDING = 10_000;

function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const raw = Object.prototype.hasOwnProperty.call(claims, name) ? claims[name] : undefined;
  const list = typeof raw === 'string' ? raw.split(/[\s,]+/) : Array.isArray(raw) ? raw : [];
  return list.slice(0, MAX_CLAIM_VALUES).filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_CLAIM_LENGTH);
}

/** Maps ID token claims to a role and team names as `options` configures (pure; exported for tests). */
export function accessFromClaims(options: Pick<OidcOptions, 'roleClaim' | 'roleMap' | 'teamsClaim' | 'defaultRole'>, claims: Record<string, unknown>): ClaimAccess {
  let role: Role | undefined;
  if (options.roleClaim) {
    const held = new Set(claimValues(claims, options.roleClaim));
    const pairs: [string, Role][] = options.roleMap ?? ROLES.map((r) => [r, r]);
    role = pairs.find(([value]) => held.has(value))?.[1] ?? options.defaultRole ?? 'viewer';
  }
  const teams = options.teamsClaim ? [...new Set(claimValues(claims, options.teamsClaim))].sort() : undefined;
  return { role, teams };
}

/** Parses `value=role,value=role` (the `--oidc-role-map` flag); throws naming the bad entry. */
export function parseRoleMap(text: string): [string, Role][] {
  const pairs: [string, Role][] = [];
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    const value = entry.slice(0, eq).trim();
    const role = entry.slice(eq + 1).trim() as Role;
    if (eq <= 0 || !value) throw new Error(`"${entry}" is not claim-value=role`);
    if (!ROLES.includes(role)) throw new Error(`"${entry}": ${role || '(empty)'} is not a role (one of ${ROLES.join(', ')})`);
    pairs.push([value, role]);
  }
  if (pairs.length === 0) throw new Error('no claim-value=role pairs');
  return pairs;
}

/**
 * Says why openid-client refused a response: its own message is generic ("unexpected JWT claim
 * value encountered"); the cause names the claim, and a provider's error its code and description.
 */
function describeClientError(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as { message?: unknown; error?: unknown; error_description?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (typeof e !== 'object') break;
    if (typeof e.message === 'string' && !parts.includes(e.message)) parts.push(e.message);
    if (typeof e.error === 'string') parts.push(`the provider answered ${e.error}${typeof e.error_description === 'string' ? `: ${e.error_description}` : ''}`);
  }
  return parts.join('; ').slice(0, 1000) || 'the provider\'s response was refused';
}

/** The OIDC flow: discovery once, then login URLs and callbacks. */
export class OidcFlow {
  private config: Promise<OidcClient.Configuration> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(readonly options: OidcOptions) {}

  /** The cookie that binds a sign-in's state to the browser that started it. */
  static readonly COOKIE = 'ospo_oidc_state';

  private async client(): Promise<{ lib: typeof OidcClient; config: OidcClient.Configuration }> {
    const lib = await import('openid-client');
    this.config ??= lib.discovery(
      new URL(this.options.issuer),
      this.options.clientId,
      this.options.clientSecret,
      undefined,
      // openid-client skips the ID token's signature when it comes straight from the token
      // endpoint (OIDC Core §3.1.3.7 allows trusting TLS instead); Ospo checks it anyway, against
      // the provider's JWKS, so a token not signed by the provider is refused even over http.
      { execute: [lib.enableNonRepudiationChecks, ...(this.options.allowInsecure ? [lib.allowInsecureRequests] : [])] },
    );
    try {
      return { lib, config: await this.config };
    } catch (err) {
      // Retry discovery next time: the provider may have been down.
      this.config = undefined;
      throw new OidcError(`the OIDC provider ${this.options.issuer} could not be discovered: ${(err as Error).message}`);
    }
  }

  /** Starts a sign-in: the provider's authorization URL and the state to bind to the browser. */
  async start(): Promise<{ url: string; state: string }> {
    const { lib, config } = await this.client();
    const now = Date.now();
    for (const [k, v] of this.pending) if (v.expires < now) this.pending.delete(k);
    // Full (someone is opening sign-ins in a loop): the oldest gives way, so the cap bounds
    // memory without locking everyone out for ten minutes.
    while (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const verifier = lib.randomPKCECodeVerifier();
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    this.pending.set(state, { verifier, nonce, expires: now + PENDING_MS });
    const url = lib
      .buildAuthorizationUrl(config, {
        redirect_uri: this.options.redirectUri,
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: await lib.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      })
      .toString();
    return { url, state };
  }

  /**
   * Completes a sign-in from the callback URL and the state cookie the browser sent back; throws
   * OidcError for an unknown, reused or foreign state and for any ID token openid-client refuses.
   */
  async callback(currentUrl: URL, cookieState: string | undefined): Promise<OidcIdentity> {
    const state = currentUrl.searchParams.get('state') ?? '';
    if (!state) throw new OidcError('the callback has no state; start again at /api/v1/auth/oidc/login');
    const pending = this.pending.get(state);
    // Used once, whatever the outcome: a replayed or misdelivered callback finds nothing.
    this.pending.delete(state);
    if (cookieState !== state) throw new OidcError('the sign-in state does not match this browser\'s; start again at /api/v1/auth/oidc/login');
    if (!pending || pending.expires < Date.now()) throw new OidcError('unknown, used or expired sign-in state; start again at /api/v1/auth/oidc/login');
    const { lib, config } = await this.client();
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await lib.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch (err) {
      throw new OidcError(describeClientError(err));
    }
    if (!claims || typeof claims.sub !== 'string') throw new OidcError('the provider returned no ID token');
    return {
      subject: `${this.options.issuer}#${claims.sub}`,
      email: typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : undefined,
      name: typeof claims.name === 'string' ? claims.name : undefined,
      access: accessFromClaims(this.options, claims),
    };
  }
}
