// Region plans: one package's advisories decided ahead of time, for the database.
//
// Every version a package's ranges and `versions` lists name (its boundaries) is sorted once by
// the version scheme, at import. The boundaries cut the line of versions into regions: below the
// first, each boundary itself, each open span between two neighbours, above the last (2n + 1
// regions for n boundaries). Within one region every version has the same answer for every
// range and list (no event lies strictly inside a region), so each advisory's answer is stored
// as the regions it affects. Matching a version is then one binary search over the boundaries
// and a look at small integer spans, instead of parsing and walking every range of every
// advisory. The walk that decides a region is evaluate.ts's own (`walk`), given the sign of
// compare(event version, region) instead of a concrete version, so the answers are the same by
// construction; the database's equivalence test checks them against evaluateAffected on the
// real advisories.
//
// A plan is made only where it answers exactly what evaluateAffected would for every valid,
// non-commit version: all ranges of the live advisories in one scheme (ECOSYSTEM in the
// ecosystem's scheme, SEMVER in SEMVER's; `versions` lists in the ecosystem's), no range type
// OSV does not define, no event version the scheme rejects, no entry without ranges and
// versions. Anything else (and a component version the scheme rejects, or a commit hash for GIT
// ranges) is evaluated from the entries as before. Plans depend on the schemes' order: a change
// to a scheme's ordering must change the database format (db.ts DB_FORMAT).
import { SEMVER, schemeFor, type VersionScheme } from '../../versions/index.js';
import type { OsvAffected } from '../osv/types.js';
import { compileRange, walk, type Compiled } from './evaluate.js';

/** One package's plan: the scheme its boundaries are sorted in, the boundaries, and per advisory the regions it affects. */
export interface RegionPlan {
  /** Id of the version scheme the boundaries are ordered by. */
  scheme: string;
  /** Distinct versions (by the scheme's equality), ascending. */
  boundaries: readonly string[];
  /** Per advisory (the package's refs, same order): inclusive region spans `[from, to, from, to, ...]`, ascending. */
  spans: ReadonlyArray<readonly number[]>;
}

/** Bounds on a plan's size; a package beyond them is matched from its entries. */
const MAX_BOUNDARIES = 4096;
const MAX_WORK = 4_000_000;
const MAX_SPAN_INTS = 100_000;

interface Item {
  withdrawn: boolean;
  entries: readonly OsvAffected[];
}

/**
 * Builds the plan for one package of `ecosystem` (OSV's base name) from its advisories' entries
 * for it, or returns undefined when the package must be matched from its entries.
 */
export function buildRegionPlan(ecosystem: string, items: readonly Item[]): RegionPlan | undefined {
  const eco = schemeFor(ecosystem);
  let used: VersionScheme | undefined;
  const use = (s: VersionScheme): boolean => {
    if (used && used.id !== s.id) return false;
    used = s;
    return true;
  };
  // Per item: its compiled ranges and its valid listed versions.
  const compiled: Array<{ ranges: Compiled[]; listed: string[] }> = [];
  const all: string[] = [];
  for (const item of items) {
    const ranges: Compiled[] = [];
    const listed: string[] = [];
    compiled.push({ ranges, listed });
    if (item.withdrawn) continue;
    for (const entry of item.entries) {
      if (!entry || typeof entry !== 'object') return undefined;
      const rs = Array.isArray(entry.ranges) ? entry.ranges : [];
      const vs = Array.isArray(entry.versions) ? entry.versions : [];
      if (rs.length === 0 && vs.length === 0) return undefined;
      for (const range of rs) {
        if (!range || typeof range !== 'object') continue;
        if (range.type === 'GIT') continue;
        const s = range.type === 'SEMVER' ? SEMVER : range.type === 'ECOSYSTEM' ? eco : undefined;
        if (!s || !use(s)) return undefined;
        const c = compileRange(range, s);
        if (typeof c === 'string') return undefined;
        ranges.push(c);
        all.push(...c.versions);
        if (c.limit !== undefined) all.push(c.limit);
      }
      let any = false;
      for (const v of vs) {
        if (typeof v !== 'string' || !eco.isValid(v)) continue;
        any = true;
        listed.push(v);
        all.push(v);
      }
      if (any && !use(eco)) return undefined;
    }
  }
  const scheme = used ?? eco;
  // Boundaries: sorted, one per class of equal versions (the first spelling).
  let sorted: string[];
  try {
    sorted = [...new Set(all)].sort((a, b) => scheme.compare(a, b));
  } catch {
    return undefined;
  }
  const boundaries: string[] = [];
  const index = new Map<string, number>();
  for (const v of sorted) {
    if (boundaries.length === 0 || scheme.compare(boundaries[boundaries.length - 1]!, v) !== 0) boundaries.push(v);
    index.set(v, boundaries.length - 1);
  }
  const n = boundaries.length;
  if (n > MAX_BOUNDARIES) return undefined;
  let work = 0;
  for (const c of compiled) work += c.ranges.length;
  if (work * (2 * n + 1) > MAX_WORK) return undefined;

  const at = (v: string): number => index.get(v)!;
  let ints = 0;
  const spans: number[][] = [];
  for (const { ranges, listed } of compiled) {
    const list: number[] = [];
    const listedAt = new Set(listed.map(at));
    let open = -1;
    for (let r = 0; r <= 2 * n; r++) {
      let hit = false;
      if (r % 2 === 1) {
        const i = (r - 1) / 2;
        if (listedAt.has(i)) hit = true;
        // A boundary itself: the sign of compare(v, boundaries[i]).
        for (let k = 0; !hit && k < ranges.length; k++) hit = walk(ranges[k]!, (v) => Math.sign(at(v) - i));
      } else {
        // Strictly between boundaries[i - 1] and boundaries[i] (below the first when i = 0).
        const i = r / 2;
        for (let k = 0; !hit && k < ranges.length; k++) hit = walk(ranges[k]!, (v) => (at(v) <= i - 1 ? -1 : 1));
      }
      if (hit && open === -1) open = r;
      if (!hit && open !== -1) {
        list.push(open, r - 1);
        open = -1;
      }
    }
    if (open !== -1) list.push(open, 2 * n);
    ints += list.length;
    if (ints > MAX_SPAN_INTS) return undefined;
    spans.push(list);
  }
  return { scheme: scheme.id, boundaries, spans };
}

/** The region of `version` (valid in `scheme`, the plan's scheme) among `boundaries`, or -1 when the scheme cannot compare them. */
export function regionOf(boundaries: readonly string[], version: string, scheme: VersionScheme): number {
  let lo = 0;
  let hi = boundaries.length - 1;
  try {
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = scheme.compare(boundaries[mid]!, version);
      if (c === 0) return 2 * mid + 1;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
  } catch {
    return -1;
  }
  return 2 * lo;
}

/** Whether inclusive spans `[from, to, ...]` (ascending) cover region `r`. */
export function covers(spans: readonly number[], r: number): boolean {
  for (let i = 0; i < spans.length; i += 2) {
    if (r < spans[i]!) return false;
    if (r <= spans[i + 1]!) return true;
  }
  return false;
}
