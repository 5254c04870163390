/**
 * A reader for go.mod syntax (https://go.dev/ref/mod#go-mod-file-grammar): line-oriented
 * directives, `verb (` ... `)` blocks, `//` comments, interpreted ("...") and raw (`...`)
 * strings. It returns each directive's arguments and trailing comment, with its line; what the
 * directives mean is the scanner's business.
 */
import { InputError } from '../../../model/errors.js';
import { splitLines, stripBom } from '../../../parsers/lines.js';

/** Directives the go command knows (https://go.dev/ref/mod#go-mod-file). */
export const VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

/**
 * Directives that may be written as a `verb ( ... )` block. The grammar allows it for `module`
 * too (`ModuleDirective = "module" ( ModulePath | "(" newline ModulePath newline ")" ) newline`),
 * though the go command never writes one.
 */
const BLOCK_VERBS = new Set(['module', 'require', 'exclude', 'replace', 'retract', 'godebug', 'tool', 'ignore']);

/** One directive line: `require golang.org/x/net v0.1.0 // indirect` is verb `require`, two args, comment `indirect`. */
export interface Directive {
  verb: string;
  args: string[];
  /** The text of a trailing `//` comment, trimmed, or '' when there is none. */
  comment: string;
  line: number;
}

/** Decodes the escapes of a Go interpreted string literal (the common ones; go.mod paths rarely need any). */
function unquote(body: string, file: string, line: number): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, esc: string) => {
    switch (esc[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\\':
      case '"':
      case "'":
        return esc;
      case 'u':
      case 'x':
        return String.fromCharCode(parseInt(esc.slice(1), 16));
      default:
        if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
        throw new InputError(`invalid escape \\${esc} in quoted string`, { file, line });
    }
  });
}

/** Splits one line into tokens and its trailing comment. */
function tokenize(text: string, file: string, line: number): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) return { tokens, comment: text.slice(i + 2).trim() };
    if (text.startsWith('/*', i)) throw new InputError('go.mod files must use // comments, not /* */', { file, line });
    if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new InputError('unterminated quoted string', { file, line });
      tokens.push(unquote(text.slice(i + 1, j), file, line));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = text.indexOf('`', i + 1);
      if (j === -1) throw new InputError('unterminated raw string', { file, line });
      tokens.push(text.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()"`]/.test(text[j] as string) && !text.startsWith('//', j)) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return { tokens, comment: '' };
}

/**
 * Reads go.mod text into directives, in file order; block entries come out as directives of the
 * block's verb. Throws an InputError with the line for unknown directives, unbalanced blocks and
 * broken strings.
 */
export function readGoMod(content: string, file: string): Directive[] {
  const directives: Directive[] = [];
  let block: { verb: string; line: number } | undefined;
  splitLines(stripBom(content)).forEach((text, index) => {
    const line = index + 1;
    const { tokens, comment } = tokenize(text, file, line);
    if (tokens.length === 0) return;
    if (block !== undefined) {
      if (tokens.length === 1 && tokens[0] === ')') {
        block = undefined;
        return;
      }
      if (tokens.includes('(') || tokens.includes(')')) throw new InputError(`unexpected parenthesis in ${block.verb} block`, { file, line });
      directives.push({ verb: block.verb, args: tokens, comment, line });
      return;
    }
    const verb = tokens[0] as string;
    if (!VERBS.has(verb)) {
      throw new InputError(`unknown directive "${verb.slice(0, 40)}": not a go.mod file?`, { file, line });
    }
    if (tokens[1] === '(') {
      if (!BLOCK_VERBS.has(verb)) throw new InputError(`the ${verb} directive cannot be a block`, { file, line });
      if (tokens.length === 3 && tokens[2] === ')') return; // `require ()`: an empty block on one line
      if (tokens.length !== 2) throw new InputError(`a ${verb} block must start with "${verb} (" alone on its line`, { file, line });
      block = { verb, line };
      return;
    }
    if (tokens.includes('(') || tokens.includes(')')) throw new InputError(`unexpected parenthesis in ${verb} directive`, { file, line });
    directives.push({ verb, args: tokens.slice(1), comment, line });
  });
  if (block !== undefined) throw new InputError(`${block.verb} block opened here is never closed`, { file, line: block.line });
  return directives;
}
