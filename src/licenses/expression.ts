import { createRequire } from 'node:module';
import spdxCorrect from 'spdx-correct';
import spdxParse from 'spdx-expression-parse';

const require = createRequire(import.meta.url);
const LICENSE_IDS = require('spdx-license-ids') as string[];
const DEPRECATED_IDS = require('spdx-license-ids/deprecated.json') as string[];
const EXCEPTION_IDS = require('spdx-exceptions') as string[];

/** The longest declared license string treated as an expression; longer ones are text, not ids. */
export const MAX_EXPRESSION_LENGTH = 1024;
/** The deepest parenthesis nesting accepted; real expressions stay below 4. */
export const MAX_EXPRESSION_DEPTH = 16;
/** The most license terms accepted in one expression. */
export const MAX_EXPRESSION_TERMS = 64;

/**
 * How a declared license string was read: a valid SPDX expression, one with deprecated ids
 * mapped, free text corrected to an id, a well-known license URL, a PyPI classifier, npm's
 * `SEE LICENSE IN` and `UNLICENSED`, or unknown (kept as a LicenseRef).
 */
export type NormalizationKind =
  | 'spdx'
  | 'deprecated'
  | 'corrected'
  | 'url'
  | 'classifier'
  | 'see-file'
  | 'unlicensed'
  | 'unknown'
  | 'none';

/** A declared license string normalised to an SPDX expression. */
export interface NormalizedLicense {
  /** An SPDX expression (possibly with LicenseRef- terms), or undefined for NONE, NOASSERTION, empty. */
  expression?: string;
  kind: NormalizationKind;
  /** 0 to 1: 1 for valid SPDX, less for mapped and corrected forms, low for unknown. */
  score: number;
  /** The string as the source wrote it. */
  raw: string;
  /** For `SEE LICENSE IN <file>`: the file named, relative to the package. */
  seeFile?: string;
  /** Why the string could not be read as an expression (too long, too deep, ambiguous). */
  problem?: string;
}

/** A parsed SPDX expression: a license term or a conjunction of two or more. */
export type LicenseNode =
  | { kind: 'license'; id: string; plus?: boolean; exception?: string }
  | { kind: 'and' | 'or'; children: LicenseNode[] };

const CANONICAL = new Map<string, string>();
for (const id of [...LICENSE_IDS, ...DEPRECATED_IDS, ...EXCEPTION_IDS]) CANONICAL.set(id.toLowerCase(), id);
const EXCEPTIONS = new Set(EXCEPTION_IDS);

/**
 * Deprecated SPDX ids and what replaced them
 * (https://spdx.org/licenses/ "Deprecated License Identifiers"; SPDX 2.3 Annex D): a bare GNU
 * id means that version only, `+` means or later. The `-with-` ids became `WITH` exceptions.
 */
