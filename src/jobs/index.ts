// Background jobs on pg-boss, on both store engines. Contract: `startWorker` runs every job kind
// in JOBS against one store (PostgreSQL: any number of workers on any number of machines, each
// job taken by exactly one; PGlite: in the one process that owns the data directory); a job kind
// is a JobDefinition (name, payload parser, handler, retry policy); handlers are idempotent, so a
// retry after a crash or an expiry repeats no committed work (ingests compare content hashes).
// See docs/adr/0007-jobs.md.
export { openQueue, pgliteQueueDb, QUEUE_SCHEMA } from './queue.js';
export type { JobQueue, OpenQueueOptions, QueueDb, QueueTiming } from './queue.js';
export { PayloadError } from './job.js';
export type { AnalyzeSnapshot, JobContext, JobDefinition, JobInfo, JobRequest, RefreshSettings, RetryPolicy, ScanSettings } from './job.js';
export { JOBS, jobByName } from './registry.js';
export { advisoriesOf, createQueues, startWorker } from './worker.js';
export type { Worker, WorkerOptions } from './worker.js';
export { diffGenerations } from './osv-changes.js';
export type { Generation, OsvChanges, PackageKey } from './osv-changes.js';
export { ingestJob, storeUpload, MAX_UPLOAD_BYTES, INGEST } from './kinds/ingest.js';
export type { IngestPayload, NewUpload } from './kinds/ingest.js';
export { checkGitRef, checkGitUrl, checkScanPath, cloneShallow, scanJob, SCAN } from './kinds/scan.js';
export type { ScanPayload } from './kinds/scan.js';
export { affectedSnapshots, rematchJob, REMATCH, MAX_REMATCH_PACKAGES } from './kinds/rematch.js';
export type { RematchPayload } from './kinds/rematch.js';
export { portfolioCounts, METRICS, DEFAULT_METRICS_CRON } from './kinds/metrics.js';
export type { MetricsPayload } from './kinds/metrics.js';
export { OSV_REFRESH, DEFAULT_REFRESH_CRON } from './kinds/osv-refresh.js';
export { WEBHOOK, webhookJob, WEBHOOK_TIMEOUT_MS } from './kinds/webhook.js';
export type { WebhookPayload } from './kinds/webhook.js';
export { SLA_CHECK, DEFAULT_SLA_CRON } from './kinds/sla-check.js';
