import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from '../../model/errors.js';
import { parseYaml } from '../../parsers/yaml.js';
import { wordOf, type TokenStream } from './normalize.js';
import type { TextMatch, TextMatchMethod } from './matcher.js';
import { normaliseExpression } from './spdx-tags.js';

/**
 * License notices, references and URLs: the short texts that name a license rather than
 * reproduce it. The second detector beside the full-text matcher, for source headers, READMEs
 * and package metadata:
 * - `notice`: a license's standard header (the GNU "how to apply these terms" notice, whose
 *   "or (at your option) any later version" decides -only versus -or-later, the Apache-2.0,
 *   MPL-2.0, EPL and CDDL headers);
 * - `reference`: a sentence that puts the work under a named license ("released under the MIT
 *   license", "dual licensed under MIT or Apache-2.0");
 * - `url`: a license's canonical address (apache.org/licenses/LICENSE-2.0, opensource.org/licenses/X).
 * The patterns are data (data/licenses/notices.yaml) over normalised words, so wrapping and
 * comment syntax do not matter. Each match scores below a full-text match.
 */

/** The bundled pattern table (data/ sits three levels above src/licenses/text and dist/licenses/text). */
export const NOTICE_PATTERNS = new URL('../../../data/licenses/notices.yaml', import.meta.url);

const require = createRequire(import.meta.url);
const LICENSE_IDS = require('spdx-license-ids') as string[];
const DEPRECATED_IDS = require('spdx-license-ids/deprecated.json') as string[];

interface Compiled {
  confidence: Record<'notice' | 'reference' | 'url', number>;
  notices: Array<{ license: string; re: RegExp }>;
  /** Notices naming an exception (its text is elsewhere): they compose with WITH. */
  exceptions: Array<{ exception: string; license?: string; re: RegExp }>;
  /** One regex over every lead phrase, each followed by the name list parsed after it. */
  leads: RegExp;
  /** Name alternation, sticky, one group per license (see `nameLicenses`). */
  names: RegExp;
  nameLicenses: string[];
  /** Per alternative: a vague name ("the BSD license"), read as evidence only. */
  nameVague: boolean[];
  /** `confidence`: set for a location that names a text but not all of the terms (a GNU text without -only or -or-later). */
  urls: Array<{ license: string; re: RegExp; usesId: boolean; confidence?: number }>;
}

let compiled: Compiled | undefined;

/** Writes an SPDX id as the normalised words the tokenizer makes of it ("Apache-2.0" -> "apache 2 0"). */
function idWords(id: string): string {
  return id
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(' ');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** SPDX ids (current and deprecated) by their words; ids whose words clash are left out. */
let idsByWords: Map<string, string> | undefined;
function spdxIdsByWords(): Map<string, string> {
  if (idsByWords) return idsByWords;
  const map = new Map<string, string>();
  const clash = new Set<string>();
  for (const id of [...LICENSE_IDS, ...DEPRECATED_IDS]) {
    const w = idWords(id);
    const had = map.get(w);
    if (had !== undefined && had !== id) clash.add(w);
    else map.set(w, id);
  }
  for (const w of clash) map.delete(w);
  idsByWords = map;
  return map;
}

/** Turns an SPDX id (possibly deprecated: GPL-2.0, GPL-2.0+) into its current form, or undefined. */
function currentId(id: string): string | undefined {
  try {
    const e = normaliseExpression(id);
    return /LicenseRef|DocumentRef/.test(e) ? undefined : e;
  } catch {
    return undefined;
  }
}

function asString(v: unknown, file: string, pointer: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new InputError('expected a non-empty string', { file, pointer });
  return v;
}

function compileRe(source: string, flags: string, file: string, pointer: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new InputError(`invalid pattern: ${(err as Error).message}`, { file, pointer });
  }
}

