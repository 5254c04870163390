#!/usr/bin/env node
// Read-API benchmark (issue 5): `ospo serve` is started as a child process on loopback, on
// PostgreSQL and on PGlite, over a generated portfolio (--projects x --components, each project
// uploaded through the API so findings exist), then autocannon drives a mix of read routes
// (project list, one project, its findings, where-used, licenses, findings filtered by severity)
// with a bearer token for --seconds. Prints requests/s and latency p50/p99 per engine.
// PostgreSQL: a database `ospo_bench_api_<pid>` on OSPO_BENCH_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/test), dropped afterwards. PGlite: bench/out/api/.
//
// Usage: npm run build && node bench/api.js [--engines postgres,pglite] [--projects 200]
//        [--components 200] [--seconds 10] [--connections 10] [--only 0-5 (one route of the mix)]
//        [--per-route SECONDS (then each route alone for that long)]
// Also prints the load average before each run and the server process's CPU time during it
// (user+system from /proc, Linux), so a figure taken on a busy machine can be judged.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'out', 'api');
const DIST = join(HERE, '..', 'dist');
const BIN = join(HERE, '..', 'bin', 'ospo.js');
const ADMIN_URL = process.env.OSPO_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ENGINES = flag('engines', 'postgres,pglite').split(',');
const PROJECTS = Number(flag('projects', '200'));
const COMPONENTS = Number(flag('components', '200'));
const SECONDS = Number(flag('seconds', '10'));
const CONNECTIONS = Number(flag('connections', '10'));

const ROUTE_NAMES = ['projects list', 'one project', 'project findings', 'where-used', 'snapshots', 'findings by severity'];

/** CPU seconds (user + system) a process has used so far, from /proc (undefined elsewhere). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** A CycloneDX document of `n` npm components; project i has its own versions of some. */
function bom(i, n) {
  const components = [];
  for (let c = 0; c < n; c++) {
    const name = c === 0 ? 'lodash' : `pkg-${c}`;
    const version = c === 0 ? (i % 2 ? '4.17.20' : '4.17.21') : `1.${(c + i) % 7}.0`;
    components.push({ type: 'library', 'bom-ref': `r${c}`, name, version, purl: `pkg:npm/${name}@${version}`, licenses: [{ license: { id: c % 3 ? 'MIT' : 'Apache-2.0' } }] });
  }
  return JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, metadata: { component: { type: 'application', name: `app-${i}`, 'bom-ref': 'app' } }, components, dependencies: [{ ref: 'app', dependsOn: components.map((c) => c['bom-ref']) }] });
}

async function adminQuery(text) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

function serve(extra) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`ospo serve exited ${code}: ${err}`)));
  });
}

async function run(engine) {
  const { openStore, createTeam } = await import(join(DIST, 'store', 'index.js'));
  const { createUser } = await import(join(DIST, 'store', 'repo', 'users.js'));
  const { createToken } = await import(join(DIST, 'store', 'repo', 'tokens.js'));
  let open;
  let flags;
  let drop = async () => {};
  if (engine === 'postgres') {
    const db = `ospo_bench_api_${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${db}`);
    await adminQuery(`CREATE DATABASE ${db}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${db}`;
    open = { url: u.toString() };
    flags = ['--database', u.toString(), '--data-dir', join(OUT, 'pg-data')];
    drop = () => adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  } else {
    rmSync(join(OUT, 'pglite'), { recursive: true, force: true });
    mkdirSync(join(OUT, 'pglite'), { recursive: true });
    open = { dataDir: join(OUT, 'pglite') };
    flags = ['--data-dir', join(OUT, 'pglite')];
  }
  const store = await openStore(open);
  const team = await createTeam(store, 'bench');
  const user = await createUser(store, { email: 'bench@example.com', role: 'ospo', teamIds: [team.id] });
  const { token } = await createToken(store, { userId: user.id, name: 'bench' });
  await store.close();

  const { child, url } = await serve(flags);
  const headers = { authorization: `Bearer ${token}` };
  try {
    const seedStart = performance.now();
    const ids = [];
    for (let i = 0; i < PROJECTS; i++) {
      const p = await (await fetch(`${url}/api/v1/projects`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ teamId: team.id, name: `app-${i}` }) })).json();
      ids.push(p.id);
      const r = await fetch(`${url}/api/v1/projects/${p.id}/snapshots`, { method: 'POST', headers: { ...headers, 'content-type': 'application/vnd.cyclonedx+json' }, body: bom(i, COMPONENTS) });
      if (r.status !== 201) throw new Error(`upload ${i}: ${r.status} ${await r.text()}`);
    }
    const seedMs = performance.now() - seedStart;
    let n = 0;
    const only = flag('only', undefined);
    let fixed;
    const paths = () => {
      const id = ids[n++ % ids.length];
      return [
        '/api/v1/projects?limit=50',
        `/api/v1/projects/${id}`,
        `/api/v1/findings?project=${id}`,
        '/api/v1/components/usage?ecosystem=npm&name=lodash&range=%3C%204.17.21',
        `/api/v1/projects/${id}/snapshots`,
        '/api/v1/findings?severity=critical,high&limit=50',
      ][fixed !== undefined ? fixed : only !== undefined ? Number(only) : n % 6];
    };
    const measure = async (seconds) => {
      const cpu0 = cpuSeconds(child.pid);
      const loadBefore = load();
      const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }] });
      const cpu = cpu0 === undefined ? undefined : cpuSeconds(child.pid) - cpu0;
      return { result, cpu, loadBefore };
    };
    const line = ({ result, cpu, loadBefore }, seconds) =>
      `${Math.round(result.requests.average)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `${result.requests.total} requests, ${result.non2xx + result.errors} non-2xx/errors (${CONNECTIONS} connections, ${seconds} s); ` +
      `server CPU ${cpu === undefined ? '?' : `${cpu.toFixed(1)} s (${((cpu / seconds) * 100).toFixed(0)}% of one core, ${((cpu * 1000) / Math.max(1, result.requests.total)).toFixed(2)} ms/request)`}; load ${loadBefore}`;
    // Warm-up, then the measured run.
    await autocannon({ url, connections: CONNECTIONS, duration: 2, headers, requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }] });
    const mix = await measure(SECONDS);
    console.log(`${engine.padEnd(8)} ${PROJECTS} projects x ${COMPONENTS} components (seeded through the API in ${(seedMs / 1000).toFixed(1)} s): ${line(mix, SECONDS)}`);
    const perRoute = flag('per-route', undefined);
    if (perRoute !== undefined && only === undefined) {
      for (let r = 0; r < ROUTE_NAMES.length; r++) {
        fixed = r;
        console.log(`  ${ROUTE_NAMES[r].padEnd(22)} ${line(await measure(Number(perRoute)), Number(perRoute))}`);
      }
      fixed = undefined;
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await drop();
  }
}

mkdirSync(OUT, { recursive: true });
for (const engine of ENGINES) await run(engine);
