#!/usr/bin/env node
// Store benchmark (issue 5), on PostgreSQL and PGlite:
//   1. CycloneDX ingest: a generated 10,000- and 50,000-component CycloneDX 1.6 JSON document is
//      read (readSbom) and ingested (ingestSnapshot) in a child process: parse ms, ingest ms, peak RSS.
//   2. Where-used: a generated portfolio (--projects x --components; default the 10,000 x
//      500) is loaded, then "which projects contain Maven log4j-core < 2.17.1" (and lodash, which
//      every project uses) is asked --queries times: p50/p99. `--portfolio sql` (default) writes
//      the portfolio with set-based SQL in minutes (projects, one snapshot each, shared components,
//      links; no audit records or edges, which where-used does not read); `--portfolio ingest`
//      ingests every project through ingestSnapshot (slow at full scale: about 60 ms a project).
// PostgreSQL: a database `ospo_bench_<pid>` is created on OSPO_BENCH_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/test) and dropped afterwards. PGlite: bench/out/store/.
//
// Usage: npm run build && node bench/store.js [--engines postgres,pglite] [--sizes 10000,50000]
//        [--projects 10000] [--components 500] [--queries 200] [--portfolio sql|ingest]
//        [--keep] (leave the portfolio database or directory for EXPLAIN; its location is printed)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { measureNode } from './lib/measure.js';
import { createRandom } from './lib/random.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'out', 'store');
// OSPO_BENCH_DIST: another build to compare against (a copy of an older dist/).
const DIST = process.env.OSPO_BENCH_DIST ?? join(HERE, '..', 'dist');
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

/**
 * Writes the portfolio with set-based SQL: `projects` projects with one snapshot of `perProject`
 * components each — lodash (every project, 7 versions), log4j-core in about 10% (7 versions, 4
 * of them < 2.17.1), the rest drawn from a pool of 20,000 npm packages with 1-4 versions (a
 * per-project start and a stride coprime with 20,000, so a project never draws a package twice).
 * Chunks of 500 projects keep each statement's memory bounded (PGlite included).
 */
