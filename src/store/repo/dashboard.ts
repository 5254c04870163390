// Read models for the web dashboard: one query per view instead of many calls from the browser
// (the portfolio summary with trends, a snapshot's components and edges, one package across the
// portfolio, the advisories that affect it).
import { sql } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';
import { uuidIn } from './sql-filters.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none', 'unknown'] as const;
const num = (v: string | number | null | undefined) => (v === null || v === undefined ? 0 : Number(v));
const iso = (v: string | Date) => (v instanceof Date ? v : new Date(v)).toISOString();
const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** One project's line in the portfolio summary. */
export interface ProjectSummary {
  id: string;
  name: string;
  teamId: string;
  latestSnapshotId: number | null;
  snapshotAt: string | null;
  components: number;
  /** Open vulnerability findings by severity. */
  vulnerabilities: Record<string, number>;
  /** Open license and policy findings. */
  policyFindings: number;
  /** No open license or policy finding at high or critical (the gate of GET /projects/{id}/policy). */
  compliant: boolean;
}

/** One point of the portfolio trend: the totals over every project's latest snapshot at that time. */
export interface TrendPoint {
  at: string;
  snapshotId: number;
  projectId: string;
  components: number;
  vulnerabilities: number;
  policyFindings: number;
}

/** The portfolio overview. */
export interface PortfolioSummary {
  projects: ProjectSummary[];
  /** Projects with a snapshot. */
  scanned: number;
  /** Share of scanned projects that are compliant, 0..1 (null with none scanned). */
  complianceRate: number | null;
  openVulnerabilities: Record<string, number>;
  trend: TrendPoint[];
}

/** Most points a trend carries; longer histories keep the last point of each equal slice. */
export const TREND_POINTS = 200;

/**
 * Returns the overview of the projects in `teamIds` (undefined: all) that are not retired: each
 * project's latest snapshot and open findings, the compliance rate, open vulnerabilities by
 * severity, and the trend over every snapshot (a finding counts in the snapshots from its first
 * to its last raising one).
 */
export async function portfolioSummary(store: Store, options: { teamIds?: string[] } = {}): Promise<PortfolioSummary> {
  const empty = { projects: [], scanned: 0, complianceRate: null, openVulnerabilities: Object.fromEntries(SEVERITIES.map((s) => [s, 0])), trend: [] };
  if (options.teamIds?.length === 0) return empty;
  const teamCond = options.teamIds ? sql`AND ${uuidIn(sql`p.team_id`, options.teamIds)}` : sql``;
  const projects = await rows<{ id: string; name: string; team_id: string; latest_snapshot_id: string | number | null; component_count: number | null; created_at: string | Date | null }>(
    store.db,
    sql`SELECT p.id, p.name, p.team_id, p.latest_snapshot_id, s.component_count, s.created_at
        FROM projects p LEFT JOIN snapshots s ON s.id = p.latest_snapshot_id
        WHERE p.lifecycle <> 'retired' ${teamCond} ORDER BY p.name, p.id`,
  );
  const counts = await rows<{ project_id: string; kind: string; severity: string; n: string | number }>(
    store.db,
    sql`SELECT f.project_id, f.kind, f.severity, count(*) AS n FROM findings f JOIN projects p ON p.id = f.project_id
        WHERE f.status = 'open' AND p.lifecycle <> 'retired' ${teamCond} GROUP BY 1, 2, 3`,
  );
  const byProject = new Map<string, ProjectSummary>();
  const openVulnerabilities: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const p of projects) {
    byProject.set(p.id, {
      id: p.id,
      name: p.name,
      teamId: p.team_id,
      latestSnapshotId: p.latest_snapshot_id === null ? null : Number(p.latest_snapshot_id),
      snapshotAt: p.created_at ? iso(p.created_at) : null,
      components: num(p.component_count),
      vulnerabilities: Object.fromEntries(SEVERITIES.map((s) => [s, 0])),
      policyFindings: 0,
      compliant: p.latest_snapshot_id !== null,
    });
  }
  for (const c of counts) {
    const p = byProject.get(c.project_id);
    if (!p) continue;
    const n = num(c.n);
    if (c.kind === 'vulnerability') {
      p.vulnerabilities[c.severity] = (p.vulnerabilities[c.severity] ?? 0) + n;
      openVulnerabilities[c.severity] = (openVulnerabilities[c.severity] ?? 0) + n;
    } else {
      p.policyFindings += n;
      if (c.severity === 'critical' || c.severity === 'high') p.compliant = false;
    }
  }
  const list = [...byProject.values()];
  const scanned = list.filter((p) => p.latestSnapshotId !== null).length;
  const compliant = list.filter((p) => p.compliant).length;
  return { projects: list, scanned, complianceRate: scanned ? compliant / scanned : null, openVulnerabilities, trend: await trend(store, teamCond) };
}