/** Compiles a pattern table (the YAML text of data/licenses/notices.yaml). */
export function compileNoticePatterns(yamlText: string, file = 'notices.yaml'): Compiled {
  const doc = parseYaml(yamlText, file) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new InputError('a notice pattern file is a YAML mapping', { file });
  const conf = (doc.confidence ?? {}) as Record<string, unknown>;
  const confidence = { notice: 0.95, reference: 0.92, url: 0.9 };
  for (const k of ['notice', 'reference', 'url'] as const) {
    const v = conf[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v > 0 && v < 1)) throw new InputError('confidence must be a number between 0 and 1 (below a full-text match)', { file, pointer: `/confidence/${k}` });
    confidence[k] = v;
  }
  const list = (key: string) => {
    const v = doc[key];
    if (!Array.isArray(v)) throw new InputError(`${key} must be a list`, { file, pointer: `/${key}` });
    return v as unknown[];
  };
  const notices = list('notices').map((n, i) => {
    const e = n as Record<string, unknown>;
    return { license: asString(e.license, file, `/notices/${i}/license`), re: compileRe(asString(e.pattern, file, `/notices/${i}/pattern`), 'g', file, `/notices/${i}/pattern`) };
  });
  // Optional: a table without exception notices names none.
  const exceptions = (doc.exceptions === undefined ? [] : list('exceptions')).map((n, i) => {
    const e = n as Record<string, unknown>;
    const out: Compiled['exceptions'][number] = { exception: asString(e.exception, file, `/exceptions/${i}/exception`), re: compileRe(asString(e.pattern, file, `/exceptions/${i}/pattern`), 'g', file, `/exceptions/${i}/pattern`) };
    if (e.license !== undefined) out.license = asString(e.license, file, `/exceptions/${i}/license`);
    return out;
  });
  const leadSources = list('leads').map((l, i) => asString(l, file, `/leads/${i}`));
  for (const [i, l] of leadSources.entries()) compileRe(l, '', file, `/leads/${i}`);
  const leads = new RegExp(`\\b(?:${leadSources.join('|')}) `, 'g');
  const bare = new Set((Array.isArray(doc.bare) ? doc.bare : []).map((b, i) => asString(b, file, `/bare/${i}`)));
  const names = doc.names as Record<string, unknown> | undefined;
  if (!names || typeof names !== 'object' || Array.isArray(names)) throw new InputError('names must be a mapping of SPDX id to name patterns', { file, pointer: '/names' });
  const alternatives: Array<{ source: string; license: string; length: number; vague?: boolean }> = [];
  const vague = doc.vague as Record<string, unknown> | undefined;
  if (vague !== undefined && (!vague || typeof vague !== 'object' || Array.isArray(vague))) throw new InputError('vague must be a mapping of SPDX id to name patterns', { file, pointer: '/vague' });
  for (const [key, table] of [['names', names], ['vague', vague ?? {}]] as const) {
    for (const [license, pats] of Object.entries(table)) {
      if (!Array.isArray(pats)) throw new InputError('expected a list of name patterns', { file, pointer: `/${key}/${license}` });
      for (const [i, p] of pats.entries()) {
        const source = asString(p, file, `/${key}/${license}/${i}`);
        compileRe(source, '', file, `/${key}/${license}/${i}`);
        // A name without a version number is a word of ordinary prose unless "license" follows.
        const needsSuffix = !/\d/.test(source) && !bare.has(license);
        alternatives.push({ source: needsSuffix ? `${source} licen[cs]e` : source, license, length: source.length, vague: key === 'vague' });
      }
    }
  }
  // SPDX ids written out, with a version number (plain words like "ruby" or "vim" are names
  // of other things too): "licensed under Apache-2.0", "under the terms of the GPL-2.0-or-later".
  for (const [words, id] of spdxIdsByWords()) {
    if (!/\d/.test(words) || !/[a-z]/.test(words)) continue;
    alternatives.push({ source: escapeRe(words), license: id, length: words.length });
  }
  // Longest first, so "bsd 3 clause clear" is not read as "bsd 3 clause".
  alternatives.sort((a, b) => b.length - a.length);
  const namesRe = new RegExp(alternatives.map((a) => `(${a.source})`).join('|'), 'y');
  const urls = list('urls').map((u, i) => {
    const e = u as Record<string, unknown>;
    const license = asString(e.license, file, `/urls/${i}/license`);
    let source = asString(e.pattern, file, `/urls/${i}/pattern`);
    const usesId = source.includes('{id}');
    if (usesId) source = source.replace('{id}', `(${[...spdxIdsByWords().keys()].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})`);
    const out: Compiled['urls'][number] = { license, re: compileRe(source, 'g', file, `/urls/${i}/pattern`), usesId };
    if (e.confidence !== undefined) {
      if (typeof e.confidence !== 'number' || !(e.confidence > 0 && e.confidence <= confidence.url)) throw new InputError('a URL\'s own confidence must be a number above 0, at most the url confidence', { file, pointer: `/urls/${i}/confidence` });
      out.confidence = e.confidence;
    }
    return out;
  });
  return { confidence, notices, exceptions, leads, names: namesRe, nameLicenses: alternatives.map((a) => a.license), nameVague: alternatives.map((a) => !!a.vague), urls };
}

function patterns(): Compiled {
  compiled ??= compileNoticePatterns(readFileSync(NOTICE_PATTERNS, 'utf8'), 'data/licenses/notices.yaml');
  return compiled;
}

// The GNU licenses: the name, then the version as the FSF's header words it ("as published by
// the Free Software Foundation; either version 2 of the License, or (at your option) any later
// version") or right after the name ("GNU General Public License version 2").
// "Lesser GNU General Public License" puts the variant first: group 1 holds it then, group 3 otherwise.
// "GNU Public License" (and "Lesser GNU Public License") leaves out "General"; without "GNU" the
// words are any public license's.
const GNU_NAME = /\b(?:(lesser |library |affero )(?=gnu ))?(gnu )?(lesser |library |affero )?(?:general |(?<=\bgnu (?:lesser |library |affero )?))public licen[sc]e\b/g;
/** The same, sticky: read at a position (a separate object, as matchAll copies lastIndex). */
const GNU_NAME_AT = new RegExp(GNU_NAME.source, 'y');
const GNU_PUBLISHED =
  /^(?: (?:version|v) ?([123])(?: ([01]))?(?: [a-z0-9]+)?)? as published by the free software foundation(?: (?:either |under |using |in )?(?:version|v) ?([123])(?: ([01]))?(?: of the licen[sc]e)?(?: dated [a-z]+ [0-9]{4})?( only| or at your option any later version| or any later version| or at your option any later| or later| or newer)?)?/;
