// Writes data/licenses/templates.jsonl, the SPDX License List matching templates the license
// matcher falls back on when a text differs from a reference's plain text: the parts the SPDX
// templates mark <optional> and the variable text they mark <alt match="regex"> (SPDX License
// List Matching Guidelines, "license templates"). Read from a checkout or a bare git directory of
// spdx/license-list-XML (no network):
//   npm run build && node scripts/generate-license-templates.js <license-list-XML dir>
// The XML is read by spdxXmlToTemplate (src/licenses/text/spdx-xml.ts), the same strict, bounded
// reader scripts/import-spdx-license-xml.js uses. Only the <text> of each license in src/ is kept,
// as a tree of parts: a string is literal text (whitespace collapsed), {o: [...]} optional parts,
// {v: regex, d: default} variable text. The matcher tokenizes the literal text itself when a
// template is first used, so the file does not depend on the normalisation and needs no
// regeneration when it changes.
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openListSource } from './lib/spdx-list-source.js';

const { spdxXmlToTemplate } = await import('../dist/licenses/text/spdx-xml.js');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/generate-license-templates.js <spdx/license-list-XML checkout or bare git dir>');
  process.exit(2);
}
const { isGit, git, read } = openListSource(dir);
const commit = isGit ? git('rev-parse', 'HEAD').trim() : null;

const licenses = {};
// The licenses: src/*.xml (the exceptions in src/exceptions/ have no templates here).
for (const [p, xml] of read((p) => /^src\/[^/]+\.xml$/.test(p))) {
  const template = spdxXmlToTemplate(xml, p);
  if (template.kind !== 'license') throw new Error(`${p}: a ${template.kind} outside src/exceptions/`);
  licenses[template.id] = template.parts;
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
