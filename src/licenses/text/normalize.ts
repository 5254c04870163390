/**
 * Normalisation of license text per the SPDX License List Matching Guidelines
 * (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/):
 * case (B.4), whitespace (B.3), punctuation, quotes and dashes (B.5-B.7), bullets and numbering
 * (B.8), varietal spellings (B.9), copyright symbols and notices (B.10, B.11), `http`/`https`
 * (B.13). Punctuation carries no meaning for the matcher, so text becomes a sequence of word
 * tokens, each tagged with its 1-based line so a match can say where it is.
 */

/** Text turned into word tokens: interned ids and the 1-based line of each token. */
export interface TokenStream {
  ids: Int32Array;
  lines: Int32Array;
}

/** Interns words into small integers shared by references and inputs (one process-wide table). */
const dictionary = new Map<string, number>();
const words: string[] = [];

/**
 * A hash of each word's text, by id. Ids depend on the order words were first seen in this
 * process; these hashes do not, so hashes of word sequences built from them can be precomputed
 * and shipped (data/licenses/reference.json).
 */
export let WORD_HASHES = new Int32Array(1024);

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
  return h | 0;
}

/** Returns the integer id of a normalised word, adding it to the table on first sight. */
export function wordId(word: string): number {
  let id = dictionary.get(word);
  if (id === undefined) {
    id = words.length;
    dictionary.set(word, id);
    words.push(word);
    if (id >= WORD_HASHES.length) {
      const grown = new Int32Array(WORD_HASHES.length * 2);
      grown.set(WORD_HASHES);
      WORD_HASHES = grown;
    }
    WORD_HASHES[id] = hashWord(word);
  }
  return id;
}

/** Returns the word of an id (for messages and tests). */
export function wordOf(id: number): string {
  return words[id] ?? '?';
}

// B.9 Varietal word spelling: the SPDX list of equivalent words (British/American spellings and a
// few compounds), written here as canonical forms.
const VARIETAL: Record<string, string> = {
  licence: 'license',
  licences: 'licenses',
  licenced: 'licensed',
  licencing: 'licensing',
  licencee: 'licensee',
  licencor: 'licensor',
  licensor: 'licensor',
  acknowledgement: 'acknowledgment',
  acknowledgements: 'acknowledgments',
  analogue: 'analog',
  analyse: 'analyze',
  artefact: 'artifact',
  authorisation: 'authorization',
  authorised: 'authorized',
  calibre: 'caliber',
  cancelled: 'canceled',
  capitalisations: 'capitalizations',
  catalogue: 'catalog',
  categorise: 'categorize',
  centre: 'center',
  emphasised: 'emphasized',
  favour: 'favor',
  favourite: 'favorite',
  fulfil: 'fulfill',
  fulfilment: 'fulfillment',
  initialise: 'initialize',
  judgement: 'judgment',
  labelling: 'labeling',
  labour: 'labor',
  maximise: 'maximize',
  modelled: 'modeled',
  modelling: 'modeling',
  offence: 'offense',
  optimise: 'optimize',
  organisation: 'organization',
  organise: 'organize',
  practise: 'practice',
  programme: 'program',
  realise: 'realize',
  recognise: 'recognize',
  signalling: 'signaling',
  utilisation: 'utilization',
  whilst: 'while',
  wilful: 'willful',
  wilfull: 'willful',
  merchantibility: 'merchantability',
  https: 'http',
};


function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
// Characters that lead a line as comment syntax, bullets or quote marks (B.8; comments so that a
// license pasted in a source header matches too).
function isLeader(c: number): boolean {
  return (
    c === 42 /* * */ || c === 47 /* / */ || c === 35 /* # */ || c === 45 /* - */ || c === 43 /* + */ || c === 59 /* ; */ ||
    c === 37 /* % */ || c === 62 /* > */ || c === 33 /* ! */ || c === 0x2022 || c === 0xb7 || c === 0x25e6 || c === 0x2023 ||
    c === 0x2043 || c === 0x2013 || c === 0x2014 || c === 34 /* " */ || c === 39 /* ' */ || c === 124 /* | */ || c === 167 /* § */ ||
    // Markdown emphasis and code (`_Copyright © 1989 ..._`, `**1.**`, `[text](url)`).
    c === 95 /* _ */ || c === 96 /* ` */ || c === 91 /* [ */ || c === 61 /* = */
  );
}