// "under the terms of version 2 or version 3 of the GNU General Public License": groups 4 and 5 the other version.
const VERSION_FIRST = /(?:version|v) ?([123])(?: ([01]))?( only| or later| or any later version| or at your option any later version)?(?: or (?:version |v ?)?([123])(?: ([01]))?)? of the (?:less restrictive )?/y;
const ANY_VERSION_FIRST = /version \d+(?: \d+)*(?: only| or later| or any later version| or at your option any later version)? of the /y;
// After a GNU version, another one to choose: "either version 2 or 3 of the License", "version 2
// of the License or (at your option) version 3". KDE's "version 3 or any later version accepted
// by the membership of KDE e.V." is not any later version: that version alone.
const OTHER_VERSION = / or (?:at your option )?(?:version |v ?)?([123])(?: ([01]))?(?! clause)(?= |$)(?: of the licen[sc]e)?( only| or at your option any later version| or any later version| or later)?(?! accepted by)/y;
// "the GNU General Public License ("GPL") version 2 or any later version": the short name between.
const GNU_VERSIONED = /^(?: (?:a|l)?gpl)? (?:version|v) ?([123])(?: ([01]))?(?: of the licen[sc]e)?( only| or at your option any later version| or any later version| or later| or newer)?/;
// "GPL", "LGPLv2.1", "GPL-3.0-or-later" after a lead. "GPLv2+" loses its "+" to normalisation,
// so a short name with a version and no "or later" is evidence, not a confident answer.
const GNU_SHORT = /(?:the )?(?:gnu )?(a|l)?gpl(?: ?v ?| )?(?:([123])(?: ([01]))?)?( only| or later| or any later version| or at your option any later version| or newer)?(?: licen[cs]e)?(?= |$)/y;
// "... is not licensed under", "neither ... nor under": a negation just before a lead.
const NEGATION = /\b(?:not|never|no|nor|neither|cannot|isn t|aren t|without)(?: [a-z0-9]+){0,2}$/;
// "... combine any covered work with a work licensed under version 3 of the GNU Affero General
// Public License" (GPL-3.0 section 13): the terms of another work, not of this one.
// So is "combine Python with other software that is released under the GPL" (CPython's license history).
const OTHER_WORK = /\b(?:with|into|and) (?:a|any|another) (?:covered )?work$|\bother (?:software|programs?|code|works?|libraries|projects|packages)(?: that| which)?$/;
// The Mozilla-style dual-license paragraph goes on "If you wish to allow use of your version of
// this file only under the terms of the GPL ...": how to drop an option, not a grant.
const YOUR_VERSION = /\byour version of this (?:file|program|library|software) only$/;
// A name that qualifies something else ("MIT-style", "GPL-compatible", "BSD-like").
const QUALIFIED = /^ (?:style|like|compatible|incompatible|based|derived|variant|type|ish|inspired)\b/;
const ABBREVIATION = / (?:the )?(?:a|l)?gpl(?:v[123])?(?= |$)| (?:the )?(?:cddl|epl|mpl|edl|asl|apl|eupl|cpl)(?= |$)/y;
// A license file's name or a URL after a license's name, as normalised words ("mit license txt",
// "http www opensource org licenses mit license php").
const ASIDE = / (?:https? (?:[a-z0-9]+ ){1,12}?(?:php|html?|txt|md)|(?:[a-z0-9]+ ){0,3}(?:txt|md))(?= |$)/y;
// "dual licensed", "either of", "at your option": the names are alternatives.
const CHOICE = /\b(?:dual|dually|tri|triple|either|your option|your choice|choose)\b/;

function gnuId(variant: string | undefined, major: string | undefined, minor: string | undefined): string | undefined {
  const v = variant?.trim();
  if (v === 'affero' || v === 'a') return major === '3' || major === undefined ? 'AGPL-3.0' : major === '1' ? 'AGPL-1.0' : undefined;
  if (v === 'lesser' || v === 'l' || v === 'library') {
    if (major === undefined) return v === 'lesser' ? 'LGPL-2.1' : 'LGPL-2.0';
    if (major === '3') return 'LGPL-3.0';
    if (major === '2') return minor === '1' ? 'LGPL-2.1' : 'LGPL-2.0';
    return undefined;
  }
  // The GPL has no version 2.1: "the GNU General Public License ... version 2.1" is the Lesser
  // GPL with its first word left out.
  if (major === '2' && minor === '1') return 'LGPL-2.1';
  return major === undefined || major === '1' ? 'GPL-1.0' : major === '2' ? 'GPL-2.0' : major === '3' ? 'GPL-3.0' : undefined;
}

/** The words of the unmasked tokens joined by spaces, with their token positions. */
function unmaskedText(stream: TokenStream, masked: Uint8Array): { text: string; tokenAt: (offset: number) => number } {
  const positions: number[] = [];
  const offsets: number[] = [];
  let text = '';
  for (let i = 0; i < stream.ids.length; i++) {
    if (masked[i]) {
      if (text && !text.endsWith('|')) text += ' |';
      continue;
    }
    if (text) text += ' ';
    offsets.push(text.length);
    positions.push(i);
    text += wordOf(stream.ids[i]!);
  }
  const tokenAt = (offset: number) => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return positions[lo]!;
  };
  return { text, tokenAt };
}

interface Found {
  expression: string;
  confidence: number;
  method: TextMatchMethod;
  start: number;
  end: number;
  /** Set for a notice naming an exception. */
  kind?: 'exception';
  /** Set for a list that says it goes on in the notice after it ("... Or under the following terms:"): the confidence once joined to it. */
  joined?: number;
}