async function loadPortfolioSql(s, engine, teamId, projects, perProject) {
  const { sql } = await import('drizzle-orm');
  const run = (text) => s.db.execute(sql.raw(text));
  const POOL = 20_000;
  const picks = perProject - 2;
  await run(`INSERT INTO projects (team_id, name) SELECT '${teamId}', 'project-' || lpad(g::text, 5, '0') FROM generate_series(0, ${projects - 1}) g`);
  await run(`CREATE TEMP TABLE bench_pool AS
    SELECT i, v, 'lib-' || lpad(i::text, 5, '0') AS name, '1.' || v || '.0' AS version
    FROM generate_series(0, ${POOL - 1}) i CROSS JOIN generate_series(0, 3) v WHERE v < 1 + i % 4`);
  await run(`INSERT INTO components (identity, ecosystem, name, version, purl)
    SELECT 'pkg:npm/' || name || '@' || version, 'npm', name, version, 'pkg:npm/' || name || '@' || version FROM bench_pool ORDER BY i, v`);
  await run(`INSERT INTO components (identity, ecosystem, name, version, purl)
    SELECT 'pkg:npm/lodash@4.17.' || (15 + g), 'npm', 'lodash', '4.17.' || (15 + g), 'pkg:npm/lodash@4.17.' || (15 + g) FROM generate_series(0, 6) g
    UNION ALL
    SELECT 'pkg:maven/org.apache.logging.log4j/log4j-core@' || v, 'Maven', 'org.apache.logging.log4j:log4j-core', v, 'pkg:maven/org.apache.logging.log4j/log4j-core@' || v
    FROM unnest(ARRAY['2.14.1', '2.15.0', '2.16.0', '2.17.0', '2.17.1', '2.20.0', '2.23.1']) v`);
  await run(`CREATE TEMP TABLE bench_map AS SELECT b.i, b.v, c.id FROM bench_pool b JOIN components c ON c.identity = 'pkg:npm/' || b.name || '@' || b.version`);
  await run('ALTER TABLE bench_map ADD PRIMARY KEY (i, v)');
  await run(`CREATE TEMP TABLE bench_extra AS
    SELECT 'lodash' AS pkg, g AS v, id FROM components, generate_series(0, 6) g WHERE identity = 'pkg:npm/lodash@4.17.' || (15 + g)
    UNION ALL
    SELECT 'log4j', g - 1, c.id FROM unnest(ARRAY['2.14.1', '2.15.0', '2.16.0', '2.17.0', '2.17.1', '2.20.0', '2.23.1']) WITH ORDINALITY AS x(ver, g)
      JOIN components c ON c.identity = 'pkg:maven/org.apache.logging.log4j/log4j-core@' || x.ver`);
  await run(`INSERT INTO snapshots (project_id, source, tool, name, content_hash, component_count, direct_count, edge_count, projects, issues)
    SELECT id, 'bench', 'bench/store.js', name, md5(id::text), ${perProject}, 20, 0, '[]'::jsonb, '{"errors":[]}'::jsonb FROM projects ORDER BY name`);
  await run(`UPDATE projects p SET latest_snapshot_id = s.id FROM snapshots s WHERE s.project_id = p.id`);
  await run(`CREATE TEMP TABLE bench_snap AS SELECT s.id, (row_number() OVER (ORDER BY s.id) - 1)::bigint AS p FROM snapshots s`);
  const started = performance.now();
  for (let from = 0; from < projects; from += 500) {
    // The pool draw: start and stride per project; the stride is odd and no multiple of 5, so
    // coprime with 20,000 and the draws are distinct.
    await run(`INSERT INTO snapshot_components (snapshot_id, component_id, scope, direct, locations)
      SELECT d.id, m.id, 'runtime', d.k < 20, '[{"file":"package-lock.json"}]'::jsonb
      FROM (
        SELECT s.id, k, ((s.p * 7919 + k * st.stride) % ${POOL})::int AS i, s.p
        FROM bench_snap s
        CROSS JOIN LATERAL (SELECT CASE WHEN (2 * ((s.p * 37) % 4000) + 1) % 5 = 0 THEN 2 * ((s.p * 37) % 4000) + 3 ELSE 2 * ((s.p * 37) % 4000) + 1 END AS stride) st
        CROSS JOIN generate_series(0, ${picks - 1}) k
        WHERE s.p >= ${from} AND s.p < ${from + 500}
      ) d
      JOIN bench_map m ON m.i = d.i AND m.v = ((d.p + d.k) % (1 + d.i % 4))::int`);
    await run(`INSERT INTO snapshot_components (snapshot_id, component_id, scope, direct, locations)
      SELECT s.id, x.id, 'runtime', true, '[{"file":"package-lock.json"}]'::jsonb
      FROM bench_snap s JOIN bench_extra x ON
        (x.pkg = 'lodash' AND x.v = s.p % 7) OR (x.pkg = 'log4j' AND (s.p * 2654435761) % 1000 < 100 AND x.v = (s.p * 40503) % 7)
      WHERE s.p >= ${from} AND s.p < ${from + 500}`);
    if (process.stderr.isTTY) process.stderr.write(`\r${engine}: portfolio ${Math.min(from + 500, projects)}/${projects}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\r');
  // What autovacuum does on PostgreSQL shortly after a bulk load (statistics, visibility map for
  // index-only scans); PGlite has no autovacuum, so the benchmark runs it on both.
  await run('VACUUM ANALYZE');
  return (performance.now() - started) / 1000;
}

async function benchWhereUsed(engine, projects, perProject, queries, mode) {
  const { openStore, createTeam, createProject, ingestSnapshot, whereUsed } = await store();
  const t = await target(engine, 'portfolio');
  const s = await openStore(t.options);
  try {
    if (mode === 'sql') {
      const team = await createTeam(s, 'bench');
      const started = performance.now();
      await loadPortfolioSql(s, engine, team.id, projects, perProject);
      const loadS = (performance.now() - started) / 1000;
      const { sql } = await import('drizzle-orm');
      const [c] = (await s.db.execute(sql`SELECT (SELECT count(*) FROM snapshot_components) AS links, (SELECT count(DISTINCT snapshot_id) FROM snapshot_components) AS snaps`)).rows;
      console.log(`${engine.padEnd(8)} portfolio: ${projects} projects x ${perProject} components written with SQL in ${loadS.toFixed(1)} s (${c.links} links in ${c.snaps} snapshots)`);
      return { loadS, queries: await askWhereUsed(s, engine, whereUsed, queries) };
    }
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
    return { loadS, queries: await askWhereUsed(s, engine, whereUsed, queries) };
  } finally {
    await s.close();
    if (args.includes('--keep')) console.log(`${engine.padEnd(8)} portfolio kept: ${t.options.url ?? t.options.dataDir}`);
    else await t.drop();
  }
}

/** Asks the two where-used questions `queries` times each (after 10 warm-ups): p50/p99. */
async function askWhereUsed(s, engine, whereUsed, queries) {
  {
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
    return out;
  }
}

async function main() {
  if (flag('child') === 'ingest') return childIngest();
  mkdirSync(OUT, { recursive: true });
  const engines = flag('engines', 'postgres,pglite').split(',');
  const sizes = flag('sizes', '10000,50000').split(',').map(Number).filter((n) => n > 0);
  const projects = Number(flag('projects', '10000'));
  const mode = flag('portfolio', 'sql');
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
    if (projects > 0) report.whereUsed.push({ engine, ...(await benchWhereUsed(engine, projects, perProject, queries, mode)) });
  }
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(report, null, 2));
}

await main();
