import { createHash } from 'node:crypto';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { canonicalJson } from '../canonical-json.js';
import { rows, type Executor, type Store, type Tx } from '../engine.js';
import { auditHead, auditLog } from '../schema.js';

/** The hash the chain starts from (the audit_head row the migration inserts). */
export const GENESIS = '0'.repeat(64);

/** What a mutation records in the audit log. */
export interface AuditRecord {
  /** Who did it: `user:<id>`, `token:<id>`, `system`. */
  actor: string;
  /** What was done: `project.create`, `snapshot.create`, `finding.triage`... */
  action: string;
  /** What it was done to: `project:<id>`, `snapshot:<id>`... */
  target: string;
  /** JSON-safe facts about the change. */
  details?: Record<string, unknown>;
}

/** A stored audit record. */
export interface AuditEntry {
  id: number;
  actor: string;
  action: string;
  target: string;
  details: unknown;
  at: Date;
  prevHash: string;
  hash: string;
}

/**
 * Returns the hash of one record: sha256 over the previous record's hash and the canonical JSON
 * of the record without its id. The id is left out on purpose: ids must be contiguous and each
 * record must link to the one before it, so a moved record keeps a valid hash of its own and is
 * reported as reordered rather than edited.
 */
export function auditHash(prevHash: string, r: { at: Date; actor: string; action: string; target: string; details: unknown }): string {
  const body = canonicalJson({ at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, details: r.details });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one record to the audit chain inside the caller's transaction, so the record commits
 * or rolls back with the mutation it describes. It locks the chain's head row: concurrent
 * mutations append one after another, in commit order, with contiguous ids.
 */
export async function appendAudit(tx: Tx, record: AuditRecord): Promise<{ id: number; hash: string }> {
  const [head] = await rows<{ last_id: string | number; hash: string }>(
    tx,
    sql`SELECT last_id, hash FROM audit_head WHERE singleton = 1 FOR UPDATE`,
  );
  if (!head) throw new Error('audit_head is missing: the store was not migrated');
  const id = Number(head.last_id) + 1;
  // Round trip through JSON so what is hashed is exactly what jsonb gives back.
  const details = JSON.parse(JSON.stringify(record.details ?? {})) as Record<string, unknown>;
  const at = new Date();
  const hash = auditHash(head.hash, { at, actor: record.actor, action: record.action, target: record.target, details });
  await tx.insert(auditLog).values({
    id,
    at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    details,
    prevHash: head.hash,
    hash,
  });
  await tx.update(auditHead).set({ lastId: id, hash }).where(eq(auditHead.singleton, 1));
  return { id, hash };
}

/** What {@link verifyAudit} found. */
export type AuditVerification =
  | { ok: true; records: number }
  | {
      ok: false;
      /** Records checked before the first problem. */
      records: number;
      problem: 'edited' | 'deleted' | 'reordered';
      /** The first record affected (for a deletion, the first missing id). */
      id: number;
      message: string;
    };

/**
 * Recomputes the audit chain from the first record and reports the first record that was
 * edited (its hash no longer matches), deleted (an id is missing, or the newest records are gone
 * from behind the head) or reordered (it links to a record other than the one before it).
 */
export async function verifyAudit(store: Store, pageSize = 5000): Promise<AuditVerification> {
  let expectedId = 1;
  let expectedPrev = GENESIS;
  let checked = 0;
  for (;;) {
    const page: AuditEntry[] = await store.db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, expectedId - 1))
      .orderBy(asc(auditLog.id))
      .limit(pageSize);
    for (const r of page) {
      if (auditHash(r.prevHash, r) !== r.hash) {
        return fail(checked, 'edited', r.id, `audit record ${r.id} was edited: its hash does not match its content`);
      }
      if (r.id !== expectedId) {
        return fail(checked, 'deleted', expectedId, `audit record ${expectedId}${r.id - 1 > expectedId ? `-${r.id - 1}` : ''} was deleted: the next record is ${r.id}`);
      }
      if (r.prevHash !== expectedPrev) {
        const owner = await linkedRecord(store.db, r.prevHash);
        if (owner !== undefined) {
          return fail(checked, 'reordered', r.id, `audit record ${r.id} was reordered: it follows record ${owner}, not record ${r.id - 1}`);
        }
        return fail(
          checked,
          'edited',
          r.id - 1,
          `audit record ${r.id - 1} was rewritten or replaced: record ${r.id} does not link to it`,
        );
      }
      expectedPrev = r.hash;
      expectedId = r.id + 1;
      checked++;
    }
    if (page.length < pageSize) break;
  }
  const [head] = await store.db.select().from(auditHead).where(eq(auditHead.singleton, 1));
  if (!head || head.lastId !== expectedId - 1 || head.hash !== expectedPrev) {
    const last = head?.lastId ?? expectedId - 1;
    return fail(
      checked,
      'deleted',
      expectedId,
      last >= expectedId
        ? `audit records ${expectedId}-${last} were deleted: the chain's head is record ${last}`
        : `the audit chain's head was altered: it does not match record ${expectedId - 1}`,
    );
  }
  return { ok: true, records: checked };
}

async function linkedRecord(exec: Executor, hash: string): Promise<number | undefined> {
  const [hit] = await exec.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.hash, hash)).limit(1);
  return hit?.id;
}

function fail(records: number, problem: 'edited' | 'deleted' | 'reordered', id: number, message: string): AuditVerification {
  return { ok: false, records, problem, id, message };
}
