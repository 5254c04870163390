// Webhooks and their deliveries. Events are written as deliveries in the transaction of the
// change that raised them (an outbox: a committed decision always has its notifications, and a
// rolled-back one has none); the `webhook` job sends each (src/jobs/kinds/webhook.ts).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { WebhookEvent, WebhookFormat } from '../../workflows/webhooks.js';
import { rows, type Executor, type Store, type Tx } from '../engine.js';
import { NotFoundError } from '../errors.js';
import { appendAudit } from './audit.js';

/** A webhook as the API shows it (never its secret). */
export interface WebhookView {
  id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookEvent[];
  active: boolean;
  createdBy: string;
  createdAt: Date;
}

/** A delivery and its state. */
export interface DeliveryView {
  id: string;
  webhookId: string;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

type WebhookSqlRow = { id: string; name: string; url: string; format: WebhookFormat; events: WebhookEvent[]; active: boolean; created_by: string; created_at: string | Date; secret: string };

const toView = (r: WebhookSqlRow): WebhookView => ({ id: r.id, name: r.name, url: r.url, format: r.format, events: r.events, active: r.active, createdBy: r.created_by, createdAt: new Date(r.created_at) });

/** Lists webhooks. */
export async function listWebhooks(store: Store): Promise<WebhookView[]> {
  return (await rows<WebhookSqlRow>(store.db, sql`SELECT * FROM webhooks ORDER BY created_at, id`)).map(toView);
}

/** Creates a webhook (the URL checked by the caller), auditing it; returns it with its secret, shown once. A secret is generated when none is given. */
export async function createWebhook(store: Store, input: { name: string; url: string; format: WebhookFormat; events: WebhookEvent[]; secret?: string }, actor: string): Promise<WebhookView & { secret: string }> {
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  return store.transaction(async (tx) => {
    const [row] = await rows<WebhookSqlRow>(
      tx,
      sql`INSERT INTO webhooks (name, url, format, events, secret, created_by)
          VALUES (${input.name}, ${input.url}, ${input.format}, ${`{${input.events.join(',')}}`}::text[], ${secret}, ${actor}) RETURNING *`,
    );
    await appendAudit(tx, { actor, action: 'webhook.create', target: `webhook:${row!.id}`, details: { name: input.name, url: input.url, format: input.format, events: input.events } });
    return { ...toView(row!), secret };
  });
}

/** Deletes a webhook and its deliveries, auditing it; NotFoundError when there is none. */
export async function deleteWebhook(store: Store, id: string, actor: string): Promise<void> {
  await store.transaction(async (tx) => {
    const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await rows<{ id: string }>(tx, sql`DELETE FROM webhooks WHERE id = ${id}::uuid RETURNING id`) : [];
    if (!row) throw new NotFoundError('webhook', id);
    await appendAudit(tx, { actor, action: 'webhook.delete', target: `webhook:${id}` });
  });
}

/** Writes one pending delivery per active webhook subscribed to `event`, in the caller's transaction; returns their ids. */
export async function enqueueEvent(tx: Tx, event: WebhookEvent, payload: Record<string, unknown>): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO webhook_deliveries (webhook_id, event, payload)
        SELECT id, ${event}, ${JSON.stringify(payload)}::jsonb FROM webhooks WHERE active AND ${event} = ANY (events)
        RETURNING id`,
  );
  return found.map((r) => r.id);
}

/** A delivery with what sending it needs. */
export interface DeliveryJob {
  id: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  status: DeliveryView['status'];
  attempts: number;
  createdAt: Date;
  webhook: { id: string; url: string; format: WebhookFormat; secret: string; active: boolean };
}

/** Returns a delivery and its webhook, or undefined when either is gone. */
export async function loadDelivery(exec: Executor, id: string): Promise<DeliveryJob | undefined> {
  const [r] = await rows<{ id: string; event: WebhookEvent; payload: Record<string, unknown>; status: DeliveryView['status']; attempts: number; created_at: string | Date; webhook_id: string; url: string; format: WebhookFormat; secret: string; active: boolean }>(
    exec,
    sql`SELECT d.id, d.event, d.payload, d.status, d.attempts, d.created_at, w.id AS webhook_id, w.url, w.format, w.secret, w.active
        FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ${id}::uuid`,
  );
  if (!r) return undefined;
  return { id: r.id, event: r.event, payload: r.payload, status: r.status, attempts: Number(r.attempts), createdAt: new Date(r.created_at), webhook: { id: r.webhook_id, url: r.url, format: r.format, secret: r.secret, active: r.active } };
}

/** Records one attempt's outcome (no audit record: deliveries are operational state, not decisions). */
export async function recordAttempt(exec: Executor, id: string, outcome: { status: DeliveryView['status']; httpStatus: number | null; error: string | null }): Promise<void> {
  await exec.execute(sql`UPDATE webhook_deliveries SET attempts = attempts + 1, status = ${outcome.status}, last_status = ${outcome.httpStatus},
    last_error = ${outcome.error?.slice(0, 1000) ?? null}, delivered_at = ${outcome.status === 'delivered' ? new Date().toISOString() : null}
    WHERE id = ${id}::uuid`);
}

/** Lists a webhook's deliveries, newest first. */
export async function listDeliveries(store: Store, webhookId: string, limit = 50): Promise<DeliveryView[]> {
  const found = await rows<{ id: string; webhook_id: string; event: WebhookEvent; status: DeliveryView['status']; attempts: number; last_status: number | null; last_error: string | null; created_at: string | Date; delivered_at: string | Date | null }>(
    store.db,
    sql`SELECT id, webhook_id, event, status, attempts, last_status, last_error, created_at, delivered_at FROM webhook_deliveries
        WHERE webhook_id = ${webhookId}::uuid ORDER BY created_at DESC, id LIMIT ${Math.min(Math.max(limit, 1), 500)}`,
  );
  return found.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    event: r.event,
    status: r.status,
    attempts: Number(r.attempts),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    createdAt: new Date(r.created_at),
    deliveredAt: r.delivered_at === null ? null : new Date(r.delivered_at),
  }));
}

/** Pending deliveries older than `olderThanMs` that were never tried (their job was lost between commit and send). */
export async function strandedDeliveries(exec: Executor, olderThanMs: number, now = new Date()): Promise<string[]> {
  const found = await rows<{ id: string }>(
    exec,
    sql`SELECT id FROM webhook_deliveries WHERE status = 'pending' AND attempts = 0 AND created_at < ${new Date(now.getTime() - olderThanMs).toISOString()} ORDER BY created_at LIMIT 1000`,
  );
  return found.map((r) => r.id);
}
