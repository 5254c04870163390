import { sql, type SQL } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';
import { NotFoundError } from '../errors.js';
import type { ANALYSIS_STATES } from '../schema.js';
import { appendAudit } from './audit.js';
import { countPast, inList, totalOf, uuidEquals, uuidIn } from './sql-filters.js';

/** A finding as the API shows it. */
export interface FindingView {
  id: string;
  key: string;
  kind: string;
  ruleId: string;
  projectId: string;
  snapshotId: number | null;
  firstSnapshotId: number | null;
  severity: string;
  status: string;
  analysis: { state: string | null; justification: string | null; detail: string | null };
  suppression: unknown;
  title: string;
  message: string;
  purl: string | null;
  details: Record<string, unknown>;
  firstSeenAt: Date;
  lastSeenAt: Date;
  updatedAt: Date;
}

/** Filters for {@link listFindings}; `projectIds` limits to what the caller may see (undefined: all). */
export interface FindingFilter {
  projectIds?: string[];
  projectId?: string;
  severity?: string[];
  kind?: string[];
  status?: string[];
  ruleId?: string;
  limit?: number;
  offset?: number;
}

interface FindingSqlRow {
  id: string;
  key: string;
  kind: string;
  rule_id: string;
  project_id: string;
  snapshot_id: string | number | null;
  severity: string;
  status: string;
  analysis_state: string | null;
  analysis_justification: string | null;
  analysis_detail: string | null;
  suppression: unknown;
  title: string;
  message: string;
  details: Record<string, unknown> | string | null;
  first_seen_at: string | Date;
  last_seen_at: string | Date;
  updated_at: string | Date;
}

const date = (v: string | Date) => (v instanceof Date ? v : new Date(v));

function toView(r: FindingSqlRow): FindingView {
  const details = (typeof r.details === 'string' ? JSON.parse(r.details) : (r.details ?? {})) as Record<string, unknown>;
  const first = details.firstSnapshotId;
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    ruleId: r.rule_id,
    projectId: r.project_id,
    snapshotId: r.snapshot_id === null ? null : Number(r.snapshot_id),
    firstSnapshotId: first === undefined || first === null ? null : Number(first),
    severity: r.severity,
    status: r.status,
    analysis: { state: r.analysis_state, justification: r.analysis_justification, detail: r.analysis_detail },
    suppression: typeof r.suppression === 'string' ? JSON.parse(r.suppression) : r.suppression,
    title: r.title,
    message: r.message,
    purl: typeof details.purl === 'string' ? details.purl : null,
    details,
    firstSeenAt: date(r.first_seen_at),
    lastSeenAt: date(r.last_seen_at),
    updatedAt: date(r.updated_at),
  };
}


/** Lists findings by severity (most severe first), then project and key. */
export async function listFindings(store: Store, f: FindingFilter): Promise<{ items: FindingView[]; total: number }> {
  const where: SQL[] = [];
  if (f.projectIds) {
    if (f.projectIds.length === 0) return { items: [], total: 0 };
    where.push(uuidIn(sql`project_id`, f.projectIds));
  }
  if (f.projectId) where.push(uuidEquals(sql`project_id`, f.projectId));
  if (f.severity?.length) where.push(inList(sql`severity`, f.severity));
  if (f.kind?.length) where.push(inList(sql`kind`, f.kind));
  if (f.status?.length) where.push(inList(sql`status`, f.status));
  if (f.ruleId) where.push(sql`rule_id = ${f.ruleId}`);
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const found = await rows<FindingSqlRow & { total_count: string | number }>(
    store.db,
    sql`SELECT *, ${totalOf(sql`findings`, cond)} AS total_count FROM findings ${cond}
        ORDER BY array_position(ARRAY['critical','high','medium','low','none','unknown'], severity), project_id, key
        LIMIT ${f.limit ?? 100} OFFSET ${f.offset ?? 0}`,
  );
  const total = found.length ? Number(found[0]!.total_count) : await countPast(store, sql`findings`, cond, f.offset);
  return { items: found.map(toView), total };
}

