#!/usr/bin/env node
// Vulnerability matching benchmark (issue 4: "match a 10,000-component SBOM in <= 1 s cold and
// <= 100 ms warm with <= 300 MB"). Run after `npm run build`:
//   node --expose-gc bench/vulns-match.js [--components N] [--generated N] [--runs N] [--cold-runs N]
//
// The advisories are the shared real ones plus N generated ones (300,000 by default, the same
// generator and seed as bench/osv-import.js: bench/lib/osv-generate.js); the inventory is 10,000
// components (names drawn from the shared advisories, so many match, plus generated-advisory
// names and names nothing mentions), written as a CycloneDX 1.6 JSON SBOM.
//
// The advisories are imported once into an on-disk database (`ospo db update --from`, kept under
// bench/out/vulns-match/ until the inputs change). Then:
// Row 1, in-process: a fresh Node process reads the SBOM, opens the database (`openDatabase`),
// matches and holds the findings; "cold" is that process's time from before loading Ospo's
// modules to the findings (and the whole process's wall time, Node start-up included), "warm"
// the second and later matches in the same process, RSS the process's peak.
// Row 2, end to end: `ospo vulns SBOM --data-dir DATA` as a user runs it (Node start-up, the
// CLI, the report written), in the table (default) and json formats.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;

// ---------------------------------------------------------------------------------------------
// The child: `node bench/vulns-match.js --child DATA_DIR SBOM RUNS` (a fresh process).
if (process.argv[2] === '--child') {
  const [, , , dataDir, sbomFile, runsArg] = process.argv;
  const runs = Number(runsArg);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const [{ readSbom }, { openDatabase }, { matchComponents }] = await Promise.all([import(dist('sbom/read/index.js')), import(dist('vulns/osv/db.js')), import(dist('vulns/match/index.js'))]);
  const t1 = performance.now();
  const inventory = readSbom(readFileSync(sbomFile, 'utf8'), sbomFile);
  const t2 = performance.now();
  const db = openDatabase(dataDir);
  const first = matchComponents(inventory, db);
  const t3 = performance.now();
  const c1 = process.cpuUsage(c0);
  const warm = [];
  const warmCpu = [];
  let count = 0;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const cpu = process.cpuUsage();
    count = matchComponents(inventory, db).findings.length;
    const used = process.cpuUsage(cpu);
    warm.push(performance.now() - s);
    warmCpu.push((used.user + used.system) / 1000);
  }
  process.stdout.write(
    `${JSON.stringify({
      moduleMs: t1 - t0,
      sbomMs: t2 - t1,
      matchMs: t3 - t2,
      coldMs: t3 - t0,
      // performance.now() counts from the process's start: Node start-up included.
      sinceStartMs: t3,
      coldCpuMs: (c1.user + c1.system) / 1000,
      secondMs: warm[0],
      secondCpuMs: warmCpu[0],
      warm,
      warmCpu,
      components: inventory.components.length,
      findings: first.findings.length,
      warmFindings: count,
      vulnerable: new Set(first.findings.map((f) => f.componentId)).size,
      unevaluated: first.unevaluated.length,
    })}\n`,
  );
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
const { measureNode } = await import('./lib/measure.js');
const { generateAdvisories } = await import('./lib/osv-generate.js');
const { loadavg } = await import('node:os');
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const COMPONENTS = arg('--components', 10_000);
const GENERATED = arg('--generated', 300_000);
const RUNS = arg('--runs', 20);
const COLD_RUNS = arg('--cold-runs', 3);
const GENERATOR_VERSION = 2;

const { parseYaml } = await import(dist('parsers/index.js'));
const { toPurl } = await import(dist('model/purl.js'));

let seed = 20240601;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

const OSV = join(ROOT, '..', 'shared', 'data', 'osv');
if (!existsSync(OSV)) {
  console.error(`shared advisories not found at ${OSV}`);
  process.exit(2);
}
const OUT = join(HERE, 'out', 'vulns-match');
const DATA = join(OUT, 'data');
const SBOM = join(OUT, 'inventory.cdx.json');
const load = loadavg().map((x) => x.toFixed(2)).join(' ');