// HTML markup around a license (a LICENSE.html, a license page saved from a browser): the
// names of the elements such texts use. Only these count as tags, and a tag with attributes
// has an `=`, so `<year>`, `<owner>` and `<one line to give the program's name>` stay text.
const HTML_TAGS = new Set(
  'a abbr address b big blockquote body br center cite code dd div dl dt em font h1 h2 h3 h4 h5 h6 head hr html i li link meta ol p pre small span strong sub sup table tbody td th thead title tr tt u ul'.split(' '),
);
const LOOKS_LIKE_HTML = /<\/?(?:p|br|div|li|ul|ol|td|tr|table|b|i|font|center|html|body|h[1-6]|pre|span|a|hr|strong|em|tt)(?:\s[^<>]*=[^<>]*)?\s*\/?>/i;
const TAG = /<!--[^]*?-->|<!doctype[^<>]*>|<\/?([a-zA-Z][a-zA-Z0-9]{0,9})(?:\s+[^<>]*=[^<>]*)?\s*\/?>/gi;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '(c)', nbsp: ' ', ndash: '-', mdash: '-', lsquo: "'", rsquo: "'", ldquo: '"', rdquo: '"', bull: '*', middot: '*', sect: '\u00a7' };

/**
 * Turns an HTML text into the text it shows: tags and comments become spaces, character
 * references the character. Every replacement is as long as what it replaces and newlines
 * stay, so line numbers are the file's. Other texts are returned as they are.
 */
export function stripMarkup(text: string): string {
  if (!LOOKS_LIKE_HTML.test(text)) return text;
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return text
    .replace(TAG, (m, name: string | undefined) => (name === undefined || HTML_TAGS.has(name.toLowerCase()) ? blank(m) : m))
    .replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, named: string | undefined) => {
      let c: string | undefined;
      if (named !== undefined) c = NAMED_ENTITIES[named.toLowerCase()];
      else {
        const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
        c = code === 0xa9 ? '(c)' : code >= 32 && code < 0xd800 ? String.fromCharCode(code) : ' ';
      }
      return c === undefined ? m : c.padEnd(m.length, ' ');
    });
}

/**
 * Skips, from `i`, the leaders of a line: whitespace, comment and bullet characters, and list
 * numbering (`1.`, `(a)`, `iv)`, `2.1`). Returns the index of the first content character.
 */
function skipLeaders(text: string, i: number, end: number): number {
  for (let round = 0; round < 4; round++) {
    const before = i;
    while (i < end && (isSpace(text.charCodeAt(i)) || isLeader(text.charCodeAt(i)))) i++;
    // Numbering: up to 3 alnum chars (digits, one letter, or a roman numeral), possibly in
    // parentheses or dotted (2.1.3), ending in `.` or `)` and followed by a space.
    let j = i;
    if (j < end && text.charCodeAt(j) === 40 /* ( */) j++;
    const k = j;
    while (j < end && j - k < 8 && (isAlnum(text.charCodeAt(j)) || (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))))) j++;
    const close = text.charCodeAt(j);
    // Most lines start with a word: no label to slice and test (this runs on every line).
    if (j > k && (close === 46 || close === 41)) {
      const label = text.slice(k, j).toLowerCase();
      // `(c) 1995-2003 by ...` is a copyright statement (B.10), not item (c) of a list.
      if (k > i && label === 'c' && close === 41 && isDigit(text.charCodeAt(j + 2))) break;
      // The number may be emphasised in Markdown (`**1.** You may ...`, `_(a)_`).
      let after = j + 1;
      while (after < end && (text.charCodeAt(after) === 42 || text.charCodeAt(after) === 95)) after++;
      if ((after >= end || isSpace(text.charCodeAt(after))) && /^(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,5})$/.test(label)) {
        i = after;
      }
    }
    // Comment words of m4 (`dnl`), batch files (`REM`, `@rem`) and Texinfo (`@c`) lead lines too.
    if (i === before && i + 2 < end) {
      const w = text.slice(i, i + 5).toLowerCase();
      const n = w.startsWith('dnl') || w.startsWith('rem') ? 3 : w.startsWith('@rem') ? 4 : w.startsWith('@c') ? 2 : 0;
      if (n > 0 && (i + n >= end || isSpace(text.charCodeAt(i + n)))) i += n;
    }
    if (i === before) break;
  }
  return i;
}

