#!/usr/bin/env node
// OSV database benchmark: import the shared real advisories plus a generated database of
// 300,000 advisories (`ospo db update --from ...`), then cold and warm lookups of 10,000
// package names in a fresh process. Run after `npm run build`:
//
//   node bench/osv-import.js [--records N] [--lookups N] [--seed N] [--runs N]
//
// Targets (issue 4): import <= 90 s and <= 1.5 GB peak RSS; cold lookup of 10,000 names well
// under 1 s. Generated data goes to bench/out/osv/ (regenerated when the generator, seed or
// size changes). Results are printed and written to bench/out/results/osv-import.json.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureNode } from './lib/measure.js';
import { createRandom } from './lib/random.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'out', 'osv');
const GENERATED = join(OUT, 'generated');
const DATA = join(OUT, 'data');
const SHARED = join(ROOT, '..', 'shared', 'data', 'osv');
const GENERATOR_VERSION = 2;
const rel = (p) => relative(process.cwd(), p) || '.';

// ---------------------------------------------------------------------------------------------
// The lookup child: `node bench/osv-import.js --lookup-child DATA NAMES` (a fresh process, so
// the first pass is cold: nothing loaded but Node and the module).

if (process.argv[2] === '--lookup-child') {
  const [, , , dataDir, namesFile] = process.argv;
  const t0 = process.hrtime.bigint();
  const { openDatabase } = await import(pathToFileURL(join(ROOT, 'dist', 'vulns', 'osv', 'db.js')).href);
  const t1 = process.hrtime.bigint();
  const names = JSON.parse(readFileSync(namesFile, 'utf8'));
  const t2 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const db = openDatabase(dataDir);
  let hits = 0;
  let records = 0;
  for (const [eco, name] of names) {
    const found = db.lookup(eco, name);
    if (found.length) hits++;
    records += found.length;
  }
  const t3 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  let warmRecords = 0;
  for (const [eco, name] of names) warmRecords += db.lookup(eco, name).length;
  const t4 = process.hrtime.bigint();
  const ms = (a, b) => Number(b - a) / 1e6;
  process.stdout.write(`${JSON.stringify({ moduleMs: ms(t0, t1), coldMs: ms(t2, t3), coldCpuMs: (cpu.user + cpu.system) / 1000, warmMs: ms(t3, t4), lookups: names.length, hits, records, warmRecords, rssMb: process.memoryUsage().rss / 1048576 })}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// options

function parseArgs(argv) {
  const o = { records: 300_000, lookups: 10_000, seed: 20240601, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => Number(argv[++i]);
    if (a === '--records') o.records = v();
    else if (a === '--lookups') o.lookups = v();
    else if (a === '--seed') o.seed = v();
    else if (a === '--runs') o.runs = v();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// generator: realistic OSV records (the shapes GHSA, PYSEC, GO and RUSTSEC records have)

const ECOSYSTEMS = [
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

function packageName(spec, i, rnd) {
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

async function generate(o) {
  const stampFile = join(GENERATED, 'stamp.json');
  const stamp = JSON.stringify({ v: GENERATOR_VERSION, seed: o.seed, records: o.records, lookups: o.lookups });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return JSON.parse(readFileSync(join(GENERATED, 'summary.json'), 'utf8'));
  const { buildZip } = await import(pathToFileURL(join(ROOT, 'dist', 'vulns', 'osv', 'zip-write.js')).href);
  rmSync(GENERATED, { recursive: true, force: true });
  mkdirSync(GENERATED, { recursive: true });
  const rnd = createRandom(o.seed);
  const summary = { records: 0, perEcosystem: {}, zipBytes: 0, lookupNames: join(GENERATED, 'lookup-names.json') };
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
  writeFileSync(join(GENERATED, 'summary.json'), JSON.stringify(summary, null, 2));
  writeFileSync(stampFile, stamp);
  return summary;
}

function du(dir) {
  let total = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const st = statSync(join(dir, name));
    if (st.isFile()) total += st.size;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------

const o = parseArgs(process.argv.slice(2));
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run `npm run build` first');
if (!existsSync(SHARED)) throw new Error(`the shared advisories are missing: ${SHARED}`);
const genStart = Date.now();
const summary = await generate(o);
const genSeconds = (Date.now() - genStart) / 1000;
const zips = ECOSYSTEMS.map((s) => join(GENERATED, `${s.eco}.zip`));

const imports = [];
for (let run = 0; run < o.runs; run++) {
  rmSync(DATA, { recursive: true, force: true });
  const r = await measureNode([join(ROOT, 'bin', 'ospo.js'), 'db', 'update', '--from', SHARED, ...zips, '--data-dir', DATA, '--format', 'json'], { keepStdout: true });
  if (r.code !== 0) throw new Error(`import failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
  imports.push({ ...r, report: JSON.parse(r.stdout) });
}
const best = imports.reduce((a, b) => (a.wallMs <= b.wallMs ? a : b));
const db = best.report.database;
const expectedGenerated = summary.records;
const perEco = Object.fromEntries(Object.entries(db.ecosystems).map(([eco, e]) => [eco, e.records]));

const lookup = await measureNode([fileURLToPath(import.meta.url), '--lookup-child', DATA, summary.lookupNames], { keepStdout: true });
if (lookup.code !== 0) throw new Error(`lookup failed: ${lookup.stderr}`);
const lk = JSON.parse(lookup.stdout);

const results = {
  machine: { cpus: cpus().length, load: loadavg().map((x) => x.toFixed(2)).join(' '), node: process.version },
  generated: { records: expectedGenerated, zipMb: summary.zipBytes / 1048576, seconds: genSeconds },
  import: {
    runs: imports.map((r) => ({ wallS: r.wallMs / 1000, rssMb: r.rssMb, cpuS: r.cpuS })),
    bestWallS: best.wallMs / 1000,
    peakRssMb: Math.max(...imports.map((r) => r.rssMb ?? 0)),
    records: db.records,
    recordsPerSecond: Math.round(db.records / (best.wallMs / 1000)),
    perEcosystem: perEco,
    quarantined: db.quarantined,
    databaseMb: du(DATA) / 1048576,
  },
  lookup: { ...lk, processWallMs: lookup.wallMs, processRssMb: lookup.rssMb },
};
mkdirSync(join(HERE, 'out', 'results'), { recursive: true });
writeFileSync(join(HERE, 'out', 'results', 'osv-import.json'), `${JSON.stringify(results, null, 2)}\n`);

const line = (k, v) => process.stdout.write(`${k.padEnd(34)} ${v}\n`);
process.stdout.write(`\nOSV import benchmark (${results.machine.cpus} CPUs, load ${results.machine.load}, Node ${results.machine.node})\n\n`);
line('generated advisories', `${expectedGenerated.toLocaleString('en')} in ${ECOSYSTEMS.length} per-ecosystem zips (${results.generated.zipMb.toFixed(0)} MB)`);
line('shared real advisories', rel(SHARED));
line('import wall time (target <= 90 s)', `${results.import.bestWallS.toFixed(1)} s${o.runs > 1 ? ` (best of ${o.runs})` : ''}`);
line('import peak RSS (target <= 1536 MB)', `${results.import.peakRssMb.toFixed(0)} MB`);
line('import CPU time', `${best.cpuS?.toFixed(1)} s (wall exceeds it when other work shares the CPUs)`);
line('distinct advisories imported', `${db.records.toLocaleString('en')} (${results.import.recordsPerSecond.toLocaleString('en')}/s), ${db.quarantined} quarantined`);
line('database on disk', `${results.import.databaseMb.toFixed(0)} MB`);
line(`cold lookup of ${lk.lookups} names`, `${lk.coldMs.toFixed(0)} ms wall, ${lk.coldCpuMs.toFixed(0)} ms CPU (${lk.hits} with advisories, ${lk.records} records read)`);
line('warm lookup (same names again)', `${lk.warmMs.toFixed(1)} ms`);
line('module load', `${lk.moduleMs.toFixed(0)} ms`);
line('lookup process wall / peak RSS', `${lookup.wallMs.toFixed(0)} ms / ${lookup.rssMb?.toFixed(0)} MB`);
process.stdout.write(`\nresults: ${rel(join(HERE, 'out', 'results', 'osv-import.json'))}\n`);
