import { createRequire } from 'node:module';
import parseExpression from 'spdx-expression-parse';

/**
 * `SPDX-License-Identifier:` tags (https://spdx.github.io/spdx-spec/v2.3/using-SPDX-short-identifiers-in-source-files/)
 * and SPDX license expressions (https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/):
 * found in file headers, validated with spdx-expression-parse, deprecated ids mapped to their
 * current forms (GPL-2.0 -> GPL-2.0-only, GPL-2.0+ -> GPL-2.0-or-later).
 */

/** The deepest parenthesis nesting accepted; spdx-expression-parse recurses once per level. */
export const MAX_EXPRESSION_DEPTH = 32;
/** The longest expression accepted, in characters. */
export const MAX_EXPRESSION_LENGTH = 2048;

/** Why an expression was refused: a message a person can act on. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

interface IdTables {
  licenses: Map<string, string>;
  exceptions: Map<string, string>;
  deprecated: Set<string>;
}

let tables: IdTables | undefined;
function ids(): IdTables {
  if (tables) return tables;
  const require = createRequire(import.meta.url);
  const current = require('spdx-license-ids') as string[];
  const deprecated = require('spdx-license-ids/deprecated.json') as string[];
  const exceptions = [...(require('spdx-exceptions') as string[]), ...(require('spdx-exceptions/deprecated.json') as string[])];
  const licenses = new Map<string, string>();
  for (const id of [...current, ...deprecated]) licenses.set(id.toLowerCase(), id);
  tables = { licenses, exceptions: new Map(exceptions.map((e) => [e.toLowerCase(), e])), deprecated: new Set(deprecated) };
  return tables;
}

// Deprecated "license with exception" ids: https://spdx.org/licenses/ (deprecated section).
const WITH_IDS: Record<string, string> = {
  'GPL-2.0-with-autoconf-exception': 'GPL-2.0-only WITH Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'GPL-2.0-or-later WITH Bison-exception-2.2',
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0-with-font-exception': 'GPL-2.0-only WITH Font-exception-2.0',
  'GPL-2.0-with-GCC-exception': 'GPL-2.0-only WITH GCC-exception-2.0',
  'GPL-3.0-with-autoconf-exception': 'GPL-3.0-only WITH Autoconf-exception-3.0',
  'GPL-3.0-with-GCC-exception': 'GPL-3.0-only WITH GCC-exception-3.1',
  wxWindows: 'GPL-2.0-or-later WITH WxWindows-exception-3.1',
  'eCos-2.0': 'GPL-2.0-or-later WITH eCos-exception-2.0',
};

// Deprecated exception ids and the ones that replaced them (the list's obsoletedBy).
const EXCEPTION_REPLACED: Record<string, string> = { 'Nokia-Qt-exception-1.1': 'Qt-LGPL-exception-1.1' };

/** Maps one license id (any case, maybe with `+`) to its current canonical form. */
export function canonicalLicenseId(raw: string): string {
  const t = ids();
  const plus = raw.endsWith('+');
  const bare = plus ? raw.slice(0, -1) : raw;
  if (/^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(bare)) return raw;
  const id = t.licenses.get(bare.toLowerCase());
  if (!id) throw new ExpressionError(`unknown license id "${raw}" (see https://spdx.org/licenses/)`);
  const withForm = WITH_IDS[id];
  if (withForm) return plus ? withForm.replace('-only', '-or-later') : withForm;
  if (t.deprecated.has(id) || plus) {
    const family = id.replace(/-(?:only|or-later)$/, '');
    if (plus && t.licenses.has(`${family}-or-later`.toLowerCase())) return `${family}-or-later`;
    if (t.licenses.has(`${family}-only`.toLowerCase())) return `${family}-only`;
  }
  return plus ? `${id}+` : id;
}

type Node = parseExpression.Info;

function render(node: Node, parent?: 'and' | 'or'): string {
  if ('license' in node) {
    const license = canonicalLicenseId(node.plus ? `${node.license}+` : node.license);
    if (!node.exception) return license.includes(' WITH ') && parent ? `(${license})` : license;
    const exception = ids().exceptions.get(node.exception.toLowerCase()) ?? node.exception;
    return `${license.split(' WITH ')[0]} WITH ${exception}`;
  }
  const text = `${render(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${render(node.right, node.conjunction)}`;
  // AND binds tighter than OR: parentheses only where the tree needs them.
  return parent === 'and' && node.conjunction === 'or' ? `(${text})` : text;
}