// A copyright statement, not a sentence that happens to start with the word after wrapping
// ("copyright license to reproduce ..."): the word is followed by a symbol, a year or a colon.
const COPYRIGHT_STATEMENT = /^(?:portions\s+)?(?:(?:copyright|copr\.)\s*(?:\(c\)|\u00a9|\d|\[|<|:|year\b|by\b|yyyy)|\(c\)\s|\u00a9|all rights reserved)/i;

function startsWithCopyright(text: string, i: number, end: number): boolean {
  // Most lines start with none of the statement's first letters: no slice, no regex.
  const c = text.charCodeAt(i) | 0x20;
  if (c !== 99 /* c */ && c !== 112 /* p */ && c !== 97 /* a */ && c !== 40 /* ( */ && c !== 0xa9 /* © */) return false;
  return COPYRIGHT_STATEMENT.test(text.slice(i, Math.min(end, i + 40)));
}

// The FSF postal address, which re-wrapping can join onto the copyright line above it
// ("... Foundation, Inc. 51 Franklin Street, Fifth" / "Floor, Boston, MA ..."): the words from
// the street number on stay, so the address is dropped whole like everywhere else.
const ADDRESS_AFTER_COPYRIGHT = /\b(?:51|59|675)(?:\s+(?:franklin|temple|mass)\b|\s*$)/i;

// A further statement inside a line that continues a copyright paragraph re-wrapped
// (`("ISC") Copyright (c) 1995-2003 by ...`).
const COPYRIGHT_INSIDE = /(?:copyright|copr\.)\s*(?:\(c\)|\u00a9|\d)|\(c\)\s*\d|\u00a9/i;

/**
 * Where the words of a line resume after the copyright statement it holds: -1 when it holds
 * none, `end` when it is all statement. `continued`: the line above was all statement, so
 * a statement later in this line is the rest of that paragraph, re-wrapped.
 */
function copyrightSkip(text: string, lead: number, end: number, continued: boolean): number {
  if (lead >= end) return -1;
  if (startsWithCopyright(text, lead, end)) return afterCopyright(text, lead, end);
  if (!continued) return -1;
  // "Adobe Systems Incorporated. All rights reserved." ends the statement of the line above.
  if (end - lead < 100 && ALL_RIGHTS_RESERVED.test(text.slice(lead, end))) return end;
  // ... or wrapping left the reservation's exception alone on the next line.
  if (end - lead < 60 && RESERVATION_TAIL.test(text.slice(lead, end))) return end;
  // ... or does so early in a line re-wrapping went on to join license text onto
  // ("Corporation (tm) and Contributors. All rights reserved. This license has been").
  const reserved = RESERVED_INSIDE.exec(text.slice(lead, Math.min(end, lead + 100)));
  if (reserved) return lead + reserved.index + reserved[0].length;
  const inside = COPYRIGHT_INSIDE.exec(text.slice(lead, Math.min(end, lead + 60)));
  return inside ? afterCopyright(text, lead + inside.index, end) : -1;
}

// Where a copyright statement may start inside a line ("Apache License 1.1 Copyright (c) 2000
// The Apache Software Foundation. All"): found with one scan of the text, not one per line.
const COPYRIGHT_MARK = /opyright|OPYRIGHT|\([cC]\)|\u00a9/g;
const STATEMENT_AT = /^(?:(?:copyright|copr\.)\s*(?:\(c\)|\u00a9|\d)|\(c\)\s*\d|\u00a9\s*(?:\d|copyright))/i;
// ... with the reservation's own exception ("All Rights Reserved except as specified below").
const ALL_RIGHTS_RESERVED = /all rights reserved(?:,? except as (?:specified|noted|provided|stated) (?:below|herein|above))?\.?\s*$/i;
const RESERVATION_TAIL = /^except as (?:specified|noted|provided|stated) (?:below|herein|above)\.?\s*$/i;
const RESERVED_INSIDE = /all rights reserved(?:,? except as (?:specified|noted|provided|stated) (?:below|herein|above))?\.\s*/i;

/** The next place at or after `from` where a copyright statement may start (-1: none). */
function nextCopyrightMark(text: string, from: number): number {
  COPYRIGHT_MARK.lastIndex = from;
  const m = COPYRIGHT_MARK.exec(text);
  if (!m) return -1;
  return m[0].charCodeAt(0) === 111 || m[0].charCodeAt(0) === 79 ? m.index - 1 : m.index;
}

/**
 * Where the words of a line end because a copyright statement starts later in it (`end` when
 * none does), given the next mark at or after the line's first word. The statement runs to the
 * end of the line.
 */
function statementCut(text: string, lead: number, end: number, mark: number): number {
  for (let at = mark; at >= 0 && at < end; at = nextCopyrightMark(text, at + 2)) {
    if (at <= lead) continue;
    if (STATEMENT_AT.test(text.slice(at, Math.min(end, at + 30)))) return at;
  }
  return end;
}

/**
 * Where the words of a line that starts with a copyright statement resume (`end` when none
 * do): at the first sentence that starts like license text, or at an FSF address joined onto
 * the statement.
 */
function afterCopyright(text: string, lead: number, end: number): number {
  SENTENCE_AFTER_COPYRIGHT.lastIndex = lead;
  const line = text.slice(0, end);
  const resume = SENTENCE_AFTER_COPYRIGHT.exec(line);
  const i = resume ? resume.index + resume[0].length : end;
  const address = ADDRESS_AFTER_COPYRIGHT.exec(text.slice(lead, i));
  return address ? lead + address.index : i;
}


// The end of a statement's first sentence: a full stop or semicolon before a capital, not after
// an abbreviation of a company, a name's initial or "No.".
const STATEMENT_SENTENCE_END = /(?<!\b(?:[Ii]nc|INC|[Ll]td|LTD|[Cc]o|CO|[Cc]orp|CORP|[Ll]lc|LLC|[Jj]r|[Ss]r|[Ss]t|[Nn]o|[Ee]\.g|[Ii]\.e|[A-Za-z]))[.;]["'\u201d]?\s+(?=[A-Z\u201c"'<(])/g;
const RESERVATION = String.raw`all rights reserved(?:,? except as (?:specified|noted|provided|stated) (?:below|herein|above))?\.?["'\u201d]?`;
const RESERVED_IN = new RegExp(String.raw`\b` + RESERVATION, 'i');
const RESERVED_AT = new RegExp(RESERVATION, 'iy');
/** The most characters one statement of a text run together on one line is taken to hold. */
const STATEMENT_CHARS = 240;

/**
 * Finds the copyright statements of a text written as one line (an SPDX template's paragraphs
 * run together), as [start, end) character ranges. Where a license file has lines, the
 * tokenizer drops a statement up to its line's end; on one line that would drop the license
 * after it, so here a statement ends with its "All rights reserved" or its first sentence, or
 * where the tokenizer would resume (an FSF address, "Permission ..."), at most a few lines' worth.
 */
export function copyrightStatements(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const len = text.length;
  let pos = 0;
  while (pos < len) {
    const lead = skipLeaders(text, pos, len);
    let s = -1;
    if (lead < len && startsWithCopyright(text, lead, len)) s = lead;
    else {
      for (let at = nextCopyrightMark(text, lead); at >= 0 && at < len; at = nextCopyrightMark(text, at + 2)) {
        if (at >= lead && STATEMENT_AT.test(text.slice(at, Math.min(len, at + 30)))) {
          s = at;
          break;
        }
      }
    }
    if (s < 0) break;
    let e = Math.min(len, afterCopyright(text, s, len), s + STATEMENT_CHARS);
    const reserved = RESERVED_IN.exec(text.slice(s, e));
    if (reserved) e = s + reserved.index + reserved[0].length;
    STATEMENT_SENTENCE_END.lastIndex = s + 1;
    const sentence = STATEMENT_SENTENCE_END.exec(text);
    if (sentence && sentence.index < e) e = sentence.index + 1;
    // "Foo Corporation. All rights reserved." : the reservation is part of the statement.
    let after = e;
    while (after < len && isSpace(text.charCodeAt(after))) after++;
    RESERVED_AT.lastIndex = after;
    if (RESERVED_AT.exec(text)) e = RESERVED_AT.lastIndex;
    out.push([s, Math.max(e, s + 1)]);
    pos = Math.max(e, s + 1);
  }
  return out;
}

const SENTENCE_AFTER_COPYRIGHT =
  /[.>)\]]\s+(?=(?:Everyone|Permission|Redistribution|Licensed|Neither|This|THIS|The|THE|You|Use|Subject|Boost|In)\b)/g;
