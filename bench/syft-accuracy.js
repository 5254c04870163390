#!/usr/bin/env node
// Accuracy against Syft's cataloger tests: reads the expected packages of each fixture from the
// Go tests under syft/pkg/cataloger/<lang>/ (parse_*_test.go; the []pkg.Package a test hands to
// pkgtest.TestFileParser, pkgtest.TestCataloger or a NewCatalogTester chain's Expects, written
// as literals, variables, table rows or helper functions), scans each fixture with Ospo's
// scanner for that format and compares the (name, version) sets per file. The repository is
// read from a local git mirror (`git show`), into a temporary directory; nothing of Syft's is
// copied into Ospo.
//
// Usage (after npm run build):
//   node bench/syft-accuracy.js --syft <git dir> [--verbose] [--json FILE]
//
// Like with like:
// - A fixture used by several cases with different cataloger options counts once: with the case
//   whose options are closest to Ospo's policy (IncludeDevDependencies on, Syft's other
//   defaults), else the first. The options of the chosen case are printed when they are not
//   Syft's defaults.
// - Syft drops development dependencies where Ospo keeps them with scope `dev`: in npm
//   lockfiles unless IncludeDevDependencies is on (its default is off), composer.lock's
//   packages-dev and Pipfile.lock's develop section always. For those, Ospo's packages of scope
//   `dev` are left out of the comparison.
// - Syft's POM cataloger lists the POM's own artifact as a package; Ospo reports it as the file's
//   project, so the expected package with PomProject metadata is left out. Maven names are
//   groupId:artifactId, read from the expected package's purl (Syft's Name is the artifactId).
// - Syft lists the scanned project itself where the lockfile records it (package-lock.json's
//   root package, uv's own project, a Yarn Berry workspace); Ospo reports it as the file's
//   project, so an expected package with the name and version of the project Ospo read from the
//   file, or one Syft resolved to `<name>@workspace:<dir>`, is left out.
// - Syft's requirements.txt parser, with its default GuessUnpinnedRequirements off, lists only
//   requirements pinned with == or ===; Ospo reports the others too (declared-only, or at the
//   lower bound of a lone >= or ~=), so only Ospo's packages pinned with == or === (a
//   wildcard such as ==2.8.* gives no version) are compared. Cases with the option on are not
//   compared.
// - Syft's go.mod cataloger does not list the Go toolchain; Ospo lists it as `stdlib`, which is
//   therefore not compared. Cases with UsePackagesLib on (Syft resolves the module graph from
//   Go sources and the module cache) are not file cases.
// - Swift packages are named by their repository URL in Ospo (without scheme and .git); Syft's
//   name is the last path segment, so the expected name is read from the purl
//   (pkg:swift/github.com/apple/swift-algorithms@1.0.0).
// - Cases that serve registry responses from an HTTP handler (remote license search), checks
//   that are not a package expectation (names only, custom assertions) and fixtures the test
//   writes at run time are not read; the last are listed, apart from the totals.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { purlKey } from './lib/compare.js';
import { compareKeys, expectedError, extractTree, git, packageKey, printMiss, printSuiteTotals, suiteArgs } from './lib/fixture-suites.js';
import { Evaluator, Parser, functions, nameOf, orderedAssignments, skipBalanced, tokenize, topLevelReturn } from './lib/go-literals.js';

const { buildInventory } = await import('../dist/inventory/build.js');
const { scannerById } = await import('../dist/scanners/registry.js');


const BASE = 'syft/pkg/cataloger';

/**
 * Syft parser function or cataloger constructor -> Ospo scanner id. Parsers of files Ospo reads
 * differently are not listed: package.json, pubspec.yaml and conanfile.txt (Syft returns the
 * manifest's own package or its declared ranges as versions), and formats Ospo does not read
 * (rebar.lock, stack/cabal files, .deps.json, gemspecs, installed packages, binaries).
 */
