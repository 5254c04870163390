// Packagist (Composer) versions, ordered as Composer does: normalise with Composer's
// VersionParser::normalize (https://getcomposer.org/doc/articles/versions.md; composer/semver),
// then compare the normalised strings with PHP's version_compare
// (https://www.php.net/manual/en/function.version-compare.php).
//
// Normalisation: a leading `v` is dropped, numbers are padded to four parts (`1.2` ->
// `1.2.0.0`), stability suffixes are spelled out (`a`->alpha, `b`->beta, `rc`->RC, `p`/`pl`->patch),
// build metadata after `+` is dropped, `1.x-dev` becomes `1.9999999.9999999.9999999-dev`, and
// date versions (`20240101`) keep their digits.
// version_compare: `-`, `_`, `+` become `.`, a `.` is inserted between digits and letters,
// numbers compare numerically, words by special form:
// anything else < dev < alpha = a < beta = b < RC = rc < (a number) < pl = p (prefix match,
// so "patch" is "p"), and when one version has more parts the next part decides: a number
// makes it newer, a word is ranked against "a number".
//
// Unordered: branch versions (`dev-main`, `dev-feature/x`, and `master`/`trunk`/`default`)
// have no place in the order — Composer never matches them against version constraints — so
// `isValid` is false for them and `compare` throws.
import { compareDigits, makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, 'i');
const NUMERIC_BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

function expandStability(s: string): string {
  const l = s.toLowerCase();
  if (l === 'a') return 'alpha';
  if (l === 'b') return 'beta';
  if (l === 'p' || l === 'pl') return 'patch';
  if (l === 'rc') return 'RC';
  return l;
}

function withModifiers(version: string, m: RegExpMatchArray, index: number): string {
  let out = version;
  const stability = m[index];
  if (stability) {
    if (stability === 'stable') return out;
    out += '-' + expandStability(stability) + (m[index + 1] ? m[index + 1]!.replace(/^[.-]+/, '') : '');
  }
  if (m[index + 2]) out += '-dev';
  return out;
}

/** Composer's VersionParser::normalize; undefined for invalid versions and for branches. */
export function normalizeComposer(input: string): string | undefined {
  let v = input.trim();
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(v);
  if (alias) v = alias[1] as string;
  v = v.replace(/@(?:stable|RC|beta|alpha|dev)$/i, '');
  if (v === 'master' || v === 'trunk' || v === 'default' || /^dev-/i.test(v)) return undefined;
  const build = /^([^,\s+]+)\+[^\s]+$/.exec(v);
  if (build) v = build[1] as string;
  let m = CLASSICAL.exec(v);
  if (m) {
    const version = (m[1] as string) + (m[2] || '.0') + (m[3] || '.0') + (m[4] || '.0');
    return withModifiers(version, m, 5);
  }
  m = DATE.exec(v);
  if (m) return withModifiers((m[1] as string).replace(/\D/g, '.'), m, 2);
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  if (dev) {
    const b = NUMERIC_BRANCH.exec((dev[1] as string).trim());
    if (b) {
      let version = '';
      for (let i = 1; i < 5; i++) version += b[i] !== undefined ? b[i]!.replace(/[*X]/g, 'x') : '.x';
      return version.replace(/x/g, '9999999') + '-dev';
    }
  }
  return undefined;
}

/** One element of a canonical PHP version: a number (digits) or a word's special-form rank. */
type Element = { readonly num: true; readonly digits: string } | { readonly num: false; readonly rank: number };

const SPECIAL_FORMS: readonly [string, number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
const NUMBER_RANK = 4;

/** PHP's compare_special_version_forms rank: first form the word starts with (case-sensitive), else -1. */
function specialRank(word: string): number {
  for (const [name, order] of SPECIAL_FORMS) if (word.startsWith(name)) return order;
  return -1;
}

/** PHP's php_canonicalize_version, then split at dots. */
function canonicalElements(v: string): Element[] {
  const isDigit = (c: string): boolean => c >= '0' && c <= '9';
  const isAlnum = (c: string): boolean => /[0-9A-Za-z]/.test(c);
  let out = v.charAt(0);
  let lp = v.charAt(0);
  for (let i = 1; i < v.length; i++) {
    const c = v.charAt(i);
    const lq = out.charAt(out.length - 1);
    if (c === '-' || c === '_' || c === '+') {
      if (lq !== '.') out += '.';
    } else if ((!isDigit(lp) && lp !== '.' && isDigit(c)) || (isDigit(lp) && !isDigit(c) && c !== '.')) {
      if (lq !== '.') out += '.';
      out += c;
    } else if (!isAlnum(c)) {
      if (lq !== '.') out += '.';
    } else out += c;
    lp = c;
  }
  return out.split('.').map((e): Element => {
    if (isDigit(e.charAt(0))) {
      const digits = /^[0-9]*/.exec(e)![0].replace(/^0+(?=.)/, '');
      return { num: true, digits };
    }
    return { num: false, rank: specialRank(e) };
  });
}

function compareElements(a: Element, b: Element): number {
  if (a.num && b.num) return compareDigits(a.digits, b.digits);
  const ra = a.num ? NUMBER_RANK : a.rank;
  const rb = b.num ? NUMBER_RANK : b.rank;
  return Math.sign(ra - rb);
}

/** PHP's version_compare over canonical elements. */
function compareComposer(a: Element[], b: Element[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareElements(a[i] as Element, b[i] as Element);
    if (c !== 0) return c;
  }
  // The longer version's next element decides: a number makes it newer; a word is ranked
  // against "a number" (#), so 1.0.0.0-beta < 1.0.0.0 < 1.0.0.0-patch1.
  if (a.length > n) {
    const next = a[n] as Element;
    return next.num ? 1 : Math.sign(next.rank - NUMBER_RANK);
  }
  if (b.length > n) {
    const next = b[n] as Element;
    return next.num ? -1 : Math.sign(NUMBER_RANK - next.rank);
  }
  return 0;
}

function parsePackagist(v: string): Element[] | undefined {
  const normalized = normalizeComposer(v);
  return normalized === undefined ? undefined : canonicalElements(normalized);
}

/** The Packagist scheme: Composer normalisation plus PHP version_compare; branches are invalid. */
export const PACKAGIST: VersionScheme = makeScheme('packagist', parsePackagist, compareComposer);