const CANONICAL = new Map(Object.entries(VARIETAL));
const ADDRESS_STREETS = new Set(['street', 'st', 'place', 'ave', 'avenue']);

let phraseIds: { copyright: number; owner: number; owners: number; holder: number; holders: number; per: number; cent: number; percent: number; sub: number; license: number; sublicense: number } | undefined;

/**
 * The SPDX equivalent words that are more than one word: "copyright owner" is "copyright
 * holder", "per cent" is "percent", "sub license" is "sublicense".
 */
function foldPhrases(ids: number[], lines: number[]): void {
  phraseIds ??= {
    copyright: wordId('copyright'), owner: wordId('owner'), owners: wordId('owners'), holder: wordId('holder'), holders: wordId('holders'),
    per: wordId('per'), cent: wordId('cent'), percent: wordId('percent'), sub: wordId('sub'), license: wordId('license'), sublicense: wordId('sublicense'),
  };
  const w = phraseIds;
  let out = 0;
  for (let i = 0; i < ids.length; i++) {
    let id = ids[i]!;
    const next = ids[i + 1];
    if (id === w.copyright && (next === w.owner || next === w.owners)) {
      ids[out] = id;
      lines[out++] = lines[i]!;
      ids[i + 1] = next === w.owner ? w.holder : w.holders;
      continue;
    }
    if ((id === w.per && next === w.cent) || (id === w.sub && next === w.license)) {
      id = id === w.per ? w.percent : w.sublicense;
      i++;
      ids[out] = id;
      lines[out++] = lines[i - 1]!;
      continue;
    }
    ids[out] = id;
    lines[out++] = lines[i]!;
  }
  ids.length = out;
  lines.length = out;
}

/**
 * Removes FSF postal addresses from a token list (`51 Franklin Street, Fifth Floor, Boston, MA
 * 02110-1301 USA`, `59 Temple Place ...`, `675 Mass Ave ...`): the address changed over the
 * years, the license did not.
 */
