/**
 * Calls `visit` with each line of `text` (without its `\n` or `\r\n` ending) and its 1-based
 * number, reading the text once. The lockfile scanners use it to find the lines of entries: the
 * YAML parser keeps no positions.
 */
export function forEachLine(text: string, visit: (line: string, lineNo: number) => void): void {
  let pos = 0;
  let lineNo = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.charCodeAt(end - 1) === 13 /* \r */ && end > pos ? text.slice(pos, end - 1) : text.slice(pos, end);
    pos = end + 1;
    visit(line, lineNo);
  }
}