async function trend(store: Store, teamCond: ReturnType<typeof sql>): Promise<TrendPoint[]> {
  // Findings are counted per snapshot in SQL; the running totals over projects are summed here.
  const snaps = await rows<{ id: string | number; project_id: string; created_at: string | Date; component_count: number; vulns: string | number; policy: string | number }>(
    store.db,
    sql`SELECT s.id, s.project_id, s.created_at, s.component_count,
               count(f.id) FILTER (WHERE f.kind = 'vulnerability') AS vulns,
               count(f.id) FILTER (WHERE f.kind <> 'vulnerability') AS policy
        FROM snapshots s JOIN projects p ON p.id = s.project_id
        LEFT JOIN findings f ON f.project_id = s.project_id
          AND coalesce((f.details->>'firstSnapshotId')::bigint, f.snapshot_id) <= s.id AND f.snapshot_id >= s.id
          AND coalesce(f.analysis_state, '') NOT IN ('not_affected', 'false_positive')
        WHERE p.lifecycle <> 'retired' ${teamCond}
        GROUP BY s.id, s.project_id, s.created_at, s.component_count
        ORDER BY s.created_at, s.id`,
  );
  const current = new Map<string, { components: number; vulnerabilities: number; policyFindings: number }>();
  const totals = { components: 0, vulnerabilities: 0, policyFindings: 0 };
  const points: TrendPoint[] = [];
  for (const s of snaps) {
    const before = current.get(s.project_id) ?? { components: 0, vulnerabilities: 0, policyFindings: 0 };
    const now = { components: s.component_count, vulnerabilities: num(s.vulns), policyFindings: num(s.policy) };
    totals.components += now.components - before.components;
    totals.vulnerabilities += now.vulnerabilities - before.vulnerabilities;
    totals.policyFindings += now.policyFindings - before.policyFindings;
    current.set(s.project_id, now);
    points.push({ at: iso(s.created_at), snapshotId: Number(s.id), projectId: s.project_id, ...totals });
  }
  if (points.length <= TREND_POINTS) return points;
  const step = points.length / TREND_POINTS;
  return Array.from({ length: TREND_POINTS }, (_, i) => points[Math.min(points.length - 1, Math.ceil((i + 1) * step) - 1)]!);
}

/** A component of a snapshot as the project page's table shows it. */
export interface SnapshotComponentRow {
  id: number;
  ecosystem: string;
  name: string;
  version: string | null;
  purl: string | null;
  scope: string;
  direct: boolean;
  license: string | null;
  /** Vulnerability findings of the project on this component that are not resolved or suppressed. */
  vulnerabilities: number;
  /** The most severe of those, or null. */
  severity: string | null;
}

/** A snapshot's components with licenses and vulnerability counts, and its dependency edges. */
export interface SnapshotComponents {
  snapshotId: number;
  components: SnapshotComponentRow[];
  /** Edges by component id; `from` null for an edge from the project itself (a direct dependency). */
  edges: { from: number | null; to: number }[];
}