const DEPRECATED: Record<string, { only: string; orLater?: string; exception?: string }> = {
  'GPL-1.0': { only: 'GPL-1.0-only', orLater: 'GPL-1.0-or-later' },
  'GPL-2.0': { only: 'GPL-2.0-only', orLater: 'GPL-2.0-or-later' },
  'GPL-3.0': { only: 'GPL-3.0-only', orLater: 'GPL-3.0-or-later' },
  'LGPL-2.0': { only: 'LGPL-2.0-only', orLater: 'LGPL-2.0-or-later' },
  'LGPL-2.1': { only: 'LGPL-2.1-only', orLater: 'LGPL-2.1-or-later' },
  'LGPL-3.0': { only: 'LGPL-3.0-only', orLater: 'LGPL-3.0-or-later' },
  'AGPL-1.0': { only: 'AGPL-1.0-only', orLater: 'AGPL-1.0-or-later' },
  'AGPL-3.0': { only: 'AGPL-3.0-only', orLater: 'AGPL-3.0-or-later' },
  'GFDL-1.1': { only: 'GFDL-1.1-only', orLater: 'GFDL-1.1-or-later' },
  'GFDL-1.2': { only: 'GFDL-1.2-only', orLater: 'GFDL-1.2-or-later' },
  'GFDL-1.3': { only: 'GFDL-1.3-only', orLater: 'GFDL-1.3-or-later' },
  'GPL-2.0-with-classpath-exception': { only: 'GPL-2.0-only', exception: 'Classpath-exception-2.0' },
  'GPL-2.0-with-GCC-exception': { only: 'GPL-2.0-only', exception: 'GCC-exception-2.0' },
  'GPL-2.0-with-autoconf-exception': { only: 'GPL-2.0-only', exception: 'Autoconf-exception-2.0' },
  'GPL-2.0-with-bison-exception': { only: 'GPL-2.0-only', exception: 'Bison-exception-2.2' },
  'GPL-2.0-with-font-exception': { only: 'GPL-2.0-only', exception: 'Font-exception-2.0' },
  'GPL-3.0-with-GCC-exception': { only: 'GPL-3.0-only', exception: 'GCC-exception-3.1' },
  'GPL-3.0-with-autoconf-exception': { only: 'GPL-3.0-only', exception: 'Autoconf-exception-3.0' },
  'eCos-2.0': { only: 'GPL-2.0-or-later', exception: 'eCos-exception-2.0' },
  wxWindows: { only: 'LGPL-2.0-or-later', exception: 'WxWindows-exception-3.1' },
  'StandardML-NJ': { only: 'SMLNJ' },
  Nunit: { only: 'zlib-acknowledgement' },
  'bzip2-1.0.5': { only: 'bzip2-1.0.6' },
  'BSD-2-Clause-FreeBSD': { only: 'BSD-2-Clause-Views' },
  'BSD-2-Clause-NetBSD': { only: 'BSD-2-Clause' },
};

/** `X-only+` is not meaningful; read it as or-later. */
const ONLY_SUFFIX = /-only$/;

/**
 * Free-text names that are unambiguous but that spdx-correct does not know or would reject under
 * the version rule below. Keys are lowercase with punctuation collapsed to spaces.
 */
const ALIASES: Record<string, string> = {
  'isc license': 'ISC',
  'isc': 'ISC',
  'expat': 'MIT',
  'expat license': 'MIT',
  'mit x11': 'MIT',
  'the mit license': 'MIT',
  'mit license mit': 'MIT',
  'new bsd': 'BSD-3-Clause',
  'new bsd license': 'BSD-3-Clause',
  'bsd new': 'BSD-3-Clause',
  'revised bsd': 'BSD-3-Clause',
  'revised bsd license': 'BSD-3-Clause',
  'modified bsd': 'BSD-3-Clause',
  'modified bsd license': 'BSD-3-Clause',
  'bsd 3 clause': 'BSD-3-Clause',
  '3 clause bsd': 'BSD-3-Clause',
  'simplified bsd': 'BSD-2-Clause',
  'simplified bsd license': 'BSD-2-Clause',
  'freebsd': 'BSD-2-Clause',
  'bsd 2 clause': 'BSD-2-Clause',
  '2 clause bsd': 'BSD-2-Clause',
  'the unlicense': 'Unlicense',
  'unlicense': 'Unlicense',
  'cc0': 'CC0-1.0',
  'cc0 public domain dedication': 'CC0-1.0',
  'python software foundation license': 'PSF-2.0',
  'zlib libpng': 'Zlib',
  'zlib license': 'Zlib',
  'wtfpl': 'WTFPL',
  'boost software license': 'BSL-1.0',
  'boost': 'BSL-1.0',
  'apache 2': 'Apache-2.0',
  'apache2': 'Apache-2.0',
  'apache v2': 'Apache-2.0',
  'apache license v2': 'Apache-2.0',
  'asl 2': 'Apache-2.0',
  'asl 2 0': 'Apache-2.0',
  'bouncy castle licence': 'MIT',
  'universal permissive license': 'UPL-1.0',
  'eclipse distribution license': 'BSD-3-Clause',
  'edl 1 0': 'BSD-3-Clause',
  'gnu lesser general public license v2 1': 'LGPL-2.1-only',
  'cddl 1 0': 'CDDL-1.0',
  'cddl 1 1': 'CDDL-1.1',
  'mpl 1 1': 'MPL-1.1',
};

