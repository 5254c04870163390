// The role x permission matrix (documented in docs/api.md). Every route names one permission in
// its config; buildServer refuses to start when a route names none.
import type { Role, TokenScope } from '../store/repo/tokens-types.js';

/** What a route does, as the matrix names it. */
export const PERMISSIONS = {
  /** No sign-in: health, the OpenAPI document, password and OIDC sign-in. */
  public: { scope: null, roles: null },
  /** Your own account and tokens. */
  self: { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  'self.write': { scope: 'write', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  /** Portfolio-wide reads (lists, where-used, advisories, licenses), filtered to visible projects. */
  'portfolio.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  /** One visible project and its snapshots, findings and policy results. */
  'project.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  /** Create a project (developers: in their own teams). */
  'project.create': { scope: 'write', roles: ['admin', 'ospo', 'developer'] },
  /** Change a project and upload snapshots to it (developers: their teams' projects). */
  'project.write': { scope: 'write', roles: ['admin', 'ospo', 'developer'] },
  /** Triage a finding: legal for license and policy findings, security for vulnerabilities. */
  'finding.triage': { scope: 'write', roles: ['admin', 'ospo', 'legal', 'security'] },
  'waiver.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  'waiver.write': { scope: 'write', roles: ['admin', 'ospo', 'legal', 'security'] },
  'team.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  'team.write': { scope: 'write', roles: ['admin', 'ospo'] },
  'audit.read': { scope: 'read', roles: ['admin', 'ospo'] },
  /** Requests to the OSPO (docs/workflows.md): see your own and your teams' (portfolio roles: all). */
  'request.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  /**
   * File, edit, submit, withdraw and comment on requests (viewers too: anyone may ask the OSPO);
   * review them where the request type names your role.
   */
  'request.write': { scope: 'write', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  /** The decision register and the allowlist adoption decisions made. */
  'decision.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  /** Courses, and completions (developers and viewers: their own). */
  'training.read': { scope: 'read', roles: ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] },
  'training.write': { scope: 'write', roles: ['admin', 'ospo'] },
  'webhook.admin': { scope: 'write', roles: ['admin', 'ospo'] },
  /** Users and other people's tokens. */
  'user.admin': { scope: 'admin', roles: ['admin'] },
} as const satisfies Record<string, { scope: TokenScope | null; roles: readonly Role[] | null }>;

/** A permission name. */
export type Permission = keyof typeof PERMISSIONS;

/** Roles that see every project; the others see their teams' projects only. */
export const PORTFOLIO_ROLES: readonly Role[] = ['admin', 'ospo', 'legal', 'security'];

/** Which kinds of finding a role may triage. */
export const TRIAGE_KINDS: Record<Role, readonly string[]> = {
  admin: ['vulnerability', 'license', 'policy'],
  ospo: ['vulnerability', 'license', 'policy'],
  legal: ['license', 'policy'],
  security: ['vulnerability'],
  developer: [],
  viewer: [],
};

/** How a route finds the project it acts on, for team scoping. */
export type ProjectFrom = 'param' | 'finding' | 'waiver' | 'body-team';

/** The route config every route carries. */
export interface RouteAccess {
  permission: Permission;
  /** Where the project (or team) the route acts on comes from; none for portfolio routes. */
  project?: ProjectFrom;
}

/** Returns whether a role holds a permission. */
export function roleHas(role: Role, permission: Permission): boolean {
  const roles = PERMISSIONS[permission].roles as readonly Role[] | null;
  return roles === null || roles.includes(role);
}

/** Returns whether a token's scopes allow a permission. */
export function scopeAllows(scopes: readonly TokenScope[], permission: Permission): boolean {
  const needed = PERMISSIONS[permission].scope;
  return needed === null || scopes.includes(needed) || (needed === 'read' && scopes.includes('write'));
}
