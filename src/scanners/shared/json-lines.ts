/**
 * Returns the offset of `"key"` used as an object key whose value is an object (`"key": {`),
 * searching from `from`; -1 when absent. Scanners use it to find the line of an entry in JSON
 * text they have already parsed (the parsed value has no positions), moving a cursor forward
 * entry by entry so the whole file is searched about once. The `{` check tells an entry key
 * apart from the same name used as a string value or as a key with a non-object value (NuGet
 * dependency maps, renv `Requirements`). The key is searched as JSON.stringify writes it.
 */
export function findObjectKey(text: string, key: string, from: number): number {
  const needle = JSON.stringify(key);
  let at = text.indexOf(needle, from);
  while (at !== -1) {
    let i = skipSpace(text, at + needle.length);
    if (text.charCodeAt(i) === 58 /* : */) {
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === 123 /* { */) return at;
    }
    at = text.indexOf(needle, at + 1);
  }
  return -1;
}

/** Returns the offset of the first character at or after `i` that is not JSON whitespace. */
export function skipSpace(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}
