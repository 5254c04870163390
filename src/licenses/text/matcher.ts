import { alignTokens, anchorsOf, gramHashes, type Hunk } from './diff.js';
import { normaliseForMatching, normalisedWords, rawTextKeys, tokenize, wordId, wordOf, type TokenStream } from './normalize.js';
import { findNotices } from './notices.js';
import { matchTemplate, templateOf } from './templates.js';
import { SHINGLE, VERSIONED_FAMILY, hashTokens, referenceIndex, referenceSlots, shingleAt, slotOf, type Reference, type ReferenceIndex } from './references.js';

/** The confidence at and above which a match is accepted as that license. */
export const ACCEPT_THRESHOLD = 0.9;
/** Below this, a resemblance is not worth reporting even as unknown. */
export const UNKNOWN_FLOOR = 0.3;
/** An unknown similarity match over fewer tokens than this gives way to a notice found in it. */
const SHORT_UNKNOWN_TOKENS = 40;
/** The id reported for license text that resembles a known license but was modified. */
export const UNKNOWN_LICENSE = 'LicenseRef-unknown';

/** How a text match was made. */
export type TextMatchMethod = 'exact' | 'similarity' | 'notice' | 'reference' | 'url';

/** One license (or exception) found in a text. */
export interface TextMatch {
  /** An SPDX id or expression (`GPL-2.0-or-later`), or LicenseRef-unknown. */
  expression: string;
  /** 0 to 1. */
  confidence: number;
  method: TextMatchMethod;
  /** 1-based inclusive line range of the matched text. */
  startLine: number;
  endLine: number;
  /** For an unknown match: the closest known license and its score. */
  candidate?: { expression: string; score: number };
  /** What differs from the reference when it was not exact (for people reading evidence). */
  differences?: string[];
  /** Internal: an exception to combine with a license using WITH. */
  kind: 'license' | 'exception';
}

/** Everything the matcher concluded about one text. */
export interface TextIdentification {
  /** The SPDX expression for the whole text, or null when no license text was found. */
  license: string | null;
  confidence: number;
  matches: TextMatch[];
}

// Words whose insertion or removal changes what a license grants, however short the change.
const CRITICAL = new Set(
  [
    'not', 'no', 'never', 'nor', 'non', 'without', 'except', 'only', 'unless', 'prohibited', 'forbidden', 'must', 'shall',
    'commercial', 'noncommercial', 'military', 'evil', 'restrict', 'restricted', 'restriction', 'restrictions', 'exclusively',
    'fee', 'fees', 'royalty', 'pay', 'revoke', 'revoked', 'terminate', 'personal', 'educational', 'solely', 'academic',
    'evaluation', 'harm', 'permission', 'granted', 'grant', 'free', 'charge', 'warranty', 'warranties', 'liable', 'liability',
  ].map((w) => w),
);

// Words of the placeholders license texts leave for a name ("THE COPYRIGHT HOLDERS AND
// CONTRIBUTORS", "the AUTHOR", "the Regents"): a run of only these, replaced by a short name,
// is the license filled in, not changed (the SPDX templates mark such runs as variable text).
const HOLDER_WORDS = new Set(['the', 'copyright', 'holder', 'holders', 'owner', 'owners', 'author', 'authors', 'contributors', 'contributor', 'and', 'or', 'its', 'their', 'regents', 'university', 'of', 'california', 'name', 'organization', 'licensor']);
const HOLDER_HEADS = new Set(['holder', 'holders', 'owner', 'owners', 'author', 'authors', 'contributors', 'regents', 'organization', 'licensor']);
let holderIds: { words: Set<number>; heads: Set<number> } | undefined;
function holders(): { words: Set<number>; heads: Set<number> } {
  holderIds ??= { words: new Set([...HOLDER_WORDS].map(wordId)), heads: new Set([...HOLDER_HEADS].map(wordId)) };
  return holderIds;
}
/** The most words a name put in place of a placeholder may have. */
const NAME_WORDS = 8;
/** Pure insertions up to this many words without a critical word are minor (an optional phrase). */
const MINOR_INSERTION = 6;
/** The most words an inserted copyright notice may have. */
const NOTICE_WORDS = 40;
/** Required words from which a license counts as long (a preamble or opening notice of its own). */
const LONG_LICENSE = 1000;

let noticeIds: { copyright: number; all: number; rights: number; reserved: number } | undefined;
/**
 * Says whether input tokens [from, to) read as a copyright notice: they hold the word
 * "copyright" (or `(c)`, tokenized as it) or "all rights reserved".
 */
function isCopyrightNotice(ids: Int32Array, from: number, to: number): boolean {
  noticeIds ??= { copyright: wordId('copyright'), all: wordId('all'), rights: wordId('rights'), reserved: wordId('reserved') };
  const { copyright, all, rights, reserved } = noticeIds;
  for (let i = from; i < to; i++) {
    if (ids[i] === copyright) return true;
    if (ids[i] === all && ids[i + 1] === rights && ids[i + 2] === reserved && i + 2 < to) return true;
  }
  return false;
}

/** Says whether reference tokens [from, to) are years followed by at most a few words of a name. */
function isYearsAndName(tokens: Int32Array, from: number, to: number): boolean {
  let years = 0;
  let i = from;
  for (; i < to && /^(?:19|20)\d\d$/.test(wordOf(tokens[i]!)); i++) years++;
  return years >= 2 && to - i <= 4;
}

/** Says whether reference tokens [from, to) all occur in the reference's title. */
function titleWordsOnly(ref: Reference, from: number, to: number): boolean {
  if (ref.titleEnd === 0 || from < ref.titleEnd) return false;
  for (let i = from; i < to; i++) if (!ref.tokens.subarray(0, ref.titleEnd).includes(ref.tokens[i]!)) return false;
  return true;
}

/** Says whether the input word at `at` (just after a match) is the start of the reference word `expected` only: the text was cut off there. */
function cutInsideWord(expected: number, ids: Int32Array, at: number): boolean {
  if (at >= ids.length || ids[at] === expected) return false;
  const want = wordOf(expected);
  const got = wordOf(ids[at]!);
  return got.length >= 2 && got.length < want.length && want.startsWith(got);
}

// Verbs of obligation a license may use for one another.
const MODALS = ['shall', 'must', 'will'];
let modalIds: Set<number> | undefined;
function isModal(id: number): boolean {
  modalIds ??= new Set(MODALS.map(wordId));
  return modalIds.has(id);
}

