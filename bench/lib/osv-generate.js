// Generated OSV advisories for the benchmarks (bench/osv-import.js, bench/vulns-match.js):
// realistic records in the shapes GHSA, PYSEC, GO and RUSTSEC records have, deterministic for a
// seed, written as one zip per ecosystem.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRandom } from './random.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GENERATOR_VERSION = 2;


/** The generated ecosystems, their share of the advisories, id prefix, range type and purl type. */
export const ECOSYSTEMS = [
  { eco: 'npm', share: 0.3, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'npm' },
  { eco: 'PyPI', share: 0.14, prefix: 'PYSEC', range: 'ECOSYSTEM', purl: 'pypi', versions: true },
  { eco: 'Maven', share: 0.15, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'maven' },
  { eco: 'Go', share: 0.1, prefix: 'GO', range: 'SEMVER', purl: 'golang' },
  { eco: 'crates.io', share: 0.05, prefix: 'RUSTSEC', range: 'SEMVER', purl: 'cargo' },
  { eco: 'RubyGems', share: 0.07, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'gem' },
  { eco: 'Packagist', share: 0.07, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'composer' },
  { eco: 'NuGet', share: 0.06, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'nuget' },
  { eco: 'Pub', share: 0.02, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'pub' },
  { eco: 'Hex', share: 0.04, prefix: 'GHSA', range: 'ECOSYSTEM', purl: 'hex' },
];
const WORDS = ['core', 'http', 'json', 'yaml', 'parser', 'client', 'server', 'auth', 'crypto', 'util', 'data', 'stream', 'cache', 'log', 'test', 'web', 'api', 'sql', 'xml', 'image', 'net', 'async', 'config', 'cli', 'template', 'router', 'session', 'upload', 'mail', 'queue'];
const CWES = ['CWE-79', 'CWE-89', 'CWE-22', 'CWE-400', 'CWE-502', 'CWE-94', 'CWE-1321', 'CWE-352', 'CWE-611', 'CWE-918', 'CWE-20', 'CWE-787'];
const GHSA_CHARS = '23456789cfghjmpqrvwx';

/** The name of generated package `i` of an ecosystem. */
export function packageName(spec, i, rnd) {
  const w = (k) => WORDS[(i * 7 + k * 13 + (i >> 3)) % WORDS.length];
  switch (spec.eco) {
    case 'npm':
      return i % 5 === 0 ? `@${w(1)}-${i % 97}/${w(2)}-${w(3)}-${i}` : `${w(1)}-${w(2)}-${i}`;
    case 'PyPI':
      return `${w(1)}_${w(2)}${i}`;
    case 'Maven':
      return `org.${w(1)}${i % 211}.${w(2)}:${w(3)}-${w(4)}-${i}`;
    case 'Go':
      return i % 4 === 0 ? `golang.org/x/${w(1)}${i}` : `github.com/${w(1)}${i % 503}/${w(2)}-${i}`;
    case 'Packagist':
      return `${w(1)}${i % 307}/${w(2)}-${i}`;
    case 'NuGet':
      return `${w(1)[0].toUpperCase()}${w(1).slice(1)}.${w(2)}.${w(3)}${i}`;
    default:
      return `${w(1)}_${w(2)}_${i}${rnd ? '' : ''}`;
  }
}

function version(rnd, major) {
  return `${major}.${rnd.int(0, 20)}.${rnd.int(0, 30)}`;
}

function iso(rnd, fromYear, toYear) {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + Math.floor(rnd.next() * (end - start))).toISOString().replace('.000Z', 'Z');
}

function ghsaId(rnd) {
  const part = () => Array.from({ length: 4 }, () => GHSA_CHARS[rnd.int(0, GHSA_CHARS.length - 1)]).join('');
  return `GHSA-${part()}-${part()}-${part()}`;
}

