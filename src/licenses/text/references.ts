import { createRequire } from 'node:module';
import { normaliseForMatching, wordId, type TokenStream } from './normalize.js';

/**
 * The reference texts the matcher compares against: every non-deprecated license of the SPDX
 * License List (bundled in `spdx-license-list`, so matching works offline) and the exception
 * texts the list carries inside its deprecated `GPL-x-with-y-exception` entries.
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
  /** Index of the first token of the optional tail (tokens.length when there is none). */
  tailStart: number;
  requiredCount: number;
  /** Unique shingles (hashes of 3 consecutive tokens) over the required tokens. */
  shingles: Set<number>;
}

/** The reference table and its indexes. */
export interface ReferenceIndex {
  refs: Reference[];
  /** Shingle hash -> indexes of references holding it. */
  postings: Map<number, number[]>;
  /** Hash of a whole normalised text (several variants per reference) -> references. */
  exact: Map<number, number[]>;
  /** Milliseconds it took to build. */
  buildMs: number;
}

/** The number of tokens in a shingle. */
export const SHINGLE = 3;

/** Hashes the shingle that starts at `i`. */
export function shingleAt(ids: Int32Array, i: number): number {
  return (Math.imul(ids[i]!, 73856093) ^ Math.imul(ids[i + 1]!, 19349663) ^ Math.imul(ids[i + 2]!, 83492791)) >>> 0;
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

/** Marks the title (a short first paragraph) and the tail after END OF TERMS as optional. */
function optionalMask(text: string, stream: TokenStream): { optional: Uint8Array; tailStart: number } {
  const n = stream.ids.length;
  const optional = new Uint8Array(n);
  // Title: the first paragraph holding tokens, when it is short and reads like a heading.
  if (n > 0) {
    const rawLines = text.split(/\r\n|\r|\n/);
    const first = stream.lines[0]!;
    let last = first;
    while (last < rawLines.length && rawLines[last]!.trim() !== '') last++;
    let count = 0;
    while (count < n && stream.lines[count]! <= last) count++;
    const trimmed = rawLines.slice(first - 1, last).join(' ').trim();
    if (count <= 16 && (!/[.:]$/.test(trimmed) || count <= 4)) optional.fill(1, 0, count);
  }
  let tailStart = n;
  const end = END_OF_TERMS.map(wordId);
  for (let i = 0; i + end.length <= n; i++) {
    if (end.every((w, j) => stream.ids[i + j] === w)) {
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
  for (let i = tailStart; i < n; i++) optional[i] = 1;
  return { optional, tailStart };
}

function makeReference(index: number, key: string, ids: string[], kind: Reference['kind'], name: string, text: string): Reference {
  const stream = normaliseForMatching(text);
  const { optional, tailStart } = optionalMask(text, stream);
  const shingles = new Set<number>();
  let requiredCount = 0;
  for (let i = 0; i < stream.ids.length; i++) if (!optional[i]) requiredCount++;
  for (let i = 0; i + SHINGLE <= stream.ids.length; i++) if (!optional[i] && !optional[i + SHINGLE - 1]) shingles.add(shingleAt(stream.ids, i));
  const versioned = /^(?:A|L)?GPL-\d\.\d$/.test(key);
  return { index, key, ids, kind, versioned, name, tokens: stream.ids, optional, tailStart, requiredCount, shingles };
}

let cached: ReferenceIndex | undefined;

/** Returns the reference index, building it on first use (about a second's fraction; see buildMs). */
export function referenceIndex(): ReferenceIndex {
  if (!cached) cached = buildReferenceIndex();
  return cached;
}

/** Builds the reference index from the bundled SPDX License List texts. */
export function buildReferenceIndex(): ReferenceIndex {
  const started = performance.now();
  const require = createRequire(import.meta.url);
  const list = require('spdx-license-list/full.js') as Record<string, ListEntry>;
  const deprecated = new Set<string>(require('spdx-license-ids/deprecated.json') as string[]);
  const refs: Reference[] = [];
  const byText = new Map<string, Reference>();
  const ids = Object.keys(list).sort();
  for (const id of ids) {
    const entry = list[id]!;
    if (deprecated.has(id) || id.endsWith('+') || !entry.licenseText || entry.licenseText.length < 40) continue;
    // -only and -or-later share one text; the notice decides between them.
    const key = id.replace(/-(?:only|or-later)$/, '');
    const existing = byText.get(entry.licenseText);
    if (existing) {
      existing.ids.push(id);
      continue;
    }
    const ref = makeReference(refs.length, key, [id], 'license', entry.name, entry.licenseText);
    refs.push(ref);
    byText.set(entry.licenseText, ref);
  }
  for (const [source, exceptionId] of Object.entries(EXCEPTION_SOURCES)) {
    const entry = list[source];
    if (!entry) continue;
    const text = entry.licenseText.replace(/^\s*insert .* here\s*$/im, '');
    refs.push(makeReference(refs.length, exceptionId, [exceptionId], 'exception', exceptionId, text));
  }
  const postings = new Map<number, number[]>();
  const exact = new Map<number, number[]>();
  const addExact = (h: number, i: number) => {
    const list = exact.get(h);
    if (!list) exact.set(h, [i]);
    else if (!list.includes(i)) list.push(i);
  };
  for (const ref of refs) {
    for (const h of ref.shingles) {
      const list = postings.get(h);
      if (list) list.push(ref.index);
      else postings.set(h, [ref.index]);
    }
    const n = ref.tokens.length;
    let titleEnd = 0;
    while (titleEnd < n && ref.optional[titleEnd] && titleEnd < ref.tailStart) titleEnd++;
    addExact(hashTokens(ref.tokens), ref.index);
    addExact(hashTokens(ref.tokens, titleEnd), ref.index);
    addExact(hashTokens(ref.tokens, 0, ref.tailStart), ref.index);
    addExact(hashTokens(ref.tokens, titleEnd, ref.tailStart), ref.index);
  }
  return { refs, postings, exact, buildMs: performance.now() - started };
}
