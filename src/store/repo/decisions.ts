// The decision register: one decision per closed request (outcome, rationale, policy clauses),
// searchable with PostgreSQL full-text search (`to_tsvector('english', ...)`, a GIN index; PGlite
// has the same dictionaries), and the effects of approvals: an adoption becomes a policy
// allowlist entry, an exception a waiver with an expiry — written in the closing transaction.
import { sql, type SQL } from 'drizzle-orm';
import { allowlistRule } from '../../workflows/allowlist.js';
import { WorkflowError } from '../../workflows/errors.js';
import type { RequestType } from '../../workflows/request-types.js';
import { rows, type Executor, type Store, type Tx } from '../engine.js';
import { NotFoundError } from '../errors.js';

/** A decision as the register shows it. */
export interface DecisionView {
  id: string;
  requestId: string;
  requestNumber: number;
  type: string;
  title: string;
  outcome: 'approved' | 'rejected' | 'withdrawn';
  rationale: string;
  clauses: string[];
  componentPurl: string | null;
  decidedBy: string | null;
  decidedByEmail: string | null;
  decidedAt: Date;
  allowlistId: string | null;
  waiverId: string | null;
}

/** A past decision like a new request, with how close it is. */
export interface SimilarDecision extends DecisionView {
  rank: number;
}

interface DecisionSqlRow {
  id: string;
  request_id: string;
  request_number: number;
  type: string;
  title: string;
  outcome: DecisionView['outcome'];
  rationale: string;
  clauses: string[];
  component_purl: string | null;
  decided_by: string | null;
  decided_by_email: string | null;
  decided_at: string | Date;
  allowlist_id: string | null;
  waiver_id: string | null;
  rank?: number | string;
}

const toView = (r: DecisionSqlRow): DecisionView => ({
  id: r.id,
  requestId: r.request_id,
  requestNumber: Number(r.request_number),
  type: r.type,
  title: r.title,
  outcome: r.outcome,
  rationale: r.rationale,
  clauses: r.clauses,
  componentPurl: r.component_purl,
  decidedBy: r.decided_by,
  decidedByEmail: r.decided_by_email,
  decidedAt: r.decided_at instanceof Date ? r.decided_at : new Date(r.decided_at),
  allowlistId: r.allowlist_id,
  waiverId: r.waiver_id,
});

// A function, not a constant: drizzle's SQL.append changes the object it is called on.
const selectDecisions = (extra: SQL = sql``) => sql`SELECT d.id, d.request_id, q.number AS request_number, d.type, d.title, d.outcome, d.rationale, d.clauses, d.component_purl,
  d.decided_by, u.email AS decided_by_email, d.decided_at, d.allowlist_id, d.waiver_id ${extra}
  FROM decisions d JOIN requests q ON q.id = d.request_id LEFT JOIN users u ON u.id = d.decided_by`;

/** What closes a request. */
export interface DecisionInput {
  request: { id: string; number: number; title: string; body: string; answers: Record<string, unknown>; componentPurl: string | null; projectId: string | null; teamId: string | null; requesterEmail: string };
  type: RequestType;
  outcome: 'approved' | 'rejected' | 'withdrawn';
  rationale: string;
  clauses: string[];
  decidedBy: string;
  actor: string;
}

/**
 * Writes a request's decision in the caller's transaction, and its effect when approved: the
 * type's `allowlist` effect adds the component (the `purl` answer, its version turned into a
 * range unless a `versions` answer names one) to the policy allowlist; `waiver` creates a waiver
 * of the `rule` answer, limited to the `purl` answer and the request's project, expiring at the
 * end of the `expires` day (UTC). The caller's audit record names both.
 */
