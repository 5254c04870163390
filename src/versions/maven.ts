// Maven versions, ordered as Maven's ComparableVersion does, written from the "Version Order
// Specification" (https://maven.apache.org/pom.html#version-order-specification) as Maven 3.9
// implements it:
// - the lower-cased version is split into tokens at `.`, `-` and digit/letter transitions; a
//   transition or `-` opens a nested list (so it weighs like a hyphen), an empty token is 0;
// - trailing "null" items (0, "", "ga", "final", "release", empty lists) are trimmed from each list;
// - numbers compare numerically (any size); qualifiers compare as
//   alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp < any other
//   (others alphabetically), with `a1`/`b1`/`m1` read as alpha/beta/milestone before a digit;
// - kinds: `.qualifier` < `-qualifier`... precisely: qualifier < list ("-") < number, and a
//   missing item is padded with null, so `1-rc` < `1` < `1-sp` < `1-1` < `1.1`.
import { compareDigits, makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

type Item =
  | { readonly kind: 0; readonly digits: string } // number
  | { readonly kind: 1; readonly q: string } // qualifier, as its comparable key
  | { readonly kind: 2; readonly items: Item[] }; // list opened by `-` or a transition

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_KEY = String(QUALIFIERS.indexOf(''));

/** The comparable key of a qualifier: its index for known ones, "7-name" for others (sorted after). */
function qualifierKey(raw: string, followedByDigit: boolean): string {
  let q = raw;
  if (followedByDigit && q.length === 1) {
    if (q === 'a') q = 'alpha';
    else if (q === 'b') q = 'beta';
    else if (q === 'm') q = 'milestone';
  }
  if (Object.prototype.hasOwnProperty.call(ALIASES, q)) q = ALIASES[q] as string;
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

const ZERO: Item = { kind: 0, digits: '0' };

function numberItem(s: string): Item {
  const stripped = s.replace(/^0+/, '');
  return { kind: 0, digits: stripped === '' ? '0' : stripped };
}

function parseItem(isDigit: boolean, s: string): Item {
  return isDigit ? numberItem(s) : { kind: 1, q: qualifierKey(s, false) };
}

function isNull(item: Item): boolean {
  if (item.kind === 0) return item.digits === '0';
  if (item.kind === 1) return item.q === RELEASE_KEY;
  return item.items.length === 0;
}

/** Trims trailing null items, stepping over nested lists as ComparableVersion's normalize does. */
function normalize(items: Item[]): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const last = items[i] as Item;
    if (isNull(last)) items.splice(i, 1);
    else if (last.kind !== 2) break;
  }
}

function parseMaven(input: string): Item | undefined {
  // eslint-disable-next-line no-control-regex
  if (input === '' || /[\s\u0000-\u001f\u007f]/.test(input)) return undefined;
  const version = input.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const open = (): void => {
    const next: Item[] = [];
    list.push({ kind: 2, items: next });
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c === 46 /* . */) {
      list.push(i === start ? ZERO : parseItem(isDigit, version.slice(start, i)));
      start = i + 1;
    } else if (c === 45 /* - */) {
      list.push(i === start ? ZERO : parseItem(isDigit, version.slice(start, i)));
      start = i + 1;
      open();
    } else if (c >= 48 && c <= 57) {
      if (!isDigit && i > start) {
        // A qualifier directly followed by digits: `.X1` is treated as `-X1` (1.0.0.X1 < 1.0.0-X2).
        if (list.length > 0) open();
        list.push({ kind: 1, q: qualifierKey(version.slice(start, i), true) });
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(numberItem(version.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (version.length > start) {
    if (!isDigit && list.length > 0) open();
    list.push(parseItem(isDigit, version.slice(start)));
  }
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i] as Item[]);
  return { kind: 2, items: root };
}

/** Compares an item with another or with null (padding), as ComparableVersion's Item.compareTo. */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === 0) {
    if (b === undefined) return a.digits === '0' ? 0 : 1; // 1.0 == 1, 1.1 > 1
    if (b.kind === 0) return compareDigits(a.digits, b.digits);
    return 1; // 1.1 > 1-sp, 1.1 > 1-1
  }
  if (a.kind === 1) {
    if (b === undefined) return cmpStr(a.q, RELEASE_KEY); // 1-rc < 1, 1-sp > 1
    if (b.kind === 1) return cmpStr(a.q, b.q);
    return -1; // 1.any < 1.1, 1.any < 1-1
  }
  if (b === undefined) {
    for (const item of a.items) {
      const r = compareItem(item, undefined);
      if (r !== 0) return r;
    }
    return 0;
  }
  if (b.kind === 0) return -1; // 1-1 < 1.0.x
  if (b.kind === 1) return 1; // 1-1 > 1-sp
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const l = a.items[i];
    const r = b.items[i];
    const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The Maven scheme: ComparableVersion order (Maven 3.9). Any non-empty string without
 * whitespace is a valid Maven version, as it is to Maven.
 */
export const MAVEN: VersionScheme = makeScheme('maven', parseMaven, (a, b) => compareItem(a, b));
