#!/usr/bin/env node
// Store benchmark (issue 5), on PostgreSQL and PGlite:
//   1. CycloneDX ingest: a generated 10,000- and 50,000-component CycloneDX 1.6 JSON document is
//      read (readSbom) and ingested (ingestSnapshot) in a child process: parse ms, ingest ms, peak RSS.
//   2. Where-used: a generated portfolio (--projects x --components) is ingested, then
//      "which projects contain Maven log4j-core < 2.17.1" (and a package most projects use) is asked
//      --queries times: p50/p99.
// PostgreSQL: a database `ospo_bench_<pid>` is created on OSPO_BENCH_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/test) and dropped afterwards. PGlite: bench/out/store/.
//
// Usage: npm run build && node bench/store.js [--engines postgres,pglite] [--sizes 10000,50000]
//        [--projects 1000] [--components 500] [--queries 200]
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { measureNode } from './lib/measure.js';
import { createRandom } from './lib/random.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'out', 'store');
const DIST = join(HERE, '..', 'dist');
const ADMIN_URL = process.env.OSPO_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

const store = () => import(join(DIST, 'store', 'index.js'));

/** Writes a CycloneDX 1.6 JSON document with `n` npm components and a dependency chain graph. */
function writeCycloneDx(n, file) {
  const components = [];
  const dependencies = [];
  for (let i = 0; i < n; i++) {
    const name = `bench-pkg-${String(i).padStart(6, '0')}`;
    const purl = `pkg:npm/${name}@1.${i % 50}.${i % 7}`;
    components.push({
      type: 'library',
      'bom-ref': purl,
      name,
      version: `1.${i % 50}.${i % 7}`,
      purl,
      licenses: [{ license: { id: i % 3 === 0 ? 'MIT' : 'Apache-2.0' } }],
      hashes: [{ alg: 'SHA-256', content: (i.toString(16).padStart(8, '0')).repeat(8) }],
    });
    const deps = [];
    for (let k = 1; k <= 3 && i * 3 + k < n; k++) deps.push(`pkg:npm/bench-pkg-${String(i * 3 + k).padStart(6, '0')}@1.${(i * 3 + k) % 50}.${(i * 3 + k) % 7}`);
    dependencies.push({ ref: purl, dependsOn: deps });
  }
  const root = 'pkg:npm/bench-app@1.0.0';
  dependencies.push({ ref: root, dependsOn: [components[0]['bom-ref']] });
  const doc = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { component: { type: 'application', 'bom-ref': root, name: 'bench-app', version: '1.0.0', purl: root } },
    components,
    dependencies,
  };
  writeFileSync(file, JSON.stringify(doc));
}

