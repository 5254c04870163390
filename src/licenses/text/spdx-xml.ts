import { SaxesParser } from 'saxes';
import { InputError } from '../../model/errors.js';
import { stripBom } from '../../parsers/lines.js';
import { MAX_DEPTH } from '../../parsers/limits.js';
import type { TemplatePart } from './templates.js';

/**
 * Reads one file of the SPDX License List XML source (spdx/license-list-XML, `src/*.xml` and
 * `src/exceptions/*.xml`) into the plain text the matcher's references are made of: the text
 * the SPDX list publishes as `licenseText` — optional passages kept, each `<alt>` as its
 * default text, bullets before their items, a blank line between paragraphs and list items.
 */

/** One license or exception of the SPDX License List XML. */
export interface SpdxXmlEntry {
  kind: 'license' | 'exception';
  id: string;
  name: string;
  /** The list version that deprecated it, when it is deprecated. */
  deprecatedVersion?: string;
  /** The expressions the list says replace a deprecated id. */
  obsoletedBy: string[];
  text: string;
  /** The text without its optional passages, when it has any (copies often leave them out). */
  minimal?: string;
}

/** The largest XML file read (the longest SPDX license XML is about 150 KB). */
export const MAX_SPDX_XML_BYTES = 2 << 20;

// Elements that stand as blocks of their own: a blank line before and after.
const BLOCKS = new Set(['p', 'list', 'item', 'titleText', 'copyrightText', 'standardLicenseHeader']);

/** An element of the XML, by its local name; text is a string (runs between markup kept apart). */
export interface SpdxXmlElement {
  name: string;
  attrs: Record<string, string>;
  children: SpdxXmlNode[];
}
export type SpdxXmlNode = string | SpdxXmlElement;

/** The one license or exception of a file: its attributes, what replaces it, and its <text>. */
export interface SpdxXmlDocument {
  kind: 'license' | 'exception';
  id: string;
  name: string;
  deprecatedVersion?: string;
  obsoletedBy: string[];
  text: SpdxXmlElement;
}

const cleanMessage = (err: Error) => err.message.replace(/^[^:]*:\d+:\d+: /, '');
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Parses SPDX License List XML into its one license or exception, the element tree both
 * conversions below read. Parsed strictly, like all XML the project reads: DOCTYPE and entity
 * declarations are refused (nothing is expanded), nesting and size are capped; comments and
 * processing instructions are dropped. Throws InputError on anything that is not one license
 * or exception with one <text>.
 */
export function readSpdxXml(xml: string, file?: string): SpdxXmlDocument {
  if (xml.length > MAX_SPDX_XML_BYTES) throw new InputError(`SPDX license XML over ${MAX_SPDX_XML_BYTES} bytes`, { file });
  const src = stripBom(xml);
  if (/<!(?:DOCTYPE|ENTITY)/i.test(src)) throw new InputError('XML with a DOCTYPE or entity declaration is refused (entities are never expanded)', { file });
  const parser = new SaxesParser({ position: true });
  const root: SpdxXmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: SpdxXmlElement[] = [root];
  let doc: SpdxXmlDocument | undefined;
  let entryElement: SpdxXmlElement | undefined;
  let text: SpdxXmlElement | undefined;
  let failure: InputError | undefined;
  const fail = (message: string) => {
    failure ??= new InputError(message, { file, line: parser.line });
  };
  parser.on('opentag', (tag) => {
    if (failure) return;
    if (stack.length > MAX_DEPTH) return fail(`XML nested deeper than ${MAX_DEPTH} levels`);
    const name = localName(tag.name);
    const attrs = { ...(tag.attributes as Record<string, string>) };
    const element: SpdxXmlElement = { name, attrs, children: [] };
    const parent = stack[stack.length - 1] ?? root;
    parent.children.push(element);
    stack.push(element);
    if (name === 'license' || name === 'exception') {
      if (doc) return fail('more than one license or exception in one file');
      if (!attrs.licenseId || !/^[A-Za-z0-9.+-]+$/.test(attrs.licenseId)) return fail(`<${name}> without a valid licenseId`);
      doc = { kind: name, id: attrs.licenseId, name: (attrs.name ?? attrs.licenseId).replace(/\s+/g, ' ').trim(), obsoletedBy: [], text: element };
      if (attrs.deprecatedVersion) doc.deprecatedVersion = attrs.deprecatedVersion;
      entryElement = element;
    } else if (name === 'text' && parent === entryElement) {
      if (text) return fail('more than one <text>');
      text = element;
    }
  });
  const onText = (t: string) => {
    if (!failure) (stack[stack.length - 1] ?? root).children.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (failure) return;
    const element = stack.pop();
    if (element?.name === 'obsoletedBy' && doc) {
      const value = plainText(element).replace(/\s+/g, ' ').trim();
      if (value) doc.obsoletedBy.push(value);
    }
  });
  parser.on('error', (err: Error) => fail(`invalid XML: ${cleanMessage(err)}`));
  try {
    parser.write(src).close();
  } catch (err) {
    if (!failure) fail(`invalid XML: ${cleanMessage(err as Error)}`);
  }
  if (failure) throw failure;
  if (!doc) throw new InputError('no <license> or <exception> element', { file });
  if (!text) throw new InputError(`${doc.id}: no <text> element`, { file });
  doc.text = text;
  return doc;
}

