import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../model/errors.js';
import { LineIndex, stripBom } from './lines.js';
import { MAX_DEPTH, stripForbiddenKeys } from './limits.js';

/** Options for parseXml. */
export interface XmlOptions {
  /** Element names that are always arrays (for example `dependency`), whatever their count. */
  arrays?: Iterable<string>;
}

function checkDepth(src: string, file: string | undefined): void {
  let depth = 0;
  const tag = /<(\/?)[A-Za-z_][^\s/>]*[^>]*?(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(src)) !== null) {
    if (m[1]) depth--;
    else if (!m[2]) {
      if (++depth > MAX_DEPTH) {
        throw new InputError(`XML nested deeper than ${MAX_DEPTH} levels`, { file, line: new LineIndex(src).lineAt(m.index) });
      }
    }
  }
}

/**
 * Parses untrusted XML: rejects DOCTYPE and entity declarations outright (no expansion, no
 * external access), caps nesting, and reports well-formedness errors with the line.
 * Attributes appear as `@_name`, text beside attributes as `#text`; values stay strings.
 */
export function parseXml(text: string, file?: string, options: XmlOptions = {}): Record<string, unknown> {
  const src = stripBom(text);
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(src);
  if (doctype) {
    throw new InputError('XML with a DOCTYPE or entity declaration is refused (entities are never expanded)', {
      file,
      line: new LineIndex(src).lineAt(doctype.index),
    });
  }
  if (src.trim() === '') throw new InputError('empty file, expected XML', { file });
  checkDepth(src, file);
  const valid = XMLValidator.validate(src);
  if (valid !== true) {
    throw new InputError(`invalid XML: ${valid.err.msg}`, { file, line: valid.err.line });
  }
  const arrays = new Set(options.arrays ?? []);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    removeNSPrefix: true,
    isArray: (name) => arrays.has(name),
  });
  try {
    return stripForbiddenKeys(parser.parse(src) as Record<string, unknown>);
  } catch (err) {
    throw new InputError(`invalid XML: ${(err as Error).message}`, { file });
  }
}
