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

/**
 * Reads a double-quoted string starting at `s[start] === '"'` with JSON escapes (yarn writes
 * keys and values with JSON.stringify). Returns the string and the offset after the closing quote.
 */
export function readQuoted(s: string, start: number): { value: string; end: number } | null {
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
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
      const rep = simple[e];
      out += rep ?? e;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return null;
}

/**
 * Tokenizes the content of one line (after its indentation): comma-separated keys, each quoted
 * or bare, then `:` ending the line (a block follows) or a value. A bare token ends at a space,
 * a comma, or a `:` that ends the line or precedes a space (bare keys like `a@file:x` keep theirs).
 */
function tokenizeLine(s: string, line: number, file: string | undefined): LineTokens {
  const fail = (why: string): never => {
    throw new InputError(`invalid yarn.lock: ${why}`, { file, line });
  };
  const keys: string[] = [];
  let i = 0;
  const skipSpaces = (): void => {
    while (s[i] === ' ' || s[i] === '\t') i++;
  };
  const readToken = (): string => {
    if (s[i] === '"') {
      const q = readQuoted(s, i);
      if (!q) fail('unterminated quoted string');
      i = (q as { end: number }).end;
      return (q as { value: string }).value;
    }
    const start = i;
    while (i < s.length) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === ',') break;
      if (c === ':' && (i + 1 === s.length || s[i + 1] === ' ' || s[i + 1] === '\t')) break;
      i++;
    }
    if (i === start) fail(`unexpected character ${JSON.stringify(s[i] ?? '')}`);
    return s.slice(start, i);
  };
  for (;;) {
    keys.push(readToken());
    skipSpaces();
    if (s[i] === ',') {
      i++;
      skipSpaces();
      continue;
    }
    break;
  }
  if (s[i] === ':') {
    i++;
    skipSpaces();
    if (i >= s.length || s[i] === '#') return { keys, opens: true };
  }
  if (i >= s.length) fail(`${JSON.stringify(keys[keys.length - 1])} has neither a value nor a block (expected "key value" or "key:")`);
  let value: string;
  if (s[i] === '"') {
    const q = readQuoted(s, i);
    if (!q) fail('unterminated quoted string');
    value = (q as { value: string }).value;
    const rest = s.slice((q as { end: number }).end).trim();
    if (rest !== '' && !rest.startsWith('#')) fail(`unexpected text after a quoted value: ${JSON.stringify(rest.slice(0, 40))}`);
  } else {
    value = s.slice(i).trim();
  }
  return { keys, value, opens: false };
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
    const tokens = tokenizeLine(content, lineNo, file);
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
