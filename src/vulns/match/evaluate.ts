// Whether one version is in one OSV `affected` entry, per the OSV schema's evaluation rules
// (https://ossf.github.io/osv-schema/#evaluation): a version is affected when it is listed in
// `versions` or falls in any range; a range is walked over its events sorted by version, where
// `introduced` opens it (`0` = from the beginning), `fixed` closes it at that version,
// `last_affected` closes it after that version, and `limit` bounds it from above.
import type { OsvAffected, OsvEvent, OsvRange } from '../osv/types.js';
import type { VersionScheme } from '../../versions/index.js';

/** What evaluating one version against one affected entry found. */
export interface AffectedVerdict {
  affected: boolean;
  /** When not affected but some range or list could not be evaluated: why (never silently unaffected). */
  unevaluable: string[];
  /** Things a person may want to know (a GIT range skipped). */
  notes: string[];
}

export const COMMIT = /^[0-9a-f]{40}$/i;

/** The version an event names, and its kind. */
function eventOf(e: OsvEvent): { kind: keyof OsvEvent; version: string } | undefined {
  if (typeof e.introduced === 'string') return { kind: 'introduced', version: e.introduced };
  if (typeof e.fixed === 'string') return { kind: 'fixed', version: e.fixed };
  if (typeof e.last_affected === 'string') return { kind: 'last_affected', version: e.last_affected };
  if (typeof e.limit === 'string') return { kind: 'limit', version: e.limit };
  return undefined;
}

// At equal versions `introduced` sorts first, so `introduced: X, fixed: X` is an empty range
// and `introduced: X, last_affected: X` affects exactly X.
const TIE: Record<keyof OsvEvent, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };

// A range compiled once per scheme (records are immutable once read): its non-`limit` events
// sorted, the state the walk is in after each of them, and the highest limit. A version is then
// evaluated by a binary search for the events below it plus a look at the (few) events equal
// to it — the same answer as walking the sorted events, in O(log n) compares.
interface Compiled {
  /** Whether an `introduced: 0` event opens the range before every other event. */
  zero: boolean;
  /** Non-zero, non-limit events sorted by version (ties: introduced, last_affected, fixed). */
  versions: string[];
  kinds: Array<keyof OsvEvent>;
  /** `after[i]`: affected after walking events 0..i for a version above all of them. */
  after: boolean[];
  /** The highest `limit` (a version must lie below it), if the range has any besides `*`. */
  limit: string | undefined;
}
type Prepared = Compiled | string;

// Per range, the compiled form for the scheme it was last asked in (a range is almost always
// asked in one scheme; a second scheme recompiles, which is correct, only slower).
const PREPARED = new WeakMap<OsvRange, { scheme: string; p: Prepared }>();

function prepare(range: OsvRange, scheme: VersionScheme): Prepared {
  const known = PREPARED.get(range);
  if (known !== undefined && known.scheme === scheme.id) return known.p;
  let p: Prepared;
  try {
    p = prepareUncached(range, scheme);
  } catch (err) {
    p = (err as Error).message;
  }
  PREPARED.set(range, { scheme: scheme.id, p });
  return p;
}

function prepareUncached(range: OsvRange, scheme: VersionScheme): Prepared {
  const events: Array<{ kind: keyof OsvEvent; version: string }> = [];
  for (const e of Array.isArray(range.events) ? range.events : []) {
    const ev = e && typeof e === 'object' ? eventOf(e) : undefined;
    if (!ev) continue;
    const zero = ev.kind === 'introduced' && ev.version === '0';
    const unlimited = ev.kind === 'limit' && ev.version === '*';
    if (!zero && !unlimited && !scheme.isValid(ev.version)) {
      return `${ev.kind} version ${JSON.stringify(ev.version.slice(0, 80))} is not a valid ${scheme.id} version`;
    }
    events.push(ev);
  }
  const cmp = (a: string, b: string) => scheme.compare(a, b);
  let zero = false;
  let limit: string | undefined;
  const rest: Array<{ kind: keyof OsvEvent; version: string }> = [];
  for (const e of events) {
    if (e.kind === 'introduced' && e.version === '0') zero = true;
    else if (e.kind === 'limit') {
      if (e.version !== '*' && (limit === undefined || cmp(e.version, limit) > 0)) limit = e.version;
    } else rest.push(e);
  }
  rest.sort((a, b) => cmp(a.version, b.version) || TIE[a.kind] - TIE[b.kind]);
  const after: boolean[] = [];
  let state = zero;
  for (const e of rest) {
    // Above the event's version: introduced opens, fixed and last_affected close.
    state = e.kind === 'introduced';
    after.push(state);
  }
  return { zero, versions: rest.map((e) => e.version), kinds: rest.map((e) => e.kind), after, limit };
}

