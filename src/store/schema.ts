// The one Drizzle schema for both engines (PGlite and PostgreSQL). drizzle-kit generates the SQL
// migrations in drizzle/ from this file; nothing here may use a feature one engine lacks.
// Why the tables look the way they do: docs/adr/0005-store.md.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const createdAt = () => stamp('created_at');
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** How a project's software reaches people; license obligations depend on it. */
export const DISTRIBUTION_MODELS = ['internal', 'saas', 'distributed', 'open-source'] as const;
/** Where a project is in its life; retired projects drop out of portfolio queries. */
export const LIFECYCLES = ['development', 'active', 'maintenance', 'retired'] as const;
/** Roles a user holds, from most to least powerful. */
export const ROLES = ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'] as const;
/** Triage states of a finding, as CycloneDX VEX `analysis.state` names them. */
export const ANALYSIS_STATES = [
  'in_triage',
  'exploitable',
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
] as const;
/** Whether a finding still needs attention. */
export const FINDING_STATUSES = ['open', 'suppressed', 'resolved'] as const;

const inList = (col: string, values: readonly string[]) =>
  sql.raw(`${col} IN (${values.map((v) => `'${v}'`).join(', ')})`);

/** Teams own projects; users see projects of their teams. */
export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

/** A project of the portfolio: one build whose snapshots Ospo keeps. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    distribution: text('distribution').notNull().default('internal'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    repositoryUrl: text('repository_url'),
    lifecycle: text('lifecycle').notNull().default('active'),
    /** Denormalised pointer to the newest snapshot, set in the ingest transaction: portfolio queries join on it. */
    latestSnapshotId: bigint('latest_snapshot_id', { mode: 'number' }).references((): AnyPgColumn => snapshots.id),
    createdAt: createdAt(),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    uniqueIndex('projects_team_name_key').on(t.teamId, t.name),
    uniqueIndex('projects_latest_snapshot_key').on(t.latestSnapshotId),
    check('projects_distribution_check', inList('distribution', DISTRIBUTION_MODELS)),
    check('projects_lifecycle_check', inList('lifecycle', LIFECYCLES)),
    check('projects_name_check', sql`char_length(${t.name}) BETWEEN 1 AND 200`),
  ],
);

/** One scan or SBOM upload of a project: immutable once written (a trigger refuses updates). */
export const snapshots = pgTable(
  'snapshots',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'restrict' }),
    /** Where it came from: `scan`, `sbom`, `push`... */
    source: text('source').notNull(),
    /** The tool that produced the inventory (`ospo 0.1.0`, an SBOM's generator). */
    tool: text('tool'),
    /** The inventory's display name. */
    name: text('name').notNull(),
    createdAt: createdAt(),
    /** sha256 of the normalised inventory (src/store/content-hash.ts). */
    contentHash: text('content_hash').notNull(),
    componentCount: integer('component_count').notNull(),
    directCount: integer('direct_count').notNull(),
    edgeCount: integer('edge_count').notNull(),
    /** The inventory's sub-projects (path, name, version, ecosystems, manifests). */
    projects: jsonb('projects').notNull(),
    /** Scan errors and warnings as the inventory reported them. */
    issues: jsonb('issues').notNull(),
  },
  (t) => [
    index('snapshots_project_latest_idx').on(t.projectId, t.id.desc()),
    index('snapshots_project_hash_idx').on(t.projectId, t.contentHash),
  ],
);

/** A package at one version, shared by every snapshot that contains it. */
export const components = pgTable(
  'components',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The purl, or `ecosystem:name@version` without one; `#declared=<range>` for declared-only. */
    identity: text('identity').notNull(),
    ecosystem: text('ecosystem').notNull(),
    name: text('name').notNull(),
    version: text('version'),
    declared: text('declared'),
    purl: text('purl'),
  },
  (t) => [
    uniqueIndex('components_identity_key').on(t.identity),
    index('components_ecosystem_name_idx').on(t.ecosystem, t.name),
    index('components_purl_idx').on(t.purl),
    check('components_name_check', sql`char_length(${t.name}) BETWEEN 1 AND 1024`),
    check('components_ecosystem_check', sql`char_length(${t.ecosystem}) BETWEEN 1 AND 64`),
  ],
);

/** Which components a snapshot contains, and how (scope, directness, where found). */
export const snapshotComponents = pgTable(
  'snapshot_components',
  {
    snapshotId: bigint('snapshot_id', { mode: 'number' })
      .notNull()
      .references(() => snapshots.id, { onDelete: 'cascade' }),
    /**
     * No foreign key (migration 0003): the id is resolved from `components` in the ingest's own
     * statement, and a trigger refuses deleting a linked component (docs/adr/0005-store.md, addendum).
     */
    componentId: bigint('component_id', { mode: 'number' }).notNull(),
    scope: text('scope').notNull(),
    direct: boolean('direct').notNull(),
    locations: jsonb('locations').notNull(),
    /** Per-snapshot facts: source, hashes, declared license as found, notes. */
    details: jsonb('details'),
  },
  (t) => [
    primaryKey({ columns: [t.snapshotId, t.componentId] }),
    // scope and direct in the key make where-used an index-only scan: a package's links are
    // adjacent in the index instead of scattered over the heap (docs/adr/0005-store.md, addendum).
    index('snapshot_components_component_cover_idx').on(t.componentId, t.snapshotId, t.scope, t.direct),
  ],
);

