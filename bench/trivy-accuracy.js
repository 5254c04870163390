#!/usr/bin/env node
// Accuracy against Trivy's dependency parser tests: reads the expected packages of each fixture
// from the Go tests under pkg/dependency/parser/<lang>/<format>/ (parse_test.go and the
// *_testcase.go files beside it; tables of cases whose expectations are literals, variables or
// helper calls), scans each fixture with Ospo's scanner for that format and compares the
// (name, version) sets per file. The repository is read from a local git mirror (`git show`),
// into a temporary directory; nothing of Trivy's is copied into Ospo.
//
// Usage (after npm run build):
//   node bench/trivy-accuracy.js --trivy <git dir> [--verbose] [--json FILE]
//
// Like with like:
// - A package Trivy marks RelationshipRoot is the scanned project itself; Ospo reports that as
//   the file's project, not as a package, so it is left out of the expectation.
// - Trivy's Maven parser resolves dependency POMs (and their transitive dependencies) from a
//   Maven repository, which its tests serve from testdata; Ospo reads the POM and its local
//   parent chain only. For pom.xml only the packages Trivy marks Direct are expected; module
//   POMs (RelationshipWorkspace) are projects of their own.
// - A fixture used by several cases with different parser options counts once, with the case
//   whose options are Trivy's defaults (for go.mod: replace directives applied, no stdlib); the
//   options of the chosen case are printed when they are not the defaults.
// - Trivy's go.mod parser lists the Go toolchain as `stdlib` only with its useMinVersion option
//   (on in its comprehensive detection mode, off in most tests); Ospo, like osv-scalibr, always
//   does. `stdlib` is therefore not compared for go.mod.
// - Cases the tests drive with an HTTP server handler (rate limits) are not file cases.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compareKeys, expectedError, extractTree, git, packageKey, printMiss, printSuiteTotals, suiteArgs } from './lib/fixture-suites.js';
import { Evaluator, Parser, assignments, functions, tokenize } from './lib/go-literals.js';

const { buildInventory } = await import('../dist/inventory/build.js');
const { scannerById } = await import('../dist/scanners/registry.js');


const BASE = 'pkg/dependency/parser';

/**
 * Trivy parser folder -> Ospo scanner id, and the parser options that are Trivy's defaults
 * (every other boolean option defaults to false). Folders without an Ospo scanner for the same
 * file are not listed: golang/sum (Ospo reads go.sum only to complete an old go.mod),
 * nuget/packagesprops (central versions pin, they add no dependency), nodejs/packagejson and
 * python/pyproject (Trivy returns the manifest's own package), and formats Ospo does not read
 * (conda, julia, sbt, .deps.json, gemspec, binaries, jars, WordPress).
 */
const PARSERS = {
  'c/conan': { id: 'cpp/conan-lock' },
  'dart/pub': { id: 'dart/pubspec-lock' },
  'golang/mod': { id: 'go/go-mod', defaults: { replace: true }, ignore: ['stdlib'] },
  'gradle/lockfile': { id: 'java/gradle-lockfile' },
  'hex/mix': { id: 'elixir/mix-lock' },
  'java/pom': { id: 'java/pom-xml', directOnly: true },
  'nodejs/bun': { id: 'npm/bun-lock' },
  'nodejs/npm': { id: 'npm/package-lock' },
  'nodejs/pnpm': { id: 'npm/pnpm-lock' },
  'nodejs/yarn': { id: 'npm/yarn-lock' },
  'nuget/config': { id: 'dotnet/packages-config' },
  'nuget/lock': { id: 'dotnet/packages-lock-json' },
  'php/composer': { id: 'php/composer-lock' },
  'python/pip': { id: 'python/requirements' },
  'python/pipenv': { id: 'python/pipfile-lock' },
  'python/poetry': { id: 'python/poetry-lock' },
  'python/pylock': { id: 'python/pylock' },
  'python/uv': { id: 'python/uv-lock' },
  'ruby/bundler': { id: 'ruby/gemfile-lock' },
  'rust/cargo': { id: 'rust/cargo-lock' },
  'swift/cocoapods': { id: 'swift/podfile-lock' },
  'swift/swift': { id: 'swift/package-resolved' },
};

