// Deterministic pseudo-random numbers for the benchmark generators: the same seed always gives
// the same portfolio, so figures from different runs (and machines) describe the same input.

/** Returns a 32-bit hash of a string (FNV-1a), used to derive per-name seeds. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a seeded PRNG (sfc32) with helpers for ints, picks, weighted picks and hex/base64 noise. */
export function createRandom(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const HEX = '0123456789abcdef';
  const rnd = {
    next,
    /** Integer in [min, max]. */
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(p) {
      return next() < p;
    },
    pick(list) {
      return list[Math.floor(next() * list.length)];
    },
    /** Picks from `[[weight, value], ...]`. */
    weighted(pairs) {
      let total = 0;
      for (const [w] of pairs) total += w;
      let x = next() * total;
      for (const [w, v] of pairs) {
        x -= w;
        if (x < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
    hex(n) {
      let s = '';
      for (let i = 0; i < n; i++) s += HEX[Math.floor(next() * 16)];
      return s;
    },
    /** Base64 text of `bytes` random bytes, padded as a digest would be. */
    base64(bytes) {
      const chars = Math.ceil((bytes * 4) / 3);
      let s = '';
      for (let i = 0; i < chars; i++) s += B64[Math.floor(next() * 64)];
      return s + '='.repeat((4 - (chars % 4)) % 4);
    },
  };
  return rnd;
}
