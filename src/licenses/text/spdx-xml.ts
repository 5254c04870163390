import { SaxesParser } from 'saxes';
import { InputError } from '../../model/errors.js';
import { stripBom } from '../../parsers/lines.js';
import { MAX_DEPTH } from '../../parsers/limits.js';

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

/**
 * Converts SPDX License List XML to an entry with its text. Parsed strictly, like all XML the
 * project reads: DOCTYPE and entity declarations are refused (nothing is expanded), nesting and
 * size are capped. Throws InputError on anything that is not one license or exception.
 */
export function spdxXmlToEntry(xml: string, file?: string): SpdxXmlEntry {
  if (xml.length > MAX_SPDX_XML_BYTES) throw new InputError(`SPDX license XML over ${MAX_SPDX_XML_BYTES} bytes`, { file });
  const src = stripBom(xml);
  if (/<!(?:DOCTYPE|ENTITY)/i.test(src)) throw new InputError('XML with a DOCTYPE or entity declaration is refused (entities are never expanded)', { file });
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  // The spacing of each open <alt> or <optional>, by depth.
  const spacing: Array<string | undefined> = [];
  let entry: SpdxXmlEntry | undefined;
  let failure: InputError | undefined;
  const fail = (message: string) => {
    failure ??= new InputError(message, { file, line: parser.line });
  };
  // Inside <text>, how deep: text outside it (notes, crossRefs) is not license text.
  let inText = 0;
  let textSeen = false;
  let out = '';
  // The same without optional passages, and how deep inside <optional> the parser is.
  let min = '';
  let inOptional = 0;
  const emit = (t: string) => {
    out += t;
    if (!inOptional) min += t;
  };
  let obsoleted: string | undefined;
  const localName = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag) => {
    if (failure) return;
    const name = localName(tag.name);
    if (stack.length >= MAX_DEPTH) return fail(`XML nested deeper than ${MAX_DEPTH} levels`);
    stack.push(name);
    const attrs = tag.attributes as Record<string, string>;
    if (name === 'license' || name === 'exception') {
      if (entry) return fail('more than one license or exception in one file');
      if (!attrs.licenseId || !/^[A-Za-z0-9.+-]+$/.test(attrs.licenseId)) return fail(`<${name}> without a valid licenseId`);
      entry = { kind: name, id: attrs.licenseId, name: (attrs.name ?? attrs.licenseId).replace(/\s+/g, ' ').trim(), obsoletedBy: [], text: '' };
      if (attrs.deprecatedVersion) entry.deprecatedVersion = attrs.deprecatedVersion;
      return;
    }
    if (name === 'obsoletedBy') obsoleted = '';
    if (name === 'text' && stack.length === 3 && entry) {
      if (textSeen) return fail('more than one <text>');
      textSeen = true;
      inText = stack.length;
      return;
    }
    if (!inText) return;
    if (BLOCKS.has(name)) emit('\n\n');
    else if (name === 'br') emit('\n');
    else if (name === 'alt' || name === 'optional') {
      // Variable and optional text stands apart from the words around it ("ANY<alt>EXPRESS</alt>")
      // unless its spacing attribute joins it to them ("license<optional spacing="none">s</optional>").
      const s = attrs.spacing ?? 'both';
      spacing[stack.length] = s;
      if (s === 'both' || s === 'before') emit(' ');
      if (name === 'optional') inOptional++;
    }
  });
  const onText = (t: string) => {
    if (failure) return;
    if (obsoleted !== undefined) obsoleted += t;
    // Within a paragraph the XML's line breaks are layout: runs of white space are one space.
    if (inText) emit(t.replace(/\s+/g, ' '));
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    if (failure) return;
    const name = localName(tag.name);
    if (inText && stack.length === inText) inText = 0;
    const s = spacing[stack.length];
    spacing[stack.length] = undefined;
    stack.pop();
    if (name === 'obsoletedBy' && obsoleted !== undefined) {
      const value = obsoleted.replace(/\s+/g, ' ').trim();
      if (value && entry) entry.obsoletedBy.push(value);
      obsoleted = undefined;
    }
    if (!inText) return;
    if (name === 'optional' && s !== undefined) inOptional--;
    if (BLOCKS.has(name)) emit('\n\n');
    // A bullet ("1.", "(a)") is followed by its item's text.
    else if (name === 'bullet') emit(' ');
    else if (s === 'both' || s === 'after') emit(' ');
  });
  parser.on('error', (err: Error) => fail(`invalid XML: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`));
  try {
    parser.write(src).close();
  } catch (err) {
    if (!failure) fail(`invalid XML: ${(err as Error).message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  }
  if (failure) throw failure;
  if (!entry) throw new InputError('no <license> or <exception> element', { file });
  if (!textSeen) throw new InputError(`${entry.id}: no <text> element`, { file });
  entry.text = layout(out);
  const minimal = layout(min);
  if (minimal !== entry.text) entry.minimal = minimal;
  return entry;
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
