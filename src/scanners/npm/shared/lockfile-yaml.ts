import { isSafeKey } from '../../../parsers/limits.js';
import { parseYaml } from '../../../parsers/yaml.js';

/**
 * A fast reader for the narrow block-style YAML that pnpm and Yarn berry write, with
 * parseYaml (the general, hardened parser) as the fallback.
 *
 * Why: the general YAML parser builds a full document model and costs tens of microseconds per
 * line; a 5,000-package lockfile has 50,000+ lines. The lockfile writers emit a small, regular
 * subset: two-space block mappings, `- item` sequences of scalars, one-level flow mappings and
 * sequences of scalars (`{integrity: sha512-..., tarball: ...}`, `[x64]`), plain and quoted
 * scalars. This reader accepts exactly that subset and returns undefined for anything else
 * (anchors, aliases, tags, block scalars, escapes, multi-document streams, odd indentation),
 * so such a file is parsed by parseYaml instead: its results, limits and errors apply then.
 *
 * Plain scalars stay strings except `true`/`false` (booleans) and `null`/`~` (null): lockfile
 * versions must not turn into numbers (`1.10` is not `1.1`). Maps are null-prototype objects
 * and `__proto__`/`constructor`/`prototype` keys are dropped, as parseYaml does.
 */

type Value = string | boolean | null | Value[] | { [key: string]: Value };
type Obj = { [key: string]: Value };

/** Nesting beyond this is left to the general parser (and its limits). */
const MAX_LEVELS = 64;

const BAIL = Symbol('bail');

function newObj(): Obj {
  return Object.create(null) as Obj;
}

function setKey(obj: Obj, key: string, value: Value): void {
  if (isSafeKey(key)) obj[key] = value;
}

/** Characters that cannot start a plain scalar or key in this subset (YAML indicators). */
function isIndicator(c: string | undefined): boolean {
  return c === undefined || '[]{}#&*!|>\'"%@`,?:'.includes(c);
}

/** Reads a single-quoted scalar at s[i] === "'"; returns [value, index after it] or BAIL. */
function readSingle(s: string, i: number): [string, number] | typeof BAIL {
  let out = '';
  let j = i + 1;
  for (;;) {
    const close = s.indexOf("'", j);
    if (close === -1) return BAIL;
    out += s.slice(j, close);
    if (s[close + 1] === "'") {
      out += "'";
      j = close + 2;
      continue;
    }
    return [out, close + 1];
  }
}

/** Reads a double-quoted scalar without escapes at s[i] === '"'; escapes go to the general parser. */
function readDouble(s: string, i: number): [string, number] | typeof BAIL {
  const close = s.indexOf('"', i + 1);
  if (close === -1) return BAIL;
  const body = s.slice(i + 1, close);
  if (body.includes('\\')) return BAIL;
  return [body, close + 1];
}

function plainValue(raw: string): Value {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null' || raw === '~' || raw === '') return null;
  return raw;
}

/** Returns the rest of a line after a value ends: must be empty or a comment. */
function onlyTrailing(s: string, i: number): boolean {
  while (s[i] === ' ') i++;
  return i >= s.length || s[i] === '#';
}

/** Reads a scalar inside a flow collection, ending at `,`, `}` or `]`. */
function readFlowScalar(s: string, i: number, isKey: boolean): [Value, number] | typeof BAIL {
  while (s[i] === ' ') i++;
  const c = s[i];
  if (c === "'" || c === '"') {
    const r = c === "'" ? readSingle(s, i) : readDouble(s, i);
    if (r === BAIL) return BAIL;
    return r;
  }
  if (c === undefined || '[]{}&*!|>%@`#,'.includes(c)) return BAIL;
  let j = i;
  while (j < s.length) {
    const d = s[j];
    if (d === ',' || d === '}' || d === ']' || d === '[' || d === '{') break;
    if (isKey && d === ':' && (s[j + 1] === ' ' || s[j + 1] === ',' || s[j + 1] === '}')) break;
    if (d === ' ' && s[j + 1] === '#') return BAIL;
    j++;
  }
  const raw = s.slice(i, j).trim();
  if (raw === '') return BAIL;
  return [isKey ? raw : plainValue(raw), j];
}

/** Reads `{k: v, ...}` or `[a, b]` of scalars starting at s[i]; nested collections bail. */
function readFlow(s: string, i: number): [Value, number] | typeof BAIL {
  const isMap = s[i] === '{';
  const close = isMap ? '}' : ']';
  const obj = newObj();
  const arr: Value[] = [];
  let j = i + 1;
  while (s[j] === ' ') j++;
  if (s[j] === close) return [isMap ? obj : arr, j + 1];
  for (;;) {
    if (isMap) {
      const k = readFlowScalar(s, j, true);
      if (k === BAIL) return BAIL;
      j = k[1];
      while (s[j] === ' ') j++;
      if (s[j] !== ':') return BAIL;
      j++;
      const v = readFlowScalar(s, j, false);
      if (v === BAIL) return BAIL;
      setKey(obj, String(k[0]), v[0]);
      j = v[1];
    } else {
      const v = readFlowScalar(s, j, false);
      if (v === BAIL) return BAIL;
      arr.push(v[0]);
      j = v[1];
    }
    while (s[j] === ' ') j++;
    if (s[j] === ',') {
      j++;
      while (s[j] === ' ') j++;
      if (s[j] === close) return BAIL; // a trailing comma: leave it to the general parser
      continue;
    }
    if (s[j] === close) return [isMap ? obj : arr, j + 1];
    return BAIL;
  }
}

