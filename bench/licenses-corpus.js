// License identification accuracy on corpora of real license files with known answers.
//
//   node bench/licenses-corpus.js prepare <suite> <source> <out-dir>
//   node bench/licenses-corpus.js score <corpus-dir>... [--misses N] [--json]
//
// `prepare` turns a license-detection test suite (a checkout or a bare git directory, as the
// fetch tool leaves them under /work/.mirror/) into a corpus directory: the test files under
// files/ and expected.json, an array of {path, expected, source}. `expected` is an SPDX
// expression; a deprecated GNU id without -only/-or-later ("GPL-2.0") accepts either (a bare
// license text does not say which); "unknown" means the text is a modified or unlisted license
// (any known id at confidence >= 0.9 is a confident wrong answer); null means no license.
// Suites: spdx (spdx/license-list-XML test/simpleTestForGenerator), licensee (licensee/licensee
// spec/fixtures), google (google/licensecheck testdata), scancode (nexB/scancode-toolkit
// tests/licensedcode/data/datadriven), node_modules (installed packages' license files against
// their package.json `license`), dir (any directory with an expected.json already).
//
// The corpora are other projects' files: they stay outside the repository (bench/out/ is
// git-ignored). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const spdxIds = new Set([...require('spdx-license-ids/index.json'), ...require('spdx-license-ids/deprecated.json'), ...require('spdx-exceptions/index.json')]);

function usage(message) {
  if (message) console.error(`error: ${message}`);
  console.error('usage: node bench/licenses-corpus.js prepare <spdx|licensee|google|scancode|node_modules|debian|site-packages> <source> <out-dir>');
  console.error('       node bench/licenses-corpus.js score <corpus-dir>... [--misses N] [--json]');
  process.exit(2);
}

/** Reads files of a checkout or a bare git directory. */
function source(dir) {
  const bare = existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'));
  if (!bare) {
    return {
      list: (under) => walkFiles(join(dir, under)).map((f) => relative(dir, f)),
      read: (path) => readFileSync(join(dir, path)),
    };
  }
  return {
    list: (under) => execFileSync('git', ['-C', dir, 'ls-tree', '-r', '--name-only', 'HEAD', under], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n').filter(Boolean),
    read: (path) => execFileSync('git', ['-C', dir, 'show', `HEAD:${path}`], { maxBuffer: 64 << 20 }),
  };
}

function walkFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Reads many files of a bare git directory in one process (git cat-file --batch). */
function readMany(dir, paths) {
  const bare = existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'));
  if (!bare) return paths.map((p) => readFileSync(join(dir, p)));
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: paths.map((p) => `HEAD:${p}`).join('\n') + '\n', maxBuffer: 1 << 30 });
  const result = [];
  let pos = 0;
  for (let i = 0; i < paths.length; i++) {
    const nl = out.indexOf(10, pos);
    const header = out.subarray(pos, nl).toString();
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) throw new Error(`git cat-file: ${header}`);
    result.push(out.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return result;
}

// ---- suites -------------------------------------------------------------------------------

const EXCEPTION_OF = { GCC: ['GCC-exception-2.0', 'GCC-exception-3.1'], autoconf: ['Autoconf-exception-2.0', 'Autoconf-exception-3.0'], bison: ['Bison-exception-2.2'], classpath: ['Classpath-exception-2.0'], font: ['Font-exception-2.0'] };
function exceptionFor(name) {
  return EXCEPTION_OF[name] ?? [];
}

const REPLACED_BY = { 'BSD-2-Clause-FreeBSD': 'BSD-2-Clause-Views', 'BSD-2-Clause-NetBSD': 'BSD-2-Clause', 'StandardML-NJ': 'SMLNJ', Nunit: 'zlib-acknowledgement' };

