import { createRequire } from 'node:module';
import type { Inventory } from '../model/inventory.js';
import type { LicenseDetails } from './analyze.js';
import { loadClassification, type ClassificationData } from './classification.js';
import { licenseTerms, parseExpression } from './expression.js';

/** One component in an attribution notice. */
export interface NoticeComponent {
  id: string;
  name: string;
  version: string | null;
  purl: string | null;
  /** The concluded expression, else the declared one, else NOASSERTION. */
  expression: string;
  copyrights: string[];
  /** SPDX license ids (and exceptions) whose texts apply, sorted. */
  licenseIds: string[];
  /** Texts for LicenseRef- terms and unidentified license files, from the package's own files. */
  customTexts: Array<{ file: string; text: string }>;
  /** NOTICE file contents, included where a license requires them (Apache-2.0 section 4(d)). */
  notices: Array<{ file: string; text: string }>;
}

/** An attribution notice for a distribution. */
export interface NoticeDocument {
  title: string;
  components: NoticeComponent[];
  /** Each SPDX license text once, sorted by id; `text` is undefined when it is not bundled. */
  licenses: Array<{ id: string; name: string; text?: string }>;
}

/** Options for buildNotice. */
export interface NoticeOptions {
  /** Include dev and test components (default false: they do not ship). */
  includeDev?: boolean;
  classification?: ClassificationData;
}

