// OIDC sign-in (authorization code flow with PKCE) through openid-client. The callback maps the
// ID token's subject to a user (created on first sign-in with `defaultRole`, matched by email
// once) and answers with a short-lived Ospo token.
import { randomBytes } from 'node:crypto';
import type * as OidcClient from 'openid-client';

/** OIDC configuration for `buildServer`. */
export interface OidcOptions {
  /** The issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** This server's callback URL, registered at the provider: `<base>/api/v1/auth/oidc/callback`. */
  redirectUri: string;
  /** The role of a user created by a first sign-in; default `viewer`. */
  defaultRole?: 'viewer' | 'developer';
  /** Allow an http:// issuer (tests against a local provider only). */
  allowInsecure?: boolean;
}

/** A started sign-in, kept until its callback (at most ten minutes). */
interface Pending {
  verifier: string;
  expires: number;
}

/** The OIDC flow: discovery once, then login URLs and callbacks. */
export class OidcFlow {
  private config: Promise<OidcClient.Configuration> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(readonly options: OidcOptions) {}

  private async client(): Promise<{ lib: typeof OidcClient; config: OidcClient.Configuration }> {
    const lib = await import('openid-client');
    this.config ??= lib.discovery(
      new URL(this.options.issuer),
      this.options.clientId,
      this.options.clientSecret,
      undefined,
      this.options.allowInsecure ? { execute: [lib.allowInsecureRequests] } : undefined,
    );
    try {
      return { lib, config: await this.config };
    } catch (err) {
      this.config = undefined;
      throw err;
    }
  }

  /** Returns the provider's authorization URL for a new sign-in. */
  async loginUrl(): Promise<string> {
    const { lib, config } = await this.client();
    const now = Date.now();
    for (const [k, v] of this.pending) if (v.expires < now) this.pending.delete(k);
    if (this.pending.size > 10_000) throw new Error('too many sign-ins in progress');
    const verifier = lib.randomPKCECodeVerifier();
    const state = randomBytes(24).toString('base64url');
    this.pending.set(state, { verifier, expires: now + 600_000 });
    return lib
      .buildAuthorizationUrl(config, {
        redirect_uri: this.options.redirectUri,
        scope: 'openid email profile',
        state,
        code_challenge: await lib.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /** Completes a sign-in from the callback URL; returns the ID token's subject and email. */
  async callback(currentUrl: URL): Promise<{ subject: string; email: string | undefined; name: string | undefined }> {
    const state = currentUrl.searchParams.get('state') ?? '';
    const pending = this.pending.get(state);
    if (!pending || pending.expires < Date.now()) throw new Error('unknown or expired sign-in state; start again');
    this.pending.delete(state);
    const { lib, config } = await this.client();
    const tokens = await lib.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.verifier, expectedState: state });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider returned no ID token');
    return {
      subject: `${this.options.issuer}#${claims.sub}`,
      email: typeof claims.email === 'string' && claims.email_verified !== false ? claims.email : undefined,
      name: typeof claims.name === 'string' ? claims.name : undefined,
    };
  }
}
