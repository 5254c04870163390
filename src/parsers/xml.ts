import { SaxesParser } from 'saxes';
import { InputError } from '../model/errors.js';
import { LineIndex, stripBom } from './lines.js';
import { FORBIDDEN_KEYS, MAX_DEPTH } from './limits.js';

/** Options for parseXml. */
export interface XmlOptions {
  /** Element names that are always arrays (for example `dependency`), whatever their count. */
  arrays?: Iterable<string>;
}

interface Frame {
  name: string;
  node: Record<string, unknown>;
  hasChildren: boolean;
  hasAttributes: boolean;
  text: string;
}

/** Drops a namespace prefix (`xsi:schemaLocation` -> `schemaLocation`). */
function localName(name: string): string {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
}

/**
 * Parses untrusted XML with a strict, non-validating, streaming parser: rejects DOCTYPE and
 * entity declarations outright (no expansion, no external access), caps nesting, refuses
 * element or attribute names that would reach an object's prototype, and reports
 * well-formedness errors with the line. Namespace prefixes are dropped and `xmlns`
 * declarations omitted. An element becomes its trimmed text when it has neither attributes nor
 * children, else an object with attributes as `@_name`, children by name (an array when repeated
 * or listed in `arrays`) and text as `#text`. Values stay strings.
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
  const arrays = new Set(options.arrays ?? []);
  const parser = new SaxesParser({ position: true });
  const root: Record<string, unknown> = {};
  const stack: Frame[] = [];
  let failure: InputError | undefined;
  const fail = (message: string) => {
    failure ??= new InputError(message, { file, line: parser.line });
  };
  const repeated = new WeakSet<unknown[]>();
  const attach = (parent: Record<string, unknown>, key: string, value: unknown) => {
    if (Object.prototype.hasOwnProperty.call(parent, key)) {
      const existing = parent[key];
      // A key already holding an array got it from `arrays` or from an earlier repeat.
      if (Array.isArray(existing) && (arrays.has(key) || repeated.has(existing))) existing.push(value);
      else {
        const list = [existing, value];
        repeated.add(list);
        parent[key] = list;
      }
    } else parent[key] = arrays.has(key) ? [value] : value;
  };
  parser.on('opentag', (tag) => {
    if (failure) return;
    const name = localName(tag.name);
    if (FORBIDDEN_KEYS.has(name)) return fail(`invalid XML: element name "${tag.name}" is refused (it could reach an object's prototype)`);
    if (stack.length >= MAX_DEPTH) return fail(`XML nested deeper than ${MAX_DEPTH} levels`);
    const top = stack[stack.length - 1];
    if (top) top.hasChildren = true;
    const node: Record<string, unknown> = {};
    let hasAttributes = false;
    for (const [rawName, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (rawName === 'xmlns' || rawName.startsWith('xmlns:')) continue;
      const attr = localName(rawName);
      if (FORBIDDEN_KEYS.has(attr)) return fail(`invalid XML: attribute name "${rawName}" is refused (it could reach an object's prototype)`);
      node[`@_${attr}`] = value;
      hasAttributes = true;
    }
    stack.push({ name, node, hasChildren: false, hasAttributes, text: '' });
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top && !failure) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (failure) return;
    const frame = stack.pop();
    if (!frame) return;
    const trimmed = frame.text.trim();
    let value: unknown;
    if (!frame.hasChildren && !frame.hasAttributes) value = trimmed;
    else {
      value = frame.node;
      if (trimmed !== '') frame.node['#text'] = trimmed;
    }
    const parent = stack[stack.length - 1];
    attach(parent ? parent.node : root, frame.name, value);
  });
  parser.on('error', (err: Error) => {
    fail(`invalid XML: ${err.message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  });
  try {
    parser.write(src).close();
  } catch (err) {
    if (!failure) fail(`invalid XML: ${(err as Error).message.replace(/^[^:]*:\d+:\d+: /, '')}`);
  }
  if (failure) throw failure;
  return root;
}
