import type { Hash } from '../../../model/index.js';

/** SRI algorithm token -> hash algorithm and the length of its digest in hex. */
const SRI_ALGS: ReadonlyMap<string, readonly [Hash['alg'], number]> = new Map([
  ['sha1', ['SHA-1', 40]],
  ['sha256', ['SHA-256', 64]],
  ['sha384', ['SHA-384', 96]],
  ['sha512', ['SHA-512', 128]],
]);

/** One SRI hash: algorithm, base64 digest, options. */
const SRI_PART = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/;

/**
 * Converts a Subresource Integrity string (`sha512-<base64> sha1-<base64>`, as npm, bun, yarn
 * and pnpm record `integrity`; https://www.w3.org/TR/SRI/#the-integrity-attribute) into hashes
 * with lowercase hex values. Options after `?` are allowed by the SRI grammar and carry no hash.
 * Unknown algorithms, parts that are not base64, digests of the wrong length for their
 * algorithm, and repeats are skipped.
 */
export function integrityToHashes(sri: string): Hash[] {
  const out: Hash[] = [];
  // Nearly every lockfile entry holds one hash: no trimming and splitting for those.
  for (const part of /\s/.test(sri) ? sri.trim().split(/\s+/) : [sri]) {
    const m = SRI_PART.exec(part);
    if (!m) continue;
    const [alg, hexLength] = SRI_ALGS.get(m[1] ?? '') ?? [];
    const hex = Buffer.from(m[2] ?? '', 'base64').toString('hex');
    if (alg && hex.length === hexLength && !out.some((h) => h.alg === alg && h.value === hex)) out.push({ alg, value: hex });
  }
  return out;
}
