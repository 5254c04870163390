import { sql } from 'drizzle-orm';
import type { Inventory } from '../../model/inventory.js';
import { rows, type Store, type Tx } from '../engine.js';
import { NotFoundError } from '../errors.js';
import { normaliseInventory, type NormalComponent, type NormalInventory } from '../normalise.js';
import { appendAudit } from './audit.js';

/** Where a snapshot came from. */
export interface SnapshotMeta {
  /** `scan`, `sbom`, `push`... */
  source: string;
  /** The producing tool (`ospo 0.1.0`, an SBOM's generator). */
  tool?: string | null;
  /** Who ingests it, for the audit log. Default `system`. */
  actor?: string;
}

/** Tuning and observation of one ingest. */
export interface IngestOptions {
  /** Rows per INSERT statement; default 10,000 on PostgreSQL, 5,000 on PGlite. */
  batchSize?: number;
  /** Called after each batch is written (inside the transaction). */
  onBatch?: (written: number, total: number) => void | Promise<void>;
}

/** A snapshot row as repositories return it. */
export interface Snapshot {
  id: number;
  projectId: string;
  source: string;
  tool: string | null;
  name: string;
  createdAt: Date;
  contentHash: string;
  componentCount: number;
  directCount: number;
  edgeCount: number;
}

