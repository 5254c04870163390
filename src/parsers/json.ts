import { InputError } from '../model/errors.js';
import { LineIndex, stripBom } from './lines.js';
import { FORBIDDEN_KEYS, MAX_DEPTH } from './limits.js';

/**
 * Returns the deepest nesting of `[`/`{` in JSON text, skipping strings, stopping early once
 * `limit` is passed. Returns the offset where the limit was crossed, or -1.
 */
function depthOverflowOffset(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

function dropForbidden(this: unknown, key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
}

/**
 * Parses untrusted JSON: rejects nesting deeper than MAX_DEPTH, drops `__proto__`,
 * `constructor` and `prototype` keys, and turns syntax errors into an InputError with the
 * line and column.
 */
export function parseJson(text: string, file?: string): unknown {
  const src = stripBom(text);
  const over = depthOverflowOffset(src, MAX_DEPTH);
  if (over !== -1) {
    throw new InputError(`JSON nested deeper than ${MAX_DEPTH} levels`, {
      file,
      line: new LineIndex(src).lineAt(over),
    });
  }
  const hostile = src.includes('"__proto__"') || src.includes('"constructor"') || src.includes('"prototype"');
  try {
    return hostile ? JSON.parse(src, dropForbidden) : JSON.parse(src);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const m = /position (\d+)/.exec(msg);
    if (src.trim() === '') throw new InputError('empty file, expected JSON', { file });
    if (m) {
      const lines = new LineIndex(src);
      const off = Number(m[1]);
      throw new InputError(`invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')} (column ${lines.columnAt(off)})`, {
        file,
        line: lines.lineAt(off),
      });
    }
    throw new InputError(`invalid JSON: ${msg}`, { file });
  }
}

/** Returns whether a parsed JSON value is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parses JSON that must be an object at the top; throws an InputError otherwise. */
export function parseJsonObject(text: string, file?: string): Record<string, unknown> {
  const value = parseJson(text, file);
  if (!isObject(value)) throw new InputError('expected a JSON object at the top level', { file, pointer: '' });
  return value;
}