/** Reads the GNU license named at `m` and the version words after it. */
function readGnu(text: string, m: RegExpExecArray, afterLead: boolean): { license: string; end: number; versioned: boolean } | undefined {
  const after = text.slice(m.index + m[0].length, m.index + m[0].length + 240);
  const variant = m[3] ?? m[1];
  const published = GNU_PUBLISHED.exec(after);
  const withOther = (id: string, later: boolean, end: number) => {
    const license = gnuLicense(id, later);
    OTHER_VERSION.lastIndex = end;
    const o = OTHER_VERSION.exec(text);
    const other = o && gnuId(variant, o[1], o[2]);
    if (!o || !other) return { license, end, versioned: true };
    return { license: `${license} OR ${gnuLicense(other, !!o[3] && o[3] !== ' only')}`, end: OTHER_VERSION.lastIndex, versioned: true };
  };
  if (published && (published[3] ?? published[1])) {
    const major = published[3] ?? published[1];
    const minor = published[3] ? published[4] : published[2];
    const id = gnuId(variant, major, minor);
    const later = published[3] ? !!published[5] && published[5] !== ' only' : false;
    return id ? withOther(id, later, m.index + m[0].length + published[0].length) : undefined;
  }
  // "GNU General Public License version 2" names the terms after a lead ("licensed under the
  // terms of"); alone it is a title or a list entry ("License :: OSI Approved :: GNU ...").
  const versioned = afterLead ? GNU_VERSIONED.exec(after) : null;
  if (versioned) {
    const id = gnuId(variant, versioned[1], versioned[2]);
    const later = !!versioned[3] && versioned[3] !== ' only';
    return id ? withOther(id, later, m.index + m[0].length + versioned[0].length) : undefined;
  }
  // No version: "If the Program does not specify a version number of this License, you may
  // choose any version ever published" (GPL section 9; LGPL 2.x section 13), so any version.
  // Only after a lead: "See the GNU General Public License for more details" names no terms.
  if (!afterLead || !m[2]) return undefined;
  const id = gnuId(variant, undefined, undefined);
  return id ? { license: gnuLicense(id, true), end: m.index + m[0].length + (published ? published[0].length : 0), versioned: false } : undefined;
}

function gnuLicense(id: string, later: boolean): string {
  return `${id}-${later ? 'or-later' : 'only'}`;
}

function negated(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 40), at).trimEnd();
  return NEGATION.test(before) || OTHER_WORK.test(before) || YOUR_VERSION.test(before);
}