const PARSERS = {
  parseConanLock: 'cpp/conan-lock',
  parsePubspecLock: 'dart/pubspec-lock',
  parseDotnetPackagesLock: 'dotnet/packages-lock-json',
  parseMixLock: 'elixir/mix-lock',
  parseGoModFile: 'go/go-mod',
  NewGoModuleFileCataloger: 'go/go-mod',
  parseGradleLockfile: 'java/gradle-lockfile',
  NewPomCataloger: 'java/pom-xml',
  parseBunLock: 'npm/bun-lock',
  parsePackageLock: 'npm/package-lock',
  parsePnpmLock: 'npm/pnpm-lock',
  parseYarnLock: 'npm/yarn-lock',
  parseComposerLock: 'php/composer-lock',
  parsePdmLock: 'python/pdm-lock',
  parsePipfileLock: 'python/pipfile-lock',
  parsePoetryLock: 'python/poetry-lock',
  parseRequirementsTxt: 'python/requirements',
  parseUvLock: 'python/uv-lock',
  parseGemFileLockEntries: 'ruby/gemfile-lock',
  parseCargoLock: 'rust/cargo-lock',
  parsePackageResolved: 'swift/package-resolved',
  parsePodfileLock: 'swift/podfile-lock',
};

/** Scanners for which Syft keeps only production packages whatever its options. */
const PRODUCTION_ONLY = new Set(['php/composer-lock', 'python/pipfile-lock']);
/** Scanners for which Syft drops development packages unless IncludeDevDependencies is on. */
const DEV_OPTION = new Set(['npm/bun-lock', 'npm/package-lock', 'npm/pnpm-lock', 'npm/yarn-lock']);
/** Options whose non-default value makes a case something other than a plain file read. */
const EXCLUDED_OPTIONS = { UsePackagesLib: true, GuessUnpinnedRequirements: true, SearchRemoteLicenses: true, UseNetwork: true, UseMavenLocalRepository: true };

/**
 * An evaluator that also runs the statements of a function it applies: the assignments before
 * its first top-level `return` are evaluated in order, so a helper that builds a list in a
 * local variable and returns it reads as that list.
 */
class BodyEvaluator extends Evaluator {
  /** `structs`: struct type name -> field names, for literals written without keys (`expected{pkgs, rels}`). */
  constructor(parser, env, structs = new Map()) {
    super(parser, env);
    this.structs = structs;
  }

  literal(node, scope) {
    const fields = node.type?.k === 'named' ? this.structs.get(node.type.name) : undefined;
    if (fields && node.items.length > 0 && node.items.every((it) => it.key === null)) {
      return Object.fromEntries(node.items.map((it, i) => [fields[i] ?? String(i), this.eval(it.value, scope)]));
    }
    return super.literal(node, scope);
  }

  /** A call of a function held in a field (`tt.expected(locations)`) is applied too. */
  call(node, scope) {
    // A list made with make() and filled by copy() or in a loop is not read: appending to it
    // would read as the appended elements only.
    if (nameOf(node.fn) === 'make') return { sym: 'make()' };
    if (nameOf(node.fn) === 'append') {
      const first = this.eval(node.args[0], scope);
      if (first !== null && !Array.isArray(first)) return { sym: 'append()' };
    }
    if (node.fn.k === 'sel') {
      const f = this.eval(node.fn, scope);
      if (f && f.func) return this.apply(f, node.args.map((a) => this.eval(a, scope)));
    }
    return super.call(node, scope);
  }

  apply(fn, args) {
    if (!fn || !fn.func) return { sym: 'call' };
    const { func, parser } = fn;
    const scope = new Map(fn.scope ?? []);
    func.params.forEach((p, i) => scope.set(p, args[i]));
    const toks = parser.toks;
    const [from, to] = func.body;
    const i = topLevelReturn(toks, from, to);
    if (i < 0) return { sym: 'noreturn' };
    const ev = new BodyEvaluator(parser, this.env, this.structs);
    ev.memo = this.memo;
    for (const a of orderedAssignments(parser, from, i, { tuples: true })) {
      try {
        scope.set(a.name, ev.eval(a.node, scope));
      } catch {
        // a statement this reader does not evaluate
      }
    }
    try {
      // `return expected{...}`: a literal of a lower-case struct type, which the parser
      // reads as a name followed by a block.
      const ty = toks[i + 1];
      if (ty?.t === 'id' && this.structs.has(ty.v) && toks[i + 2]?.t === 'op' && toks[i + 2].v === '{') {
        return ev.eval({ k: 'lit', type: { k: 'named', name: ty.v }, items: parser.list(i + 3, '}').items }, scope);
      }
      return ev.eval(parser.expr(i + 1).node, scope);
    } catch {
      return { sym: 'return' };
    }
  }
}