function dropAddresses(ids: number[], lines: number[]): void {
  const starts = new Set([wordId('franklin'), wordId('temple'), wordId('mass')]);
  const ma = wordId('ma');
  const usa = wordId('usa');
  for (let i = 0; i < ids.length; i++) {
    if (!starts.has(ids[i]!) || !ADDRESS_STREETS.has(wordOf(ids[i + 1] ?? -1))) continue;
    let end = -1;
    for (let j = i + 2; j < Math.min(ids.length - 1, i + 14); j++) {
      if (ids[j] === ma && /^0\d{4}$/.test(wordOf(ids[j + 1]!))) {
        end = j + 2;
        if (/^\d{4}$/.test(wordOf(ids[end] ?? -1))) end++;
        if (ids[end] === usa) end++;
        break;
      }
    }
    if (end < 0) continue;
    const start = i > 0 && /^\d+$/.test(wordOf(ids[i - 1]!)) ? i - 1 : i;
    ids.splice(start, end - start);
    lines.splice(start, end - start);
    i = start - 1;
  }
}

/**
 * Removes the marks Berkeley's 1999 rescission of the advertising clause left in BSD texts
 * ("3. ***REMOVED*** - see ftp://ftp.cs.berkeley.edu/pub/4bsd/README.Impt.License.Change",
 * "3. [rescinded 22 July 1999]"): the clause is gone and the text is the 3-clause license, as
 * where the clause was deleted without a mark.
 */
function dropRescissions(ids: number[], lines: number[]): void {
  const readme = wordId('readme');
  const impt = wordId('impt');
  const berkeley = wordId('berkeley');
  const change = wordId('change');
  const rescinded = wordId('rescinded');
  const leads = new Set([wordId('removed'), wordId('deleted'), rescinded]);
  for (let i = 0; i < ids.length; i++) {
    let end = -1;
    if (ids[i] === readme && ids[i + 1] === impt && ids[i + 3] === change) end = i + 4;
    else if (ids[i] === rescinded && wordOf(ids[i + 1] ?? -1) === '22' && wordOf(ids[i + 2] ?? -1) === 'july' && wordOf(ids[i + 3] ?? -1) === '1999') end = i + 4;
    if (end < 0) continue;
    // Back to the word that says the clause is gone, through the ftp address.
    let start = i;
    if (ids[i] === readme) {
      const b = ids.lastIndexOf(berkeley, i);
      if (b < 0 || i - b > 6) continue;
      start = b;
      for (let j = b - 1; j >= Math.max(0, b - 6); j--) {
        if (leads.has(ids[j]!)) {
          start = j;
          break;
        }
      }
      if (!leads.has(ids[start]!)) continue;
    }
    ids.splice(start, end - start);
    lines.splice(start, end - start);
    i = start - 1;
  }
}

// The tokenizer's word cache: the FNV-1a hash of a word as written (lower-cased) -> its
// canonical id, so the inner loop neither slices strings nor hashes them twice. Open
// addressing over typed arrays; the text of each entry is kept to rule out hash collisions.
let cacheKeys = new Int32Array(1 << 14);
let cacheIds = new Int32Array(1 << 14).fill(-1);
let cacheWords: string[] = new Array<string>(1 << 14);
let cacheSize = 0;

