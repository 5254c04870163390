import type { Command } from 'commander';
import { dataDir } from '../../config/data-dir.js';
import { UsageError } from '../../model/errors.js';
import type { AnalyzeSnapshot } from '../../jobs/job.js';
import type { CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';

interface WorkerFlags {
  database?: string;
  dataDir?: string;
  concurrency: string;
  osvRefreshCron?: string;
  metricsCron?: string;
  scanRoot?: string[];
  mirror?: string;
  shutdownTimeout: string;
  policy?: string;
}

function positiveInt(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max} (got "${value}")`);
  return n;
}

/** `ospo worker`: runs background jobs (scan, ingest, rematch, metrics, OSV refresh) until SIGTERM or SIGINT. */
export function registerWorker(root: Command, { io, state }: CommandContext): void {
  root
    .command('worker')
    .description('run background jobs (scans, SBOM ingests, re-matching after OSV updates, metrics, the scheduled OSV refresh, webhook deliveries, SLA checks)')
    .option('--database <url>', 'PostgreSQL to share with the server and other workers (default: OSPO_DATABASE_URL, else the embedded database in the data directory)')
    .option('--data-dir <dir>', 'where Ospo keeps its data on this machine, including the OSV database (default: OSPO_DATA_DIR, else ~/.ospo)')
    .option('--concurrency <n>', 'jobs of each kind this worker runs at once', '1')
    .option('--osv-refresh-cron <cron>', 'when to refresh the OSV database, as a UTC cron expression, or "off" (default: OSPO_OSV_REFRESH_CRON, else "17 3 * * *")')
    .option('--metrics-cron <cron>', 'when to record the day\'s portfolio metrics, or "off" (default "5 0 * * *")')
    .option('--scan-root <dir...>', 'directories server-side path scans may read (default: any path)')
    .option('--mirror <url>', 'base URL of the OSV data dumps for the refresh (default: OSPO_OSV_MIRROR, else the official one)')
    .option('--policy <file>', 'the policy ingests and scans are evaluated against (license and policy findings), as the server\'s --policy')
    .option('--shutdown-timeout <seconds>', 'on SIGTERM, how long to let running jobs finish before releasing them for retry', '30')
    .addHelpText(
      'after',
      `
Jobs are kept in PostgreSQL (pg-boss, schema "pgboss"); each job goes to exactly one worker, so
run as many workers on as many machines as you like against one --database. A worker that dies
(kill -9, a lost machine) leaves its job active; it is retried by another worker when it
expires. On SIGTERM or SIGINT a worker stops taking jobs, lets running ones finish for
--shutdown-timeout seconds, then releases the rest for retry.

With the embedded database (no --database), only one process may open the data directory:
there, \`ospo serve\` runs the jobs itself and \`ospo worker\` is for a data directory no server uses.

The OSV database lives in each machine's data directory: the scheduled refresh updates the
machine that takes the job, and a worker whose database is older than the change it is asked
to re-match updates its own first.

Examples:
  ospo worker --database postgres://ospo@db/ospo                 one worker
  ospo worker --database postgres://ospo@db/ospo --concurrency 4  four jobs of each kind at once
  ospo worker --database $DB --osv-refresh-cron "0 */6 * * *"     refresh OSV data every six hours
  ospo worker --database $DB --scan-root /srv/checkouts            path scans only under /srv/checkouts`,
    )
    .action(async (opts: WorkerFlags) => {
      const concurrency = positiveInt('--concurrency', opts.concurrency, 64);
      const shutdownSeconds = positiveInt('--shutdown-timeout', opts.shutdownTimeout, 24 * 3600);
      const url = opts.database ?? io.env.OSPO_DATABASE_URL;
      const dir = dataDir(opts.dataDir, io.env);
      const cron = (value: string | undefined): string | null | undefined => (value === undefined ? undefined : value === 'off' ? null : value);
      const refreshCron = cron(opts.osvRefreshCron ?? io.env.OSPO_OSV_REFRESH_CRON);
      const metricsCron = cron(opts.metricsCron);
      const mirror = opts.mirror ?? io.env.OSPO_OSV_MIRROR;
      const log = (m: string) => io.stderr.write(`${new Date().toISOString()} ${m}\n`);
      let analyze: AnalyzeSnapshot | undefined;
      if (opts.policy) {
        const [{ readPolicyFlag }, { analyzeSnapshot }] = await Promise.all([import('./check.js'), import('../../analysis/snapshot.js')]);
        const policy = readPolicyFlag(io, opts.policy);
        if (typeof policy === 'number') {
          state.code = policy;
          return;
        }
        analyze = (s, id, o) => analyzeSnapshot(s, id, { ...o, policy });
      }

      // Loaded here, so other commands never load the store's drivers or pg-boss.
      const { openStore } = await import('../../store/engine.js');
      const { startWorker } = await import('../../jobs/worker.js');
      const store = await openStore({ ...(url ? { url } : {}), dataDir: dir });
      let worker;
      try {
        worker = await startWorker({
          store,
          ...(url ? { url } : {}),
          dataDir: dir,
          concurrency,
          ...(refreshCron !== undefined ? { refreshCron } : {}),
          ...(metricsCron !== undefined ? { metricsCron } : {}),
          scan: opts.scanRoot ? { roots: opts.scanRoot } : {},
          ...(analyze ? { analyze } : {}),
          refresh: mirror ? { mirror } : {},
          log,
        });
      } catch (err) {
        await store.close();
        // pg-boss rejects a malformed cron expression when it is scheduled.
        if (/cron/i.test((err as Error).message)) throw new UsageError(`--osv-refresh-cron / --metrics-cron: ${(err as Error).message}`);
        throw err;
      }
      log(`worker ready on ${store.location} (${concurrency} job(s) of each kind at once); stop with Ctrl-C or SIGTERM`);
      let off = () => {};
      const signal = await new Promise<string>((resolve) => {
        const term = () => resolve('SIGTERM');
        const int = () => resolve('SIGINT');
        process.once('SIGTERM', term);
        process.once('SIGINT', int);
        off = () => {
          process.off('SIGTERM', term);
          process.off('SIGINT', int);
        };
      });
      // Remove whichever listener did not fire, so a second press of Ctrl-C kills as usual.
      off();
      log(`${signal}: finishing running jobs (up to ${shutdownSeconds} s), then stopping`);
      try {
        await worker.stop(shutdownSeconds * 1000);
      } finally {
        await store.close();
      }
      log('worker stopped');
      state.code = EXIT.ok;
    });
}
