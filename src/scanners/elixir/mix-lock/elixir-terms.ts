/**
 * A reader for the subset of Elixir term syntax that `mix.lock` uses: maps (`%{k => v}` and
 * `%{"k": v}`), tuples, lists, keyword lists (`[hex: :x, optional: false]`), double-quoted
 * strings, atoms (`:name`, `:"quoted"`, `true`, `false`, `nil`) and numbers. It only builds
 * data and never evaluates anything: interpolation, calls, sigils, charlists and binaries are
 * refused with the line where they appear. Syntax reference:
 * https://hexdocs.pm/elixir/syntax-reference.html
 */
import { InputError } from '../../../model/errors.js';
import { MAX_DEPTH } from '../../../parsers/limits.js';

/** One Elixir term, with the 1-based line where it starts. */
export type Term =
  | { type: 'string'; value: string; line: number }
  | { type: 'atom'; value: string; line: number }
  | { type: 'number'; value: string; line: number }
  | { type: 'list'; items: Term[]; line: number }
  | { type: 'tuple'; items: Term[]; line: number }
  | { type: 'map'; entries: Array<[Term, Term]>; line: number };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '#': '#', s: ' ', e: '\x1b', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Reads the text as exactly one Elixir term (comments and whitespace around it allowed); throws an InputError otherwise. */
export function parseElixirTerm(text: string, file?: string): Term {
  let pos = 0;
  let line = 1;

  const fail = (message: string, at = line): never => {
    throw new InputError(`line ${at}: ${message}`, { file, line: at });
  };

  const skipSpace = (): void => {
    while (pos < text.length) {
      const c = text[pos];
      if (c === '\n') {
        line++;
        pos++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') pos++;
      else if (c === '#') {
        while (pos < text.length && text[pos] !== '\n') pos++;
      } else break;
    }
  };

  const stringChunk = /[^"\\#\n]+/y;
  const identifier = /[A-Za-z_][A-Za-z0-9_@]*[?!]?/y;
  const atomName = /[A-Za-z_][A-Za-z0-9_@.]*[?!]?/y;
  const numberRe = /-?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][-+]?\d+)?/y;
  const matchAt = (re: RegExp, p: number): string => {
    re.lastIndex = p;
    const m = re.exec(text);
    return m ? m[0] : '';
  };

  const readString = (): string => {
    const start = line;
    pos++; // opening quote
    let out = '';
    while (pos < text.length) {
      // Copy runs of ordinary characters at once; only quotes, escapes, `#` and newlines need a look.
      const run = matchAt(stringChunk, pos);
      if (run) {
        out += run;
        pos += run.length;
        continue;
      }
      const c = text[pos] as string;
      if (c === '"') {
        pos++;
        return out;
      }
      if (c === '\\') {
        const n = text[pos + 1];
        if (n === undefined) break;
        if (n === '\n') {
          line++;
          pos += 2;
          continue;
        }
        const e = ESCAPES[n];
        if (e === undefined) fail(`unsupported escape \\${n} in a string`);
        out += e;
        pos += 2;
        continue;
      }
      if (c === '#' && text[pos + 1] === '{') fail('string interpolation #{...} is code, not data; refused');
      if (c === '\n') line++;
      out += c;
      pos++;
    }
    return fail('unterminated string', start);
  };

  const identifierAt = (p: number): string => matchAt(identifier, p);

  /** Reads `key:` (identifier or quoted) when one starts here; returns undefined otherwise. */
  const tryKeywordKey = (): Term | undefined => {
    const at = line;
    if (text[pos] === '"') {
      const save = pos;
      const saveLine = line;
      const value = readString();
      if (text[pos] === ':' && /\s/.test(text[pos + 1] ?? '')) {
        pos++;
        return { type: 'atom', value, line: at };
      }
      pos = save;
      line = saveLine;
      return undefined;
    }
    const id = identifierAt(pos);
    if (id && text[pos + id.length] === ':' && /\s/.test(text[pos + id.length + 1] ?? '')) {
      pos += id.length + 1;
      return { type: 'atom', value: id, line: at };
    }
    return undefined;
  };

  const readSequence = (close: string, depth: number, what: string, keywords: boolean): Term[] => {
    const items: Term[] = [];
    const open = line;
    pos++;
    for (;;) {
      skipSpace();
      if (pos >= text.length) fail(`unterminated ${what} (opened on line ${open})`);
      if (text[pos] === close) {
        pos++;
        return items;
      }
      const key = keywords ? tryKeywordKey() : undefined;
      if (key) {
        skipSpace();
        const value = readTerm(depth + 1);
        items.push({ type: 'tuple', items: [key, value], line: key.line });
      } else {
        items.push(readTerm(depth + 1));
      }
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (pos >= text.length) fail(`unterminated ${what} (opened on line ${open})`);
      if (text[pos] !== close) fail(`expected "," or "${close}" in ${what}, found ${describe()}`);
    }
  };

  const readMap = (depth: number): Term => {
    const at = line;
    pos += 2; // %{
    const entries: Array<[Term, Term]> = [];
    for (;;) {
      skipSpace();
      if (pos >= text.length) fail(`unterminated map (opened on line ${at})`);
      if (text[pos] === '}') {
        pos++;
        return { type: 'map', entries, line: at };
      }
      const keyword = tryKeywordKey();
      let key: Term;
      if (keyword) key = keyword;
      else {
        key = readTerm(depth + 1);
        skipSpace();
        if (text.startsWith('=>', pos)) pos += 2;
        else fail(`expected "=>" after a map key, found ${describe()}`);
      }
      skipSpace();
      entries.push([key, readTerm(depth + 1)]);
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (pos >= text.length) fail(`unterminated map (opened on line ${at})`);
      if (text[pos] !== '}') fail(`expected "," or "}" in map, found ${describe()}`);
    }
  };

  const describe = (): string => (pos >= text.length ? 'end of file' : JSON.stringify(text.slice(pos, pos + 12)));

  const readTerm = (depth: number): Term => {
    if (depth > MAX_DEPTH) fail(`terms nested deeper than ${MAX_DEPTH} levels`);
    skipSpace();
    const at = line;
    const c = text[pos];
    if (c === undefined) return fail('unexpected end of file, expected a value');
    if (c === '"') return { type: 'string', value: readString(), line: at };
    if (c === '%' && text[pos + 1] === '{') return readMap(depth);
    if (c === '{') return { type: 'tuple', items: readSequence('}', depth, 'tuple', false), line: at };
    if (c === '[') return { type: 'list', items: readSequence(']', depth, 'list', true), line: at };
    if (c === ':') {
      if (text[pos + 1] === '"') {
        pos++;
        return { type: 'atom', value: readString(), line: at };
      }
      const name = matchAt(atomName, pos + 1);
      if (!name) return fail(`invalid atom ${describe()}`);
      pos += 1 + name.length;
      return { type: 'atom', value: name, line: at };
    }
    const num = matchAt(numberRe, pos);
    if (num) {
      pos += num.length;
      return { type: 'number', value: num.replace(/_/g, ''), line: at };
    }
    const id = identifierAt(pos);
    if (id === 'true' || id === 'false' || id === 'nil') {
      pos += id.length;
      return { type: 'atom', value: id, line: at };
    }
    return fail(`unsupported syntax ${describe()}: only maps, tuples, lists, strings, atoms and numbers are read`);
  };

  const term = readTerm(0);
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe()} after the end of the term`);
  return term;
}
