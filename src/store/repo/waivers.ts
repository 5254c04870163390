import { sql } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';
import { NotFoundError } from '../errors.js';
import { appendAudit } from './audit.js';
import { uuidEquals } from './sql-filters.js';

/** A waiver as the API shows it. */
export interface WaiverView {
  id: string;
  projectId: string | null;
  teamId: string | null;
  ruleId: string;
  componentPurl: string | null;
  reason: string;
  comment: string | null;
  owner: string;
  expiresAt: Date | null;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** The fields of a waiver a person sets. */
export interface WaiverInput {
  projectId?: string | null;
  teamId?: string | null;
  ruleId: string;
  componentPurl?: string | null;
  reason: string;
  comment?: string | null;
  owner: string;
  expiresAt?: Date | null;
}

interface WaiverSqlRow {
  id: string;
  project_id: string | null;
  team_id: string | null;
  rule_id: string;
  component_purl: string | null;
  reason: string;
  comment: string | null;
  owner: string;
  expires_at: string | Date | null;
  created_by: string;
  created_at: string | Date;
  revoked_at: string | Date | null;
}

const date = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

function toView(r: WaiverSqlRow): WaiverView {
  return {
    id: r.id,
    projectId: r.project_id,
    teamId: r.team_id,
    ruleId: r.rule_id,
    componentPurl: r.component_purl,
    reason: r.reason,
    comment: r.comment,
    owner: r.owner,
    expiresAt: date(r.expires_at),
    createdBy: r.created_by,
    createdAt: date(r.created_at)!,
    revokedAt: date(r.revoked_at),
  };
}

/** Lists waivers, newest first; `projectIds` limits to those projects' waivers plus global ones. */
export async function listWaivers(store: Store, options: { projectIds?: string[]; projectId?: string; includeRevoked?: boolean } = {}): Promise<WaiverView[]> {
  const visible = options.projectIds
    ? options.projectIds.length === 0
      ? sql`AND project_id IS NULL`
      : sql`AND (project_id IS NULL OR project_id::text IN (${sql.join(options.projectIds.map((p) => sql`${p}`), sql`, `)}))`
    : sql``;
  const found = await rows<WaiverSqlRow>(
    store.db,
    sql`SELECT * FROM waivers WHERE true ${visible}
        ${options.projectId ? sql`AND ${uuidEquals(sql`project_id`, options.projectId)}` : sql``}
        ${options.includeRevoked ? sql`` : sql`AND revoked_at IS NULL`}
        ORDER BY created_at DESC, id`,
  );
  return found.map(toView);
}

/** Returns one waiver; NotFoundError when there is none. */
export async function getWaiver(store: Store, id: string): Promise<WaiverView> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await rows<WaiverSqlRow>(store.db, sql`SELECT * FROM waivers WHERE id = ${id}`) : [];
  if (!row) throw new NotFoundError('waiver', id);
  return toView(row);
}

/** Creates a waiver, auditing it. */
export async function createWaiver(store: Store, input: WaiverInput, actor = 'system'): Promise<WaiverView> {
  return store.transaction(async (tx) => {
    const [row] = await rows<WaiverSqlRow>(
      tx,
      sql`INSERT INTO waivers (project_id, team_id, rule_id, component_purl, reason, comment, owner, expires_at, created_by)
          VALUES (${input.projectId ?? null}, ${input.teamId ?? null}, ${input.ruleId}, ${input.componentPurl ?? null},
                  ${input.reason}, ${input.comment ?? null}, ${input.owner}, ${input.expiresAt?.toISOString() ?? null}, ${actor})
          RETURNING *`,
    );
    const view = toView(row!);
    await appendAudit(tx, { actor, action: 'waiver.create', target: `waiver:${view.id}`, details: { ...input, expiresAt: input.expiresAt?.toISOString() ?? null } });
    return view;
  });
}

/** Changes a waiver's reason, comment, owner or expiry, auditing it; NotFoundError when it does not exist. */
export async function updateWaiver(
  store: Store,
  id: string,
  patch: Partial<Pick<WaiverInput, 'reason' | 'comment' | 'owner' | 'expiresAt' | 'componentPurl'>>,
  actor = 'system',
): Promise<WaiverView> {
  return store.transaction(async (tx) => {
    const [before] = await rows<WaiverSqlRow>(tx, sql`SELECT * FROM waivers WHERE id = ${id} FOR UPDATE`);
    if (!before) throw new NotFoundError('waiver', id);
    const set = (k: keyof typeof patch, col: string, v: unknown) => (k in patch ? sql`${sql.raw(col)} = ${v}` : undefined);
    const parts = [
      set('reason', 'reason', patch.reason),
      set('comment', 'comment', patch.comment ?? null),
      set('owner', 'owner', patch.owner),
      set('expiresAt', 'expires_at', patch.expiresAt ? patch.expiresAt.toISOString() : null),
      set('componentPurl', 'component_purl', patch.componentPurl ?? null),
    ].filter((p) => p !== undefined);
    const [row] = parts.length
      ? await rows<WaiverSqlRow>(tx, sql`UPDATE waivers SET ${sql.join(parts, sql`, `)} WHERE id = ${id} RETURNING *`)
      : [before];
    await appendAudit(tx, {
      actor,
      action: 'waiver.update',
      target: `waiver:${id}`,
      details: { ...patch, expiresAt: patch.expiresAt === undefined ? undefined : (patch.expiresAt?.toISOString() ?? null) },
    });
    return toView(row!);
  });
}

/** Revokes a waiver (kept for the record), auditing it; NotFoundError when it does not exist or is revoked. */
export async function revokeWaiver(store: Store, id: string, actor = 'system'): Promise<void> {
  await store.transaction(async (tx) => {
    const [row] = await rows<{ id: string }>(tx, sql`UPDATE waivers SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING id`);
    if (!row) throw new NotFoundError('waiver', id);
    await appendAudit(tx, { actor, action: 'waiver.revoke', target: `waiver:${id}` });
  });
}