function prepareSpdx(dir) {
  const src = source(dir);
  const paths = src.list('test/simpleTestForGenerator').filter((p) => p.endsWith('.txt'));
  const bodies = readMany(dir, paths);
  // Ids whose published texts are the same (GPL-2.0-only and -or-later, the six GFDL-1.3 ids):
  // the text alone cannot tell them apart, so any of them is right.
  const list = require('spdx-license-list/full.js');
  const byText = new Map();
  for (const [id, e] of Object.entries(list)) byText.set(e.licenseText, [...(byText.get(e.licenseText) ?? []), id]);
  return paths.map((p, i) => {
    // depreciate_X: a deprecated id's text. "GPL-2.0+" is the -or-later id (the text alone
    // reads as either); "GPL-2.0-with-GCC-exception" holds the exception text.
    let id = basename(p, '.txt').replace(/^depreciate_/, '');
    // Deprecated ids whose text the SPDX list now gives another id: either is right.
    if (REPLACED_BY[id]) return { name: basename(p), body: bodies[i], expected: [id, REPLACED_BY[id]], source: p };
    const plus = /^(.*)\+$/.exec(id);
    if (plus) id = `${plus[1]}-or-later`;
    const withEx = /^(.*)-with-(.*)-exception$/.exec(id);
    if (withEx) return { name: basename(p), body: bodies[i], expected: exceptionFor(withEx[2]), source: p };
    const same = list[id] ? byText.get(list[id].licenseText) : undefined;
    return { name: basename(p), body: bodies[i], expected: same && same.length > 1 ? same : id, source: p };
  });
}

function prepareLicensee(dir) {
  const src = source(dir);
  const yml = src.read('spec/fixtures/fixtures.yml').toString('utf8');
  // fixtures.yml: "name:\n  key: mit\n  matcher: ..." — read without a YAML library.
  const expected = new Map();
  let current;
  for (const line of yml.split('\n')) {
    const top = /^([\w.-]+):\s*$/.exec(line);
    if (top) current = top[1];
    const key = /^\s+key:\s*(\S+)/.exec(line);
    if (key && current) expected.set(current, key[1]);
  }
  const licenseeToSpdx = {};
  for (const l of JSON.parse(src.read('spec/fixtures/detect.json').toString('utf8')).licenses ?? []) licenseeToSpdx[l.key] = l.spdx_id;
  // licensee answers `other` for a whole fixture directory where its single license file, read
  // alone, is a listed SPDX license: a sibling file changes licensee's verdict (PATENTS beside a
  // BSD-3-Clause text; LICENSES/MIT.txt beside an Apache-2.0 LICENSE.md), or licensee does not
  // know the license (it knows the choosealicense.com set; SPDX lists these). Each was checked
  // against the SPDX text (the file's title and a full-text match at 0.99 or above).
  const fileAlone = {
    'bsd-plus-patents': 'BSD-3-Clause',
    'licenses-dir-with-top-level-license': 'Apache-2.0',
    'cc-by-nc-sa': 'CC-BY-NC-SA-4.0',
    'cc-by-nd': 'CC-BY-ND-4.0',
    'pixar-modified-apache': 'Pixar',
  };
  const out = [];
  const all = src.list('spec/fixtures');
  for (const [fixture, key] of expected) {
    // The license file of the fixture: what licensee itself would read (LICENSE*, COPYING*, ...).
    const files = all.filter((p) => p.startsWith(`spec/fixtures/${fixture}/`) && p.split('/').length === 4 && /^(?:un)?licen[sc]e|^copying|^notice/i.test(basename(p)));
    if (files.length !== 1) continue; // several files, or none: a repository-level test, not a text test
    let spdx = fileAlone[fixture] ?? (key === 'other' ? 'unknown' : key === 'no-license' ? null : (licenseeToSpdx[key] ?? key.toUpperCase()));
    if (spdx && spdx !== 'unknown' && !spdxIds.has(spdx)) spdx = knownCase(spdx) ?? 'unknown';
    out.push({ name: `${fixture}__${basename(files[0])}`, body: src.read(files[0]), expected: spdx, source: files[0] });
  }
  return out;
}

const idsByLower = new Map([...spdxIds].map((id) => [id.toLowerCase(), id]));
function knownCase(id) {
  return idsByLower.get(id.toLowerCase());
}

