#!/usr/bin/env node
// Ospo benchmarks (not part of `npm test`). Run with `npm run bench` (builds first) or
// `node bench/run.js [options]` after `npm run build`.
//
//   --only portfolio,sbom,peer   run only these parts (default: all three)
//   --repos N                    portfolio size (default 1000)
//   --peer-repos N               portfolio subset cdxgen runs on (default 100); 0 skips it
//   --peer-full                  also run cdxgen on the whole portfolio (else only when the
//                                subset says it would finish within ~10 minutes)
//   --no-peer-full               never run cdxgen on the whole portfolio
//   --peer-timeout S             kill a cdxgen run after S seconds (default 1800)
//   --runs N                     timed repetitions of the CLI runs (default 3; portfolio 1)
//   --portfolio-runs N           timed repetitions of the portfolio scan (default 1)
//   --profile                    also CPU-profile Ospo (node --cpu-prof) and print where time goes
//   --seed N                     generator seed (default 20240601)
//   --report                     print the table of the last run (bench/out/results/latest.json) again
//
// Inputs are generated into bench/out/ by bench/generate.js when missing or stale; the peer
// (@cyclonedx/cdxgen@12) is installed into bench/out/peers on first use. Results are printed as
// a table and written to bench/out/results/latest.json.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatorHash } from './generate.js';
import { compare, expectedKeys, keysFromCycloneDx, keysFromOspoScan } from './lib/compare.js';
import { hasGnuTime, measureNode } from './lib/measure.js';
import { summarizeProfile } from './lib/profile-summary.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, 'out');
const RESULTS = join(OUT, 'results');
// Ospo runs from a frozen copy of the build (bench/out/ospo): others may rebuild dist/ while a
// long benchmark runs, which would otherwise break or change the program under measurement.
const SNAPSHOT = join(OUT, 'ospo');
const OSPO = join(SNAPSHOT, 'bin', 'ospo.js');
const PEERS = join(OUT, 'peers');
const CDXGEN = join(PEERS, 'node_modules', '@cyclonedx', 'cdxgen', 'bin', 'cdxgen.js');
const rel = (p) => relative(ROOT, p) || '.';

// ---------------------------------------------------------------------------------------------
// options

function parseArgs(argv) {
  const o = { only: new Set(['portfolio', 'sbom', 'peer']), repos: 1000, peerRepos: 100, peerFull: undefined, peerTimeout: 1800, runs: 3, portfolioRuns: 1, profile: false, seed: 20240601 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only') o.only = new Set(val().split(','));
    else if (a === '--repos') o.repos = Number(val());
    else if (a === '--peer-repos') o.peerRepos = Number(val());
    else if (a === '--peer-full') o.peerFull = true;
    else if (a === '--no-peer-full') o.peerFull = false;
    else if (a === '--peer-timeout') o.peerTimeout = Number(val());
    else if (a === '--runs') o.runs = Number(val());
    else if (a === '--portfolio-runs') o.portfolioRuns = Number(val());
    else if (a === '--profile') o.profile = true;
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--report') o.reportOnly = true;
    else if (a === '--help' || a === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 20).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  for (const part of o.only) if (!['portfolio', 'sbom', 'peer'].includes(part)) throw new Error(`--only: unknown part ${part}`);
  return o;
}

// ---------------------------------------------------------------------------------------------
// helpers

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtMs = (ms) => (ms == null ? '-' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
/** A timed result's median wall time, or why there is none. */
const wall = (t) => (t.timedOut && t.wallMs == null ? 'timed out' : t.wallMs == null ? `FAILED (exit ${t.codes.join(',')})` : `${fmtMs(t.wallMs)}${t.failed ? ' (some runs failed)' : ''}`);
const fmtMb = (mb) => (mb == null ? '-' : `${Math.round(mb)} MB`);
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));