/** The struct types of a Go file: name -> field names in order (`type expected struct { packages ...; rels ... }`). */
function structTypes(toks, into) {
  for (let i = 0; i < toks.length; i++) {
    if (!(toks[i].t === 'id' && toks[i].v === 'type' && toks[i + 1]?.t === 'id' && toks[i + 2]?.v === 'struct' && toks[i + 3]?.v === '{')) continue;
    const end = skipBalanced(toks, i + 3);
    const fields = [];
    let depth = 0;
    for (let k = i + 4; k < end - 1; k++) {
      const t = toks[k];
      if (t.t === 'op' && ['{', '(', '['].includes(t.v)) depth++;
      else if (t.t === 'op' && ['}', ')', ']'].includes(t.v)) depth--;
      else if (depth === 0 && t.nl && t.t === 'id') fields.push(t.v);
    }
    into.set(toks[i + 1].v, fields);
  }
  return into;
}

/** The top-level functions of a Go file as function nodes the evaluator can apply. */
function functionNodes(p) {
  const out = [];
  const toks = p.toks;
  for (const fn of functions(toks)) {
    const at = toks.findIndex((t, i) => t.t === 'id' && t.v === 'func' && toks[i + 1]?.v === fn.name && toks[i + 2]?.v === '(');
    const close = skipBalanced(toks, at + 2);
    const params = [];
    for (let k = at + 3; k < close - 1; k++) if (toks[k].t === 'id' && (k === at + 3 || (toks[k - 1].t === 'op' && toks[k - 1].v === ','))) params.push(toks[k].v);
    out.push({ name: fn.name, node: { k: 'func', params, body: fn.body } });
  }
  return out;
}

/** The calls of a `pkgtest.X(...)` expression, outermost last: [{ name, args }]. */
function chain(node) {
  const calls = [];
  let n = node;
  while (n && n.k === 'call') {
    calls.unshift({ name: n.fn.k === 'sel' ? n.fn.name : nameOf(n.fn), args: n.args });
    n = n.fn.k === 'sel' ? n.fn.x : null;
  }
  return calls;
}

/** What a sink call tests: the fixture (or directory), the expectation and the parser nodes. */
function sinkOf(calls) {
  const by = (name) => calls.find((c) => c.name === name);
  const tfp = by('TestFileParser');
  if (tfp) return { file: tfp.args[1], parser: tfp.args[2], expected: tfp.args[3] };
  const tester = by('NewCatalogTester');
  if (!tester) {
    const tc = by('TestCataloger');
    return tc ? { dir: tc.args[1], parser: tc.args[2], expected: tc.args[3] } : null;
  }
  const s = {};
  if (by('FromFile')) s.file = by('FromFile').args[1];
  else if (by('FromDirectory')) s.dir = by('FromDirectory').args[1];
  else return null;
  if (by('Expects')) s.expected = by('Expects').args[0];
  else if (by('WithError')) s.error = true;
  else if (by('ExpectsPackageStrings')) s.strings = by('ExpectsPackageStrings').args[0];
  else return null;
  const run = by('TestParser') ?? by('TestCataloger');
  if (!run) return null;
  s.parser = run.args[1];
  return s;
}

/** The `for k, v := range X {` loops of a token range: value variable, range node, body range. */
function rangeLoops(p, from, to) {
  const toks = p.toks;
  const out = [];
  for (let i = from; i < to; i++) {
    if (!(toks[i].t === 'id' && toks[i].v === 'for')) continue;
    const m = toks[i + 2]?.v === ',' && toks[i + 4]?.v === ':=' && toks[i + 5]?.v === 'range' ? toks[i + 3].v : null;
    if (!m) continue;
    try {
      const r = p.expr(i + 6);
      if (!(toks[r.end]?.t === 'op' && toks[r.end].v === '{')) continue;
      out.push({ variable: m, range: r.node, body: [r.end, skipBalanced(toks, r.end)] });
    } catch {
      // not a loop this reader follows
    }
  }
  return out;
}

/**
 * The branches of the `if` statements in `toks[from, to)`: { cond, negate, body }, `cond` being
 * the condition's node (null when it is not a plain expression: `if v, ok := ...; ok`), and
 * `negate` true for the `else` branch.
 */
