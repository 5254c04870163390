// The portfolio server's HTTP API. Contract: `buildServer(options)` returns a ready Fastify
// instance serving /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json), answering every error as RFC
// 9457 problem+json; every route declares a permission of permissions.ts (the server refuses to
// build otherwise) and every mutation writes one audit record in its transaction.
export { buildServer, type Principal, type ServerOptions } from './app.js';
export { PERMISSIONS, PORTFOLIO_ROLES, TRIAGE_KINDS, type Permission, type RouteAccess } from './permissions.js';
export { HttpProblem, Problem, problem } from './problem.js';
export type { OidcOptions } from './oidc.js';
