import type { Hash } from '../../../model/index.js';

const SRI_ALGS: ReadonlyMap<string, Hash['alg']> = new Map([
  ['sha1', 'SHA-1'],
  ['sha256', 'SHA-256'],
  ['sha384', 'SHA-384'],
  ['sha512', 'SHA-512'],
]);

/**
 * Converts a Subresource Integrity string (`sha512-<base64> sha1-<base64>`, as npm, yarn and
 * pnpm record `integrity`; https://www.w3.org/TR/SRI/#the-integrity-attribute) into hashes with
 * lowercase hex values. Unknown algorithms and malformed parts are skipped.
 */
export function integrityToHashes(sri: string): Hash[] {
  const out: Hash[] = [];
  for (const part of sri.trim().split(/\s+/)) {
    const m = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(part);
    if (!m) continue;
    const alg = SRI_ALGS.get(m[1] ?? '');
    const hex = Buffer.from(m[2] ?? '', 'base64').toString('hex');
    if (alg && hex && !out.some((h) => h.alg === alg && h.value === hex)) out.push({ alg, value: hex });
  }
  return out;
}
