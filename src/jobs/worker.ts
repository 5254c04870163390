// A worker: pg-boss handlers for every job kind over one store, with graceful shutdown. Used by
// `ospo worker` (PostgreSQL: any number of them on any number of machines) and, on PGlite, by the
// server process itself (one process owns a PGlite data directory).
import { analyzeSnapshot } from '../analysis/snapshot.js';
import type { Store } from '../store/engine.js';
import { openDatabase, readManifest, type OsvDatabase } from '../vulns/osv/db.js';
import type { AdvisorySource } from '../vulns/source.js';
import type { AnalyzeSnapshot, JobContext, JobDefinition, JobRequest, RefreshSettings, ScanSettings } from './job.js';
import type { IngestOptions } from '../store/repo/ingest.js';
import { DEFAULT_METRICS_CRON } from './kinds/metrics.js';
import { DEFAULT_REFRESH_CRON } from './kinds/osv-refresh.js';
import { DEFAULT_SLA_CRON } from './kinds/sla-check.js';
import type { RequestTypes } from '../workflows/request-types.js';
import { openQueue, type JobQueue, type QueueTiming } from './queue.js';
import { JOBS } from './registry.js';

/** Options for {@link startWorker}. */
export interface WorkerOptions extends QueueTiming {
  store: Store;
  /** The PostgreSQL URL the store was opened with (pg-boss opens its own pool from it). */
  url?: string;
  /** Ospo's data directory on this machine (the OSV database). */
  dataDir: string;
  /** Jobs of each kind this worker runs at once (default 1). */
  concurrency?: number;
  /** Run handlers (default true); false gives a queue that only sends (a server on PostgreSQL with separate workers): no handlers, no schedules set, no cron ticks. */
  work?: boolean;
  /** Cron for the OSV refresh (default daily at 03:17 UTC); null removes the schedule. */
  refreshCron?: string | null;
  /** Cron for the metrics job (default daily at 00:05 UTC); null removes the schedule. */
  metricsCron?: string | null;
  /** Cron for the SLA check (default every 15 minutes); null removes the schedule. */
  slaCron?: string | null;
  /** Request types for the workflow jobs (default data/request-types.yaml). */
  requestTypes?: RequestTypes;
  /** Which job kinds (default all of JOBS). */
  jobs?: readonly JobDefinition[];
  analyze?: AnalyzeSnapshot;
  scan?: ScanSettings;
  refresh?: RefreshSettings;
  ingestOptions?: IngestOptions;
  log?: (message: string) => void;
  onError?: (err: Error) => void;
}

/** A running worker. */
export interface Worker {
  readonly queue: JobQueue;
  /** Sends a job; resolves to its id (null when a singleton key suppressed a duplicate). */
  send(request: JobRequest): Promise<string | null>;
  /** Stops taking jobs, waits up to `timeoutMs` for the running ones, releases the rest for retry, closes the queue (not the store). */
  stop(timeoutMs?: number): Promise<void>;
}

/** Creates (or updates) the queue of each job kind with its retry policy. */
export async function createQueues(queue: JobQueue, jobs: readonly JobDefinition[] = JOBS): Promise<void> {
  for (const job of jobs) {
    const policy = { name: job.name, policy: 'standard' as const, ...job.policy };
    await queue.boss.createQueue(job.name, policy);
    // createQueue keeps an existing queue's settings; a new release's policy must win.
    await queue.boss.updateQueue(job.name, policy);
  }
}

/** Returns a function giving this machine's OSV database, reopened when an update switched generations. */
export function advisoriesOf(dataDir: string, log: (m: string) => void): () => AdvisorySource | undefined {
  let open: OsvDatabase | undefined;
  let warned = false;
  return () => {
    let current: string | undefined;
    try {
      current = readManifest(dataDir)?.dir;
    } catch (err) {
      log(`the OSV database is damaged (${(err as Error).message}); analysing without advisories`);
      return undefined;
    }
    if (current === undefined) {
      if (!warned) log('no OSV database on this machine yet (run `ospo db update`); analysing without advisories');
      warned = true;
      return undefined;
    }
    if (open?.directory !== current) {
      open?.close();
      open = openDatabase(dataDir);
    }
    return open;
  };
}