// Files licensecheck expects no license in (0%) whose text fits an SPDX matching template that
// licensecheck does not carry: the SPDX answer is scored. MIT.t25 is MIT-Wu with another holder;
// MIT-Broken.t4 puts "X" after "copyright holders", which X11's template variable for
// "THE X CONSORTIUM" (and its advertising clause) accepts.
const GOOGLE_SPDX_SAYS = { 'MIT.t25': 'MIT-Wu', 'MIT-Broken.t4': 'X11' };
function prepareGoogle(dir) {
  const src = source(dir);
  const paths = src.list('testdata').filter((p) => /\.t\d+$/.test(p));
  const bodies = readMany(dir, paths);
  const out = [];
  for (const [i, p] of paths.entries()) {
    const text = bodies[i].toString('utf8');
    const blank = text.indexOf('\n\n');
    if (blank < 0) continue;
    const header = text.slice(0, blank).split('\n').filter((l) => !l.startsWith('#'));
    const body = text.slice(blank + 2);
    const coverage = parseFloat(header[0]);
    const names = [];
    const urls = [];
    for (const line of header.slice(1)) {
      if (/^(?:scan|cover\+scan)$/.test(line)) break;
      const [name, , url] = line.split(/\s+/);
      if (url === 'URL' || (line.split(/\s+/).length === 3 && line.endsWith('URL'))) urls.push(name);
      else if (name) names.push(name);
    }
    // licensecheck reports a license URL wherever one appears, also as a "see" link beside a text,
    // so URL matches are not part of the answer, unless the file holds nothing but the URL.
    if (names.length === 0 && urls.length > 0 && body.split(/\s+/).filter(Boolean).length <= 20) names.push(...urls);
    let expected;
    if (GOOGLE_SPDX_SAYS[basename(p)]) expected = GOOGLE_SPDX_SAYS[basename(p)];
    else if (names.length === 0) expected = null;
    else if (names.every((n) => spdxIds.has(n))) expected = [...new Set(names)].join(' AND ');
    else expected = 'unlisted:' + names.join(',');
    out.push({ name: basename(p), body: Buffer.from(body), expected, source: p, coverage });
  }
  return out;
}

