#!/usr/bin/env node
// Accuracy against another scanner's test suite: reads the expected (name, version) sets from
// the Go tests of osv-scalibr (extractor/filesystem/language/**/_test.go, testdata/) and of
// osv-scanner's former pkg/lockfile (fixtures/), scans each fixture with Ospo's scanner for that
// format, and compares the sets per file. The repositories are read from local git mirrors
// (`git show`), into a temporary directory; nothing of theirs is copied into Ospo.
//
// Usage (after npm run build):
//   node bench/reference-accuracy.js --scalibr <git dir> --osv-scanner <git dir> [--verbose] [--json FILE]
// The osv-scanner suite is read at the last commit that still had pkg/lockfile.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compareKeys, expectedError, extractTree, git, packageKey, printMiss, suiteArgs } from './lib/fixture-suites.js';

const { buildInventory } = await import('../dist/inventory/build.js');
const { scannerById } = await import('../dist/scanners/registry.js');


/** osv-scalibr extractor folder -> Ospo scanner id. */
const SCALIBR = {
  'javascript/packagelockjson': 'npm/package-lock',
  'javascript/yarnlock': 'npm/yarn-lock',
  'javascript/pnpmlock': 'npm/pnpm-lock',
  'javascript/bunlock': 'npm/bun-lock',
  'python/pdmlock': 'python/pdm-lock',
  'python/pipfilelock': 'python/pipfile-lock',
  'python/poetrylock': 'python/poetry-lock',
  'python/pylock': 'python/pylock',
  'python/uvlock': 'python/uv-lock',
  'python/requirements': 'python/requirements',
  'java/gradlelockfile': 'java/gradle-lockfile',
  'java/gradleverificationmetadataxml': 'java/gradle-verification-metadata',
  'java/pomxml': 'java/pom-xml',
  'golang/gomod': 'go/go-mod',
  'rust/cargolock': 'rust/cargo-lock',
  'ruby/gemfilelock': 'ruby/gemfile-lock',
  'php/composerlock': 'php/composer-lock',
  'dotnet/packageslockjson': 'dotnet/packages-lock-json',
  'dotnet/packagesconfig': 'dotnet/packages-config',
  'dart/pubspec': 'dart/pubspec-lock',
  'elixir/mixlock': 'elixir/mix-lock',
  'erlang/mixlock': 'elixir/mix-lock',
  'cpp/conanlock': 'cpp/conan-lock',
  'r/renvlock': 'r/renv-lock',
  'swift/packageresolved': 'swift/package-resolved',
  'swift/podfilelock': 'swift/podfile-lock',
};

/** osv-scanner pkg/lockfile parser -> Ospo scanner id. */
const OSV_SCANNER = {
  ParseCargoLock: 'rust/cargo-lock',
  ParseComposerLock: 'php/composer-lock',
  ParseConanLock: 'cpp/conan-lock',
  ParseGemfileLock: 'ruby/gemfile-lock',
  ParseGoLock: 'go/go-mod',
  ParseGradleLock: 'java/gradle-lockfile',
  ParseGradleVerificationMetadata: 'java/gradle-verification-metadata',
  ParseMavenLock: 'java/pom-xml',
  ParseMixLock: 'elixir/mix-lock',
  ParseNpmLock: 'npm/package-lock',
  ParseNuGetLock: 'dotnet/packages-lock-json',
  ParsePdmLock: 'python/pdm-lock',
  ParsePipenvLock: 'python/pipfile-lock',
  ParsePnpmLock: 'npm/pnpm-lock',
  ParsePoetryLock: 'python/poetry-lock',
  ParsePubspecLock: 'dart/pubspec-lock',
  ParseRenvLock: 'r/renv-lock',
  ParseRequirementsTxt: 'python/requirements',
  ParseYarnLock: 'npm/yarn-lock',
};

/**
 * Returns the elements of the Go composite literal that opens at `text[open]` (a `{`): for each,
 * the string values of its own `Name:` and `Version:` fields (not those of nested literals).
 */