/** Reads the license names after a lead: "the MIT license", "MIT or Apache-2.0", "either of Apache License, Version 2.0 or MIT license". */
function readNames(p: Compiled, text: string, from: number, adjacent = false): { licenses: string[]; ops: Array<'OR' | 'AND'>; end: number; uncertain: boolean; vague: string[]; goesOn: boolean } {
  const licenses: string[] = [];
  const ops: Array<'OR' | 'AND'> = [];
  let pos = from;
  let uncertain = false;
  let goesOn = false;
  let bareJoin = false;
  let nameEnd = from;
  const vague: string[] = [];
  for (let n = 0; n < 4; n++) {
    const skip = /(?:the |a |an )?(?:(?:terms (?:and conditions )?|conditions )of (?:the )?)?(?:osi approved )?(?:either (?:of )?(?:the )?)?/y;
    skip.lastIndex = pos;
    const s = skip.exec(text);
    if (s) pos += s[0].length;
    let license: string | undefined;
    let end = pos;
    // "under the terms of version 2 of the GNU General Public License", "licensed under version
    // 2 or later of the GNU General Public License": the version before the name.
    VERSION_FIRST.lastIndex = pos;
    const vf = VERSION_FIRST.exec(text);
    GNU_NAME_AT.lastIndex = vf ? pos + vf[0].length : pos;
    const g = GNU_NAME_AT.exec(text);
    if (vf && g) {
      const id = gnuId(g[3] ?? g[1], vf[1], vf[2]);
      if (!id) break;
      license = gnuLicense(id, !!vf[3] && vf[3] !== ' only');
      const other = vf[4] ? gnuId(g[3] ?? g[1], vf[4], vf[5]) : undefined;
      if (other) license = `${license} OR ${gnuLicense(other, false)}`;
      end = g.index + g[0].length;
      const published = / (?:as )?published by the free software foundation/y;
      published.lastIndex = end;
      if (published.exec(text)) end = published.lastIndex;
    } else if (g && !vf) {
      const r = readGnu(text, g, true);
      if (!r) break;
      license = r.license;
      end = r.end;
      // Without a version any version may be chosen, but projects often mean the one in their
      // COPYING file (the Linux kernel's "subject to the terms and conditions of the GNU
      // General Public License" is GPL-2.0-only): evidence, not a confident answer.
      if (!r.versioned) uncertain = true;
    } else {
      GNU_SHORT.lastIndex = pos;
      const short = GNU_SHORT.exec(text);
      p.names.lastIndex = pos;
      const named = p.names.exec(text);
      if (named && (!short || named[0].length >= short[0].length)) {
        const k = named.findIndex((v, i) => i > 0 && v !== undefined);
        license = currentId(p.nameLicenses[k - 1]!);
        // "MPL 1.1 or GPL 2.0+": the deprecated id's words ("gpl 2 0") may have lost a "+" to
        // normalisation, as a short name does (below).
        if (/^(?:A|L)?GPL-\d\.\d$/.test(p.nameLicenses[k - 1]!)) uncertain = true;
        if (p.nameVague[k - 1]) {
          uncertain = true;
          vague.push(license!);
        }
        end = pos + named[0].length;
      } else if (short && short[0].length > 0 && /gpl/.test(short[0])) {
        const id = gnuId(short[1], short[2], short[3]);
        if (!id) break;
        const later = short[4] ? short[4] !== ' only' : !short[2];
        // A version without "or later" may be "GPLv2+"; no version leaves the choice open.
        if (!short[4]) uncertain = true;
        license = `${id}-${later ? 'or-later' : 'only'}`;
        end = pos + short[0].length;
      }
    }
    if (!license) break;
    const suffix = /(?: (?:open source |software |public )?licen[cs]es?)?(?: (?:version|v) ?\d+(?: \d+)*)?/y;
    suffix.lastIndex = end;
    const sx = suffix.exec(text);
    if (sx) end += sx[0].length;
    if (QUALIFIED.test(text.slice(end, end + 20))) break;
    // The short name the text goes on to define ("the GNU General Public License version 2 (GPL)").
    ABBREVIATION.lastIndex = end;
    const ab = ABBREVIATION.exec(text);
    if (ab) end += ab[0].length;
    licenses.push(license);
    pos = end;
    // "Dual licensed under the MIT (MIT-LICENSE.txt) and GPL (http://www.opensource.org/licenses/gpl-license.php)
    // licenses": the file or address in brackets after a name is an aside; the list goes on after it.
    ASIDE.lastIndex = pos;
    const aside = ASIDE.exec(text);
    if (aside) pos += aside[0].length;
    // "the GNU LGPL version 2.1, or (at your option) under the GNU GPL version 2".
    const join = / (?:or(?: at your (?:option|choice)| alternatively| if you prefer)?|and|and or|as well as)(?: under)? /y;
    join.lastIndex = pos;
    const j = join.exec(text);
    if (!j) {
      // "dual licensed under the MIT/GPL2 licenses": after a choice lead, names side by side
      // (a slash between them) are the options too; a word that is no name ends the list.
      if (!adjacent || pos >= text.length || text[pos] !== ' ') break;
      ops.push('OR');
      nameEnd = pos;
      pos += 1;
      bareJoin = true;
      continue;
    }
    bareJoin = false;
    // "Licensed under the Academic Free License version 2.0 Or under the following terms: ...":
    // the other option is the notice that follows (see `joinAlternatives`).
    if (/ or /.test(j[0]) && /^(?:the )?following terms\b/.test(text.slice(pos + j[0].length, pos + j[0].length + 24))) {
      goesOn = true;
      break;
    }
    ops.push(/ or /.test(j[0]) || / and or /.test(j[0]) ? 'OR' : 'AND');
    pos += j[0].length;
  }
  // "either the GPL version 2 or the Common Development and Distribution License": the list
  // goes on with a license this table cannot name, so what was read is not the whole answer.
  if (licenses.length > 0 && ops.length === licenses.length) {
    ops.pop();
    if (bareJoin) pos = nameEnd;
    else uncertain = true;
  }
  return { licenses, ops, end: pos, uncertain, vague, goesOn };
}

/** An expression as one option of an OR: parenthesised when it holds an AND. */
function orOperand(e: string): string {
  return / AND /.test(e) ? `(${e})` : e;
}

/** Builds "A OR B", "(A OR B) AND C" from names and the words between them. */
function expressionOf(licenses: string[], ops: Array<'OR' | 'AND'>, choice: boolean): string {
  const unique = [...new Set(licenses)];
  if (unique.length === 1) return unique[0]!;
  const allOr = choice || ops.every((o) => o === 'OR');
  const wrap = (e: string) => (/ (?:AND|OR) /.test(e) ? `(${e})` : e);
  if (allOr) return unique.map(wrap).join(' OR ');
  return unique.map(wrap).join(' AND ');
}

// After the GFDL's version: "with the Invariant Sections being LIST" or "with no Invariant Sections".
const FDL_INVARIANTS = /^(?: published by the free software foundation)? with (the|no) invariant sections\b/;

