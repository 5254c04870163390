import { sql } from 'drizzle-orm';
import type { Component, ComponentEcosystem, Inventory, Project } from '../model/inventory.js';
import type { Ecosystem } from '../model/ecosystem.js';
import type { Hash, Location, PackageSource, Scope } from '../model/package.js';
import { NotFoundError, rows, type Executor } from '../store/index.js';

/** A snapshot read back as an Inventory, with the store's component ids by identity. */
export interface SnapshotInventory {
  snapshotId: number;
  projectId: string;
  inventory: Inventory;
  /** Component identity (the inventory's component id) -> components.id. */
  componentIds: Map<string, number>;
}

interface ComponentSqlRow {
  id: string | number;
  identity: string;
  ecosystem: string;
  name: string;
  version: string | null;
  declared: string | null;
  purl: string | null;
  scope: string;
  direct: boolean;
  locations: Location[] | string;
  details: Record<string, unknown> | string | null;
  declared_license: string | null;
  concluded_license: string | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * Reads a stored snapshot back into the inventory model: components (id = the store identity,
 * license = the concluded license, else the declared one), the sub-projects, and the dependency
 * graph. What `analyzeSnapshot` matches and the SBOM download writes. NotFoundError when the
 * snapshot does not exist.
 */
export async function loadSnapshotInventory(exec: Executor, snapshotId: number): Promise<SnapshotInventory> {
  const [snap] = await rows<{ project_id: string; name: string; projects: unknown; issues: unknown }>(
    exec,
    sql`SELECT project_id, name, projects, issues FROM snapshots WHERE id = ${snapshotId}`,
  );
  if (!snap) throw new NotFoundError('snapshot', String(snapshotId));
  const found = await rows<ComponentSqlRow>(
    exec,
    sql`SELECT c.id, c.identity, c.ecosystem, c.name, c.version, c.declared, c.purl, sc.scope, sc.direct, sc.locations, sc.details,
               cl.declared AS declared_license, cl.concluded AS concluded_license
        FROM snapshot_components sc
        JOIN components c ON c.id = sc.component_id
        LEFT JOIN component_licenses cl ON cl.component_id = c.id
        WHERE sc.snapshot_id = ${snapshotId}
        ORDER BY c.identity`,
  );
  const componentIds = new Map<string, number>();
  const byDbId = new Map<number, string>();
  const components: Component[] = found.map((r) => {
    componentIds.set(r.identity, Number(r.id));
    byDbId.set(Number(r.id), r.identity);
    const details = r.details === null ? null : json<Record<string, unknown>>(r.details);
    const c: Component = {
      id: r.identity,
      ecosystem: r.ecosystem as ComponentEcosystem,
      name: r.name,
      version: r.version,
      purl: r.purl,
      scope: r.scope as Scope,
      direct: r.direct,
      locations: json<Location[]>(r.locations),
    };
    if (r.declared !== null) c.declared = r.declared;
    const license = r.concluded_license ?? r.declared_license;
    if (license !== null) c.license = license;
    if (details?.source) c.source = details.source as PackageSource;
    if (details?.hashes) c.hashes = details.hashes as Hash[];
    if (details?.notes) c.notes = details.notes as string[];
    return c;
  });
  // Identities sort like the inventory's ids (the store orders by identity with the C collation
  // on PostgreSQL but not necessarily the same elsewhere): sort in code to be sure.
  components.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const edges = await rows<{ from_component_id: string | number | null; from_project: string | null; to_component_id: string | number }>(
    exec,
    sql`SELECT from_component_id, from_project, to_component_id FROM dependency_edges WHERE snapshot_id = ${snapshotId}`,
  );
  const storedProjects = json<{ path: string; name: string; version: string | null; ecosystems: string[]; manifests: string[] }[]>(
    snap.projects as string,
  );
  const projects: Project[] = storedProjects.map((p) => ({
    id: `project:${p.path}`,
    path: p.path,
    name: p.name,
    ...(p.version !== null ? { version: p.version } : {}),
    ecosystems: p.ecosystems as Ecosystem[],
    manifests: p.manifests,
    direct: [],
    components: [],
  }));
  const projectByPath = new Map(projects.map((p) => [p.path, p]));
  const dependencies = new Map<string, Set<string>>();
  for (const e of edges) {
    const to = byDbId.get(Number(e.to_component_id));
    if (to === undefined) continue;
    const from = e.from_component_id !== null ? byDbId.get(Number(e.from_component_id)) : `project:${e.from_project}`;
    if (from === undefined) continue;
    let set = dependencies.get(from);
    if (!set) dependencies.set(from, (set = new Set()));
    set.add(to);
    if (e.from_project !== null) projectByPath.get(e.from_project)?.direct.push(to);
  }
  // The store keeps no per-project component lists; one project owns them all, several share them.
  for (const p of projects) p.components = components.map((c) => c.id);
  const issues = json<{ errors?: { file: string; message: string; line: number | null; pointer: string | null }[] }>(snap.issues as string);
  const inventory: Inventory = {
    root: snap.name,
    name: snap.name,
    projects,
    components,
    dependencies,
    errors: (issues.errors ?? []).map((e) => ({
      file: e.file,
      message: e.message,
      ...(e.line !== null ? { line: e.line } : {}),
      ...(e.pointer !== null ? { pointer: e.pointer } : {}),
    })),
    skipped: [],
    warnings: [],
    stats: { filesSeen: 0, filesScanned: 0, ms: 0 },
  };
  return { snapshotId, projectId: snap.project_id, inventory, componentIds };
}