/** Returns every component of a snapshot (by ecosystem, name, version) and its dependency edges. */
export async function snapshotComponents(store: Store, projectId: string, snapshotId: number): Promise<SnapshotComponents> {
  const found = await rows<{ id: string | number; ecosystem: string; name: string; version: string | null; purl: string | null; scope: string; direct: boolean; license: string | null; vulns: string | number; severity: string | null }>(
    store.db,
    sql`WITH v AS (
          SELECT component_id, count(*) AS vulns,
                 (array_agg(severity ORDER BY array_position(ARRAY['critical','high','medium','low','none','unknown'], severity)))[1] AS severity
          FROM findings WHERE project_id = ${projectId}::uuid AND kind = 'vulnerability' AND status = 'open' AND component_id IS NOT NULL
          GROUP BY component_id)
        SELECT c.id, c.ecosystem, c.name, c.version, c.purl, sc.scope, sc.direct,
               coalesce(cl.concluded, cl.declared) AS license, coalesce(v.vulns, 0) AS vulns, v.severity
        FROM snapshot_components sc JOIN components c ON c.id = sc.component_id
        LEFT JOIN component_licenses cl ON cl.component_id = c.id
        LEFT JOIN v ON v.component_id = c.id
        WHERE sc.snapshot_id = ${snapshotId}
        ORDER BY c.ecosystem, c.name, c.version NULLS FIRST, c.id`,
  );
  const edges = await rows<{ from_component_id: string | number | null; to_component_id: string | number }>(
    store.db,
    sql`SELECT from_component_id, to_component_id FROM dependency_edges WHERE snapshot_id = ${snapshotId}`,
  );
  return {
    snapshotId,
    components: found.map((r) => ({
      id: Number(r.id),
      ecosystem: r.ecosystem,
      name: r.name,
      version: r.version,
      purl: r.purl,
      scope: r.scope,
      direct: r.direct,
      license: r.license,
      vulnerabilities: num(r.vulns),
      severity: r.severity,
    })),
    edges: edges.map((e) => ({ from: e.from_component_id === null ? null : Number(e.from_component_id), to: Number(e.to_component_id) })),
  };
}

/** One version of a package as the component page shows it. */
export interface ComponentVersion {
  version: string | null;
  purl: string | null;
  license: { declared: string | null; concluded: string | null; concludedBy: string | null };
  /** Where the license came from, per snapshot that has this version (at most 20). */
  evidence: { projectId: string; projectName: string; snapshotId: number; details: unknown; locations: unknown }[];
  /** Visible projects whose latest snapshot has this version. */
  projects: number;
}

/** A package across the portfolio: its versions with license evidence, and the advisories raised on it. */
export interface ComponentDetail {
  ecosystem: string;
  name: string;
  versions: ComponentVersion[];
  advisories: { id: string; severity: string; title: string; summary: string | null; projects: number; open: number; versions: string[] }[];
}

/**
 * Returns a package (ecosystem + exact name) across the latest snapshots of the projects in
 * `teamIds` (undefined: all): its versions, each with declared and concluded license and the
 * evidence snapshots recorded, and the vulnerability findings raised on it grouped by advisory.
 */
export async function componentDetail(store: Store, ecosystem: string, name: string, options: { teamIds?: string[] } = {}): Promise<ComponentDetail> {
  if (options.teamIds?.length === 0) return { ecosystem, name, versions: [], advisories: [] };
  const teamCond = options.teamIds ? sql`AND ${uuidIn(sql`p.team_id`, options.teamIds)}` : sql``;
  const versions = await rows<{ id: string | number; version: string | null; purl: string | null; declared: string | null; concluded: string | null; concluded_by: string | null; projects: string | number }>(
    store.db,
    sql`SELECT c.id, c.version, c.purl, cl.declared, cl.concluded, cl.concluded_by, count(DISTINCT p.id) AS projects
        FROM components c
        JOIN snapshot_components sc ON sc.component_id = c.id
        JOIN projects p ON p.latest_snapshot_id = sc.snapshot_id
        LEFT JOIN component_licenses cl ON cl.component_id = c.id
        WHERE c.ecosystem = ${ecosystem} AND c.name = ${name} AND p.lifecycle <> 'retired' ${teamCond}
        GROUP BY c.id, c.version, c.purl, cl.declared, cl.concluded, cl.concluded_by
        ORDER BY c.version NULLS FIRST, c.id`,
  );
  const ids = versions.map((v) => Number(v.id));
  const evidence = ids.length
    ? await rows<{ component_id: string | number; project_id: string; project_name: string; snapshot_id: string | number; details: unknown; locations: unknown; rn: string | number }>(
        store.db,
        sql`SELECT * FROM (
              SELECT sc.component_id, p.id AS project_id, p.name AS project_name, sc.snapshot_id, sc.details, sc.locations,
                     row_number() OVER (PARTITION BY sc.component_id ORDER BY p.name) AS rn
              FROM snapshot_components sc JOIN projects p ON p.latest_snapshot_id = sc.snapshot_id
              WHERE sc.component_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) AND p.lifecycle <> 'retired' ${teamCond}) x
            WHERE rn <= 20`,
      )
    : [];
  const advisories = ids.length
    ? await rows<{ rule_id: string; severity: string; title: string; summary: string | null; projects: string | number; open: string | number; versions: (string | null)[] | string }>(
        store.db,
        sql`SELECT f.rule_id, (array_agg(f.severity ORDER BY array_position(ARRAY['critical','high','medium','low','none','unknown'], f.severity)))[1] AS severity,
                   min(f.title) AS title, min(f.details->>'summary') AS summary, count(DISTINCT f.project_id) AS projects,
                   count(*) FILTER (WHERE f.status = 'open') AS open, array_agg(DISTINCT c.version) AS versions
            FROM findings f JOIN projects p ON p.id = f.project_id JOIN components c ON c.id = f.component_id
            WHERE f.kind = 'vulnerability' AND f.status <> 'resolved' AND f.component_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) ${teamCond}
            GROUP BY f.rule_id ORDER BY 2, 1`,
      )
    : [];
  return {
    ecosystem,
    name,
    versions: versions.map((v) => ({
      version: v.version,
      purl: v.purl,
      license: { declared: v.declared, concluded: v.concluded, concludedBy: v.concluded_by },
      evidence: evidence
        .filter((e) => Number(e.component_id) === Number(v.id))
        .map((e) => ({ projectId: e.project_id, projectName: e.project_name, snapshotId: Number(e.snapshot_id), details: parse(e.details) ?? null, locations: parse(e.locations) ?? null })),
      projects: num(v.projects),
    })),
    advisories: advisories.map((a) => ({
      id: a.rule_id,
      severity: a.severity,
      title: a.title,
      summary: a.summary,
      projects: num(a.projects),
      open: num(a.open),
      versions: (parse<(string | null)[]>(a.versions) ?? []).filter((x): x is string => x !== null),
    })),
  };
}

