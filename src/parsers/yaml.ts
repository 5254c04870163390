import { parseDocument } from 'yaml';
import { InputError } from '../model/errors.js';
import { LineIndex, stripBom } from './lines.js';
import { MAX_DEPTH, stripForbiddenKeys } from './limits.js';

/** Aliases allowed per document; an alias bomb needs thousands. */
const MAX_ALIASES = 1000;

function flowDepthOverflow(text: string): boolean {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 10) quote = 0; // quoted scalars in lockfiles never span lines
      continue;
    }
    if (c === 34 || c === 39) quote = c;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
    else if (c === 35 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    }
  }
  return false;
}

/**
 * Parses untrusted YAML (one document): caps aliases (alias bombs), nesting and keys, and turns
 * errors into an InputError with the line. Never constructs custom tags.
 */
export function parseYaml(text: string, file?: string): unknown {
  const src = stripBom(text);
  if (flowDepthOverflow(src)) throw new InputError(`YAML nested deeper than ${MAX_DEPTH} levels`, { file });
  let doc;
  try {
    doc = parseDocument(src, { prettyErrors: false, uniqueKeys: false, strict: false, customTags: [] });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError('YAML nested too deeply to parse', { file });
    throw new InputError(`invalid YAML: ${(err as Error).message}`, { file });
  }
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? new LineIndex(src).lineAt(first.pos[0]);
    throw new InputError(`invalid YAML: ${first.message.split('\n')[0]}`, { file, line });
  }
  try {
    return stripForbiddenKeys(doc.toJS({ maxAliasCount: MAX_ALIASES }));
  } catch (err) {
    if (err instanceof RangeError) throw new InputError('YAML nested too deeply to parse', { file });
    const msg = (err as Error).message;
    if (/alias/i.test(msg)) throw new InputError(`YAML uses too many aliases (a possible alias bomb): ${msg}`, { file });
    throw new InputError(`invalid YAML: ${msg}`, { file });
  }
}