/** Fields of a case that are not parser options. */
const NOT_OPTIONS = /^(name|file|inputFile|filePath|want\w*|expect\w*|serverHandler|repos|rootRepoTxtar)$/;

const isTestdata = (v) => typeof v === 'string' && /(^|\/)testdata\//.test(v);

/** The packages of an evaluated expectation: elements with a Name. */
function packagesOf(v) {
  if (!Array.isArray(v)) return [];
  return v.filter((e) => e && typeof e === 'object' && typeof e.Name === 'string');
}

/** The expectation of one case: a package list, null for an expected error, or undefined when unreadable. */
function expectation(row) {
  const err = row.wantErr ?? row.wantError;
  let wantsError = false;
  if (typeof err === 'string') wantsError = err !== '';
  else if (err === true) wantsError = true;
  else if (err && typeof err === 'object' && 'sym' in err) wantsError = /Error/.test(err.sym) && !/NoError/.test(err.sym);
  if (wantsError) return null;
  const key = ['wantPkgs', 'want', 'wantPackages', 'wantLibs'].find((k) => k in row);
  if (key === undefined) return []; // absent: the zero value, no packages
  const v = row[key];
  if (v === null) return [];
  if (Array.isArray(v)) return packagesOf(v);
  if (v && typeof v === 'object' && !('sym' in v) && Object.keys(v).length === 0) return [];
  return undefined;
}

/** Cases of one parser folder: [{ test, file, want, options }]. */
function parserCases(sources) {
  const parsed = sources.map(({ path, text }) => {
    const p = new Parser(tokenize(text));
    return { path, p };
  });
  // Package-level assignments of every Go file of the folder.
  const env = new Map();
  for (const { p } of parsed) {
    let from = 0;
    for (const fn of functions(p.toks)) {
      for (const [k, node] of assignments(p, from, fn.body[0])) env.set(k, { node, parser: p });
      from = fn.body[1];
    }
    for (const [k, node] of assignments(p, from, p.toks.length)) env.set(k, { node, parser: p });
  }
  const cases = [];
  for (const { path, p } of parsed) {
    if (!path.endsWith('_test.go')) continue;
    for (const fn of functions(p.toks)) {
      if (!fn.name.startsWith('Test')) continue;
      const scope = new Map(env);
      const locals = assignments(p, fn.body[0], fn.body[1]);
      for (const [k, node] of locals) scope.set(k, { node, parser: p });
      const ev = new Evaluator(p, scope);
      for (const [k] of locals) {
        let v;
        try {
          v = ev.eval(scope.get(k).node);
        } catch {
          continue;
        }
        const rows = Array.isArray(v) ? v : v && typeof v === 'object' && !('sym' in v) && !('func' in v) ? Object.values(v) : [];
        for (const row of rows) {
          if (!row || typeof row !== 'object' || Array.isArray(row)) continue;
          const fileKey = Object.keys(row).find((f) => isTestdata(row[f]) && /file|path/i.test(f));
          if (!fileKey) continue;
          if ('serverHandler' in row || 'rootRepoTxtar' in row) continue;
          const options = {};
          for (const [f, x] of Object.entries(row)) if (!NOT_OPTIONS.test(f) && typeof x === 'boolean') options[f] = x;
          cases.push({ test: `${path.split('/').pop()} ${fn.name}`, name: typeof row.name === 'string' ? row.name : undefined, file: row[fileKey], want: expectation(row), options });
        }
      }
    }
  }
  return cases;
}

/**
 * The comparison key of one package, with names normalised as Ospo does for the ecosystem: on
 * top of packageKey, NuGet names case-insensitively and Swift package URLs without scheme or .git.
 */
