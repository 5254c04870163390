// A large JSON report written in pieces. `JSON.stringify(doc, null, 2)` of tens of thousands of
// findings is one string of tens of MB (twice that in memory once a single character is outside
// Latin-1), which is then copied again to be encoded and written; the pieces are the same text,
// one array element at a time, and each can be collected once it is written.

/** A top-level value that stands for the array while the rest of the document is stringified. */
const MARK = '\u0000ospo-json-pieces\u0000';

/**
 * The text of `JSON.stringify(doc, null, 2)`, in pieces: everything but `doc[key]` at once, then
 * that array (a top-level property) element by element. Joined, the pieces are exactly the text
 * `JSON.stringify` gives.
 */
export function* prettyJsonPieces(doc: Record<string, unknown>, key: string): Generator<string> {
  const list = doc[key];
  if (!Array.isArray(list)) {
    yield JSON.stringify(doc, null, 2);
    return;
  }
  const text = JSON.stringify({ ...doc, [key]: MARK }, null, 2);
  const marker = `${JSON.stringify(key)}: ${JSON.stringify(MARK)}`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`prettyJsonPieces: "${key}" is not a top-level property of the document`);
  const valueAt = at + marker.length - JSON.stringify(MARK).length;
  yield text.slice(0, valueAt);
  if (list.length === 0) yield '[]';
  else {
    // Elements sit at depth 2: four spaces before each of their lines. Inside a JSON string a line
    // break is written `\n`, so every newline in an element's text is one of stringify's own.
    for (let i = 0; i < list.length; i++) {
      const element = JSON.stringify(list[i], null, 2) as string | undefined;
      // As in JSON.stringify: an element with no JSON form (undefined, a function) is `null`.
      yield `${i === 0 ? '[\n    ' : ',\n    '}${element === undefined ? 'null' : element.replaceAll('\n', '\n    ')}`;
    }
    yield '\n  ]';
  }
  yield text.slice(at + marker.length);
}