let criticalIds: Set<number> | undefined;
function critical(): Set<number> {
  if (!criticalIds) criticalIds = new Set([...CRITICAL].map(wordId));
  return criticalIds;
}

interface Evaluation {
  ref: Reference;
  /** Token range [start, end) of the input the reference covers. */
  start: number;
  end: number;
  confidence: number;
  matchedRequired: number;
  modified: boolean;
  differences: string[];
  /** Input position of the first word matching a required (not title) word of the reference. */
  coreStart: number;
  /** The input words put in where the text differs (insertions not forgiven), at most 200. */
  added?: number[];
}

function describeHunk(h: Hunk, ref: Reference, input: Int32Array): string {
  const words = (ids: Int32Array, a: number, b: number) => {
    const out: string[] = [];
    for (let i = a; i < Math.min(b, a + 12); i++) out.push(wordOf(ids[i]!));
    return out.join(' ') + (b - a > 12 ? ' …' : '');
  };
  if (h.aEnd === h.aStart) return `added "${words(input, h.bStart, h.bEnd)}"`;
  if (h.bEnd === h.bStart) return `removed "${words(ref.tokens, h.aStart, h.aEnd)}"`;
  return `"${words(ref.tokens, h.aStart, h.aEnd)}" became "${words(input, h.bStart, h.bEnd)}"`;
}

const NEGATIONS_OUT = ['neither'];
const NEGATIONS_IN = ['not', 'none', 'no'];
/** The most reference words between two hunks of one reworded clause. */
const CLAUSE_GAP = 4;
let negationIds: { out: Set<number>; in: Set<number>; nor: number; extra: Set<number> } | undefined;

/**
 * Finds runs of hunks that reword a "neither ... nor ... may" clause as "... may not" (or
 * "None of ... may") with a name put in for the holder: the SPDX templates accept both forms
 * ("Neither the name of the copyright holder nor the names of its contributors may be used"
 * and "The name of <holder> may not be used"). A run qualifies when it takes out the "neither"
 * (and "nor") and puts in one negation, and otherwise takes out only placeholder words and puts
 * in at most a name. Returns the hunks of the qualifying runs.
 */
function rewordedNegations(hunks: Hunk[], ref: Reference, input: Int32Array): Set<Hunk> {
  const out = new Set<Hunk>();
  negationIds ??= {
    out: new Set(NEGATIONS_OUT.map(wordId)),
    in: new Set(NEGATIONS_IN.map(wordId)),
    nor: wordId('nor'),
    extra: new Set(['name', 'names', 'may', 'be', 'used'].map(wordId)),
  };
  const neg = negationIds;
  const { words: holderWords } = holders();
  const crit = critical();
  for (let i = 0; i < hunks.length; ) {
    let j = i + 1;
    while (j < hunks.length && hunks[j]!.aStart - hunks[j - 1]!.aEnd <= CLAUSE_GAP && hunks[j]!.bStart - hunks[j - 1]!.bEnd <= CLAUSE_GAP) j++;
    let removed = 0;
    let added = 0;
    let nameWords = 0;
    let ok = true;
    for (let k = i; k < j && ok; k++) {
      const h = hunks[k]!;
      for (let a = h.aStart; a < h.aEnd; a++) {
        const t = ref.tokens[a]!;
        if (neg.out.has(t)) removed++;
        else if (t !== neg.nor && !holderWords.has(t) && !neg.extra.has(t)) ok = false;
      }
      for (let b = h.bStart; b < h.bEnd; b++) {
        const t = input[b]!;
        if (neg.in.has(t)) added++;
        else if (crit.has(t)) ok = false;
        else nameWords++;
      }
    }
    if (ok && removed === 1 && added === 1 && nameWords <= NAME_WORDS + 2) for (let k = i; k < j; k++) out.add(hunks[k]!);
    i = j;
  }
  return out;
}

/** Says whether two token runs spell the same letters once their word breaks are removed. */
function sameLetters(a: Int32Array, aFrom: number, aTo: number, b: Int32Array, bFrom: number, bTo: number): boolean {
  let x = '';
  for (let i = aFrom; i < aTo; i++) x += wordOf(a[i]!);
  let y = '';
  for (let i = bFrom; i < bTo; i++) y += wordOf(b[i]!);
  return x === y;
}

/** Finds the densest window of input positions holding the reference's shingles. */
function locate(index: ReferenceIndex, ref: Reference, slots: Int32Array, masked: Uint8Array): { start: number; end: number; hits: number } | undefined {
  const positions: number[] = [];
  const mine = referenceSlots(index, ref);
  for (let i = 0; i < slots.length; i++) if (!masked[i] && slots[i]! >= 0 && mine.has(slots[i]!)) positions.push(i);
  if (positions.length === 0) return undefined;
  const span = Math.ceil(ref.tokens.length * 1.3) + 20;
  let best = 0;
  let bestL = 0;
  let bestR = 0;
  for (let l = 0, r = 0; r < positions.length; r++) {
    while (positions[r]! - positions[l]! > span) l++;
    if (r - l + 1 > best) {
      best = r - l + 1;
      bestL = l;
      bestR = r;
    }
  }
  return { start: positions[bestL]!, end: positions[bestR]! + SHINGLE, hits: best };
}