/**
 * Starts a worker: opens the queue on the store's database, creates the job queues, sets the
 * OSV refresh and metrics schedules, and registers `concurrency` handlers per job kind.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const log = options.log ?? (() => {});
  const jobs = options.jobs ?? JOBS;
  const queue = await openQueue({
    store: options.store,
    ...(options.url ? { url: options.url } : {}),
    ...(options.pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    ...(options.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    ...(options.cronWorkerIntervalSeconds !== undefined ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds } : {}),
    // A send-only queue (a server beside separate workers) leaves the schedules to the workers:
    // it neither runs the cron ticks nor sets (or resets) the schedules they were given.
    ...(options.work === false ? { schedule: false } : {}),
    onError: options.onError ?? ((err) => log(`queue: ${err.message}`)),
  });
  try {
    await createQueues(queue, jobs);
    const send = (request: JobRequest) => queue.boss.send(request.name, request.data, request.options ?? {});
    const scheduling = options.work !== false;
    if (scheduling && jobs.some((j) => j.name === 'osv-refresh')) await setSchedule(queue, 'osv-refresh', options.refreshCron === undefined ? DEFAULT_REFRESH_CRON : options.refreshCron);
    if (scheduling && jobs.some((j) => j.name === 'metrics')) await setSchedule(queue, 'metrics', options.metricsCron === undefined ? DEFAULT_METRICS_CRON : options.metricsCron);
    if (scheduling && jobs.some((j) => j.name === 'sla-check')) await setSchedule(queue, 'sla-check', options.slaCron === undefined ? DEFAULT_SLA_CRON : options.slaCron);
    const ctx: JobContext = {
      store: options.store,
      dataDir: options.dataDir,
      send,
      analyze: options.analyze ?? analyzeSnapshot,
      advisories: advisoriesOf(options.dataDir, log),
      scan: options.scan ?? {},
      refresh: options.refresh ?? {},
      ...(options.ingestOptions ? { ingestOptions: options.ingestOptions } : {}),
      ...(options.requestTypes ? { requestTypes: options.requestTypes } : {}),
      log,
    };
    if (options.work !== false) {
      const concurrency = Math.max(1, options.concurrency ?? 1);
      for (const job of jobs) {
        for (let i = 0; i < concurrency; i++) {
          await queue.boss.work(
            job.name,
            { batchSize: 1, includeMetadata: true, ...(options.pollingIntervalSeconds !== undefined ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}) },
            async ([raw]) => {
              if (!raw) return undefined;
              const started = Date.now();
              log(`${job.name} ${raw.id}: started${raw.retryCount ? ` (retry ${raw.retryCount})` : ''}`);
              try {
                const result = await job.handle(job.parse(raw.data), ctx, { id: raw.id, retryCount: raw.retryCount });
                log(`${job.name} ${raw.id}: done in ${Date.now() - started} ms`);
                return result ?? undefined;
              } catch (err) {
                log(`${job.name} ${raw.id}: failed: ${(err as Error).message}`);
                throw err;
              }
            },
          );
        }
      }
    }
    return { queue, send, stop: (timeoutMs) => queue.stop(timeoutMs) };
  } catch (err) {
    await queue.stop(1000).catch(() => {});
    throw err;
  }
}

/** Sets or removes a job's cron schedule (pg-boss keeps one schedule per queue name; every worker may set it). */
async function setSchedule(queue: JobQueue, name: string, cron: string | null): Promise<void> {
  if (cron === null || cron === '' || cron === 'off') await queue.boss.unschedule(name);
  else await queue.boss.schedule(name, cron, {}, { tz: 'UTC' });
}