/** Reads a value written after `key: ` or `- ` to the end of the line. */
function readInline(s: string, i: number): Value | typeof BAIL {
  const c = s[i];
  if (c === '{' || c === '[') {
    const r = readFlow(s, i);
    if (r === BAIL || !onlyTrailing(s, r[1])) return BAIL;
    return r[0];
  }
  if (c === "'" || c === '"') {
    const r = c === "'" ? readSingle(s, i) : readDouble(s, i);
    if (r === BAIL || !onlyTrailing(s, r[1])) return BAIL;
    return r[0];
  }
  if (c === undefined || '&*!|>%@`#,?:]}'.includes(c)) return BAIL;
  if (c === '-' && (s[i + 1] === ' ' || s[i + 1] === undefined)) return BAIL;
  let raw = s.slice(i);
  const comment = raw.indexOf(' #');
  if (comment !== -1) raw = raw.slice(0, comment);
  raw = raw.trimEnd();
  // `a: b` inside a plain value is a nested mapping YAML would reject; let it.
  if (raw.includes(': ') || raw.endsWith(':')) return BAIL;
  return plainValue(raw);
}

/** Reads `key:` at s[0]; returns the key and the index after the colon, or BAIL. */
function readKey(s: string): [string, number] | typeof BAIL {
  const c = s[0];
  let key: string;
  let j: number;
  if (c === "'" || c === '"') {
    const r = c === "'" ? readSingle(s, 0) : readDouble(s, 0);
    if (r === BAIL) return BAIL;
    [key, j] = r;
    if (s[j] !== ':') return BAIL;
  } else {
    if (isIndicator(c) || (c === '-' && s[1] === ' ')) return BAIL;
    j = s.indexOf(':');
    while (j !== -1 && j + 1 < s.length && s[j + 1] !== ' ') j = s.indexOf(':', j + 1);
    if (j === -1) return BAIL;
    key = s.slice(0, j);
    if (key.includes(' #') || key.endsWith(' ')) return BAIL;
  }
  return [key, j + 1];
}

interface Frame {
  indent: number;
  node: Obj | Value[];
}

/** The subset reader; undefined when the text leaves the subset. */
export function parseLockfileYamlSubset(text: string): Value | undefined {
  const root = newObj();
  const stack: Frame[] = [{ indent: 0, node: root }];
  let pending: { parent: Obj; key: string; indent: number } | null = null;
  let sawContent = false;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    const c = line[indent];
    if (c === '#') continue;
    if (c === '\t' || (indent === 0 && (line.startsWith('---') || line.startsWith('...') || c === '%'))) return undefined;
    const content = line.slice(indent);
    const isItem = c === '-' && (content.length === 1 || content[1] === ' ');
    sawContent = true;
    if (pending) {
      if (indent > pending.indent) {
        if (stack.length >= MAX_LEVELS) return undefined;
        const node: Obj | Value[] = isItem ? [] : newObj();
        setKey(pending.parent, pending.key, node);
        stack.push({ indent, node });
      } else {
        setKey(pending.parent, pending.key, null);
      }
      pending = null;
    }
    while (stack.length > 1 && indent < (stack[stack.length - 1] as Frame).indent) stack.pop();
    const top = stack[stack.length - 1] as Frame;
    if (indent !== top.indent) return undefined;
    if (Array.isArray(top.node)) {
      if (!isItem) return undefined;
      const v = readInline(content, 2);
      if (v === BAIL || content.length < 3) return undefined;
      top.node.push(v);
      continue;
    }
    if (isItem) return undefined;
    const k = readKey(content);
    if (k === BAIL) return undefined;
    let j = k[1];
    while (content[j] === ' ') j++;
    if (j >= content.length || content[j] === '#') {
      pending = { parent: top.node, key: k[0], indent };
      continue;
    }
    const v = readInline(content, j);
    if (v === BAIL) return undefined;
    setKey(top.node, k[0], v);
  }
  if (pending) setKey(pending.parent, pending.key, null);
  return sawContent ? root : null;
}

/**
 * Parses a pnpm-lock.yaml or berry yarn.lock: the fast subset reader when the file stays in the
 * subset lockfile writers emit, parseYaml otherwise (same result shape; parseYaml's errors, such
 * as an alias bomb or a syntax error with its line, are what the caller sees).
 */
export function parseLockfileYaml(text: string, file?: string): unknown {
  return parseLockfileYamlSubset(text) ?? parseYaml(text, file);
}