/** Compares a reference with the input near where its shingles cluster, and scores the match. */
function evaluate(index: ReferenceIndex, ref: Reference, stream: TokenStream, slots: Int32Array, masked: Uint8Array, grams: () => Uint32Array): Evaluation | undefined {
  const n = stream.ids.length;
  const where = locate(index, ref, slots, masked);
  if (!where) return undefined;
  // Hits count positions: a text holding the license twice has twice its shingles.
  const containment = Math.min(1, where.hits / Math.max(1, ref.shingleCount));
  if (containment < 0.4) return undefined;
  // Widen the window so text missing from either end shows up as a difference, but never into
  // text another match already took.
  const slack = 12;
  let from = Math.max(0, where.start - slack);
  let to = Math.min(n, where.end + slack);
  for (let i = where.start - 1; i >= from; i--) if (masked[i]) { from = i + 1; break; }
  for (let i = where.end; i < to; i++) if (masked[i]) { to = i; break; }
  const maxEdits = Math.ceil(ref.tokens.length * 0.3) + 2 * slack + 40;
  // A tail longer than the license itself (the GPL 3.0 after the Lesser GPL 3.0) is compared
  // only when the input is long enough to hold it.
  const tailOnly = ref.tokens.length - ref.tailStart > ref.requiredCount && to - from < ref.tokens.length * 0.6;
  const refTokens = tailOnly ? ref.tokens.subarray(0, ref.tailStart) : ref.tokens;
  const anchors = tailOnly ? (ref.bodyAnchors ??= anchorsOf(refTokens)) : (ref.anchors ??= anchorsOf(ref.tokens));
  const diff = alignTokens(refTokens, stream.ids, from, to, maxEdits, anchors, grams());
  if (!diff) {
    return { ref, start: where.start, end: where.end, confidence: containment * 0.6, matchedRequired: 0, modified: true, differences: ['too different to compare word by word'], coreStart: where.start };
  }
  const hunks = diff.hunks;
  // Input before the first and after the last matched word is outside the license.
  let start = from;
  let end = to;
  const first = hunks[0];
  if (first && first.aStart === 0 && first.bStart === from) {
    start = first.bEnd;
    first.bEnd = first.bStart = start;
  }
  const last = hunks[hunks.length - 1];
  if (last && last.aEnd === refTokens.length && last.bEnd === to) {
    end = last.bStart;
    last.bStart = last.bEnd = end;
  }
  const crit = critical();
  const { words: holderWords, heads: holderHeads } = holders();
  let matchedRequired = 0;
  let unforgiven = 0;
  let modified = false;
  const differences: string[] = [];
  let requiredDeleted = 0;
  const added: number[] = [];
  const reworded = rewordedNegations(hunks, ref, stream.ids);
  for (const h of hunks) {
    let delReq = 0;
    let delCritical = false;
    let placeholder = h.aEnd > h.aStart;
    let head = false;
    for (let i = h.aStart; i < h.aEnd; i++) {
      const t = ref.tokens[i]!;
      if (!holderWords.has(t)) placeholder = false;
      if (holderHeads.has(t)) head = true;
      if (ref.optional[i]) continue;
      delReq++;
      if (crit.has(t)) delCritical = true;
    }
    const ins = h.bEnd - h.bStart;
    // Differences inside the optional tail (an appendix filled in differently) do not count.
    const inTail = h.aStart >= ref.tailStart || (delReq === 0 && h.aStart > 0 && ref.optional[h.aStart - 1] === 1 && ref.optional[Math.min(h.aStart, ref.tokens.length - 1)] === 1);
    if (delReq === 0 && ins === 0) continue;
    let insCritical = false;
    for (let i = h.bStart; i < h.bEnd; i++) if (crit.has(stream.ids[i]!)) insCritical = true;
    // One modal verb of obligation for another ("shall be included" as "must be included"):
    // the same duty in other words, not a changed term.
    if (delReq === 1 && ins === 1 && h.aEnd - h.aStart === 1 && isModal(ref.tokens[h.aStart]!) && isModal(stream.ids[h.bStart]!)) {
      insCritical = false;
      delCritical = false;
    }
    // ... unless what was put there reads as a restriction.
    if (inTail && !(insCritical && RESTRICTIVE.test(normalisedWords(stream, h.bStart, h.bEnd)))) continue;
    // A word split or words run together by reformatting ("docume ntation", "notlimited") are
    // the same letters: layout, not terms.
    if (delReq > 0 && ins > 0 && delReq + ins <= 6 && sameLetters(ref.tokens, h.aStart, h.aEnd, stream.ids, h.bStart, h.bEnd)) continue;
    // A placeholder filled in with a name ("THE AUTHOR" -> "THE Widget Authors") costs nothing.
    if (placeholder && head && ins >= 1 && ins <= NAME_WORDS && !insCritical) continue;
    // A copyright notice put into the text, or one the license quotes left out (SPDX matching
    // guidelines B.10: notices are not license terms), costs nothing.
    if (delReq === 0 && ins > 0 && ins <= NOTICE_WORDS && !insCritical && isCopyrightNotice(stream.ids, h.bStart, h.bEnd)) continue;
    if (ins === 0 && delReq > 0 && !delCritical && isYearsAndName(ref.tokens, h.aStart, h.aEnd)) continue;
    requiredDeleted += delReq;
    unforgiven += ins;
    for (let i = h.bStart; i < h.bEnd && added.length < 200; i++) added.push(stream.ids[i]!);
    const minor =
      !insCritical &&
      !delCritical &&
      (Math.max(delReq, ins) <= 3 ||
        (delReq >= 1 && delReq <= 4 && ins <= 12) ||
        (delReq === 0 && ins <= MINOR_INSERTION) ||
        // A closing line left out ("For more information, please refer to <http://unlicense.org>"),
        // or an opening one: the terms between are all there.
        // ... not a text cut off inside a word ("... ARISING FROM, OUT OF OR IN CONNECTIO"): truncated.
        (ins === 0 && delReq <= ref.requiredCount * 0.1 && (h.aStart <= ref.titleEnd || (h.aEnd >= ref.tailStart && !cutInsideWord(ref.tokens[h.aStart]!, stream.ids, end)))) ||
        // A heading repeated inside the license left out ("GNU LIBRARY GENERAL PUBLIC LICENSE"
        // above the terms): only words of its title.
        (ins === 0 && delReq <= MINOR_INSERTION && titleWordsOnly(ref, h.aStart, h.aEnd)));
    // The opening notice of a long license left out ("Everyone is permitted to copy and
    // distribute verbatim copies of this license document, but changing it is not allowed"):
    // a whole leading passage gone, not a word taken out of a term, so its "not" inverts nothing.
    const opening = delCritical && !insCritical && ins === 0 && h.aStart <= ref.titleEnd && delReq >= 8 && ref.requiredCount >= LONG_LICENSE && delReq <= ref.requiredCount * 0.05;
    if (!minor && !opening && !reworded.has(h)) modified = true;
    if (differences.length < 5) differences.push(describeHunk(h, ref, stream.ids));
  }
  matchedRequired = ref.requiredCount - requiredDeleted;
  // Where the license body begins: a notice above it that shares words with the title stays
  // visible to the notice search.
  let coreStart = start;
  {
    let a = 0;
    let b = from;
    for (const h of [...hunks, { aStart: refTokens.length, aEnd: refTokens.length, bStart: to, bEnd: to }]) {
      let found = false;
      for (; a < h.aStart; a++, b++) {
        if (!ref.optional[a]) {
          coreStart = b;
          found = true;
          break;
        }
      }
      if (found) break;
      a = h.aEnd;
      b = h.bEnd;
    }
  }
  let confidence = Math.max(0, matchedRequired) / (ref.requiredCount + unforgiven);
  if (modified) confidence = Math.min(confidence, 0.8) * Math.max(0.5, confidence);
  return { ref, start, end, confidence, matchedRequired, modified, differences, coreStart, added };
}