/** Finds license notices, references and URLs among the tokens not `masked` (already part of a matched full text). */
export function findNotices(stream: TokenStream, masked: Uint8Array, options: { fullText?: boolean; texts?: readonly string[] } = {}): TextMatch[] {
  const { text, tokenAt } = unmaskedText(stream, masked);
  const title = titleOnly(text, stream, masked);
  if (title) return [title];
  // Every pattern has one of these words (a lead ends in "under" or "of", a URL has "org", the
  // Mozilla tri-license line reads "Version: MPL 1.1/GPL 2.0/LGPL 2.1").
  if (!text.includes('licen') && !text.includes('under') && !text.includes(' org ') && !text.includes('mpl ')) return [];
  const p = patterns();
  const found: Found[] = [];
  for (const n of p.notices) {
    n.re.lastIndex = 0;
    for (const m of text.matchAll(n.re)) found.push({ expression: n.license, confidence: p.confidence.notice, method: 'notice', start: m.index, end: m.index + m[0].length });
  }
  let namedException = false;
  for (const n of p.exceptions) {
    n.re.lastIndex = 0;
    for (const m of text.matchAll(n.re)) {
      namedException = true;
      if (n.license) found.push({ expression: n.license, confidence: p.confidence.notice, method: 'notice', start: m.index, end: m.index + m[0].length });
      found.push({ expression: n.exception, confidence: p.confidence.notice, method: 'notice', start: m.index, end: m.index + m[0].length, kind: 'exception' });
    }
  }
  // GNU standard headers anywhere ("This program is free software; you can redistribute it
  // and/or modify it under the terms of the GNU General Public License as published by ...").
  GNU_NAME.lastIndex = 0;
  for (const m of text.matchAll(GNU_NAME)) {
    const r = readGnu(text, m, false);
    if (!r || negated(text, m.index)) continue;
    found.push({ expression: r.license, confidence: p.confidence.notice, method: 'notice', start: m.index, end: r.end });
  }
  const fdl = /\bunder the terms of the gnu free documentation licen[sc]e version 1 ([123])( or any later version)?/g;
  for (const m of text.matchAll(fdl)) {
    // The notice says whether the document has Invariant Sections: the SPDX ids differ.
    const end = m.index + m[0].length;
    const inv = FDL_INVARIANTS.exec(text.slice(end, end + 120));
    const variant = !inv ? '' : inv[1] === 'no' ? '-no-invariants' : '-invariants';
    found.push({ expression: `GFDL-1.${m[1]}${variant}-${m[2] ? 'or-later' : 'only'}`, confidence: p.confidence.notice, method: 'notice', start: m.index, end: inv ? end + inv[0].length : end });
  }
  p.leads.lastIndex = 0;
  // "its documentation under version 4.0 or later of the Creative Commons ...": a grant of a
  // version of a license this table cannot name, so what was read is not the whole answer.
  let unreadGrant = false;
  for (const m of text.matchAll(p.leads)) {
    if (negated(text, m.index)) continue;
    const from = m.index + m[0].length;
    const r = readNames(p, text, from, /\b(?:dual|dually|tri|triple)\b/.test(m[0]));
    if (r.licenses.length === 0) {
      ANY_VERSION_FIRST.lastIndex = from;
      if (ANY_VERSION_FIRST.test(text) && !/^licen[cs]e\b/.test(text.slice(ANY_VERSION_FIRST.lastIndex))) unreadGrant = true;
      continue;
    }
    // "... under the terms of the BSD Licence as follows:" and a BSD text: the vague name is the
    // text's, which the matcher read.
    if (r.licenses.length === 1 && r.vague.length === 1 && (options.texts ?? []).some((t) => t.split('-')[0] === r.vague[0]!.split('-')[0])) continue;
    const choice = CHOICE.test(m[0]) || CHOICE.test(text.slice(from, r.end + 30));
    const confidence = r.uncertain || r.goesOn ? Math.min(p.confidence.reference, UNCERTAIN) : p.confidence.reference;
    const f: Found = { expression: expressionOf(r.licenses, r.ops, choice), confidence, method: 'reference', start: m.index, end: r.end };
    if (r.goesOn && !r.uncertain) f.joined = p.confidence.reference;
    found.push(f);
  }
  // A license field on a line of its own: "License: GPL-2.0+" (RPM specs, Debian copyright
  // files, file headers), "@license GNU GPL v2" (phpDoc, JSDoc). The name must fill the rest of
  // the line, so "License: see the file COPYING" or a sentence that starts with "License" is not one.
  for (const m of text.matchAll(FIELD)) {
    const at = tokenAt(m.index);
    if (at > 0 && stream.lines[at - 1] === stream.lines[at]) continue;
    const from = m.index + m[0].length;
    // "License :: OSI Approved :: GNU General Public License v2" is a trove classifier, a list entry.
    if (text.startsWith('osi approved ', from)) continue;
    const r = readNames(p, text, from);
    if (r.licenses.length !== 1 || r.end <= from) continue;
    const last = tokenAt(r.end - 1);
    const next = r.end < text.length ? tokenAt(r.end + 1) : -1;
    if (stream.lines[tokenAt(from)] !== stream.lines[at] || stream.lines[last] !== stream.lines[at]) continue;
    if (next >= 0 && stream.lines[next] === stream.lines[at] && text[r.end + 1] !== '|') continue;
    found.push({ expression: r.licenses[0]!, confidence: r.uncertain ? UNCERTAIN : p.confidence.reference, method: 'reference', start: m.index, end: r.end });
  }
  for (const u of p.urls) {
    u.re.lastIndex = 0;
    for (const m of text.matchAll(u.re)) {
      let license = u.license;
      if (u.usesId) license = spdxIdsByWords().get(m[1]!) ?? '';
      else license = license.replace(/\{(\d)\}/g, (_, g: string) => (m[Number(g)] ?? '').toUpperCase().replace(/ /g, '-'));
      const id = license && currentId(license);
      if (!id) continue;
      found.push({ expression: id, confidence: u.confidence ?? p.confidence.url, method: 'url', start: m.index, end: m.index + m[0].length });
    }
  }
  const whole = found;
  // A special exception (Classpath, GCC, Autoconf, a linking exception) changes a GNU
  // license into "GPL-2.0-only WITH ..."; unless a notice above named it (or the answer already
  // carries its WITH), the GNU answer is not the whole one.
  if (!namedException && EXCEPTION_HINT.test(text)) for (const f of whole) if (/GPL/.test(f.expression) && !/ WITH /.test(f.expression)) f.confidence = Math.min(f.confidence, UNCERTAIN);
  // "Alternatively, this software may be distributed under the terms of BSD license": a choice
  // of another license this table cannot name.
  if (ALTERNATIVELY.test(text) && !found.some((f) => f.method === 'reference' && f.start > text.search(ALTERNATIVELY))) {
    for (const f of whole) f.confidence = Math.min(f.confidence, UNCERTAIN);
  }
  // "... under the terms of the GNU General Public License version 2. Alternatively, this
  // software may be distributed under the terms of BSD license": a choice of the two.
  for (const a of text.matchAll(ALTERNATIVELY_ALL)) {
    const alt = found.find((f) => f.method === 'reference' && f.start >= a.index && f.start <= a.index + a[0].length);
    // A standard header comes with its own paragraphs before "Alternatively" (the GNU warranty
    // disclaimer, the Mozilla-style Original Code and Contributors), a reference does not.
    const before = found.filter((f) => f !== alt && f.kind !== 'exception' && f.end <= a.index && a.index - f.end < (f.method === 'notice' ? NOTICE_GAP : ALTERNATIVE_GAP));
    const prev = before.sort((x, y) => y.end - x.end || x.start - y.start)[0];
    // "... OF THE POSSIBILITY OF SUCH DAMAGE. Alternatively, the contents of this file may be used
    // under the terms of the GNU General Public License ...": right after the one license text the
    // matcher read (its words are masked, "|" here), a choice of that text's license and this one.
    // (A text from the file's first word leaves no "|": the words start after it.)
    const atStart = a.index === 0 && tokenAt(0) > 0 && masked[tokenAt(0) - 1] === 1;
    const textEnd = atStart ? 0 : text.lastIndexOf('|', a.index);
    if (alt && !prev && options.texts?.length === 1 && textEnd >= 0 && a.index - textEnd < ALTERNATIVE_GAP && !found.some((f) => f.end > textEnd && f.end <= a.index)) {
      found[found.indexOf(alt)] = { ...alt, expression: `${orOperand(options.texts[0]!)} OR ${orOperand(alt.expression)}` };
      continue;
    }
    if (!alt || !prev || / WITH /.test(prev.expression)) continue;
    // The Mozilla-style block's own "Alternatively" paragraph: a standard header already read it.
    if (found.some((f) => f.method === 'notice' && f.start <= alt.start && f.end >= alt.end)) continue;
    // One choice replaces both: the same words are not also two separate grants.
    const merged: Found = { expression: `${orOperand(prev.expression)} OR ${orOperand(alt.expression)}`, confidence: Math.min(prev.confidence, alt.confidence), method: prev.method, start: prev.start, end: alt.end };
    found.splice(found.indexOf(alt), 1);
    found[found.indexOf(prev)] = merged;
  }
  if (unreadGrant) for (const f of whole) f.confidence = Math.min(f.confidence, UNCERTAIN);
  // "Licensed under the MIT License (the "License"); you may not use this file except in
  // compliance with the License": the Apache notice with another name is a modified notice.
  for (const m of text.matchAll(APACHE_BOILERPLATE)) {
    for (const f of whole) if (f.expression !== 'Apache-2.0' && f.end <= m.index && m.index - f.end < 40) f.confidence = Math.min(f.confidence, UNCERTAIN);
  }
  // Untrusted input: a file of nothing but "licensed under the MIT" must not make a million
  // evidence items (and strongest() is quadratic in the worst case).
  if (found.length > MAX_FOUND) found.length = MAX_FOUND;
  let kept = joinAlternatives(text, strongest(found));
  // Many license URLs together are a list (of licenses a tool knows, of choices), not a grant.
  const urlLicenses = new Set(kept.filter((f) => f.method === 'url').map((f) => f.expression));
  if (urlLicenses.size > MAX_URL_LICENSES) kept = kept.filter((f) => f.method !== 'url');
  if (options.fullText) kept = kept.filter((f) => f.method !== 'url');
  return kept.map((f) => ({
    expression: f.expression,
    confidence: f.confidence,
    method: f.method,
    startLine: stream.lines[tokenAt(f.start)]!,
    endLine: stream.lines[tokenAt(Math.max(f.start, f.end - 1))]!,
    kind: f.kind ?? ('license' as const),
  }));
}