function ifBranches(p, from, to) {
  const toks = p.toks;
  const out = [];
  const isOp = (t, v) => t?.t === 'op' && t.v === v;
  for (let i = from; i < to; i++) {
    if (!(toks[i].t === 'id' && toks[i].v === 'if')) continue;
    let j = i + 1;
    while (j < toks.length && !isOp(toks[j], '{')) j = isOp(toks[j], '(') ? skipBalanced(toks, j) : j + 1;
    let cond = null;
    try {
      const r = p.expr(i + 1);
      if (r.end === j) cond = r.node;
    } catch {
      // a condition with a statement before it
    }
    const end = skipBalanced(toks, j);
    out.push({ cond, negate: false, body: [j, end] });
    if (toks[end]?.t === 'id' && toks[end].v === 'else' && isOp(toks[end + 1], '{')) out.push({ cond, negate: true, body: [end + 1, skipBalanced(toks, end + 1)] });
  }
  return out;
}

/** `copy(dst, src)` statements in `toks[from, to)`, as assignments of `src` to `dst`. */
function copies(p, from, to) {
  const toks = p.toks;
  const out = [];
  for (let i = from; i < to; i++) {
    if (!(toks[i].t === 'id' && toks[i].v === 'copy' && toks[i].nl && toks[i + 1]?.v === '(')) continue;
    try {
      const { node } = p.expr(i);
      if (node.k === 'call' && node.args.length === 2 && node.args[0].k === 'id') out.push({ name: node.args[0].v, node: node.args[1], at: i });
    } catch {
      // not a call this reader follows
    }
  }
  return out;
}

/** Follows a name to the node of its last assignment before the sink (a local cataloger or adapter). */
function resolveNode(node, locals) {
  let n = node;
  for (let k = 0; k < 5 && n?.k === 'id' && locals.has(n.v); k++) n = locals.get(n.v);
  return n;
}

