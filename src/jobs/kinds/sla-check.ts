// The `sla-check` job: notifies each open request past its due date once (a `request.sla_breached`
// webhook event, an audit record), and re-sends deliveries whose job was lost between a commit
// and its send. Scheduled every 15 minutes; running it twice notifies nobody twice.
import { configuredRequestTypes } from '../../workflows/request-types.js';
import { notifySlaBreaches } from '../../store/repo/requests.js';
import { strandedDeliveries } from '../../store/repo/webhooks.js';
import { payloadObject, type JobDefinition } from '../job.js';
import { webhookJob } from './webhook.js';

/** The default schedule: every 15 minutes. */
export const DEFAULT_SLA_CRON = '*/15 * * * *';

/** The sla-check job (no payload). */
export const SLA_CHECK: JobDefinition<Record<string, never>> = {
  name: 'sla-check',
  description: 'notify requests past their due date (once each) and re-send stranded webhook deliveries',
  policy: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 10 * 60 },
  parse(data) {
    payloadObject('sla-check', data ?? {});
    return {};
  },
  async handle(_payload, ctx) {
    const types = ctx.requestTypes ?? configuredRequestTypes();
    const breaches = await notifySlaBreaches(ctx.store, types);
    const stranded = await strandedDeliveries(ctx.store.db, 10 * 60_000);
    // Sent after the commit (ADR 0007: never inside a store transaction).
    for (const id of new Set([...breaches.deliveries, ...stranded])) await ctx.send(webhookJob(id));
    if (breaches.requests) ctx.log(`sla-check: ${breaches.requests} request(s) past due notified`);
    return { breached: breaches.requests, deliveries: breaches.deliveries.length, resent: stranded.length };
  },
};