function cacheSlot(h: number, mask: number): number {
  return (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
}

function cacheInsert(h: number, word: string, id: number): void {
  if ((cacheSize + 1) * 2 > cacheKeys.length) {
    const oldKeys = cacheKeys;
    const oldIds = cacheIds;
    const oldWords = cacheWords;
    cacheKeys = new Int32Array(oldKeys.length * 2);
    cacheIds = new Int32Array(oldKeys.length * 2).fill(-1);
    cacheWords = new Array<string>(oldKeys.length * 2);
    cacheSize = 0;
    for (let s = 0; s < oldKeys.length; s++) if (oldIds[s]! >= 0) cacheInsert(oldKeys[s]!, oldWords[s]!, oldIds[s]!);
  }
  const mask = cacheKeys.length - 1;
  let s = cacheSlot(h, mask);
  while (cacheIds[s]! >= 0) s = (s + 1) & mask;
  cacheKeys[s] = h;
  cacheIds[s] = id;
  cacheWords[s] = word;
  cacheSize++;
}

/**
 * Returns the canonical id of the word `text[start, end)` (ASCII letters and digits), whose
 * lower-cased FNV-1a hash is `h`: the same as wordId(CANONICAL.get(word) ?? word) for the
 * lower-cased word, without building the string once the word has been seen.
 */
function internRange(text: string, start: number, end: number, h: number): number {
  const mask = cacheKeys.length - 1;
  const len = end - start;
  for (let s = cacheSlot(h, mask); cacheIds[s]! >= 0; s = (s + 1) & mask) {
    if (cacheKeys[s] !== h) continue;
    const w = cacheWords[s]!;
    if (w.length !== len) continue;
    let k = 0;
    for (; k < len; k++) {
      const ch = text.charCodeAt(start + k);
      if ((ch <= 90 && ch >= 65 ? ch + 32 : ch) !== w.charCodeAt(k)) break;
    }
    if (k === len) return cacheIds[s]!;
  }
  const word = text.slice(start, end).toLowerCase();
  const id = wordId(CANONICAL.get(word) ?? word);
  // Bounded: hostile input with millions of distinct words must not grow the cache without end.
  if (cacheSize < 1 << 20) cacheInsert(h, word, id);
  return id;
}

/** Says whether the last character before `at` that is not a space (from `from` on) ends a sentence or item. */
function endsSentence(text: string, from: number, at: number): boolean {
  let k = at - 1;
  while (k >= from && isSpace(text.charCodeAt(k))) k--;
  const c = text.charCodeAt(k);
  return c === 46 || c === 58 || c === 59 || c === 41;
}

/** Options for tokenizing. */
export interface NormaliseOptions {
  /** Keep copyright lines (the matcher drops them; the copyright extractor wants them). */
  keepCopyrightLines?: boolean;
  /** Start at this offset (the start of a line) instead of the beginning. */
  from?: number;
  /** The 1-based number of the line at `from`. */
  firstLine?: number;
}

/**
 * Turns text into normalised word tokens with line numbers: lower case, punctuation and list
 * markers dropped, copyright lines and FSF postal addresses removed, varietal spellings, `(c)`/`©`
 * and `https` folded to one form. One pass over the characters: this runs on every file scanned.
 */
export function tokenize(input: string, options: NormaliseOptions = {}): TokenStream {
  const text = stripMarkup(input);
  const ids: number[] = [];
  const lines: number[] = [];
  const len = text.length;
  const nonId = wordId('non');
  const subId = wordId('sub');
  const copyrightId = wordId('copyright');
  const versionId = wordId('version');
  const andId = wordId('and');
  let lineNo = (options.firstLine ?? 1) - 1;
  let inCopyright = false;
  let hyphenated = 0;
  let pos = options.from ?? 0;
  let mark = options.keepCopyrightLines ? -1 : nextCopyrightMark(text, pos);
  while (pos <= len) {
    // A CR before the LF is not part of the line: `section 10.` ends the line either way.
    let next = text.indexOf('\n', pos);
    if (next < 0) next = len;
    const eol = next > pos && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    lineNo++;
    let i = skipLeaders(text, pos, eol);
    let stop = eol;
    if (!options.keepCopyrightLines) {
      // A copyright line ends the statement; when re-wrapping joined license text onto it,
      // the license resumes at the first sentence that starts like license text.
      const skip = copyrightSkip(text, i, eol, inCopyright);
      inCopyright = skip === eol;
      if (skip >= 0) i = skip;
      else {
        if (mark >= 0 && mark < i) mark = nextCopyrightMark(text, i);
        if (mark >= 0 && mark < eol) {
          stop = statementCut(text, i, eol, mark);
          if (stop < eol) inCopyright = true;
        }
      }
    }
    const lineStart = ids.length;
    if (i < stop) {
      let joinNext = false;
      while (i < stop) {
        const c = text.charCodeAt(i);
        if (isAlnum(c)) {
          const start = i;
          let h = 0x811c9dc5;
          for (let ch = c; i < stop && isAlnum((ch = text.charCodeAt(i))); i++) h = Math.imul(h ^ (ch <= 90 && ch >= 65 ? ch + 32 : ch), 16777619);
          // Inline numbering left by re-wrapping (` 2. `, ` (b) `, ` c) `): not words (B.8).
          const prev = start > pos ? text.charCodeAt(start - 1) : 32;
          const next = text.charCodeAt(i);
          const after = i + 1 < eol ? text.charCodeAt(i + 1) : 32;
          // Dotted numbering inside a line, after the sentence before it (`... Modifications.
          // 1.10. "Original Code" means`; not "License 2.0." or "Section 3.2.").
          if (next === 46 && i - start <= 2 && isDigit(c) && isSpace(prev) && isDigit(text.charCodeAt(i + 1)) && endsSentence(text, pos, start)) {
            let j = i;
            while (j < stop && text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
              j++;
              const d = j;
              while (j < stop && isDigit(text.charCodeAt(j))) j++;
              if (j - d > 2) break;
            }
            // ... not after an abbreviation ("License, v. 2.0.", "Rev. 1.2.").
            const afterShort = ids.length === 0 || wordOf(ids[ids.length - 1]!).length <= 3;
            if (!afterShort && text.charCodeAt(j) === 46 && (j + 1 >= stop || isSpace(text.charCodeAt(j + 1)))) {
              i = j + 1;
              continue;
            }
          }
          // Markdown may emphasise the number (`**(1)**`).
          if (i - start <= 2 && (next === 46 || next === 41) && (isSpace(after) || after === 42 || after === 95) && (isSpace(prev) || prev === 40 || prev === 42 || prev === 95)) {
            const word = text.slice(start, i).toLowerCase();
            // ... but not the number of a version ("the GNU General Public License version 2.").
            const afterVersion = ids.length > 0 && ids[ids.length - 1] === versionId;
            if (!afterVersion && (/^\d{1,2}$/.test(word) || (next === 41 && /^[a-h]$/.test(word)))) {
              i++;
              continue;
            }
          }
          const id = internRange(text, start, i, h);
          // A word hyphenated at the end of the previous line ("ob-" / "taining") is one word.
          const c0 = text.charCodeAt(start);
          if (hyphenated !== 0 && ids.length === lineStart && lineStart > 0 && (hyphenated === 1 ? c0 >= 97 && c0 <= 122 : c0 >= 65 && c0 <= 90)) joinNext = true;
          hyphenated = 0;
          if (joinNext) {
            // `non-commercial` and `noncommercial`, `sub-license` and `sublicense` are one word.
            const word = text.slice(start, i).toLowerCase();
            const prevWord = wordOf(ids[ids.length - 1]!);
            ids[ids.length - 1] = wordId(CANONICAL.get(prevWord + word) ?? prevWord + word);
            joinNext = false;
          } else {
            ids.push(id);
            lines.push(lineNo);
          }
          if ((id === nonId || id === subId) && (next === 45 || next === 0x2010 || next === 0x2011) && isAlnum(after)) {
            joinNext = true;
            i++;
          }
          continue;
        }
        // "&" between words is "and" (SPDX equivalent words).
        if (c === 38 && i > pos && isSpace(text.charCodeAt(i - 1)) && (i + 1 >= stop || isSpace(text.charCodeAt(i + 1)))) {
          ids.push(andId);
          lines.push(lineNo);
          i++;
          continue;
        }
        // Escapes in quoted strings (a .po file's `modify \n"`): `\n`, `\t`, `\r` are spaces.
        if (c === 92 && i + 1 < stop) {
          const e = text.charCodeAt(i + 1);
          if ((e === 110 || e === 116 || e === 114) && !isAlnum(text.charCodeAt(i + 2))) {
            i += 2;
            continue;
          }
        }
        // The target of a Markdown link (`[text](http://...)`) is markup, not license text.
        if (c === 93 /* ] */ && text.charCodeAt(i + 1) === 40) {
          const close = text.indexOf(')', i + 2);
          if (close > 0 && close < stop && close - i < 300) {
            i = close + 1;
            continue;
          }
        }
        if (c === 0xa9 || (c === 40 && (text.charCodeAt(i + 1) | 0x20) === 99 && text.charCodeAt(i + 2) === 41)) {
          ids.push(copyrightId);
          lines.push(lineNo);
          i += c === 40 ? 3 : 1;
          continue;
        }
        i++;
      }
    }
    if (ids.length > lineStart || hyphenated !== 0) {
      // 1: "ob-" ends the line in lower case, 2: "NONIN-" in upper case; the next line's first
      // word in the same case continues it.
      let e = stop;
      while (e > pos && isSpace(text.charCodeAt(e - 1))) e--;
      const last = e - 2 >= pos ? text.charCodeAt(e - 2) : 0;
      hyphenated = ids.length === lineStart || stop !== eol || text.charCodeAt(e - 1) !== 45 ? 0 : last >= 97 && last <= 122 ? 1 : last >= 65 && last <= 90 ? 2 : 0;
    }
    pos = next + 1;
  }
  dropAddresses(ids, lines);
  dropRescissions(ids, lines);
  foldPhrases(ids, lines);
  return { ids: Int32Array.from(ids), lines: Int32Array.from(lines) };
}

/** Tokenizes text the way the matcher does (copyright lines dropped). */
export function normaliseForMatching(text: string): TokenStream {
  return tokenize(text);
}

/** Returns the normalised words of a token range joined by single spaces (for phrase searches). */
export function normalisedWords(stream: TokenStream, from = 0, to = stream.ids.length): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(wordOf(stream.ids[i]!));
  return out.join(' ');
}

