import { readdirSync, readFileSync } from 'node:fs';
import type { AnchorTable } from './diff.js';
import { createRequire } from 'node:module';
import { WORD_HASHES, normaliseForMatching, rawTextKeys, wordId, wordOf, type TokenStream } from './normalize.js';

/**
 * The reference texts the matcher compares against: every non-deprecated license of the SPDX
 * License List (bundled in `spdx-license-list`, so matching works offline), and the list's
 * exceptions and the licenses newer than that package, imported from the list's XML source
 * into data/licenses/ (scripts/import-spdx-license-xml.js).
 */

/** One reference text, tokenized, with the parts the SPDX templates mark optional. */
export interface Reference {
  /** Index in the reference table. */
  index: number;
  /** What a match reports: an SPDX id, or for -only/-or-later pairs the family (`GPL-2.0`). */
  key: string;
  /** Every SPDX id whose text normalises to these tokens. */
  ids: string[];
  kind: 'license' | 'exception';
  /** True for GNU families whose -only/-or-later choice comes from the notice, not the text. */
  versioned: boolean;
  name: string;
  tokens: Int32Array;
  /** 1 where a token is optional: the title, and everything after "END OF TERMS AND CONDITIONS". */
  optional: Uint8Array;
  /** Number of leading optional (title) tokens. */
  titleEnd: number;
  /** Index of the first token of the optional tail (tokens.length when there is none). */
  tailStart: number;
  requiredCount: number;
  /** Number of unique shingles (3 consecutive tokens) over the required tokens. */
  shingleCount: number;
  /** Slots (in the index's shingle table) of those shingles; built on first use. */
  slots?: Set<number>;
  /** Anchor n-grams that occur once in the text -> their position; built on first use. */
  anchors?: AnchorTable;
  /** The same over the tokens before the tail, for references whose tail is longer than they are. */
  bodyAnchors?: AnchorTable;
}

/**
 * Shingle hash -> references holding it: an open-addressing table over typed arrays (a
 * JavaScript Map of 130,000 arrays takes most of a second to build; this takes milliseconds).
 */
export interface ShingleTable {
  /** The hash in each slot (EMPTY_SLOT = empty; the one hash equal to it is stored as EMPTY_SLOT - 1). */
  keys: Uint32Array;
  /** The shingle number in each slot. */
  ids: Int32Array;
  mask: number;
  /** postings[start[s], start[s + 1]) are the references holding shingle number s. */
  start: Int32Array;
  postings: Uint16Array;
}

/** The reference table and its indexes. */
export interface ReferenceIndex {
  refs: Reference[];
  shingles: ShingleTable;
  /** Hash of a whole normalised text (several variants per reference) -> references. */
  exact: Map<number, number[]>;
  /** rawTextKeys of each license as published (with and without its first line) -> references. */
  raw: Map<number, number[]>;
  /** The same keys of the words before END OF TERMS AND CONDITIONS -> references. */
  rawTerms: Map<number, number[]>;
  /**
   * Shingle hash of the first three required words of a reference -> the references whose
   * required text starts so: where a license pasted verbatim inside other text may begin.
   */
  bodyStarts: Map<number, number[]>;
  /** 1 at the low 16 bits of each hash bodyStarts holds (a typed-array test before the Map in the inner loop). */
  bodyStartFlags: Uint8Array;
  /** Reference -> the references that hold its whole required text within a few words of their start, and where (MIT in Xnet, Zlib in Cube). */
  extendedBy: Map<number, Array<{ ref: number; at: number }>>;
  /**
   * Reference -> the references whose required text holds its whole required text further on
   * (Classpath-exception-2.0-short inside Classpath-exception-2.0), and where it starts there.
   */
  containedIn: Map<number, Array<{ ref: number; at: number }>>;
  /** Milliseconds it took to build or load. */
  buildMs: number;
}

const EMPTY_SLOT = 0xffffffff;