/**
 * Names that spdx-correct would turn into one version of a family though they name the family
 * only; they stay LicenseRefs so nobody acts on a guess.
 */
const AMBIGUOUS = new Set([
  'bsd', 'bsd license', 'bsd style', 'bsd like', 'gpl', 'gnu gpl', 'gnu general public license', 'lgpl', 'gnu lgpl',
  'agpl', 'apache', 'apache license', 'apache software license', 'mpl', 'mozilla public license', 'epl',
  'eclipse public license', 'cc', 'creative commons', 'cc by', 'cc by sa', 'gnu', 'dual', 'dual license', 'other',
  'osi approved', 'free', 'freeware', 'see license', 'custom', 'psf', 'artistic', 'artistic license', 'cddl',
  'eupl', 'ofl', 'sil', 'afl', 'zpl', 'public domain',
]);

function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Returns `LicenseRef-` and the text reduced to the characters an SPDX idstring allows. */
export function licenseRef(text: string): string {
  let s = text.replace(/[^A-Za-z0-9.]+/g, '-').replace(/-+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (s.length > 64) s = s.slice(0, 64).replace(/[-.]+$/, '');
  return `LicenseRef-${s || 'unknown'}`;
}

/** Returns the nesting depth and term count of an expression, without recursion. */
function measure(text: string): { depth: number; terms: number } {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) max = Math.max(max, ++depth);
    else if (c === 41) depth--;
  }
  const terms = text.split(/\s+(?:AND|OR)\s+/i).length;
  return { depth: max, terms };
}

type RawNode = { license: string; plus?: boolean; exception?: string } | { left: RawNode; conjunction: 'and' | 'or'; right: RawNode };

// Recursion is bounded: parseExpression caps nesting and terms before the parser runs.
function toNode(raw: RawNode, state: { deprecated: boolean }): LicenseNode {
  if ('license' in raw) return mapDeprecated(raw, state);
  const kind = raw.conjunction === 'and' ? 'and' : 'or';
  const children: LicenseNode[] = [];
  for (const side of [raw.left, raw.right]) {
    const c = toNode(side, state);
    // Same conjunction nested: flatten (`A AND (B AND C)` is `A AND B AND C`).
    if (c.kind === kind) children.push(...c.children);
    else children.push(c);
  }
  return { kind, children };
}

function mapDeprecated(r: { license: string; plus?: boolean; exception?: string }, state: { deprecated: boolean }): LicenseNode {
  const dep = DEPRECATED[r.license];
  let id = r.license;
  let plus = r.plus === true;
  let exception = r.exception;
  if (dep) {
    state.deprecated = true;
    id = plus && dep.orLater ? dep.orLater : dep.only;
    if (plus && dep.orLater) plus = false;
    if (dep.exception && !exception) exception = dep.exception;
  } else if (plus && ONLY_SUFFIX.test(id) && CANONICAL.has(id.replace(ONLY_SUFFIX, '-or-later').toLowerCase())) {
    state.deprecated = true;
    id = id.replace(ONLY_SUFFIX, '-or-later');
    plus = false;
  }
  const node: LicenseNode = { kind: 'license', id };
  if (plus) node.plus = true;
  if (exception) node.exception = exception;
  return node;
}