/**
 * A text that is nothing but a license's name ("Apache License 2.0", "GNU General Public License
 * v3.0": a LICENSE file or a package's license field holding only that) names the license
 * without granting it in words: evidence, below the threshold. Only where the matcher found no
 * text at all: a title above a matched text is the text's.
 */
function titleOnly(text: string, stream: TokenStream, masked: Uint8Array): TextMatch | undefined {
  if (text.length === 0 || text.length > MAX_TITLE || text.includes('|') || masked.some((v) => v !== 0)) return undefined;
  const r = readNames(patterns(), text, 0);
  if (r.licenses.length !== 1 || r.end !== text.length) return undefined;
  return { expression: r.licenses[0]!, confidence: UNCERTAIN, method: 'reference', startLine: stream.lines[0]!, endLine: stream.lines[stream.ids.length - 1]!, kind: 'license' };
}

const FIELD = /\blicen[cs]e /g;
/** The longest text (in characters of normalised words) read as a title alone. */
const MAX_TITLE = 100;

/** The confidence of a notice that is not the whole answer: evidence, below ACCEPT_THRESHOLD. */
const UNCERTAIN = 0.85;
/** The most notices kept from one text. */
const MAX_FOUND = 200;
/** More license URLs than this in one text are a list. */
const MAX_URL_LICENSES = 3;
const EXCEPTION_HINT = /\b(?:special exception|linking exception|classpath exception|exception to the (?:gnu|gpl|lgpl)|gcc runtime library exception|with the following exception|autoconf exception|bison exception)\b/;
const ALTERNATIVELY_ALL = /\balternatively(?: [a-z0-9]+){0,8} (?:distributed|licensed|used|redistributed|modified) under\b/g;
/** How far before "Alternatively" the license it is an alternative to may end (in characters of words). */
const ALTERNATIVE_GAP = 120;
const NOTICE_GAP = 2000;
const ALTERNATIVELY = /\balternatively(?: [a-z0-9]+){0,8} (?:distributed|licensed|used|redistributed|modified) under\b/;
const APACHE_BOILERPLATE = /\bthe license you may not use this (?:file|work|library|software) except in compliance with the license\b/g;

