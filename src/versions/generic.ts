// An approximate natural ordering for ecosystems OSV gives no version scheme for Ospo to follow
// exactly (ConanCenter, CRAN, SwiftURL, CocoaPods, GitHub Actions and unknown ecosystems).
// It is conservative, not exact: numbers compare as numbers, words alphabetically, and a word
// where the other version has ended or has a number reads as a pre-release.
import { compareDigits, makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

interface Token {
  readonly num: boolean;
  readonly s: string;
}

const TOKEN = /[0-9]+|[A-Za-z]+/g;

function parseGeneric(v: string): Token[] | undefined {
  // Control characters and whitespace never belong in a version; reject rather than guess.
  // eslint-disable-next-line no-control-regex
  if (v === '' || /[\s\u0000-\u001f\u007f]/.test(v)) return undefined;
  const s = /^[vV][0-9]/.test(v) ? v.slice(1) : v;
  const tokens: Token[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const t = m[0];
    const num = t.charCodeAt(0) <= 57;
    tokens.push({ num, s: num ? t.replace(/^0+(?=.)/, '') : t.toLowerCase() });
  }
  return tokens.length === 0 ? undefined : tokens;
}

const ZERO: Token = { num: true, s: '0' };

function compareGeneric(a: Token[], b: Token[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    // A missing token is a zero against a number ("1.0" = "1.0.0") and greater than a word
    // ("1.0-rc1" < "1.0"): the word is taken to be a pre-release label.
    if (x === undefined) return y!.num ? compareTokens(ZERO, y!) : 1;
    if (y === undefined) return x.num ? compareTokens(x, ZERO) : -1;
    const c = compareTokens(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

function compareTokens(x: Token, y: Token): number {
  if (x.num && y.num) return compareDigits(x.s, y.s);
  if (x.num) return 1; // "1.0.1" > "1.0.beta"
  if (y.num) return -1;
  return x.s < y.s ? -1 : x.s > y.s ? 1 : 0;
}

/**
 * The generic scheme: an approximate natural order (numeric segments numerically, words
 * case-insensitively, words read as pre-releases). Any non-empty string without whitespace
 * that contains a letter or digit is valid.
 */
export const GENERIC: VersionScheme = makeScheme('generic', parseGeneric, compareGeneric);