/** Renders a parsed expression as a string, with parentheses only where precedence needs them. */
export function renderExpression(node: LicenseNode): string {
  if (node.kind === 'license') return `${node.id}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  const op = node.kind === 'and' ? ' AND ' : ' OR ';
  return node.children
    .map((c) => {
      const s = renderExpression(c);
      // AND binds tighter than OR: an OR inside an AND needs parentheses.
      return c.kind === 'or' && node.kind === 'and' ? `(${s})` : s;
    })
    .join(op);
}

/** Upper-cases operators and gives known ids their canonical case (`mit` -> `MIT`). */
function fixCase(text: string): string {
  return text.replace(/[A-Za-z0-9][A-Za-z0-9.\-:]*\+?/g, (token) => {
    const lower = token.toLowerCase();
    if (lower === 'and' || lower === 'or' || lower === 'with') return token.toUpperCase();
    if (/^(licenseref|documentref)-/i.test(token)) return token;
    const plus = token.endsWith('+');
    const bare = plus ? lower.slice(0, -1) : lower;
    const id = CANONICAL.get(bare);
    return id ? id + (plus ? '+' : '') : token;
  });
}

/**
 * Parses an SPDX expression after the length, depth and term caps (a hostile expression is
 * refused before the recursive parser sees it); undefined when it is not valid SPDX.
 */
export function parseExpression(text: string): { node: LicenseNode; deprecated: boolean } | undefined {
  if (text.length > MAX_EXPRESSION_LENGTH) return undefined;
  const m = measure(text);
  if (m.depth > MAX_EXPRESSION_DEPTH || m.terms > MAX_EXPRESSION_TERMS) return undefined;
  let raw: RawNode;
  try {
    raw = spdxParse(fixCase(text)) as RawNode;
  } catch {
    return undefined;
  }
  const state = { deprecated: false };
  const node = toNode(raw, state);
  if (!validExceptions(node)) return undefined;
  return { node, deprecated: state.deprecated };
}

function validExceptions(node: LicenseNode): boolean {
  if (node.kind === 'license') return node.exception === undefined || EXCEPTIONS.has(node.exception) || node.exception.startsWith('AdditionRef-');
  return node.children.every(validExceptions);
}

/** Returns each license id (and exception) an expression names, in order, without repeats. */
export function licenseTerms(node: LicenseNode): Array<{ id: string; exception?: string; plus?: boolean }> {
  const out: Array<{ id: string; exception?: string; plus?: boolean }> = [];
  const seen = new Set<string>();
  const walk = (n: LicenseNode) => {
    if (n.kind === 'license') {
      const k = renderExpression(n);
      if (!seen.has(k)) {
        seen.add(k);
        out.push({ id: n.id, ...(n.exception ? { exception: n.exception } : {}), ...(n.plus ? { plus: true } : {}) });
      }
    } else n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** The numbers a license id carries (`BSD-3-Clause` -> 3, `LGPL-2.1-only` -> 2). */
function majorNumbers(id: string): string[] {
  return [...id.matchAll(/(\d+)(?:\.\d+)*/g)].map((m) => String(Number(m[1])));
}

/**
 * Corrects one free-text license name with spdx-correct, refusing guesses: the result must
 * carry no version the text did not state and no "or later" the text did not grant.
 */
function correctTerm(text: string): string | undefined {
  const k = key(text);
  if (k === '' || /[<>{}[\]$]/.test(text)) return undefined;
  const alias = ALIASES[k];
  if (alias) return alias;
  if (AMBIGUOUS.has(k) || AMBIGUOUS.has(k.replace(/ licen[cs]e$/, ''))) return undefined;
  if (/\b(dual|or|and|any|choice)\b/.test(k) && !/\bor later\b|\bany later\b/.test(k)) return undefined;
  let corrected: string | null;
  try {
    corrected = spdxCorrect(text, { upgrade: false });
  } catch {
    return undefined;
  }
  if (!corrected) return undefined;
  const parsed = parseExpression(corrected);
  if (!parsed || parsed.node.kind !== 'license') return undefined;
  const id = parsed.node.id;
  const numbers = new Set([...k.matchAll(/\d+/g)].map((m) => String(Number(m[0]))));
  // Versions written as `v2` or `2.0` both count; `GPLv3` gives 3.
  for (const n of majorNumbers(id)) if (!numbers.has(n)) return undefined;
  const laterGranted = /\+|\blater\b|\bnewer\b|\babove\b/.test(text.toLowerCase());
  if ((id.endsWith('-or-later') || parsed.node.plus) && !laterGranted) return undefined;
  return renderExpression(parsed.node);
}

const SEE_LICENSE = /^see licen[cs]e in\s+(.+)$/i;

/**
 * Normalises one declared license string to an SPDX expression: valid expressions (any case,
 * deprecated ids mapped to -only/-or-later), npm's `SEE LICENSE IN <file>` and `UNLICENSED`,
 * free text corrected where unambiguous, and anything else kept as a `LicenseRef-`.
 */
export function normalizeLicense(input: string): NormalizedLicense {
  const raw = input;
  const text = input.replace(/\s+/g, ' ').trim().replace(/^["']|["']$/g, '').trim();
  if (text === '' || /^(none|noassertion|unknown)$/i.test(text)) return { kind: 'none', score: 1, raw };
  if (input.length > MAX_EXPRESSION_LENGTH || /\n.*\n/.test(input)) {
    // A pasted license text, not a name: the caller may run the text matcher on it.
    return { expression: licenseRef(text.slice(0, 64)), kind: 'unknown', score: 0, raw, problem: 'license text instead of an expression' };
  }
  if (/^unlicensed$/i.test(text)) return { expression: 'LicenseRef-UNLICENSED', kind: 'unlicensed', score: 1, raw };
  const see = SEE_LICENSE.exec(text);
  if (see) {
    const file = see[1]!.trim();
    return { expression: licenseRef(`SEE-LICENSE-IN-${file}`), kind: 'see-file', score: 0.5, raw, seeFile: file };
  }
  const m = measure(text);
  if (m.depth > MAX_EXPRESSION_DEPTH || m.terms > MAX_EXPRESSION_TERMS) {
    return {
      expression: licenseRef(text),
      kind: 'unknown',
      score: 0,
      raw,
      problem: `expression too complex (nesting ${m.depth}, ${m.terms} terms; limits ${MAX_EXPRESSION_DEPTH} and ${MAX_EXPRESSION_TERMS})`,
    };
  }
  const parsed = parseExpression(text);
  if (parsed) {
    const expression = renderExpression(parsed.node);
    if (parsed.deprecated) return { expression, kind: 'deprecated', score: 0.95, raw };
    return { expression, kind: 'spdx', score: 1, raw };
  }
  // `MIT/Apache-2.0`: Cargo's and many READMEs' old "either" separator, when every part is an id.
  if (text.includes('/')) {
    const parts = text.split('/').map((p) => p.trim());
    const ids = parts.map((p) => parseExpression(p));
    if (parts.length > 1 && ids.every((x) => x && x.node.kind === 'license')) {
      const node: LicenseNode = { kind: 'or', children: ids.map((x) => x!.node) };
      return { expression: renderExpression(node), kind: 'corrected', score: 0.85, raw };
    }
  }
  const whole = correctTerm(text);
  if (whole) return { expression: whole, kind: 'corrected', score: 0.8, raw };
  // `MIT OR Apache 2`: correct each operand between top-level operators.
  if (!text.includes('(')) {
    const pieces = text.split(/\s+(AND|OR)\s+/);
    if (pieces.length > 1) {
      const out: string[] = [];
      let ok = true;
      for (let i = 0; i < pieces.length; i++) {
        const p = pieces[i]!;
        if (i % 2 === 1) out.push(p);
        else {
          const c = parseExpression(p)?.node;
          const fixed = c ? renderExpression(c) : correctTerm(p);
          if (!fixed) {
            ok = false;
            break;
          }
          out.push(fixed);
        }
      }
      const joined = ok ? parseExpression(out.join(' ')) : undefined;
      if (joined) return { expression: renderExpression(joined.node), kind: 'corrected', score: 0.8, raw };
    }
  }
  return { expression: licenseRef(text), kind: 'unknown', score: 0.3, raw, problem: 'not an SPDX expression or a known license name' };
}

/**
 * Joins several normalised licenses with OR (a choice: npm's legacy `licenses` array, Maven
 * `<licenses>`, several PyPI classifiers) or AND; undefined when none has an expression.
 */
export function combineLicenses(list: NormalizedLicense[], op: 'OR' | 'AND'): NormalizedLicense | undefined {
  const withExpr = list.filter((l) => l.expression !== undefined);
  if (withExpr.length === 0) return undefined;
  if (withExpr.length === 1) return withExpr[0];
  const exprs = [...new Set(withExpr.map((l) => l.expression!))];
  const joined = exprs.map((e) => (exprs.length > 1 && /\s(OR|AND)\s/.test(e) ? `(${e})` : e)).join(` ${op} `);
  const parsed = parseExpression(joined);
  return {
    expression: parsed ? renderExpression(parsed.node) : joined,
    kind: withExpr.some((l) => l.kind === 'unknown') ? 'unknown' : withExpr[0]!.kind,
    score: Math.min(...withExpr.map((l) => l.score)),
    raw: withExpr.map((l) => l.raw).join(` ${op} `),
  };
}

/** Well-known license URLs; the key drops the scheme, `www.`, a trailing `/` and `.html`/`.txt`/`.php`. */
const URLS: Record<string, string> = {
  'apache.org/licenses/license-2.0': 'Apache-2.0',
  'apache.org/licenses/license-1.1': 'Apache-1.1',
  'opensource.org/licenses/mit': 'MIT',
  'opensource.org/licenses/mit-license': 'MIT',
  'opensource.org/license/mit': 'MIT',
  'opensource.org/licenses/bsd-license': 'BSD-2-Clause',
  'opensource.org/licenses/bsd-2-clause': 'BSD-2-Clause',
  'opensource.org/licenses/bsd-3-clause': 'BSD-3-Clause',
  'opensource.org/licenses/apache-2.0': 'Apache-2.0',
  'opensource.org/licenses/isc': 'ISC',
  'opensource.org/licenses/isc-license': 'ISC',
  'mit-license.org': 'MIT',
  'gnu.org/licenses/gpl-3.0': 'GPL-3.0-only',
  'gnu.org/licenses/gpl': 'GPL-3.0-only',
  'gnu.org/licenses/old-licenses/gpl-2.0': 'GPL-2.0-only',
  'gnu.org/licenses/old-licenses/lgpl-2.1': 'LGPL-2.1-only',
  'gnu.org/licenses/lgpl-3.0': 'LGPL-3.0-only',
  'gnu.org/licenses/lgpl': 'LGPL-3.0-only',
  'gnu.org/licenses/agpl-3.0': 'AGPL-3.0-only',
  'gnu.org/licenses/agpl': 'AGPL-3.0-only',
  'gnu.org/copyleft/lesser': 'LGPL-3.0-only',
  'eclipse.org/legal/epl-v10': 'EPL-1.0',
  'eclipse.org/legal/epl-2.0': 'EPL-2.0',
  'eclipse.org/legal/epl-v20': 'EPL-2.0',
  'eclipse.org/org/documents/edl-v10': 'BSD-3-Clause',
  'mozilla.org/mpl/2.0': 'MPL-2.0',
  'mozilla.org/mpl/mpl-1.1': 'MPL-1.1',
  'creativecommons.org/publicdomain/zero/1.0': 'CC0-1.0',
  'creativecommons.org/publicdomain/zero/1.0/legalcode': 'CC0-1.0',
  'unlicense.org': 'Unlicense',
  'glassfish.dev.java.net/public/cddlv1.0': 'CDDL-1.0',
  'opensource.org/licenses/cddl1': 'CDDL-1.0',
  'oss.oracle.com/licenses/upl': 'UPL-1.0',
  'json.org/license': 'JSON',
};

/**
 * Maps a license URL to an SPDX expression: spdx.org/licenses/<id>, licenses.nuget.org/<expr>,
 * opensource.org/licenses/<id>, choosealicense.com and a table of well-known URLs. GNU URLs
 * name a version without "or later", so they map to `-only`.
 */
export function licenseFromUrl(url: string): string | undefined {
  let u = url.trim();
  if (u.length > 500) return undefined;
  u = u.replace(/^[a-z]+:\/\//i, '').replace(/^www\./i, '').replace(/[?#].*$/, '');
  u = u.replace(/\/+$/, '').replace(/\.(html?|txt|php|md)$/i, '').replace(/\/+$/, '');
  const lower = u.toLowerCase();
  const spdx = /^spdx\.org\/licenses\/([A-Za-z0-9.+-]+?)(?:\.json)?$/i.exec(u);
  if (spdx) return exactId(spdx[1]!);
  const nuget = /^licenses\.nuget\.org\/(.+)$/i.exec(u);
  if (nuget) {
    let expr: string;
    try {
      expr = decodeURIComponent(nuget[1]!);
    } catch {
      return undefined;
    }
    const p = parseExpression(expr);
    return p ? renderExpression(p.node) : undefined;
  }
  if (URLS[lower]) return URLS[lower];
  const osi = /^opensource\.org\/licenses?\/([A-Za-z0-9.+-]+)$/i.exec(u);
  if (osi) return exactId(osi[1]!.replace(/-license$/i, ''));
  const cal = /^choosealicense\.com\/licenses\/([A-Za-z0-9.+-]+)$/i.exec(u);
  if (cal) return exactId(cal[1]!);
  return undefined;
}

function exactId(text: string): string | undefined {
  const p = parseExpression(text);
  return p && p.node.kind === 'license' ? renderExpression(p.node) : undefined;
}

/**
 * PyPI trove classifiers that name exactly one SPDX license
 * (https://pypi.org/classifiers/). Family-only classifiers (`BSD License`,
 * `Apache Software License`, `GNU General Public License (GPL)`) are absent on purpose.
 */
const CLASSIFIERS: Record<string, string> = {
  'MIT License': 'MIT',
  'MIT No Attribution License (MIT-0)': 'MIT-0',
  'ISC License (ISCL)': 'ISC',
  'Apache License 2.0': 'Apache-2.0',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'GNU Lesser General Public License v2 (LGPLv2)': 'LGPL-2.0-only',
  'GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.0-or-later',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'GNU Affero General Public License v3': 'AGPL-3.0-only',
  'GNU Affero General Public License v3 or later (AGPLv3+)': 'AGPL-3.0-or-later',
  'GNU Free Documentation License (FDL)': 'GFDL-1.3-only',
  'Mozilla Public License 1.0 (MPL)': 'MPL-1.0',
  'Mozilla Public License 1.1 (MPL 1.1)': 'MPL-1.1',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'Eclipse Public License 1.0 (EPL-1.0)': 'EPL-1.0',
  'Eclipse Public License 2.0 (EPL-2.0)': 'EPL-2.0',
  'European Union Public Licence 1.1 (EUPL 1.1)': 'EUPL-1.1',
  'European Union Public Licence 1.2 (EUPL 1.2)': 'EUPL-1.2',
  'Boost Software License 1.0 (BSL-1.0)': 'BSL-1.0',
  'The Unlicense (Unlicense)': 'Unlicense',
  'Universal Permissive License (UPL)': 'UPL-1.0',
  'zlib/libpng License': 'Zlib',
  'Python Software Foundation License': 'PSF-2.0',
  'Academic Free License (AFL)': 'AFL-3.0',
  'Artistic License': 'Artistic-2.0',
  'Zope Public License': 'ZPL-2.1',
  'Common Development and Distribution License 1.0 (CDDL-1.0)': 'CDDL-1.0',
  'Historical Permission Notice and Disclaimer (HPND)': 'HPND',
  'Open Software License 3.0 (OSL-3.0)': 'OSL-3.0',
  'PostgreSQL License': 'PostgreSQL',
  'SIL Open Font License 1.1 (OFL-1.1)': 'OFL-1.1',
  'W3C License': 'W3C',
  'Apple Public Source License': 'APSL-2.0',
  'CeCILL-2.1': 'CECILL-2.1',
  'CeCILL-B Free Software License Agreement (CECILL-B)': 'CECILL-B',
  'CeCILL-C Free Software License Agreement (CECILL-C)': 'CECILL-C',
  'Blue Oak Model License (BlueOak-1.0.0)': 'BlueOak-1.0.0',
  'Eiffel Forum License': 'EFL-2.0',
  'Sun Public License': 'SPL-1.0',
};
// Classifiers whose family has several versions: read as that family, never as one version.
const FAMILY_CLASSIFIERS = new Set([
  'Academic Free License (AFL)',
  'Artistic License',
  'Zope Public License',
  'Apple Public Source License',
  'Eiffel Forum License',
  'GNU Free Documentation License (FDL)',
]);

/**
 * Reads a PyPI `License ::` trove classifier: an SPDX id when the classifier names exactly one
 * license, a LicenseRef for family-only ones (`BSD License`), undefined for non-license ones.
 */
export function licenseFromClassifier(classifier: string): NormalizedLicense | undefined {
  const parts = classifier.split('::').map((p) => p.trim());
  if (parts[0] !== 'License') return undefined;
  const last = parts[parts.length - 1]!;
  if (parts.length < 2 || last === 'OSI Approved' || last === 'License') return undefined;
  const id = FAMILY_CLASSIFIERS.has(last) ? undefined : CLASSIFIERS[last];
  if (id) return { expression: id, kind: 'classifier', score: 0.9, raw: classifier };
  return { expression: licenseRef(last), kind: 'unknown', score: 0.3, raw: classifier, problem: 'the classifier names a license family, not one license' };
}

/**
 * Reads a package.json's `license` (string, or the legacy `{type, url}` object) and legacy
 * `licenses` array (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#license);
 * several legacy entries are a choice (OR).
 */
export function licenseFromPackageJson(license: unknown, licenses: unknown): NormalizedLicense | undefined {
  const one = (value: unknown): NormalizedLicense | undefined => {
    if (typeof value === 'string') return normalizeLicense(value);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const rec = value as Record<string, unknown>;
      if (typeof rec.type === 'string') return normalizeLicense(rec.type);
      if (typeof rec.url === 'string') {
        const id = licenseFromUrl(rec.url);
        if (id) return { expression: id, kind: 'url', score: 0.8, raw: rec.url };
      }
    }
    return undefined;
  };
  if (license !== undefined) {
    const l = one(license);
    if (l) return l;
  }
  if (Array.isArray(licenses)) {
    const list = licenses.slice(0, MAX_EXPRESSION_TERMS).map(one).filter((x): x is NormalizedLicense => x !== undefined);
    return combineLicenses(list, 'OR');
  }
  return one(licenses);
}

/**
 * Reads Maven `<licenses><license><name>` and `<url>` entries: the URL when it is well known,
 * else the name. Several licenses are a choice (OR), as the POM reference says
 * (https://maven.apache.org/pom.html#Licenses).
 */
export function licenseFromMaven(entries: Array<{ name?: string; url?: string }>): NormalizedLicense | undefined {
  const list: NormalizedLicense[] = [];
  for (const e of entries.slice(0, MAX_EXPRESSION_TERMS)) {
    const byName = e.name ? normalizeLicense(e.name) : undefined;
    if (byName && (byName.kind === 'spdx' || byName.kind === 'deprecated')) {
      list.push(byName);
      continue;
    }
    const byUrl = e.url ? licenseFromUrl(e.url) : undefined;
    if (byUrl) list.push({ expression: byUrl, kind: 'url', score: 0.9, raw: e.name ?? e.url! });
    else if (byName) list.push(byName);
    else if (e.url) list.push({ expression: licenseRef(e.url), kind: 'unknown', score: 0.3, raw: e.url });
  }
  return combineLicenses(list, 'OR');
}

/**
 * Reads a nuspec's `<license type="expression">`, `<license type="file">` and deprecated
 * `<licenseUrl>` (https://learn.microsoft.com/nuget/reference/nuspec#license).
 */
export function licenseFromNuspec(license: { type?: string; text?: string } | undefined, licenseUrl: string | undefined): NormalizedLicense | undefined {
  if (license?.text) {
    if (license.type === 'file') return { expression: licenseRef(`FILE-${license.text}`), kind: 'see-file', score: 0.5, raw: license.text, seeFile: license.text };
    return normalizeLicense(license.text);
  }
  if (licenseUrl && !/aka\.ms\/deprecateLicenseUrl/i.test(licenseUrl)) {
    const id = licenseFromUrl(licenseUrl);
    if (id) return { expression: id, kind: 'url', score: 0.8, raw: licenseUrl };
    return { expression: licenseRef(licenseUrl), kind: 'unknown', score: 0.3, raw: licenseUrl, problem: 'license URL not recognised' };
  }
  return undefined;
}

/** Returns whether an expression is made only of SPDX list ids (no LicenseRef-). */
export function isFullySpdx(expression: string): boolean {
  const p = parseExpression(expression);
  return p !== undefined && licenseTerms(p.node).every((t) => !t.id.includes('LicenseRef-'));
}
