/**
 * A token-level diff (Myers, "An O(ND) Difference Algorithm and Its Variations", 1986) with a
 * cap on the edit distance, so comparing a text with an unrelated reference stays cheap: near
 * matches have few edits and finish fast; beyond the cap the answer is "too different".
 */

/** A run where the two sequences differ: `a[aStart, aEnd)` was replaced by `b[bStart, bEnd)`. */
export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** The result of a diff: the differing runs, in order, and how many tokens matched. */
export interface DiffResult {
  hunks: Hunk[];
  matched: number;
}

/**
 * Diffs `a` (the reference) against `b[bFrom, bTo)`; returns undefined when more than `maxEdits`
 * insertions plus deletions would be needed.
 */
export function diffTokens(a: Int32Array, b: Int32Array, bFrom: number, bTo: number, maxEdits: number): DiffResult | undefined {
  const n = a.length;
  const m = bTo - bFrom;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds V[-d..d] after step d (a window, so memory is O(D^2), not O(D*(N+M))).
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[bFrom + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
    if (found >= 0) break;
  }
  if (found < 0) return undefined;

  // Backtrack to the list of matching snakes, then turn the gaps between them into hunks.
  const snakes: Array<[number, number, number]> = []; // [x, y, length] of diagonal runs
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!;
    const at = (k: number) => prev[k + (d - 1)]!;
    const k = x - y;
    let prevK: number;
    if (k === -d || (k !== d && at(k - 1) < at(k + 1))) prevK = k + 1;
    else prevK = k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = prevK === k + 1 ? prevX : prevX + 1;
    const startY = startX - k;
    if (x > startX) snakes.push([startX, startY, x - startX]);
    x = prevX;
    y = prevY;
  }
  if (x > 0) snakes.push([0, 0, x]);
  snakes.reverse();

  const hunks: Hunk[] = [];
  let matched = 0;
  let ax = 0;
  let by = 0;
  for (const [sx, sy, len] of snakes) {
    if (sx > ax || sy > by) hunks.push({ aStart: ax, aEnd: sx, bStart: bFrom + by, bEnd: bFrom + sy });
    matched += len;
    ax = sx + len;
    by = sy + len;
  }
  if (ax < n || by < m) hunks.push({ aStart: ax, aEnd: n, bStart: bFrom + by, bEnd: bFrom + m });
  return { hunks, matched };
}

/** The length of the word runs used as alignment anchors. */
export const ANCHOR = 6;
/** Gaps between anchored runs up to this many tokens (both sides) get a word-by-word diff. */
const GAP_DIFF_LIMIT = 800;

function gramHash(ids: Int32Array, i: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < ANCHOR; k++) h = Math.imul(h ^ ids[i + k]!, 16777619);
  return h >>> 0;
}

/** Hashes every ANCHOR-word run of a text (position i holds the run starting at i). */
export function gramHashes(ids: Int32Array): Uint32Array {
  const out = new Uint32Array(Math.max(0, ids.length - ANCHOR + 1));
  for (let i = 0; i < out.length; i++) out[i] = gramHash(ids, i);
  return out;
}

/**
 * The ANCHOR-word runs of a reference that occur in it once, by hash: an open-addressing table
 * over typed arrays (a lookup per input position is the alignment's inner loop; a Map of
 * thousands of entries was most of its time).
 */
export interface AnchorTable {
  /** The hash in each slot; valid where `pos` is not EMPTY_ANCHOR. */
  keys: Uint32Array;
  /** The run's position in the reference, -1 when it occurs more than once, EMPTY_ANCHOR for a free slot. */
  pos: Int32Array;
  mask: number;
}

const EMPTY_ANCHOR = -2;

