// Maps JSON pointers into a YAML document back to lines, so a schema error can name the line.
// js-yaml reports no node positions in its result, but its `listener` option sees every node
// open and close (nested properly); from those events we rebuild a position tree.
import { CORE_SCHEMA, load } from 'js-yaml';
import { LineIndex, stripBom } from '../parsers/lines.js';

interface Node {
  start: number;
  end: number;
  result: unknown;
  children: Node[];
}

/** Finds lines for JSON pointers in one YAML document. */
export interface YamlLocator {
  /** The 1-based line where the value at `pointer` is written (its key's line for a mapping member). */
  lineOf(pointer: string): number | undefined;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Builds a locator for `text`. Call it only on text parseYaml has already accepted: this is a
 * second parse (with the same schema) done only to learn positions.
 */
export function yamlLocator(text: string): YamlLocator {
  const src = stripBom(text);
  const lines = new LineIndex(src);
  const root: Node = { start: 0, end: src.length, result: undefined, children: [] };
  const stack: Node[] = [root];
  try {
    load(src, {
      schema: CORE_SCHEMA,
      json: true,
      listener(event, state) {
        if (event === 'open') {
          stack.push({ start: state.position, end: state.position, result: undefined, children: [] });
        } else {
          const node = stack.pop();
          if (!node) return;
          node.end = state.position;
          node.result = state.result;
          stack[stack.length - 1]?.children.push(node);
        }
      },
    });
  } catch {
    return { lineOf: () => undefined };
  }
  // The listener's open position precedes the whitespace and comments before a node.
  const lineAtStart = (node: Node): number => {
    let i = node.start;
    while (i < node.end) {
      const c = src[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '#') {
        const nl = src.indexOf('\n', i);
        i = nl === -1 ? node.end : nl;
      } else break;
    }
    return lines.lineAt(Math.min(i, Math.max(0, src.length - 1)));
  };
  const doc = root.children[0];
  return {
    lineOf(pointer: string): number | undefined {
      if (!doc) return undefined;
      let node = doc;
      let line = lineAtStart(doc);
      for (const seg of decodePointer(pointer)) {
        const value = node.result;
        if (Array.isArray(value)) {
          const child = node.children[Number(seg)];
          if (!child || node.children.length !== value.length) return line;
          node = child;
          line = lineAtStart(child);
        } else if (value !== null && typeof value === 'object') {
          // A mapping's children alternate key, value (aliases and merge keys break that: stop).
          if (node.children.length % 2 !== 0) return line;
          let found: Node | undefined;
          for (let i = 0; i < node.children.length; i += 2) {
            const key = node.children[i]!;
            if (String(key.result) === seg) {
              found = node.children[i + 1];
              line = lineAtStart(key);
              break;
            }
          }
          if (!found) return line;
          node = found;
        } else return line;
      }
      return line;
    },
  };
}