/** Text of an element with its markup dropped. */
function plainText(node: SpdxXmlNode): string {
  return typeof node === 'string' ? node : node.children.map(plainText).join('');
}

/**
 * Converts SPDX License List XML to an entry with its text (see readSpdxXml for what is
 * refused).
 */
export function spdxXmlToEntry(xml: string, file?: string): SpdxXmlEntry {
  const doc = readSpdxXml(xml, file);
  const entry: SpdxXmlEntry = { kind: doc.kind, id: doc.id, name: doc.name, obsoletedBy: doc.obsoletedBy, text: '' };
  if (doc.deprecatedVersion) entry.deprecatedVersion = doc.deprecatedVersion;
  let out = '';
  // The same without optional passages.
  let min = '';
  const emit = (t: string, inOptional: boolean) => {
    out += t;
    if (!inOptional) min += t;
  };
  const walk = (node: SpdxXmlNode, inOptional: boolean) => {
    // Within a paragraph the XML's line breaks are layout: runs of white space are one space.
    if (typeof node === 'string') return emit(node.replace(/\s+/g, ' '), inOptional);
    const { name } = node;
    // Variable and optional text stands apart from the words around it ("ANY<alt>EXPRESS</alt>")
    // unless its spacing attribute joins it to them ("license<optional spacing="none">s</optional>").
    const spacing = name === 'alt' || name === 'optional' ? (node.attrs.spacing ?? 'both') : undefined;
    if (BLOCKS.has(name)) emit('\n\n', inOptional);
    else if (name === 'br') emit('\n', inOptional);
    else if (spacing === 'both' || spacing === 'before') emit(' ', inOptional);
    for (const c of node.children) walk(c, inOptional || name === 'optional');
    if (BLOCKS.has(name)) emit('\n\n', inOptional);
    // A bullet ("1.", "(a)") is followed by its item's text.
    else if (name === 'bullet') emit(' ', inOptional);
    else if (spacing === 'both' || spacing === 'after') emit(' ', inOptional);
  };
  for (const c of doc.text.children) walk(c, false);
  entry.text = layout(out);
  const minimal = layout(min);
  if (minimal !== entry.text) entry.minimal = minimal;
  return entry;
}

/** The SPDX matching template of one license or exception: its <text> as a tree of parts. */
export interface SpdxXmlTemplate {
  kind: 'license' | 'exception';
  id: string;
  parts: TemplatePart[];
}

/**
 * Converts SPDX License List XML to its matching template (SPDX License List Matching
 * Guidelines, "license templates"): a string is literal text (white space collapsed, adjacent
 * text merged, each other element set apart by a space), {o: [...]} optional parts, {v: regex,
 * d: default} variable text. The matcher tokenizes the literal text itself.
 */
export function spdxXmlToTemplate(xml: string, file?: string): SpdxXmlTemplate {
  const doc = readSpdxXml(xml, file);
  return { kind: doc.kind, id: doc.id, parts: templateParts(doc.text.children) };
}

/** Text of a node, markup dropped, a paragraph's or line break's pieces apart (an <alt>'s default). */
function altDefault(node: SpdxXmlNode): string {
  return typeof node === 'string' ? node : node.children.map(altDefault).join(node.name === 'p' || node.name === 'br' ? ' ' : '');
}

function templateParts(children: SpdxXmlNode[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  const text = (s: string) => {
    const last = out.length - 1;
    if (typeof out[last] === 'string') out[last] += s;
    else out.push(s);
  };
  for (const c of children) {
    if (typeof c === 'string') {
      text(c);
      continue;
    }
    switch (c.name) {
      case 'alt':
        out.push({ v: c.attrs.match ?? '.*', d: altDefault(c).replace(/\s+/g, ' ').trim() });
        break;
      // Bullets ("1.", "(a)") are dropped from inputs inconsistently; the title, copyright line
      // and standard header are optional by the guidelines.
      case 'optional':
      case 'bullet':
      case 'titleText':
      case 'copyrightText':
      case 'standardLicenseHeader':
        out.push({ o: templateParts(c.children) });
        break;
      default: {
        text(' ');
        for (const p of templateParts(c.children)) {
          if (typeof p === 'string') text(p);
          else out.push(p);
        }
        text(' ');
      }
    }
  }
  return out.map((p) => (typeof p === 'string' ? p.replace(/\s+/g, ' ') : p)).filter((p) => typeof p !== 'string' || p.trim() !== '');
}

/** Trims every line and keeps at most one blank line between paragraphs. */
function layout(raw: string): string {
  const lines = raw.split('\n').map((l) => l.replace(/ {2,}/g, ' ').trim());
  const kept: string[] = [];
  for (const line of lines) {
    if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return kept.length > 0 ? `${kept.join('\n')}\n` : '';
}
