// One vulnerability, one finding: records that name each other (GHSA-x aliases CVE-y, PYSEC-z
// aliases CVE-y too) are joined by union-find over every id and alias of the records matched.

/** What grouping reads of a record (a record, or a database ref, which carries the same). */
export interface Aliased {
  id: string;
  aliases?: readonly string[] | undefined;
}

/** Groups records that share an id or alias (transitively); each group in first-seen order. */
export function groupByAlias<T extends Aliased>(records: readonly T[]): T[][] {
  if (records.length === 1) return [[records[0]!]];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const r of records) {
    add(r.id);
    for (const a of Array.isArray(r.aliases) ? r.aliases : []) if (typeof a === 'string' && a) union(r.id, a);
  }
  const groups = new Map<string, T[]>();
  for (const r of records) {
    const root = find(r.id);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    if (!g.some((x) => x.id === r.id)) g.push(r);
  }
  return [...groups.values()];
}

// Ecosystem databases first: their records carry the exact package and version data the match
// was made on, and they are what each ecosystem's users see (Go's govulncheck shows GO-,
// cargo-audit RUSTSEC-, pip-audit PYSEC-/GHSA-).
const PREFERENCE = ['GO-', 'RUSTSEC-', 'PYSEC-', 'GHSA-'];

function rank(id: string): number {
  const i = PREFERENCE.findIndex((p) => id.startsWith(p));
  return i < 0 ? PREFERENCE.length : i;
}

/**
 * Picks the id a finding is known by: the record id of the ecosystem's own database
 * (GO-, RUSTSEC-, PYSEC-), else GHSA-, else any other record id (smallest); CVE and other ids
 * only reachable as aliases are listed, not chosen. Deterministic for the same set of records.
 */
export function canonicalId(group: readonly Aliased[]): string {
  const ids = group.map((r) => r.id).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return ids[0]!;
}

/** Every id the group is known by: record ids and aliases, canonical first, then sorted. */
export function allIds(group: readonly Aliased[], canonical: string): string[] {
  const set = new Set<string>();
  for (const r of group) {
    set.add(r.id);
    for (const a of Array.isArray(r.aliases) ? r.aliases : []) if (typeof a === 'string' && a) set.add(a);
  }
  set.delete(canonical);
  return [canonical, ...[...set].sort()];
}
