import { createHash } from 'node:crypto';
import type { Inventory } from '../../model/inventory.js';

/** Options every SBOM writer takes. */
export interface WriteOptions {
  /**
   * The creation time to record. Defaults to SOURCE_DATE_EPOCH (seconds) when set, so builds
   * can produce byte-identical documents, else the current time.
   */
  timestamp?: Date;
}

/** Returns the time SOURCE_DATE_EPOCH (whole seconds since 1970) names in `env`, or undefined. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

/** Resolves the document time: explicit, then SOURCE_DATE_EPOCH, then now; whole seconds. */
export function documentTime(options: WriteOptions): Date {
  const t = options.timestamp ?? sourceDateEpoch(process.env) ?? new Date();
  return new Date(Math.floor(t.getTime() / 1000) * 1000);
}

/**
 * Derives a UUID from the inventory's content (name, components, graph), so the same input
 * gives the same serial number and namespace; formatted as an RFC 9562 version 8 UUID.
 */
export function contentUuid(inv: Inventory): string {
  const h = createHash('sha256');
  // One update of the joined text (the same bytes, so the same id as one update per line):
  // thousands of small native calls cost more than hashing.
  const parts = [inv.name];
  for (const c of inv.components) parts.push(`\n${c.id}`);
  for (const p of inv.projects) parts.push(`\n${p.id}:${p.direct.join(',')}`);
  h.update(parts.join(''));
  const hex = h.digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The root the document describes: the single project, or the whole scanned tree. */
export function documentRoot(inv: Inventory): { id: string; name: string; version?: string; single: boolean } {
  if (inv.projects.length === 1) {
    const p = inv.projects[0]!;
    return { id: p.id, name: p.name, version: p.version, single: true };
  }
  return { id: 'root', name: inv.name, single: false };
}