function literalElements(text, open) {
  const elements = [];
  let depth = 0;
  let cur = null;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i === -1) break;
      continue;
    }
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += ch === '"' && text[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (ch === '{') {
      depth++;
      if (depth === 2) cur = { start: i, fields: {} };
    } else if (ch === '}') {
      if (depth === 2 && cur) elements.push(cur);
      depth--;
      if (depth === 0) return { elements, end: i };
    } else if (depth === 1 && /[A-Za-z]/.test(ch) && !/[A-Za-z0-9_.]/.test(text[i - 1])) {
      // A helper call as an element: `pkg(t, "name", "version", ...)`.
      const m = /^\w+\(t,\s*("(?:[^"\\]|\\.)*")\s*,\s*("(?:[^"\\]|\\.)*")/.exec(text.slice(i, i + 400));
      if (m) {
        elements.push({ start: i, fields: { Name: JSON.parse(m[1]), Version: JSON.parse(m[2]) } });
        i += m[0].length - 1;
      }
    } else if (depth === 2 && cur && /[A-Za-z]/.test(ch) && !/[A-Za-z0-9_.]/.test(text[i - 1])) {
      const m = /^(Name|Version)\s*:\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/.exec(text.slice(i, i + 400));
      if (m) {
        const raw = m[2];
        cur.fields[m[1]] = raw.startsWith('`') ? raw.slice(1, -1) : JSON.parse(raw);
        i += m[0].length - 1;
      }
    }
  }
  return { elements, end: text.length };
}

/** Cases of one osv-scalibr test file: fixture path and expected packages (null: an error is expected). */
function scalibrCases(text) {
  const cases = [];
  // The scanned file: `InputConfig: ...{Path: "testdata/..."}` or a table's own `path:` field
  // (not the `Path:` of an expected location, which may name a sibling such as go.sum).
  const re = /(?:ScanInputMockConfig\{\s*Path|\bpath)\s*:\s*"(testdata\/[^"]+)"/g;
  let m;
  const starts = [];
  while ((m = re.exec(text))) starts.push({ at: m.index, path: m[1] });
  for (let k = 0; k < starts.length; k++) {
    const { at, path } = starts[k];
    const limit = k + 1 < starts.length ? starts[k + 1].at : text.length;
    const slice = text.slice(at, limit);
    const want = /\b(?:WantPackages|wantPackages)\s*:\s*\[\]\*extractor\.Package\{/.exec(slice);
    const err = /\b(?:WantErr|wantErr)\s*:/.exec(slice);
    if (want && (!err || want.index < err.index)) {
      const open = at + want.index + want[0].length - 1;
      cases.push({ path, want: literalElements(text, open).elements.map((e) => e.fields) });
    } else if (err) cases.push({ path, want: null });
    else if (/\b(?:WantPackages|wantPackages)\s*:\s*nil/.test(slice)) cases.push({ path, want: [] });
  }
  return cases;
}