/** Returns the number of a shingle hash in the table (0 .. count-1), or -1 when no reference has it. */
export function slotOf(table: ShingleTable, h: number): number {
  const key = h === EMPTY_SLOT ? EMPTY_SLOT - 1 : h;
  const { keys, mask } = table;
  let i = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
  for (;;) {
    const k = keys[i]!;
    if (k === key) return table.ids[i]!;
    if (k === EMPTY_SLOT) return -1;
    i = (i + 1) & mask;
  }
}

/** The unique shingles of all references: hash, how many references hold it, and which. */
interface ShingleLists {
  hashes: Uint32Array;
  counts: Uint16Array;
  postings: Uint16Array;
}

/** Lists every reference's unique shingles (hashes in first-seen order), for the data file. */
function listShingles(refs: Reference[]): ShingleLists {
  const order = new Map<number, number>();
  const lists: number[][] = [];
  for (const ref of refs) {
    ref.shingleCount = 0;
    const { tokens, optional } = ref;
    for (let i = 0; i + SHINGLE <= tokens.length; i++) {
      if (optional[i] || optional[i + SHINGLE - 1]) continue;
      const h = shingleAt(tokens, i);
      let n = order.get(h);
      if (n === undefined) {
        n = lists.length;
        order.set(h, n);
        lists.push([]);
      }
      const list = lists[n]!;
      if (list[list.length - 1] === ref.index) continue;
      list.push(ref.index);
      ref.shingleCount++;
    }
  }
  return {
    hashes: Uint32Array.from(order.keys()),
    counts: Uint16Array.from(lists, (l) => l.length),
    postings: Uint16Array.from(lists.flat()),
  };
}

/** Builds the lookup table over listed shingles. */
function shingleTable(lists: ShingleLists): ShingleTable {
  const count = lists.hashes.length;
  let size = 1024;
  while (size < count * 2) size <<= 1;
  const keys = new Uint32Array(size).fill(EMPTY_SLOT);
  const ids = new Int32Array(size);
  const mask = size - 1;
  for (let n = 0; n < count; n++) {
    const h = lists.hashes[n]!;
    const key = h === EMPTY_SLOT ? EMPTY_SLOT - 1 : h;
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (keys[i] !== EMPTY_SLOT && keys[i] !== key) i = (i + 1) & mask;
    keys[i] = key;
    ids[i] = n;
  }
  const start = new Int32Array(count + 1);
  for (let n = 0; n < count; n++) start[n + 1] = start[n]! + lists.counts[n]!;
  return { keys, ids, mask, start, postings: lists.postings };
}

function toBase64(a: Uint16Array | Uint32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromBase64<T extends Uint16Array | Uint32Array>(text: string, make: new (buffer: ArrayBuffer) => T): T {
  // A fresh, aligned copy: Buffer.from may hand back a slice of a shared pool at any offset.
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return new make(bytes.buffer);
}

/** The number of tokens in a shingle. */
export const SHINGLE = 3;
/** The fewest required words a reference needs to be found verbatim inside longer text by its first words. */
export const EMBEDDED_MIN_TOKENS = 40;

/** Hashes the shingle that starts at `i` (from the words' text, so the same in every process). */
export function shingleAt(ids: Int32Array, i: number): number {
  const w = WORD_HASHES;
  return (Math.imul(w[ids[i]!]!, 73856093) ^ Math.imul(w[ids[i + 1]!]!, 19349663) ^ Math.imul(w[ids[i + 2]!]!, 83492791)) >>> 0;
}

/** Hashes a token sequence (FNV-1a over the ids), skipping positions where `skip` is set. */
export function hashTokens(ids: Int32Array, from = 0, to = ids.length, skip?: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    if (skip && skip[i]) continue;
    h = Math.imul(h ^ ids[i]!, 16777619);
    h = Math.imul(h ^ (ids[i]! >>> 16), 16777619);
  }
  return h >>> 0;
}

// The deprecated "with exception" entries hold the exception text after an "insert GPL here"
// line; the SPDX exception id of each.
const EXCEPTION_SOURCES: Record<string, string> = {
  'GPL-2.0-with-autoconf-exception': 'Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'Bison-exception-2.2',
  'GPL-2.0-with-classpath-exception': 'Classpath-exception-2.0',
  'GPL-2.0-with-font-exception': 'Font-exception-2.0',
  'GPL-2.0-with-GCC-exception': 'GCC-exception-2.0',
  'GPL-3.0-with-autoconf-exception': 'Autoconf-exception-3.0',
  'GPL-3.0-with-GCC-exception': 'GCC-exception-3.1',
};

