// The `webhook` job: posts one stored delivery (src/store/repo/webhooks.ts) to its webhook, signed
// with HMAC-SHA256, in the webhook's format. A non-2xx answer, a timeout or a refused connection
// fails the attempt and pg-boss retries with backoff; the last failure marks the delivery failed.
// Idempotent: a delivery already delivered is not sent again. Redirects are not followed (a
// receiver that moved must be updated, not chased to wherever it points).
import { loadDelivery, recordAttempt } from '../../store/repo/webhooks.js';
import { SIGNATURE_HEADER, signBody, webhookBody, webhookUrlProblem } from '../../workflows/webhooks.js';
import { OSPO_VERSION } from '../../version.js';
import { payloadObject, uuidField, type JobDefinition } from '../job.js';

/** The webhook job's payload. */
export interface WebhookPayload {
  deliveryId: string;
}

/** How long one attempt may take. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Builds the job that sends a delivery. */
export function webhookJob(deliveryId: string): { name: string; data: WebhookPayload } {
  return { name: 'webhook', data: { deliveryId } };
}

/** The webhook job. */
export const WEBHOOK: JobDefinition<WebhookPayload> = {
  name: 'webhook',
  description: 'post a request event (submission, decision, SLA breach) to a webhook, signed, with retries',
  policy: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
  parse(data) {
    return { deliveryId: uuidField('webhook', payloadObject('webhook', data), 'deliveryId') };
  },
  async handle(payload, ctx, job) {
    const d = await loadDelivery(ctx.store.db, payload.deliveryId);
    if (!d) return { skipped: 'the delivery or its webhook was deleted' };
    if (d.status === 'delivered') return { skipped: 'already delivered' };
    const last = (job.retryCount ?? 0) >= WEBHOOK.policy.retryLimit;
    const problem = webhookUrlProblem(d.webhook.url);
    if (!d.webhook.active || problem) {
      await recordAttempt(ctx.store.db, d.id, { status: 'failed', httpStatus: null, error: problem ? `url ${problem}` : 'the webhook is inactive' });
      return { skipped: problem ?? 'inactive' };
    }
    const body = webhookBody(d.webhook.format, d.event, d.id, d.createdAt, d.payload);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.webhook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': `ospo/${OSPO_VERSION}`,
          'x-ospo-event': d.event,
          'x-ospo-delivery': d.id,
          [SIGNATURE_HEADER]: signBody(d.webhook.secret, body),
        },
        body,
      });
      status = res.status;
      // Read (and drop) a bounded part of the answer so the connection can be reused.
      await res.body?.cancel().catch(() => {});
      if (res.status < 200 || res.status >= 300) error = `the receiver answered ${res.status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : `cannot reach the receiver: ${(err as Error).message}`;
    }
    await recordAttempt(ctx.store.db, d.id, { status: error === null ? 'delivered' : last ? 'failed' : 'pending', httpStatus: status, error });
    if (error !== null) throw new Error(`delivery ${d.id} to ${new URL(d.webhook.url).host}: ${error}`);
    return { delivered: true, status };
  },
};