function prepareScancode(dir) {
  const src = source(dir);
  // scancode license key -> SPDX id, from its license database.
  const licPaths = src.list('src/licensedcode/data/licenses').filter((p) => p.endsWith('.LICENSE'));
  const toSpdx = {};
  for (const [i, body] of readMany(dir, licPaths).entries()) {
    const head = body.toString('utf8').split('\n---', 2)[0];
    const key = /^key:\s*(\S+)/m.exec(head)?.[1] ?? basename(licPaths[i], '.LICENSE');
    const spdx = /^spdx_license_key:\s*(\S+)/m.exec(head)?.[1];
    if (spdx) toSpdx[key] = spdx;
  }
  const all = src.list('tests/licensedcode/data/datadriven').filter((p) => /\/lic[1-4]\//.test(p));
  const ymls = all.filter((p) => p.endsWith('.yml'));
  const ymlBodies = readMany(dir, ymls);
  const tests = [];
  for (const [i, y] of ymls.entries()) {
    const file = y.slice(0, -4);
    if (!all.includes(file)) continue;
    const yml = ymlBodies[i].toString('utf8');
    const exprs = [];
    let inList = false;
    for (const line of yml.split('\n')) {
      if (/^license_expressions:/.test(line)) inList = true;
      else if (/^\S/.test(line)) inList = false;
      else if (inList) {
        const m = /^\s*-\s*(.+)$/.exec(line);
        if (m) exprs.push(m[1].trim().replace(/^['"]|['"]$/g, ''));
      }
    }
    // Expressions in scancode keys: translate each key; any key without an SPDX id (or a
    // LicenseRef-scancode id) makes the answer "unlisted".
    let unlisted = false;
    const translated = exprs.map((e) =>
      e.replace(/[A-Za-z0-9.+_-]+/g, (k) => {
        if (/^(?:AND|OR|WITH|and|or|with)$/.test(k)) return k.toUpperCase();
        const s = toSpdx[k];
        if (!s || s.startsWith('LicenseRef-')) unlisted = true;
        return s ?? k;
      }),
    );
    const expected = exprs.length === 0 ? null : unlisted ? 'unlisted:' + exprs.join(',') : [...new Set(translated)].map((t) => (translated.length > 1 && / OR /.test(t) ? `(${t})` : t)).join(' AND ');
    tests.push({ file, expected });
  }
  const bodies = readMany(dir, tests.map((t) => t.file));
  return tests.map((t, i) => ({ name: t.file.replace(/^.*datadriven\//, '').replace(/\//g, '__'), body: bodies[i], expected: t.expected, source: t.file, licenseFile: /^(?:licen[sc]e|copying|copyright|notice|unlicense)|\.(?:license|licence)$/i.test(basename(t.file)) }));
}

function prepareNodeModules(dir) {
  const out = [];
  const pkgs = [];
  for (const e of readdirSync(dir)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) for (const s of readdirSync(join(dir, e))) pkgs.push(join(dir, e, s));
    else pkgs.push(join(dir, e));
  }
  for (const p of pkgs) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    let declared = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
    if (!declared && Array.isArray(pkg.licenses)) declared = pkg.licenses.map((l) => l.type ?? l).join(' OR ');
    for (const f of readdirSync(p)) {
      if (!/^(?:licen[sc]e|copying|unlicense)/i.test(f) || !statSync(join(p, f)).isFile()) continue;
      out.push({ name: `${relative(dir, p).replace(/\//g, '__')}__${f}`, body: readFileSync(join(p, f)), expected: declared ?? 'undeclared', source: relative(dir, join(p, f)) });
    }
  }
  return out;
}

// Debian short license names (the copyright-format 1.0 list, and the spellings maintainers use
// beside it) as SPDX ids. A name with "+" is the -or-later form; the GNU names without it are
// -only, as the format defines them. Names the SPDX list lacks (public-domain, permissive) and
// free-form names are left out of the corpus.
function debianToSpdx(name) {
  const n = name.trim().replace(/\s+/g, ' ');
  const gnu = /^(A|L)?GPL[- ]?v?(\d)(?:\.(\d))?(?:\.0)?(\+|-or-later|-only)?$/i.exec(n);
  if (gnu) {
    const kind = (gnu[1] ?? '').toUpperCase();
    const major = gnu[2];
    let minor = gnu[3] ?? '0';
    if (kind === 'L' && major === '2' && gnu[3] === undefined) minor = '0';
    if (kind === 'L' && major === '2' && gnu[3] === '1') minor = '1';
    const id = `${kind}GPL-${major}.${minor}`;
    if (!spdxIds.has(`${id}-only`)) return undefined;
    return `${id}-${gnu[4] === '+' || gnu[4] === '-or-later' ? 'or-later' : 'only'}`;
  }
  const gfdl = /^GFDL-(1\.[123])(\+)?$/i.exec(n);
  if (gfdl) return `GFDL-${gfdl[1]}-${gfdl[2] ? 'or-later' : 'only'}`;
  const bsd = /^BSD-([234])(?:-clause)?$/i.exec(n);
  if (bsd) return `BSD-${bsd[1]}-Clause`;
  const alias = { expat: 'MIT', mit: 'MIT', 'apache-2': 'Apache-2.0', 'apache-2.0': 'Apache-2.0', 'mpl-2': 'MPL-2.0', 'mpl-1.1': 'MPL-1.1', 'mpl-2.0': 'MPL-2.0', zlib: 'Zlib', isc: 'ISC', cc0: 'CC0-1.0', 'cc0-1.0': 'CC0-1.0', 'psf-2': 'PSF-2.0', 'python-2.0': 'Python-2.0', unlicense: 'Unlicense', 'boost-1.0': 'BSL-1.0', 'bsl-1.0': 'BSL-1.0', x11: 'X11', 'artistic-2.0': 'Artistic-2.0' };
  if (alias[n.toLowerCase()]) return alias[n.toLowerCase()];
  return knownCase(n);
}

/** A copyright-format 1.0 file's paragraphs, each a map of field to its lines (continuation lines unindented, " ." as an empty line). */
function debianParagraphs(text) {
  const paragraphs = [];
  let fields = new Map();
  let last;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      if (fields.size > 0) paragraphs.push(fields);
      fields = new Map();
      last = undefined;
    } else if (/^\s/.test(line)) {
      if (last) fields.get(last).push(line.trim() === '.' ? '' : line.replace(/^\s/, ''));
    } else {
      const m = /^([\w-]+):\s?(.*)$/.exec(line);
      if (!m) continue;
      last = m[1].toLowerCase();
      fields.set(last, [m[2]]);
    }
  }
  if (fields.size > 0) paragraphs.push(fields);
  return paragraphs;
}

// Debian's machine-readable copyright files (/usr/share/doc/<package>/copyright): each License
// paragraph that carries a text (the license itself, or the notice and pointer a maintainer put
// there) against the short name it is labelled with. Texts of fewer than three lines are left
// out (they name a license rather than hold one), and so are repeats of the same text.
function prepareDebian(dir) {
  const out = [];
  const seen = new Set();
  for (const pkg of readdirSync(dir).sort()) {
    let text;
    try {
      text = readFileSync(join(dir, pkg, 'copyright'), 'utf8');
    } catch {
      continue;
    }
    if (!/^Format:.*copyright-format/m.test(text)) continue;
    let n = 0;
    for (const para of debianParagraphs(text)) {
      const lic = para.get('license');
      if (!lic || lic.length < 4) continue;
      const body = lic.slice(1).join('\n').trim();
      if (body.split('\n').length < 3 || seen.has(body)) continue;
      seen.add(body);
      const name = lic[0].trim();
      const ops = name.match(/\s(?:or|and)\s/gi) ?? [];
      const kinds = new Set(ops.map((o) => o.trim().toUpperCase()));
      let expected;
      if (kinds.size > 1 || /,|\bwith\b|exception/i.test(name)) expected = `unlisted:${name}`;
      else {
        const terms = name.split(/\s(?:or|and)\s/i).map(debianToSpdx);
        expected = terms.every(Boolean) ? [...new Set(terms)].join(` ${[...kinds][0] ?? 'AND'} `) : `unlisted:${name}`;
      }
      out.push({ name: `${pkg}__${++n}`, body: Buffer.from(`${body}\n`), expected, source: `${pkg}/copyright: License: ${name}` });
    }
  }
  return out;
}

// Python packages installed in a site-packages directory: the license files of each *.dist-info
// (licenses/ and LICENSE*) against its METADATA `License-Expression` (PEP 639, an SPDX
// expression the project wrote). A package with several license files counts only when its
// expression is one license (each file then holds it); otherwise the files split the expression.
const SITE_PACKAGES_FILE_SAYS = { cffi: 'MIT-0' };
function prepareSitePackages(dir) {
  const out = [];
  for (const info of readdirSync(dir).filter((d) => d.endsWith('.dist-info')).sort()) {
    let meta;
    try {
      meta = readFileSync(join(dir, info, 'METADATA'), 'utf8');
    } catch {
      continue;
    }
    const m = /^License-Expression:\s*(.+)$/m.exec(meta.split('\n\n')[0]);
    if (!m) continue;
    // Where a project's metadata contradicts its own license file, the file is scored on what it
    // holds: cffi 2.0 declares MIT but ships the MIT No Attribution text.
    const expression = SITE_PACKAGES_FILE_SAYS[info.replace(/-[^-]+\.dist-info$/, '')] ?? m[1].trim();
    const files = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) files.push(p);
      }
    };
    if (existsSync(join(dir, info, 'licenses'))) walk(join(dir, info, 'licenses'));
    // AUTHORS and similar files that wheels ship beside the license are not license texts.
    const licenseNamed = files.filter((f) => /^(?:licen[sc]e|copying|notice|unlicense)|\.(?:license|licence)$/i.test(basename(f)));
    files.splice(0, files.length, ...licenseNamed);
    for (const f of readdirSync(join(dir, info))) if (/^(?:licen[sc]e|copying|notice)/i.test(f) && statSync(join(dir, info, f)).isFile()) files.push(join(dir, info, f));
    const single = /^[A-Za-z0-9.+-]+$/.test(expression);
    if (files.length === 0 || (files.length > 1 && !single)) continue;
    for (const f of files) out.push({ name: `${info}__${relative(join(dir, info), f).replace(/\//g, '__')}`, body: readFileSync(f), expected: expression, source: relative(dir, f) });
  }
  return out;
}

function prepare(suite, from, outDir) {
  const make = { spdx: prepareSpdx, licensee: prepareLicensee, google: prepareGoogle, scancode: prepareScancode, node_modules: prepareNodeModules, debian: prepareDebian, 'site-packages': prepareSitePackages }[suite];
  if (!make) usage(`unknown suite "${suite}"`);
  if (!existsSync(from)) usage(`no such directory: ${from}`);
  const cases = make(from);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'files'), { recursive: true });
  const expected = [];
  for (const c of cases) {
    writeFileSync(join(outDir, 'files', c.name), c.body);
    const { body: _body, name, ...rest } = c;
    expected.push({ path: `files/${name}`, ...rest });
  }
  writeFileSync(join(outDir, 'expected.json'), JSON.stringify(expected, null, 1));
  console.log(`${suite}: ${expected.length} test files written to ${outDir}`);
}