function anchorSlot(h: number, mask: number): number {
  return (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
}

/** Maps each ANCHOR-word run of `a` to its position, or -1 when it occurs more than once. */
export function anchorsOf(a: Int32Array): AnchorTable {
  const runs = Math.max(0, a.length - ANCHOR + 1);
  let size = 16;
  while (size < runs * 2) size <<= 1;
  const keys = new Uint32Array(size);
  const pos = new Int32Array(size).fill(EMPTY_ANCHOR);
  const mask = size - 1;
  for (let i = 0; i < runs; i++) {
    const h = gramHash(a, i);
    let s = anchorSlot(h, mask);
    while (pos[s] !== EMPTY_ANCHOR && keys[s] !== h) s = (s + 1) & mask;
    if (pos[s] === EMPTY_ANCHOR) {
      keys[s] = h;
      pos[s] = i;
    } else pos[s] = -1;
  }
  return { keys, pos, mask };
}

/** The position of a run in the reference (or -1: absent or not unique). */
function anchorAt(table: AnchorTable, h: number): number {
  const { keys, pos, mask } = table;
  for (let s = anchorSlot(h, mask); ; s = (s + 1) & mask) {
    const p = pos[s]!;
    if (p === EMPTY_ANCHOR) return -1;
    if (keys[s] === h) return p;
  }
}

/**
 * Diffs `a` against `b[bFrom, bTo)` like diffTokens, in time close to linear for long texts:
 * runs of ANCHOR words that occur once in `a` and also in `b` are chained in order (longest
 * increasing sequence), extended both ways while the words agree, and only the gaps between
 * them are diffed word by word (a gap over GAP_DIFF_LIMIT tokens counts as replaced outright).
 * Returns undefined past `maxEdits` insertions plus deletions. `anchors` is anchorsOf(a) and
 * `bGrams` gramHashes(b), both cached by the caller.
 */
export function alignTokens(
  a: Int32Array,
  b: Int32Array,
  bFrom: number,
  bTo: number,
  maxEdits: number,
  anchors: AnchorTable,
  bGrams: Uint32Array = gramHashes(b),
): DiffResult | undefined {
  const n = a.length;
  const pa: number[] = [];
  const pb: number[] = [];
  for (let j = bFrom; j + ANCHOR <= bTo; j++) {
    const p = anchorAt(anchors, bGrams[j]!);
    if (p < 0) continue;
    let same = true;
    for (let k = 0; k < ANCHOR; k++) if (a[p + k] !== b[j + k]) same = false;
    if (same) {
      pa.push(p);
      pb.push(j);
    }
  }
  // Longest chain of anchors increasing in both texts (patience method).
  const tails: number[] = [];
  const prev = new Int32Array(pa.length);
  for (let i = 0; i < pa.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pa[tails[mid]!]! < pa[i]!) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  }
  const chain: number[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) chain.push(i);
  chain.reverse();

  const hunks: Hunk[] = [];
  let matched = 0;
  let edits = 0;
  let ai = 0;
  let bj = bFrom;
  const gap = (aEnd: number, bEnd: number): boolean => {
    const da = aEnd - ai;
    const db = bEnd - bj;
    if (da === 0 && db === 0) return true;
    if (da === 0 || db === 0 || da + db > GAP_DIFF_LIMIT) {
      hunks.push({ aStart: ai, aEnd, bStart: bj, bEnd });
      edits += da + db;
      return edits <= maxEdits;
    }
    const d = diffTokens(a.subarray(ai, aEnd), b, bj, bEnd, Math.min(da + db, maxEdits - edits));
    if (!d) return false;
    for (const h of d.hunks) {
      hunks.push({ aStart: ai + h.aStart, aEnd: ai + h.aEnd, bStart: h.bStart, bEnd: h.bEnd });
      edits += h.aEnd - h.aStart + (h.bEnd - h.bStart);
    }
    matched += d.matched;
    return edits <= maxEdits;
  };
  for (const c of chain) {
    let p = pa[c]!;
    let q = pb[c]!;
    if (p < ai || q < bj) continue; // inside the run already matched
    const p0 = p;
    while (p > ai && q > bj && a[p - 1] === b[q - 1]) {
      p--;
      q--;
    }
    if (!gap(p, q)) return undefined;
    let e = p0 - p;
    while (p + e < n && q + e < bTo && a[p + e] === b[q + e]) e++;
    matched += e;
    ai = p + e;
    bj = q + e;
  }
  if (!gap(n, bTo)) return undefined;
  return { hunks, matched };
}
