import { createHash } from 'node:crypto';
import { InputError } from '../model/errors.js';
import type { Component, Inventory } from '../model/inventory.js';
import { strongerScope, type Location, type Scope } from '../model/package.js';
import { canonicalJson } from './canonical-json.js';

/** A component as the store keeps it: identity plus the snapshot-specific facts. */
export interface NormalComponent {
  identity: string;
  ecosystem: string;
  name: string;
  version: string | null;
  declared: string | null;
  purl: string | null;
  scope: Scope;
  direct: boolean;
  locations: Location[];
  /** Declared license as found, for component_licenses. */
  license: string | null;
  /** Source, hashes and notes as found; null when there are none. */
  details: Record<string, unknown> | null;
}

/** A dependency edge between identities; `from` is a component identity or `{ project: path }`. */
export interface NormalEdge {
  from: string | null;
  fromProject: string | null;
  to: string;
}

/** An inventory in the store's canonical form: sorted, merged by identity, machine paths left out. */
export interface NormalInventory {
  name: string;
  projects: { path: string; name: string; version: string | null; ecosystems: string[]; manifests: string[] }[];
  components: NormalComponent[];
  edges: NormalEdge[];
  errors: { file: string; message: string; line: number | null; pointer: string | null }[];
  /** sha256 (hex) of the canonical JSON of projects, components, edges and errors. */
  contentHash: string;
}

/**
 * Returns the component's identity in the store: its purl, else `ecosystem:name@version`;
 * a declared-only component (no version) appends `#declared=<range>`, as the inventory's ids do.
 */