// Between two notices: "... either version 3, or (at your option) any later version, or - the
// terms of the GNU General Public License as published by ..." (gnulib's dual-license header),
// "... version 2.1, or, at your option, under the terms of the GNU General Public License ...".
// "or" between two grants makes them alternatives; "and" leaves them two terms.
// freedesktop.org's "Licensed under the Academic Free License version 2.0 Or under the following
// terms: This library is free software; you can redistribute it and/or modify it under ...".
const OR_JOIN = /^ or(?: at your (?:option|choice)| alternatively| if you prefer)?(?: under the following terms(?: this (?:library|program|file|software|code) is free software)?)?(?: under| you can redistribute it and or modify it under)?(?: either)?(?: the terms (?:and conditions )?of)?(?: the)? ?$/;

/**
 * Joins notices and references (sorted by where they start) that only "or" separates into one
 * choice: "LGPL-3.0-or-later OR GPL-2.0-or-later", not two grants that both apply.
 */
function joinAlternatives(text: string, kept: Found[]): Found[] {
  const out: Found[] = [];
  for (const f of kept) {
    const prev = out[out.length - 1];
    const joinable = (x: Found) => x.kind !== 'exception' && (x.method === 'notice' || x.method === 'reference');
    if (prev && joinable(prev) && joinable(f) && f.start >= prev.end && OR_JOIN.test(text.slice(prev.end, f.start))) {
      const options = [...new Set([prev.expression, f.expression])];
      out[out.length - 1] = { expression: options.map(orOperand).join(' OR '), confidence: Math.min(prev.joined ?? prev.confidence, f.confidence), method: prev.method, start: prev.start, end: f.end };
      continue;
    }
    out.push(f);
  }
  return out;
}

const METHOD_RANK: Partial<Record<TextMatchMethod, number>> = { notice: 3, reference: 2, url: 1 };

/** The license families ("GPL-2.0" of GPL-2.0-or-later) an expression names. */
function families(expression: string): string[] {
  return expression
    .split(/ (?:AND|OR|WITH) |[()]/)
    .map((s) => s.trim().replace(/-(?:only|or-later)$/, ''))
    .filter(Boolean);
}

/**
 * Keeps, for each license family, the strongest evidence: a notice over a reference over a
 * URL (the "see http://www.gnu.org/licenses/gpl-2.0.html" after an "or any later version"
 * notice must not add GPL-2.0-only), and a match inside a larger one is dropped.
 */
function strongest(found: Found[]): Found[] {
  const best = new Map<string, number>();
  for (const f of found) for (const fam of families(f.expression)) best.set(fam, Math.max(best.get(fam) ?? 0, METHOD_RANK[f.method] ?? 0));
  const kept = found.filter((f) => families(f.expression).some((fam) => (METHOD_RANK[f.method] ?? 0) >= best.get(fam)!));
  // A reference "under the terms of the GNU GPL ..." overlaps the notice the GNU pass found.
  const out: Found[] = [];
  for (const f of kept.sort((a, b) => a.start - b.start || (METHOD_RANK[b.method] ?? 0) - (METHOD_RANK[a.method] ?? 0) || b.end - a.end)) {
    const inside = out.find((o) => f.start < o.end && o.start < f.end);
    if (inside) {
      if (inside.expression === f.expression) continue;
      // A reference within a notice is the notice's own wording (the Mozilla tri-license's "only
      // under the terms of either the GPL or the LGPL" names the versions its header gave).
      if (inside.method === 'notice' && f.method !== 'notice' && f.start >= inside.start && f.end <= inside.end) continue;
      // The longer reading wins: "MIT or Apache-2.0" over "MIT".
      if (f.end - f.start > inside.end - inside.start && families(f.expression).length > families(inside.expression).length) {
        out[out.indexOf(inside)] = f;
        continue;
      }
      if (families(f.expression).every((fam) => families(inside.expression).includes(fam))) continue;
    }
    out.push(f);
  }
  return out;
}