/** The shingle-table slot of each input shingle (-1 where no reference holds it or the input is masked). */
function shingleSlots(index: ReferenceIndex, ids: Int32Array, masked: Uint8Array): Int32Array {
  const n = ids.length;
  const out = new Int32Array(Math.max(0, n - SHINGLE + 1));
  for (let i = 0; i + SHINGLE <= n; i++) out[i] = masked[i] ? -1 : slotOf(index.shingles, shingleAt(ids, i));
  return out;
}

// Scratch space for candidates(), reused across calls (the matcher is synchronous).
let stamp = new Int32Array(0);
let stampNow = 0;
let counts = new Int32Array(0);

/**
 * Ranks references by containment: the share of their shingles the unmasked input holds. Only
 * the close ones are worth a word-by-word comparison.
 */
function candidates(index: ReferenceIndex, slots: Int32Array, masked: Uint8Array): Array<{ ref: Reference; containment: number }> {
  const { start, postings } = index.shingles;
  if (stamp.length !== start.length) {
    stamp = new Int32Array(start.length);
    stampNow = 0;
  }
  if (counts.length < index.refs.length) counts = new Int32Array(index.refs.length);
  if (++stampNow === 0x7fffffff) {
    stamp.fill(0);
    stampNow = 1;
  }
  const touched: number[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (slot < 0 || masked[i] || stamp[slot] === stampNow) continue;
    stamp[slot] = stampNow;
    for (let p = start[slot]!, end = start[slot + 1]!; p < end; p++) {
      const r = postings[p]!;
      if (counts[r]!++ === 0) touched.push(r);
    }
  }
  const ranked: Array<{ ref: Reference; containment: number }> = [];
  for (const r of touched) {
    const c = counts[r]!;
    counts[r] = 0;
    const ref = index.refs[r]!;
    // From 0.3: the closest are compared word by word (from 0.6), and the templates of the
    // rest tried, whose plain text may hold optional parts the input leaves out.
    if (c >= 3 && c >= ref.shingleCount * 0.3) ranked.push({ ref, containment: c / ref.shingleCount });
  }
  ranked.sort((a, b) => b.containment - a.containment || b.ref.requiredCount - a.ref.requiredCount || a.ref.index - b.ref.index);
  return ranked;
}

/** A reference found verbatim inside a longer text. */
interface Embedded {
  ref: Reference;
  /** Token range [start, end) it covers, its title included when the text has it. */
  start: number;
  end: number;
  /** False when the optional tail (after END OF TERMS AND CONDITIONS) differs or is missing. */
  wholeTail: boolean;
}

/**
 * Finds references whose required text appears token for token in the stream, starting where a
 * reference's first three required words do. Exact only: anything else is the similarity
 * search's to judge. Cost: one typed-array test per position, plus a comparison on a hit.
 */
function findEmbedded(index: ReferenceIndex, stream: TokenStream): Embedded[] {
  const ids = stream.ids;
  const n = ids.length;
  const found: Embedded[] = [];
  const flags = index.bodyStartFlags;
  for (let i = 0; i + SHINGLE <= n; i++) {
    const h = shingleAt(ids, i);
    if (!flags[h & 0xffff]) continue;
    const starting = index.bodyStarts.get(h);
    if (!starting) continue;
    let best: Embedded | undefined;
    for (const r of starting) {
      const ref = index.refs[r]!;
      const tokens = ref.tokens;
      const bodyLen = ref.tailStart - ref.titleEnd;
      if (i + bodyLen > n) continue;
      let k = 0;
      while (k < bodyLen && ids[i + k] === tokens[ref.titleEnd + k]) k++;
      if (k < bodyLen) continue;
      let end = i + bodyLen;
      if (continuesAsLonger(index, ref, ids, end) || insideLonger(index, ref, ids, i, end)) continue;
      let t = ref.tailStart;
      while (t < tokens.length && end < n && ids[end] === tokens[t]) {
        t++;
        end++;
      }
      let start = i;
      for (let h = ref.titleEnd - 1; h >= 0 && start > 0 && ids[start - 1] === tokens[h]; h--) start--;
      if (!best || end - start > best.end - best.start) best = { ref, start, end, wholeTail: t === tokens.length };
    }
    if (best) {
      found.push(best);
      i = best.end - 1;
    }
  }
  return found;
}

/**
 * Says whether the text after a verbatim `ref` reads like the rest of a longer reference that
 * starts with it (two of the next four words as there): then the similarity search decides.
 */
function continuesAsLonger(index: ReferenceIndex, ref: Reference, ids: Int32Array, at: number): boolean {
  for (const { ref: b, at: bodyAt } of index.extendedBy.get(ref.index) ?? []) {
    const longer = index.refs[b]!;
    const off = bodyAt + (ref.tailStart - ref.titleEnd);
    let same = 0;
    for (let k = 0; k < 4 && at + k < ids.length && off + k < longer.tokens.length; k++) if (ids[at + k] === longer.tokens[off + k]) same++;
    if (same >= 2) return true;
  }
  return false;
}

/**
 * Says whether the words around a verbatim `ref` at input [start, end) read like the rest of a
 * longer reference that holds it further on (two of the four words before or after as there):
 * then the similarity search decides, and the longer one explains more of the text.
 */
function insideLonger(index: ReferenceIndex, ref: Reference, ids: Int32Array, start: number, end: number): boolean {
  const len = ref.tailStart - ref.titleEnd;
  for (const { ref: b, at } of index.containedIn.get(ref.index) ?? []) {
    const longer = index.refs[b]!.tokens;
    let before = 0;
    let after = 0;
    for (let k = 1; k <= 4; k++) {
      if (start - k >= 0 && at - k >= 0 && ids[start - k] === longer[at - k]) before++;
      if (end + k - 1 < ids.length && at + len + k - 1 < longer.length && ids[end + k - 1] === longer[at + len + k - 1]) after++;
    }
    if (before >= 2 || after >= 2) return true;
  }
  return false;
}