/**
 * Evaluates one ECOSYSTEM or SEMVER range for a version valid in `scheme`. Returns true/false,
 * or a string saying why the range cannot be evaluated (an event version the scheme rejects).
 */
export function inRange(range: OsvRange, version: string, scheme: VersionScheme): boolean | string {
  const p = prepare(range, scheme);
  if (typeof p === 'string') return p;
  return walk(p, (v) => scheme.compare(v, version));
}

/**
 * A range compiled for a scheme (see {@link compileRange}): whether a version X is in it, given
 * `vs(v)` = the sign of compare(v, X) for each event version v. The same walk serves a concrete
 * version and a span between two known versions (the database's region plans, regions.ts).
 */
export function walk(p: Compiled, vs: (v: string) => number): boolean {
  const { versions, kinds, after } = p;
  // The events strictly below the version: the walk's state after the last of them.
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vs(versions[mid]!) < 0) lo = mid + 1;
    else hi = mid;
  }
  let affected = lo > 0 ? after[lo - 1]! : p.zero;
  // Events at the version itself: introduced opens, fixed closes, last_affected keeps it open.
  for (let i = lo; i < versions.length && vs(versions[i]!) === 0; i++) {
    const kind = kinds[i];
    if (kind === 'introduced') affected = true;
    else if (kind === 'fixed') affected = false;
  }
  if (!affected) return false;
  // The version must lie below the limit: compare(X, limit) < 0.
  if (p.limit !== undefined && !(vs(p.limit) > 0)) return false;
  return true;
}

/** Compiles a range's events for a scheme, or says why it cannot be (an invalid event version). */
export function compileRange(range: OsvRange, scheme: VersionScheme): Compiled | string {
  return prepare(range, scheme);
}

export type { Compiled };

// Per versions list: after a few look-ups, the exact strings and the valid ones sorted by the
// scheme for a binary search that finds equal-but-differently-spelled versions (PyPI `1.0` ==
// `1.0.0`). Most lists are asked about once or twice (one component per package), where a scan
// is cheaper than building the set and sorting.
const LISTS = new WeakMap<readonly unknown[], { queries: number; exact?: Set<string>; sorted?: Map<string, string[]> }>();
const SCANS_BEFORE_INDEXING = 4;