async function adminQuery(text) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Opens options per engine, creating the database or directory. */
async function target(engine, label) {
  if (engine === 'postgres') {
    const db = `ospo_bench_${process.pid}_${label}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${db}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${db}`;
    return { options: { url: u.toString() }, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) };
  }
  const dir = join(OUT, `pglite-${process.pid}-${label}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return { options: { dataDir: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Child: reads the SBOM and ingests it into the project; prints timings as JSON. */
async function childIngest() {
  const { openStore, ingestSnapshot } = await store();
  const { readSbom } = await import(join(DIST, 'sbom', 'read', 'index.js'));
  const options = JSON.parse(flag('options'));
  const s = await openStore(options);
  try {
    const file = flag('file');
    let t = performance.now();
    const inventory = readSbom(readFileSync(file, 'utf8'), file);
    const parseMs = performance.now() - t;
    t = performance.now();
    const result = await ingestSnapshot(s, flag('project'), inventory, { source: 'sbom', tool: 'bench' });
    const ingestMs = performance.now() - t;
    t = performance.now();
    const again = await ingestSnapshot(s, flag('project'), inventory, { source: 'sbom', tool: 'bench' });
    const reingestMs = performance.now() - t;
    process.stdout.write(JSON.stringify({ parseMs, ingestMs, reingestMs, components: result.snapshot.componentCount, edges: result.snapshot.edgeCount, second: again.created }));
  } finally {
    await s.close();
  }
}

async function benchIngest(engine, sizes) {
  const { openStore, createTeam, createProject } = await store();
  const results = [];
  for (const n of sizes) {
    const file = join(OUT, `cyclonedx-${n}.json`);
    writeCycloneDx(n, file);
    const t = await target(engine, `ingest${n}`);
    try {
      const s = await openStore(t.options);
      const team = await createTeam(s, 'bench');
      const project = await createProject(s, { teamId: team.id, name: `sbom-${n}` });
      await s.close();
      const m = await measureNode(
        [fileURLToPath(import.meta.url), '--child', 'ingest', '--options', JSON.stringify(t.options), '--file', file, '--project', project.id],
        { keepStdout: true, timeoutMs: 600_000 },
      );
      if (m.code !== 0) throw new Error(`ingest child failed: ${m.stderr}`);
      const r = JSON.parse(m.stdout);
      results.push({ engine, n, ...r, rssMb: m.rssMb });
      console.log(
        `${engine.padEnd(8)} ingest ${String(n).padStart(6)} components: parse ${r.parseMs.toFixed(0)} ms, ingest ${r.ingestMs.toFixed(0)} ms (${r.edges} edges), identical re-ingest ${r.reingestMs.toFixed(0)} ms, peak RSS ${m.rssMb?.toFixed?.(0) ?? m.rssMb} MB (whole process incl. parse)`,
      );
    } finally {
      await t.drop();
    }
  }
  return results;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function benchWhereUsed(engine, projects, perProject, queries) {
  const { openStore, createTeam, createProject, ingestSnapshot, whereUsed } = await store();
  const t = await target(engine, 'portfolio');
  const s = await openStore(t.options);
  try {
    const rnd = createRandom(20240601);
    const team = await createTeam(s, 'bench');
    // A pool of 20,000 packages; a few popular ones most projects use; log4j-core in about 10%.
    const pool = Array.from({ length: 20_000 }, (_, i) => ({ name: `lib-${String(i).padStart(5, '0')}`, versions: 1 + (i % 4) }));
    const log4jVersions = ['2.14.1', '2.15.0', '2.16.0', '2.17.0', '2.17.1', '2.20.0', '2.23.1'];
    const started = performance.now();
    for (let p = 0; p < projects; p++) {
      const project = await createProject(s, { teamId: team.id, name: `project-${String(p).padStart(5, '0')}` });
      const chosen = new Set();
      const comps = [];
      const add = (ecosystem, name, version) => {
        const key = `${ecosystem}:${name}`;
        if (chosen.has(key)) return;
        chosen.add(key);
        const purl = ecosystem === 'npm' ? `pkg:npm/${name}@${version}` : `pkg:maven/${name.replace(':', '/')}@${version}`;
        comps.push({ id: purl, ecosystem, name, version, purl, scope: 'runtime', direct: comps.length < 20, locations: [{ file: 'package-lock.json' }] });
      };
      add('npm', 'lodash', `4.17.${15 + (p % 7)}`);
      if (rnd.next() < 0.1) add('Maven', 'org.apache.logging.log4j:log4j-core', log4jVersions[Math.floor(rnd.next() * log4jVersions.length)]);
      while (comps.length < perProject) {
        const lib = pool[Math.floor(rnd.next() * pool.length)];
        add('npm', lib.name, `1.${Math.floor(rnd.next() * lib.versions)}.0`);
      }
      const inventory = {
        root: project.name,
        name: project.name,
        projects: [{ id: 'project:.', path: '.', name: project.name, ecosystems: ['npm'], manifests: ['package-lock.json'], direct: [], components: [] }],
        components: comps.sort((a, b) => (a.id < b.id ? -1 : 1)),
        dependencies: new Map([['project:.', new Set(comps.filter((c) => c.direct).map((c) => c.id))]]),
        errors: [],
        skipped: [],
        warnings: [],
        stats: { filesSeen: 1, filesScanned: 1, ms: 0 },
      };
      await ingestSnapshot(s, project.id, inventory, { source: 'scan' });
      if (process.stderr.isTTY && p % 50 === 0) process.stderr.write(`\r${engine}: portfolio ${p}/${projects}`);
    }
    const loadS = (performance.now() - started) / 1000;
    if (process.stderr.isTTY) process.stderr.write('\r');
    console.log(`${engine.padEnd(8)} portfolio: ${projects} projects x ${perProject} components ingested in ${loadS.toFixed(1)} s (${((loadS * 1000) / projects).toFixed(0)} ms per project)`);
    const out = [];
    for (const [label, q] of [
      ['log4j-core < 2.17.1', { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', range: '< 2.17.1' }],
      ['lodash (every project)', { ecosystem: 'npm', name: 'lodash' }],
    ]) {
      let hits = 0;
      for (let i = 0; i < 10; i++) hits = (await whereUsed(s, q)).length; // warm-up
      const times = [];
      for (let i = 0; i < queries; i++) {
        const t0 = performance.now();
        await whereUsed(s, q);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const r = { engine, query: label, hits, p50: pct(times, 50), p99: pct(times, 99) };
      out.push(r);
      console.log(`${engine.padEnd(8)} where-used ${label}: ${hits} projects, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (${queries} queries)`);
    }
    return { loadS, queries: out };
  } finally {
    await s.close();
    await t.drop();
  }
}

async function main() {
  if (flag('child') === 'ingest') return childIngest();
  mkdirSync(OUT, { recursive: true });
  const engines = flag('engines', 'postgres,pglite').split(',');
  const sizes = flag('sizes', '10000,50000').split(',').map(Number);
  const projects = Number(flag('projects', '1000'));
  const perProject = Number(flag('components', '500'));
  const queries = Number(flag('queries', '200'));
  const report = { ingest: [], whereUsed: [] };
  for (const engine of engines) {
    if (engine === 'postgres') {
      try {
        await adminQuery('SELECT 1');
      } catch (err) {
        console.log(`postgres: skipped, ${ADMIN_URL} is unreachable (${err.message})`);
        continue;
      }
    }
    report.ingest.push(...(await benchIngest(engine, sizes)));
    if (projects > 0) report.whereUsed.push({ engine, ...(await benchWhereUsed(engine, projects, perProject, queries)) });
  }
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(report, null, 2));
}

await main();
