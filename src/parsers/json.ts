import { InputError } from '../model/errors.js';
import { LineIndex, stripBom } from './lines.js';
import { FORBIDDEN_KEYS, MAX_DEPTH } from './limits.js';

/**
 * Returns the deepest nesting of `[`/`{` in JSON text, skipping strings, stopping early once
 * `limit` is passed. Returns the offset where the limit was crossed, or -1.
 */
function depthOverflowOffset(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Jump to the closing quote: the first one after an even run of backslashes (each run is
      // counted once, so this stays linear). Most of a lockfile is strings.
      let end = text.indexOf('"', i + 1);
      for (;;) {
        if (end === -1) return -1; // unterminated: no bracket after it counts
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 92 /* \ */) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/**
 * Finds the offset of the first syntax error in JSON text (run only after JSON.parse failed,
 * because Node's messages do not always say where). Iterative, so deep input cannot overflow.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const literal = (): boolean => {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) {
          i++;
          return true;
        } else if (d < 32) return false;
        else i++;
      }
      return false;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // Each frame: the container kind and whether a value is expected next.
  const stack: Array<'{' | '['> = [];
  ws();
  for (;;) {
    // Expect a value.
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else if (c === '{') {
        if (!literal() || text[i - 1] !== '"') return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
        continue;
      } else continue;
    } else if (!literal()) return i;
    // After a value: a comma, a closer, or the end.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      const d = text[i];
      if (d === ',') {
        i++;
        if (top === '{') {
          ws();
          if (text[i] !== '"' || !literal()) return i;
          ws();
          if (text[i] !== ':') return i;
          i++;
        }
        break;
      }
      if ((top === '{' && d === '}') || (top === '[' && d === ']')) {
        stack.pop();
        i++;
        continue;
      }
      return i;
    }
  }
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
    if (src.trim() === '') throw new InputError('empty file, expected JSON', { file });
    const off = jsonErrorOffset(src);
    if (off >= 0) {
      const lines = new LineIndex(src);
      const found = off >= src.length ? 'end of file' : JSON.stringify(src.slice(off, off + 12));
      throw new InputError(`invalid JSON: unexpected ${found} at column ${lines.columnAt(off)}`, { file, line: lines.lineAt(off) });
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
