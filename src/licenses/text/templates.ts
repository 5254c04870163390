import { readFileSync } from 'node:fs';
import { copyrightStatements, tokenize, wordId, wordOf } from './normalize.js';

let copyrightId = -1;
function copyrightWord(): number {
  if (copyrightId < 0) copyrightId = wordId('copyright');
  return copyrightId;
}

/**
 * The SPDX License List matching templates (data/licenses/templates.jsonl, from
 * spdx/license-list-XML; see scripts/generate-license-templates.js): a license's text with the
 * parts the SPDX Matching Guidelines let a copy leave out (<optional>) or put differently
 * (<alt match="regex">: "the copyright holder" as a name, "Software" as "Materials", "Neither
 * the name of X nor ..." as "The names of X may not ..."). A text that fits a template matches
 * that license by the guidelines even where it differs from the plain reference text.
 */

/** A template part as stored: literal text, optional parts, or variable text. */
export type TemplatePart = string | { o: TemplatePart[] } | { v: string; d: string };

export const TEMPLATE_DATA = new URL('../../../data/licenses/templates.jsonl', import.meta.url);

const WORD = 0;
const OPTIONAL = 1;
const OPTIONAL_END = 2;
const VARIABLE = 3;

interface Variable {
  /** Tested on the variable words' letters run together (punctuation and spaces dropped); null: only `defaults`. */
  re: RegExp | null;
  /** Any words but these (a copyright statement's leftovers): `re` is not used. */
  except?: Set<number>;
  defaults: Int32Array;
  maxWords: number;
}

/** A template compiled to a flat program over word ids. */
export interface Template {
  kind: Uint8Array;
  /** WORD: the word id; OPTIONAL: the element after its end; VARIABLE: the index in `vars`. */
  arg: Int32Array;
  vars: Variable[];
  /** Number of literal words outside optional parts. */
  required: number;
}

/** Where each license's line is in the data file (the file holds one JSON value a line). */
let stored: { text: string; lines: Map<string, [number, number]> } | undefined;
const compiled = new Map<string, Template | null>();

function storedParts(id: string): TemplatePart[] | undefined {
  if (!stored) {
    let text = '';
    try {
      text = readFileSync(TEMPLATE_DATA, 'utf8');
    } catch {
      // No templates shipped: the matcher works on the plain texts alone.
    }
    const lines = new Map<string, [number, number]>();
    for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; ) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      // `["id",[...]]`: the id is the first string of the line.
      const close = text.indexOf('"', at + 2);
      if (text.startsWith('["', at) && close > 0) lines.set(text.slice(at + 2, close), [at, end]);
      at = end + 1;
    }
    stored = { text, lines };
  }
  const range = stored.lines.get(id);
  return range ? (JSON.parse(stored.text.slice(range[0], range[1])) as [string, TemplatePart[]])[1] : undefined;
}

/** Returns the compiled template of an SPDX id (undefined: the list has none). */
export function templateOf(id: string): Template | undefined {
  let t = compiled.get(id);
  if (t === undefined) {
    const parts = storedParts(id);
    t = parts ? compileTemplate(parts) : null;
    compiled.set(id, t);
  }
  return t ?? undefined;
}