/**
 * Parses and normalises an SPDX license expression: operators and ids in their canonical case,
 * deprecated ids mapped. Refuses over-long or over-deep expressions before parsing (the parser
 * recurses per parenthesis, so 5,000 nested parentheses would exhaust the stack).
 */
export function normaliseExpression(raw: string): string {
  const text = raw.trim();
  if (!text) throw new ExpressionError('empty license expression');
  let depth = 0;
  let maxDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) {
      depth++;
      if (depth > maxDepth) maxDepth = depth;
      if (maxDepth > MAX_EXPRESSION_DEPTH) throw new ExpressionError(`license expression nests parentheses deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    } else if (c === 41) {
      depth--;
      if (depth < 0) throw new ExpressionError(`unbalanced ")" at offset ${i} in license expression`);
    }
  }
  if (depth !== 0) throw new ExpressionError('unbalanced "(" in license expression');
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`license expression is ${text.length} characters long, over the ${MAX_EXPRESSION_LENGTH} limit`);
  // The spec makes operators case-sensitive upper case, but lower-case `and`/`or`/`with` are
  // common in headers and unambiguous; ids are matched case-insensitively (spec, Appendix IV).
  const words = text.replace(/([()])/g, ' $1 ').split(/\s+/).filter(Boolean);
  const t = ids();
  const upper = words.map((w, i) => {
    if (/^(?:and|or|with)$/i.test(w)) return w.toUpperCase();
    if (w === '(' || w === ')') return w;
    if (/^with$/i.test(words[i - 1] ?? '')) {
      const exception = t.exceptions.get(w.toLowerCase());
      if (!exception) throw new ExpressionError(`unknown license exception "${w}" (see https://spdx.org/licenses/exceptions-index.html)`);
      return EXCEPTION_REPLACED[exception] ?? exception;
    }
    if (/^(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/i.test(w)) return w;
    const plus = w.endsWith('+');
    const id = t.licenses.get((plus ? w.slice(0, -1) : w).toLowerCase());
    if (!id) throw new ExpressionError(`unknown license id "${w}" (see https://spdx.org/licenses/)`);
    return plus ? `${id}+` : id;
  });
  let tree: Node;
  try {
    tree = parseExpression(upper.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')'));
  } catch (err) {
    throw new ExpressionError(`invalid license expression "${text.slice(0, 120)}": ${(err as Error).message}`);
  }
  return render(tree);
}

/** One `SPDX-License-Identifier:` tag found in a file. */
export interface SpdxTag {
  /** 1-based line. */
  line: number;
  /** The expression as written. */
  raw: string;
  /** The normalised expression, when valid. */
  expression?: string;
  /** Why the expression was refused, when invalid. */
  error?: string;
}

// Only comment syntax may come before the tag on its line, so code that merely mentions the tag
// in a string is not read as one.
const TAG = /^[^A-Za-z0-9]{0,16}(?:(?:@?rem|dnl|REM)\s+)?SPDX-License-Identifier:[ \t]*(.*)$/i;
// What closes a comment at the end of a tag line: `*/`, `-->`, `"""`, `#}`, `--}}`, `*)`, `%>`.
const CLOSER = /\s*(?:\*\/|-->|"""|'''|#\}|--\}\}|\*\)|%>|\]\]>?)\s*$/;

/** Finds `SPDX-License-Identifier:` tags in the first `maxLines` lines of a text. */
export function findSpdxTags(text: string, maxLines = 40): SpdxTag[] {
  const tags: SpdxTag[] = [];
  if (!/SPDX-License-Identifier/i.test(text)) return tags;
  const lines = text.split(/\r\n|\r|\n/, maxLines);
  for (let i = 0; i < lines.length; i++) {
    const m = TAG.exec(lines[i]!);
    if (!m) continue;
    const raw = m[1]!.replace(CLOSER, '').trim();
    const tag: SpdxTag = { line: i + 1, raw };
    try {
      tag.expression = normaliseExpression(raw);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      tag.error = err.message;
    }
    tags.push(tag);
  }
  return tags;
}
