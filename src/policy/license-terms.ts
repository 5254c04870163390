// License expressions as policy sees them: alternatives (OR) of sets of terms (AND). A
// component passes when one alternative passes, and an alternative passes when all its terms do.
import parseSpdxExpression from 'spdx-expression-parse';

/** Longest expression parsed; longer ones are one opaque term (an expression bomb is not a license). */
const MAX_EXPRESSION_LENGTH = 4000;
/** Deepest parenthesis nesting parsed; spdx-expression-parse recurses per level. */
const MAX_NESTING = 32;
/** Most alternatives kept when AND distributes over OR; past it the terms are required together. */
const MAX_ALTERNATIVES = 256;

type Ast = { license: string; plus?: true; exception?: string } | { left: Ast; conjunction: 'and' | 'or'; right: Ast };

function termOf(node: { license: string; plus?: true; exception?: string }): string {
  return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
}

function nesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === '(') max = Math.max(max, ++depth);
    else if (c === ')') depth--;
  }
  return max;
}

/**
 * Splits an SPDX expression into alternatives of terms (disjunctive normal form):
 * `MIT OR (Apache-2.0 AND BSD-3-Clause)` -> [["MIT"], ["Apache-2.0", "BSD-3-Clause"]].
 * Text that is not an SPDX expression is one term as written.
 */
export function licenseAlternatives(expression: string): string[][] {
  const hit = cache.get(expression);
  if (hit) return hit;
  const result = computeAlternatives(expression);
  // Bounded: an inventory has a few hundred distinct expressions; hostile input cannot grow it.
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(expression, result);
  return result;
}

const MAX_CACHED = 10_000;
const cache = new Map<string, string[][]>();

function computeAlternatives(expression: string): string[][] {
  const text = expression.trim();
  if (text.length > MAX_EXPRESSION_LENGTH || nesting(text) > MAX_NESTING) return [[text.slice(0, 200)]];
  let ast: Ast;
  try {
    ast = parseSpdxExpression(text) as Ast;
  } catch {
    return [[text]];
  }
  let overflow = false;
  const all = new Set<string>();
  const walk = (node: Ast): string[][] => {
    if ('license' in node) {
      const t = termOf(node);
      all.add(t);
      return [[t]];
    }
    const l = walk(node.left);
    const r = walk(node.right);
    if (node.conjunction === 'or') return [...l, ...r].slice(0, MAX_ALTERNATIVES + 1);
    const out: string[][] = [];
    for (const a of l) for (const b of r) {
      if (out.length > MAX_ALTERNATIVES) {
        overflow = true;
        break;
      }
      out.push([...new Set([...a, ...b])]);
    }
    return out;
  };
  const result = walk(ast);
  if (overflow || result.length > MAX_ALTERNATIVES) return [[...all]];
  return result;
}

/** The SPDX id of a term without `+` and exception: `GPL-2.0-only WITH Classpath-exception-2.0` -> `GPL-2.0-only`. */
export function termLicenseId(term: string): string {
  const i = term.indexOf(' WITH ');
  const id = i === -1 ? term : term.slice(0, i);
  return id.endsWith('+') ? id.slice(0, -1) : id;
}