const MAX_ROUNDS = 8;

/** Finds every license and exception text in `text` (which may hold other prose too). */
export function matchLicenseText(text: string, index: ReferenceIndex = referenceIndex()): TextMatch[] {
  // Fast path: the whole text is a license as published (give or take its title, copyright
  // lines, wrapping and punctuation) — the common LICENSE file — found without tokenizing.
  const keys = rawTextKeys(text);
  // A first line of a few words is skipped as a title ("The MIT License (MIT)"), unless it
  // reads like terms ("For non-commercial use only."): then the full comparison judges it.
  const titleSafe = keys.firstWords <= 10 && !TERMS_IN_TITLE.test(firstParagraph(text));
  const verbatim = rawHit(index, keys.whole) ?? (titleSafe ? rawHit(index, keys.rest) : undefined);
  if (verbatim) {
    const matches: TextMatch[] = [{ expression: verbatim.key, confidence: 1, method: 'exact', startLine: keys.startLine, endLine: keys.endLine, kind: verbatim.kind }];
    resolveVersions(matches, []);
    return matches;
  }
  // The same up to END OF TERMS AND CONDITIONS (a GNU or Apache license whose optional
  // appendix was left out or filled in): only the rest is tokenized, and searched for an
  // exception or another license as usual.
  const terms = keys.terms;
  const head = terms && (rawHit(index, terms.whole, index.rawTerms) ?? (titleSafe && terms.line !== keys.startLine ? rawHit(index, terms.rest, index.rawTerms) : undefined));
  if (head && terms) {
    const lineStart = text.lastIndexOf('\n', terms.offset - 1) + 1;
    const tail = tokenize(text, { from: lineStart, firstLine: terms.line });
    const at = endOfTerms(tail.ids);
    if (at >= 0) {
      const stream = { ids: tail.ids.subarray(at), lines: tail.lines.subarray(at) };
      return matchTokens(stream, index, { ref: head, startLine: keys.startLine, endLine: terms.lastLine, tokens: head.tailStart });
    }
  }
  const stream = normaliseForMatching(text);
  return matchTokens(stream, index);
}

// Words a title never holds but terms do.
const TERMS_IN_TITLE = /\b(?:not|only|non-?commercial|personal|prohibit\w*|restrict\w*|military|must|shall|fees?|pay|solely)\b/i;

/** The start of a text up to its first blank line after some words (at most 600 characters). */
function firstParagraph(text: string): string {
  const head = text.slice(0, 600);
  const m = /\S[^]*?(?:\n[ \t]*\r?\n|$)/.exec(head);
  return m ? m[0] : head;
}

function rawHit(index: ReferenceIndex, key: number, map = index.raw): Reference | undefined {
  const hits = map.get(key);
  return hits ? index.refs[hits[0]!] : undefined;
}

/** A license matched exactly, by its raw keys, before the tokens a matcher is given. */
interface ExactPrefix {
  ref: Reference;
  startLine: number;
  endLine: number;
  /** About how many tokens it holds. */
  tokens: number;
}

function lineRange(stream: TokenStream, start: number, end: number): { startLine: number; endLine: number } {
  return { startLine: stream.lines[start] ?? 1, endLine: stream.lines[Math.max(start, end - 1)] ?? 1 };
}

function exactMatch(stream: TokenStream, index: ReferenceIndex): { ref: Reference; end: number } | undefined {
  const n = stream.ids.length;
  const tryHash = (from: number, to: number) => {
    const hits = index.exact.get(hashTokens(stream.ids, from, to));
    if (!hits) return undefined;
    for (const r of hits) {
      const ref = index.refs[r]!;
      if (ref.kind === 'license') return ref;
    }
    return undefined;
  };
  const whole = tryHash(0, n);
  if (whole) return { ref: whole, end: n };
  let found: Reference | undefined;
  // Skip a title line of a few words ("The MIT License (MIT)") the reference may not have.
  const firstLine = stream.lines[0];
  let title = 0;
  while (title < n && stream.lines[title] === firstLine) title++;
  if (title > 10 || title >= n) title = 0;
  const crit = critical();
  for (let i = 0; i < title; i++) if (crit.has(stream.ids[i]!)) title = 0;
  if (title > 0) found = tryHash(title, n);
  if (found) return { ref: found, end: n };
  // The text after END OF TERMS AND CONDITIONS is optional (an appendix filled in or left out);
  // it may also hold an exception or another license, so the caller still searches it.
  const end = endOfTerms(stream.ids);
  if (end > 0) found = tryHash(0, end) ?? (title > 0 ? tryHash(title, end) : undefined);
  return found ? { ref: found, end } : undefined;
}

function endOfTerms(ids: Int32Array): number {
  const words = ['end', 'of', 'terms', 'and', 'conditions'].map(wordId);
  const first = words[0]!;
  for (let i = 0; i + words.length <= ids.length; i++) {
    if (ids[i] !== first) continue;
    if (words.every((w, j) => ids[i + j] === w)) return i;
  }
  return -1;
}

