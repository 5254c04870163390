// The `osv-refresh` job: runs on a pg-boss cron schedule (one job per tick whichever worker
// takes it), updates this machine's OSV database incrementally (`updateDatabase`), and enqueues
// one `rematch` for the packages whose advisories changed.
import { readManifest } from '../../vulns/osv/db.js';
import { updateDatabase } from '../../vulns/osv/download.js';
import { payloadObject, type JobDefinition } from '../job.js';
import { diffGenerations, type Generation } from '../osv-changes.js';
import { rematchJob } from './rematch.js';

/** The default schedule: every day at 03:17 UTC (off the hour, where everyone else's cron lands). */
export const DEFAULT_REFRESH_CRON = '17 3 * * *';

/** The OSV refresh job (no payload). */
export const OSV_REFRESH: JobDefinition<Record<string, never>> = {
  name: 'osv-refresh',
  description: 'update the OSV database, then re-analyse what the changed advisories affect',
  policy: { retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 3 * 3600 },
  parse(data) {
    payloadObject('osv-refresh', data ?? {});
    return {};
  },
  async handle(_payload, ctx) {
    let before: Generation | undefined;
    try {
      before = readManifest(ctx.dataDir);
    } catch {
      before = undefined; // damaged: the update replaces it, and everything is rematched
    }
    const report = await updateDatabase(ctx.dataDir, { ...ctx.refresh, onWarning: (m) => ctx.log(`osv-refresh: ${m}`) });
    const after: Generation = { dir: report.directory, manifest: report.manifest };
    const changes = report.updated.length === 0 && before ? { full: false, advisoryIds: [], packages: [] } : diffGenerations(before, after);
    let rematch: string | null = null;
    if (changes.full || changes.packages.length > 0) rematch = await ctx.send(rematchJob(changes, report.manifest.created));
    ctx.log(`osv-refresh: ${report.updated.length} ecosystem(s) updated, ${changes.advisoryIds.length} advisory(ies) and ${changes.packages.length} package(s) changed${changes.full ? ' (first import: full rematch)' : ''}`);
    return {
      updated: report.updated,
      unchanged: report.unchanged,
      advisoryIds: changes.advisoryIds.slice(0, 1000),
      changedAdvisories: changes.advisoryIds.length,
      changedPackages: changes.packages.length,
      full: changes.full,
      rematchJobId: rematch,
    };
  },
};