/** Returns whether `version` appears in an explicit `versions` list (exactly, or equal by the scheme). */
function listed(list: readonly unknown[], version: string, scheme: VersionScheme): boolean {
  let cached = LISTS.get(list);
  if (!cached) LISTS.set(list, (cached = { queries: 0 }));
  if (!cached.exact && ++cached.queries <= SCANS_BEFORE_INDEXING) {
    for (const v of list) if (v === version) return true;
    if (!scheme.isValid(version)) return false;
    for (const v of list) if (typeof v === 'string' && scheme.isValid(v) && scheme.compare(v, version) === 0) return true;
    return false;
  }
  cached.exact ??= new Set(list.filter((v): v is string => typeof v === 'string'));
  if (cached.exact.has(version)) return true;
  if (!scheme.isValid(version)) return false;
  const bySchemes = (cached.sorted ??= new Map<string, string[]>());
  let sorted = bySchemes.get(scheme.id);
  if (!sorted) {
    sorted = [...cached.exact].filter((v: string) => scheme.isValid(v));
    try {
      sorted.sort((a, b) => scheme.compare(a, b));
    } catch {
      sorted = [];
    }
    bySchemes.set(scheme.id, sorted);
  }
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = scheme.compare(sorted[mid]!, version);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Decides whether `version` of a package is affected by one `affected` entry. `scheme` is the
 * package ecosystem's scheme (ECOSYSTEM ranges and `versions`), `semver` the SEMVER range type's.
 * GIT ranges only count when the version is itself a commit named by an `introduced` or
 * `last_affected` event (ancestry would need the repository); otherwise they are noted.
 */
export function evaluateAffected(affected: OsvAffected, version: string, scheme: VersionScheme, semver: VersionScheme): AffectedVerdict {
  // The common answers are shared frozen objects: matching allocates nothing per evaluation
  // unless there is something to say.
  let unevaluable: string[] | undefined;
  let notes: string[] | undefined;
  const verdict = (): AffectedVerdict => (unevaluable || notes ? { affected: false, unevaluable: unevaluable ?? [], notes: notes ?? [] } : NOT_AFFECTED);
  const versions = Array.isArray(affected.versions) ? affected.versions : EMPTY;
  const ranges = Array.isArray(affected.ranges) ? affected.ranges : EMPTY_RANGES;
  if (ranges.length === 0 && versions.length === 0) return NO_DATA;
  // Affected when listed or in a range: the ranges first (compiled, cheap), the list only when
  // no range says so.
  for (const range of ranges) {
    if (!range || typeof range !== 'object') continue;
    if (range.type === 'GIT') {
      if (COMMIT.test(version)) {
        const hit = (range.events ?? []).some((e) => e && (e.introduced === version || e.last_affected === version));
        if (hit) return AFFECTED;
        (notes ??= []).push(`GIT range${range.repo ? ` of ${range.repo}` : ''} not evaluated for commit ${version.slice(0, 12)}: commit ancestry needs the repository`);
      }
      continue;
    }
    const s = range.type === 'SEMVER' ? semver : range.type === 'ECOSYSTEM' ? scheme : undefined;
    if (!s) {
      (notes ??= []).push(`range type ${JSON.stringify(String(range.type))} is not one OSV defines; skipped`);
      continue;
    }
    if (!s.isValid(version)) {
      (unevaluable ??= []).push(`version ${JSON.stringify(version.slice(0, 80))} is not a valid ${s.id} version`);
      continue;
    }
    let r: boolean | string;
    try {
      r = inRange(range, version, s);
    } catch (err) {
      r = (err as Error).message;
    }
    if (r === true) return AFFECTED;
    if (typeof r === 'string') (unevaluable ??= []).push(r);
  }
  if (versions.length > 0 && listed(versions, version, scheme)) return AFFECTED;
  return verdict();
}

const EMPTY: readonly string[] = Object.freeze([]);
const EMPTY_RANGES: readonly OsvRange[] = Object.freeze([]);
const AFFECTED: AffectedVerdict = Object.freeze({ affected: true, unevaluable: EMPTY as string[], notes: EMPTY as string[] });
const NOT_AFFECTED: AffectedVerdict = Object.freeze({ affected: false, unevaluable: EMPTY as string[], notes: EMPTY as string[] });
const NO_DATA: AffectedVerdict = Object.freeze({ affected: false, unevaluable: Object.freeze(['the advisory lists neither affected versions nor ranges']) as string[], notes: EMPTY as string[] });

/** Describes a range as text (`>=1.0.0, <1.2.3`; `<=2.0`; `all versions`), for reports. */
export function describeRange(range: OsvRange): string {
  const parts: string[] = [];
  for (const e of range.events ?? []) {
    const ev = e && typeof e === 'object' ? eventOf(e) : undefined;
    if (!ev) continue;
    if (ev.kind === 'introduced') parts.push(ev.version === '0' ? '>=0' : `>=${ev.version}`);
    else if (ev.kind === 'fixed') parts.push(`<${ev.version}`);
    else if (ev.kind === 'last_affected') parts.push(`<=${ev.version}`);
    else parts.push(`limit ${ev.version}`);
  }
  return `${range.type}: ${parts.join(', ') || 'no events'}`;
}
