import { normalizePypiName } from '../model/names.js';
import type { OsvRecord } from './osv/types.js';

/**
 * Where advisories come from: the imported database, or a directory or archive of OSV records
 * read directly (`ospo vulns --osv`). The matcher asks one question per package.
 */
export interface AdvisorySource {
  /**
   * Returns every record whose `affected[].package` names this package (withdrawn ones
   * included; the matcher decides). `ecosystem` is OSV's base name (`npm`, `PyPI`, `Go`).
   */
  lookup(ecosystem: string, name: string): OsvRecord[];
  /** What this source is, for reports and `ospo db status`. */
  describe(): { kind: 'database' | 'directory' | 'archive' | 'memory'; location: string; records: number; modified?: string };
}

/**
 * Returns the key under which advisories for a package are found: OSV's base ecosystem (the
 * part before any `:`, so `Debian:12` is `Debian`) and the name as that ecosystem compares names
 * (PyPI per PEP 503, NuGet, Packagist and Hex case-insensitively; others exactly).
 */
export function advisoryKey(ecosystem: string, name: string): string {
  const eco = ecosystem.split(':')[0]!.trim();
  let n = name.trim();
  if (eco === 'PyPI') n = normalizePypiName(n);
  else if (eco === 'NuGet' || eco === 'Packagist' || eco === 'Hex' || eco === 'Pub') n = n.toLowerCase();
  return `${eco}\u0000${n}`;
}

/** An in-memory source over records (for tests and for `--osv` data read at once). */
export function memorySource(records: readonly OsvRecord[], location = 'memory'): AdvisorySource {
  const index = new Map<string, OsvRecord[]>();
  for (const r of records) {
    const keys = new Set<string>();
    for (const a of r.affected ?? []) if (a.package) keys.add(advisoryKey(a.package.ecosystem, a.package.name));
    for (const k of keys) {
      let list = index.get(k);
      if (!list) index.set(k, (list = []));
      list.push(r);
    }
  }
  return {
    lookup: (ecosystem, name) => index.get(advisoryKey(ecosystem, name)) ?? [],
    describe: () => ({ kind: 'memory', location, records: records.length }),
  };
}