/** The Syft parser name and boolean options of a parser or cataloger node (`adapter.parseX`, `NewPomCataloger(cfg)`). */
function parserOf(node, locals, ev, scope) {
  let name;
  let config = null;
  if (node.k === 'sel') {
    name = node.name;
    config = resolveNode(node.x, locals);
  } else if (node.k === 'id') {
    const r = resolveNode(node, locals);
    if (r.k === 'call') {
      name = nameOf(r.fn);
      config = r;
    } else name = node.v;
  } else if (node.k === 'call') {
    name = nameOf(node.fn);
    config = node;
  }
  const options = {};
  const walk = (n) => {
    if (!n || typeof n !== 'object') return;
    if (n.k === 'call') {
      if (n.fn.k === 'sel' && /^With[A-Z]/.test(n.fn.name) && n.args.length === 1) {
        const v = safeEval(ev, n.args[0], scope);
        if (typeof v === 'boolean') options[n.fn.name.slice(4)] = v;
      }
      walk(n.fn);
      n.args.forEach(walk);
      // A config passed as a value (`newRequirementsParser(tc.cfg)`): its boolean fields.
      for (const a of n.args) {
        if (a.k !== 'sel' && a.k !== 'id') continue;
        const v = safeEval(ev, a, scope);
        if (v && typeof v === 'object' && !Array.isArray(v) && !('sym' in v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'boolean') options[k] = x;
      }
    } else if (n.k === 'sel') walk(n.x);
    else if (n.k === 'unary') walk(n.x);
    else if (n.k === 'lit') {
      for (const it of n.items) {
        if (it.key?.k === 'id' && it.value.k !== 'lit') {
          const v = safeEval(ev, it.value, scope);
          if (typeof v === 'boolean' && !/Archives$/.test(it.key.v)) options[it.key.v] = v;
        }
        walk(it.value);
      }
    }
  };
  walk(config);
  return { name: name?.split('.').pop(), options };
}

function safeEval(ev, node, scope) {
  try {
    return ev.eval(node, scope);
  } catch {
    return undefined;
  }
}

/** The packages of an evaluated expectation: elements with a Name. */
function packagesOf(v) {
  if (v === null) return [];
  if (!Array.isArray(v)) return undefined;
  return v.filter((e) => e && typeof e === 'object' && typeof e.Name === 'string');
}

/** Reads `name @ version (location)` strings of ExpectsPackageStrings. */
function packagesOfStrings(v) {
  if (!Array.isArray(v)) return undefined;
  const out = [];
  for (const s of v) {
    const m = typeof s === 'string' ? /^(.*?) @ (.*?) \(/.exec(s) : null;
    if (!m) return undefined;
    out.push({ Name: m[1], Version: m[2] });
  }
  return out;
}

/** Cases of one cataloger folder: [{ test, name, file | dir, want, parser, options }]. */
function folderCases(sources) {
  const parsed = sources.map(({ path, text }) => ({ path, p: new Parser(tokenize(text)) }));
  const env = new Map();
  const structs = new Map();
  for (const { p } of parsed) {
    structTypes(p.toks, structs);
    let from = 0;
    for (const fn of functions(p.toks)) {
      for (const a of orderedAssignments(p, from, fn.body[0])) env.set(a.name, { node: a.node, parser: p });
      from = fn.body[1];
    }
    for (const a of orderedAssignments(p, from, p.toks.length)) env.set(a.name, { node: a.node, parser: p });
    for (const f of functionNodes(p)) if (!f.name.startsWith('Test')) env.set(f.name, { node: f.node, parser: p });
  }
  const cases = [];
  for (const { path, p } of parsed) {
    if (!/\/parse_[^/]+_test\.go$/.test(path)) continue;
    const toks = p.toks;
    for (const fn of functions(toks)) {
      if (!fn.name.startsWith('Test')) continue;
      const loops = rangeLoops(p, fn.body[0], fn.body[1]);
      for (let i = fn.body[0]; i < fn.body[1]; i++) {
        if (!(toks[i].t === 'id' && toks[i].v === 'pkgtest' && toks[i + 1]?.v === '.' && toks[i - 1]?.v !== '.')) continue;
        let node;
        try {
          node = p.expr(i);
        } catch {
          continue;
        }
        const at = i;
        i = node.end - 1;
        const sink = sinkOf(chain(node.node));
        if (!sink) continue;
        const assigns = [...orderedAssignments(p, fn.body[0], at, { tuples: true }), ...copies(p, fn.body[0], at)].sort((a, b) => a.at - b.at);
        const locals = new Map(assigns.map((a) => [a.name, a.node]));
        const enclosing = loops.filter((l) => l.body[0] < at && at < l.body[1]);
        for (const scope of loopScopes(enclosing, assigns, p, env, structs, at)) {
          const ev = new BodyEvaluator(p, env, structs);
          const row = enclosing.length ? scope.get(enclosing[enclosing.length - 1].variable) : undefined;
          if (row && typeof row === 'object' && ('requestHandlers' in row || 'handlers' in row)) continue;
          const { name: parser, options } = parserOf(sink.parser, locals, ev, scope);
          const target = safeEval(ev, sink.file ?? sink.dir, scope);
          let want;
          if (sink.error) want = null;
          else if (sink.strings) want = packagesOfStrings(safeEval(ev, sink.strings, scope));
          else want = packagesOf(sink.expected.k === 'id' && sink.expected.v === 'nil' ? null : safeEval(ev, sink.expected, scope));
          cases.push({
            test: `${path.split('/').pop()} ${fn.name}`,
            name: row && typeof row.name === 'string' ? row.name : undefined,
            parser,
            options,
            [sink.file ? 'file' : 'dir']: typeof target === 'string' ? posix.normalize(target) : undefined,
            want,
          });
        }
      }
    }
  }
  return cases;
}

/**
 * The variables in scope at a sink, once for each iteration of its enclosing range loops
 * (outermost first): the assignments before each loop, the loop's variable, and so on down to
 * the assignments before the sink.
 */
function loopScopes(loops, assigns, p, env, structs, at) {
  const bounds = [...loops.map((l) => l.body[0]), at];
  const branches = ifBranches(p, 0, at);
  const evalUpTo = (scope, from, to) => {
    const ev = new BodyEvaluator(p, env, structs);
    for (const a of assigns) {
      if (a.at < from || a.at >= to || loops.some((l) => l.variable === a.name)) continue;
      // An assignment under an `if` happens when its condition evaluates to true; when the
      // condition cannot be evaluated, its variable is not read.
      let taken = true;
      for (const b of branches) {
        if (!(b.body[0] < a.at && a.at < b.body[1])) continue;
        const c = b.cond === null ? undefined : safeEval(ev, b.cond, scope);
        if (typeof c !== 'boolean') taken = undefined;
        else if (c === b.negate && taken !== undefined) taken = false;
      }
      if (taken === false) continue;
      const v = taken === undefined ? { sym: 'conditional' } : safeEval(ev, a.node, scope);
      if (v !== undefined) scope.set(a.name, v);
    }
    return scope;
  };
  let scopes = [evalUpTo(new Map(), -1, bounds[0])];
  loops.forEach((l, k) => {
    const next = [];
    for (const s of scopes) {
      const v = safeEval(new BodyEvaluator(p, env, structs), l.range, s);
      const rows = Array.isArray(v) ? v : v && typeof v === 'object' && !('sym' in v) && !('func' in v) ? Object.values(v) : [];
      for (const row of rows) next.push(evalUpTo(new Map([...s, [l.variable, row]]), bounds[k], bounds[k + 1]));
    }
    scopes = next;
  });
  return scopes;
}

/** The comparison key of one expected package, with the name spelled as Ospo spells it. */
function expectedKey(scanner, p) {
  let name = p.Name;
  const purl = typeof p.PURL === 'string' ? p.PURL : '';
  if (scanner.ecosystem === 'Maven' && purl.startsWith('pkg:maven/')) name = purlKey(purl).split('\t')[1].replace(/@.*$/, '');
  if (scanner.id === 'swift/package-resolved' && purl.startsWith('pkg:swift/')) name = purl.slice('pkg:swift/'.length).replace(/@.*$/, '');
  return ospoKey(scanner, name, typeof p.Version === 'string' ? p.Version : '');
}

/** The comparison key of one package: packageKey, NuGet names case-insensitively, Swift URLs bare. */
function ospoKey(scanner, name, version) {
  let n = name;
  if (scanner.ecosystem === 'NuGet') n = n.toLowerCase();
  if (scanner.id === 'swift/package-resolved') n = n.replace(/^[a-z+]+:\/\//, '').replace(/\.git$/, '');
  return packageKey(scanner.ecosystem, n, version);
}

/** How far a case's options are from Ospo's policy: lower is closer. */
function distance(c) {
  let d = 0;
  if (DEV_OPTION.has(c.scanner) && c.options.IncludeDevDependencies !== true) d++;
  for (const [k, v] of Object.entries(c.options)) if (k !== 'IncludeDevDependencies' && v) d++;
  return d;
}

async function run(opts) {
  const tmp = mkdtempSync(join(tmpdir(), 'ospo-syft-'));
  try {
    const commit = git(opts.syft, 'rev-parse', 'HEAD').trim();
    const all = git(opts.syft, 'ls-tree', '-r', '--name-only', commit, BASE).split('\n').filter(Boolean);
    const folders = [...new Set(all.filter((f) => /\/parse_[^/]+_test\.go$/.test(f)).map((f) => dirname(f)))].filter((d) => dirname(d) === BASE);
    const cases = [];
    for (const dir of folders) {
      const goFiles = all.filter((f) => dirname(f) === dir && f.endsWith('_test.go'));
      const sources = goFiles.map((path) => ({ path, text: git(opts.syft, 'show', `${commit}:${path}`) }));
      const found = folderCases(sources).filter((c) => PARSERS[c.parser]);
      if (!found.length) continue;
      extractTree(opts.syft, commit, dir, tmp);
      const byTarget = new Map();
      for (const c of found) {
        const target = c.file ?? c.dir;
        const k = `${c.parser}\0${target}`;
        const list = byTarget.get(k) ?? [];
        list.push({ ...c, scanner: PARSERS[c.parser] });
        byTarget.set(k, list);
      }
      for (const list of byTarget.values()) {
        const usable = list.filter((c) => !Object.entries(EXCLUDED_OPTIONS).some(([k, v]) => c.options[k] === v));
        if (!usable.length) continue;
        const chosen = usable.reduce((a, b) => (distance(b) < distance(a) ? b : a));
        const target = chosen.file ?? chosen.dir;
        cases.push({ ...chosen, folder: dir.slice(BASE.length + 1), path: target === undefined ? undefined : `${dir}/${target}` });
      }
    }
    // The copy stands for a checkout: a lone file's siblings may be read up to the repository
    // root, which Ospo finds by its .git.
    mkdirSync(join(tmp, '.git'));
    const out = [];
    for (const c of cases) {
      const scanner = scannerById(c.scanner);
      const { want: _w, ...rest } = c;
      const result = { ...rest, file: c.path, expectError: c.want === null };
      if (c.want === undefined || c.path === undefined) {
        out.push({ ...result, status: 'unread', detail: 'expectation not readable from the test source' });
        continue;
      }
      // A file the test writes at run time (under t.TempDir()) is not in the tree.
      if (!all.some((f) => f === c.path || f.startsWith(`${c.path}/`))) {
        out.push({ ...result, status: 'unread', detail: 'fixture not in the repository (made by the test)' });
        continue;
      }
      // A directory is scanned as the files in it of the scanner's format.
      const paths = c.dir !== undefined ? all.filter((f) => f.startsWith(`${c.path}/`) && scanner.matches(f.slice(c.path.length + 1))).map((f) => join(tmp, f)) : [join(tmp, c.path)];
      let inv;
      try {
        inv = await buildInventory(paths, { forceScanner: scanner });
      } catch (err) {
        out.push({ ...result, status: 'crash', detail: String(err) });
        continue;
      }
      if (c.want === null) {
        out.push({ ...result, ...expectedError(inv) });
        continue;
      }
      const dropDev = PRODUCTION_ONLY.has(c.scanner) || (DEV_OPTION.has(c.scanner) && c.options.IncludeDevDependencies !== true);
      const projects = new Set(inv.projects.filter((p) => p.version !== undefined).map((p) => `${p.name}@${p.version}`));
      const expected = c.want.filter((p) => {
        const meta = p.Metadata && typeof p.Metadata === 'object' ? p.Metadata : {};
        if (c.scanner === 'java/pom-xml' && meta.PomProject) return false;
        if (c.scanner === 'npm/yarn-lock' && typeof meta.Resolved === 'string' && /@workspace:/.test(meta.Resolved)) return false;
        return !projects.has(`${p.Name}@${p.Version}`);
      });
      const ignored = (name) => c.scanner === 'go/go-mod' && name === 'stdlib';
      const want = new Set(expected.filter((p) => !ignored(p.Name)).map((p) => expectedKey(scanner, p)));
      const gotPackages = inv.components.filter((p) => !ignored(p.name) && !(dropDev && p.scope === 'dev') && !(c.scanner === 'python/requirements' && (p.version === null || !/^\s*===?/.test(p.declared ?? ''))));
      const got = new Set(gotPackages.map((p) => ospoKey(scanner, p.name, p.version ?? '')));
      out.push({ ...result, ...compareKeys(want, got, inv) });
    }
    return { commit, out };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const opts = suiteArgs(process.argv.slice(2), { '--syft': 'syft' });
if (!opts.syft) {
  process.stderr.write('usage: node bench/syft-accuracy.js --syft <git dir> [--verbose] [--json FILE]\n');
  process.exit(2);
}
const { commit, out: all } = await run(opts);
// Cases whose expectation or fixture could not be read are listed, not scored.
const out = all.filter((r) => r.status !== 'unread');
printSuiteTotals('syft', commit, BASE, out);
const unread = all.filter((r) => r.status === 'unread');
if (unread.length) process.stdout.write(`\nnot read (${unread.length}):\n`);
for (const r of unread) process.stdout.write(`  ${r.test}${r.name ? ` (${r.name})` : ''}: ${r.detail}\n`);
const nonDefault = out.filter((r) => Object.values(r.options).some(Boolean));
if (nonDefault.length) process.stdout.write('\ncases read with non-default Syft options:\n');
for (const r of nonDefault) process.stdout.write(`  ${r.file}: ${JSON.stringify(r.options)} (${r.name ?? r.test})\n`);
for (const r of out.filter((x) => x.status !== 'exact')) printMiss(`${r.status} ${r.file} (${r.scanner}; ${r.name ?? r.test})`, r, opts.verbose);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify(all, null, 2)}\n`);
