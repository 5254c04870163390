import { and, eq, sql } from 'drizzle-orm';
import { schemeFor } from '../../versions/index.js';
import type { Store } from '../engine.js';
import { components, projects, snapshotComponents, snapshots } from '../schema.js';
import { compileVersionRange, rangePredicate, type VersionCompare as Compare } from '../../versions/range.js';
import { UsageError } from '../../model/errors.js';

/** A where-used question: a package, optionally limited to versions. */
export interface WhereUsedQuery {
  ecosystem: string;
  name: string;
  /** A comparator range such as `< 2.17.1` (see src/versions/range.ts), ordered by the ecosystem's scheme. */
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

type Db = Store['db'];

/** The one where-used statement, prepared once per database (a named statement on PostgreSQL). */
function prepareWhereUsed(db: Db) {
  return db
    .select({
      projectId: projects.id,
      projectName: projects.name,
      teamId: projects.teamId,
      snapshotId: snapshots.id,
      snapshotAt: snapshots.createdAt,
      version: components.version,
      purl: components.purl,
      scope: snapshotComponents.scope,
      direct: snapshotComponents.direct,
    })
    .from(components)
    .innerJoin(snapshotComponents, eq(snapshotComponents.componentId, components.id))
    .innerJoin(projects, eq(projects.latestSnapshotId, snapshotComponents.snapshotId))
    .innerJoin(snapshots, eq(snapshots.id, snapshotComponents.snapshotId))
    .where(
      and(
        eq(components.ecosystem, sql.placeholder('ecosystem')),
        eq(components.name, sql.placeholder('name')),
        sql`(${sql.placeholder('includeRetired')}::boolean OR ${projects.lifecycle} <> 'retired')`,
      ),
    )
    .prepare('ospo_where_used');
}

const prepared = new WeakMap<Db, ReturnType<typeof prepareWhereUsed>>();

/**
 * Answers "which projects contain this package (at these versions)": the latest snapshot of
 * each project is searched in ONE prepared query — the (ecosystem, name) index finds the package's
 * few component rows, the component -> snapshot index their links, and the unique
 * `projects.latest_snapshot_id` keeps only latest snapshots. Versions are filtered in code with
 * the ecosystem's own order (src/versions), since no SQL collation knows npm or Maven order; each
 * distinct version is judged once. Declared-only components (no version) match only a query
 * without a range. Sorted by project name.
 */
export async function whereUsed(store: Store, query: WhereUsedQuery): Promise<WhereUsedHit[]> {
  const inRange = query.range
    ? rangePredicate(compileRange(query.range), query.compare ?? ((a, b) => schemeFor(query.ecosystem).compare(a, b)))
    : undefined;
  const filtered = Boolean(query.range) || query.matches !== undefined;
  let statement = prepared.get(store.db);
  if (!statement) {
    statement = prepareWhereUsed(store.db);
    prepared.set(store.db, statement);
  }
  const found = await statement.execute({
    ecosystem: query.ecosystem,
    name: query.name,
    includeRetired: query.includeRetired === true,
  });

  const verdicts = new Map<string, boolean>();
  const accepts = (version: string | null): boolean => {
    if (!filtered) return true;
    if (version === null) return false;
    let verdict = verdicts.get(version);
    if (verdict === undefined) {
      verdict = (!inRange || inRange(version)) && (!query.matches || query.matches(version));
      verdicts.set(version, verdict);
    }
    return verdict;
  };

  const byProject = new Map<string, WhereUsedHit>();
  for (const r of found) {
    if (!accepts(r.version)) continue;
    let hit = byProject.get(r.projectId);
    if (!hit) {
      hit = {
        projectId: r.projectId,
        projectName: r.projectName,
        teamId: r.teamId,
        snapshotId: Number(r.snapshotId),
        snapshotAt: r.snapshotAt instanceof Date ? r.snapshotAt : new Date(r.snapshotAt),
        versions: [],
      };
      byProject.set(r.projectId, hit);
    }
    hit.versions.push({ version: r.version, purl: r.purl, scope: r.scope, direct: r.direct });
  }
  const hits = [...byProject.values()].sort((a, b) => (a.projectName < b.projectName ? -1 : a.projectName > b.projectName ? 1 : a.projectId < b.projectId ? -1 : 1));
  for (const h of hits) if (h.versions.length > 1) h.versions.sort((a, b) => ((a.version ?? '') < (b.version ?? '') ? -1 : 1));
  return hits;
}

/** Compiles a where-used range; a range that cannot be read is the caller's usage error. */
function compileRange(range: string) {
  try {
    return compileVersionRange(range);
  } catch (err) {
    throw new UsageError(`cannot read version range: ${(err as Error).message}`);
  }
}
