import { sql } from 'drizzle-orm';
import { schemeFor } from '../../versions/index.js';
import { rows, type Store } from '../engine.js';
import { parseVersionRange, type Compare } from './version-range.js';

/** A where-used question: a package, optionally limited to versions. */
export interface WhereUsedQuery {
  ecosystem: string;
  name: string;
  /** A comparator range such as `< 2.17.1` (see parseVersionRange), ordered by the ecosystem's scheme. */
  range?: string;
  /** A predicate on versions, instead of or as well as `range`. */
  matches?: (version: string) => boolean;
  /** Overrides the ecosystem's version order. */
  compare?: Compare;
  /** Include retired projects; default false. */
  includeRetired?: boolean;
}

/** One project whose latest snapshot contains the package, with the versions it contains. */
export interface WhereUsedHit {
  projectId: string;
  projectName: string;
  teamId: string;
  snapshotId: number;
  snapshotAt: Date;
  versions: { version: string | null; purl: string | null; scope: string; direct: boolean }[];
}

/**
 * Answers "which projects contain this package (at these versions)": the latest snapshot of
 * each project is searched, through the (ecosystem, name) index and the component -> snapshot
 * index. Versions are filtered in code with the ecosystem's own order (src/versions), since no
 * SQL collation knows npm or Maven order. Declared-only components (no version) match only a
 * query without a range. Sorted by project name.
 */
export async function whereUsed(store: Store, query: WhereUsedQuery): Promise<WhereUsedHit[]> {
  const candidates = await rows<{ id: string | number; version: string | null }>(
    store.db,
    sql`SELECT id, version FROM components WHERE ecosystem = ${query.ecosystem} AND name = ${query.name}`,
  );
  const inRange = query.range
    ? parseVersionRange(query.range, query.compare ?? ((a, b) => schemeFor(query.ecosystem).compare(a, b)))
    : undefined;
  const filtered = query.range || query.matches;
  const ids = candidates
    .filter((c) => !filtered || (c.version !== null && (!inRange || inRange(c.version)) && (!query.matches || query.matches(c.version))))
    .map((c) => Number(c.id));
  if (ids.length === 0) return [];

  const byProject = new Map<string, WhereUsedHit>();
  for (let start = 0; start < ids.length; start += 1000) {
    const chunk = ids.slice(start, start + 1000);
    const found = await rows<{
      project_id: string;
      project_name: string;
      team_id: string;
      snapshot_id: string | number;
      snapshot_at: string | Date;
      version: string | null;
      purl: string | null;
      scope: string;
      direct: boolean;
    }>(
      store.db,
      sql`SELECT p.id AS project_id, p.name AS project_name, p.team_id, s.id AS snapshot_id, s.created_at AS snapshot_at,
                 c.version, c.purl, sc.scope, sc.direct
          FROM snapshot_components sc
          JOIN projects p ON p.latest_snapshot_id = sc.snapshot_id
          JOIN snapshots s ON s.id = sc.snapshot_id
          JOIN components c ON c.id = sc.component_id
          WHERE sc.component_id IN (${sql.join(chunk.map((id) => sql`${id}`), sql`, `)})
            ${query.includeRetired ? sql`` : sql`AND p.lifecycle <> 'retired'`}`,
    );
    for (const r of found) {
      let hit = byProject.get(r.project_id);
      if (!hit) {
        hit = {
          projectId: r.project_id,
          projectName: r.project_name,
          teamId: r.team_id,
          snapshotId: Number(r.snapshot_id),
          snapshotAt: r.snapshot_at instanceof Date ? r.snapshot_at : new Date(r.snapshot_at),
          versions: [],
        };
        byProject.set(r.project_id, hit);
      }
      hit.versions.push({ version: r.version, purl: r.purl, scope: r.scope, direct: r.direct });
    }
  }
  const hits = [...byProject.values()].sort((a, b) => (a.projectName < b.projectName ? -1 : a.projectName > b.projectName ? 1 : a.projectId < b.projectId ? -1 : 1));
  for (const h of hits) h.versions.sort((a, b) => ((a.version ?? '') < (b.version ?? '') ? -1 : 1));
  return hits;
}