export async function writeDecision(tx: Tx, d: DecisionInput): Promise<{ id: string; allowlistId: string | null; waiverId: string | null }> {
  let allowlistId: string | null = null;
  let waiverId: string | null = null;
  const reason = `request ${d.request.number} (${d.type.title}): ${d.rationale}`;
  if (d.outcome === 'approved' && d.type.effect === 'allowlist') {
    const { pattern, versions } = allowlistPattern(String(d.request.answers.purl ?? d.request.componentPurl ?? ''), typeof d.request.answers.versions === 'string' ? d.request.answers.versions : undefined);
    try {
      allowlistRule({ id: 'new', purl: pattern, versions, reason: '', requestId: null });
    } catch (err) {
      throw new WorkflowError('invalid', `request ${d.request.number} cannot become an allowlist entry: ${(err as Error).message}; ask for changes to the purl or versions`, [{ field: '/answers/versions', message: (err as Error).message }]);
    }
    const [a] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO policy_allowlist (purl, versions, reason, request_id, created_by) VALUES (${pattern}, ${versions}, ${reason}, ${d.request.id}, ${d.actor}) RETURNING id`,
    );
    allowlistId = a!.id;
  }
  if (d.outcome === 'approved' && d.type.effect === 'waiver') {
    const expires = new Date(`${String(d.request.answers.expires)}T23:59:59.999Z`);
    const purl = typeof d.request.answers.purl === 'string' ? d.request.answers.purl : d.request.componentPurl;
    const [w] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO waivers (project_id, team_id, rule_id, component_purl, reason, comment, owner, expires_at, created_by)
          VALUES (${d.request.projectId}, ${d.request.projectId ? null : d.request.teamId}, ${String(d.request.answers.rule)}, ${purl ?? null},
                  'legal-approved', ${reason}, ${d.request.requesterEmail}, ${expires.toISOString()}, ${d.actor})
          RETURNING id`,
    );
    waiverId = w!.id;
  }
  const answers = Object.values(d.request.answers).filter((v) => typeof v === 'string').join(' ');
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO decisions (request_id, type, title, outcome, rationale, clauses, component_purl, decided_by, allowlist_id, waiver_id, search)
        VALUES (${d.request.id}, ${d.type.id}, ${d.request.title}, ${d.outcome}, ${d.rationale}, ${textArray(d.clauses)}::text[], ${d.request.componentPurl},
                ${d.decidedBy}, ${allowlistId}, ${waiverId},
                setweight(to_tsvector('english', ${d.request.title}), 'A') ||
                setweight(to_tsvector('english', ${`${d.rationale} ${d.clauses.join(' ')}`}), 'B') ||
                setweight(to_tsvector('english', ${`${d.type.title} ${d.request.componentPurl ?? ''} ${answers} ${d.request.body}`.slice(0, 100_000)}), 'C'))
        RETURNING id`,
  );
  return { id: row!.id, allowlistId, waiverId };
}

/** A text[] literal as one parameter (drizzle would expand a JS array into a parameter list). */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Turns an approved purl into an allowlist pattern: qualifiers and subpath dropped; a version in
 * the purl becomes `=version` unless `versions` names a range.
 */
export function allowlistPattern(purl: string, versions: string | undefined): { pattern: string; versions: string | null } {
  const bare = purl.replace(/[?#].*$/, '');
  const slash = bare.lastIndexOf('/');
  const at = bare.indexOf('@', slash + 1);
  const pattern = at > slash ? bare.slice(0, at) : bare;
  const version = at > slash ? decodeURIComponent(bare.slice(at + 1)) : undefined;
  return { pattern, versions: versions?.trim() ? versions.trim() : version ? `=${version}` : null };
}

/** Returns the decision of a request, or null while it is open. */
export async function getDecisionOf(exec: Executor, requestId: string): Promise<DecisionView | null> {
  const [row] = await rows<DecisionSqlRow>(exec, sql`${selectDecisions()} WHERE d.request_id = ${requestId}::uuid`);
  return row ? toView(row) : null;
}

/** Returns one decision; NotFoundError when there is none. */
export async function getDecision(store: Store, id: string): Promise<DecisionView> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await rows<DecisionSqlRow>(store.db, sql`${selectDecisions()} WHERE d.id = ${id}::uuid`) : [];
  if (!row) throw new NotFoundError('decision', id);
  return toView(row);
}

/** Filters of the decision register. */
export interface DecisionFilter {
  /** Full-text query (web search syntax: words, "phrases", -not, or). */
  q?: string;
  type?: string;
  outcome?: DecisionView['outcome'];
  /** Decisions relying on this policy clause. */
  clause?: string;
  /** Decisions about this component (purl prefix). */
  purl?: string;
  limit?: number;
  offset?: number;
}

/** Searches the register: best matches first with `q`, else newest first. */
export async function searchDecisions(store: Store, filter: DecisionFilter): Promise<{ items: (DecisionView & { rank?: number })[]; total: number }> {
  const where: SQL[] = [];
  const q = filter.q?.trim();
  if (q) where.push(sql`d.search @@ websearch_to_tsquery('english', ${q})`);
  if (filter.type) where.push(sql`d.type = ${filter.type}`);
  if (filter.outcome) where.push(sql`d.outcome = ${filter.outcome}`);
  if (filter.clause) where.push(sql`${filter.clause} = ANY (d.clauses)`);
  if (filter.purl) where.push(sql`starts_with(d.component_purl, ${filter.purl})`);
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const rank = q ? sql`, ts_rank(d.search, websearch_to_tsquery('english', ${q})) AS rank` : sql``;
  const order = q ? sql`ORDER BY rank DESC, d.decided_at DESC` : sql`ORDER BY d.decided_at DESC, d.id`;
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const found = await rows<DecisionSqlRow & { total: string | number }>(
    store.db,
    sql`${selectDecisions(sql`${rank}, count(*) OVER () AS total`)} ${cond} ${order} LIMIT ${limit} OFFSET ${Math.max(filter.offset ?? 0, 0)}`,
  );
  return { items: found.map((r) => ({ ...toView(r), ...(r.rank !== undefined ? { rank: Number(r.rank) } : {}) })), total: Number(found[0]?.total ?? 0) };
}

/**
 * Past decisions like a text (a new request's title and answers): any of its words matches
 * (an OR query, ranked), decisions of the same type first.
 */
export async function similarDecisions(exec: Executor, text: string, options: { type?: string; excludeRequestId?: string; limit?: number } = {}): Promise<SimilarDecision[]> {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}._-]*/gu) ?? [])].slice(0, 40);
  if (words.length === 0) return [];
  // plainto_tsquery stems and drops stop words; its AND becomes OR, so any shared word counts.
  const query = sql`replace(plainto_tsquery('english', ${words.join(' ')})::text, '&', '|')`;
  const found = await rows<DecisionSqlRow>(
    exec,
    sql`WITH similar_query AS (SELECT CASE WHEN ${query} = '' THEN NULL ELSE to_tsquery('english', ${query}) END AS query)
        ${selectDecisions(sql`, ts_rank(d.search, sq.query) + CASE WHEN d.type = ${options.type ?? ''} THEN 0.05 ELSE 0 END AS rank`)}
        CROSS JOIN similar_query sq
        WHERE sq.query IS NOT NULL AND d.search @@ sq.query ${options.excludeRequestId ? sql`AND d.request_id <> ${options.excludeRequestId}::uuid` : sql``}
        ORDER BY rank DESC, d.decided_at DESC LIMIT ${Math.min(options.limit ?? 5, 50)}`,
  );
  return found.map((r) => ({ ...toView(r), rank: Math.round(Number(r.rank) * 1000) / 1000 }));
}

/** An active allowlist entry. */
export interface AllowlistEntry {
  id: string;
  purl: string;
  versions: string | null;
  reason: string;
  requestId: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** Lists the active (not revoked, not expired) allowlist entries, oldest first. */
export async function listAllowlist(exec: Executor, now = new Date()): Promise<AllowlistEntry[]> {
  const found = await rows<{ id: string; purl: string; versions: string | null; reason: string; request_id: string | null; created_by: string; created_at: string | Date; expires_at: string | Date | null }>(
    exec,
    sql`SELECT * FROM policy_allowlist WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${now.toISOString()}) ORDER BY created_at, id`,
  );
  return found.map((r) => ({
    id: r.id,
    purl: r.purl,
    versions: r.versions,
    reason: r.reason,
    requestId: r.request_id,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
  }));
}