/** Matches a token stream against the references (see matchLicenseText). */
export function matchTokens(stream: TokenStream, index: ReferenceIndex = referenceIndex(), prefix?: ExactPrefix): TextMatch[] {
  const n = stream.ids.length;
  if (n === 0 && !prefix) return [];
  const matches: TextMatch[] = [];
  const masked = new Uint8Array(n);
  let noticeMask = masked;
  const shortUnknown = new Set<TextMatch>();
  if (prefix) {
    const { ref, startLine, endLine } = prefix;
    matches.push({ expression: ref.key, confidence: 1, method: 'exact', startLine, endLine, kind: ref.kind });
  }
  const exact = prefix ? undefined : exactMatch(stream, index);
  if (exact) {
    masked.fill(1, 0, exact.end);
    matches.push({ expression: exact.ref.key, confidence: 1, method: 'exact', ...lineRange(stream, 0, exact.end), kind: exact.ref.kind });
  }
  if (!exact || exact.end < n) {
    let gramCache: Uint32Array | undefined;
    const grams = () => (gramCache ??= gramHashes(stream.ids));
    // After an exact match the optional tail (GPL "how to apply", with its "or any later
    // version" template) must not read as a notice; after none, notices are searched everywhere.
    noticeMask = exact || prefix ? new Uint8Array(n).fill(1) : new Uint8Array(n);
    const rejected = new Set<number>();
    // A license pasted verbatim inside other text (a README's License section): found by its
    // first words and compared token by token, without the similarity search.
    if (!exact && !prefix) {
      for (const e of findEmbedded(index, stream)) {
        masked.fill(1, e.start, e.end);
        // A GNU text whose "how to apply" tail was changed: what follows may be that tail, whose
        // "or any later version" template is not the project's notice.
        noticeMask.fill(1, e.start, e.wholeTail || !e.ref.versioned ? e.end : n);
        rejected.add(e.ref.index);
        matches.push({ expression: e.ref.key, confidence: 1, method: 'exact', ...lineRange(stream, e.start, e.end), kind: e.ref.kind });
      }
    }
    const slots = shingleSlots(index, stream.ids, masked);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const cands = candidates(index, slots, masked).filter((c) => !rejected.has(c.ref.index));
      if (cands.length === 0) break;
      const top = cands[0]!.containment;
      let best: Evaluation | undefined;
      let compared = 0;
      const evaluated: Evaluation[] = [];
      const containments = new Map<Evaluation, number>();
      for (const { ref, containment } of cands) {
        // Word-by-word comparison only for the few closest; the rest cannot beat them.
        if (compared >= 5 || containment < Math.max(0.6, top - 0.25)) break;
        compared++;
        // An accepted match already explains more than this reference could: it cannot win.
        // To win it must be accepted too, scoring at most its required words less a quarter
        // of its shingles the text lacks (each missing shingle needs a deleted word, which
        // costs 1 and removes up to 3 shingles, or an insertion, which costs at least 0.9 at
        // an accepted confidence and removes up to 2).
        if (best && best.confidence >= ACCEPT_THRESHOLD && ref.requiredCount - ((1 - containment) * ref.shingleCount) / 4 <= best.matchedRequired * best.confidence) continue;
        const e = evaluate(index, ref, stream, slots, masked, grams);
        if (!e) {
          rejected.add(ref.index);
          continue;
        }
        evaluated.push(e);
        containments.set(e, containment);
        // Prefer accepted matches, then the one explaining more of the text (BSD-3-Clause over
        // BSD-2-Clause when both fit), then the higher confidence.
        if (!best || rank(e) > rank(best)) best = e;
      }
      // A close relative accepted with differences (the CUA Office license, which is the MPL
      // 1.1 with its names changed) while a reference of about its length holds more of the
      // text's wording (the MPL 1.1, modified): the differences are the relative's words, so
      // neither is the answer.
      if (best && best.confidence >= ACCEPT_THRESHOLD && best.confidence < 1) {
        const mine = containments.get(best)!;
        const closer = evaluated.find((e) => e !== best && e.confidence < ACCEPT_THRESHOLD && containments.get(e)! > mine + 0.005 && e.ref.requiredCount >= best!.ref.requiredCount * 0.9 && relativesWords(best!, e.ref));
        if (closer) best = { ...best, confidence: Math.min(best.confidence, 0.8) * best.confidence, modified: true, differences: [...best.differences, `the text is closer to ${closer.ref.key} in wording`] };
      }
      // A text that differs from the reference's plain text may still fit its SPDX template.
      if (best && (best.modified || best.confidence < TEMPLATE_TRUSTED)) {
        // Close references not compared word by word (HPND beside NTP) are tried where the best one matched.
        // An accepted, unmodified match gives way only to the template of a reference at least as
        // close by shingles (BSD-3-Clause with its holder named, over BSD-3-Clause-HP): a looser
        // template further off (BSD-4-Clause for the University of California's variant) does not
        // displace it.
        const settled = best.confidence >= ACCEPT_THRESHOLD && !best.modified;
        const mine = containments.get(best)!;
        const others = settled ? [] : cands.slice(0, TEMPLATE_CANDIDATES).filter((c) => !evaluated.some((e) => e.ref === c.ref));
        const sites = settled
          ? evaluated.filter((e) => e === best || containments.get(e)! >= mine)
          : [...evaluated, ...others.map((c) => ({ ...best!, ref: c.ref, confidence: best!.confidence, differences: [] }))];
        best = templateMatch(sites, best, stream, masked) ?? best;
      }
      if (!best || best.confidence < UNKNOWN_FLOOR) break;
      masked.fill(1, best.start, best.end);
      const accepted = best.confidence >= ACCEPT_THRESHOLD;
      // A few words that resemble a short license (a URL list, a one-line grant) may be a
      // notice instead: left visible to the notice search, which replaces the unknown match.
      const short = !accepted && best.end - best.start < SHORT_UNKNOWN_TOKENS;
      if (!short) noticeMask.fill(1, best.coreStart, best.end);
      rejected.add(best.ref.index);
      const m: TextMatch = {
        expression: accepted ? best.ref.key : UNKNOWN_LICENSE,
        confidence: round3(best.confidence),
        method: 'similarity',
        ...lineRange(stream, best.start, best.end),
        kind: accepted ? best.ref.kind : 'license',
      };
      if (!accepted) m.candidate = { expression: best.ref.key, score: round3(best.confidence) };
      if (best.differences.length > 0) m.differences = best.differences;
      if (short) shortUnknown.add(m);
      matches.push(m);
    }
    flagAddedTerms(stream, masked, matches, prefix?.tokens ?? 0);
  }
  // Notices (GPL "version 2 of the License, or (at your option) any later version") outside the
  // matched full texts decide -only versus -or-later, or stand alone as evidence.
  // A license URL beside a full text is a "see also" link (lodash's "CC0: http://..." for its
  // sample code is the exception): URLs count only where no full text was matched.
  const texts = matches.filter((m) => m.expression !== UNKNOWN_LICENSE).map((m) => m.expression);
  const notices = findNotices(stream, noticeMask, { fullText: texts.length > 0, texts });
  for (const u of shortUnknown) {
    if (!notices.some((x) => x.startLine <= u.endLine && u.startLine <= x.endLine)) continue;
    matches.splice(matches.indexOf(u), 1);
  }
  resolveVersions(matches, notices);
  composeParts(matches, stream);
  matches.sort((a, b) => a.startLine - b.startLine || b.confidence - a.confidence);
  return matches;
}

/**
 * Says whether most words the text puts in where it differs from `e`'s reference are words of
 * `other` that `e`'s reference lacks ("Netscape" and "Mozilla" where the CUA Office license has
 * its own name): the differences are the other license's wording, not a name filled in.
 */
