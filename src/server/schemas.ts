// TypeBox schemas of the API's requests and responses (the OpenAPI document is built from them).
import { Type, type TSchema } from '@sinclair/typebox';
import { ANALYSIS_STATES, DISTRIBUTION_MODELS, FINDING_STATUSES, LIFECYCLES, ROLES } from '../store/schema.js';
import { CYCLONEDX_JUSTIFICATIONS } from '../vulns/vex/model.js';

const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));

/** A uuid path or body field. */
export const Uuid = Type.String({ format: 'uuid' });
/** A timestamp, ISO 8601. */
export const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The problem+json responses every route may answer with. */
export const problems = { '4xx': Type.Ref('Problem'), '5xx': Type.Ref('Problem') };

export const Team = Type.Object({ id: Uuid, name: Type.String(), createdAt: DateTime }, { $id: 'Team' });
export const Project = Type.Object(
  {
    id: Uuid,
    teamId: Uuid,
    name: Type.String(),
    distribution: lit(DISTRIBUTION_MODELS),
    tags: Type.Array(Type.String()),
    repositoryUrl: Nullable(Type.String()),
    lifecycle: lit(LIFECYCLES),
    latestSnapshotId: Nullable(Type.Integer()),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Project' },
);
export const NewProject = Type.Object(
  {
    teamId: Uuid,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    distribution: Type.Optional(lit(DISTRIBUTION_MODELS)),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    repositoryUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    lifecycle: Type.Optional(lit(LIFECYCLES)),
  },
  { additionalProperties: false },
);
export const ProjectPatch = Type.Partial(Type.Omit(NewProject, []), { additionalProperties: false, minProperties: 1 });
export const Snapshot = Type.Object(
  {
    id: Type.Integer(),
    projectId: Uuid,
    source: Type.String(),
    tool: Nullable(Type.String()),
    name: Type.String(),
    createdAt: DateTime,
    contentHash: Type.String(),
    componentCount: Type.Integer(),
    directCount: Type.Integer(),
    edgeCount: Type.Integer(),
  },
  { $id: 'Snapshot' },
);
export const FindingCounts = Type.Object({
  total: Type.Integer(),
  open: Type.Integer(),
  suppressed: Type.Integer(),
  resolved: Type.Integer(),
  byKind: Type.Record(Type.String(), Type.Integer()),
  bySeverity: Type.Record(Type.String(), Type.Integer()),
});
export const DiffComponent = Type.Object({
  ecosystem: Type.String(),
  name: Type.String(),
  version: Nullable(Type.String()),
  purl: Nullable(Type.String()),
  scope: Type.String(),
  direct: Type.Boolean(),
});
export const Finding = Type.Object(
  {
    id: Uuid,
    key: Type.String(),
    kind: lit(['vulnerability', 'license', 'policy'] as const),
    ruleId: Type.String(),
    projectId: Uuid,
    snapshotId: Nullable(Type.Integer()),
    firstSnapshotId: Nullable(Type.Integer()),
    severity: Type.String(),
    status: lit(FINDING_STATUSES),
    analysis: Type.Object({ state: Nullable(Type.String()), justification: Nullable(Type.String()), detail: Nullable(Type.String()) }),
    suppression: Type.Unknown(),
    title: Type.String(),
    message: Type.String(),
    purl: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    firstSeenAt: DateTime,
    lastSeenAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Finding' },
);
/** CycloneDX VEX justifications (analysis.justification), as the VEX model defines them. */
export const JUSTIFICATIONS = CYCLONEDX_JUSTIFICATIONS;
export const Triage = Type.Object(
  {
    state: lit(ANALYSIS_STATES),
    justification: Type.Optional(Nullable(lit(JUSTIFICATIONS))),
    detail: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
  },
  { additionalProperties: false },
);
export const Waiver = Type.Object(
  {
    id: Uuid,
    projectId: Nullable(Uuid),
    teamId: Nullable(Uuid),
    ruleId: Type.String(),
    componentPurl: Nullable(Type.String()),
    reason: Type.String(),
    comment: Nullable(Type.String()),
    owner: Type.String(),
    expiresAt: Nullable(DateTime),
    createdBy: Type.String(),
    createdAt: DateTime,
    revokedAt: Nullable(DateTime),
  },
  { $id: 'Waiver' },
);
export const NewWaiver = Type.Object(
  {
    projectId: Type.Optional(Nullable(Uuid)),
    teamId: Type.Optional(Nullable(Uuid)),
    ruleId: Type.String({ minLength: 1, maxLength: 500 }),
    componentPurl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    owner: Type.String({ minLength: 1, maxLength: 200 }),
    expiresAt: Type.Optional(Nullable(DateTime)),
  },
  { additionalProperties: false },
);
export const WaiverPatch = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    owner: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    expiresAt: Type.Optional(Nullable(DateTime)),
    componentPurl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const User = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Nullable(Type.String()),
    role: lit(ROLES),
    disabled: Type.Boolean(),
    teams: Type.Array(Uuid),
    createdAt: DateTime,
  },
  { $id: 'User' },
);
export const TokenScopes = Type.Array(lit(['read', 'write', 'admin'] as const), { minItems: 1, uniqueItems: true });
export const ApiToken = Type.Object(
  {
    id: Uuid,
    userId: Uuid,
    name: Type.String(),
    prefix: Type.String(),
    scopes: Type.Array(Type.String()),
    expiresAt: Nullable(DateTime),
    lastUsedAt: Nullable(DateTime),
    createdAt: DateTime,
    revokedAt: Nullable(DateTime),
  },
  { $id: 'ApiToken' },
);
export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: DateTime,
    actor: Type.String(),
    action: Type.String(),
    target: Type.String(),
    details: Type.Unknown(),
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { $id: 'AuditEntry' },
);
/** A page of items with the total count. */
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
/** limit/offset query fields. */
export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};
