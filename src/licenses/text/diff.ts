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