/** What an ingest did: the snapshot, and whether it was written now (false: identical to the latest). */
export interface IngestResult {
  snapshot: Snapshot;
  created: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SnapshotSqlRow {
  id: string | number;
  project_id: string;
  source: string;
  tool: string | null;
  name: string;
  created_at: string | Date;
  content_hash: string;
  component_count: number;
  direct_count: number;
  edge_count: number;
}

const SNAPSHOT_COLUMNS = sql.raw(
  'id, project_id, source, tool, name, created_at, content_hash, component_count, direct_count, edge_count',
);

/** Maps a raw snapshot row (bigint as string on node-postgres, timestamps as text) to a Snapshot. */
export function toSnapshot(r: SnapshotSqlRow): Snapshot {
  return {
    id: Number(r.id),
    projectId: r.project_id,
    source: r.source,
    tool: r.tool,
    name: r.name,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
    contentHash: r.content_hash,
    componentCount: Number(r.component_count),
    directCount: Number(r.direct_count),
    edgeCount: Number(r.edge_count),
  };
}

/**
 * Writes an inventory as a new snapshot of a project, all or nothing in one transaction:
 * components are upserted (shared across snapshots by identity), then the snapshot's links,
 * edges and declared licenses, then the project's latest pointer and one audit record. The
 * project row is locked first, so two ingests into one project run one after the other; when the
 * inventory's content hash equals the project's latest snapshot, that snapshot is returned and
 * nothing is written.
 */
export async function ingestSnapshot(
  store: Store,
  projectId: string,
  inventory: Inventory | NormalInventory,
  meta: SnapshotMeta,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const normal = 'contentHash' in inventory ? inventory : normaliseInventory(inventory);
  if (!UUID.test(projectId)) throw new NotFoundError('project', projectId);
  return store.transaction(async (tx) => {
    const [project] = await rows<{ latest_snapshot_id: string | number | null }>(
      tx,
      sql`SELECT latest_snapshot_id FROM projects WHERE id = ${projectId} FOR UPDATE`,
    );
    if (!project) throw new NotFoundError('project', projectId);
    if (project.latest_snapshot_id !== null) {
      const [latest] = await rows<SnapshotSqlRow>(
        tx,
        sql`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE id = ${Number(project.latest_snapshot_id)}`,
      );
      if (latest && latest.content_hash === normal.contentHash) return { snapshot: toSnapshot(latest), created: false };
    }

    const directCount = normal.components.filter((c) => c.direct).length;
    const [inserted] = await rows<SnapshotSqlRow>(
      tx,
      sql`INSERT INTO snapshots (project_id, source, tool, name, content_hash, component_count, direct_count, edge_count, projects, issues)
          VALUES (${projectId}, ${meta.source}, ${meta.tool ?? null}, ${normal.name}, ${normal.contentHash},
                  ${normal.components.length}, ${directCount}, ${normal.edges.length},
                  ${JSON.stringify(normal.projects)}::jsonb, ${JSON.stringify({ errors: normal.errors })}::jsonb)
          RETURNING ${SNAPSHOT_COLUMNS}`,
    );
    if (!inserted) throw new Error('snapshot insert returned nothing');
    const snapshotId = Number(inserted.id);

    const batchSize = options.batchSize ?? defaultBatch(store);
    const ids = await writeComponents(tx, snapshotId, normal.components, batchSize, options.onBatch);
    await writeEdges(tx, snapshotId, normal, ids, batchSize);

    await tx.execute(sql`UPDATE projects SET latest_snapshot_id = ${snapshotId}, updated_at = now() WHERE id = ${projectId}`);
    await appendAudit(tx, {
      actor: meta.actor ?? 'system',
      action: 'snapshot.create',
      target: `project:${projectId}`,
      details: {
        snapshotId,
        source: meta.source,
        contentHash: normal.contentHash,
        components: normal.components.length,
        edges: normal.edges.length,
      },
    });
    return { snapshot: toSnapshot(inserted), created: true };
  });
}

/**
 * Rows per statement unless the caller says otherwise: fewer round trips, bounded payloads. Half
 * that on PGlite, whose WASM memory grows to the largest statement's needs and never shrinks.
 */
const defaultBatch = (store: Store) => (store.engine === 'pglite' ? 5_000 : 10_000);

/** The upsert payload of a batch: the components' identifying columns as one JSON parameter. */
function componentRows(batch: NormalComponent[]): string {
  return JSON.stringify(
    batch.map((c) => ({
      identity: c.identity,
      ecosystem: c.ecosystem,
      name: c.name,
      version: c.version,
      declared: c.declared,
      purl: c.purl,
    })),
  );
}

/** The link payload of a batch: the snapshot's view of each component as one JSON parameter. */
function linkRows(batch: NormalComponent[]): string {
  return JSON.stringify(
    batch.map((c) => ({
      identity: c.identity,
      scope: c.scope,
      direct: c.direct,
      locations: c.locations,
      details: c.details,
      license: c.license,
    })),
  );
}

/**
 * Upserts components and links them to the snapshot, batch by batch. Rows go in as one JSON
 * parameter per batch (json_to_recordset): a handful of parameters whatever the row count, the
 * same on both drivers. Batches are in identity order, so concurrent ingests take the unique
 * index's locks in one order and cannot deadlock. The next batch's payload is serialised while
 * the database works on the current statement.
 */
async function writeComponents(
  tx: Tx,
  snapshotId: number,
  components: NormalComponent[],
  size: number,
  onBatch: IngestOptions['onBatch'],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  let next = components.length > 0 ? componentRows(components.slice(0, size)) : '';
  for (let start = 0; start < components.length; start += size) {
    const batch = components.slice(start, start + size);
    const identities = next;
    // Two statements, not one with a CTE: the link below must see rows a concurrent ingest
    // committed while this INSERT waited on them, and only a new statement's snapshot does.
    const upserted = tx.execute(sql`INSERT INTO components (identity, ecosystem, name, version, declared, purl)
      SELECT r.identity, r.ecosystem, r.name, r.version, r.declared, r.purl
      FROM json_to_recordset(${identities}::json) AS r(identity text, ecosystem text, name text, version text, declared text, purl text)
      ON CONFLICT (identity) DO NOTHING`);
    const links = linkRows(batch);
    await upserted;
    // `resolved` is referenced twice, so PostgreSQL materialises it: one identity lookup per row
    // serves the links, the licenses and the id map the edges are written with.
    const linking = rows<{ id: string | number; identity: string }>(
      tx,
      sql`WITH input AS (
            SELECT r.* FROM json_to_recordset(${links}::json)
              AS r(identity text, scope text, direct boolean, locations jsonb, details jsonb, license text)
          ), resolved AS (
            SELECT c.id, i.* FROM input i JOIN components c ON c.identity = i.identity
          ), linked AS (
            INSERT INTO snapshot_components (snapshot_id, component_id, scope, direct, locations, details)
            SELECT ${snapshotId}, r.id, r.scope, r.direct, r.locations, r.details FROM resolved r
          ), licensed AS (
            INSERT INTO component_licenses (component_id, declared)
            SELECT r.id, r.license FROM resolved r WHERE r.license IS NOT NULL
            ON CONFLICT (component_id) DO UPDATE SET declared = EXCLUDED.declared, updated_at = now()
              WHERE component_licenses.declared IS NULL
          )
          SELECT id, identity FROM resolved`,
    );
    next = start + size < components.length ? componentRows(components.slice(start + size, start + 2 * size)) : '';
    const linked = await linking;
    if (linked.length !== batch.length) {
      throw new Error(`linked ${linked.length} of ${batch.length} components: the components table lost rows mid-ingest`);
    }
    for (const r of linked) ids.set(r.identity, Number(r.id));
    await onBatch?.(Math.min(start + size, components.length), components.length);
  }
  return ids;
}

/** Quotes a string as a PostgreSQL array element (`"..."` with `\` and `"` escaped). */
function arrayElement(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * Writes the snapshot's edges as id pairs (the identities were resolved while linking), as three
 * parallel arrays per batch unnested in SQL: array literals parse far cheaper than JSON members.
 */
async function writeEdges(tx: Tx, snapshotId: number, normal: NormalInventory, ids: Map<string, number>, size: number) {
  const id = (identity: string) => {
    const found = ids.get(identity);
    if (found === undefined) throw new Error(`edge names ${identity}, which was not linked`);
    return found;
  };
  for (let start = 0; start < normal.edges.length; start += size) {
    const batch = normal.edges.slice(start, start + size);
    const from: string[] = [];
    const fromProject: string[] = [];
    const to: string[] = [];
    for (const e of batch) {
      from.push(e.from === null ? 'NULL' : String(id(e.from)));
      fromProject.push(e.fromProject === null ? 'NULL' : arrayElement(e.fromProject));
      to.push(String(id(e.to)));
    }
    await tx.execute(sql`INSERT INTO dependency_edges (snapshot_id, from_component_id, from_project, to_component_id)
      SELECT ${snapshotId}, e.f, e.p, e.t
      FROM unnest(${`{${from.join(',')}}`}::bigint[], ${`{${fromProject.join(',')}}`}::text[], ${`{${to.join(',')}}`}::bigint[]) AS e(f, p, t)`);
  }
}
