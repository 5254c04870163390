/**
 * Turns JSONC text (JSON with `//` and `/* *\/` comments and trailing commas, as bun.lock is
 * written: https://bun.sh/docs/install/lockfile) into JSON by blanking comments and trailing
 * commas with spaces. Every other character keeps its offset, and newlines stay, so line
 * numbers found in the result are the lines of the original text. An unterminated comment or
 * string is left for the JSON parser to reject.
 */
export function jsoncToJson(text: string): string {
  // [start, end) ranges to blank, collected in one pass; a trailing comma is found only after
  // the comments that follow it, so the ranges are sorted before the text is rebuilt.
  const ranges: Array<[number, number]> = [];
  const n = text.length;
  let i = 0;
  // Offset of the last comma outside strings not yet followed by a value, or -1.
  let pendingComma = -1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      pendingComma = -1;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = n;
      ranges.push([i, end]);
      i = end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) break;
      ranges.push([i, close + 2]);
      i = close + 2;
    } else if (c === 44 /* , */) {
      pendingComma = i;
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (pendingComma !== -1) ranges.push([pendingComma, pendingComma + 1]);
      pendingComma = -1;
      i++;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else {
      pendingComma = -1;
      i++;
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  let last = 0;
  for (const [from, to] of ranges) {
    out.push(text.slice(last, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    last = to;
  }
  out.push(text.slice(last));
  return out.join('');
}