const t0 = performance.now();
const records = [];
for (const dir of ['ghsa', 'osv-dev-api', 'golang-vulndb', 'rustsec-osv', 'pypa-advisory-database']) {
  for (const f of readdirSync(join(OSV, dir), { recursive: true })) {
    const path = join(OSV, dir, f);
    if (f.endsWith('.json')) {
      const doc = JSON.parse(readFileSync(path, 'utf8'));
      if (Array.isArray(doc.vulns)) records.push(...doc.vulns);
      else records.push(doc);
    } else if (f.endsWith('.yaml')) records.push(parseYaml(readFileSync(path, 'utf8'), f));
  }
}
const shared = records.length;
// The generated advisories (shared with bench/osv-import.js, made once).
const generated = await generateAdvisories({ dir: join(HERE, 'out', 'osv', 'generated'), records: GENERATED, lookups: 10_000, seed: 20240601 });
const generatedPackages = JSON.parse(readFileSync(generated.packages, 'utf8'));

// The inventory: 60% names from the shared advisories (versions taken from their events, so
// some are affected and some fixed), 20% generated-advisory names, 20% names nothing mentions.
// One pool entry per package (not per advisory), as an SBOM lists each package once: a package
// with 300 advisories (Go's stdlib) is as likely to be drawn as one with a single advisory.
const byPackage = new Map();
for (const r of records) {
  for (const a of r.affected ?? []) {
    if (!a.package) continue;
    const key = `${a.package.ecosystem}\u0000${a.package.name}`;
    let entry = byPackage.get(key);
    if (!entry) byPackage.set(key, (entry = { ecosystem: a.package.ecosystem, name: a.package.name, versions: [] }));
    for (const rg of a.ranges ?? []) for (const e of rg.events ?? []) for (const v of Object.values(e)) if (v !== '0' && typeof v === 'string' && !/^[0-9a-f]{40}$/.test(v)) entry.versions.push(v);
  }
}
const pool = [...byPackage.values()].filter((p) => p.versions.length > 0);
const components = [];
const ids = new Set();
for (let i = 0; components.length < COMPONENTS; i++) {
  const kind = i % 5;
  let c;
  if (kind < 3) {
    const p = pool[rand(pool.length)];
    c = { ecosystem: p.ecosystem, name: p.name, version: p.versions[rand(p.versions.length)] };
  } else if (kind === 3) {
    const [ecosystem, name] = generatedPackages[rand(generatedPackages.length)];
    c = { ecosystem, name, version: `${rand(7)}.${rand(21)}.${rand(31)}` };
  } else {
    c = { ecosystem: 'npm', name: `unrelated-${i}`, version: `1.${rand(20)}.${rand(20)}` };
  }
  const id = `pkg:${c.ecosystem}/${c.name}@${c.version}`;
  if (ids.has(id)) continue;
  ids.add(id);
  components.push(c);
}
const loadMs = performance.now() - t0;

