// PyPI versions: PEP 440 (https://peps.python.org/pep-0440/, now the "Version specifiers"
// spec at https://packaging.python.org/en/latest/specifications/version-specifiers/), parsed by
// @renovatebot/pep440 and ordered by the same key as packaging's Version (_cmpkey): epoch,
// release without trailing zeros, then pre, post, dev and local segments.
//
// Legacy (non-PEP 440) strings: `isValid` is false for them, but `compare` still orders them
// the way packaging < 22 (and so pip before 22.3) did with LegacyVersion — setuptools' old
// parse_version parts, with epoch -1, which puts every legacy version BEFORE every valid PEP 440
// version (packaging's own comment: "as before all PEP 440 versions"). Advisories carry PEP 440
// versions; a legacy version in an inventory is thus older than any bound except another legacy one.
import { parse as parsePep440 } from '@renovatebot/pep440';
import { schemeFunctions } from './cache.js';
import type { VersionScheme } from './types.js';

const NEG = -1;
const POS = 1;

interface Pep440Key {
  readonly legacy: false;
  readonly epoch: number;
  readonly release: readonly number[];
  /** Pre-release: letter rank (a=0, b=1, rc=2) and number; `inf` NEG (dev-only) or POS (none). */
  readonly preInf: number;
  readonly preLetter: number;
  readonly preNum: number;
  /** Post-release number, or -1 for none (post numbers are >= 0). */
  readonly post: number;
  /** Dev-release number, or Infinity for none. */
  readonly dev: number;
  /** Local segments: numbers rank above strings; undefined = no local part (sorts first). */
  readonly local: readonly (string | number)[] | undefined;
}

interface LegacyKey {
  readonly legacy: true;
  readonly parts: readonly string[];
}

type PypiKey = Pep440Key | LegacyKey;

const PRE_RANK: Readonly<Record<string, number>> = { a: 0, b: 1, rc: 2 };

function pep440Key(v: string): Pep440Key | undefined {
  // packaging strips surrounding whitespace before matching.
  const parsed = parsePep440(v.trim());
  if (!parsed) return undefined;
  const release = [...parsed.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const pre = parsed.pre as [string, number] | null;
  const post = parsed.post as [string, number] | null;
  const dev = parsed.dev as [string, number] | null;
  const local = parsed.local as unknown as (string | number)[] | null;
  let preInf = 0;
  if (!pre && !post && dev) preInf = NEG; // 1.0.dev0 sorts before 1.0a0
  else if (!pre) preInf = POS;
  return {
    legacy: false,
    epoch: parsed.epoch,
    release,
    preInf,
    preLetter: pre ? (PRE_RANK[pre[0]] ?? 0) : 0,
    preNum: pre ? pre[1] : 0,
    post: post ? post[1] : -1,
    dev: dev ? dev[1] : Infinity,
    local: local ?? undefined,
  };
}

const LEGACY_SPLIT = /(\d+|[a-z]+|\.|-)/;
const LEGACY_MAP: Readonly<Record<string, string>> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

/** packaging 21.3 `_legacy_cmpkey`: setuptools-style parts; numbers zero-padded to 8 digits. */
function legacyKey(v: string): LegacyKey | undefined {
  // eslint-disable-next-line no-control-regex
  if (v.trim() === '' || /[\u0000-\u001f\u007f]/.test(v)) return undefined;
  const parts: string[] = [];
  const pieces = v.toLowerCase().split(LEGACY_SPLIT);
  pieces.push('*final-sentinel');
  for (const raw of pieces) {
    let part: string;
    if (raw === '*final-sentinel') part = '*final';
    else {
      const mapped = Object.prototype.hasOwnProperty.call(LEGACY_MAP, raw) ? (LEGACY_MAP[raw] as string) : raw;
      if (mapped === '' || mapped === '.') continue;
      part = /^[0-9]/.test(mapped) ? mapped.padStart(8, '0') : '*' + mapped;
    }
    if (part.startsWith('*')) {
      if (part < '*final') while (parts.length > 0 && parts[parts.length - 1] === '*final-') parts.pop();
      while (parts.length > 0 && parts[parts.length - 1] === '00000000') parts.pop();
    }
    parts.push(part);
  }
  return { legacy: true, parts };
}

function parsePypi(v: string): PypiKey | undefined {
  return pep440Key(v) ?? legacyKey(v);
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocal(a: readonly (string | number)[] | undefined, b: readonly (string | number)[] | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    const xn = typeof x === 'number';
    const yn = typeof y === 'number';
    // PEP 440: numeric local segments sort after alphanumeric ones; strings lexicographically.
    if (xn && yn) return cmpNum(x, y);
    if (xn) return 1;
    if (yn) return -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function comparePypi(a: PypiKey, b: PypiKey): number {
  if (a.legacy || b.legacy) {
    if (!a.legacy) return 1;
    if (!b.legacy) return -1;
    const n = Math.min(a.parts.length, b.parts.length);
    for (let i = 0; i < n; i++) {
      const x = a.parts[i] as string;
      const y = b.parts[i] as string;
      if (x !== y) return x < y ? -1 : 1;
    }
    return a.parts.length - b.parts.length;
  }
  if (a.epoch !== b.epoch) return cmpNum(a.epoch, b.epoch);
  const n = Math.min(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const c = cmpNum(a.release[i] as number, b.release[i] as number);
    if (c !== 0) return c;
  }
  if (a.release.length !== b.release.length) return a.release.length - b.release.length;
  if (a.preInf !== b.preInf) return a.preInf - b.preInf;
  if (a.preInf === 0) {
    if (a.preLetter !== b.preLetter) return a.preLetter - b.preLetter;
    if (a.preNum !== b.preNum) return cmpNum(a.preNum, b.preNum);
  }
  if (a.post !== b.post) return cmpNum(a.post, b.post);
  if (a.dev !== b.dev) return cmpNum(a.dev, b.dev);
  return compareLocal(a.local, b.local);
}

const fns = schemeFunctions('pypi', parsePypi, comparePypi);

/**
 * The PyPI scheme: PEP 440 order. `isValid` accepts PEP 440 versions only; `compare` also
 * orders legacy strings, before all PEP 440 versions, as packaging's LegacyVersion did.
 */
export const PYPI: VersionScheme = {
  id: 'pypi',
  isValid: (v: string) => fns.parse(v)?.legacy === false,
  compare: fns.compare,
};