/** Hashes of a text's words, computed without tokenizing (see rawTextKeys). */
export interface RawTextKeys {
  /** Every word (-1 when there is none). */
  whole: number;
  /** Every word after the first line holding words, a title the reference may not have (-1 when there is none). */
  rest: number;
  /** Words on that first line. */
  firstWords: number;
  /** 1-based lines of the first and last word. */
  startLine: number;
  endLine: number;
  /**
   * Where the first "END OF TERMS AND CONDITIONS" starts (-1 when the text has none), and the
   * keys of the words before it (as `whole` and `rest`): a GNU or Apache license with its
   * optional appendix left out, filled in or followed by an exception still hashes as published.
   */
  terms: { offset: number; line: number; lastLine: number; whole: number; rest: number } | undefined;
}

/** The multiplier of the raw-text hash (odd, so every power of it is too). */
const RAW_BASE = 0x5bd1e995;

function powBase(e: number): number {
  let result = 1;
  let b = RAW_BASE;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    e >>>= 1;
  }
  return result;
}

/**
 * The key of the words after the first line, from the hash of all of them (`a`, `chars`) and of
 * the first line's (`firstA`, `firstChars`; -1 when every word is on the first line): what
 * hashing the rest alone would give, since the hash is a polynomial in the characters.
 */
