// What the accuracy benches on other scanners' fixtures share (bench/reference-accuracy.js,
// bench/trivy-accuracy.js): reading a suite from a local git mirror into a temporary directory,
// the comparison key of a package, the per-file comparison of expected and found sets, and the
// lines that print a file that was not exact.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const { normalizePypiName } = await import('../../dist/model/names.js');

/** Runs git on a bare (or any) git directory and returns its output as text. */
export const git = (dir, ...a) => execFileSync('git', ['--git-dir', dir, ...a], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');

/** Writes the tree of `prefix` at `commit` into `out` (fixtures with their siblings). */
export function extractTree(gitDir, commit, prefix, out) {
  // File by file: a mirror may lack some large blobs elsewhere, which would stop `git archive`.
  const entries = git(gitDir, 'ls-tree', '-r', commit, prefix).split('\n').filter(Boolean);
  for (const line of entries) {
    const [meta, path] = line.split('\t');
    const [mode, type, sha] = meta.split(' ');
    if (type !== 'blob' || mode === '120000') continue;
    let data;
    try {
      data = execFileSync('git', ['--git-dir', gitDir, 'cat-file', 'blob', sha], { maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      continue;
    }
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), data);
  }
}

/** The comparison key of one package: PyPI names normalised (PEP 503), Go versions without `v`. */
export function packageKey(ecosystem, name, version) {
  let n = name;
  let v = version ?? '';
  if (ecosystem === 'PyPI') n = normalizePypiName(n);
  if (ecosystem === 'Go') v = v.replace(/^v/, '');
  return `${n}@${v}`;
}

/**
 * Compares the keys a suite expects with the keys Ospo found in one file: `exact`, `differs`,
 * or `errored` (Ospo reported an error where packages were expected), with what is missing and
 * what is extra.
 */
export function compareKeys(want, got, inv) {
  const missing = [...want].filter((k) => !got.has(k));
  const extra = [...got].filter((k) => !want.has(k));
  const status = inv.errors.length > 0 && want.size > 0 ? 'errored' : missing.length === 0 && extra.length === 0 ? 'exact' : 'differs';
  return { status, missing, extra, errors: inv.errors.map((e) => e.message) };
}

/** The outcome for a fixture the suite expects an error for: exact when Ospo reported one. */
export function expectedError(inv) {
  return { status: inv.errors.length > 0 ? 'exact' : 'error-missed', detail: inv.errors.length ? inv.errors[0].message : `read ${inv.components.length} packages` };
}

/** Prints what differed for one result that was not exact, under a heading line. */
export function printMiss(heading, r, verbose) {
  process.stdout.write(`\n${heading}\n`);
  if (r.missing?.length) process.stdout.write(`  missing: ${r.missing.slice(0, verbose ? 1000 : 8).join(', ')}\n`);
  if (r.extra?.length) process.stdout.write(`  extra:   ${r.extra.slice(0, verbose ? 1000 : 8).join(', ')}\n`);
  if (r.errors?.length) process.stdout.write(`  errors:  ${r.errors.join('; ')}\n`);
  if (r.detail) process.stdout.write(`  ${r.detail}\n`);
}

/**
 * The command line of an accuracy bench: `sources` maps each flag that names a git directory to
 * its option ('--trivy' -> 'trivy'); `--verbose` and `--json FILE` are common to all.
 */
export function suiteArgs(argv, sources) {
  const o = { verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (Object.hasOwn(sources, a)) o[sources[a]] = argv[++i];
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--json') o.json = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/**
 * Prints a suite's figures: its commit and folder, exact files per scanner, the fixtures it
 * expects an error for and how many of those Ospo reported, and the total.
 */
export function printSuiteTotals(suite, commit, base, out) {
  const byScanner = new Map();
  for (const r of out) {
    const s = byScanner.get(r.scanner) ?? { files: 0, exact: 0 };
    s.files++;
    if (r.status === 'exact') s.exact++;
    byScanner.set(r.scanner, s);
  }
  const exact = out.filter((r) => r.status === 'exact').length;
  process.stdout.write(`${suite} ${commit.slice(0, 8)}, ${base}\n`);
  for (const [id, s] of [...byScanner].sort()) process.stdout.write(`  ${id.padEnd(34)} ${s.exact} of ${s.files}\n`);
  const errorsExpected = out.filter((r) => r.expectError);
  process.stdout.write(`errors expected: ${errorsExpected.length}, reported: ${errorsExpected.filter((r) => r.status === 'exact').length}\n`);
  process.stdout.write(`total: ${exact} of ${out.length} exact (${((100 * exact) / out.length).toFixed(1)}%)\n`);
}
