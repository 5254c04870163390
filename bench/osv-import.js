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
import { ECOSYSTEMS, generateAdvisories } from './lib/osv-generate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'out', 'osv');
const GENERATED = join(OUT, 'generated');
const DATA = join(OUT, 'data');
const SHARED = join(ROOT, '..', 'shared', 'data', 'osv');
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
const summary = await generateAdvisories({ dir: GENERATED, records: o.records, lookups: o.lookups, seed: o.seed });
const genSeconds = (Date.now() - genStart) / 1000;
const zips = summary.zips ?? ECOSYSTEMS.map((s) => join(GENERATED, `${s.eco}.zip`));

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
