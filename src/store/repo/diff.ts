import { sql } from 'drizzle-orm';
import { rows, type Store } from '../engine.js';
import { NotFoundError } from '../errors.js';

/** A component as a diff shows it. */
export interface DiffComponent {
  ecosystem: string;
  name: string;
  version: string | null;
  purl: string | null;
  scope: string;
  direct: boolean;
}

/** A package (ecosystem, name) present in both snapshots whose versions, scope or directness differ. */
export interface DiffChange {
  ecosystem: string;
  name: string;
  before: DiffComponent[];
  after: DiffComponent[];
}

/** What changed from snapshot `a` to snapshot `b`, each list sorted by ecosystem, name, version. */
export interface SnapshotDiff {
  added: DiffComponent[];
  removed: DiffComponent[];
  changed: DiffChange[];
  unchanged: number;
}

async function load(store: Store, snapshotId: number): Promise<Map<string, DiffComponent[]>> {
  const [exists] = await rows<{ id: unknown }>(store.db, sql`SELECT id FROM snapshots WHERE id = ${snapshotId}`);
  if (!exists) throw new NotFoundError('snapshot', String(snapshotId));
  const found = await rows<DiffComponent>(
    store.db,
    sql`SELECT c.ecosystem, c.name, c.version, c.purl, sc.scope, sc.direct
        FROM snapshot_components sc JOIN components c ON c.id = sc.component_id
        WHERE sc.snapshot_id = ${snapshotId}`,
  );
  const byPackage = new Map<string, DiffComponent[]>();
  for (const c of found) {
    const key = `${c.ecosystem}\u0000${c.name}`;
    const list = byPackage.get(key);
    if (list) list.push(c);
    else byPackage.set(key, [c]);
  }
  for (const list of byPackage.values()) list.sort((x, y) => cmp(x.version ?? '', y.version ?? ''));
  return byPackage;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const order = (x: DiffComponent, y: DiffComponent) =>
  cmp(x.ecosystem, y.ecosystem) || cmp(x.name, y.name) || cmp(x.version ?? '', y.version ?? '');
const same = (a: DiffComponent[], b: DiffComponent[]) =>
  a.length === b.length &&
  a.every((x, i) => x.version === b[i]?.version && x.scope === b[i]?.scope && x.direct === b[i]?.direct);

/**
 * Compares two snapshots (of any projects) package by package: packages only in `b` are added,
 * only in `a` removed, and in both with other versions, scope or directness changed.
 */
export async function diffSnapshots(store: Store, a: number, b: number): Promise<SnapshotDiff> {
  const [before, after] = [await load(store, a), await load(store, b)];
  const diff: SnapshotDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, list] of before) {
    const next = after.get(key);
    if (!next) diff.removed.push(...list);
    else if (same(list, next)) diff.unchanged++;
    else diff.changed.push({ ecosystem: list[0]!.ecosystem, name: list[0]!.name, before: list, after: next });
  }
  for (const [key, list] of after) if (!before.has(key)) diff.added.push(...list);
  diff.added.sort(order);
  diff.removed.sort(order);
  diff.changed.sort((x, y) => cmp(x.ecosystem, y.ecosystem) || cmp(x.name, y.name));
  return diff;
}