// ---- scoring ------------------------------------------------------------------------------

/** The ids of an expression's AND terms, sorted (OR groups kept whole). */
function terms(expr) {
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const tok of expr.replace(/([()])/g, ' $1 ').trim().split(/\s+/)) {
    if (tok === '(') depth++;
    if (tok === ')') depth--;
    if (depth === 0 && tok === 'AND') {
      parts.push(cur.trim());
      cur = '';
    } else cur += ` ${tok}`;
  }
  parts.push(cur.trim());
  // "A AND A" is A: scancode lists one expression per detection, so a file with the same
  // license twice (a header and a full text) expects it twice.
  return [...new Set(parts.map((p) => p.replace(/^\(\s*(.*?)\s*\)$/, '$1').replace(/\s+/g, ' ').split(' OR ').sort().join(' OR ')))].sort();
}

const GNU_FAMILY = /^(?:(?:A|L)?GPL|GFDL)-\d\.\d$/;
const DEPRECATED_PLUS = /^((?:A|L)?GPL-\d\.\d)\+$/;
function termMatches(expected, got) {
  if (expected === got) return true;
  const [e, g] = [expected, got].map((t) => t.replace(DEPRECATED_PLUS, '$1-or-later').replace(/^((?:A|L)?GPL-\d\.\d)-only$/, '$1-only'));
  if (e === g) return true;
  // A bare GNU id ("GPL-2.0", deprecated) does not say -only or -or-later: either is right.
  if (GNU_FAMILY.test(e) && (g === `${e}-only` || g === `${e}-or-later`)) return true;
  // WITH terms: the same comparison on each side.
  const ew = e.split(' WITH ');
  const gw = g.split(' WITH ');
  if (ew.length === 2 && gw.length === 2) return ew[1] === gw[1] && termMatches(ew[0], gw[0]);
  return false;
}