/** Copies the current build (dist/, bin/ospo.js, package.json) to bench/out/ospo and checks it runs. */
function snapshotBuild() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`, which builds first)');
  for (let attempt = 1; ; attempt++) {
    rmSync(SNAPSHOT, { recursive: true, force: true });
    mkdirSync(join(SNAPSHOT, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(SNAPSHOT, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'bin', 'ospo.js'), OSPO);
    cpSync(join(ROOT, 'package.json'), join(SNAPSHOT, 'package.json'));
    const r = spawnSync(process.execPath, [OSPO, 'formats'], { encoding: 'utf8' });
    if (r.status === 0) return;
    if (attempt === 3) throw new Error(`the build does not run (node bin/ospo.js formats):\n${r.stderr}`);
    log('the build does not run yet (someone may be rebuilding dist/); retrying in 30 s');
    spawnSync('sleep', ['30']);
  }
}

/** Generates the inputs when they are missing, of another size or seed, or from older generator code. */
function ensureData(opts) {
  const hash = generatorHash();
  const pm = join(OUT, 'portfolio.manifest.json');
  const lm = join(OUT, 'large.manifest.json');
  const portfolioOk = existsSync(pm) && (() => {
    const m = readJson(pm);
    return m.generator === hash && m.repos === opts.repos && m.seed === opts.seed && existsSync(join(OUT, 'portfolio.expected-by-project.tsv'));
  })();
  const largeOk = existsSync(lm) && (() => {
    const m = readJson(lm);
    return m.generator === hash && m.seed === opts.seed;
  })();
  const needPortfolio = (opts.only.has('portfolio') || opts.only.has('peer')) && !portfolioOk;
  const needLarge = (opts.only.has('sbom') || opts.only.has('peer')) && !largeOk;
  if (!needPortfolio && !needLarge) return;
  const args = [join(HERE, 'generate.js'), '--repos', String(opts.repos), '--seed', String(opts.seed)];
  if (!needPortfolio) args.push('--only', 'large');
  if (!needLarge) args.push('--only', 'portfolio');
  log(`generating inputs: node ${args.map((a) => (a.startsWith('/') ? rel(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('generator failed');
}

function ensurePeer() {
  if (existsSync(CDXGEN)) return;
  log('installing the peer: npm install --prefix bench/out/peers @cyclonedx/cdxgen@12 --no-audit --no-fund');
  mkdirSync(PEERS, { recursive: true });
  const r = spawnSync('npm', ['install', '--prefix', PEERS, '@cyclonedx/cdxgen@12', '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(CDXGEN)) throw new Error('could not install @cyclonedx/cdxgen@12');
}

function peerVersion() {
  return readJson(join(PEERS, 'node_modules', '@cyclonedx', 'cdxgen', 'package.json')).version;
}

/**
 * The peer's environment: no install step, no license or metadata fetching, every outgoing
 * host refused (CDXGEN_ALLOWED_HOSTS names a host that cannot exist), no external commands
 * (CDXGEN_ALLOWED_COMMANDS names a command that does not exist, so mvn, go, pip, cargo,
 * bundle... are never run), and proxies pointing at a closed local port as a second fence.
 */
function peerEnv() {
  return {
    ...process.env,
    FETCH_LICENSE: 'false',
    CDXGEN_FETCH_PKG_METADATA: 'false',
    CDXGEN_ALLOWED_HOSTS: 'offline.invalid',
    CDXGEN_ALLOWED_COMMANDS: 'none',
    GO_FETCH_VCS: 'false',
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    http_proxy: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
    NO_PROXY: '',
    NO_UPDATE_NOTIFIER: '1',
    NODE_NO_WARNINGS: '1',
    CDXGEN_DEBUG_MODE: '',
  };
}
/** The peer's flags: no dependency installation, no Babel usage analysis, no schema validation (all of which only cost it time). */
const PEER_FLAGS = ['--no-install-deps', '--no-babel', '--no-validate', '--spec-version', '1.6'];

/** Runs a measured command `runs` times; returns the runs and their summary. */
async function timed(label, args, { runs = 1, env, timeoutMs = 0, cwd = ROOT } = {}) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    log(`${label}: run ${i + 1}/${runs}: node ${args.map((a) => (a.startsWith(ROOT) ? rel(a) : a)).join(' ')}`);
    const r = await measureNode(args, { env, timeoutMs, cwd });
    if (r.timedOut) {
      log(`${label}: timed out after ${wall(r)}`);
      all.push(r);
      break;
    }
    if (r.code !== 0) {
      log(`${label}: exit code ${r.code}\n${r.stderr.slice(-3000)}`);
    }
    log(`${label}: ${wall(r)} wall, ${fmtMb(r.rssMb)} peak RSS, ${r.cpuS?.toFixed(1) ?? '-'} s CPU`);
    all.push(r);
  }
  const ok = all.filter((r) => !r.timedOut && r.code === 0);
  return {
    runs: all.length,
    wallMs: ok.length ? median(ok.map((r) => r.wallMs)) : null,
    minWallMs: ok.length ? Math.min(...ok.map((r) => r.wallMs)) : null,
    rssMb: ok.length ? Math.max(...ok.map((r) => r.rssMb ?? 0)) : null,
    cpuS: ok.length ? median(ok.map((r) => r.cpuS ?? 0)) : null,
    codes: all.map((r) => r.code),
    failed: all.some((r) => !r.timedOut && r.code !== 0),
    timedOut: all.some((r) => r.timedOut),
    stderrTail: all[all.length - 1]?.stderr.slice(-2000),
  };
}

/** CPU-profiles one Ospo run and returns the top functions by self and inclusive time. */
function profileOspo(name, args) {
  const dir = join(RESULTS, 'profiles', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`profiling ${name}: node --cpu-prof ${args.map((a) => (a.startsWith(ROOT) ? rel(a) : a)).join(' ')}`);
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return null;
  const s = summarizeProfile(join(dir, file), 15);
  return { file: rel(join(dir, file)), totalMs: Math.round(s.total), self: s.self.map(([l, t]) => [l, Math.round(t)]), inclusive: s.inclusive.map(([l, t]) => [l, Math.round(t)]) };
}

/** Copies the first `n` repositories (by name) of the portfolio into bench/out/subset-<n>. */
function ensureSubset(n) {
  const dir = join(OUT, `subset-${n}`);
  const marker = join(dir, '.bench-subset.json');
  const hash = readJson(join(OUT, 'portfolio.manifest.json')).generator;
  const repos = readdirSync(join(OUT, 'portfolio')).sort().slice(0, n);
  if (existsSync(marker) && readJson(marker).generator === hash) return { dir, repos };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const r of repos) cpSync(join(OUT, 'portfolio', r), join(dir, r), { recursive: true });
  writeFileSync(marker, JSON.stringify({ generator: hash, repos: n }));
  return { dir, repos };
}

const accuracyLine = (c) => `${c.found}/${c.expected} found, ${c.matched} right${c.missing ? `, ${c.missing} missed` : ''}${c.extra ? `, ${c.extra} extra` : ''}`;

// ---------------------------------------------------------------------------------------------
// benchmarks

async function benchPortfolio(opts, results) {
  const manifest = readJson(join(OUT, 'portfolio.manifest.json'));
  const dir = join(OUT, 'portfolio');
  const args = [OSPO, 'scan', dir, '--format', 'json', '-o', '/dev/null'];
  const t = await timed('portfolio scan', args, { runs: opts.portfolioRuns });
  // One more run writing the document, to check it against what the generator wrote.
  const outFile = join(RESULTS, 'portfolio-scan.json');
  const w = await timed('portfolio scan (to file, for accuracy)', [OSPO, 'scan', dir, '--format', 'json', '-o', outFile]);
  const { keys, doc } = keysFromOspoScan(outFile);
  const acc = compare(keys, new Set(readFileSync(join(OUT, 'portfolio.expected.txt'), 'utf8').split('\n').filter(Boolean)));
  const projectCounts = new Map(doc.projects.map((p) => [p.path, p.counts.total]));
  const badProjects = manifest.projectList.filter((p) => projectCounts.get(p.path) !== p.packages).map((p) => `${p.path}: ${projectCounts.get(p.path) ?? 'absent'} != ${p.packages}`);
  const sbom = await timed('portfolio sbom', [OSPO, 'sbom', dir, '-o', '/dev/null'], { runs: 1 });
  results.portfolio = {
    command: `node bin/ospo.js scan ${rel(dir)} --format json -o /dev/null`,
    input: { repos: manifest.repos, projects: manifest.projects, files: manifest.files, mb: +(manifest.bytes / 1e6).toFixed(1), packageEntries: manifest.packageEntries, distinctComponents: manifest.distinctComponents, byFormat: manifest.byFormat },
    scan: t,
    scanToFile: w,
    sbom: { command: `node bin/ospo.js sbom ${rel(dir)} -o /dev/null`, ...sbom },
    accuracy: { ...acc, errors: doc.summary.errors, projectsChecked: manifest.projectList.length, projectsWrong: badProjects.length, projectExamples: badProjects.slice(0, 5) },
    targets: { wallMs: 30000, rssMb: 1024 },
  };
  if (opts.profile) results.portfolio.profile = profileOspo('portfolio', args);
}

async function benchSbom(opts, results) {
  const m = readJson(join(OUT, 'large.manifest.json'));
  const file = join(OUT, 'large', 'package-lock.json');
  const args = [OSPO, 'sbom', file, '-o', '/dev/null'];
  const t = await timed('large sbom (CLI)', args, { runs: opts.runs });
  const outFile = join(RESULTS, 'large.ospo.cdx.json');
  await timed('large sbom (to file, for accuracy)', [OSPO, 'sbom', file, '-o', outFile]);
  const cdx = keysFromCycloneDx(outFile);
  const expected = new Set(readFileSync(join(OUT, 'large.expected.txt'), 'utf8').split('\n').filter(Boolean));
  log('large sbom: in-process buildInventory + writeCycloneDxJson');
  const r = spawnSync(process.execPath, [join(HERE, 'lib', 'inproc-sbom.js'), file, String(Math.max(5, opts.runs * 3))], { encoding: 'utf8', env: { ...process.env, BENCH_OSPO_ROOT: SNAPSHOT } });
  if (r.status !== 0) throw new Error(`in-process sbom benchmark failed:\n${r.stderr}`);
  const inproc = JSON.parse(r.stdout);
  results.sbom = {
    command: `node bin/ospo.js sbom ${rel(file)} -o /dev/null`,
    inprocCommand: `node bench/lib/inproc-sbom.js ${rel(file)} ${inproc.runs}`,
    input: { packages: m.packages, mb: +(m.bytes / 1e6).toFixed(1) },
    cli: t,
    inproc,
    accuracy: compare(cdx.keys, expected),
    targets: { wallMs: 300 },
  };
  if (opts.profile) results.sbom.profile = profileOspo('large-sbom', args);
}

async function benchPeer(opts, results) {
  ensurePeer();
  const version = peerVersion();
  const env = peerEnv();
  const timeoutMs = opts.peerTimeout * 1000;
  const peer = { tool: `@cyclonedx/cdxgen ${version}`, flags: PEER_FLAGS.join(' '), env: 'FETCH_LICENSE=false CDXGEN_FETCH_PKG_METADATA=false CDXGEN_ALLOWED_HOSTS=offline.invalid CDXGEN_ALLOWED_COMMANDS=none GO_FETCH_VCS=false HTTP(S)_PROXY=http://127.0.0.1:9' };
  results.peer = peer;

  // (a) the 5,000-package lockfile
  const largeDir = join(OUT, 'large');
  const largeOut = join(RESULTS, 'large.cdxgen.cdx.json');
  rmSync(largeOut, { force: true });
  const a = await timed('cdxgen large', [CDXGEN, '-t', 'js', ...PEER_FLAGS, '-o', largeOut, largeDir], { env, timeoutMs, cwd: RESULTS });
  const expectedLarge = new Set(readFileSync(join(OUT, 'large.expected.txt'), 'utf8').split('\n').filter(Boolean));
  peer.large = {
    command: `node bench/out/peers/node_modules/@cyclonedx/cdxgen/bin/cdxgen.js -t js ${PEER_FLAGS.join(' ')} -o ${rel(largeOut)} ${rel(largeDir)}`,
    ...a,
    accuracy: existsSync(largeOut) ? compare(keysFromCycloneDx(largeOut).keys, expectedLarge) : null,
  };
  // Ospo on the same input, for the ratio (also measured in the sbom part).
  peer.large.ospo = await timed('ospo large (for the ratio)', [OSPO, 'sbom', largeDir, '-o', '/dev/null'], { runs: opts.runs });

  // (b) the portfolio: a subset first, then the whole when it would finish in reasonable time.
  if (opts.peerRepos > 0) {
    const n = Math.min(opts.peerRepos, opts.repos);
    const { dir, repos } = ensureSubset(n);
    const expected = expectedKeys(join(OUT, 'portfolio.expected-by-project.tsv'), repos);
    const peerOut = join(RESULTS, `subset-${n}.cdxgen.cdx.json`);
    const ospoOut = join(RESULTS, `subset-${n}.ospo.cdx.json`);
    rmSync(peerOut, { force: true });
    const p = await timed(`cdxgen subset-${n}`, [CDXGEN, ...PEER_FLAGS, '-o', peerOut, dir], { env, timeoutMs, cwd: RESULTS });
    const o = await timed(`ospo subset-${n}`, [OSPO, 'sbom', dir, '-o', ospoOut], { runs: opts.runs });
    const oScan = await timed(`ospo scan subset-${n}`, [OSPO, 'scan', dir, '--format', 'json', '-o', '/dev/null'], { runs: opts.runs });
    peer.subset = {
      repos: n,
      command: `node bench/out/peers/node_modules/@cyclonedx/cdxgen/bin/cdxgen.js ${PEER_FLAGS.join(' ')} -o ${rel(peerOut)} ${rel(dir)}`,
      ospoCommand: `node bin/ospo.js sbom ${rel(dir)} -o ${rel(ospoOut)}`,
      cdxgen: { ...p, accuracy: existsSync(peerOut) ? compare(keysFromCycloneDx(peerOut).keys, expected) : null },
      ospo: { ...o, accuracy: existsSync(ospoOut) ? compare(keysFromCycloneDx(ospoOut).keys, expected) : null },
      ospoScan: oScan,
      extrapolatedFullMs: p.wallMs == null ? null : (p.wallMs * opts.repos) / n,
    };
    const estimate = peer.subset.extrapolatedFullMs;
    if (opts.peerFull === true || (opts.peerFull === undefined && estimate != null && estimate <= 600_000 && n < opts.repos)) {
      const fullOut = join(RESULTS, 'portfolio.cdxgen.cdx.json');
      rmSync(fullOut, { force: true });
      const f = await timed('cdxgen portfolio', [CDXGEN, ...PEER_FLAGS, '-o', fullOut, join(OUT, 'portfolio')], { env, timeoutMs, cwd: RESULTS });
      const exp = new Set(readFileSync(join(OUT, 'portfolio.expected.txt'), 'utf8').split('\n').filter(Boolean));
      peer.full = {
        command: `node bench/out/peers/node_modules/@cyclonedx/cdxgen/bin/cdxgen.js ${PEER_FLAGS.join(' ')} -o ${rel(fullOut)} bench/out/portfolio`,
        ...f,
        accuracy: existsSync(fullOut) ? compare(keysFromCycloneDx(fullOut).keys, exp) : null,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// report

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function report(results) {
  const rows = [['benchmark', 'tool', 'wall (median)', 'peak RSS', 'CPU', 'packages', 'target', 'verdict']];
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const P = results.portfolio;
  if (P) {
    rows.push([`portfolio ${P.input.repos} repos (scan -o /dev/null)`, 'ospo', wall(P.scan), fmtMb(P.scan.rssMb), `${P.scan.cpuS?.toFixed(1)} s`, accuracyLine(P.accuracy), '<= 30 s, <= 1 GB', verdict(P.scan.wallMs != null && P.scan.wallMs <= 30000 && P.scan.rssMb <= 1024 && P.accuracy.exact)]);
    rows.push([`portfolio ${P.input.repos} repos (scan -o file)`, 'ospo', wall(P.scanToFile), fmtMb(P.scanToFile.rssMb), `${P.scanToFile.cpuS?.toFixed(1)} s`, '', '', '']);
    rows.push([`portfolio ${P.input.repos} repos (sbom -o /dev/null)`, 'ospo', wall(P.sbom), fmtMb(P.sbom.rssMb), `${P.sbom.cpuS?.toFixed(1)} s`, '', '', '']);
  }
  const S = results.sbom;
  if (S) {
    rows.push([`${S.input.packages}-package lockfile -> CycloneDX (CLI)`, 'ospo', wall(S.cli), fmtMb(S.cli.rssMb), `${S.cli.cpuS?.toFixed(2)} s`, accuracyLine(S.accuracy), '<= 300 ms', verdict(S.cli.wallMs != null && S.cli.wallMs <= 300 && S.accuracy.exact)]);
    rows.push([`${S.input.packages}-package lockfile -> CycloneDX (in-process)`, 'ospo', `${fmtMs(S.inproc.medianMs)} (cold ${fmtMs(S.inproc.coldMs)})`, '', '', `${S.inproc.components}`, '<= 300 ms', verdict(S.inproc.medianMs <= 300)]);
  }
  const X = results.peer;
  if (X) {
    if (X.large) {
      rows.push([`${S?.input.packages ?? 5000}-package lockfile -> CycloneDX`, 'cdxgen', wall(X.large), fmtMb(X.large.rssMb), `${X.large.cpuS?.toFixed(1)} s`, X.large.accuracy ? accuracyLine(X.large.accuracy) : 'no output', '', '']);
      rows.push(['  same, ospo sbom <dir>', 'ospo', wall(X.large.ospo), fmtMb(X.large.ospo.rssMb), `${X.large.ospo.cpuS?.toFixed(2)} s`, '', 'cdxgen/ospo >= 10x', X.large.wallMs ? `${(X.large.wallMs / X.large.ospo.wallMs).toFixed(1)}x` : '-']);
    }
    if (X.subset) {
      const s = X.subset;
      rows.push([`portfolio subset ${s.repos} repos -> CycloneDX`, 'cdxgen', s.cdxgen.timedOut ? 'timed out' : wall(s.cdxgen), fmtMb(s.cdxgen.rssMb), `${s.cdxgen.cpuS?.toFixed(1)} s`, s.cdxgen.accuracy ? accuracyLine(s.cdxgen.accuracy) : 'no output', '', '']);
      rows.push([`portfolio subset ${s.repos} repos -> CycloneDX`, 'ospo', wall(s.ospo), fmtMb(s.ospo.rssMb), `${s.ospo.cpuS?.toFixed(1)} s`, s.ospo.accuracy ? accuracyLine(s.ospo.accuracy) : '', 'cdxgen/ospo >= 10x', s.cdxgen.wallMs ? `${(s.cdxgen.wallMs / s.ospo.wallMs).toFixed(1)}x` : '-']);
      if (!X.full && s.extrapolatedFullMs && P) {
        rows.push([`portfolio ${P.input.repos} repos (cdxgen extrapolated x${P.input.repos / s.repos})`, 'cdxgen', `~${fmtMs(s.extrapolatedFullMs)}`, '', '', '', 'vs ospo scan', `${(s.extrapolatedFullMs / P.scan.wallMs).toFixed(1)}x`]);
      }
    }
    if (X.full) {
      rows.push([`portfolio ${P?.input.repos ?? ''} repos -> CycloneDX`, 'cdxgen', X.full.timedOut ? 'timed out' : wall(X.full), fmtMb(X.full.rssMb), `${X.full.cpuS?.toFixed(1)} s`, X.full.accuracy ? accuracyLine(X.full.accuracy) : 'no output', 'vs ospo sbom', P && X.full.wallMs ? `${(X.full.wallMs / P.sbom.wallMs).toFixed(1)}x` : '-']);
    }
  }
  console.log(`\n${table(rows)}\n`);
  const misses = [];
  if (P && !P.accuracy.exact) misses.push(`portfolio accuracy: missing ${P.accuracy.missingExamples.join(', ')}; extra ${P.accuracy.extraExamples.join(', ')}`);
  if (P && P.accuracy.projectsWrong) misses.push(`portfolio: ${P.accuracy.projectsWrong} projects with other counts than written, e.g. ${P.accuracy.projectExamples.join('; ')}`);
  if (S && !S.accuracy.exact) misses.push(`sbom accuracy: missing ${S.accuracy.missingExamples.join(', ')}; extra ${S.accuracy.extraExamples.join(', ')}`);
  for (const m of misses) console.log(`! ${m}`);
  for (const [name, part] of Object.entries(results)) {
    if (!Array.isArray(part?.profile?.self)) continue;
    console.log(`\nCPU profile of ${name} (${part.profile.file}, ${part.profile.totalMs} ms sampled) - self time:`);
    for (const [l, t] of part.profile.self) console.log(`  ${String(t).padStart(6)} ms  ${l}`);
    console.log('  inclusive:');
    for (const [l, t] of part.profile.inclusive.slice(0, 15)) console.log(`  ${String(t).padStart(6)} ms  ${l}`);
  }
  if (X?.subset?.cdxgen.accuracy) {
    console.log(`\ncdxgen per ecosystem on subset-${X.subset.repos} (expected/found/matched):`);
    for (const [eco, c] of Object.entries(X.subset.cdxgen.accuracy.perEcosystem).sort()) console.log(`  ${eco.padEnd(10)} ${c.expected}/${c.found}/${c.matched}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.reportOnly) {
    const last = readJson(join(RESULTS, 'latest.json'));
    report(last);
    const m = last.machine;
    console.log(`machine: ${m.cpus} cores, ${m.cpu}, ${m.memGb} GB RAM, Node ${m.node}; load average ${m.loadavgStart.join('/')} at start, ${m.loadavgEnd.join('/')} at end; run ${last.date}`);
    return;
  }
  snapshotBuild();
  mkdirSync(RESULTS, { recursive: true });
  ensureData(opts);
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memGb: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavgStart: loadavg().map((x) => +x.toFixed(2)),
    rssSource: hasGnuTime ? 'GNU time %M (max RSS of the process tree)' : 'process.resourceUsage().maxRSS (the Node process)',
  };
  log(`machine: ${machine.cpus} cores (${machine.cpu}), ${machine.memGb} GB, Node ${machine.node}, load ${machine.loadavgStart.join(' ')}`);
  const results = { date: new Date().toISOString(), machine, options: { ...opts, only: [...opts.only] } };
  if (opts.only.has('portfolio')) await benchPortfolio(opts, results);
  if (opts.only.has('sbom')) await benchSbom(opts, results);
  if (opts.only.has('peer')) await benchPeer(opts, results);
  machine.loadavgEnd = loadavg().map((x) => +x.toFixed(2));
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  report(results);
  console.log(`machine: ${machine.cpus} cores, ${machine.cpu}, ${machine.memGb} GB RAM, Node ${machine.node}; load average ${machine.loadavgStart.join('/')} at start, ${machine.loadavgEnd.join('/')} at end`);
  console.log(`details: ${rel(join(RESULTS, 'latest.json'))}`);
}

main().catch((err) => {
  console.error(`[bench] ${err?.stack ?? err}`);
  process.exitCode = 1;
});
