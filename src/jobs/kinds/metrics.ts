// The `metrics` job: portfolio counts for one day into `portfolio_metrics` (migration
// drizzle/0002_jobs.sql), so the dashboard and quarterly reports can chart trends. Counting the
// same day again replaces that day's values; scheduled daily by the worker. Afterwards it runs the
// store's upkeep (VACUUM ANALYZE on PGlite, which has no autovacuum; src/store/maintenance.ts).
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../store/engine.js';
import { maintainStore } from '../../store/maintenance.js';
import { optionalString, payloadObject, PayloadError, type JobDefinition } from '../job.js';

/** The metrics job's payload: the day to record (default today, UTC). */
export interface MetricsPayload {
  day?: string;
}

/** The default schedule: every day at 00:05 UTC. */
export const DEFAULT_METRICS_CRON = '5 0 * * *';

/**
 * Counts the portfolio now: projects (not retired), projects with a snapshot, distinct components
 * and component links in the latest snapshots, and findings by status, and open ones by severity.
 */
export async function portfolioCounts(exec: Executor): Promise<Record<string, number>> {
  const [p] = await rows<Record<string, string | number>>(
    exec,
    sql`SELECT
          count(*) FILTER (WHERE lifecycle <> 'retired') AS projects,
          count(*) FILTER (WHERE lifecycle <> 'retired' AND latest_snapshot_id IS NOT NULL) AS projects_scanned
        FROM projects`,
  );
  const [c] = await rows<Record<string, string | number>>(
    exec,
    sql`SELECT count(DISTINCT sc.component_id) AS components, count(*) AS component_links
        FROM projects p JOIN snapshot_components sc ON sc.snapshot_id = p.latest_snapshot_id
        WHERE p.lifecycle <> 'retired'`,
  );
  const findings = await rows<{ status: string; severity: string; n: string | number }>(
    exec,
    sql`SELECT f.status, f.severity, count(*) AS n FROM findings f JOIN projects p ON p.id = f.project_id
        WHERE p.lifecycle <> 'retired' GROUP BY 1, 2`,
  );
  const [a] = await rows<{ n: string | number }>(exec, sql`SELECT count(*) AS n FROM advisories`);
  const out: Record<string, number> = {
    projects: Number(p?.projects ?? 0),
    projects_scanned: Number(p?.projects_scanned ?? 0),
    components: Number(c?.components ?? 0),
    component_links: Number(c?.component_links ?? 0),
    advisories: Number(a?.n ?? 0),
    findings_open: 0,
    findings_suppressed: 0,
    findings_resolved: 0,
  };
  for (const sev of ['critical', 'high', 'medium', 'low', 'none', 'unknown']) out[`findings_open_${sev}`] = 0;
  for (const f of findings) {
    out[`findings_${f.status}`] = (out[`findings_${f.status}`] ?? 0) + Number(f.n);
    if (f.status === 'open') out[`findings_open_${f.severity}`] = (out[`findings_open_${f.severity}`] ?? 0) + Number(f.n);
  }
  return out;
}

/** The metrics job. */
export const METRICS: JobDefinition<MetricsPayload> = {
  name: 'metrics',
  description: 'record the day\'s portfolio counts (projects, components, findings by severity)',
  policy: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
  parse(data) {
    const obj = payloadObject('metrics', data ?? {});
    const day = optionalString('metrics', obj, 'day', 10);
    if (day !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))) {
      throw new PayloadError('metrics: "day" must be a date as YYYY-MM-DD');
    }
    return day ? { day } : {};
  },
  async handle(payload, ctx) {
    const day = payload.day ?? new Date().toISOString().slice(0, 10);
    // Counted and written in one transaction: the day's row set is one consistent picture.
    const counts = await ctx.store.transaction(async (tx) => {
      const values = await portfolioCounts(tx);
      const batch = JSON.stringify(Object.entries(values).map(([metric, value]) => ({ metric, value })));
      await tx.execute(sql`INSERT INTO portfolio_metrics (day, metric, value)
        SELECT ${day}::date, r.metric, r.value FROM json_to_recordset(${batch}::json) AS r(metric text, value bigint)
        ON CONFLICT (day, metric) DO UPDATE SET value = EXCLUDED.value, recorded_at = now()`);
      return values;
    });
    // After the commit: VACUUM cannot run inside a transaction.
    const maintenance = await maintainStore(ctx.store);
    if (maintenance.vacuumed) ctx.log(`metrics: VACUUM ANALYZE took ${maintenance.ms} ms`);
    return { day, counts, maintenance };
  },
};
