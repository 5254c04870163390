// Test support for jobs: waiting for a job to settle, and fast queue timings.
import type { JobQueue } from './queue.js';

/** Queue timings for tests: poll twice a second, maintenance (expiry) every second. */
export const FAST = { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 } as const;

/** A job's state as pg-boss reports it. */
export interface JobState {
  state: string;
  retryCount: number;
  output: unknown;
}

/** Polls until the job is completed, failed or cancelled (or `timeoutMs` passes) and returns its state. */
export async function waitForJob(queue: JobQueue, name: string, id: string, timeoutMs = 60_000): Promise<JobState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.boss.getJobById(name, id, { includeArchive: true });
    if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) {
      return { state: job.state, retryCount: job.retryCount, output: (job as unknown as { output: unknown }).output };
    }
    if (Date.now() > deadline) throw new Error(`job ${name} ${id} still ${job?.state ?? 'missing'} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
