/**
 * Line numbers of XML elements by their path. parseXml gives the document's structure but no
 * positions, so the Java scanners walk the (already validated) text once more with a small
 * tag tokenizer and record where chosen elements start. Comments, CDATA sections and
 * processing instructions are skipped, namespace prefixes dropped (as parseXml drops them).
 */
import { LineIndex } from '../../parsers/lines.js';

/** Tags, comments, CDATA and processing instructions; attribute values may hold `>`. */
const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:"[^"]*"|'[^']*'|[^'">])*?)(\/?)>/g;

/** One recorded element: where it starts, and the index of the repeated ancestor it sits in. */
export interface ElementAt {
  line: number;
  /** For paths watched with a `group` ancestor: how many of that ancestor came before (0-based). */
  group: number;
}

/**
 * Returns, for each watched path (`project/dependencies/dependency`), the start of every
 * element at that path in document order. `groupBy` names an ancestor path whose occurrences
 * are counted, so elements inside the n-th `project/profiles/profile` carry `group: n`.
 */
export function elementLines(text: string, watched: readonly string[], groupBy?: string): Map<string, ElementAt[]> {
  const lines = new LineIndex(text);
  const want = new Set(watched);
  const out = new Map<string, ElementAt[]>();
  for (const path of watched) out.set(path, []);
  const stack: string[] = [];
  let group = -1;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const name = m[2];
    if (name === undefined) continue;
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    if (m[1]) {
      // A closing tag: pop back to the matching element (the text was validated already).
      const at = stack.lastIndexOf(local);
      if (at !== -1) stack.length = at;
      continue;
    }
    stack.push(local);
    const path = stack.join('/');
    if (path === groupBy) group++;
    if (want.has(path)) out.get(path)?.push({ line: lines.lineAt(m.index), group });
    if (m[4]) stack.pop();
  }
  return out;
}