function relativesWords(e: Evaluation, other: Reference): boolean {
  const theirs = new Set(other.tokens);
  const mine = new Set(e.ref.tokens);
  let words = 0;
  let relative = 0;
  for (const t of e.added ?? []) {
    if (mine.has(t)) continue;
    words++;
    if (theirs.has(t)) relative++;
  }
  return words > 0 && relative >= words * 0.6;
}

/** A similarity match at or above this, unmodified, is not second-guessed by the templates. */
const TEMPLATE_TRUSTED = 0.97;
/** The confidence of a text that fits a license's SPDX template but not its plain text. */
const TEMPLATE_CONFIDENCE = 0.95;
/** How many of the closest references by shingles have their templates tried. */
const TEMPLATE_CANDIDATES = 40;
/** Templates are tried for evaluations at least this close. */
const TEMPLATE_FLOOR = 0.4;

/**
 * Tries the SPDX templates of the references just compared on the text where each matched:
 * a text that fits one from its start to at least where the comparison ended matches that
 * license by the SPDX Matching Guidelines. The best evaluation's own license is preferred, then
 * the template covering most text. Returns the winning evaluation, or undefined.
 */
function templateMatch(evaluated: Evaluation[], best: Evaluation, stream: TokenStream, masked: Uint8Array): Evaluation | undefined {
  const n = stream.ids.length;
  let found: Evaluation | undefined;
  const order = [best, ...evaluated.filter((e) => e !== best)];
  for (const e of order) {
    if (e.confidence < TEMPLATE_FLOOR || e.matchedRequired === 0) continue;
    const template = e.ref.ids.map(templateOf).find((t) => t !== undefined);
    if (!template) continue;
    let limit = Math.min(n, e.end + 60);
    for (let i = e.end; i < limit; i++) if (masked[i]) limit = i;
    let end = -1;
    let start = -1;
    for (const s of [e.start, e.coreStart]) {
      if (s < 0 || s > e.end || masked[s]) continue;
      end = matchTemplate(template, stream.ids, s, limit, e.end);
      if (end >= e.end) {
        start = s;
        break;
      }
    }
    if (start < 0) continue;
    if (!found || end - start > found.end - found.start) {
      found = { ...e, start, end, confidence: TEMPLATE_CONFIDENCE, modified: false, matchedRequired: e.ref.requiredCount, differences: [`fits the SPDX template of ${e.ref.ids[0]}`, ...e.differences.slice(0, 4)] };
    }
    if (e === best) break;
  }
  return found;
}

function rank(e: Evaluation): number {
  // Among accepted matches the one explaining more text wins; otherwise the closest one.
  if (e.confidence >= ACCEPT_THRESHOLD) return 1e9 + e.matchedRequired * e.confidence;
  return e.confidence;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// Sentences that add terms: obligations and restrictions left outside every matched text.
// ... and the closing words of the AFL, OSL and UCL about copying and modifying the license text
// itself ("Permission is granted to copy, distribute, or communicate this License without
// modification. ..."), which the SPDX templates mark optional.
const BOILERPLATE =
  /\byou may not use this (?:file|work) except in compliance with the license\b|\bthis license may not be modified without the express written permission of its copyright (?:owner|holder)\b|\bpermission is (?:hereby )?granted to copy (?:and distribute|distribute or communicate) this license without modification\b|\bnothing in this license permits you to modify this license\b.{0,1200}?\bits license review and certification process\b/g;
const RESTRICTIVE = /\b(?:shall not|must not|may not|not be used|prohibited|forbidden|not permitted|not allowed|restrict\w*|non ?commercial|military|you agree|for evil)\b/;

/**
 * A license file that is all one license plus a sentence of extra restrictions is a modified
 * license: the matched text is exact, but the terms are not. Downgrades such matches.
 */
function flagAddedTerms(stream: TokenStream, masked: Uint8Array, matches: TextMatch[], before: number): void {
  const accepted = matches.filter((m) => m.expression !== UNKNOWN_LICENSE);
  if (accepted.length === 0) return;
  const n = stream.ids.length;
  // `before`: tokens of an exact match ahead of the stream, which count as covered.
  let covered = before;
  for (let i = 0; i < n; i++) covered += masked[i]!;
  if (covered < (n + before) * 0.6) return; // a README or other prose around a license: leave it be
  const rest: string[] = [];
  for (let i = 0; i < n; i++) if (!masked[i]) rest.push(wordOf(stream.ids[i]!));
  // The license's own optional parts left over (an Apache appendix filled in, whose notice says
  // "you may not use this file except in compliance") add no terms.
  const leftover = rest.join(' ').replace(BOILERPLATE, ' ');
  if (rest.length < 3 || !RESTRICTIVE.test(leftover)) return;
  for (const m of accepted) {
    if (m.kind !== 'license') continue;
    m.candidate = { expression: m.expression, score: m.confidence };
    m.differences = [...(m.differences ?? []), `additional terms outside the license text: "${leftover.slice(0, 80)}"`];
    m.expression = UNKNOWN_LICENSE;
    m.confidence = round3(Math.min(m.confidence, 0.8) * 0.95);
  }
}

/**
 * Licenses the SPDX License List also lists part by part: "OpenSSL" is the OpenSSL License and
 * the original SSLeay License under one preamble, each of which is listed alone (-standalone).
 * `glue`: words of the preamble that say both parts apply.
 */
const COMPOSITES: Array<{ id: string; parts: string[]; glue: string }> = [
  { id: 'OpenSSL', parts: ['OpenSSL-standalone', 'SSLeay-standalone'], glue: 'both the conditions of the openssl license and the original ssleay license apply' },
];

/**
 * Reports the parts of a composite license as the composite: when every part was matched, or
 * when one was and the text holds the preamble that says all of them apply.
 */
function composeParts(matches: TextMatch[], stream: TokenStream): void {
  for (const c of COMPOSITES) {
    const parts = matches.filter((m) => c.parts.includes(m.expression));
    if (parts.length === 0) continue;
    const all = c.parts.every((p) => parts.some((m) => m.expression === p));
    if (!all && !normalisedWords(stream).includes(c.glue)) continue;
    const first = parts[0]!;
    const merged: TextMatch = {
      ...first,
      expression: c.id,
      confidence: Math.min(...parts.map((m) => m.confidence)),
      startLine: Math.min(...parts.map((m) => m.startLine)),
      endLine: Math.max(...parts.map((m) => m.endLine)),
      differences: [...parts.flatMap((m) => m.differences ?? []), ...(all ? [] : [`only ${parts.map((m) => m.expression).join(', ')} of ${c.parts.join(' and ')}, under the preamble of ${c.id}`])],
    };
    for (const m of parts) matches.splice(matches.indexOf(m), 1);
    matches.push(merged);
  }
}

/** Turns GNU family keys (GPL-2.0) into -only or -or-later ids using the notices found. */
function resolveVersions(matches: TextMatch[], notices: TextMatch[]): void {
  const families = new Map<string, string>();
  // A notice below the threshold (an unversioned "released under the GNU Lesser General Public
  // License") does not decide the version of a full text.
  // A GFDL notice naming its Invariant Sections decides the full text's id too.
  const familyOf = (e: string) => e.replace(/-(?:only|or-later)$/, '').replace(/^(GFDL-\d\.\d)-(?:no-)?invariants$/, '$1');
  for (const n of notices) if (n.confidence >= ACCEPT_THRESHOLD) families.set(familyOf(n.expression), n.expression);
  for (const m of matches) {
    if (!VERSIONED_FAMILY.test(m.expression)) {
      if (m.candidate && VERSIONED_FAMILY.test(m.candidate.expression)) m.candidate.expression += '-only';
      continue;
    }
    const fromNotice = families.get(m.expression);
    m.expression = fromNotice ?? `${m.expression}-only`;
    families.delete(familyOf(m.expression));
  }
  // Notices of families with no full text stand on their own.
  const texts = new Set(matches.map((m) => familyOf(m.expression)));
  for (const n of notices) {
    const family = familyOf(n.expression);
    if (n.confidence >= ACCEPT_THRESHOLD ? families.get(family) === n.expression : !texts.has(family)) matches.push(n);
  }
}

/**
 * Identifies the licenses in a text: matches combined into one SPDX expression (AND between
 * different licenses, WITH for an exception after its license), with LicenseRef-unknown where
 * a text resembles a license but was modified.
 */
export function identifyLicenseText(text: string, index: ReferenceIndex = referenceIndex()): TextIdentification {
  const matches = matchLicenseText(text, index);
  return { ...combine(matches), matches };
}

/**
 * `expression` with `exception` on the license it modifies: WITH takes one license id, so in a
 * compound expression it goes after the last GNU id without one ("CDDL-1.0 OR GPL-2.0-only" ->
 * "CDDL-1.0 OR GPL-2.0-only WITH Classpath-exception-2.0"), else after the last id.
 */
export function withException(expression: string, exception: string): string {
  const tokens = expression.split(' ');
  const isId = (i: number) => !/^(?:AND|OR|WITH)$/.test(tokens[i]!.replace(/[()]/g, '')) && tokens[i - 1] !== 'WITH' && tokens[i + 1] !== 'WITH';
  let at = -1;
  for (let i = tokens.length - 1; i >= 0 && at < 0; i--) if (isId(i) && /GPL/.test(tokens[i]!)) at = i;
  for (let i = tokens.length - 1; i >= 0 && at < 0; i--) if (isId(i)) at = i;
  if (at < 0) return expression;
  const closing = /\)+$/.exec(tokens[at]!)?.[0] ?? '';
  tokens[at] = `${tokens[at]!.slice(0, tokens[at]!.length - closing.length)} WITH ${exception}${closing}`;
  return tokens.join(' ');
}

