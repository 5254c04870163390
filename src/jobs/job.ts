// What a job is: a name, a payload checked on the way in and out of the queue, a handler, and a
// retry policy. Each job lives in its own module under kinds/ and is listed in registry.ts.
import type { IngestOptions } from '../store/repo/ingest.js';
import type { RequestTypes } from '../workflows/request-types.js';
import type { Store } from '../store/engine.js';
import type { AdvisorySource } from '../vulns/source.js';

/** How pg-boss retries and expires a job (queue-level defaults; `send` may override). */
export interface RetryPolicy {
  /** Attempts after the first one (default pg-boss 2). */
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Double the delay on each retry (with jitter). */
  retryBackoff: boolean;
  /**
   * Seconds a job may stay active. A worker killed mid-job (kill -9, a lost machine) leaves its
   * job active; after this long maintenance hands it to another worker (or fails it when no
   * retries are left). Set it well above the job's longest honest run.
   */
  expireInSeconds: number;
}

/** Re-analyses a snapshot (src/analysis/snapshot.ts: `analyzeSnapshot(store, snapshotId, { advisories })`). */
export type AnalyzeSnapshot = (store: Store, snapshotId: number, options: { advisories?: AdvisorySource }) => Promise<unknown>;

/** A job to send: its name and payload (built by the job modules' `…Job()` helpers). */
export interface JobRequest {
  name: string;
  data: object;
  /** pg-boss send options: singletonKey, startAfter, priority, retry overrides. */
  options?: { singletonKey?: string; startAfter?: number | string | Date; priority?: number; expireInSeconds?: number; retryLimit?: number; retryDelay?: number };
}

/** Settings of the server-side scan job. */
export interface ScanSettings {
  /** Directories a path scan may read (resolved, symlinks followed); undefined allows any path. */
  roots?: string[];
  /** git clone time limit in milliseconds (default 5 minutes). */
  cloneTimeoutMs?: number;
  /** URL schemes git may clone from (default https, ssh, git). `file` is for tests. */
  protocols?: string[];
  /** Where clones go (default the OS temp directory). */
  tmpDir?: string;
}

/** Settings of the OSV refresh: forwarded to `updateDatabase`. */
export interface RefreshSettings {
  mirror?: string;
  ecosystems?: string[];
  fetch?: typeof fetch;
  idleTimeoutMs?: number;
}

/** What a handler gets besides its payload. */
export interface JobContext {
  store: Store;
  /** Ospo's data directory on this machine: the OSV database lives in `<dataDir>/osv`. */
  dataDir: string;
  /** Sends follow-up jobs (never call it inside a store transaction: see queue.ts). */
  send(request: JobRequest): Promise<string | null>;
  /** Runs the analyzers over a snapshot and writes its findings. */
  analyze: AnalyzeSnapshot;
  /** The OSV database of this machine (reopened when a refresh switched generations); undefined before the first `ospo db update`. */
  advisories(): AdvisorySource | undefined;
  scan: ScanSettings;
  refresh: RefreshSettings;
  /** Passed to every ingestSnapshot (batch size, progress). */
  ingestOptions?: IngestOptions;
  /** One line of progress or warning, for the worker's log. */
  log(message: string): void;
  /** Request types for workflow jobs (default data/request-types.yaml). */
  requestTypes?: RequestTypes;
}

/** The job as the handler sees it. */
export interface JobInfo {
  id: string;
  /** How many times it was tried before (0 on the first run), when pg-boss says. */
  retryCount?: number;
}

/** One kind of job. */
export interface JobDefinition<P extends object = object> {
  /** The pg-boss queue name (kebab-case). */
  name: string;
  /** One line for `ospo worker --help` and logs. */
  description: string;
  policy: RetryPolicy;
  /** Checks a payload (from the queue, so from anyone who could send): returns it typed or throws a PayloadError. */
  parse(data: unknown): P;
  /** Does the work; a throw fails this attempt (retried per `policy`); the resolved value is kept as the job's output. */
  handle(payload: P, ctx: JobContext, job: JobInfo): Promise<object | void>;
}

/** A payload that does not have the job's shape (retries fail the same way, quickly, and the job ends failed with this message). */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** Returns `data` as a plain object or throws a PayloadError naming the job. */
export function payloadObject(job: string, data: unknown): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new PayloadError(`${job}: the payload must be an object`);
  return data as Record<string, unknown>;
}

/** Reads a required string field. */
export function stringField(job: string, obj: Record<string, unknown>, key: string, max = 4096): string {
  const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new PayloadError(`${job}: "${key}" must be a non-empty string of at most ${max} characters`);
  return v;
}

/** Reads an optional string field. */
export function optionalString(job: string, obj: Record<string, unknown>, key: string, max = 4096): string | undefined {
  if (!Object.hasOwn(obj, key) || obj[key] === undefined || obj[key] === null) return undefined;
  return stringField(job, obj, key, max);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a required uuid field. */
export function uuidField(job: string, obj: Record<string, unknown>, key: string): string {
  const v = stringField(job, obj, key, 36);
  if (!UUID.test(v)) throw new PayloadError(`${job}: "${key}" must be a uuid`);
  return v.toLowerCase();
}
