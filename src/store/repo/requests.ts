// Requests to the OSPO: create, edit, move through the state machine (src/workflows/transitions.ts),
// review, comment, attach a repository check, list (inbox, SLA breaches) and show. Every change
// locks the request's row, checks its version (optimistic concurrency: a change naming an older
// version is a ConflictError, 409) and writes one audit record in the same transaction; a
// request that closes gets its decision, and an approved adoption or exception its allowlist
// entry or waiver, in that transaction too. See docs/adr/0008-workflows.md.
import { sql, type SQL } from 'drizzle-orm';
import { checkAnswers, type RequestType, type RequestTypes, type Role } from '../../workflows/request-types.js';
import { allowedActions, OPEN_STATES, EDITABLE_STATES, TRANSITIONS, transition, type RequestAction, type RequestState } from '../../workflows/transitions.js';
import { WorkflowError } from '../../workflows/errors.js';
import { rows, type Executor, type Store, type Tx } from '../engine.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { appendAudit } from './audit.js';
import { getDecisionOf, similarDecisions, writeDecision, type DecisionView, type SimilarDecision } from './decisions.js';
import { trainingStatus, type TrainingStatus } from './training.js';
import { enqueueEvent } from './webhooks.js';
import { uuidEquals, uuidIn } from './sql-filters.js';

/** Who acts: a signed-in user. */
export interface Caller {
  id: string;
  email: string;
  role: Role;
  /** Teams the caller belongs to. */
  teams: string[];
  /** Whether the caller sees every team's requests (admin, ospo, legal, security). */
  portfolio: boolean;
}