function restKey(a: number, chars: number, firstA: number, firstChars: number): number {
  if (firstChars < 0) return -1;
  const m = chars - firstChars; // the separator and the rest
  if (m <= 1) return -1;
  const r = (a - Math.imul(firstA, powBase(m)) - Math.imul(32, powBase(m - 1))) | 0;
  return key(r, m - 1);
}

function key(h: number, chars: number): number {
  // 53 bits: a 32-bit FNV-1a hash and the number of characters hashed, usable as a Map key.
  return (h >>> 0) * 0x200000 + (chars & 0x1fffff);
}

const END_OF_TERMS = /end[^a-z0-9]+of[^a-z0-9]+terms[^a-z0-9]+and[^a-z0-9]+conditions(?![a-z0-9])/iy;

/**
 * The exact-text fast path: hashes the lower-cased letter and digit runs of a text, in order,
 * skipping copyright lines as tokenize() does, without building tokens. Two texts with equal
 * keys hold the same words with the same numbering, whatever their wrapping, line endings,
 * comment syntax or punctuation — a stricter equality than the tokens', so a hit is exact.
 */
export function rawTextKeys(text: string): RawTextKeys {
  const len = text.length;
  // One polynomial hash over every word (a multiply and an add per character); the key of the
  // words after the first line is derived from it at the end instead of hashed a second time.
  let a = 0;
  let aChars = 0;
  let firstA = 0;
  let firstChars = -1;
  let lineNo = 0;
  let pos = 0;
  let startLine = 0;
  let endLine = 0;
  let firstWords = 0;
  let inWord = false;
  let terms: RawTextKeys['terms'];
  let inCopyright = false;
  let mark = nextCopyrightMark(text, 0);
  while (pos <= len) {
    let next = text.indexOf('\n', pos);
    if (next < 0) next = len;
    const eol = next > pos && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    lineNo++;
    let i = pos;
    const lead = skipLeaders(text, pos, eol);
    const skip = copyrightSkip(text, lead, eol, inCopyright);
    inCopyright = skip === eol;
    let stop = eol;
    if (skip >= 0) i = skip;
    else {
      if (mark >= 0 && mark < lead) mark = nextCopyrightMark(text, lead);
      if (mark >= 0 && mark < eol) {
        stop = statementCut(text, lead, eol, mark);
        if (stop < eol) inCopyright = true;
      }
    }
    inWord = false;
    for (; i < stop; i++) {
      let c = text.charCodeAt(i);
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90))) {
        inWord = false;
        continue;
      }
      if (c <= 90 && c >= 65) c += 32;
      if (!inWord) {
        inWord = true;
        // "end" as a word first, then the phrase (a regex at every word starting with e is slow).
        if (c === 101 /* e */ && terms === undefined && (text.charCodeAt(i + 1) | 0x20) === 110 && (text.charCodeAt(i + 2) | 0x20) === 100 && !isAlnum(text.charCodeAt(i + 3))) {
          END_OF_TERMS.lastIndex = i;
          if (END_OF_TERMS.test(text)) {
            terms = { offset: i, line: lineNo, lastLine: endLine, whole: aChars === 0 ? -1 : key(a, aChars), rest: restKey(a, aChars, firstA, firstChars) };
          }
        }
        // A word boundary: 0x20 between words.
        if (startLine === 0) startLine = lineNo;
        else {
          if (startLine !== lineNo && firstChars < 0) {
            firstA = a;
            firstChars = aChars;
          }
          a = (Math.imul(a, RAW_BASE) + 32) | 0;
          aChars++;
        }
        if (startLine === lineNo) firstWords++;
        endLine = lineNo;
      }
      a = (Math.imul(a, RAW_BASE) + c) | 0;
      aChars++;
    }
    pos = next + 1;
  }
  return { whole: aChars === 0 ? -1 : key(a, aChars), rest: restKey(a, aChars, firstA, firstChars), firstWords, startLine: startLine || 1, endLine: endLine || 1, terms };
}
