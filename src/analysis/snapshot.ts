import { sql } from 'drizzle-orm';
import { classify as classifyLicense } from '../licenses/classification.js';
import type { Finding, Suppression } from '../model/finding.js';
import { evaluatePolicy, type DistributionModel, type Policy } from '../policy/index.js';
import { appendAudit, rows, type Store, type Tx } from '../store/index.js';
import { matchComponents, type AdvisorySource } from '../vulns/index.js';
import { loadSnapshotInventory } from './snapshot-inventory.js';
import { listAllowlist } from '../store/repo/decisions.js';
import { withAllowlist } from '../workflows/allowlist.js';

/** What to analyse a snapshot with. */
export interface AnalyzeOptions {
  /** Advisories to match components against; no vulnerability findings without them. */
  advisories?: AdvisorySource;
  /** A policy (src/policy) for license and policy findings; none without it. */
  policy?: Policy;
  /** Who runs the analysis, for the audit log. Default `system`. */
  actor?: string;
  /**
   * Whether to append a `findings.analyze` audit record (default true). The snapshot upload
   * route passes false: its one audit record is the snapshot's, and the findings are derived
   * from that snapshot and the advisories.
   */
  audit?: boolean;
  /** Today, for waiver expiry (default now). */
  now?: Date;
}

/** What {@link analyzeSnapshot} did. */
export interface AnalyzeResult {
  snapshotId: number;
  projectId: string;
  /** Findings the snapshot has now, by kind and status. */
  counts: { total: number; open: number; suppressed: number; resolved: number; byKind: Record<string, number>; bySeverity: Record<string, number> };
  /** Findings of the project that the snapshot no longer has (now status `resolved`). */
  gone: number;
  /** Whether the snapshot is the project's latest (only then are missing findings resolved). */
  latest: boolean;
}

// A project's distribution (store vocabulary) as the policy names it.
const DISTRIBUTION: Record<string, DistributionModel> = {
  internal: 'internal',
  saas: 'network-service',
  distributed: 'distributed-binary',
  'open-source': 'library',
};

// Triage states that take a finding out of the open list (CycloneDX VEX analysis.state).
const SUPPRESSING = new Set(['not_affected', 'false_positive']);
const RESOLVING = new Set(['resolved', 'resolved_with_pedigree']);

/** The status a finding has from its triage and suppression. */
export function findingStatus(analysisState: string | null, suppressed: boolean): 'open' | 'suppressed' | 'resolved' {
  if (analysisState !== null && RESOLVING.has(analysisState)) return 'resolved';
  if ((analysisState !== null && SUPPRESSING.has(analysisState)) || suppressed) return 'suppressed';
  return 'open';
}

interface WaiverRow {
  id: string;
  rule_id: string;
  component_purl: string | null;
  reason: string;
  comment: string | null;
  owner: string;
  expires_at: string | Date | null;
}

/** Returns the waiver that covers a finding: same rule (or advisory) id, purl prefix if any, not expired. */
function waiverFor(f: Finding, purl: string | null, waivers: WaiverRow[], now: Date): WaiverRow | undefined {
  return waivers.find(
    (w) =>
      w.rule_id === f.ruleId &&
      (w.component_purl === null || (purl !== null && purl.startsWith(w.component_purl))) &&
      (w.expires_at === null || new Date(w.expires_at) > now),
  );
}

/**
 * Analyses a stored snapshot: matches its components against `advisories` (vulnerability
 * findings) and evaluates `policy` (license and policy findings), then writes the project's
 * findings in one transaction. Findings are keyed per project by the model's stable Finding.id,
 * so a finding that persists from an earlier snapshot keeps its row, first-seen time, first
 * snapshot and triage (VEX state, justification, detail); findings this snapshot raised before
 * and no longer raises are removed; when the snapshot is the project's latest, the project's
 * other findings it does not raise are marked `resolved` (history kept, triage kept). Waivers in
 * the store suppress the findings they cover.
 */
