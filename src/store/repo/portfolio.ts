import { sql, type SQL } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { teams, type DISTRIBUTION_MODELS, type LIFECYCLES } from '../schema.js';
import { appendAudit } from './audit.js';
import { toSnapshot, type Snapshot } from './ingest.js';
import type { ProjectRow, Team } from './projects.js';
import { countPast, inList, totalOf, uuidEquals, uuidIn } from './sql-filters.js';

/** Filters for {@link listProjects}; `teamIds` limits to what the caller may see (undefined: all). */
export interface ProjectFilter {
  teamIds?: string[];
  teamId?: string;
  lifecycle?: string;
  distribution?: string;
  tag?: string;
  /** Case-insensitive substring of the name. */
  q?: string;
  limit?: number;
  offset?: number;
}

interface ProjectSqlRow {
  id: string;
  team_id: string;
  name: string;
  distribution: string;
  tags: string[];
  repository_url: string | null;
  lifecycle: string;
  latest_snapshot_id: string | number | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const date = (v: string | Date) => (v instanceof Date ? v : new Date(v));

function toProject(r: ProjectSqlRow): ProjectRow {
  return {
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    distribution: r.distribution,
    tags: r.tags,
    repositoryUrl: r.repository_url,
    lifecycle: r.lifecycle,
    latestSnapshotId: r.latest_snapshot_id === null ? null : Number(r.latest_snapshot_id),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}


/** Lists projects by name with filters. */
export async function listProjects(store: Store, f: ProjectFilter = {}): Promise<{ items: ProjectRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.teamIds) {
    if (f.teamIds.length === 0) return { items: [], total: 0 };
    where.push(uuidIn(sql`team_id`, f.teamIds));
  }
  if (f.teamId) where.push(uuidEquals(sql`team_id`, f.teamId));
  if (f.lifecycle) where.push(sql`lifecycle = ${f.lifecycle}`);
  if (f.distribution) where.push(sql`distribution = ${f.distribution}`);
  if (f.tag) where.push(sql`${f.tag} = ANY(tags)`);
  if (f.q) where.push(sql`strpos(lower(name), lower(${f.q})) > 0`);
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const found = await rows<ProjectSqlRow & { total_count: string | number }>(
    store.db,
    sql`SELECT *, ${totalOf(sql`projects`, cond)} AS total_count FROM projects ${cond} ORDER BY name, id LIMIT ${f.limit ?? 100} OFFSET ${f.offset ?? 0}`,
  );
  const total = found.length ? Number(found[0]!.total_count) : await countPast(store, sql`projects`, cond, f.offset);
  return { items: found.map(toProject), total };
}

/** The fields of a project that can change. */
export interface ProjectPatch {
  name?: string;
  teamId?: string;
  distribution?: (typeof DISTRIBUTION_MODELS)[number];
  tags?: string[];
  repositoryUrl?: string | null;
  lifecycle?: (typeof LIFECYCLES)[number];
}

/** Updates a project, auditing what changed; NotFoundError, or ConflictError on a taken name. */
export async function updateProject(store: Store, id: string, patch: ProjectPatch, actor = 'system'): Promise<ProjectRow> {
  try {
    return await store.transaction(async (tx) => {
      const [before] = await rows<ProjectSqlRow>(tx, sql`SELECT * FROM projects WHERE id = ${id} FOR UPDATE`);
      if (!before) throw new NotFoundError('project', id);
      const parts: SQL[] = [];
      if (patch.name !== undefined) parts.push(sql`name = ${patch.name}`);
      if (patch.teamId !== undefined) parts.push(sql`team_id = ${patch.teamId}`);
      if (patch.distribution !== undefined) parts.push(sql`distribution = ${patch.distribution}`);
      if (patch.tags !== undefined) parts.push(sql`tags = ARRAY(SELECT json_array_elements_text(${JSON.stringify(patch.tags)}::json))`);
      if (patch.repositoryUrl !== undefined) parts.push(sql`repository_url = ${patch.repositoryUrl}`);
      if (patch.lifecycle !== undefined) parts.push(sql`lifecycle = ${patch.lifecycle}`);
      parts.push(sql`updated_at = now()`);
      const [row] = await rows<ProjectSqlRow>(tx, sql`UPDATE projects SET ${sql.join(parts, sql`, `)} WHERE id = ${id} RETURNING *`);
      await appendAudit(tx, { actor, action: 'project.update', target: `project:${id}`, details: { ...patch } });
      return toProject(row!);
    });
  } catch (err) {
    if ((err as { code?: string; cause?: { code?: string } }).code === '23505' || (err as { cause?: { code?: string } }).cause?.code === '23505') {
      throw new ConflictError(`the team already has a project named "${patch.name ?? ''}"`);
    }
    throw err;
  }
}

/** Lists teams by name. */
export async function listTeams(store: Store): Promise<Team[]> {
  return store.db.select().from(teams).orderBy(teams.name);
}

/** Lists a project's snapshots, newest first. */
export async function listSnapshots(store: Store, projectId: string, limit = 100, offset = 0): Promise<Snapshot[]> {
  const found = await rows<Parameters<typeof toSnapshot>[0]>(
    store.db,
    sql`SELECT id, project_id, source, tool, name, created_at, content_hash, component_count, direct_count, edge_count
        FROM snapshots WHERE project_id = ${projectId} ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return found.map(toSnapshot);
}

/** Returns one snapshot; NotFoundError when there is none. */
export async function getSnapshot(store: Store, id: number): Promise<Snapshot> {
  const [row] = await rows<Parameters<typeof toSnapshot>[0]>(
    store.db,
    sql`SELECT id, project_id, source, tool, name, created_at, content_hash, component_count, direct_count, edge_count
        FROM snapshots WHERE id = ${id}`,
  );
  if (!row) throw new NotFoundError('snapshot', String(id));
  return toSnapshot(row);
}

/** One license across the portfolio's latest snapshots. */
export interface LicenseCount {
  /** The concluded license, else the declared one, else `NOASSERTION`. */
  license: string;
  components: number;
  projects: number;
}

/** Counts licenses over the latest snapshot of every (visible, not retired) project, most used first. */
export async function licenseDistribution(store: Store, options: { teamIds?: string[] } = {}): Promise<LicenseCount[]> {
  if (options.teamIds?.length === 0) return [];
  const found = await rows<{ license: string; components: string | number; projects: string | number }>(
    store.db,
    sql`SELECT coalesce(cl.concluded, cl.declared, 'NOASSERTION') AS license,
               count(DISTINCT sc.component_id) AS components, count(DISTINCT p.id) AS projects
        FROM projects p
        JOIN snapshot_components sc ON sc.snapshot_id = p.latest_snapshot_id
        LEFT JOIN component_licenses cl ON cl.component_id = sc.component_id
        WHERE p.lifecycle <> 'retired'
          ${options.teamIds ? sql`AND ${inList(sql`p.team_id::text`, options.teamIds)}` : sql``}
        GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  return found.map((r) => ({ license: r.license, components: Number(r.components), projects: Number(r.projects) }));
}
