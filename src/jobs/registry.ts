// Every job kind, listed explicitly (no discovery): the worker registers a handler for each and
// the server creates their queues before it sends any.
import type { JobDefinition } from './job.js';
import { INGEST } from './kinds/ingest.js';
import { METRICS } from './kinds/metrics.js';
import { OSV_REFRESH } from './kinds/osv-refresh.js';
import { REMATCH } from './kinds/rematch.js';
import { SCAN } from './kinds/scan.js';
import { SLA_CHECK } from './kinds/sla-check.js';
import { WEBHOOK } from './kinds/webhook.js';

/** The job kinds Ospo runs, in the order `ospo worker --help` lists them. */
export const JOBS: readonly JobDefinition[] = [SCAN, INGEST, REMATCH, METRICS, OSV_REFRESH, WEBHOOK, SLA_CHECK];

/** Returns the job kind with this name, if any. */
export function jobByName(name: string): JobDefinition | undefined {
  return JOBS.find((j) => j.name === name);
}
