// The store: one Drizzle schema (schema.ts) and one set of SQL migrations (drizzle/) for the
// embedded PGlite and for PostgreSQL. Contract: `openStore` returns a migrated Store whichever
// engine it opens; repository functions (repo/) take a Store, behave identically on both engines
// (the conformance suite in store.test.ts runs on both), write all or nothing in one transaction,
// and append one audit record per mutation in that transaction. See docs/adr/0005-store.md.
export { openStore, redactUrl, rows, MIGRATIONS_FOLDER } from './engine.js';
export type { Db, Engine, Executor, OpenStoreOptions, Schema, Store, Tx } from './engine.js';
export { ConflictError, NotFoundError } from './errors.js';
export { maintainStore, noteSnapshotWritten } from './maintenance.js';
export type { Maintenance } from './maintenance.js';
export { componentIdentity, normaliseInventory } from './normalise.js';
export type { NormalComponent, NormalEdge, NormalInventory } from './normalise.js';
export { appendAudit, auditHash, verifyAudit, GENESIS } from './repo/audit.js';
export type { AuditEntry, AuditRecord, AuditVerification } from './repo/audit.js';
export { diffSnapshots } from './repo/diff.js';
export type { DiffChange, DiffComponent, SnapshotDiff } from './repo/diff.js';
export { ingestSnapshot } from './repo/ingest.js';
export type { IngestOptions, IngestResult, Snapshot, SnapshotMeta } from './repo/ingest.js';
export { createProject, createTeam, findProject, getProject } from './repo/projects.js';
export type { NewProject, ProjectRow, Team } from './repo/projects.js';
export { whereUsed } from './repo/where-used.js';
export type { WhereUsedHit, WhereUsedQuery } from './repo/where-used.js';
