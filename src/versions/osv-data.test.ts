// Every version in the real advisories of ../shared/data/osv (Go vulndb, RustSec, GHSA, PyPA and
// OSV.dev's GHSA records) must be valid in its ecosystem's scheme, except the cases listed below
// with the reason; and in each range, an `introduced` directly followed by a `fixed` or
// `last_affected` must not be above it (OSV does not require events to be sorted: PyPA lists one
// introduced/fixed pair per release branch, newest branch first).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../parsers/json.js';
import { parseYaml } from '../parsers/yaml.js';
import { SEMVER, schemeFor } from './index.js';

const OSV_DIR = fileURLToPath(new URL('../../../shared/data/osv', import.meta.url));

interface Occurrence {
  readonly file: string;
  readonly ecosystem: string;
  readonly rangeType: string;
  readonly version: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(json|ya?ml)$/.test(name)) out.push(path);
  }
  return out;
}

type Rec = { affected?: { package?: { ecosystem?: string }; ranges?: { type?: string; events?: Record<string, string>[] }[]; versions?: string[] }[] };

function records(file: string): Rec[] {
  const text = readFileSync(file, 'utf8');
  const doc = (/\.ya?ml$/.test(file) ? parseYaml(text, file) : parseJson(text, file)) as Rec & { vulns?: Rec[] };
  return Array.isArray(doc.vulns) ? doc.vulns : [doc];
}

function collect(): { occurrences: Occurrence[]; ranges: { file: string; ecosystem: string; type: string; events: string[] }[] } {
  const occurrences: Occurrence[] = [];
  const ranges: { file: string; ecosystem: string; type: string; events: string[] }[] = [];
  for (const file of walk(OSV_DIR)) {
    for (const rec of records(file)) {
      for (const aff of rec.affected ?? []) {
        const ecosystem = aff.package?.ecosystem ?? '';
        for (const range of aff.ranges ?? []) {
          const type = range.type ?? '';
          if (type === 'GIT') continue; // commit hashes, not versions
          const events: string[] = [];
          for (const ev of range.events ?? []) {
            for (const [kind, version] of Object.entries(ev)) {
              // introduced "0" is OSV's "every version", not a version of the scheme.
              if (kind === 'introduced' && version === '0') continue;
              occurrences.push({ file, ecosystem, rangeType: type, version });
              if (kind !== 'limit') events.push(`${kind} ${version}`);
            }
          }
          ranges.push({ file, ecosystem, type, events });
        }
        for (const version of aff.versions ?? []) occurrences.push({ file, ecosystem, rangeType: 'versions', version });
      }
    }
  }
  return { occurrences, ranges };
}

/** Versions known to be invalid in their scheme, with why. */
const KNOWN_INVALID: Readonly<Record<string, string>> = {};

describe.skipIf(!existsSync(OSV_DIR))('real OSV advisories', () => {
  const { occurrences, ranges } = existsSync(OSV_DIR) ? collect() : { occurrences: [], ranges: [] };

  it('reads thousands of versions from every source', () => {
    const ecosystems = new Set(occurrences.map((o) => o.ecosystem.split(':')[0]));
    expect(occurrences.length).toBeGreaterThan(10_000);
    for (const e of ['Go', 'crates.io', 'PyPI', 'Maven', 'npm', 'NuGet', 'Packagist', 'RubyGems']) expect(ecosystems).toContain(e);
  });

  it('finds every version valid in its scheme', () => {
    const invalid = occurrences
      .filter((o) => !(o.rangeType === 'SEMVER' ? SEMVER : schemeFor(o.ecosystem)).isValid(o.version))
      .filter((o) => KNOWN_INVALID[`${o.ecosystem} ${o.version}`] === undefined)
      .map((o) => `${o.ecosystem} ${o.rangeType} ${o.version} (${o.file.slice(OSV_DIR.length + 1)})`);
    expect([...new Set(invalid)]).toEqual([]);
  });

  it('finds no introduced above the fixed or last_affected that follows it', () => {
    const unordered: string[] = [];
    let pairs = 0;
    for (const r of ranges) {
      const scheme = r.type === 'SEMVER' ? SEMVER : schemeFor(r.ecosystem);
      for (let i = 1; i < r.events.length; i++) {
        const [kind0, v0] = r.events[i - 1]!.split(' ') as [string, string];
        const [kind1, v1] = r.events[i]!.split(' ') as [string, string];
        if (kind0 !== 'introduced' || kind1 === 'introduced') continue;
        pairs++;
        const c = scheme.compare(v0, v1);
        // RustSec has empty pairs (introduced 0.10.0, fixed 0.10.0): allowed, they affect nothing.
        if (c > 0) unordered.push(`${r.ecosystem} ${r.events.join(', ')} (${r.file.slice(OSV_DIR.length + 1)})`);
      }
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(unordered).toEqual([]);
  });
});