/** Combines matches into one expression and an overall confidence. */
export function combine(matches: readonly TextMatch[]): { license: string | null; confidence: number } {
  if (matches.length === 0) return { license: null, confidence: 0 };
  const parts: string[] = [];
  const licenses = matches.filter((m) => m.kind === 'license');
  const exceptions = matches.filter((m) => m.kind === 'exception');
  const withExceptions = new Map<TextMatch, string[]>();
  for (const e of exceptions) {
    // A notice that already names the exception with its license ("... GPL-2.0-only WITH
    // Classpath-exception-2.0") accounts for the exception's text or notice.
    if (licenses.some((l) => l.expression.includes(` WITH ${e.expression}`))) continue;
    // The exception belongs to the GNU license nearest before it (or any, if none is before).
    const gnu = licenses.filter((l) => /GPL/.test(l.expression));
    const owner = [...gnu].reverse().find((l) => l.startLine <= e.startLine) ?? gnu[0] ?? licenses[0];
    if (owner) withExceptions.set(owner, [...(withExceptions.get(owner) ?? []), e.expression]);
    // An exception text on its own (a file holding only the exception) is reported as itself.
    else parts.push(e.expression);
  }
  const written = (l: TextMatch) => {
    const ex = withExceptions.get(l);
    return ex ? withException(l.expression, ex[0]!) : l.expression;
  };
  const fromText: boolean[] = parts.map(() => false);
  const startLines: number[] = parts.map(() => 0);
  for (const l of licenses) {
    parts.push(written(l));
    fromText.push(l.method === 'exact' || l.method === 'similarity');
    startLines.push(l.startLine);
  }
  // A notice offering a choice ("dual licensed under the ISC and MIT licenses", then both texts)
  // says how the texts it names combine: the texts are evidence of its terms, not added terms.
  // So are the notices before it that it sums up ("... a recipient may use your version of this
  // file under the terms of either the GPLv3 or the Apache License"); a notice after it puts
  // another part of the work under one of the options.
  for (const choice of licenses.filter((l) => / OR /.test(l.expression) && !l.expression.includes('('))) {
    const options = new Set(choice.expression.split(' OR '));
    const whole = written(choice);
    for (let i = parts.length - 1; i >= 0; i--) {
      if (options.has(parts[i]!) && (fromText[i] || startLines[i]! <= choice.startLine)) {
        parts.splice(i, 1);
        fromText.splice(i, 1);
        startLines.splice(i, 1);
      }
    }
    parts.push(whole);
    fromText.push(false);
    startLines.push(choice.startLine);
  }
  const unique = [...new Set(parts)];
  const confidence = Math.min(...matches.map((m) => m.confidence));
  // "A OR B" beside another license is one operand of the AND: "(A OR B) AND C".
  const license = unique.length === 1 ? unique[0]! : unique.map((p) => (/ (?:AND|OR) /.test(p) ? `(${p})` : p)).join(' AND ');
  return { license, confidence };
}