function key(ecosystem, name, version) {
  let n = name;
  if (ecosystem === 'NuGet') n = n.toLowerCase();
  if (ecosystem === 'SwiftURL') n = n.replace(/^[a-z+]+:\/\//, '').replace(/\.git$/, '');
  return packageKey(ecosystem, n, version);
}

function isDefault(options, defaults = {}) {
  return Object.entries(options).every(([k, v]) => v === (defaults[k] ?? false));
}

async function run(opts) {
  const tmp = mkdtempSync(join(tmpdir(), 'ospo-trivy-'));
  try {
    const commit = git(opts.trivy, 'rev-parse', 'HEAD').trim();
    extractTree(opts.trivy, commit, BASE, tmp);
    // The copy stands for a checkout: a lone file's siblings (a parent POM in ../) may be read
    // up to the repository root, which Ospo finds by its .git.
    mkdirSync(join(tmp, '.git'));
    const all = git(opts.trivy, 'ls-tree', '-r', '--name-only', commit, BASE).split('\n').filter(Boolean);
    const cases = [];
    for (const [folder, parser] of Object.entries(PARSERS)) {
      const dir = `${BASE}/${folder}`;
      const goFiles = all.filter((f) => dirname(f) === dir && f.endsWith('.go') && /_test\.go$|_testcase\.go$/.test(f));
      const sources = goFiles.map((path) => ({ path, text: git(opts.trivy, 'show', `${commit}:${path}`) }));
      const found = parserCases(sources);
      // One case per fixture: the one with default options, else the first.
      const byFile = new Map();
      for (const c of found) {
        const list = byFile.get(c.file) ?? [];
        list.push(c);
        byFile.set(c.file, list);
      }
      for (const [file, list] of byFile) {
        const chosen = list.find((c) => isDefault(c.options, parser.defaults)) ?? list[0];
        const optionDependent = new Set(list.map((c) => JSON.stringify(c.want?.map((p) => `${p.Name}@${p.Version}`) ?? null))).size > 1;
        cases.push({ ...chosen, folder, scanner: parser.id, directOnly: parser.directOnly === true, ignore: parser.ignore ?? [], file: `${dir}/${file}`, expectError: chosen.want === null, optionDependent, nonDefault: !isDefault(chosen.options, parser.defaults) });
      }
    }
    const out = [];
    for (const c of cases) {
      const scanner = scannerById(c.scanner);
      const { want: _w, ...rest } = c;
      if (c.want === undefined) {
        out.push({ ...rest, status: 'unread', detail: 'expectation not readable from the test source' });
        continue;
      }
      let inv;
      try {
        inv = await buildInventory([join(tmp, c.file)], { forceScanner: scanner });
      } catch (err) {
        out.push({ ...rest, status: 'crash', detail: String(err) });
        continue;
      }
      if (c.want === null) {
        out.push({ ...rest, ...expectedError(inv) });
        continue;
      }
      const eco = scanner.id === 'swift/package-resolved' ? 'SwiftURL' : scanner.ecosystem;
      const expected = c.want.filter((p) => {
        const rel = p.Relationship?.sym ?? '';
        if (rel === 'ftypes.RelationshipRoot') return false;
        if (c.directOnly) return rel === 'ftypes.RelationshipDirect';
        return true;
      });
      const want = new Set(expected.filter((p) => !c.ignore.includes(p.Name)).map((p) => key(eco, p.Name, typeof p.Version === 'string' ? p.Version : '')));
      const got = new Set(inv.components.filter((p) => !c.ignore.includes(p.name)).map((p) => key(eco, p.name, p.version ?? '')));
      out.push({ ...rest, ...compareKeys(want, got, inv) });
    }
    return { commit, out };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const opts = suiteArgs(process.argv.slice(2), { '--trivy': 'trivy' });
if (!opts.trivy) {
  process.stderr.write('usage: node bench/trivy-accuracy.js --trivy <git dir> [--verbose] [--json FILE]\n');
  process.exit(2);
}
const { commit, out } = await run(opts);
printSuiteTotals('trivy', commit, BASE, out);
const nonDefault = out.filter((r) => r.nonDefault && !(r.folder === 'java/pom' && Object.keys(r.options).join() === 'local'));
if (nonDefault.length) process.stdout.write('\ncases read with non-default Trivy options:\n');
for (const r of nonDefault) process.stdout.write(`  ${r.file}: ${JSON.stringify(r.options)} (${r.name ?? r.test})\n`);
for (const r of out.filter((x) => x.status !== 'exact')) printMiss(`${r.status} ${r.file} (${r.scanner}; ${r.name ?? r.test})`, r, opts.verbose);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