function exprMatches(expected, got) {
  const a = terms(expected);
  const b = terms(got);
  if (a.length !== b.length) return false;
  const used = new Set();
  return a.every((t) => {
    const i = b.findIndex((u, j) => !used.has(j) && termMatches(t, u));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

/** A case whose expected answer is no SPDX expression (a package that declares none, a license the list lacks). */
const noSpdxAnswer = (c) => c.expected === 'undeclared' || (typeof c.expected === 'string' && c.expected.startsWith('unlisted:'));

const isUnknown = (license) => license === null || /LicenseRef-/.test(license);

// Ids the matcher has a text for: the bundled SPDX license texts, the exceptions it carries and
// the exceptions and newer licenses imported from the SPDX License List XML (data/licenses/spdx-xml.json).
const IMPORTED = (() => {
  const at = new URL('../data/licenses/spdx-xml.json', import.meta.url);
  if (!existsSync(at)) return [];
  const m = JSON.parse(readFileSync(at, 'utf8'));
  return [...Object.keys(m.exceptions ?? {}), ...Object.keys(m.licenses ?? {})];
})();
const BUNDLED_TEXT = new Set([
  ...Object.keys(require('spdx-license-list/full.js')),
  'Autoconf-exception-2.0', 'Autoconf-exception-3.0', 'Bison-exception-2.2', 'Classpath-exception-2.0', 'Font-exception-2.0', 'GCC-exception-2.0', 'GCC-exception-3.1',
  ...IMPORTED,
]);
const idsOf = (expr) => expr.replace(/[()]/g, ' ').split(/\s+/).filter((t) => t && !/^(?:AND|OR|WITH)$/.test(t)).map((t) => t.replace(/\+$/, ''));

async function score(dirs, opts) {
  const { identifyLicenseFile, referenceIndex, ACCEPT_THRESHOLD } = await import(new URL('../dist/licenses/text/index.js', import.meta.url).href);
  referenceIndex();
  const report = [];
  for (const dir of dirs) {
    const cases = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
    const tally = { corpus: basename(dir), files: cases.length, known: 0, correct: 0, unknownCases: 0, unknownOk: 0, confidentWrong: 0, noAnswer: 0, skipped: 0, errors: 0, noReference: 0, correctNoReference: 0, misses: [] };
    const t0 = performance.now();
    for (const c of cases) {
      const path = join(dir, c.path);
      let r;
      try {
        r = identifyLicenseFile(path, c.path);
      } catch (err) {
        // As `ospo license identify` reports it: no license, with the reason. Right for a file
        // that holds none (a binary expected to have no license), a miss for one that does.
        tally.errors++;
        if (c.expected === null || c.expected === 'unknown') {
          tally.unknownCases++;
          tally.unknownOk++;
        } else if (!noSpdxAnswer(c)) {
          tally.known++;
          tally.noAnswer++;
          tally.misses.push({ path: c.path, expected: c.expected, got: `error: ${err.message}` });
        } else tally.skipped++;
        continue;
      }
      const confident = r.license !== null && !isUnknown(r.license) && r.confidence >= ACCEPT_THRESHOLD;
      if (noSpdxAnswer(c)) {
        // No SPDX answer to compare with: only counted when the answer is confident, for a person to look at.
        tally.skipped++;
        continue;
      }
      if (c.expected === 'unknown' || c.expected === null) {
        tally.unknownCases++;
        if (!confident) tally.unknownOk++;
        else {
          tally.confidentWrong++;
          tally.misses.push({ path: c.path, expected: c.expected ?? 'no license', got: r.license, confidence: r.confidence });
        }
        continue;
      }
      tally.known++;
      const answers = Array.isArray(c.expected) ? c.expected : [c.expected];
      // An answer whose every id has no text in the bundled list (an exception, a license newer
      // than spdx-license-list) cannot come from the full-text matcher: counted apart.
      if (answers.every((e) => idsOf(e).some((id) => !BUNDLED_TEXT.has(id)))) tally.noReference++;
      if (r.license !== null && answers.some((e) => exprMatches(e, r.license))) {
        tally.correct++;
        if (answers.every((e) => idsOf(e).some((id) => !BUNDLED_TEXT.has(id)))) tally.correctNoReference++;
      }
      else {
        if (r.license === null || isUnknown(r.license)) tally.noAnswer++;
        else if (confident) tally.confidentWrong++;
        tally.misses.push({ path: c.path, expected: c.expected, got: r.license, confidence: r.confidence, closest: r.matches?.find((m) => m.candidate)?.candidate });
      }
    }
    tally.ms = Math.round(performance.now() - t0);
    report.push(tally);
  }
  if (opts.json) {
    console.log(JSON.stringify(report, null, 1));
    return;
  }
  for (const t of report) {
    const pct = (n, d) => (d === 0 ? '-' : `${((n / d) * 100).toFixed(1)}%`);
    console.log(
      `${t.corpus}: ${t.correct}/${t.known} correct (${pct(t.correct, t.known)}); modified/unlisted/no-license texts not given a confident id: ${t.unknownOk}/${t.unknownCases}; ` +
        `confident wrong ${t.confidentWrong}, unknown instead of the answer ${t.noAnswer}, not read (binary, too large) ${t.errors}, skipped (no SPDX answer) ${t.skipped}; ${t.files} files in ${t.ms} ms`,
    );
    const reachable = t.known - t.noReference;
    const reachableCorrect = t.correct - t.correctNoReference;
    if (t.noReference > 0) console.log(`  ${t.noReference} expected answers name an id with no bundled text (deprecated ids, licenses newer than the bundled data); on the other ${reachable}: ${reachableCorrect} correct (${pct(reachableCorrect, reachable)})`);
    for (const m of t.misses.slice(0, opts.misses)) console.log(`  miss ${m.path}: expected ${m.expected}, got ${m.got}${m.confidence !== undefined ? ` (${m.confidence})` : ''}${m.closest ? ` closest ${m.closest.expression} ${m.closest.score}` : ''}`);
  }
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'prepare') {
  if (rest.length !== 3) usage('prepare takes <suite> <source> <out-dir>');
  prepare(rest[0], rest[1], rest[2]);
} else if (cmd === 'score') {
  const dirs = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--misses');
  if (dirs.length === 0) usage('score takes one or more corpus directories');
  const mi = rest.indexOf('--misses');
  await score(dirs, { misses: mi >= 0 ? Number(rest[mi + 1]) : 20, json: rest.includes('--json') });
} else usage(cmd ? `unknown command "${cmd}"` : undefined);