/** Returns one finding; NotFoundError when there is none. */
export async function getFinding(store: Store, id: string): Promise<FindingView> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await rows<FindingSqlRow>(store.db, sql`SELECT * FROM findings WHERE id = ${id}`) : [];
  if (!row) throw new NotFoundError('finding', id);
  return toView(row);
}

/** A triage decision, as CycloneDX VEX `analysis` names it. */
export interface Triage {
  state: (typeof ANALYSIS_STATES)[number];
  justification?: string | null;
  detail?: string | null;
}

/**
 * Records a triage decision on a finding and derives its status (not_affected and
 * false_positive suppress it, resolved resolves it, in_triage and exploitable keep it open
 * unless a waiver suppresses it), auditing the change in the same transaction.
 */
export async function triageFinding(store: Store, id: string, triage: Triage, actor = 'system'): Promise<FindingView> {
  return store.transaction(async (tx) => {
    const [before] = await rows<FindingSqlRow>(tx, sql`SELECT * FROM findings WHERE id = ${id} FOR UPDATE`);
    if (!before) throw new NotFoundError('finding', id);
    const [row] = await rows<FindingSqlRow>(
      tx,
      sql`UPDATE findings SET analysis_state = ${triage.state}, analysis_justification = ${triage.justification ?? null},
            analysis_detail = ${triage.detail ?? null}, updated_at = now(),
            status = CASE
              WHEN status = 'resolved' AND (details ? 'resolvedBySnapshot') THEN 'resolved'
              WHEN ${triage.state} IN ('resolved', 'resolved_with_pedigree') THEN 'resolved'
              WHEN ${triage.state} IN ('not_affected', 'false_positive') OR suppression IS NOT NULL THEN 'suppressed'
              ELSE 'open' END
          WHERE id = ${id} RETURNING *`,
    );
    await appendAudit(tx, {
      actor,
      action: 'finding.triage',
      target: `finding:${id}`,
      details: {
        projectId: before.project_id,
        key: before.key,
        from: { state: before.analysis_state, justification: before.analysis_justification },
        to: { state: triage.state, justification: triage.justification ?? null, detail: triage.detail ?? null },
      },
    });
    return toView(row!);
  });
}

/** One project an advisory affects, and since when. */
export interface AdvisoryImpact {
  projectId: string;
  projectName: string;
  teamId: string;
  findingId: string;
  purl: string | null;
  status: string;
  analysisState: string | null;
  severity: string;
  /** When the finding was first raised, and the first snapshot that had it. */
  since: Date;
  firstSnapshotId: number | null;
  /** The snapshot that last raised it. */
  snapshotId: number | null;
}

/**
 * Answers "which projects does this advisory affect, and since when": vulnerability findings
 * whose advisory id, or one of its aliases, is `advisoryId`, resolved ones left out unless asked.
 */
export async function advisoryImpact(
  store: Store,
  advisoryId: string,
  options: { projectIds?: string[]; includeResolved?: boolean } = {},
): Promise<AdvisoryImpact[]> {
  if (options.projectIds?.length === 0) return [];
  const found = await rows<FindingSqlRow & { project_name: string; team_id: string }>(
    store.db,
    sql`SELECT f.*, p.name AS project_name, p.team_id FROM findings f JOIN projects p ON p.id = f.project_id
        WHERE f.kind = 'vulnerability'
          AND (f.rule_id = ${advisoryId} OR f.details->'ids' ? ${advisoryId} OR f.details->'aliases' ? ${advisoryId})
          ${options.includeResolved ? sql`` : sql`AND f.status <> 'resolved'`}
          ${options.projectIds ? sql`AND ${inList(sql`f.project_id::text`, options.projectIds)}` : sql``}
        ORDER BY f.first_seen_at, p.name`,
  );
  return found.map((r) => {
    const v = toView(r);
    return {
      projectId: v.projectId,
      projectName: r.project_name,
      teamId: r.team_id,
      findingId: v.id,
      purl: v.purl,
      status: v.status,
      analysisState: v.analysis.state,
      severity: v.severity,
      since: v.firstSeenAt,
      firstSnapshotId: v.firstSnapshotId,
      snapshotId: v.snapshotId,
    };
  });
}
