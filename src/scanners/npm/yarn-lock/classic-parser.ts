import { InputError } from '../../../model/index.js';

/** A nested block of a classic yarn.lock: field name -> string value or a nested block. */
export type ClassicBlock = Map<string, string | ClassicBlock>;

/** One top-level entry of a classic yarn.lock: the specifiers of its header and its fields. */
export interface ClassicEntry {
  /** The descriptors of the header (`lodash@^4.17.0`, `lodash@^4.17.21`), unquoted. */
  specifiers: string[];
  /** 1-based line of the header. */
  line: number;
  fields: ClassicBlock;
}

/** Blocks deeper than this are refused; real files nest two levels (entry, dependencies). */
const MAX_LEVELS = 16;

/** A tokenized line: its keys, then either a value or `opens` (the line ends in `:`). */
interface LineTokens {
  keys: string[];
  value?: string;
  opens: boolean;
}

/** JSON escapes other than the ones that stand for themselves (`\\"`, `\\\\`, `\\/`). */
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['b', '\b'],
  ['f', '\f'],
]);

/**
 * Reads a double-quoted string starting at `s[start] === '"'` with JSON escapes (yarn writes
 * keys and values with JSON.stringify). Returns the string and the offset after the closing quote.
 */
export function readQuoted(s: string, start: number): { value: string; end: number } | null {
  const close = s.indexOf('"', start + 1);
  if (close === -1) return null;
  // Most strings have no escapes: one slice.
  const backslash = s.indexOf('\\', start + 1);
  if (backslash === -1 || backslash > close) return { value: s.slice(start + 1, close), end: close + 1 };
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') return { value: out, end: i + 1 };
    if (c === '\\') {
      const e = s[i + 1];
      if (e === undefined) return null;
      if (e === 'u') {
        const hex = s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return null;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      out += ESCAPES.get(e) ?? e;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return null;
}

class LineSyntaxError extends Error {}

/** Offset of the first character at or after `i` that is not a space or tab. */
function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

/**
 * Reads one key (quoted or bare) at s[i]. A bare token ends at a space, a comma, or a `:` that
 * ends the line or precedes a space (bare keys like `a@file:x` keep their inner colons).
 */
function readToken(s: string, i: number): { value: string; end: number } {
  if (s.charCodeAt(i) === 34 /* " */) {
    const q = readQuoted(s, i);
    if (!q) throw new LineSyntaxError('unterminated quoted string');
    return q;
  }
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 9 || c === 44 /* , */) break;
    if (c === 58 /* : */ && (j + 1 === s.length || s.charCodeAt(j + 1) === 32 || s.charCodeAt(j + 1) === 9)) break;
    j++;
  }
  if (j === i) throw new LineSyntaxError(`unexpected character ${JSON.stringify(s[i] ?? '')}`);
  return { value: s.slice(i, j), end: j };
}

/**
 * Tokenizes the content of one line (after its indentation): comma-separated keys, each quoted
 * or bare, then `:` ending the line (a block follows) or a value. Throws LineSyntaxError.
 */
function tokenizeLine(s: string): LineTokens {
  const keys: string[] = [];
  let i = 0;
  for (;;) {
    const t = readToken(s, i);
    keys.push(t.value);
    i = skipSpaces(s, t.end);
    if (s.charCodeAt(i) !== 44 /* , */) break;
    i = skipSpaces(s, i + 1);
  }
  if (s.charCodeAt(i) === 58 /* : */) {
    i = skipSpaces(s, i + 1);
    if (i >= s.length || s.charCodeAt(i) === 35 /* # */) return { keys, opens: true };
  }
  if (i >= s.length) {
    throw new LineSyntaxError(`${JSON.stringify(keys[keys.length - 1])} has neither a value nor a block (expected "key value" or "key:")`);
  }
  if (s.charCodeAt(i) !== 34) return { keys, value: s.slice(i).trim(), opens: false };
  const q = readQuoted(s, i);
  if (!q) throw new LineSyntaxError('unterminated quoted string');
  const rest = skipSpaces(s, q.end);
  if (rest < s.length && s.charCodeAt(rest) !== 35) {
    throw new LineSyntaxError(`unexpected text after a quoted value: ${JSON.stringify(s.slice(rest, rest + 40))}`);
  }
  return { keys, value: q.value, opens: false };
}

/**
 * Parses a classic (v1) yarn.lock (https://classic.yarnpkg.com/en/docs/yarn-lock): top-level
 * headers `spec1, "spec2":` each followed by a block indented by two spaces of `key value`
 * fields and nested `key:` blocks. Comments and blank lines are skipped. Every block is a Map,
 * so hostile keys such as `__proto__` never reach an object. Throws an InputError with the line
 * for odd indentation, a field outside an entry, an unterminated string or a header without `:`.
 */
export function parseClassicLockfile(text: string, file?: string): ClassicEntry[] {
  const entries: ClassicEntry[] = [];
  // stack[level] is the block that lines of that indentation level go into; level 0 is the file.
  const stack: Array<ClassicBlock | null> = [null];
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    lineNo++;
    let raw = text.slice(pos, end);
    pos = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const content = raw.slice(indent);
    if (content === '' || content.trim() === '' || content.startsWith('#')) {
      if (end === n) break;
      continue;
    }
    if (content.startsWith('\t')) throw new InputError('invalid yarn.lock: tab used for indentation', { file, line: lineNo });
    if (indent % 2 !== 0) {
      throw new InputError(`invalid yarn.lock: indentation of ${indent} spaces is not a multiple of 2`, { file, line: lineNo });
    }
    const level = indent / 2;
    if (level >= stack.length || (level > 0 && stack[level] === null)) {
      throw new InputError('invalid yarn.lock: line is indented deeper than the block it belongs to', { file, line: lineNo });
    }
    if (level >= MAX_LEVELS) throw new InputError(`invalid yarn.lock: nested deeper than ${MAX_LEVELS} levels`, { file, line: lineNo });
    stack.length = level + 1;
    let tokens: LineTokens;
    try {
      tokens = tokenizeLine(content);
    } catch (err) {
      if (err instanceof LineSyntaxError) throw new InputError(`invalid yarn.lock: ${err.message}`, { file, line: lineNo });
      throw err;
    }
    if (level === 0) {
      if (!tokens.opens) {
        throw new InputError(`invalid yarn.lock: expected an entry header ending in ":", found ${JSON.stringify(content.slice(0, 60))}`, {
          file,
          line: lineNo,
        });
      }
      const fields: ClassicBlock = new Map();
      entries.push({ specifiers: tokens.keys, line: lineNo, fields });
      stack.push(fields);
      continue;
    }
    const parent = stack[level] as ClassicBlock;
    if (tokens.opens) {
      const block: ClassicBlock = new Map();
      for (const k of tokens.keys) parent.set(k, block);
      stack.push(block);
    } else {
      for (const k of tokens.keys) parent.set(k, tokens.value ?? '');
      stack.push(null);
    }
    if (end === n) break;
  }
  return entries;
}
