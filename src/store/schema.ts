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
  customType,
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

// ---------------------------------------------------------------------------------------------
// Workflows (issue 7, migration 0005): requests to the OSPO, their reviews, comments and
// decisions; training; webhooks. Why they look the way they do: docs/adr/0008-workflows.md.

/** States of a request (the transition table is src/workflows/transitions.ts). */
export const REQUEST_STATES = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;
/** What a reviewer said. */
export const REVIEW_VERDICTS = ['approved', 'rejected', 'changes_requested'] as const;
/** How a closed request ended. */
export const DECISION_OUTCOMES = ['approved', 'rejected', 'withdrawn'] as const;
/** Payload shapes a webhook can receive. */
export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;
/** Events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ['request.submitted', 'request.decided', 'request.sla_breached'] as const;

/** A full-text search vector (to_tsvector('english', ...)); PGlite and PostgreSQL both have it. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A request to the OSPO: adopt a component, contribute upstream, publish a project, an exception, a question. */
export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A short number people say ("request 42"). */
    number: integer('number').notNull().generatedAlwaysAsIdentity(),
    /** The request type id of the request-types file (data/request-types.yaml). */
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** The form's answers, validated against the type's fields. */
    answers: jsonb('answers').notNull().default(sql`'{}'::jsonb`),
    /** Checklist items ticked so far: `{ itemId: true }`. */
    checklist: jsonb('checklist').notNull().default(sql`'{}'::jsonb`),
    state: text('state').notNull().default('draft'),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** The team the request is for (its project's team when it names a project); scopes who sees it. */
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'restrict' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'restrict' }),
    /** The component a request is about (adoption, exception), as a purl. */
    componentPurl: text('component_purl'),
    /** Review round: approvals of an earlier round stop counting when changes were requested. */
    round: integer('round').notNull().default(1),
    /** Optimistic concurrency: every change increments it, and a change naming an older version is refused (409). */
    version: integer('version').notNull().default(1),
    dueAt: ts('due_at'),
    /** When the SLA breach was notified (once per request). */
    slaNotifiedAt: ts('sla_notified_at'),
    /** The `ospo repo check` result attached to a publication request (JSON report). */
    repoCheck: jsonb('repo_check'),
    submittedAt: ts('submitted_at'),
    closedAt: ts('closed_at'),
    createdAt: createdAt(),
    updatedAt: stamp('updated_at'),
  },
  (t) => [
    uniqueIndex('requests_number_key').on(t.number),
    index('requests_state_idx').on(t.state, t.dueAt),
    index('requests_requester_idx').on(t.requesterId),
    index('requests_team_idx').on(t.teamId),
    check('requests_state_check', inList('state', REQUEST_STATES)),
    check('requests_title_check', sql`char_length(${t.title}) BETWEEN 1 AND 300`),
    check('requests_body_check', sql`char_length(${t.body}) <= 20000`),
  ],
);

/** One reviewer's verdict in one review round. */
export const requestReviews = pgTable(
  'request_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** The reviewer's role when they reviewed (what a required-role rule counts). */
    role: text('role').notNull(),
    verdict: text('verdict').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    // One verdict per reviewer and round: "two distinct approvers" counts rows.
    uniqueIndex('request_reviews_reviewer_key').on(t.requestId, t.round, t.reviewerId),
    check('request_reviews_verdict_check', inList('verdict', REVIEW_VERDICTS)),
  ],
);

/** A comment on a request. */
export const requestComments = pgTable(
  'request_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('request_comments_request_idx').on(t.requestId, t.createdAt), check('request_comments_body_check', sql`char_length(${t.body}) BETWEEN 1 AND 20000`)],
);

/** The documented decision that closed a request: the decision register. */
export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'restrict' }),
    type: text('type').notNull(),
    title: text('title').notNull(),
    outcome: text('outcome').notNull(),
    rationale: text('rationale').notNull(),
    /** Policy clauses the decision relies on (`licenses/deny-agpl`, `handbook 4.2`...). */
    clauses: text('clauses').array().notNull().default(sql`'{}'::text[]`),
    componentPurl: text('component_purl'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'restrict' }),
    decidedAt: stamp('decided_at'),
    /** The policy allowlist entry an approved adoption became. */
    allowlistId: uuid('allowlist_id'),
    /** The waiver an approved exception became. */
    waiverId: uuid('waiver_id'),
    /** title, rationale, clauses and answers for full-text search (written with the row; decisions never change). */
    search: tsvector('search').notNull(),
  },
  (t) => [
    uniqueIndex('decisions_request_key').on(t.requestId),
    index('decisions_search_idx').using('gin', t.search),
    index('decisions_decided_idx').on(t.decidedAt),
    check('decisions_outcome_check', inList('outcome', DECISION_OUTCOMES)),
  ],
);

/** Components approved for use by an adoption decision: the policy gate treats them as allowed packages. */
export const policyAllowlist = pgTable(
  'policy_allowlist',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A purl pattern as the policy's package rules take (`pkg:npm/lodash`, `pkg:maven/org.apache/*`). */
    purl: text('purl').notNull(),
    /** A version range in the ecosystem's scheme; null for every version. */
    versions: text('versions'),
    reason: text('reason').notNull(),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'restrict' }),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('policy_allowlist_purl_idx').on(t.purl)],
);

/** A training course. */
export const trainingCourses = pgTable(
  'training_courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The course's short id, as rules and CSV files name it (`OSS-101`). */
    code: text('code').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    /** How long a completion counts; null for ever. */
    validDays: integer('valid_days'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('training_courses_code_key').on(sql`lower(${t.code})`),
    check('training_courses_code_check', sql`${t.code} ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'`),
    check('training_courses_title_check', sql`char_length(${t.title}) BETWEEN 1 AND 300`),
  ],
);

/** A person's completion of a course, by email (training records often predate accounts). */
export const trainingCompletions = pgTable(
  'training_completions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => trainingCourses.id, { onDelete: 'cascade' }),
    /** Lower-cased. */
    email: text('email').notNull(),
    completedAt: ts('completed_at').notNull(),
    /** `csv` or `api`. */
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('training_completions_key').on(t.courseId, t.email, t.completedAt), index('training_completions_email_idx').on(t.email)],
);

/** A webhook: where events are posted, in which format, signed with its secret. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    format: text('format').notNull().default('json'),
    events: text('events').array().notNull(),
    /** The HMAC-SHA256 key; kept in clear because signing needs it, never returned by the API. */
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  () => [check('webhooks_format_check', inList('format', WEBHOOK_FORMATS))],
);

/** One event to deliver to one webhook: written in the transaction of the event (an outbox), sent by the `webhook` job. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    /** `pending`, `delivered`, `failed` (retries exhausted). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_status_idx').on(t.status, t.createdAt),
    check('webhook_deliveries_status_check', inList('status', ['pending', 'delivered', 'failed'])),
  ],
);