/** Cases of one osv-scanner pkg/lockfile test file. */
function osvScannerCases(text) {
  const cases = [];
  const re = /lockfile\.(Parse\w+)\("(fixtures\/[^"]+)"\)/g;
  const calls = [];
  let m;
  while ((m = re.exec(text))) calls.push({ at: m.index, parser: m[1], path: m[2] });
  for (let k = 0; k < calls.length; k++) {
    const { at, parser, path } = calls[k];
    const limit = k + 1 < calls.length ? calls[k + 1].at : text.length;
    const slice = text.slice(at, limit);
    const want = /expectPackages\(t, packages, \[\]lockfile\.PackageDetails\{/.exec(slice);
    if (!want) {
      if (/expectErr/.test(slice)) cases.push({ parser, path, want: null });
      continue;
    }
    const open = at + want.index + want[0].length - 1;
    cases.push({ parser, path, want: literalElements(text, open).elements.map((e) => e.fields) });
  }
  return cases;
}

async function run(opts) {
  const tmp = mkdtempSync(join(tmpdir(), 'ospo-reference-'));
  const results = [];
  try {
    if (opts.scalibr) {
      const commit = git(opts.scalibr, 'rev-parse', 'HEAD').trim();
      const base = 'extractor/filesystem/language';
      extractTree(opts.scalibr, commit, base, join(tmp, 'scalibr'));
      const files = git(opts.scalibr, 'ls-tree', '-r', '--name-only', commit, base).split('\n').filter((f) => f.endsWith('_test.go'));
      for (const f of files) {
        const folder = f.slice(base.length + 1).split('/').slice(0, 2).join('/');
        const id = SCALIBR[folder];
        if (!id) continue;
        const text = git(opts.scalibr, 'show', `${commit}:${f}`);
        for (const c of scalibrCases(text)) {
          results.push({ suite: 'osv-scalibr', test: f, scanner: id, file: `${dirname(f)}/${c.path}`, want: c.want, root: join(tmp, 'scalibr') });
        }
      }
    }
    if (opts.osvScanner) {
      const commit = git(opts.osvScanner, 'log', '--format=%H', '-1', '--', 'pkg/lockfile/parse-npm-lock_test.go').trim();
      const at = `${commit}^`;
      extractTree(opts.osvScanner, at, 'pkg/lockfile', join(tmp, 'osv-scanner'));
      const files = git(opts.osvScanner, 'ls-tree', '-r', '--name-only', at, 'pkg/lockfile').split('\n').filter((f) => /\/parse-[^/]+_test\.go$/.test(f));
      for (const f of files) {
        const text = git(opts.osvScanner, 'show', `${at}:${f}`);
        for (const c of osvScannerCases(text)) {
          const id = OSV_SCANNER[c.parser];
          if (!id) continue;
          results.push({ suite: 'osv-scanner', test: f, scanner: id, file: `pkg/lockfile/${c.path}`, want: c.want, root: join(tmp, 'osv-scanner') });
        }
      }
    }
    // One case per (suite, file): a fixture used by two tests counts once, with the first expectation.
    const seen = new Set();
    const cases = results.filter((r) => (seen.has(`${r.suite}\0${r.file}`) ? false : (seen.add(`${r.suite}\0${r.file}`), true)));
    const out = [];
    for (const c of cases) {
      const scanner = scannerById(c.scanner);
      let inv;
      try {
        inv = await buildInventory([join(c.root, c.file)], { forceScanner: scanner });
      } catch (err) {
        out.push({ ...c, status: 'crash', detail: String(err) });
        continue;
      }
      if (c.want === null) {
        out.push({ ...c, ...expectedError(inv) });
        continue;
      }
      const want = new Set(c.want.map((p) => packageKey(scanner.ecosystem, p.Name ?? '', p.Version ?? '')));
      const got = new Set(inv.components.map((p) => packageKey(p.ecosystem, p.name, p.version ?? '')));
      out.push({ ...c, ...compareKeys(want, got, inv) });
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const opts = suiteArgs(process.argv.slice(2), { '--scalibr': 'scalibr', '--osv-scanner': 'osvScanner' });
if (!opts.scalibr && !opts.osvScanner) {
  process.stderr.write('usage: node bench/reference-accuracy.js --scalibr <git dir> --osv-scanner <git dir> [--verbose] [--json FILE]\n');
  process.exit(2);
}
const out = await run(opts);
const bySuite = new Map();
for (const r of out) {
  const s = bySuite.get(r.suite) ?? { files: 0, exact: 0 };
  s.files++;
  if (r.status === 'exact') s.exact++;
  bySuite.set(r.suite, s);
}
const exact = out.filter((r) => r.status === 'exact').length;
for (const [suite, s] of bySuite) process.stdout.write(`${suite}: ${s.exact} of ${s.files} fixtures exact\n`);
process.stdout.write(`total: ${exact} of ${out.length} exact (${((100 * exact) / out.length).toFixed(1)}%)\n`);
for (const r of out.filter((x) => x.status !== 'exact')) printMiss(`${r.status} ${r.suite} ${r.file} (${r.scanner})`, r, opts.verbose);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify(out.map(({ root: _root, ...r }) => r), null, 2)}\n`);