interface ListEntry {
  name: string;
  licenseText: string;
}

const END_OF_TERMS = ['end', 'of', 'terms', 'and', 'conditions'];

/** Finds the title (a short first paragraph) and the tail after END OF TERMS, both optional. */
function optionalMask(text: string, stream: TokenStream): { titleEnd: number; tailStart: number } {
  const n = stream.ids.length;
  let titleEnd = 0;
  // Title: the first paragraph holding tokens, when it is short and reads like a heading.
  if (n > 0) {
    const rawLines = text.split(/\r\n|\r|\n/);
    const first = stream.lines[0]!;
    let last = first;
    while (last < rawLines.length && rawLines[last]!.trim() !== '') last++;
    let count = 0;
    while (count < n && stream.lines[count]! <= last) count++;
    const trimmed = rawLines.slice(first - 1, last).join(' ').trim();
    if (count <= 16 && (!/[.:]$/.test(trimmed) || count <= 4)) titleEnd = count;
  }
  let tailStart = n;
  const end = END_OF_TERMS.map(wordId);
  for (let i = 0; i + end.length <= n; i++) {
    if (end.every((w, j) => stream.ids[i + j] === w)) {
      tailStart = i;
      break;
    }
  }
  // The Lesser GPL 3.0 as listed is followed by the whole GPL 3.0 it supplements; copies
  // (COPYING.LESSER) hold only the Lesser part.
  const gpl3 = ['gnu', 'general', 'public', 'license', 'version', '3', '29', 'june', '2007'].map(wordId);
  for (let i = 50; i + gpl3.length <= Math.min(n, tailStart); i++) {
    if (gpl3.every((w, j) => stream.ids[i + j] === w)) {
      tailStart = i;
      break;
    }
  }
  // A trailing trademark sentence (X11) is often left out of copies.
  if (tailStart === n && n > 0) {
    const lastLine = stream.lines[n - 1]!;
    let i = n - 1;
    while (i > 0 && stream.lines[i - 1] === lastLine) i--;
    const tm = wordId('trademark');
    for (let j = i; j < n; j++) if (stream.ids[j] === tm) tailStart = i;
  }
  return { titleEnd: Math.min(titleEnd, tailStart), tailStart };
}

/** A reference as stored in the data file: tokens are indexes into the file's word list. */
export interface StoredReference {
  key: string;
  ids: string[];
  kind: Reference['kind'];
  name: string;
  titleEnd: number;
  tailStart: number;
  /** Unique shingles of the required text. */
  shingleCount: number;
  /**
   * rawTextKeys of the text as published: every word, every word after the first line, and the
   * same two up to END OF TERMS AND CONDITIONS (-1 when the text has none).
   */
  raw: [number, number, number, number];
  /** Little-endian Uint16 word indexes, base64. */
  tokens: string;
}

/** The precomputed reference data shipped in data/licenses/reference.json. */
export interface ReferenceData {
  format: 1;
  /** The packages the texts were read from, with versions (the data is stale when they change). */
  source: Record<string, string>;
  words: string[];
  /** Every unique shingle (little-endian, base64): Uint32 hashes, Uint16 reference counts, Uint16 reference indexes. */
  shingles: { hashes: string; counts: string; postings: string };
  refs: StoredReference[];
}

/** Exception texts the SPDX package lacks (the same relative path from src/ and dist/). */
const EXTRA_EXCEPTIONS = new URL('../../../data/licenses/exceptions/', import.meta.url);
/** License texts newer than the SPDX package. */
const EXTRA_LICENSES = new URL('../../../data/licenses/texts/', import.meta.url);
/** Where those texts came from (the SPDX License List XML version and commit) and their names. */
const EXTRA_MANIFEST = new URL('../../../data/licenses/spdx-xml.json', import.meta.url);

