// TypeBox schemas of the workflow routes (requests, decisions, training, webhooks). Kept apart
// from schemas.ts so the workflow API can change without touching the portfolio's.
import { Type, type TSchema } from '@sinclair/typebox';
import { DECISION_OUTCOMES, REQUEST_STATES, REVIEW_VERDICTS, WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../store/schema.js';
import { REQUEST_ACTIONS } from '../workflows/transitions.js';
import { FIELD_TYPES } from '../workflows/request-types.js';
import { DateTime, Uuid } from './schemas.js';

const lit = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A request id in a path: its uuid or its number. */
export const RequestParams = Type.Object({ requestId: Type.String({ pattern: '^(#?[1-9][0-9]{0,9}|[0-9a-fA-F-]{36})$', description: 'the request uuid or its number' }) });

export const FormFieldSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  type: lit(FIELD_TYPES),
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.String())),
  maxLength: Type.Optional(Type.Integer()),
  help: Type.Optional(Type.String()),
});

export const RequestTypeSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    slaDays: Type.Integer(),
    fields: Type.Array(FormFieldSchema),
    checklist: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
    reviewers: Type.Array(Type.String()),
    requiredRoles: Type.Array(Type.String()),
    minApprovers: Type.Integer(),
    training: Type.Object({ courses: Type.Array(Type.String()), enforce: lit(['submit', 'approve', 'none'] as const) }),
    requireRepoCheck: Type.Boolean(),
    effect: lit(['none', 'allowlist', 'waiver'] as const),
  },
  { $id: 'RequestType' },
);

const requestFields = {
  id: Uuid,
  number: Type.Integer(),
  type: Type.String(),
  title: Type.String(),
  body: Type.String(),
  answers: Type.Record(Type.String(), Type.Unknown()),
  checklist: Type.Record(Type.String(), Type.Boolean()),
  state: lit(REQUEST_STATES),
  requesterId: Uuid,
  requesterEmail: Type.String(),
  teamId: Nullable(Uuid),
  projectId: Nullable(Uuid),
  componentPurl: Nullable(Type.String()),
  round: Type.Integer(),
  version: Type.Integer({ description: 'send it back (If-Match or `version`) to change the request: a different current version answers 409' }),
  dueAt: Nullable(DateTime),
  slaBreached: Type.Boolean(),
  submittedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
};

export const RequestSchema = Type.Object({ ...requestFields, repoCheckPassed: Nullable(Type.Boolean()) }, { $id: 'Request' });

export const DecisionSchema = Type.Object(
  {
    id: Uuid,
    requestId: Uuid,
    requestNumber: Type.Integer(),
    type: Type.String(),
    title: Type.String(),
    outcome: lit(DECISION_OUTCOMES),
    rationale: Type.String(),
    clauses: Type.Array(Type.String()),
    componentPurl: Nullable(Type.String()),
    decidedBy: Nullable(Uuid),
    decidedByEmail: Nullable(Type.String()),
    decidedAt: DateTime,
    allowlistId: Nullable(Uuid),
    waiverId: Nullable(Uuid),
    rank: Type.Optional(Type.Number()),
  },
  { $id: 'Decision' },
);

export const RequestDetailSchema = Type.Object(
  {
    ...requestFields,
    repoCheck: Type.Unknown(),
    repoCheckPassed: Nullable(Type.Boolean()),
    reviews: Type.Array(
      Type.Object({ reviewerId: Uuid, reviewerEmail: Type.String(), role: Type.String(), verdict: lit(REVIEW_VERDICTS), comment: Nullable(Type.String()), round: Type.Integer(), createdAt: DateTime }),
    ),
    comments: Type.Array(Type.Object({ id: Uuid, authorId: Uuid, authorEmail: Type.String(), body: Type.String(), createdAt: DateTime })),
    approvals: Type.Object({ required: Type.Integer(), approvers: Type.Array(Type.String()), requiredRoles: Type.Array(Type.String()), missingRoles: Type.Array(Type.String()), complete: Type.Boolean() }),
    training: Type.Object({ required: Type.Array(Type.String()), missing: Type.Array(Type.String()), enforce: Type.String(), satisfied: Type.Boolean() }),
    decision: Nullable(Type.Ref('Decision')),
    actions: Type.Array(lit(REQUEST_ACTIONS), { description: 'what the caller may do now (POST .../transitions)' }),
    similar: Type.Array(Type.Ref('Decision'), { description: 'past decisions like this request, best first' }),
    requestType: Nullable(Type.Ref('RequestType')),
  },
  { $id: 'RequestDetail' },
);

export const NewRequestSchema = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 63 }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.Optional(Type.String({ maxLength: 20_000 })),
    answers: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Type.Union([Type.String({ maxLength: 20_000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 100 })),
    teamId: Type.Optional(Nullable(Uuid)),
    projectId: Type.Optional(Nullable(Uuid)),
    componentPurl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    dueAt: Type.Optional(Nullable(DateTime)),
    submit: Type.Optional(Type.Boolean({ description: 'submit at once (the form must be complete)' })),
  },
  { additionalProperties: false },
);

export const RequestPatchSchema = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    body: Type.Optional(Type.String({ maxLength: 20_000 })),
    answers: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Type.Union([Type.String({ maxLength: 20_000 }), Type.Number(), Type.Boolean(), Type.Null()]), { maxProperties: 100 })),
    checklist: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Type.Boolean(), { maxProperties: 100 })),
    componentPurl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TransitionSchema = Type.Object(
  {
    action: lit(REQUEST_ACTIONS),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'the version you saw; 409 when the request changed since' })),
    rationale: Type.Optional(Type.String({ maxLength: 20_000 })),
    clauses: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const CourseSchema = Type.Object({ id: Uuid, code: Type.String(), title: Type.String(), url: Nullable(Type.String()), validDays: Nullable(Type.Integer()), createdAt: DateTime }, { $id: 'Course' });
export const CompletionSchema = Type.Object({ id: Uuid, courseCode: Type.String(), email: Type.String(), completedAt: DateTime, expiresAt: Nullable(DateTime), source: Type.String() }, { $id: 'Completion' });
export const ImportResultSchema = Type.Object({
  imported: Type.Integer(),
  duplicates: Type.Integer(),
  problems: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })),
});

export const WebhookSchema = Type.Object(
  { id: Uuid, name: Type.String(), url: Type.String(), format: lit(WEBHOOK_FORMATS), events: Type.Array(lit(WEBHOOK_EVENTS)), active: Type.Boolean(), createdBy: Type.String(), createdAt: DateTime },
  { $id: 'Webhook' },
);
export const NewWebhookSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    format: Type.Optional(lit(WEBHOOK_FORMATS)),
    events: Type.Optional(Type.Array(lit(WEBHOOK_EVENTS), { minItems: 1, uniqueItems: true })),
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const DeliverySchema = Type.Object({
  id: Uuid,
  webhookId: Uuid,
  event: lit(WEBHOOK_EVENTS),
  status: lit(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
});
export const AllowlistEntrySchema = Type.Object({
  id: Uuid,
  purl: Type.String(),
  versions: Nullable(Type.String()),
  reason: Type.String(),
  requestId: Nullable(Uuid),
  createdBy: Type.String(),
  createdAt: DateTime,
  expiresAt: Nullable(DateTime),
});