export function componentIdentity(c: Pick<Component, 'ecosystem' | 'name' | 'version' | 'declared' | 'purl'>): string {
  if (c.version !== null) return c.purl ?? `${c.ecosystem}:${c.name}@${c.version}`;
  return `${c.purl ?? `${c.ecosystem}:${c.name}`}#declared=${c.declared ?? '*'}`;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function locationKey(l: Location): string {
  return `${l.file}\u0000${String(l.line ?? 0).padStart(10, '0')}`;
}

function sortLocations(locations: Location[]): Location[] {
  if (locations.length === 1) {
    const l = locations[0]!;
    return [l.line !== undefined ? { file: l.file, line: l.line } : { file: l.file }];
  }
  const seen = new Map<string, Location>();
  for (const l of locations) {
    const normal: Location = l.line !== undefined ? { file: l.file, line: l.line } : { file: l.file };
    seen.set(locationKey(normal), normal);
  }
  return [...seen.entries()].sort((a, b) => byString(a[0], b[0])).map(([, l]) => l);
}

/** canonicalJson of one artifact hash, without the generic key sort for the usual `{ alg, value }`. */
function canonicalHashEntry(h: unknown): string {
  const o = h as Record<string, unknown>;
  if (typeof o.alg === 'string' && typeof o.value === 'string' && Object.keys(o).length === 2) {
    return `{"alg":${JSON.stringify(o.alg)},"value":${JSON.stringify(o.value)}}`;
  }
  return canonicalJson(h);
}

/**
 * canonicalJson of a component's details (the keys normaliseInventory sets: hashes, notes,
 * source — here in sorted order), with the artifact hashes on a fast path; any other key falls
 * back to canonicalJson, so the output is always exactly canonicalJson's.
 */
function canonicalDetails(d: Record<string, unknown>): string {
  const keys = Object.keys(d);
  if (keys.some((k) => k !== 'hashes' && k !== 'notes' && k !== 'source')) return canonicalJson(d);
  const parts: string[] = [];
  if (d.hashes !== undefined) {
    parts.push(Array.isArray(d.hashes) ? `"hashes":[${d.hashes.map(canonicalHashEntry).join(',')}]` : `"hashes":${canonicalJson(d.hashes)}`);
  }
  if (d.notes !== undefined) parts.push(`"notes":${canonicalJson(d.notes)}`);
  if (d.source !== undefined) parts.push(`"source":${canonicalJson(d.source)}`);
  return `{${parts.join(',')}}`;
}

/**
 * Normalises an inventory for storage and computes its content hash. Components sharing an
 * identity are merged (strongest scope, direct if any is, locations united); the scan root, the
 * display name, timings, warnings and skipped files do not count, so scanning the same code twice,
 * or uploading the same SBOM twice, gives the same hash. Throws InputError for an edge that names
 * no component or project of the inventory.
 */
export function normaliseInventory(inventory: Inventory): NormalInventory {
  const byId = new Map<string, NormalComponent>();
  const byIdentity = new Map<string, NormalComponent>();
  for (const c of inventory.components) {
    const identity = componentIdentity(c);
    const existing = byIdentity.get(identity);
    if (existing) {
      existing.scope = strongerScope(existing.scope, c.scope);
      existing.direct ||= c.direct;
      existing.locations = sortLocations([...existing.locations, ...c.locations]);
      existing.license ??= c.license ?? null;
      byId.set(c.id, existing);
      continue;
    }
    const details: Record<string, unknown> = {};
    if (c.source) details.source = c.source;
    if (c.hashes && c.hashes.length > 0) {
      details.hashes = [...c.hashes].sort((a, b) => byString(`${a.alg}:${a.value}`, `${b.alg}:${b.value}`));
    }
    if (c.notes && c.notes.length > 0) details.notes = [...c.notes];
    const normal: NormalComponent = {
      identity,
      ecosystem: c.ecosystem,
      name: c.name,
      version: c.version,
      declared: c.declared ?? null,
      purl: c.purl,
      scope: c.scope,
      direct: c.direct,
      locations: sortLocations(c.locations),
      license: c.license ?? null,
      details: Object.keys(details).length > 0 ? details : null,
    };
    byIdentity.set(identity, normal);
    byId.set(c.id, normal);
  }
  const components = [...byIdentity.values()].sort((a, b) => byString(a.identity, b.identity));

  const projectPath = new Map(inventory.projects.map((p) => [p.id, p.path]));
  const edgeKeys = new Map<string, NormalEdge>();
  for (const [from, targets] of inventory.dependencies) {
    const fromComponent = byId.get(from);
    const fromProject = fromComponent ? undefined : projectPath.get(from);
    if (!fromComponent && fromProject === undefined) {
      throw new InputError(`dependency edge starts at "${from}", which is no component or project of the inventory`, {
        file: inventory.name,
      });
    }
    for (const to of targets) {
      const target = byId.get(to);
      if (!target) {
        throw new InputError(`dependency edge from "${from}" names "${to}", which is no component of the inventory`, {
          file: inventory.name,
        });
      }
      const edge: NormalEdge = {
        from: fromComponent ? fromComponent.identity : null,
        fromProject: fromComponent ? null : (fromProject ?? null),
        to: target.identity,
      };
      edgeKeys.set(`${edge.from ?? ''}\u0000${edge.fromProject ?? ''}\u0000${edge.to}`, edge);
    }
  }
  const edges = [...edgeKeys.entries()].sort((a, b) => byString(a[0], b[0])).map(([, e]) => e);

  const projects = inventory.projects
    .map((p) => ({
      path: p.path,
      name: p.name,
      version: p.version ?? null,
      ecosystems: [...p.ecosystems].sort(byString),
      manifests: [...p.manifests].sort(byString),
    }))
    .sort((a, b) => byString(a.path, b.path));
  const errors = inventory.errors
    .map((e) => ({ file: e.file, message: e.message, line: e.line ?? null, pointer: e.pointer ?? null }))
    .sort((a, b) => byString(`${a.file}\u0000${a.message}`, `${b.file}\u0000${b.message}`));

  const hash = createHash('sha256');
  hash.update('ospo-inventory-v2\n');
  hash.update(canonicalJson(projects));
  hash.update('\n');
  // Fixed-order tuples rather than canonicalJson per row: the same determinism at a fraction of
  // the cost for 50,000 components. Lines are fed to the hash in chunks of about 64 KiB: the same
  // bytes (JSON.stringify escapes lone surrogates, so concatenation cannot change the UTF-8)
  // with a thousandth of the calls.
  let chunk = '';
  for (const c of components) {
    chunk += JSON.stringify([
      c.identity,
      c.ecosystem,
      c.name,
      c.version,
      c.declared,
      c.purl,
      c.scope,
      c.direct,
      c.locations.map((l) => [l.file, l.line ?? null]),
      c.license,
      c.details === null ? null : canonicalDetails(c.details),
    ]);
    chunk += '\n';
    if (chunk.length > 65_536) {
      hash.update(chunk);
      chunk = '';
    }
  }
  for (const e of edges) {
    chunk += JSON.stringify([e.from, e.fromProject, e.to]);
    chunk += '\n';
    if (chunk.length > 65_536) {
      hash.update(chunk);
      chunk = '';
    }
  }
  hash.update(chunk);
  hash.update(canonicalJson(errors));
  return { name: inventory.name, projects, components, edges, errors, contentHash: hash.digest('hex') };
}