/** Compiles template parts (exported for tests). */
export function compileTemplate(parts: TemplatePart[]): Template {
  const kind: number[] = [];
  const arg: number[] = [];
  const vars: Variable[] = [];
  let required = 0;
  const push = (k: number, a: number) => {
    kind.push(k);
    arg.push(a);
  };
  // An optional part: its start says where its end is, for the search to skip it.
  const optionalPart = (body: () => void) => {
    const at = kind.length;
    push(OPTIONAL, 0);
    body();
    push(OPTIONAL_END, 0);
    arg[at] = kind.length;
  };
  const run = (ids: ArrayLike<number>, optional: boolean, skippable: number) => {
    // The first words after a copyright statement: the tokenizer drops them with the
    // statement where they share its line, so any number of them may be missing (nested
    // optional parts [[[w1] w2] w3] leave out a prefix).
    const k = Math.min(skippable, ids.length);
    const opens: number[] = [];
    for (let j = 0; j < k; j++) {
      opens.push(kind.length);
      push(OPTIONAL, 0);
    }
    for (let j = 0; j < ids.length; j++) {
      push(WORD, ids[j]!);
      if (j < k) {
        push(OPTIONAL_END, 0);
        arg[opens[k - 1 - j]!] = kind.length;
      } else if (!optional) required++;
    }
  };
  // List numbering inside a paragraph ("... or otherwise, or (ii) ownership", "... notice.
  // H. Include"): a file that starts a line with it loses it to the tokenizer (B.8), one that
  // does not keeps it, so it is optional.
  const words = (text: string, optional: boolean, skippable = 0) => {
    let pos = 0;
    for (const [s, e] of numberingLabels(text)) {
      run(tokenize(text.slice(pos, s)).ids, optional, skippable);
      skippable = 0;
      optionalPart(() => run(text.slice(s, e).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map(wordId), true, 0));
      pos = e;
    }
    run(tokenize(text.slice(pos)).ids, optional, skippable);
  };
  // Set after "Copyright <names>": the literal text that follows up to the statement's end
  // ("The Regents of the University of California. All rights reserved.") goes with it.
  let statementOpen = false;
  // A copyright statement run together with the terms (SPDX templates hold paragraphs on one
  // line): files break it over lines of their own, which the tokenizer drops whole or in part,
  // so it becomes a gap of up to its length in any words but terms.
  const literal = (text: string, optional: boolean) => {
    let pos = 0;
    let after = 0;
    if (statementOpen) {
      statementOpen = false;
      const opening = 'Copyright 1999 ';
      const first = copyrightStatements(opening + text)[0];
      if (first && first[0] === 0 && first[1] > opening.length) {
        pos = first[1] - opening.length;
        optionalPart(() => words(text.slice(0, pos), true));
        after = LINE_WORDS;
      }
    }
    for (const [s, e] of copyrightStatements(text)) {
      words(text.slice(pos, s), optional, after);
      const length = tokenize(text.slice(s, e), { keepCopyrightLines: true }).ids.length;
      push(VARIABLE, vars.length);
      vars.push({ re: null, except: gapStops(), defaults: new Int32Array(0), maxWords: length + GAP_SLACK });
      pos = e;
      after = LINE_WORDS;
    }
    words(text.slice(pos), optional, after);
  };
  const emit = (list: TemplatePart[], optional: boolean) => {
    for (let n = 0; n < list.length; n++) {
      const p = list[n]!;
      if (typeof p !== 'string') statementOpen = false;
      if (typeof p === 'string') {
        literal(p, optional);
      } else if ('o' in p) {
        // An ending left optional inside a word ("the name<optional>s</optional> of"): one word
        // either way, as files write it.
        const before = list[n - 1];
        const ending = p.o.length === 1 && typeof p.o[0] === 'string' && /^[a-z]{1,3}$/i.test(p.o[0]) ? p.o[0].toLowerCase() : undefined;
        if (ending && typeof before === 'string' && /[a-z]$/i.test(before) && kind.length > 0 && kind[kind.length - 1] === WORD) {
          const stem = wordOf(arg[arg.length - 1]!);
          kind.pop();
          const id = arg.pop()!;
          if (!optional) required--;
          push(VARIABLE, vars.length);
          vars.push({ re: new RegExp(`^${stem}(?:${ending})?$`), defaults: Int32Array.of(id), maxWords: 2 });
          continue;
        }
        optionalPart(() => emit(p.o, true));
      } else {
        const defaults = tokenize(p.d).ids;
        // "Portions Copyright <names>" in the terms: inputs lose the statement to the
        // tokenizer's copyright handling, up to where their line ends, so the words before the
        // variable are optional and the variable takes whatever of the names is left.
        let anyWords = false;
        if (!optional && kind.length > 0 && kind[kind.length - 1] === WORD && arg[arg.length - 1] === copyrightWord()) {
          let from = kind.length - 1;
          if (from > 0 && kind[from - 1] === WORD && arg[from - 1] === wordId('portions')) from--;
          const words = arg.splice(from);
          kind.splice(from);
          required -= words.length;
          optionalPart(() => {
            for (const w of words) push(WORD, w);
          });
          anyWords = true;
        }
        push(VARIABLE, vars.length);
        vars.push({ re: anyWords ? null : letterRegex(amendVariable(p.v)), ...(anyWords ? { except: gapStops() } : {}), defaults, maxWords: Math.max(30, defaults.length + 25) });
        statementOpen = anyWords;
      }
    }
  };
  emit(parts, false);
  return { kind: Uint8Array.from(kind), arg: Int32Array.from(arg), vars, required };
}

