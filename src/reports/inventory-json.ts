import type { Inventory } from '../model/inventory.js';
import { OSPO_VERSION } from '../version.js';

/** The machine form of a scan: stable field names, sorted lists (`ospo scan --format json`). */
export interface InventoryJson {
  schema: 'ospo-scan/1';
  tool: { name: 'ospo'; version: string };
  root: string;
  summary: { projects: number; packages: number; direct: number; transitive: number; errors: number; filesScanned: number; ms: number };
  projects: Array<{
    path: string;
    name: string;
    version?: string;
    ecosystems: string[];
    manifests: string[];
    counts: { direct: number; transitive: number; total: number };
  }>;
  packages: Array<Record<string, unknown>>;
  errors: Inventory['errors'];
  warnings: Inventory['warnings'];
  skipped: Inventory['skipped'];
}

/** Converts an inventory to its JSON form. */
export function inventoryToJson(inv: Inventory): InventoryJson {
  const direct = inv.components.filter((c) => c.direct).length;
  return {
    schema: 'ospo-scan/1',
    tool: { name: 'ospo', version: OSPO_VERSION },
    root: inv.root,
    summary: {
      projects: inv.projects.length,
      packages: inv.components.length,
      direct,
      transitive: inv.components.length - direct,
      errors: inv.errors.length,
      filesScanned: inv.stats.filesScanned,
      ms: inv.stats.ms,
    },
    projects: inv.projects.map((p) => ({
      path: p.path,
      name: p.name,
      ...(p.version ? { version: p.version } : {}),
      ecosystems: p.ecosystems,
      manifests: p.manifests,
      counts: { direct: p.direct.length, transitive: p.components.length - p.direct.filter((d) => p.components.includes(d)).length, total: p.components.length },
    })),
    packages: inv.components.map((c) => {
      const deps = inv.dependencies.get(c.id);
      return {
        id: c.id,
        ecosystem: c.ecosystem,
        name: c.name,
        version: c.version,
        ...(c.declared !== undefined ? { declared: c.declared } : {}),
        purl: c.purl,
        scope: c.scope,
        direct: c.direct,
        locations: c.locations,
        ...(c.source ? { source: c.source } : {}),
        ...(c.license ? { license: c.license } : {}),
        ...(c.hashes ? { hashes: c.hashes } : {}),
        ...(c.notes ? { notes: c.notes } : {}),
        dependencies: deps ? [...deps].sort() : [],
      };
    }),
    errors: inv.errors,
    warnings: inv.warnings,
    skipped: inv.skipped,
  };
}