/** An advisory that affects the portfolio, with how much of it. */
export interface AdvisorySummary {
  id: string;
  severity: string;
  summary: string | null;
  packages: string[];
  projects: number;
  open: number;
  suppressed: number;
  firstSeenAt: string;
}

/**
 * Lists the advisories raised on the latest state of the projects in `teamIds` (undefined: all),
 * most severe and most widespread first; `q` filters by id, summary or package name.
 */
export async function listPortfolioAdvisories(store: Store, options: { teamIds?: string[]; q?: string; limit?: number } = {}): Promise<AdvisorySummary[]> {
  if (options.teamIds?.length === 0) return [];
  const teamCond = options.teamIds ? sql`AND ${uuidIn(sql`p.team_id`, options.teamIds)}` : sql``;
  const q = options.q?.trim();
  const found = await rows<{ rule_id: string; severity: string; summary: string | null; packages: string[] | string; projects: string | number; open: string | number; suppressed: string | number; first_seen_at: string | Date }>(
    store.db,
    sql`SELECT f.rule_id, (array_agg(f.severity ORDER BY array_position(ARRAY['critical','high','medium','low','none','unknown'], f.severity)))[1] AS severity,
               min(f.details->>'summary') AS summary, array_agg(DISTINCT c.name) AS packages,
               count(DISTINCT f.project_id) AS projects, count(*) FILTER (WHERE f.status = 'open') AS open,
               count(*) FILTER (WHERE f.status = 'suppressed') AS suppressed, min(f.first_seen_at) AS first_seen_at
        FROM findings f JOIN projects p ON p.id = f.project_id LEFT JOIN components c ON c.id = f.component_id
        WHERE f.kind = 'vulnerability' AND f.status <> 'resolved' AND p.lifecycle <> 'retired' ${teamCond}
          ${q ? sql`AND (strpos(lower(f.rule_id), lower(${q})) > 0 OR strpos(lower(coalesce(f.details->>'summary', '')), lower(${q})) > 0 OR strpos(lower(coalesce(c.name, '')), lower(${q})) > 0 OR f.details->'aliases' ? ${q})` : sql``}
        GROUP BY f.rule_id
        ORDER BY array_position(ARRAY['critical','high','medium','low','none','unknown'], (array_agg(f.severity ORDER BY array_position(ARRAY['critical','high','medium','low','none','unknown'], f.severity)))[1]),
                 count(DISTINCT f.project_id) DESC, f.rule_id
        LIMIT ${options.limit ?? 500}`,
  );
  return found.map((r) => ({
    id: r.rule_id,
    severity: r.severity,
    summary: r.summary,
    packages: (parse<(string | null)[]>(r.packages) ?? []).filter((x): x is string => x !== null).sort(),
    projects: num(r.projects),
    open: num(r.open),
    suppressed: num(r.suppressed),
    firstSeenAt: iso(r.first_seen_at),
  }));
}
