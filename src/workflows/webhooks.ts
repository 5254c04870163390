// Webhook payloads and signatures. An event is delivered as generic JSON, as a Slack message
// (incoming webhooks: `text` plus mrkdwn blocks) or as a Microsoft Teams message (an Adaptive
// Card attachment, which both Teams workflows and the older incoming-webhook connectors accept).
// Every body is signed: `X-Ospo-Signature-256: sha256=<hex HMAC-SHA256 of the body with the
// webhook's secret>`, as GitHub signs its webhooks, so a receiver can check who sent it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../store/schema.js';

/** An event a webhook can subscribe to. */
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** A payload shape. */
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The header carrying the signature. */
export const SIGNATURE_HEADER = 'x-ospo-signature-256';

/** Why a webhook URL is refused, or undefined when it is acceptable: http(s) only, no credentials, at most 2,000 characters. */
export function webhookUrlProblem(url: string): string | undefined {
  if (url.length > 2000) return 'must be at most 2,000 characters';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `must be an http or https URL (not ${u.protocol.replace(/:$/, '')})`;
  if (u.username || u.password) return 'must not carry a user name or password (use the signature secret to authenticate)';
  return undefined;
}

/** Returns the signature header value of a body. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks a signature header against a body, in constant time (for receivers and tests). */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const want = Buffer.from(signBody(secret, body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

interface EventRequest {
  id?: string;
  number?: number;
  type?: string;
  typeTitle?: string;
  title?: string;
  state?: string;
  requester?: string;
  dueAt?: string | null;
}

const HEADLINES: Record<WebhookEvent, (r: EventRequest, d?: { outcome?: string }) => string> = {
  'request.submitted': (r) => `New ${r.typeTitle ?? r.type} request #${r.number}: ${r.title}`,
  'request.decided': (r, d) => `Request #${r.number} ${d?.outcome ?? r.state}: ${r.title}`,
  'request.sla_breached': (r) => `Request #${r.number} is past its due date: ${r.title}`,
};

/** Builds the body of one delivery in a webhook's format. `link` is where the request can be seen, when the server knows its public URL. */
export function webhookBody(format: WebhookFormat, event: WebhookEvent, deliveryId: string, occurredAt: Date, data: Record<string, unknown>, link?: string): string {
  const r = (data.request ?? {}) as EventRequest;
  const decision = data.decision as { outcome?: string; rationale?: string; clauses?: string[] } | undefined;
  if (format === 'json') return JSON.stringify({ event, deliveryId, occurredAt: occurredAt.toISOString(), ...data });
  const headline = HEADLINES[event](r, decision);
  const facts: [string, string][] = [
    ['Type', r.typeTitle ?? r.type ?? ''],
    ['State', r.state ?? ''],
    ['Requester', r.requester ?? ''],
    ...(r.dueAt ? [['Due', r.dueAt.slice(0, 10)] as [string, string]] : []),
    ...(decision?.rationale ? [['Rationale', decision.rationale] as [string, string]] : []),
    ...(decision?.clauses?.length ? [['Policy clauses', decision.clauses.join(', ')] as [string, string]] : []),
  ];
  if (format === 'slack') {
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const text = `${esc(headline)}${link ? ` (<${link}|open>)` : ''}`;
    return JSON.stringify({
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } },
        { type: 'section', fields: facts.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${esc(k)}*\n${esc(v).slice(0, 1900)}` })) },
      ],
    });
  }
  return JSON.stringify({
    type: 'message',
    summary: headline,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: headline },
            { type: 'FactSet', facts: facts.map(([title, value]) => ({ title, value })) },
          ],
          ...(link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open', url: link }] } : {}),
        },
      },
    ],
  });
}
