import { parseJson } from '../../../parsers/json.js';

/** Called for every object key in a JSON text: the keys of the enclosing containers, the key, and its 1-based line. */
export type KeyVisitor = (parents: readonly string[], key: string, line: number) => void;

const ARRAY_ITEM = '[]';

/**
 * Walks already-validated JSON text once and reports every object key with the path of
 * container keys above it (array items appear as `[]`) and the line it is on.
 * Lockfile scanners use it to find the line of each entry without a second parse: the parsed
 * value has no positions. The text must have passed parseJson (or be JSON-shaped after
 * JSONC blanking); nothing here validates syntax.
 */
export function visitJsonKeys(text: string, visit: KeyVisitor): void {
  const parents: string[] = [];
  const isObject: boolean[] = [];
  let pendingKey: string | null = null;
  // JSON strings cannot hold a raw newline, so counting newlines between tokens gives the line.
  let line = 1;
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const inArray = isObject.length > 0 && !isObject[isObject.length - 1];
      // The outermost container has no name; it is not part of the path.
      if (isObject.length > 0) parents.push(pendingKey ?? (inArray ? ARRAY_ITEM : ''));
      isObject.push(c === 123);
      pendingKey = null;
      expectKey = c === 123;
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      isObject.pop();
      if (isObject.length > 0) parents.pop();
      pendingKey = null;
      expectKey = false;
      i++;
    } else if (c === 34 /* " */) {
      const start = i;
      // indexOf is much faster than a character loop, and most of a lockfile is string content.
      let end = text.indexOf('"', i + 1);
      for (;;) {
        if (end === -1) {
          end = n;
          break;
        }
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 92 /* \ */) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end + 1;
      if (expectKey && isObject[isObject.length - 1]) {
        const raw = text.slice(start + 1, end);
        const key = raw.includes('\\') ? String(parseJson(`"${raw}"`)) : raw;
        visit(parents, key, line);
        pendingKey = key;
        expectKey = false;
      } else {
        pendingKey = null;
      }
    } else if (c === 44 /* , */) {
      expectKey = isObject[isObject.length - 1] === true;
      pendingKey = null;
      i++;
    } else {
      if (c === 10 /* \n */) line++;
      i++;
    }
  }
}