/** A dependency edge of one snapshot: from a component, or from one of its sub-projects (`fromProject`). */
export const dependencyEdges = pgTable(
  'dependency_edges',
  {
    snapshotId: bigint('snapshot_id', { mode: 'number' })
      .notNull()
      .references(() => snapshots.id, { onDelete: 'cascade' }),
    /** No foreign key, as snapshot_components.component_id: every edge end is a linked component of the snapshot. */
    fromComponentId: bigint('from_component_id', { mode: 'number' }),
    /** The inventory project path when the edge starts at a project. */
    fromProject: text('from_project'),
    toComponentId: bigint('to_component_id', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('dependency_edges_snapshot_idx').on(t.snapshotId),
    check('dependency_edges_from_check', sql`(${t.fromComponentId} IS NULL) <> (${t.fromProject} IS NULL)`),
  ],
);

/** Licenses of a component: declared by its metadata, concluded by a person or the analyzer. */
export const componentLicenses = pgTable('component_licenses', {
  /** No foreign key (migration 0003): deleting a component deletes its row here (trigger). */
  componentId: bigint('component_id', { mode: 'number' }).primaryKey(),
  declared: text('declared'),
  concluded: text('concluded'),
  concludedBy: text('concluded_by'),
  updatedAt: stamp('updated_at'),
});

/** An OSV advisory as imported, with the packages it names for matching. */
export const advisories = pgTable(
  'advisories',
  {
    id: text('id').primaryKey(),
    modified: ts('modified').notNull(),
    published: ts('published'),
    withdrawn: ts('withdrawn'),
    /** The OSV 1.7 record as imported. */
    record: jsonb('record').notNull(),
    importedAt: stamp('imported_at'),
  },
  (t) => [index('advisories_modified_idx').on(t.modified)],
);

/** (ecosystem, name) pairs an advisory affects: the matcher's index into the portfolio. */
export const advisoryPackages = pgTable(
  'advisory_packages',
  {
    advisoryId: text('advisory_id')
      .notNull()
      .references(() => advisories.id, { onDelete: 'cascade' }),
    ecosystem: text('ecosystem').notNull(),
    name: text('name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.advisoryId, t.ecosystem, t.name] }),
    index('advisory_packages_ecosystem_name_idx').on(t.ecosystem, t.name),
  ],
);

/** One thing a person has to look at, per project, stable across snapshots by its key. */
export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The model's Finding.id: `<kind>:<rule or advisory>:<component id>`. */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    ruleId: text('rule_id').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The snapshot that last raised it. */
    snapshotId: bigint('snapshot_id', { mode: 'number' }).references(() => snapshots.id),
    componentId: bigint('component_id', { mode: 'number' }).references(() => components.id),
    severity: text('severity').notNull(),
    status: text('status').notNull().default('open'),
    analysisState: text('analysis_state'),
    analysisJustification: text('analysis_justification'),
    analysisDetail: text('analysis_detail'),
    suppression: jsonb('suppression'),
    title: text('title').notNull(),
    message: text('message').notNull(),
    details: jsonb('details'),
    firstSeenAt: stamp('first_seen_at'),
    lastSeenAt: stamp('last_seen_at'),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    uniqueIndex('findings_project_key').on(t.projectId, t.key),
    index('findings_project_status_idx').on(t.projectId, t.status),
    index('findings_component_idx').on(t.componentId),
    check('findings_kind_check', inList('kind', ['vulnerability', 'license', 'policy'])),
    check('findings_status_check', inList('status', FINDING_STATUSES)),
    check(
      'findings_severity_check',
      inList('severity', ['critical', 'high', 'medium', 'low', 'none', 'unknown']),
    ),
    check(
      'findings_analysis_state_check',
      sql`analysis_state IS NULL OR ${inList('analysis_state', ANALYSIS_STATES)}`,
    ),
  ],
);

/** A decision that a rule does not apply, with owner, reason and expiry. */
export const waivers = pgTable(
  'waivers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null: every project of the team (or every project when teamId is null too). */
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    /** A purl (or purl prefix) the waiver is limited to; null for every component. */
    componentPurl: text('component_purl'),
    reason: text('reason').notNull(),
    comment: text('comment'),
    owner: text('owner').notNull(),
    expiresAt: ts('expires_at'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('waivers_project_idx').on(t.projectId), index('waivers_rule_idx').on(t.ruleId)],
);

/** A local or OIDC user. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role').notNull().default('viewer'),
    /** argon2id PHC string; null for OIDC-only users. */
    passwordHash: text('password_hash'),
    oidcSubject: text('oidc_subject'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    check('users_role_check', inList('role', ROLES)),
  ],
);

/** Which users belong to which teams. */
export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/** An API token: only its hash is stored; the token itself is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** sha256 of the token, hex; a 256-bit random token needs no slow hash. */
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, to recognise it in a list. */
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{}'::text[]`),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    createdAt: createdAt(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * The audit log: one record per mutation, written in the mutation's transaction, each record's
 * hash covering the previous one's (src/store/repo/audit.ts). Triggers refuse UPDATE and DELETE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    details: jsonb('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_target_idx').on(t.target), index('audit_log_at_idx').on(t.at)],
);

/**
 * The head of the audit chain (one row): appends lock it, so records are chained in commit
 * order, and it anchors the tail, so deleting the newest records is detected too.
 */
export const auditHead = pgTable(
  'audit_head',
  {
    singleton: integer('singleton').primaryKey().default(1),
    lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
    hash: text('hash').notNull(),
  },
  (t) => [check('audit_head_singleton_check', sql`${t.singleton} = 1`)],
);