export async function analyzeSnapshot(store: Store, snapshotId: number, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const now = options.now ?? new Date();
  const { projectId, inventory, componentIds } = await loadSnapshotInventory(store.db, snapshotId);
  const [project] = await rows<{ distribution: string; team_id: string; latest_snapshot_id: string | number | null }>(
    store.db,
    sql`SELECT distribution, team_id, latest_snapshot_id FROM projects WHERE id = ${projectId}`,
  );
  const found: Finding[] = [];
  const vulns = options.advisories ? matchComponents(inventory, options.advisories).findings : [];
  found.push(...vulns);
  if (options.policy) {
    // Components approved by adoption decisions are allowed ahead of the policy's own package rules.
    const policy = withAllowlist(options.policy, await listAllowlist(store.db, now));
    const result = evaluatePolicy(
      policy,
      { inventory, findings: vulns },
      {
        classify: (e) => classifyLicense(e).category,
        now,
        ...(project && DISTRIBUTION[project.distribution] ? { distribution: DISTRIBUTION[project.distribution] } : {}),
      },
    );
    // Waiver reports (expired or unused policy-file waivers) are about the policy, not a component.
    found.push(...result.findings.filter((f) => f.componentId !== undefined));
  }
  const purlOf = new Map(inventory.components.map((c) => [c.id, c.purl]));

  return store.transaction(async (tx) => {
    // Serialise with ingests and other analyses of this project.
    const [locked] = await rows<{ latest_snapshot_id: string | number | null }>(
      tx,
      sql`SELECT latest_snapshot_id FROM projects WHERE id = ${projectId} FOR UPDATE`,
    );
    const latest = locked !== undefined && Number(locked.latest_snapshot_id) === snapshotId;
    const waivers = await rows<WaiverRow>(
      tx,
      sql`SELECT id, rule_id, component_purl, reason, comment, owner, expires_at FROM waivers
          WHERE revoked_at IS NULL
            AND (project_id = ${projectId} OR (project_id IS NULL AND (team_id IS NULL OR team_id = ${project?.team_id ?? null})))`,
    );
    const records = found.map((f) => {
      const purl = f.componentId !== undefined ? (purlOf.get(f.componentId) ?? null) : null;
      let suppression: Suppression | undefined = f.suppression;
      const w = suppression ? undefined : waiverFor(f, purl, waivers, now);
      if (w) {
        suppression = {
          kind: 'waiver',
          reason: w.reason,
          owner: w.owner,
          source: `waiver:${w.id}`,
          ...(w.comment ? { detail: w.comment } : {}),
          ...(w.expires_at ? { expires: new Date(w.expires_at).toISOString() } : {}),
        };
      }
      return {
        key: f.id,
        kind: f.kind,
        rule_id: f.ruleId,
        component_id: f.componentId !== undefined ? (componentIds.get(f.componentId) ?? null) : null,
        severity: f.severity,
        suppression: suppression ?? null,
        title: f.title,
        message: f.message,
        details: { ...(f.details ?? {}), ...(f.howToFix ? { howToFix: f.howToFix } : {}), purl, locations: f.locations },
      };
    });
    await writeFindings(tx, projectId, snapshotId, records, latest);
    const gone = latest
      ? await rows<{ n: string | number }>(
          tx,
          sql`WITH gone AS (
                UPDATE findings SET status = 'resolved', updated_at = now(),
                  details = coalesce(details, '{}'::jsonb) || jsonb_build_object('resolvedBySnapshot', ${snapshotId}::bigint)
                WHERE project_id = ${projectId} AND status <> 'resolved'
                  AND (snapshot_id IS NULL OR snapshot_id <> ${snapshotId})
                RETURNING 1)
              SELECT count(*) AS n FROM gone`,
        )
      : [{ n: 0 }];
    const counts = await countFindings(tx, projectId, snapshotId);
    if (options.audit !== false) {
      await appendAudit(tx, {
        actor: options.actor ?? 'system',
        action: 'findings.analyze',
        target: `project:${projectId}`,
        details: { snapshotId, findings: counts.total, open: counts.open, gone: Number(gone[0]?.n ?? 0) },
      });
    }
    return { snapshotId, projectId, counts, gone: Number(gone[0]?.n ?? 0), latest };
  });
}