/** data/licenses/spdx-xml.json, written by scripts/import-spdx-license-xml.js. */
interface ExtraManifest {
  source: { repository: string; version: string; commit: string };
  exceptions: Record<string, string>;
  licenses: Record<string, string>;
}

function readManifest(): ExtraManifest | undefined {
  try {
    return JSON.parse(readFileSync(EXTRA_MANIFEST, 'utf8')) as ExtraManifest;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The SPDX id of `<id>.txt` or of a variant of its text, `<id>~<variant>.txt`. */
function idOfFile(name: string): string {
  return name.slice(0, -4).split('~')[0]!;
}

/** The `<id>.txt` files of a data folder, sorted (none when it does not exist). */
function textFiles(folder: URL): string[] {
  try {
    return readdirSync(folder).filter((n) => n.endsWith('.txt')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Where the shipped reference data lives (the same relative path from src/ and dist/). */
export const REFERENCE_DATA = new URL('../../../data/licenses/reference.json', import.meta.url);

/**
 * Generates the reference data from the installed SPDX License List (no network): every
 * non-deprecated license, -only/-or-later pairs sharing one text grouped, and the exception
 * texts the list carries inside its deprecated `GPL-x-with-y-exception` entries.
 */
export function generateReferenceData(): ReferenceData {
  const require = createRequire(import.meta.url);
  const list = require('spdx-license-list/full.js') as Record<string, ListEntry>;
  const deprecated = new Set<string>(require('spdx-license-ids/deprecated.json') as string[]);
  const source: Record<string, string> = {};
  for (const pkg of ['spdx-license-list', 'spdx-license-ids']) source[pkg] = (require(`${pkg}/package.json`) as { version: string }).version;
  const manifest = readManifest();
  if (manifest) source['spdx/license-list-XML'] = `${manifest.source.version} ${manifest.source.commit}`;
  const words: string[] = [];
  const local = new Map<number, number>();
  const refs: StoredReference[] = [];
  const byText = new Map<string, StoredReference>();
  const add = (key: string, ids: string[], kind: Reference['kind'], name: string, text: string): StoredReference => {
    const stream = normaliseForMatching(text);
    const { titleEnd, tailStart } = optionalMask(text, stream);
    const out = new Uint16Array(stream.ids.length);
    for (let i = 0; i < stream.ids.length; i++) {
      const id = stream.ids[i]!;
      let w = local.get(id);
      if (w === undefined) {
        w = words.length;
        if (w > 0xffff) throw new Error('reference dictionary over 65,536 words');
        local.set(id, w);
        words.push(wordOf(id));
      }
      out[i] = w;
    }
    const tokens = toBase64(out);
    const keys = rawTextKeys(text);
    const ref: StoredReference = { key, ids, kind, name, titleEnd, tailStart, shingleCount: 0, raw: [keys.whole, keys.rest, keys.terms?.whole ?? -1, keys.terms?.rest ?? -1], tokens };
    refs.push(ref);
    return ref;
  };
  // Several ids sharing one text (the GFDL's six) are reported by their family, the shortest
  // name (GFDL-1.1), which resolves to -only unless a notice says otherwise.
  const familyKeys = (): void => {
    for (const ref of refs) {
      if (ref.ids.length < 2) continue;
      const bases = ref.ids.map((i) => i.replace(/-(?:only|or-later)$/, ''));
      const shortest = bases.reduce((a, b) => (b.length < a.length ? b : a));
      if (bases.every((b) => b.startsWith(shortest))) ref.key = shortest;
    }
  };
  const entries: Array<[string, ListEntry]> = Object.keys(list)
    .sort()
    .map((id) => [id, list[id]!]);
  // Licenses newer than the package, from the list's XML source (data/licenses/texts/<id>.txt).
  for (const name of textFiles(EXTRA_LICENSES)) {
    const id = idOfFile(name);
    if (list[id]) continue;
    entries.push([id, { name: manifest?.licenses[id] ?? id, licenseText: readFileSync(new URL(name, EXTRA_LICENSES), 'utf8') }]);
  }
  for (const [id, entry] of entries) {
    if (deprecated.has(id) || id.endsWith('+') || !entry.licenseText || entry.licenseText.length < 40) continue;
    // -only and -or-later share one text; the notice decides between them.
    const key = id.replace(/-(?:only|or-later)$/, '');
    const existing = byText.get(entry.licenseText);
    if (existing) {
      existing.ids.push(id);
      continue;
    }
    byText.set(entry.licenseText, add(key, [id], 'license', entry.name, entry.licenseText));
  }
  familyKeys();
  // The exceptions, from the list's XML source (data/licenses/exceptions/<SPDX id>.txt), and
  // the texts the package carries inside its deprecated `GPL-x-with-y-exception` entries where
  // they word it differently (the GCC exception as the FSF's own files have it: a second
  // reference of the same id).
  const exceptionTexts = new Map<string, string[]>();
  for (const name of textFiles(EXTRA_EXCEPTIONS)) {
    const exceptionId = idOfFile(name);
    const text = readFileSync(new URL(name, EXTRA_EXCEPTIONS), 'utf8');
    exceptionTexts.set(exceptionId, [...(exceptionTexts.get(exceptionId) ?? []), text]);
  }
  for (const [sourceId, exceptionId] of Object.entries(EXCEPTION_SOURCES)) {
    const entry = list[sourceId];
    if (!entry) continue;
    const text = entry.licenseText.replace(/^\s*insert .* here\s*$/im, '');
    const texts = exceptionTexts.get(exceptionId) ?? [];
    const words = normaliseForMatching(text).ids.join(' ');
    // First: of two wordings that fit a text equally, the first compared is reported, and this
    // one has the exception's title ("Class Path Exception") for the evidence's line range.
    if (!texts.some((t) => normaliseForMatching(t).ids.join(' ') === words)) exceptionTexts.set(exceptionId, [text, ...texts]);
  }
  for (const [exceptionId, texts] of [...exceptionTexts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const text of texts) add(exceptionId, [exceptionId], 'exception', manifest?.exceptions[exceptionId] ?? exceptionId, text);
  }
  const decoded = decodeReferences(words, refs);
  const lists = listShingles(decoded);
  for (const ref of decoded) refs[ref.index]!.shingleCount = ref.shingleCount;
  const shingles = { hashes: toBase64(lists.hashes), counts: toBase64(lists.counts), postings: toBase64(lists.postings) };
  return { format: 1, source, words, shingles, refs };
}

/** Serialises reference data the way the shipped file holds it (one reference per line). */
export function serializeReferenceData(data: ReferenceData): string {
  const head = JSON.stringify({ format: data.format, source: data.source, words: data.words, shingles: data.shingles });
  return `${head.slice(0, -1)},\n"refs":[\n${data.refs.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

/** GNU families whose -only or -or-later comes from a notice, not from the license text. */
export const VERSIONED_FAMILY = /^(?:(?:A|L)?GPL|GFDL)-\d\.\d$/;

// Passages the SPDX templates mark optional and copies often leave out: the Creative Commons
// disclaimers before and after the legal code. [first words, last words] (null: to the end).
const OPTIONAL_PASSAGES: Array<[string, string | null]> = [
  ['creative commons corporation is not a law firm', 'disclaims liability for damages resulting from its use'],
  ['creative commons corporation is not a law firm', 'disclaims liability for damages resulting from the use of this document or the information or works provided hereunder'],
  ['creative commons corporation creative commons is not a law firm', 'considerations for licensees'],
  // The 4.0 licenses: the disclaimer and "Using Creative Commons Public Licenses" before the legal code.
  ['creative commons corporation creative commons is not a law firm', 'more considerations for the public'],
  ['creative commons notice creative commons is not a party to this license', null],
  ['creative commons is not a party to this license', null],
  ['creative commons is not a party to its public licenses', null],
];
let passageIds: Array<[Int32Array, Int32Array | null]> | undefined;

function findWords(tokens: Int32Array, words: Int32Array, from: number, to: number): number {
  const first = words[0]!;
  for (let i = from; i + words.length <= to; i++) {
    if (tokens[i] !== first) continue;
    let k = 1;
    while (k < words.length && tokens[i + k] === words[k]) k++;
    if (k === words.length) return i;
  }
  return -1;
}

/** Marks the OPTIONAL_PASSAGES a reference holds (within its required text) optional. */
function markOptionalPassages(tokens: Int32Array, optional: Uint8Array, tailStart: number): void {
  passageIds ??= OPTIONAL_PASSAGES.map(([a, b]) => [Int32Array.from(a.split(' '), wordId), b ? Int32Array.from(b.split(' '), wordId) : null]);
  for (const [start, end] of passageIds) {
    const at = findWords(tokens, start, 0, tailStart);
    if (at < 0 || optional[at]) continue;
    let stop = tailStart;
    if (end) {
      const e = findWords(tokens, end, at + start.length, Math.min(tailStart, at + 400));
      if (e < 0) continue;
      stop = e + end.length;
    }
    optional.fill(1, at, stop);
  }
}

/** Turns stored references into in-memory ones, token ids in this process's dictionary. */
function decodeReferences(words: string[], stored: StoredReference[]): Reference[] {
  const remap = Int32Array.from(words, (w) => wordId(w));
  return stored.map((s, index) => {
    const local = fromBase64(s.tokens, Uint16Array);
    const n = local.length;
    const tokens = new Int32Array(n);
    for (let i = 0; i < n; i++) tokens[i] = remap[local[i]!]!;
    const optional = new Uint8Array(n);
    optional.fill(1, 0, s.titleEnd);
    optional.fill(1, s.tailStart, n);
    markOptionalPassages(tokens, optional, s.tailStart);
    let requiredCount = 0;
    for (let i = 0; i < n; i++) if (!optional[i]) requiredCount++;
    const versioned = VERSIONED_FAMILY.test(s.key);
    return { index, key: s.key, ids: s.ids, kind: s.kind, versioned, name: s.name, tokens, optional, titleEnd: s.titleEnd, tailStart: s.tailStart, requiredCount, shingleCount: s.shingleCount };
  });
}

/** Builds the in-memory index from reference data: references, shingle table, exact hashes. */
export function indexFromData(data: ReferenceData, started = performance.now()): ReferenceIndex {
  if (data.format !== 1 || !Array.isArray(data.words) || !Array.isArray(data.refs) || !data.shingles) throw new Error('license reference data: unknown format');
  const refs = decodeReferences(data.words, data.refs);
  const shingles = shingleTable({
    hashes: fromBase64(data.shingles.hashes, Uint32Array),
    counts: fromBase64(data.shingles.counts, Uint16Array),
    postings: fromBase64(data.shingles.postings, Uint16Array),
  });
  const exact = new Map<number, number[]>();
  const addExact = (h: number, i: number) => {
    const list = exact.get(h);
    if (!list) exact.set(h, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  for (const ref of refs) {
    addExact(hashTokens(ref.tokens), ref.index);
    addExact(hashTokens(ref.tokens, ref.titleEnd), ref.index);
    addExact(hashTokens(ref.tokens, 0, ref.tailStart), ref.index);
    addExact(hashTokens(ref.tokens, ref.titleEnd, ref.tailStart), ref.index);
  }
  const raw = new Map<number, number[]>();
  const rawTerms = new Map<number, number[]>();
  for (const [i, stored] of data.refs.entries()) {
    if (stored.kind !== 'license') continue;
    for (const [j, k] of stored.raw.entries()) {
      if (k < 0) continue;
      const map = j < 2 ? raw : rawTerms;
      const list = map.get(k);
      if (!list) map.set(k, [i]);
      else if (!list.includes(i)) list.push(i);
    }
  }
  const bodyStarts = new Map<number, number[]>();
  const bodyStartFlags = new Uint8Array(0x10000);
  for (const ref of refs) {
    // Short texts are left to the similarity search: a few words equal inside prose prove little.
    if (ref.requiredCount < EMBEDDED_MIN_TOKENS || ref.titleEnd + SHINGLE > ref.tailStart) continue;
    const h = shingleAt(ref.tokens, ref.titleEnd);
    bodyStartFlags[h & 0xffff] = 1;
    const list = bodyStarts.get(h);
    if (!list) bodyStarts.set(h, [ref.index]);
    else list.push(ref.index);
  }
  // A reference whose required text is the start of another's (MIT inside Xnet, which adds a
  // clause; Zlib inside Cube, which adds a first line and a clause) is no proof by itself when
  // the text goes on as the longer one does.
  const near = new Map<number, Array<[number, number]>>();
  for (const b of refs) {
    for (let at = b.titleEnd; at <= b.titleEnd + EXTENDED_WITHIN && at + SHINGLE <= b.tokens.length; at++) {
      const h = shingleAt(b.tokens, at);
      if (!bodyStarts.has(h)) continue;
      const list = near.get(h);
      if (!list) near.set(h, [[b.index, at]]);
      else list.push([b.index, at]);
    }
  }
  const extendedBy = new Map<number, Array<{ ref: number; at: number }>>();
  for (const [h, list] of bodyStarts) {
    for (const a of list) {
      // The longer one goes on past the shorter one's text.
      const longer = (near.get(h) ?? [])
        .filter(([b, at]) => b !== a && refs[b]!.tokens.length - at > refs[a]!.tailStart - refs[a]!.titleEnd && holdsBodyAt(refs[b]!, refs[a]!, at))
        .map(([ref, at]) => ({ ref, at }));
      if (longer.length > 0) extendedBy.set(a, longer);
    }
  }
  // A reference found inside another's text past its start (a short variant of an exception
  // inside the full one): the same, for words before it as well as after.
  const containedIn = new Map<number, Array<{ ref: number; at: number }>>();
  for (const b of refs) {
    for (let i = b.titleEnd + 1; i + SHINGLE <= b.tailStart; i++) {
      const h = shingleAt(b.tokens, i);
      if (!bodyStartFlags[h & 0xffff]) continue;
      for (const a of bodyStarts.get(h) ?? []) {
        if (a === b.index || !holdsBodyAt(b, refs[a]!, i)) continue;
        const list = containedIn.get(a);
        if (!list) containedIn.set(a, [{ ref: b.index, at: i }]);
        else list.push({ ref: b.index, at: i });
      }
    }
  }
  return { refs, shingles, exact, raw, rawTerms, bodyStarts, bodyStartFlags, extendedBy, containedIn, buildMs: performance.now() - started };
}

/** Says whether the required text of `a` is in the tokens of `b` at `at` (it may end where `b` ends). */
function holdsBodyAt(b: Reference, a: Reference, at: number): boolean {
  const len = a.tailStart - a.titleEnd;
  if (b.tokens.length - at < len) return false;
  for (let k = 0; k < len; k++) if (b.tokens[at + k] !== a.tokens[a.titleEnd + k]) return false;
  return true;
}

/** How far after its title a longer reference may start holding a shorter one's text. */
const EXTENDED_WITHIN = 24;

/** Returns the slots of a reference's shingles (computed once per reference). */
export function referenceSlots(index: ReferenceIndex, ref: Reference): Set<number> {
  if (!ref.slots) {
    const slots = new Set<number>();
    for (let i = 0; i + SHINGLE <= ref.tokens.length; i++) {
      if (ref.optional[i] || ref.optional[i + SHINGLE - 1]) continue;
      slots.add(slotOf(index.shingles, shingleAt(ref.tokens, i)));
    }
    ref.slots = slots;
  }
  return ref.slots;
}

let cached: ReferenceIndex | undefined;

/**
 * Returns the reference index, loading data/licenses/reference.json on first use (tens of
 * milliseconds; see buildMs). Without the file (a checkout that has not generated it) the data
 * is generated from the installed SPDX License List instead, which takes seconds.
 */
export function referenceIndex(): ReferenceIndex {
  if (!cached) {
    const started = performance.now();
    let data: ReferenceData;
    try {
      data = JSON.parse(readFileSync(REFERENCE_DATA, 'utf8')) as ReferenceData;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      data = generateReferenceData();
    }
    cached = indexFromData(data, started);
  }
  return cached;
}

/** Builds the reference index from the installed SPDX License List texts (what the data file holds). */
export function buildReferenceIndex(): ReferenceIndex {
  const started = performance.now();
  return indexFromData(generateReferenceData(), started);
}
