// SemVer 2.0.0 (https://semver.org/spec/v2.0.0.html), the precedence OSV's `SEMVER` range type
// uses (https://ossf.github.io/osv-schema/#affectedrangestype-field), also crates.io's and Hex's.
import { compareDigits, makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

/** A parsed SemVer-like version: numeric core as digit strings, prerelease and build identifiers. */
export interface ParsedSemver {
  /** major, minor, patch without leading zeros (compared as numbers of any size). */
  readonly core: readonly [string, string, string];
  /** Prerelease identifiers; `num[i]` says whether `pre[i]` is numeric. */
  readonly pre: readonly string[];
  readonly preNum: readonly boolean[];
  /** Build metadata identifiers (ignored for precedence except by Pub). */
  readonly build: readonly string[];
  readonly buildNum: readonly boolean[];
}

/** How one SemVer dialect's grammar differs from SemVer 2.0. */
export interface SemverDialect {
  /** Accept a leading `v` (OSV SEMVER, Go). */
  readonly vPrefix: boolean;
  /** Accept leading zeros in numbers (`01.2.3`, `1.0.0-01`), read as numbers (Pub). */
  readonly leadingZeros: boolean;
  /** Accept `1` and `1.2` for `1.0.0` and `1.2.0` (Go's semver shorthand). */
  readonly shorthand: boolean;
}

const IDENT = /^[0-9A-Za-z-]+$/;
const DIGITS = /^[0-9]+$/;

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return i === 0 ? s : s.slice(i);
}

function parseIdentifiers(
  s: string,
  leadingZeros: boolean,
  numericRule: boolean,
): { ids: string[]; num: boolean[] } | undefined {
  const ids = s.split('.');
  const num: boolean[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    if (!IDENT.test(id)) return undefined;
    const isNum = DIGITS.test(id);
    if (isNum && numericRule) {
      // SemVer 2.0 item 9: numeric prerelease identifiers MUST NOT include leading zeros.
      if (id.length > 1 && id.charCodeAt(0) === 48) {
        if (!leadingZeros) return undefined;
        ids[i] = stripZeros(id);
      }
    }
    num.push(isNum && numericRule);
  }
  return { ids, num };
}

/** Parses a SemVer-like version in the given dialect; undefined when it is not one. */
export function parseSemver(input: string, dialect: SemverDialect): ParsedSemver | undefined {
  let v = input;
  if (dialect.vPrefix && (v.charCodeAt(0) === 118 /* v */ || v.charCodeAt(0) === 86) /* V */) v = v.slice(1);
  let build = '';
  let pre = '';
  const plus = v.indexOf('+');
  if (plus >= 0) {
    build = v.slice(plus + 1);
    if (build === '') return undefined;
    v = v.slice(0, plus);
  }
  const dash = v.indexOf('-');
  if (dash >= 0) {
    pre = v.slice(dash + 1);
    if (pre === '') return undefined;
    v = v.slice(0, dash);
  }
  const parts = v.split('.');
  if (parts.length !== 3 && !(dialect.shorthand && parts.length < 3 && pre === '' && build === '')) return undefined;
  const core: string[] = [];
  for (const p of parts) {
    if (!DIGITS.test(p)) return undefined;
    if (p.length > 1 && p.charCodeAt(0) === 48) {
      if (!dialect.leadingZeros) return undefined;
      core.push(stripZeros(p));
    } else core.push(p);
  }
  while (core.length < 3) core.push('0');
  const preIds = pre === '' ? { ids: [], num: [] } : parseIdentifiers(pre, dialect.leadingZeros, true);
  if (!preIds) return undefined;
  // Build identifiers may have leading zeros (SemVer item 10); Pub compares them like prerelease parts.
  const buildIds = build === '' ? { ids: [], num: [] } : parseIdentifiers(build, true, true);
  if (!buildIds) return undefined;
  return {
    core: core as unknown as [string, string, string],
    pre: preIds.ids,
    preNum: preIds.num,
    build: buildIds.ids,
    buildNum: buildIds.num,
  };
}

/** Compares identifier lists as SemVer item 11.4 does: numeric < alphanumeric, shorter list first when equal so far. */
export function compareIdentifiers(
  a: readonly string[],
  aNum: readonly boolean[],
  b: readonly string[],
  bNum: readonly boolean[],
): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    const xn = aNum[i];
    const yn = bNum[i];
    if (xn && yn) return compareDigits(x, y);
    if (xn) return -1;
    if (yn) return 1;
    // ASCII order, as the spec says ("lexically in ASCII sort order").
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Compares two parsed versions by SemVer 2.0 precedence (build metadata ignored). */
export function compareSemver(a: ParsedSemver, b: ParsedSemver): number {
  for (let i = 0; i < 3; i++) {
    const c = compareDigits(a.core[i] as string, b.core[i] as string);
    if (c !== 0) return c;
  }
  // A version without prerelease has higher precedence than one with (item 11.3).
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length === 0 ? 0 : a.pre.length === 0 ? 1 : -1;
  return compareIdentifiers(a.pre, a.preNum, b.pre, b.preNum);
}

const STRICT: SemverDialect = { vPrefix: false, leadingZeros: false, shorthand: false };
const WITH_V: SemverDialect = { vPrefix: true, leadingZeros: false, shorthand: false };

/**
 * The SemVer 2.0 scheme: OSV `SEMVER` ranges in any ecosystem, and crates.io versions.
 * A leading `v` is tolerated because OSV producers sometimes keep Git tag spelling.
 */
export const SEMVER: VersionScheme = makeScheme('semver', (v) => parseSemver(v, WITH_V), compareSemver);

/**
 * Hex (Elixir `Version`, https://hexdocs.pm/elixir/Version.html): strict SemVer 2.0, no `v`,
 * build metadata ignored for precedence.
 */
export const HEX: VersionScheme = makeScheme('hex', (v) => parseSemver(v, STRICT), compareSemver);
