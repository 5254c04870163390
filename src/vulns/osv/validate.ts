import { isObject } from '../../parsers/json.js';

/** Why a record was refused, and where in it (a JSON pointer, RFC 6901). */
export interface OsvProblem {
  reason: string;
  pointer: string;
}

// RFC 3339 timestamps, as OSV requires for `modified`, `published` and `withdrawn`
// (https://ossf.github.io/osv-schema/#modified-published-withdrawn-fields). Offsets other than
// Z are allowed by RFC 3339, and real databases write fractional seconds.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

// SemVer 2.0.0 (https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string),
// which OSV's SEMVER ranges use, without a `v` prefix.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const EVENT_KEYS: ReadonlySet<string> = new Set(['introduced', 'fixed', 'last_affected', 'limit']);
const RANGE_TYPES: ReadonlySet<string> = new Set(['SEMVER', 'ECOSYSTEM', 'GIT']);
// Whitespace or control characters have no place in ids, names and versions, and would break
// the database's line-oriented index.
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f]/;

/** Returns whether a string is an RFC 3339 timestamp that names a real instant. */
export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && !BAD_CHARS.test(value);
}

/**
 * Checks a parsed document against the parts of OSV 1.7 (https://ossf.github.io/osv-schema/)
 * that importing and matching rely on; returns the first problem, or undefined when the record
 * is usable. Unknown fields are kept: the schema lets databases add their own.
 */
export function validateOsvRecord(value: unknown): OsvProblem | undefined {
  if (!isObject(value)) return { reason: 'not an OSV record (expected a JSON object)', pointer: '' };
  if (!nonEmptyString(value.id) || /\s/.test(value.id)) return { reason: 'missing or invalid `id` (a non-empty string without spaces)', pointer: '/id' };
  if (!isTimestamp(value.modified)) return { reason: 'missing or invalid `modified` (an RFC 3339 timestamp)', pointer: '/modified' };
  for (const field of ['published', 'withdrawn'] as const) {
    if (value[field] !== undefined && !isTimestamp(value[field])) return { reason: `invalid \`${field}\` (an RFC 3339 timestamp)`, pointer: `/${field}` };
  }
  for (const field of ['aliases', 'related', 'upstream'] as const) {
    const list = value[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return { reason: `\`${field}\` must be a list of ids`, pointer: `/${field}` };
    const bad = list.findIndex((x) => !nonEmptyString(x));
    if (bad >= 0) return { reason: `\`${field}\` must hold non-empty ids`, pointer: `/${field}/${bad}` };
  }
  const sev = checkSeverity(value.severity, '/severity');
  if (sev) return sev;
  if (value.affected === undefined) return undefined;
  if (!Array.isArray(value.affected)) return { reason: '`affected` must be a list', pointer: '/affected' };
  for (let i = 0; i < value.affected.length; i++) {
    const problem = checkAffected(value.affected[i], `/affected/${i}`);
    if (problem) return problem;
  }
  return undefined;
}

function checkSeverity(list: unknown, pointer: string): OsvProblem | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return { reason: '`severity` must be a list', pointer };
  for (let i = 0; i < list.length; i++) {
    const s: unknown = list[i];
    if (!isObject(s) || !nonEmptyString(s.type) || typeof s.score !== 'string') return { reason: 'a severity needs a `type` and a `score`', pointer: `${pointer}/${i}` };
  }
  return undefined;
}

function checkAffected(a: unknown, at: string): OsvProblem | undefined {
  if (!isObject(a)) return { reason: 'an `affected` entry must be an object', pointer: at };
  let gitOnly = true;
  if (a.ranges !== undefined) {
    if (!Array.isArray(a.ranges)) return { reason: '`ranges` must be a list', pointer: `${at}/ranges` };
    for (let r = 0; r < a.ranges.length; r++) {
      const problem = checkRange(a.ranges[r], `${at}/ranges/${r}`);
      if (problem) return problem;
      if ((a.ranges[r] as { type: string }).type !== 'GIT') gitOnly = false;
    }
  }
  if (a.package === undefined) {
    // OSV lets `package` be left out only when the entry is described by GIT ranges alone.
    if (gitOnly && Array.isArray(a.ranges) && a.ranges.length > 0) return undefined;
    return { reason: 'an `affected` entry needs a `package` (unless it has only GIT ranges)', pointer: `${at}/package` };
  }
  if (!isObject(a.package)) return { reason: '`package` must be an object', pointer: `${at}/package` };
  if (!nonEmptyString(a.package.ecosystem)) return { reason: 'missing or invalid `package.ecosystem`', pointer: `${at}/package/ecosystem` };
  if (!nonEmptyString(a.package.name)) return { reason: 'missing or invalid `package.name`', pointer: `${at}/package/name` };
  if (a.versions !== undefined) {
    if (!Array.isArray(a.versions)) return { reason: '`versions` must be a list', pointer: `${at}/versions` };
    const bad = a.versions.findIndex((v) => !nonEmptyString(v));
    if (bad >= 0) return { reason: 'a listed version must be a non-empty string', pointer: `${at}/versions/${bad}` };
  }
  return checkSeverity(a.severity, `${at}/severity`);
}

function checkRange(range: unknown, at: string): OsvProblem | undefined {
  if (!isObject(range)) return { reason: 'a range must be an object', pointer: at };
  if (typeof range.type !== 'string' || !RANGE_TYPES.has(range.type)) return { reason: 'a range `type` must be SEMVER, ECOSYSTEM or GIT', pointer: `${at}/type` };
  if (range.type === 'GIT' && !nonEmptyString(range.repo)) return { reason: 'a GIT range needs a `repo`', pointer: `${at}/repo` };
  if (!Array.isArray(range.events) || range.events.length === 0) return { reason: 'a range needs a non-empty `events` list', pointer: `${at}/events` };
  let introduced = false;
  for (let e = 0; e < range.events.length; e++) {
    const ev: unknown = range.events[e];
    const where = `${at}/events/${e}`;
    if (!isObject(ev)) return { reason: 'an event must be an object', pointer: where };
    const keys = Object.keys(ev);
    if (keys.length !== 1 || !EVENT_KEYS.has(keys[0]!)) return { reason: 'an event must have exactly one of introduced, fixed, last_affected, limit', pointer: where };
    const key = keys[0]!;
    const version = ev[key];
    if (!nonEmptyString(version)) return { reason: `\`${key}\` must be a non-empty version string`, pointer: `${where}/${key}` };
    if (range.type === 'SEMVER' && version !== '0' && !(key === 'limit' && version === '*') && !SEMVER.test(version)) {
      return { reason: `\`${key}\` version ${JSON.stringify(version)} is not SemVer 2.0 (a SEMVER range needs one)`, pointer: `${where}/${key}` };
    }
    if (key === 'introduced') introduced = true;
  }
  // "The events array must contain at least one introduced event" (OSV 1.7, affected[].ranges[].events).
  if (!introduced) return { reason: 'a range needs at least one `introduced` event', pointer: `${at}/events` };
  return undefined;
}