function makeRecord(spec, n, pkgCount, rnd) {
  const year = rnd.int(2016, 2026);
  const id = spec.prefix === 'GHSA' ? ghsaId(rnd) : spec.prefix === 'GO' ? `GO-${year}-${String(n).padStart(6, '0')}` : `${spec.prefix}-${year}-${String(n).padStart(6, '0')}`;
  const published = iso(rnd, year, year);
  const modified = iso(rnd, Math.max(year, 2020), 2026);
  const affected = [];
  const packages = rnd.chance(0.15) ? 2 : 1;
  for (let p = 0; p < packages; p++) {
    // Popular packages collect more advisories: a skewed pick over the pool (the most popular of
    // 30,000 npm packages gets about 90 advisories, most get one or two, as in GHSA).
    const idx = Math.floor(pkgCount * rnd.next() ** 1.5);
    const name = packageName(spec, idx);
    const major = rnd.int(0, 6);
    const fixed = version(rnd, major);
    const events = [{ introduced: rnd.chance(0.4) ? '0' : `${major}.0.0` }, rnd.chance(0.9) ? { fixed } : { last_affected: fixed }];
    const entry = {
      package: { ecosystem: spec.eco, name, purl: `pkg:${spec.purl}/${encodeURIComponent(name)}` },
      ranges: [{ type: spec.range, events }],
      database_specific: { source: `https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/${year}/${id}.json` },
    };
    if (rnd.chance(0.25)) entry.ranges.push({ type: spec.range, events: [{ introduced: `${major + 1}.0.0` }, { fixed: version(rnd, major + 1) }] });
    if (spec.versions) entry.versions = Array.from({ length: rnd.int(3, 40) }, (_, k) => `${major}.${Math.floor(k / 5)}.${k % 5}`);
    affected.push(entry);
  }
  const cve = `CVE-${year}-${rnd.int(1000, 49999)}`;
  const sentence = () => `The ${WORDS[rnd.int(0, WORDS.length - 1)]} handling in ${affected[0].package.name} does not validate ${WORDS[rnd.int(0, WORDS.length - 1)]} input, which allows a remote attacker to cause ${rnd.pick(['a denial of service', 'code execution', 'information disclosure', 'path traversal', 'prototype pollution'])}.`;
  return {
    schema_version: '1.7.0',
    id,
    modified,
    published,
    aliases: [cve],
    summary: `${rnd.pick(['Denial of service', 'Remote code execution', 'Cross-site scripting', 'Path traversal', 'SQL injection', 'Prototype pollution'])} in ${affected[0].package.name}`,
    details: Array.from({ length: rnd.int(2, 8) }, sentence).join(' '),
    severity: [{ type: 'CVSS_V3', score: `CVSS:3.1/AV:N/AC:${rnd.pick(['L', 'H'])}/PR:${rnd.pick(['N', 'L', 'H'])}/UI:${rnd.pick(['N', 'R'])}/S:U/C:${rnd.pick(['N', 'L', 'H'])}/I:${rnd.pick(['N', 'L', 'H'])}/A:${rnd.pick(['N', 'L', 'H'])}` }],
    affected,
    references: [
      { type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/${cve}` },
      { type: 'WEB', url: `https://github.com/example/${affected[0].package.name.replace(/[^a-z0-9]/gi, '-')}/issues/${rnd.int(1, 9999)}` },
      { type: 'PACKAGE', url: `https://example.org/${spec.purl}/${encodeURIComponent(affected[0].package.name)}` },
    ],
    database_specific: { cwe_ids: [rnd.pick(CWES)], severity: rnd.pick(['LOW', 'MODERATE', 'HIGH', 'CRITICAL']), github_reviewed: true },
  };
}

/**
 * Writes `records` generated advisories as one zip per ecosystem into `dir` (kept while the
 * generator version, seed and sizes stay the same), with `lookup-names.json` (`lookups` [ecosystem,
 * name] pairs, 30% of them packages with advisories) and `packages.json` (every package with
 * advisories, as [ecosystem, name]). Returns the summary (`zips` lists the archives).
 */
export async function generateAdvisories({ dir, records, lookups, seed }) {
  const o = { records, lookups, seed };
  const GENERATED = dir;
  const stampFile = join(GENERATED, 'stamp.json');
  const stamp = JSON.stringify({ v: GENERATOR_VERSION, seed: o.seed, records: o.records, lookups: o.lookups });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(GENERATED, 'packages.json'))) return JSON.parse(readFileSync(join(GENERATED, 'summary.json'), 'utf8'));
  const { buildZip } = await import(pathToFileURL(join(ROOT, 'dist', 'vulns', 'osv', 'zip-write.js')).href);
  rmSync(GENERATED, { recursive: true, force: true });
  mkdirSync(GENERATED, { recursive: true });
  const rnd = createRandom(o.seed);
  const summary = { records: 0, perEcosystem: {}, zipBytes: 0, zips: [], lookupNames: join(GENERATED, 'lookup-names.json'), packages: join(GENERATED, 'packages.json') };
  const withAdvisories = new Map();
  let assigned = 0;
  for (const [k, spec] of ECOSYSTEMS.entries()) {
    const count = k === ECOSYSTEMS.length - 1 ? o.records - assigned : Math.round(o.records * spec.share);
    assigned += count;
    const pkgCount = Math.max(10, Math.round(count / 3));
    const ids = new Set();
    const entries = [];
    for (let n = 0; n < count; n++) {
      let r = makeRecord(spec, n, pkgCount, rnd);
      while (ids.has(r.id)) r = makeRecord(spec, n, pkgCount, rnd);
      ids.add(r.id);
      for (const a of r.affected) withAdvisories.set(`${spec.eco}\u0000${a.package.name}`, [spec.eco, a.package.name]);
      entries.push({ name: `${r.id}.json`, data: JSON.stringify(r, null, 2) });
    }
    const zip = buildZip(entries);
    const file = join(GENERATED, `${spec.eco}.zip`);
    writeFileSync(file, zip);
    summary.zips.push(file);
    summary.records += count;
    summary.perEcosystem[spec.eco] = count;
    summary.zipBytes += zip.length;
    process.stderr.write(`generated ${count} ${spec.eco} advisories (${(zip.length / 1048576).toFixed(1)} MB zip)\n`);
  }
  // 10,000 lookups as an SBOM would ask them, each package once: 30% packages with advisories
  // (picked uniformly among the distinct packages that have some), the rest without.
  const names = [];
  const vulnerable = [...withAdvisories.values()];
  summary.packagesWithAdvisories = vulnerable.length;
  for (let i = 0; i < o.lookups; i++) {
    if (i % 10 < 3 && vulnerable.length) names.push(vulnerable[rnd.int(0, vulnerable.length - 1)]);
    else {
      const spec = ECOSYSTEMS[rnd.int(0, ECOSYSTEMS.length - 1)];
      names.push([spec.eco, `${packageName(spec, rnd.int(0, 1e6))}-clean`]);
    }
  }
  writeFileSync(summary.lookupNames, JSON.stringify(names));
  writeFileSync(summary.packages, JSON.stringify(vulnerable));
  writeFileSync(join(GENERATED, 'summary.json'), JSON.stringify(summary, null, 2));
  writeFileSync(stampFile, stamp);
  return summary;
}

