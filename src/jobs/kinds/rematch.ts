// The `rematch` job: after the OSV data changed, re-analyse only the latest snapshots that contain
// a package whose advisories changed. The refresh job computes the changed packages by comparing
// the database generations (../osv-changes.ts); this job maps them to components by the
// `(ecosystem, name)` index and to projects by `projects.latest_snapshot_id`.
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../store/engine.js';
import { readManifest } from '../../vulns/osv/db.js';
import { updateDatabase } from '../../vulns/osv/download.js';
import { optionalString, payloadObject, PayloadError, type JobDefinition, type JobRequest } from '../job.js';
import type { OsvChanges, PackageKey } from '../osv-changes.js';

/** The rematch job's payload. */
export interface RematchPayload {
  /** Re-analyse every project's latest snapshot. */
  full: boolean;
  /** Packages whose advisories changed (as the OSV database keys them). */
  packages: PackageKey[];
  /** The advisories that changed, for the job's record. */
  advisoryIds: string[];
  /** `created` of the OSV generation the changes come from: a worker with older data refreshes first. */
  osvCreated?: string;
}

/** Most packages one rematch names; a bigger change is a full rematch. */
export const MAX_REMATCH_PACKAGES = 100_000;

/** Returns the request that re-analyses the snapshots affected by `changes`. */
export function rematchJob(changes: OsvChanges, osvCreated?: string): JobRequest {
  const full = changes.full || changes.packages.length > MAX_REMATCH_PACKAGES;
  return {
    name: REMATCH.name,
    data: {
      full,
      packages: full ? [] : changes.packages,
      advisoryIds: changes.advisoryIds.slice(0, 10_000),
      ...(osvCreated ? { osvCreated } : {}),
    },
  };
}

// Ecosystems whose package names compare case-insensitively (src/vulns/source.ts advisoryKey);
// PyPI also folds runs of -, _ and . (PEP 503).
const FOLDED = ['NuGet', 'Packagist', 'Hex', 'Pub'];

/**
 * Returns the latest snapshot of every project that contains one of the packages (all projects'
 * latest snapshots when `packages` is undefined), ordered by id.
 */
export async function affectedSnapshots(exec: Executor, packages: readonly PackageKey[] | undefined): Promise<number[]> {
  if (packages === undefined) {
    const all = await rows<{ id: string | number }>(exec, sql`SELECT latest_snapshot_id AS id FROM projects WHERE latest_snapshot_id IS NOT NULL ORDER BY 1`);
    return all.map((r) => Number(r.id));
  }
  if (packages.length === 0) return [];
  const exact = packages.filter((k) => k.ecosystem !== 'PyPI' && !FOLDED.includes(k.ecosystem));
  const pypi = packages.filter((k) => k.ecosystem === 'PyPI');
  const folded = packages.filter((k) => FOLDED.includes(k.ecosystem));
  const asJson = (list: readonly PackageKey[]) => JSON.stringify(list.map((k) => ({ e: k.ecosystem, n: k.name })));
  const found = await rows<{ id: string | number }>(
    exec,
    sql`WITH keys_exact AS (
          SELECT * FROM json_to_recordset(${asJson(exact)}::json) AS k(e text, n text)
        ), keys_pypi AS (
          SELECT * FROM json_to_recordset(${asJson(pypi)}::json) AS k(e text, n text)
        ), keys_folded AS (
          SELECT * FROM json_to_recordset(${asJson(folded)}::json) AS k(e text, n text)
        ), hit AS (
          SELECT c.id FROM keys_exact k JOIN components c ON c.ecosystem = k.e AND c.name = k.n
          UNION
          SELECT c.id FROM keys_pypi k JOIN components c
            ON c.ecosystem = 'PyPI' AND lower(regexp_replace(btrim(c.name), '[-_.]+', '-', 'g')) = k.n
          UNION
          SELECT c.id FROM keys_folded k JOIN components c ON c.ecosystem = k.e AND lower(btrim(c.name)) = k.n
        )
        SELECT DISTINCT p.latest_snapshot_id AS id
        FROM hit
        JOIN snapshot_components sc ON sc.component_id = hit.id
        JOIN projects p ON p.latest_snapshot_id = sc.snapshot_id
        ORDER BY 1`,
  );
  return found.map((r) => Number(r.id));
}

function parsePackages(value: unknown): PackageKey[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_REMATCH_PACKAGES) throw new PayloadError(`rematch: "packages" must be an array of at most ${MAX_REMATCH_PACKAGES} {ecosystem, name}`);
  return value.map((v, i) => {
    const o = v as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || typeof o.ecosystem !== 'string' || typeof o.name !== 'string' || o.name.length > 1024 || o.ecosystem.length > 64) {
      throw new PayloadError(`rematch: packages[${i}] must be {ecosystem, name}`);
    }
    return { ecosystem: o.ecosystem, name: o.name };
  });
}

/** The rematch job. */
export const REMATCH: JobDefinition<RematchPayload> = {
  name: 'rematch',
  description: 're-analyse the latest snapshots containing packages whose advisories changed',
  policy: { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 2 * 3600 },
  parse(data) {
    const obj = payloadObject('rematch', data);
    const full = obj.full === true;
    const packages = parsePackages(obj.packages);
    const ids = obj.advisoryIds;
    if (ids !== undefined && (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string' && x.length <= 200))) {
      throw new PayloadError('rematch: "advisoryIds" must be an array of strings');
    }
    const osvCreated = optionalString('rematch', obj, 'osvCreated', 64);
    return { full, packages, advisoryIds: (ids as string[] | undefined) ?? [], ...(osvCreated ? { osvCreated } : {}) };
  },
  async handle(payload, ctx) {
    // On several machines each worker has its own OSV database: one that has not seen the
    // generation these changes come from catches up first (an unchanged ecosystem costs one
    // small download), else it would match against stale data.
    if (payload.osvCreated) {
      const local = readManifest(ctx.dataDir)?.manifest.created;
      if (local === undefined || local < payload.osvCreated) {
        ctx.log(`rematch: the local OSV database (${local ?? 'none'}) is older than ${payload.osvCreated}; updating it first`);
        await updateDatabase(ctx.dataDir, ctx.refresh);
      }
    }
    const snapshots = await affectedSnapshots(ctx.store.db, payload.full ? undefined : payload.packages);
    const advisories = ctx.advisories();
    for (const id of snapshots) await ctx.analyze(ctx.store, id, { advisories });
    ctx.log(`rematch: ${snapshots.length} snapshot(s) re-analysed for ${payload.full ? 'all packages' : `${payload.packages.length} package(s)`}`);
    return { snapshots, packages: payload.packages.length, full: payload.full };
  },
};
