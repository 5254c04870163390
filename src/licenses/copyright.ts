/** One copyright statement found in a text. */
export interface CopyrightLine {
  /** The statement with comment markers and extra spaces removed. */
  text: string;
  /** 1-based line. */
  line: number;
}

/** Lines scanned per text; copyright statements sit at the top of license and NOTICE files. */
export const MAX_COPYRIGHT_SCAN_LINES = 5000;
const MAX_STATEMENT = 300;

// A statement starts with a copyright sign or word, possibly after a comment marker or `Portions`.
const START = /^(?:portions\s+)?(?:copyright\b|©|\(c\)\s*(?=\d))/i;
const MARKERS = /^(?:copyright\b\s*(?:\(c\)|©|:)?|©|\(c\))\s*/i;
// What follows "Copyright" in license boilerplate rather than a statement.
const BOILERPLATE = /^(?:notices?\b|holders?\b|owners?\b|law\b|laws\b|statements?\b|and\b|or\b|of\b|to\b|in\b|the above\b|this\b|license\b|licen[cs]or\b|protection\b|act\b|infringement\b|claims?\b|is\b|may\b|©?\s*$|<|\[|\{|\$|yyyy|\(?year\)?\b|\.\.\.|\(c\)\s*$|by the\b|interest\b|&|,)/i;
const YEAR = /\b(?:19|20)\d\d\b/;

/**
 * Finds copyright statements in a text: `Copyright (c) 2020 Name`, `Copyright 2019-2021 The Foo
 * Authors`, `© 2020 Name`, `(C) 2001 Name`, `Portions Copyright ...`. Skips license boilerplate
 * (`the above copyright notice`, `Copyright (C) <year> <name of author>`). Statements are
 * returned once each, in order.
 */
export function extractCopyrights(text: string, maxLines = MAX_COPYRIGHT_SCAN_LINES): CopyrightLine[] {
  const out: CopyrightLine[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let lineNo = 1; lineNo <= maxLines && start <= text.length; lineNo++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const rawLine = text.slice(start, Math.min(end, start + 1000));
    start = end + 1;
    // Comment markers and list bullets before the statement (`#`, `//`, ` * `, `;;`, `--`, `>`).
    const line = rawLine.replace(/^[\s#*/;>!|-]*(?:rem\s+|dnl\s+)?/i, '').replace(/\s+/g, ' ').trim();
    if (!START.test(line)) continue;
    const body = line.replace(/^portions\s+/i, '').replace(MARKERS, '').replace(/^(?:\(c\)|©)\s*/i, '');
    if (body === '' || BOILERPLATE.test(body)) continue;
    // A statement names a year or a holder; a bare "Copyright" heading does neither.
    if (!YEAR.test(body) && !/^[\p{Lu}\p{N}]/u.test(body)) continue;
    let statement = line.replace(/\s*\*\/\s*$/, '').replace(/\s*-->\s*$/, '').trim();
    if (statement.length > MAX_STATEMENT) statement = `${statement.slice(0, MAX_STATEMENT)}…`;
    const key = statement.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: statement, line: lineNo });
  }
  return out;
}
