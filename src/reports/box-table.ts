// A boxed terminal table in one pass over its cells, drawn the way cli-table3 draws one (the same
// box characters, one space of padding, a rule between rows, cells split on newlines). cli-table3
// lays out every cell as an object and measures it several times: ~1 ms a row, so a
// vulnerability report of 10,000 findings took over 10 s to print. This takes microseconds a row.

// Escape sequences (colours) take no room on the terminal.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Returns how many terminal columns `text` takes: characters other than colour codes (wide East Asian characters count two). */
export function displayWidth(text: string): number {
  const plain = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  let width = 0;
  for (const ch of plain) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x300 && cp < 0x370) || cp === 0x200b) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Renders a header row and rows as a boxed table; a cell may hold several lines. */
export function renderBoxTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return Array.from(boxTableLines(head, rows)).join('\n');
}

/**
 * The lines of `renderBoxTable(head, rows)` one at a time (no line breaks), for a table of
 * thousands of rows written as it is drawn rather than as one string.
 */
export function* boxTableLines(head: readonly string[], rows: ReadonlyArray<readonly string[]>): Generator<string> {
  const columns = head.length;
  const all = [head, ...rows];
  const widths = new Array<number>(columns).fill(0);
  const split: string[][][] = all.map((row) => {
    const cells: string[][] = [];
    for (let i = 0; i < columns; i++) {
      const lines = String(row[i] ?? '').split('\n');
      for (const l of lines) widths[i] = Math.max(widths[i]!, displayWidth(l));
      cells.push(lines);
    }
    return cells;
  });
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const between = rule('├', '┼', '┤');
  yield rule('┌', '┬', '┐');
  for (let r = 0; r < split.length; r++) {
    const cells = split[r]!;
    if (r > 0) yield between;
    let height = 0;
    for (const c of cells) if (c.length > height) height = c.length;
    for (let line = 0; line < height; line++) {
      let text = '│';
      for (let i = 0; i < columns; i++) {
        const cell = cells[i]![line] ?? '';
        text += ` ${cell}${' '.repeat(widths[i]! - displayWidth(cell))} │`;
      }
      yield text;
    }
  }
  yield rule('└', '┴', '┘');
}
