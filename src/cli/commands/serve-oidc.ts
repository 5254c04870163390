// `ospo serve`'s OIDC flags: turned into the server's OidcOptions, with the client secret read
// from a file or the environment (never argv, where `ps` shows it to every user of the machine).
import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { OidcOptions } from '../../server/oidc.js';
import { parseRoleMap } from '../../server/oidc.js';
import type { Role } from '../../store/repo/tokens-types.js';
import { ROLES } from '../../store/schema.js';

/** The OIDC flags as commander parses them. */
export interface OidcFlags {
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecretFile?: string;
  oidcRedirectUrl?: string;
  oidcDefaultRole?: string;
  oidcRoleClaim?: string;
  oidcRoleMap?: string;
  oidcTeamsClaim?: string;
}

/** The environment variable the client secret may come from. */
export const OIDC_SECRET_ENV = 'OSPO_OIDC_CLIENT_SECRET';

/** Adds the OIDC flags to `serve`. */
export function addOidcOptions(cmd: Command): Command {
  return cmd
    .option('--oidc-issuer <url>', 'turn on OIDC sign-in with this provider (its discovery document is <url>/.well-known/openid-configuration)')
    .option('--oidc-client-id <id>', 'the client id registered at the provider (with --oidc-issuer)')
    .option('--oidc-client-secret-file <file>', `a file holding the client secret (default: $${OIDC_SECRET_ENV}; neither: a public client, PKCE only)`)
    .option('--oidc-redirect-url <url>', 'this server\'s callback as registered at the provider: https://<host>/api/v1/auth/oidc/callback')
    .option('--oidc-default-role <role>', `role of a user whose claims map to no role (${ROLES.join(', ')})`, 'viewer')
    .option('--oidc-role-claim <claim>', 'take the role from this ID token claim at every sign-in (e.g. groups, roles)')
    .option('--oidc-role-map <pairs>', 'claim value=role pairs, first match wins (e.g. "ospo-admins=admin,appsec=security"); default: values that are role names')
    .option('--oidc-teams-claim <claim>', 'set team memberships at every sign-in from this claim\'s values (team names)');
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

function httpUrl(flag: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new UsageError(`${flag} must be an https:// URL (http:// only on 127.0.0.1 or localhost), got "${value}"`);
  }
  return url;
}

/**
 * Returns the server's OIDC options from the flags, or undefined without --oidc-issuer. Throws
 * UsageError naming the flag for a missing, malformed or unreadable value.
 */
export function oidcOptionsFromFlags(flags: OidcFlags, env: NodeJS.ProcessEnv): OidcOptions | undefined {
  const dependent = (['oidcClientId', 'oidcClientSecretFile', 'oidcRedirectUrl', 'oidcRoleClaim', 'oidcRoleMap', 'oidcTeamsClaim'] as const).filter((k) => flags[k] !== undefined);
  if (!flags.oidcIssuer) {
    if (dependent.length) throw new UsageError(`--${dependent[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --oidc-issuer`);
    return undefined;
  }
  const issuer = httpUrl('--oidc-issuer', flags.oidcIssuer);
  if (!flags.oidcClientId) throw new UsageError('--oidc-issuer needs --oidc-client-id (the client registered at the provider)');
  if (!flags.oidcRedirectUrl) throw new UsageError('--oidc-issuer needs --oidc-redirect-url (https://<this server>/api/v1/auth/oidc/callback, as registered at the provider)');
  const redirect = httpUrl('--oidc-redirect-url', flags.oidcRedirectUrl);
  if (!redirect.pathname.endsWith('/auth/oidc/callback')) {
    throw new UsageError(`--oidc-redirect-url must end with /api/v1/auth/oidc/callback (the route Ospo answers), got "${flags.oidcRedirectUrl}"`);
  }
  let clientSecret: string | undefined;
  if (flags.oidcClientSecretFile) {
    try {
      if (statSync(flags.oidcClientSecretFile).size > 64 * 1024) throw new Error('larger than 64 KB');
      clientSecret = readFileSync(flags.oidcClientSecretFile, 'utf8').trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(`--oidc-client-secret-file: cannot read ${flags.oidcClientSecretFile}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    if (!clientSecret) throw new UsageError(`--oidc-client-secret-file: ${flags.oidcClientSecretFile} is empty`);
  } else if (env[OIDC_SECRET_ENV]) {
    clientSecret = env[OIDC_SECRET_ENV]!.trim();
  }
  const defaultRole = (flags.oidcDefaultRole ?? 'viewer') as Role;
  if (!ROLES.includes(defaultRole)) throw new UsageError(`--oidc-default-role must be one of ${ROLES.join(', ')} (got "${flags.oidcDefaultRole}")`);
  if (flags.oidcRoleMap && !flags.oidcRoleClaim) throw new UsageError('--oidc-role-map needs --oidc-role-claim (the claim whose values it maps)');
  let roleMap: OidcOptions['roleMap'];
  if (flags.oidcRoleMap) {
    try {
      roleMap = parseRoleMap(flags.oidcRoleMap);
    } catch (err) {
      throw new UsageError(`--oidc-role-map: ${(err as Error).message}`);
    }
  }
  return {
    // As given: the discovery document's issuer must equal it exactly (OIDC Discovery §4.3).
    issuer: flags.oidcIssuer,
    clientId: flags.oidcClientId,
    ...(clientSecret ? { clientSecret } : {}),
    redirectUri: redirect.href,
    defaultRole,
    ...(flags.oidcRoleClaim ? { roleClaim: flags.oidcRoleClaim } : {}),
    ...(roleMap ? { roleMap } : {}),
    ...(flags.oidcTeamsClaim ? { teamsClaim: flags.oidcTeamsClaim } : {}),
    allowInsecure: issuer.protocol === 'http:',
  };
}
