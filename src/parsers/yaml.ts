import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { InputError } from '../model/errors.js';
import { LineIndex, stripBom } from './lines.js';
import { MAX_DEPTH, stripForbiddenKeys } from './limits.js';

/**
 * How many nodes a document may stand for once its aliases are expanded. Aliases share one
 * object in memory, but a consumer that walks or serialises the result pays for every copy: an
 * alias bomb is a small file that stands for billions of nodes.
 */
const MAX_EXPANDED_NODES = 5_000_000;

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

/** Counts the nodes `value` stands for with aliases expanded, memoised on shared objects; stops past `limit`. */
function expandedSize(value: unknown, limit: number): number {
  const memo = new Map<object, number>();
  // Post-order without recursion: a node's size is known once its children's are.
  const stack: Array<{ node: object; expanded: boolean }> = [];
  if (value !== null && typeof value === 'object') stack.push({ node: value, expanded: false });
  else return 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (memo.has(top.node)) {
      stack.pop();
      continue;
    }
    const children = Array.isArray(top.node) ? top.node : Object.values(top.node);
    if (!top.expanded) {
      top.expanded = true;
      for (const c of children) if (c !== null && typeof c === 'object' && !memo.has(c)) stack.push({ node: c, expanded: false });
      continue;
    }
    let size = 1;
    for (const c of children) size += c !== null && typeof c === 'object' ? (memo.get(c) ?? 0) : 1;
    if (size > limit) return size;
    memo.set(top.node, size);
    stack.pop();
  }
  return memo.get(value) ?? 1;
}

/**
 * Parses untrusted YAML (one document) with the YAML 1.2 core schema (no custom tags, no
 * dates, no code): caps nesting, refuses alias bombs by the size the aliases stand for, keeps
 * `__proto__` keys away from objects, and turns errors into an InputError with the line.
 */
export function parseYaml(text: string, file?: string): unknown {
  const src = stripBom(text);
  if (flowDepthOverflow(src)) throw new InputError(`YAML nested deeper than ${MAX_DEPTH} levels`, { file });
  let value: unknown;
  try {
    // `json: true` lets a repeated key override, as YAML 1.1 tools that write lockfiles expect.
    value = load(src, { schema: CORE_SCHEMA, json: true, filename: file });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError('YAML nested too deeply to parse', { file });
    if (err instanceof YAMLException) {
      const line = err.mark?.line !== undefined ? err.mark.line + 1 : undefined;
      throw new InputError(`invalid YAML: ${err.reason}`, { file, line: line ?? new LineIndex(src).lineAt(err.mark?.position ?? 0) });
    }
    throw new InputError(`invalid YAML: ${(err as Error).message}`, { file });
  }
  if (src.includes('*') && src.includes('&')) {
    const size = expandedSize(value, MAX_EXPANDED_NODES);
    if (size > MAX_EXPANDED_NODES) {
      throw new InputError(`YAML aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes (an alias bomb?); refused`, { file });
    }
  }
  return stripForbiddenKeys(value);
}