type FindingRecord = {
  key: string;
  kind: string;
  rule_id: string;
  component_id: number | null;
  severity: string;
  suppression: Suppression | null;
  title: string;
  message: string;
  details: Record<string, unknown>;
};

/**
 * Replaces the snapshot's findings: deletes those it raised before and no longer raises, then
 * upserts the rest by (project, key) as one JSON parameter. An existing row keeps its id,
 * triage, first-seen time and first snapshot; its status follows its triage and suppression.
 */
async function writeFindings(tx: Tx, projectId: string, snapshotId: number, records: FindingRecord[], latest: boolean): Promise<void> {
  const keys = JSON.stringify(records.map((r) => r.key));
  await tx.execute(sql`DELETE FROM findings WHERE project_id = ${projectId} AND snapshot_id = ${snapshotId}
    AND key NOT IN (SELECT value FROM json_array_elements_text(${keys}::json))
    AND analysis_state IS NULL`);
  // A triaged finding the snapshot no longer raises is kept (resolved), so its triage survives.
  await tx.execute(sql`UPDATE findings SET status = 'resolved', updated_at = now()
    WHERE project_id = ${projectId} AND snapshot_id = ${snapshotId}
    AND key NOT IN (SELECT value FROM json_array_elements_text(${keys}::json))`);
  for (let start = 0; start < records.length; start += 2000) {
    const batch = JSON.stringify(records.slice(start, start + 2000));
    // An older snapshot analysed after a newer one must not take a finding over.
    const takeOver = latest ? sql`true` : sql`findings.snapshot_id IS NULL OR findings.snapshot_id <= ${snapshotId}`;
    await tx.execute(sql`INSERT INTO findings (key, kind, rule_id, project_id, snapshot_id, component_id, severity, status,
        suppression, title, message, details)
      SELECT r.key, r.kind, r.rule_id, ${projectId}, ${snapshotId}, r.component_id, r.severity,
        CASE WHEN r.suppression IS NULL THEN 'open' ELSE 'suppressed' END,
        r.suppression, r.title, r.message, r.details || jsonb_build_object('firstSnapshotId', ${snapshotId}::bigint)
      FROM json_to_recordset(${batch}::json) AS r(key text, kind text, rule_id text, component_id bigint, severity text,
        suppression jsonb, title text, message text, details jsonb)
      ON CONFLICT (project_id, key) DO UPDATE SET
        snapshot_id = EXCLUDED.snapshot_id,
        component_id = EXCLUDED.component_id,
        severity = EXCLUDED.severity,
        suppression = EXCLUDED.suppression,
        title = EXCLUDED.title,
        message = EXCLUDED.message,
        details = EXCLUDED.details || jsonb_build_object('firstSnapshotId',
          coalesce(findings.details->'firstSnapshotId', to_jsonb(EXCLUDED.snapshot_id))),
        status = CASE
          WHEN findings.analysis_state IN ('resolved', 'resolved_with_pedigree') THEN 'resolved'
          WHEN findings.analysis_state IN ('not_affected', 'false_positive') OR EXCLUDED.suppression IS NOT NULL THEN 'suppressed'
          ELSE 'open' END,
        last_seen_at = now(),
        updated_at = now()
      WHERE ${takeOver}`);
  }
}

async function countFindings(tx: Tx, projectId: string, snapshotId: number): Promise<AnalyzeResult['counts']> {
  const found = await rows<{ kind: string; severity: string; status: string; n: string | number }>(
    tx,
    sql`SELECT kind, severity, status, count(*) AS n FROM findings
        WHERE project_id = ${projectId} AND snapshot_id = ${snapshotId} GROUP BY kind, severity, status`,
  );
  const counts: AnalyzeResult['counts'] = { total: 0, open: 0, suppressed: 0, resolved: 0, byKind: {}, bySeverity: {} };
  for (const r of found) {
    const n = Number(r.n);
    counts.total += n;
    if (r.status === 'open' || r.status === 'suppressed' || r.status === 'resolved') counts[r.status] += n;
    counts.byKind[r.kind] = (counts.byKind[r.kind] ?? 0) + n;
    if (r.status === 'open') counts.bySeverity[r.severity] = (counts.bySeverity[r.severity] ?? 0) + n;
  }
  return counts;
}