/** A request as stored. */
export interface RequestRow {
  id: string;
  number: number;
  type: string;
  title: string;
  body: string;
  answers: Record<string, unknown>;
  checklist: Record<string, boolean>;
  state: RequestState;
  requesterId: string;
  requesterEmail: string;
  teamId: string | null;
  projectId: string | null;
  componentPurl: string | null;
  round: number;
  version: number;
  dueAt: Date | null;
  /** Whether the request is open past its due date. */
  slaBreached: boolean;
  repoCheck: unknown;
  submittedAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One reviewer's verdict. */
export interface ReviewView {
  reviewerId: string;
  reviewerEmail: string;
  role: string;
  verdict: 'approved' | 'rejected' | 'changes_requested';
  comment: string | null;
  round: number;
  createdAt: Date;
}

/** A comment. */
export interface CommentView {
  id: string;
  authorId: string;
  authorEmail: string;
  body: string;
  createdAt: Date;
}

/** How far the approvals of the current round are. */
export interface ApprovalProgress {
  required: number;
  approvers: string[];
  requiredRoles: string[];
  missingRoles: string[];
  complete: boolean;
}

/** A request with everything its page shows. */
export interface RequestDetail extends RequestRow {
  reviews: ReviewView[];
  comments: CommentView[];
  approvals: ApprovalProgress;
  training: TrainingStatus;
  decision: DecisionView | null;
  /** Actions the caller may take now. */
  actions: RequestAction[];
  /** Past decisions like this request (shown to requester and reviewers). */
  similar: SimilarDecision[];
}

/** What a new request says. */
export interface NewRequest {
  type: string;
  title: string;
  body?: string;
  answers?: Record<string, unknown>;
  teamId?: string | null;
  projectId?: string | null;
  componentPurl?: string | null;
  /** An explicit due date; default submission + the type's SLA days. */
  dueAt?: Date | null;
  /** Submit at once (the form must then be complete). */
  submit?: boolean;
}

/** A change of the form, by the requester, in draft or changes requested. */
export interface RequestPatch {
  title?: string;
  body?: string;
  answers?: Record<string, unknown>;
  checklist?: Record<string, boolean>;
  componentPurl?: string | null;
}

/** A state change. */
export interface TransitionInput {
  action: RequestAction;
  /** The version the caller saw; a different current version is a conflict (409). */
  version?: number;
  /** Why: required to approve (the closing approval's rationale is the decision's), reject and ask for changes. */
  rationale?: string;
  /** Policy clauses the decision relies on. */
  clauses?: string[];
}

/** What a change did, for the server to follow up after the commit (webhook deliveries to send). */
export interface ChangeResult {
  request: RequestRow;
  deliveries: string[];
}

interface RequestSqlRow {
  id: string;
  number: number;
  type: string;
  title: string;
  body: string;
  answers: Record<string, unknown>;
  checklist: Record<string, boolean>;
  state: RequestState;
  requester_id: string;
  requester_email: string;
  team_id: string | null;
  project_id: string | null;
  component_purl: string | null;
  round: number;
  version: number;
  due_at: string | Date | null;
  repo_check: unknown;
  submitted_at: string | Date | null;
  closed_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const date = (v: string | Date | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

function toRow(r: RequestSqlRow, now = new Date()): RequestRow {
  const dueAt = date(r.due_at);
  return {
    id: r.id,
    number: Number(r.number),
    type: r.type,
    title: r.title,
    body: r.body,
    answers: r.answers,
    checklist: r.checklist,
    state: r.state,
    requesterId: r.requester_id,
    requesterEmail: r.requester_email,
    teamId: r.team_id,
    projectId: r.project_id,
    componentPurl: r.component_purl,
    round: Number(r.round),
    version: Number(r.version),
    dueAt,
    slaBreached: dueAt !== null && OPEN_STATES.includes(r.state) && dueAt < now,
    repoCheck: r.repo_check,
    submittedAt: date(r.submitted_at),
    closedAt: date(r.closed_at),
    createdAt: date(r.created_at)!,
    updatedAt: date(r.updated_at)!,
  };
}

// A function, not a constant: drizzle's SQL.append changes the object it is called on.
const selectRequests = (extra: SQL = sql``) => sql`SELECT r.*, u.email AS requester_email ${extra} FROM requests r JOIN users u ON u.id = r.requester_id`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `id` as a uuid or a request number ("42", "#42"). */
function idFilter(id: string): SQL {
  if (UUID.test(id)) return sql`r.id = ${id}::uuid`;
  const n = /^#?([1-9][0-9]{0,9})$/.exec(id);
  if (n && Number(n[1]) <= 2_147_483_647) return sql`r.number = ${Number(n[1])}`;
  return sql`FALSE`;
}

function typeOf(types: RequestTypes, id: string): RequestType {
  const t = types.get(id);
  if (!t) throw new WorkflowError('invalid', `unknown request type "${id}" (one of ${types.types.map((x) => x.id).join(', ')})`, [{ field: '/body/type', message: `must be one of ${types.types.map((x) => x.id).join(', ')}` }]);
  return t;
}

/** Whether the caller may see a request: portfolio roles all, others their own and their teams'. */
export function canSee(caller: Caller, r: Pick<RequestRow, 'requesterId' | 'teamId'>): boolean {
  return caller.portfolio || r.requesterId === caller.id || (r.teamId !== null && caller.teams.includes(r.teamId));
}

/** Whether the caller may review requests of a type (admins always; never their own request). */
export function isReviewer(caller: Caller, type: RequestType): boolean {
  return caller.role === 'admin' || type.reviewers.includes(caller.role);
}

async function loadForUpdate(tx: Tx, id: string, caller: Caller): Promise<RequestRow> {
  const [row] = await rows<RequestSqlRow>(tx, sql`${selectRequests()} WHERE ${idFilter(id)} FOR UPDATE OF r`);
  if (!row || !canSee(caller, toRow(row))) throw new NotFoundError('request', id);
  return toRow(row);
}

function checkVersion(r: RequestRow, version: number | undefined): void {
  if (version !== undefined && version !== r.version) {
    throw new ConflictError(`request ${r.number} changed: it is at version ${r.version}, not ${version}; reload it and try again`);
  }
}

/** Creates a request (a draft, or submitted with `submit`), auditing it. */
export async function createRequest(store: Store, types: RequestTypes, input: NewRequest, caller: Caller): Promise<ChangeResult> {
  const type = typeOf(types, input.type);
  const { answers, problems } = checkAnswers(type, input.answers, input.submit === true);
  if (problems.length) throw new WorkflowError('invalid', `the ${type.id} form has problems: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems.map((p) => ({ field: `/body${p.field}`, message: p.message })));
  return store.transaction(async (tx) => {
    let teamId = input.teamId ?? null;
    if (input.projectId) {
      const [p] = await rows<{ team_id: string }>(tx, sql`SELECT team_id FROM projects WHERE ${uuidEquals(sql`id`, input.projectId)}`);
      if (!p) throw new NotFoundError('project', input.projectId);
      if (teamId !== null && teamId !== p.team_id) throw new WorkflowError('invalid', `project ${input.projectId} belongs to another team than ${teamId}`, [{ field: '/body/teamId', message: "must be the project's team (or left out)" }]);
      teamId = p.team_id;
    }
    if (teamId !== null) {
      const [t] = await rows<{ id: string }>(tx, sql`SELECT id FROM teams WHERE ${uuidEquals(sql`id`, teamId)}`);
      if (!t) throw new NotFoundError('team', teamId);
    }
    // Developers and viewers file requests for their own teams only (as they create projects).
    if (teamId !== null && !caller.portfolio && !caller.teams.includes(teamId)) throw new WorkflowError('forbidden', 'you may file requests only for your own teams and their projects');
    const purl = input.componentPurl ?? (typeof answers.purl === 'string' ? answers.purl : null);
    const [row] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO requests (type, title, body, answers, requester_id, team_id, project_id, component_purl, due_at)
          VALUES (${type.id}, ${input.title}, ${input.body ?? ''}, ${JSON.stringify(answers)}::jsonb, ${caller.id}, ${teamId}, ${input.projectId ?? null},
                  ${purl}, ${input.dueAt?.toISOString() ?? null})
          RETURNING id`,
    );
    const id = row!.id;
    await appendAudit(tx, { actor: `user:${caller.id}`, action: 'request.create', target: `request:${id}`, details: { type: type.id, title: input.title, teamId, projectId: input.projectId ?? null, submit: input.submit === true } });
    if (!input.submit) return { request: await reload(tx, id), deliveries: [] };
    const r = await loadForUpdate(tx, id, caller);
    return applyTransition(tx, types, r, { action: 'submit' }, caller, { audit: false });
  });
}

async function reload(exec: Executor, id: string): Promise<RequestRow> {
  const [row] = await rows<RequestSqlRow>(exec, sql`${selectRequests()} WHERE r.id = ${id}::uuid`);
  return toRow(row!);
}

/** Changes the form of a draft (or a request sent back for changes), by its requester; audited. */
export async function updateRequest(store: Store, types: RequestTypes, id: string, patch: RequestPatch, caller: Caller, version?: number): Promise<RequestRow> {
  return store.transaction(async (tx) => {
    const r = await loadForUpdate(tx, id, caller);
    checkVersion(r, version);
    const type = typeOf(types, r.type);
    const onlyChecklist = Object.keys(patch).every((k) => k === 'checklist');
    // The checklist may be ticked by the requester while the request is open, and by reviewers.
    if (onlyChecklist) {
      if (r.requesterId !== caller.id && !isReviewer(caller, type)) throw new WorkflowError('forbidden', `only the requester and ${type.id} reviewers tick the checklist`);
      if (!EDITABLE_STATES.includes(r.state) && !OPEN_STATES.includes(r.state)) throw new ConflictError(`request ${r.number} is ${r.state}: its checklist is closed`);
    } else {
      if (r.requesterId !== caller.id) throw new WorkflowError('forbidden', 'only the requester edits a request');
      if (!EDITABLE_STATES.includes(r.state)) throw new ConflictError(`request ${r.number} is ${r.state}: it can be edited only as a draft or after changes were requested`);
    }
    const sets: SQL[] = [];
    if (patch.title !== undefined) sets.push(sql`title = ${patch.title}`);
    if (patch.body !== undefined) sets.push(sql`body = ${patch.body}`);
    if (patch.componentPurl !== undefined) sets.push(sql`component_purl = ${patch.componentPurl}`);
    if (patch.answers !== undefined) {
      const { answers, problems } = checkAnswers(type, { ...r.answers, ...patch.answers }, false);
      if (problems.length) throw new WorkflowError('invalid', `the ${type.id} form has problems: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems.map((p) => ({ field: `/body${p.field}`, message: p.message })));
      sets.push(sql`answers = ${JSON.stringify(answers)}::jsonb`);
    }
    if (patch.checklist !== undefined) {
      const unknown = Object.keys(patch.checklist).filter((k) => !type.checklist.some((c) => c.id === k));
      if (unknown.length) throw new WorkflowError('invalid', `not checklist items of ${type.id} requests: ${unknown.join(', ')}`, unknown.map((k) => ({ field: `/body/checklist/${k}`, message: `is not an item (items: ${type.checklist.map((c) => c.id).join(', ') || 'none'})` })));
      sets.push(sql`checklist = checklist || ${JSON.stringify(patch.checklist)}::jsonb`);
    }
    await tx.execute(sql`UPDATE requests SET ${sql.join([...sets, sql`version = version + 1`, sql`updated_at = now()`], sql`, `)} WHERE id = ${r.id}::uuid`);
    await appendAudit(tx, { actor: `user:${caller.id}`, action: 'request.update', target: `request:${r.id}`, details: { fields: Object.keys(patch), version: r.version + 1 } });
    return reload(tx, r.id);
  });
}

/** Context a transition needs besides the request. */
export interface TransitionOptions {
  now?: Date;
}

/**
 * Moves a request by one action, as the transition table says, auditing it. Refuses (WorkflowError)
 * an action by the wrong person (a requester reviewing their own request, a role that does not
 * review the type), a submission of an incomplete form or without required training, an approval
 * the rules do not allow yet; refuses (ConflictError, 409) an action the table has no row for from
 * the current state and a version other than the current one. The approval that completes the
 * rules (required roles, distinct approvers) approves the request.
 */
export async function transitionRequest(store: Store, types: RequestTypes, id: string, input: TransitionInput, caller: Caller, options: TransitionOptions = {}): Promise<ChangeResult> {
  return store.transaction(async (tx) => {
    const r = await loadForUpdate(tx, id, caller);
    return applyTransition(tx, types, r, input, caller, { audit: true, ...(options.now ? { now: options.now } : {}) });
  });
}

async function applyTransition(tx: Tx, types: RequestTypes, r: RequestRow, input: TransitionInput, caller: Caller, opts: { audit: boolean; now?: Date }): Promise<ChangeResult> {
  checkVersion(r, input.version);
  const type = typeOf(types, r.type);
  const t = transition(r.state, input.action);
  if (!t) throw new ConflictError(`request ${r.number} is ${r.state}: it cannot be ${pastTense(input.action)} (${describeExits(r.state)})`);
  if (t.by === 'requester' && r.requesterId !== caller.id) throw new WorkflowError('forbidden', `only the requester may ${input.action.replace('_', ' ')} request ${r.number}`);
  if (t.by === 'reviewer') {
    if (r.requesterId === caller.id) throw new WorkflowError('self-review', `you filed request ${r.number}: someone else must review it (no self-approval)`);
    if (!isReviewer(caller, type)) throw new WorkflowError('forbidden', `${type.id} requests are reviewed by ${type.reviewers.join(', ')} (and admins); you are ${caller.role}`);
  }
  const rationale = input.rationale?.trim() ?? '';
  if ((input.action === 'approve' || input.action === 'reject' || input.action === 'request_changes') && rationale === '') {
    throw new WorkflowError('invalid', `say why: ${input.action.replace('_', ' ')} needs a rationale`, [{ field: '/body/rationale', message: `is required to ${input.action.replace('_', ' ')}` }]);
  }
  const now = opts.now ?? new Date();
  let to: RequestState = t.to;
  const sets: SQL[] = [];
  let decision: { id: string; allowlistId: string | null; waiverId: string | null } | undefined;
  const training = await trainingStatus(tx, type.training, r.requesterEmail, now);

  if (input.action === 'submit') {
    const { problems } = checkAnswers(type, r.answers, true);
    if (problems.length) throw new WorkflowError('invalid', `request ${r.number} is incomplete: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems.map((p) => ({ field: p.field, message: p.message })));
    if (type.training.enforce === 'submit' && !training.satisfied) {
      throw new WorkflowError('training-required', `${type.id} requests need the course${training.missing.length > 1 ? 's' : ''} ${training.missing.join(', ')} first (training records of ${r.requesterEmail})`, training.missing.map((c) => ({ field: '/training', message: `course ${c} is not completed` })));
    }
    const resubmit = r.state === 'changes_requested';
    sets.push(sql`submitted_at = ${now.toISOString()}`);
    if (resubmit) sets.push(sql`round = round + 1`);
    // The SLA clock starts at the first submission; a resubmission keeps the due date.
    if (r.dueAt === null) sets.push(sql`due_at = ${new Date(now.getTime() + type.slaDays * 86_400_000).toISOString()}`);
  } else if (input.action === 'approve' || input.action === 'reject' || input.action === 'request_changes') {
    const [already] = await rows<{ verdict: string }>(tx, sql`SELECT verdict FROM request_reviews WHERE request_id = ${r.id}::uuid AND round = ${r.round} AND reviewer_id = ${caller.id}::uuid`);
    if (already) throw new ConflictError(`you already reviewed request ${r.number} in this round (${already.verdict}); another reviewer must act`);
    if (input.action === 'approve') {
      if (type.training.enforce === 'approve' && !training.satisfied) {
        throw new WorkflowError('training-required', `the requester (${r.requesterEmail}) has not completed ${training.missing.join(', ')}, which ${type.id} requests need before approval`, training.missing.map((c) => ({ field: '/training', message: `course ${c} is not completed` })));
      }
      if (type.requireRepoCheck && !repoCheckPassed(r.repoCheck)) {
        throw new WorkflowError('repo-check-required', `${type.id} requests need a passing \`ospo repo check\` result attached before approval (${r.repoCheck === null ? 'none attached' : 'the attached one has errors'})`, [{ field: '/repoCheck', message: r.repoCheck === null ? 'is missing' : 'does not pass' }]);
      }
    }
    const verdict = input.action === 'approve' ? 'approved' : input.action === 'reject' ? 'rejected' : 'changes_requested';
    await tx.execute(sql`INSERT INTO request_reviews (request_id, round, reviewer_id, role, verdict, comment) VALUES (${r.id}, ${r.round}, ${caller.id}, ${caller.role}, ${verdict}, ${rationale})`);
    if (input.action === 'approve') {
      const progress = await approvalProgress(tx, type, r.id, r.round);
      if (!progress.complete) to = 'in_review';
    }
  }
  const closing = to === 'approved' || to === 'rejected' || to === 'withdrawn';
  if (closing) {
    sets.push(sql`closed_at = ${now.toISOString()}`);
    decision = await writeDecision(tx, {
      request: r,
      type,
      outcome: to as 'approved' | 'rejected' | 'withdrawn',
      rationale: rationale || (to === 'withdrawn' ? `withdrawn by the requester${r.state === 'draft' ? ' before submission' : ''}` : ''),
      clauses: input.clauses ?? [],
      decidedBy: caller.id,
      actor: `user:${caller.id}`,
    });
  }
  await tx.execute(sql`UPDATE requests SET ${sql.join([sql`state = ${to}`, ...sets, sql`version = version + 1`, sql`updated_at = now()`], sql`, `)} WHERE id = ${r.id}::uuid`);
  const after = await reload(tx, r.id);
  await appendAudit(tx, {
    actor: `user:${caller.id}`,
    action: `request.${input.action}`,
    target: `request:${r.id}`,
    details: {
      from: r.state,
      to,
      version: after.version,
      ...(rationale ? { rationale } : {}),
      ...(decision ? { decisionId: decision.id, allowlistId: decision.allowlistId, waiverId: decision.waiverId, clauses: input.clauses ?? [] } : {}),
      ...(opts.audit ? {} : { created: true }),
    },
  });
  const deliveries: string[] = [];
  if (input.action === 'submit') deliveries.push(...(await enqueueEvent(tx, 'request.submitted', eventOf(after, type))));
  if (to === 'approved' || to === 'rejected') deliveries.push(...(await enqueueEvent(tx, 'request.decided', { ...eventOf(after, type), decision: { id: decision!.id, outcome: to, rationale, clauses: input.clauses ?? [] } })));
  return { request: after, deliveries };
}

/** The facts of a request a webhook event carries. */
export function eventOf(r: RequestRow, type: RequestType): Record<string, unknown> {
  return { request: { id: r.id, number: r.number, type: r.type, typeTitle: type.title, title: r.title, state: r.state, requester: r.requesterEmail, dueAt: r.dueAt?.toISOString() ?? null, teamId: r.teamId, projectId: r.projectId } };
}

function pastTense(action: RequestAction): string {
  return { submit: 'submitted', review: 'taken into review', approve: 'approved', reject: 'rejected', request_changes: 'sent back for changes', withdraw: 'withdrawn' }[action];
}

function describeExits(state: RequestState): string {
  const exits = Object.keys(TRANSITIONS[state]);
  return exits.length ? `from ${state} it can be: ${exits.map((a) => pastTense(a as RequestAction)).join(', ')}` : `${state} is final`;
}

/** Whether an attached `ospo repo check --format json` result passes (`summary.passed`: no open finding at or above its gate). */
export function repoCheckPassed(report: unknown): boolean {
  if (typeof report !== 'object' || report === null) return false;
  const summary = (report as { summary?: { passed?: unknown } }).summary;
  return typeof summary === 'object' && summary !== null && summary.passed === true;
}

/** Approvals of one round against the type's rules. */
async function approvalProgress(exec: Executor, type: RequestType, requestId: string, round: number): Promise<ApprovalProgress> {
  const approvals = await rows<{ reviewer_email: string; role: string }>(
    exec,
    sql`SELECT u.email AS reviewer_email, v.role FROM request_reviews v JOIN users u ON u.id = v.reviewer_id
        WHERE v.request_id = ${requestId}::uuid AND v.round = ${round} AND v.verdict = 'approved' ORDER BY v.created_at`,
  );
  const roles = new Set(approvals.map((a) => a.role));
  const missingRoles = type.requiredRoles.filter((r) => !roles.has(r));
  return {
    required: type.minApprovers,
    approvers: approvals.map((a) => a.reviewer_email),
    requiredRoles: [...type.requiredRoles],
    missingRoles,
    complete: missingRoles.length === 0 && approvals.length >= type.minApprovers,
  };
}

/** Adds a comment to a request the caller can see (closed ones too: questions about a decision belong with it), auditing it. */
export async function addComment(store: Store, id: string, body: string, caller: Caller): Promise<CommentView> {
  return store.transaction(async (tx) => {
    const r = await loadForUpdate(tx, id, caller);
    const [c] = await rows<{ id: string; created_at: string | Date }>(tx, sql`INSERT INTO request_comments (request_id, author_id, body) VALUES (${r.id}, ${caller.id}, ${body}) RETURNING id, created_at`);
    await appendAudit(tx, { actor: `user:${caller.id}`, action: 'request.comment', target: `request:${r.id}`, details: { commentId: c!.id } });
    return { id: c!.id, authorId: caller.id, authorEmail: caller.email, body, createdAt: date(c!.created_at)! };
  });
}

/** Attaches an `ospo repo check` JSON result to an open request (publication requests need one), by its requester or a reviewer; audited. */
export async function attachRepoCheck(store: Store, types: RequestTypes, id: string, report: Record<string, unknown>, caller: Caller, version?: number): Promise<RequestRow> {
  return store.transaction(async (tx) => {
    const r = await loadForUpdate(tx, id, caller);
    checkVersion(r, version);
    const type = typeOf(types, r.type);
    if (r.requesterId !== caller.id && !isReviewer(caller, type)) throw new WorkflowError('forbidden', `only the requester and ${type.id} reviewers attach a repository check`);
    if (r.state === 'approved' || r.state === 'rejected' || r.state === 'withdrawn') throw new ConflictError(`request ${r.number} is ${r.state}: nothing can be attached any more`);
    await tx.execute(sql`UPDATE requests SET repo_check = ${JSON.stringify(report)}::jsonb, version = version + 1, updated_at = now() WHERE id = ${r.id}::uuid`);
    await appendAudit(tx, { actor: `user:${caller.id}`, action: 'request.repo_check', target: `request:${r.id}`, details: { passed: repoCheckPassed(report) } });
    return reload(tx, r.id);
  });
}

/** Filters for {@link listRequests}. */
export interface RequestFilter {
  state?: RequestState[];
  type?: string;
  /** Requests the caller filed. */
  mine?: boolean;
  /** The caller's inbox: open requests of types they review, not their own, without their verdict this round. */
  inbox?: boolean;
  /** Only open requests past their due date. */
  breached?: boolean;
  teamId?: string;
  projectId?: string;
  /** Case-insensitive substring of the title. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** Lists the requests the caller can see, newest first (the inbox: oldest due first). */
export async function listRequests(store: Store, types: RequestTypes, filter: RequestFilter, caller: Caller, now = new Date()): Promise<{ items: RequestRow[]; total: number }> {
  const where: SQL[] = [];
  if (!caller.portfolio) where.push(sql`(r.requester_id = ${caller.id}::uuid OR ${caller.teams.length ? uuidIn(sql`r.team_id`, caller.teams) : sql`FALSE`})`);
  if (filter.state?.length) where.push(sql`r.state IN (${sql.join(filter.state.map((s) => sql`${s}`), sql`, `)})`);
  if (filter.type) where.push(sql`r.type = ${filter.type}`);
  if (filter.mine) where.push(sql`r.requester_id = ${caller.id}::uuid`);
  if (filter.teamId) where.push(uuidEquals(sql`r.team_id`, filter.teamId));
  if (filter.projectId) where.push(uuidEquals(sql`r.project_id`, filter.projectId));
  if (filter.q) where.push(sql`r.title ILIKE ${`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filter.breached) where.push(sql`r.state IN ('submitted', 'in_review', 'changes_requested') AND r.due_at < ${now.toISOString()}`);
  if (filter.inbox) {
    const reviewable = types.types.filter((t) => isReviewer(caller, t)).map((t) => t.id);
    where.push(reviewable.length ? sql`r.type IN (${sql.join(reviewable.map((t) => sql`${t}`), sql`, `)})` : sql`FALSE`);
    where.push(sql`r.state IN ('submitted', 'in_review') AND r.requester_id <> ${caller.id}::uuid`);
    where.push(sql`NOT EXISTS (SELECT 1 FROM request_reviews v WHERE v.request_id = r.id AND v.round = r.round AND v.reviewer_id = ${caller.id}::uuid)`);
  }
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const order = filter.inbox ? sql`ORDER BY r.due_at ASC NULLS LAST, r.number` : sql`ORDER BY r.number DESC`;
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const found = await rows<RequestSqlRow & { total: string | number }>(
    store.db,
    sql`${selectRequests(sql`, count(*) OVER () AS total`)} ${cond} ${order} LIMIT ${limit} OFFSET ${Math.max(filter.offset ?? 0, 0)}`,
  );
  return { items: found.map((r) => toRow(r, now)), total: Number(found[0]?.total ?? 0) };
}

/** Returns one request with its reviews, comments, approval progress, training, decision and similar past decisions; NotFoundError when the caller cannot see it. */
export async function getRequest(store: Store, types: RequestTypes, id: string, caller: Caller, now = new Date()): Promise<RequestDetail> {
  const [row] = await rows<RequestSqlRow>(store.db, sql`${selectRequests()} WHERE ${idFilter(id)}`);
  if (!row || !canSee(caller, toRow(row))) throw new NotFoundError('request', id);
  const r = toRow(row, now);
  const type = types.get(r.type);
  const reviews = await rows<{ reviewer_id: string; reviewer_email: string; role: string; verdict: ReviewView['verdict']; comment: string | null; round: number; created_at: string | Date }>(
    store.db,
    sql`SELECT v.reviewer_id, u.email AS reviewer_email, v.role, v.verdict, v.comment, v.round, v.created_at FROM request_reviews v JOIN users u ON u.id = v.reviewer_id
        WHERE v.request_id = ${r.id}::uuid ORDER BY v.created_at, v.id`,
  );
  const comments = await rows<{ id: string; author_id: string; author_email: string; body: string; created_at: string | Date }>(
    store.db,
    sql`SELECT c.id, c.author_id, u.email AS author_email, c.body, c.created_at FROM request_comments c JOIN users u ON u.id = c.author_id
        WHERE c.request_id = ${r.id}::uuid ORDER BY c.created_at, c.id`,
  );
  const decision = await getDecisionOf(store.db, r.id);
  const typeOrStub: RequestType = type ?? { id: r.type, title: r.type, description: '', slaDays: 5, fields: [], checklist: [], reviewers: [], requiredRoles: [], minApprovers: 1, training: { courses: [], enforce: 'none' }, requireRepoCheck: false, effect: 'none' };
  const training = await trainingStatus(store.db, typeOrStub.training, r.requesterEmail, now);
  const answersText = Object.values(r.answers).filter((v) => typeof v === 'string').join(' ');
  return {
    ...r,
    reviews: reviews.map((v) => ({ reviewerId: v.reviewer_id, reviewerEmail: v.reviewer_email, role: v.role, verdict: v.verdict, comment: v.comment, round: Number(v.round), createdAt: date(v.created_at)! })),
    comments: comments.map((c) => ({ id: c.id, authorId: c.author_id, authorEmail: c.author_email, body: c.body, createdAt: date(c.created_at)! })),
    approvals: await approvalProgress(store.db, typeOrStub, r.id, r.round),
    training,
    decision,
    actions: type ? allowedActions(r.state, { requester: r.requesterId === caller.id, reviewer: isReviewer(caller, type) }) : [],
    similar: await similarDecisions(store.db, `${r.title} ${answersText}`, { type: r.type, excludeRequestId: r.id, limit: 5 }),
  };
}

/**
 * Marks open requests past their due date as notified (once each) and queues a
 * `request.sla_breached` event for each, auditing each; returns the deliveries to send.
 */
export async function notifySlaBreaches(store: Store, types: RequestTypes, now = new Date()): Promise<{ requests: number; deliveries: string[] }> {
  return store.transaction(async (tx) => {
    const due = await rows<RequestSqlRow>(
      tx,
      sql`${selectRequests()} WHERE r.state IN ('submitted', 'in_review', 'changes_requested') AND r.due_at < ${now.toISOString()} AND r.sla_notified_at IS NULL
          ORDER BY r.due_at LIMIT 500 FOR UPDATE OF r SKIP LOCKED`,
    );
    const deliveries: string[] = [];
    for (const raw of due) {
      const r = toRow(raw, now);
      await tx.execute(sql`UPDATE requests SET sla_notified_at = ${now.toISOString()} WHERE id = ${r.id}::uuid`);
      await appendAudit(tx, { actor: 'system', action: 'request.sla_breach', target: `request:${r.id}`, details: { dueAt: r.dueAt?.toISOString() ?? null, state: r.state } });
      const type = types.get(r.type);
      if (type) deliveries.push(...(await enqueueEvent(tx, 'request.sla_breached', eventOf(r, type))));
    }
    return { requests: due.length, deliveries };
  });
}
