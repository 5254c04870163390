// Writes data/licenses/templates.jsonl, the SPDX License List matching templates the license
// matcher falls back on when a text differs from a reference's plain text: the parts the SPDX
// templates mark <optional> and the variable text they mark <alt match="regex"> (SPDX License
// List Matching Guidelines, "license templates"). Read from a checkout or a bare git directory of
// spdx/license-list-XML (no network):
//   node scripts/generate-license-templates.js <license-list-XML dir>
// Only the <text> of each license in src/ is kept, as a tree of parts: a string is literal text
// (whitespace collapsed), {o: [...]} optional parts, {v: regex, d: default} variable text. The
// matcher tokenizes the literal text itself when a template is first used, so the file does not
// depend on the normalisation and needs no regeneration when it changes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/generate-license-templates.js <spdx/license-list-XML checkout or bare git dir>');
  process.exit(2);
}
const bare = existsSync(join(dir, 'HEAD')) && existsSync(join(dir, 'objects'));
const git = (...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
const commit = bare || existsSync(join(dir, '.git')) ? git('rev-parse', 'HEAD').trim() : null;
const names = bare ? git('ls-tree', '--name-only', 'HEAD', 'src/').split('\n').filter((p) => p.endsWith('.xml')) : readdirSync(join(dir, 'src')).filter((p) => p.endsWith('.xml')).map((p) => `src/${p}`);
const read = (p) => (bare ? git('show', `HEAD:${p}`) : readFileSync(join(dir, p), 'utf8'));

function decode(s) {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e) => {
    const named = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** Parses the XML into nested {tag, attrs, children} nodes (text nodes are strings). */
function parse(xml) {
  const root = { tag: '#root', attrs: {}, children: [] };
  const stack = [root];
  const re = /<!--[^]*?-->|<\?[^]*?\?>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (let m; (m = re.exec(xml)); ) {
    const [, close, tag, rawAttrs, selfClose, text] = m;
    if (text !== undefined) {
      stack[stack.length - 1].children.push(decode(text));
      continue;
    }
    if (!tag) continue;
    if (close) {
      while (stack.length > 1 && stack.pop().tag !== tag);
      continue;
    }
    const attrs = {};
    for (const a of (rawAttrs ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3] ?? '');
    const node = { tag, attrs, children: [] };
    stack[stack.length - 1].children.push(node);
    if (!selfClose) stack.push(node);
  }
  return root;
}

function find(node, tag) {
  if (typeof node === 'string') return undefined;
  if (node.tag === tag) return node;
  for (const c of node.children) {
    const f = find(c, tag);
    if (f) return f;
  }
  return undefined;
}

/** Text of a node, markup dropped (the default of an <alt>). */
function plain(node) {
  return typeof node === 'string' ? node : node.children.map(plain).join(node.tag === 'p' || node.tag === 'br' ? ' ' : '');
}

/** Turns template nodes into parts; adjacent text is merged, a paragraph ends in a space. */
function parts(children) {
  const out = [];
  const text = (s) => {
    if (typeof out[out.length - 1] === 'string') out[out.length - 1] += s;
    else out.push(s);
  };
  for (const c of children) {
    if (typeof c === 'string') {
      text(c);
      continue;
    }
    switch (c.tag) {
      case 'alt':
        out.push({ v: c.attrs.match ?? '.*', d: plain(c).replace(/\s+/g, ' ').trim() });
        break;
      // Bullets ("1.", "(a)") are dropped from inputs inconsistently; the title, copyright line
      // and standard header are optional by the guidelines.
      case 'optional':
      case 'bullet':
      case 'titleText':
      case 'copyrightText':
      case 'standardLicenseHeader':
        out.push({ o: parts(c.children) });
        break;
      default: {
        const inner = parts(c.children);
        text(' ');
        for (const p of inner) {
          if (typeof p === 'string') text(p);
          else out.push(p);
        }
        text(' ');
      }
    }
  }
  return out.map((p) => (typeof p === 'string' ? p.replace(/\s+/g, ' ') : p)).filter((p) => typeof p !== 'string' || p.trim() !== '');
}

const licenses = {};
for (const p of names) {
  const xml = read(p);
  const root = parse(xml);
  const license = find(root, 'license');
  const text = license && find(license, 'text');
  if (!license || !text || !license.attrs.licenseId) continue;
  licenses[license.attrs.licenseId] = parts(text.children);
}
const sorted = Object.entries(licenses).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
// One JSON value a line: the provenance, then ["id", parts] per license, so the matcher parses
// only the templates it uses.
const source = { source: { repository: 'https://github.com/spdx/license-list-XML', commit, path: 'src/*.xml', license: 'SPDX License List data (CC-BY-3.0), matching templates' } };
const lines = [JSON.stringify(source), ...sorted.map((e) => JSON.stringify(e))];
const target = fileURLToPath(new URL('../data/licenses/templates.jsonl', import.meta.url));
const tmp = `${target}.${process.pid}.tmp`;
writeFileSync(tmp, lines.join('\n') + '\n');
renameSync(tmp, target);
console.log(`${target}: ${sorted.length} license templates from ${commit ?? dir}`);