// ---------------------------------------------------------------------------------------------
// The on-disk database and the SBOM, rebuilt when the inputs change.
const stamp = JSON.stringify({ GENERATOR_VERSION, GENERATED, COMPONENTS, shared, generated: generated.records, dist: existsSync(join(ROOT, 'dist', 'vulns', 'osv', 'db.js')), format: (await import(dist('vulns/osv/db.js'))).DB_FORMAT });
const stampFile = join(OUT, 'stamp.json');
let importMs = 0;
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp || !existsSync(SBOM) || !existsSync(join(DATA, 'osv', 'current'))) {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const r = await measureNode([join(ROOT, 'bin', 'ospo.js'), 'db', 'update', '--from', OSV, ...generated.zips, '--data-dir', DATA, '--format', 'json'], { keepStdout: true });
  if (r.code !== 0) {
    console.error(`import failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
    process.exit(1);
  }
  importMs = r.wallMs;
  const report = JSON.parse(r.stdout);
  if (report.database.quarantined > 0) console.error(`import quarantined ${report.database.quarantined} records`);
  // A CycloneDX 1.6 SBOM listing every component by purl (what `readSbom` matches on).
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: components.map((c, i) => {
      const purl = toPurl(c.ecosystem, c.name, c.version);
      return { type: 'library', 'bom-ref': `c${i}`, name: c.name, version: c.version, purl };
    }),
  };
  writeFileSync(SBOM, JSON.stringify(bom));
  writeFileSync(stampFile, stamp);
}

// Row 1: fresh processes over the on-disk database.
const coldRuns = [];
for (let i = 0; i < COLD_RUNS; i++) {
  const r = await measureNode([fileURLToPath(import.meta.url), '--child', DATA, SBOM, String(RUNS)], { keepStdout: true });
  if (r.code !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  coldRuns.push({ ...JSON.parse(r.stdout), wallMs: r.wallMs, rssMb: r.rssMb, cpuS: r.cpuS });
}

// Row 2: the CLI end to end, as a user runs it.
const cli = {};
for (const format of ['table', 'json']) {
  cli[format] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const outFile = join(OUT, `report.${format}`);
    const r = await measureNode([join(ROOT, 'bin', 'ospo.js'), 'vulns', SBOM, '--data-dir', DATA, '--format', format, '-o', outFile]);
    if (r.code !== 0) {
      console.error(`ospo vulns exited ${r.code}: ${r.stderr.slice(-2000)}`);
      process.exit(1);
    }
    cli[format].push(r);
  }
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const f1 = (x) => x.toFixed(1);
const best = sorted(coldRuns.map((r) => r.coldMs))[0];
const allWarm = coldRuns.flatMap((r) => r.warm);
const allWarmCpu = coldRuns.flatMap((r) => r.warmCpu);
const c = coldRuns[0];
console.log(`load average at start ${load}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')} (${(await import('node:os')).cpus().length} CPUs)`);
console.log(`advisories: ${shared} shared + ${generated.records} generated; inventory built in ${Math.round(loadMs)} ms${importMs ? `; on-disk database imported in ${Math.round(importMs)} ms` : ' (on-disk database reused)'}`);
console.log(`inventory: ${COMPONENTS} components (CycloneDX SBOM ${SBOM.slice(ROOT.length + 1)}); findings ${c.findings} on ${c.vulnerable} components, ${c.unevaluated} unevaluated`);
console.log('');
console.log(`in-process, fresh process over the on-disk database (${COLD_RUNS} processes, ${RUNS} warm matches each):`);
console.log(`  cold (modules + SBOM + open + match): median ${f1(median(coldRuns.map((r) => r.coldMs)))} ms, best ${f1(best)} ms (target <= 1000 ms); CPU median ${f1(median(coldRuns.map((r) => r.coldCpuMs)))} ms`);
console.log(`    of which modules ${f1(median(coldRuns.map((r) => r.moduleMs)))} ms, SBOM read ${f1(median(coldRuns.map((r) => r.sbomMs)))} ms, open + first match ${f1(median(coldRuns.map((r) => r.matchMs)))} ms`);
console.log(`  from process start to findings (Node start-up included): median ${f1(median(coldRuns.map((r) => r.sinceStartMs)))} ms`);
console.log(`  warm, second match: median ${f1(median(coldRuns.map((r) => r.secondMs)))} ms (CPU ${f1(median(coldRuns.map((r) => r.secondCpuMs)))} ms) (target <= 100 ms)`);
console.log(`  warm, all later matches: median ${f1(median(allWarm))} ms, min ${f1(sorted(allWarm)[0])} ms; CPU median ${f1(median(allWarmCpu))} ms, min ${f1(sorted(allWarmCpu)[0])} ms`);
console.log(`  peak RSS of the process: median ${Math.round(median(coldRuns.map((r) => r.rssMb)))} MB, max ${Math.round(Math.max(...coldRuns.map((r) => r.rssMb)))} MB (target <= 300 MB)`);
if (coldRuns.some((r) => r.warmFindings !== r.findings)) console.log('  WARNING: warm and cold matches found different numbers of findings');
console.log('');
console.log(`end to end, \`ospo vulns ${SBOM.slice(ROOT.length + 1)} --data-dir ${DATA.slice(ROOT.length + 1)} --format F -o FILE\` (${COLD_RUNS} runs each):`);
for (const [format, runs] of Object.entries(cli)) {
  console.log(`  ${format.padEnd(5)}: wall median ${Math.round(median(runs.map((r) => r.wallMs)))} ms, best ${Math.round(sorted(runs.map((r) => r.wallMs))[0])} ms (target <= 1000 ms); CPU median ${Math.round(1000 * median(runs.map((r) => r.cpuS ?? 0)))} ms; peak RSS ${Math.round(Math.max(...runs.map((r) => r.rssMb ?? 0)))} MB`);
}