const require = createRequire(import.meta.url);
let fullTexts: Record<string, { name: string; licenseText: string }> | undefined;
function spdxTexts(): Record<string, { name: string; licenseText: string }> {
  fullTexts ??= require('spdx-license-list/full') as Record<string, { name: string; licenseText: string }>;
  return fullTexts;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most text one component contributes from its own files; a bound on hostile packages. */
const MAX_COMPONENT_TEXT = 512 * 1024;

function bounded(text: string): string {
  // Control characters (other than tab and newline) could rewrite a terminal or break a document.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trimEnd();
  return clean.length > MAX_COMPONENT_TEXT ? `${clean.slice(0, MAX_COMPONENT_TEXT)}\n[... truncated]` : clean;
}

/** A name or statement on one line without control characters (they could rewrite a terminal). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * Builds the attribution notice for the components that ship (runtime, provided, optional,
 * peer; dev and test with `includeDev`): each component's license expression, copyright lines,
 * texts for LicenseRefs from its own files, NOTICE files where a license in its expression
 * carries the `notice` obligation, and each SPDX license text once. Sorted by name, version, id.
 */
export function buildNotice(inventory: Inventory, details: LicenseDetails, options: NoticeOptions = {}): NoticeDocument {
  const classification = options.classification ?? loadClassification();
  const byId = new Map(details.components.map((d) => [d.license.componentId, d]));
  const usedIds = new Set<string>();
  const components: NoticeComponent[] = [];
  for (const c of inventory.components) {
    if (!options.includeDev && (c.scope === 'dev' || c.scope === 'test')) continue;
    const detail = byId.get(c.id);
    const lic = detail?.license;
    const expression = lic?.concluded ?? lic?.declared ?? 'NOASSERTION';
    const parsed = parseExpression(expression);
    const terms = parsed ? licenseTerms(parsed.node) : [];
    const ids = new Set<string>();
    let hasRef = !parsed && expression !== 'NOASSERTION';
    let needsNotice = false;
    for (const t of terms) {
      if (t.id.includes('LicenseRef-')) hasRef = true;
      else ids.add(t.id);
      if (t.exception) ids.add(t.exception);
      if (classification.licenses.get(t.id)?.obligations.includes('notice')) needsNotice = true;
    }
    for (const id of ids) usedIds.add(id);
    const files = detail?.files ?? [];
    const customTexts = hasRef
      ? files.filter((f) => f.kind === 'license' && (!f.expression || f.expression.includes('LicenseRef-'))).map((f) => ({ file: f.path, text: bounded(f.text) }))
      : [];
    const notices = needsNotice ? files.filter((f) => f.kind === 'notice').map((f) => ({ file: f.path, text: bounded(f.text) })) : [];
    components.push({
      id: c.id,
      name: oneLine(c.name),
      version: c.version === null ? null : oneLine(c.version),
      purl: c.purl === null ? null : oneLine(c.purl),
      expression: oneLine(expression),
      copyrights: (lic?.copyrights ?? []).map(oneLine),
      licenseIds: [...ids].sort(compare),
      customTexts,
      notices,
    });
  }
  components.sort((a, b) => compare(a.name, b.name) || compare(a.version ?? '', b.version ?? '') || compare(a.id, b.id));
  const texts = spdxTexts();
  const licenses = [...usedIds].sort(compare).map((id) => {
    const entry = Object.prototype.hasOwnProperty.call(texts, id) ? texts[id] : undefined;
    return entry ? { id, name: entry.name, text: entry.licenseText.trimEnd() } : { id, name: id };
  });
  return { title: `Third-party software notices for ${inventory.name}`, components, licenses };
}

const RULE = '='.repeat(80);
const THIN = '-'.repeat(80);

function title(c: NoticeComponent): string {
  return c.version ? `${c.name} ${c.version}` : c.name;
}

function textBlocks(doc: NoticeDocument): string {
  return `This file lists the ${doc.components.length} open source components in this distribution, their licenses and copyright notices. The full text of each license follows the list.`;
}

/** Renders the notice as plain text. */
export function renderNoticeText(doc: NoticeDocument): string {
  const out: string[] = [doc.title, '', textBlocks(doc), ''];
  for (const c of doc.components) {
    out.push(RULE, title(c));
    if (c.purl) out.push(c.purl);
    out.push(`License: ${c.expression}`);
    if (c.copyrights.length > 0) out.push('', ...c.copyrights);
    for (const t of c.customTexts) out.push('', THIN, `License text from ${t.file}:`, '', t.text);
    for (const n of c.notices) out.push('', THIN, `NOTICE (${n.file}):`, '', n.text);
    out.push('');
  }
  out.push(RULE, 'LICENSE TEXTS', RULE, '');
  for (const l of doc.licenses) {
    out.push(THIN, `${l.id}: ${l.name}`, THIN, '', l.text ?? `The text of ${l.id} is not bundled; see https://spdx.org/licenses/${l.id}.html`, '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** Escapes Markdown inline syntax so a package name cannot become a link, image or markup. */
function mdInline(text: string): string {
  return text.replace(/[\\`*_[\]#!|<>&~]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/** A fenced block whose fence is longer than any backtick run in the text. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text}\n${f}`;
}

function anchor(id: string): string {
  return `license-${id.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/** Renders the notice as Markdown; untrusted strings are escaped and license texts fenced. */
export function renderNoticeMarkdown(doc: NoticeDocument): string {
  const out: string[] = [`# ${mdInline(doc.title)}`, '', textBlocks(doc), ''];
  for (const c of doc.components) {
    out.push(`## ${mdInline(title(c))}`, '');
    if (c.purl) out.push(`- Package URL: \`${c.purl.replace(/`/g, '')}\``);
    out.push(`- License: ${mdInline(c.expression)}`);
    if (c.licenseIds.length > 0) out.push(`- License texts: ${c.licenseIds.map((id) => `[${mdInline(id)}](#${anchor(id)})`).join(', ')}`);
    if (c.copyrights.length > 0) out.push('', ...c.copyrights.map((x) => `> ${mdInline(x)}  `));
    for (const t of c.customTexts) out.push('', `License text from \`${t.file.replace(/`/g, '')}\`:`, '', fence(t.text));
    for (const n of c.notices) out.push('', `NOTICE (\`${n.file.replace(/`/g, '')}\`):`, '', fence(n.text));
    out.push('');
  }
  out.push('## License texts', '');
  for (const l of doc.licenses) {
    out.push(`<a id="${anchor(l.id)}"></a>`, '', `### ${mdInline(l.id)}: ${mdInline(l.name)}`, '');
    out.push(l.text ? fence(l.text) : `The text of ${mdInline(l.id)} is not bundled; see https://spdx.org/licenses/${encodeURIComponent(l.id)}.html`, '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Renders the notice as a standalone HTML page; every untrusted string is escaped. */
export function renderNoticeHtml(doc: NoticeDocument): string {
  const e = escapeHtml;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${e(doc.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;background:#f6f8fa;padding:1rem;overflow-x:auto}section{border-top:1px solid #ddd;margin-top:1.5rem}</style>',
    '</head>',
    '<body>',
    `<h1>${e(doc.title)}</h1>`,
    `<p>${e(textBlocks(doc))}</p>`,
  ];
  for (const c of doc.components) {
    out.push('<section>', `<h2>${e(title(c))}</h2>`, '<ul>');
    if (c.purl) out.push(`<li>Package URL: <code>${e(c.purl)}</code></li>`);
    out.push(`<li>License: <code>${e(c.expression)}</code></li>`);
    if (c.licenseIds.length > 0) out.push(`<li>License texts: ${c.licenseIds.map((id) => `<a href="#${e(anchor(id))}">${e(id)}</a>`).join(', ')}</li>`);
    out.push('</ul>');
    if (c.copyrights.length > 0) out.push(`<pre class="copyright">${e(c.copyrights.join('\n'))}</pre>`);
    for (const t of c.customTexts) out.push(`<p>License text from <code>${e(t.file)}</code>:</p>`, `<pre>${e(t.text)}</pre>`);
    for (const n of c.notices) out.push(`<p>NOTICE (<code>${e(n.file)}</code>):</p>`, `<pre>${e(n.text)}</pre>`);
    out.push('</section>');
  }
  out.push('<h2>License texts</h2>');
  for (const l of doc.licenses) {
    out.push(`<section id="${e(anchor(l.id))}">`, `<h3>${e(l.id)}: ${e(l.name)}</h3>`);
    out.push(l.text ? `<pre>${e(l.text)}</pre>` : `<p>The text of ${e(l.id)} is not bundled; see <a href="https://spdx.org/licenses/${e(encodeURIComponent(l.id))}.html">spdx.org</a>.</p>`);
    out.push('</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

/** The formats `ospo notice` writes. */
export const NOTICE_FORMATS = ['text', 'markdown', 'html'] as const;
/** One notice format. */
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

/** Renders a notice in one of the formats. */
export function renderNotice(doc: NoticeDocument, format: NoticeFormat): string {
  return format === 'html' ? renderNoticeHtml(doc) : format === 'markdown' ? renderNoticeMarkdown(doc) : renderNoticeText(doc);
}