// "(ii)", "b)" after a space; "H.", "2.1." after the end of a sentence. Not "(c)", a copyright sign.
const PAREN_LABEL = /(?<=^|\s)\(?(?:[ivx]{1,5}|[abd-z]|\d{1,3})\)(?=[\s,;:]|$)/gi;
const DOT_LABEL = /(?<=(?:^|[.;:!?]["'\u201d)\]]?)\s+|^)(?:[A-Z]|[IVX]{1,5}|[ivx]{1,5}|\d{1,3}(?:\.\d{1,3})*)\.(?=\s|$)/g;

/** The [start, end) ranges of list numbering in a template's text, in order. */
function numberingLabels(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const re of [PAREN_LABEL, DOT_LABEL]) for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out.sort((a, b) => a[0] - b[0]).filter((r, i, all) => i === 0 || r[0] >= all[i - 1]![1]);
}

/**
 * Words a copyright statement's leftovers may not hold: they would be terms, not a name. Not
 * "except": a reservation wrapped onto the next line ("All rights reserved except as / specified
 * below") leaves it.
 */
const GAP_STOP_WORDS = ['not', 'no', 'nor', 'never', 'only', 'non', 'noncommercial', 'commercial', 'unless', 'prohibited', 'forbidden', 'must', 'shall', 'military', 'fee', 'fees', 'pay', 'royalty', 'personal', 'evaluation', 'restricted', 'restriction', 'restrictions', 'without'];
let gapStopIds: Set<number> | undefined;
function gapStops(): Set<number> {
  gapStopIds ??= new Set(GAP_STOP_WORDS.map(wordId));
  return gapStopIds;
}
/** Words a copyright statement's leftovers may hold beyond its own (a longer name, more years). */
const GAP_SLACK = 8;
/** About the most words a line holds: those after a statement on its line go with it. */
const LINE_WORDS = 12;

const DROPPED_ESCAPES = new Set(['s', 'b', 'B', 'W', 'n', 'r', 't']);

/**
 * A template variable's regex with the wordings it leaves out that say the same: a BSD
 * non-endorsement clause written with "names" where the template spells "name" ("The names of
 * Kitware, Inc., the Insight Consortium, or of any contributors, may not be used to endorse ...",
 * where BSD-3-Clause's variable accepts "The name of ... may not"). Only the noun's number
 * changes; the clause's terms are the same.
 */
export function amendVariable(source: string): string {
  return source.replace(/\bname\\s\+of/g, 'names?\\s+of');
}

/**
 * Rewrites an SPDX <alt match> regex, written against raw text, to one over the normalised
 * letters of the words run together: letters lower-cased, whitespace and punctuation (which the
 * matcher's tokens drop) removed with their quantifiers. Null when the result does not compile.
 */
export function letterRegex(source: string): RegExp | null {
  let out = '';
  let i = 0;
  const skipQuantifier = () => {
    if (source[i] === '{') {
      const close = source.indexOf('}', i);
      if (close > 0) i = close + 1;
    } else if (source[i] === '+' || source[i] === '*' || source[i] === '?') i++;
    if (source[i] === '?') i++; // lazy
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      i += 2;
      if (DROPPED_ESCAPES.has(e) || !/[a-zA-Z0-9]/.test(e)) {
        skipQuantifier();
        continue;
      }
      out += e === 'S' || e === 'w' ? '[a-z0-9]' : e === 'd' ? '[0-9]' : `\\${e}`;
      continue;
    }
    if (c === '[') {
      // A character class: keep its letters and digits (and ranges of them).
      const close = source.indexOf(']', i + 1);
      if (close < 0) return null;
      const body = source.slice(i + 1, close);
      i = close + 1;
      const negated = body.startsWith('^');
      const kept = (negated ? body.slice(1) : body).replace(/\\[sSwWdDbB]|\\./g, '').replace(/[^a-zA-Z0-9-]/g, '').replace(/^-|-$/g, '').toLowerCase();
      if (negated) out += '[a-z0-9]';
      else if (kept === '') skipQuantifier();
      else out += `[${kept}]`;
      continue;
    }
    if (c === '.' || c === '(' || c === ')' || c === '|' || c === '^' || c === '$' || c === '?' || c === '*' || c === '+' || c === '{') {
      if (c === '{') {
        const close = source.indexOf('}', i);
        out += close > 0 ? source.slice(i, close + 1) : '';
        i = close > 0 ? close + 1 : i + 1;
        continue;
      }
      // Group modifiers `(?:` keep their `?`.
      if (c === '(' && source[i + 1] === '?') {
        out += source.slice(i, i + 3);
        i += 3;
        continue;
      }
      // A `.` without a quantifier is most often a literal dot written unescaped
      // ("phk@FreeBSD.ORG"): the dot is gone from the letters, so it may match nothing.
      const quantified = '+*?{'.includes(source[i + 1] ?? '');
      out += c === '.' ? (quantified ? '[a-z0-9]' : '[a-z0-9]?') : c === '^' || c === '$' ? '' : c;
      i++;
      continue;
    }
    i++;
    if (/[a-zA-Z0-9]/.test(c)) out += c.toLowerCase();
    else skipQuantifier();
  }
  try {
    return new RegExp(`^(?:${out})$`);
  } catch {
    return null;
  }
}

/** The most steps (states visited and variable ends tested) one template match may take: a bound on hostile input. */
const MAX_STEPS = 50_000;

/**
 * Matches a template against input tokens from `start` (not beyond `limit`). Returns the end of
 * the match (at `minEnd` or after), or -1. Optional parts are tried in before left out, variable text shortest first
 * (the default first); each (element, position) is visited once, so the cost is bounded.
 */
export function matchTemplate(t: Template, ids: Int32Array, start: number, limit: number, minEnd = start): number {
  const { kind, arg, vars } = t;
  const m = kind.length;
  const width = limit - start + 1;
  const seen = new Set<number>();
  const stackE: number[] = [0];
  const stackP: number[] = [start];
  let steps = 0;
  while (stackE.length > 0) {
    const e = stackE.pop()!;
    const p = stackP.pop()!;
    if (e === m) {
      if (p >= minEnd) return p;
      continue;
    }
    const key = e * width + (p - start);
    if (seen.has(key)) continue;
    seen.add(key);
    if (++steps > MAX_STEPS) return -1;
    const k = kind[e]!;
    if (k === WORD) {
      if (p < limit && ids[p] === arg[e]) {
        stackE.push(e + 1);
        stackP.push(p + 1);
      }
    } else if (k === OPTIONAL) {
      // Pushed last is tried first: the optional part in.
      stackE.push(arg[e]!, e + 1);
      stackP.push(p, p);
    } else if (k === OPTIONAL_END) {
      stackE.push(e + 1);
      stackP.push(p);
    } else {
      const v = vars[arg[e]!]!;
      const ends = variableEnds(v, ids, p, limit, kind[e + 1] === WORD ? arg[e + 1]! : -1);
      steps += Math.min(v.maxWords, limit - p);
      for (let j = ends.length - 1; j >= 0; j--) {
        stackE.push(e + 1);
        stackP.push(ends[j]!);
      }
    }
  }
  return -1;
}

/** The ends the variable text may have from `p`, in the order to try them. */
function variableEnds(v: Variable, ids: Int32Array, p: number, limit: number, next: number): number[] {
  const ends: number[] = [];
  const d = v.defaults;
  let isDefault = p + d.length <= limit;
  for (let k = 0; isDefault && k < d.length; k++) if (ids[p + k] !== d[k]) isDefault = false;
  if (isDefault) ends.push(p + d.length);
  if (v.except) {
    for (let q = p + 1; q <= Math.min(limit, p + v.maxWords) && !v.except.has(ids[q - 1]!); q++) if (next < 0 || (q < limit && ids[q] === next)) ends.push(q);
    return ends;
  }
  if (!v.re) return ends;
  let letters = '';
  for (let q = p; q <= Math.min(limit, p + v.maxWords); q++) {
    if (q > p) letters += wordOf(ids[q - 1]!);
    if (next >= 0 && (q >= limit || ids[q] !== next)) continue;
    if (isDefault && q === p + d.length) continue;
    if (v.re.test(letters)) ends.push(q);
  }
  return ends;
}
