// PEP 508 dependency specifiers and PEP 440 version specifiers, as far as scanners need them:
// the name, extras, the specifier as written, a direct URL and the environment marker.
// https://packaging.python.org/en/latest/specifications/dependency-specifiers/
import { normalizePypiName } from '../../../model/names.js';

/** A parsed PEP 508 requirement such as `requests[security] >=2.8.1, ==2.8.* ; python_version < "2.7"`. */
export interface Requirement {
  /** The name as written. */
  rawName: string;
  /** The PEP 503 normalised name. */
  name: string;
  extras: string[];
  /** The version specifier without parentheses or spaces at the ends (`>=2.8.1, ==2.8.*`), or ''. */
  specifier: string;
  /** The direct reference after `@`, when the requirement has one. */
  url?: string;
  /** The environment marker after `;`, when present. */
  marker?: string;
}

// A distribution name: letters and digits, with `.`, `_` and `-` only inside
// (https://packaging.python.org/en/latest/specifications/name-normalization/).
const NAME_RE = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/** Returns whether `name` is a valid Python distribution name. */
export function isValidDistName(name: string): boolean {
  const m = NAME_RE.exec(name);
  return m !== null && m[1] === name;
}

/**
 * Parses a PEP 508 requirement string. Returns undefined when it does not start with a valid
 * name, or when what follows the name and extras is neither a specifier, a URL nor a marker.
 */
export function parseRequirement(text: string): Requirement | undefined {
  const src = text.trim();
  const m = NAME_RE.exec(src);
  if (!m || m[1] === undefined) return undefined;
  const rawName = m[1];
  let rest = src.slice(rawName.length).trimStart();
  const extras: string[] = [];
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end === -1) return undefined;
    for (const e of rest.slice(1, end).split(',')) {
      const t = e.trim();
      if (t) extras.push(t);
    }
    rest = rest.slice(end + 1).trimStart();
  }
  let url: string | undefined;
  let specifier = '';
  let marker: string | undefined;
  if (rest.startsWith('@')) {
    // A URL ends at whitespace; a marker after it must be separated by whitespace (PEP 508).
    const after = rest.slice(1).trimStart();
    const ws = after.search(/\s/);
    url = ws === -1 ? after : after.slice(0, ws);
    rest = ws === -1 ? '' : after.slice(ws).trimStart();
    if (!url) return undefined;
  } else {
    const semi = rest.indexOf(';');
    const spec = (semi === -1 ? rest : rest.slice(0, semi)).trim();
    rest = semi === -1 ? '' : rest.slice(semi);
    specifier = spec.startsWith('(') && spec.endsWith(')') ? spec.slice(1, -1).trim() : spec;
    // Every clause needs an operator and a version: `asdf==` and `asdf 1.0` are not requirements.
    if (specifier && !specifier.split(',').every(isSpecifierClause)) return undefined;
  }
  if (rest.startsWith(';')) {
    const mk = rest.slice(1).trim();
    if (mk) marker = mk;
  } else if (rest !== '') {
    return undefined;
  }
  const req: Requirement = { rawName, name: normalizePypiName(rawName), extras, specifier };
  if (url !== undefined) req.url = url;
  if (marker !== undefined) req.marker = marker;
  return req;
}

/**
 * One clause of a version specifier: an operator and a version. A version is never quoted:
 * `=='1.0'` (a template's leftover) is not a requirement. What follows the version is left to
 * the caller, as pip's own parser reports it.
 */
function isSpecifierClause(clause: string): boolean {
  const m = /^\s*(===|==|!=|<=|>=|~=|<|>)\s*(\S*)/.exec(clause);
  if (!m || !m[2] || /^[=<>!~]/.test(m[2])) return false;
  return !/['"]/.test(m[2]);
}

/** The version a specifier yields, and whether it is an exact pin. */
export interface SpecifierVersion {
  version: string | null;
  /** True for `==1.2.3` and `===1.2.3`; false when `version` is only a bound. */
  exact: boolean;
}

/**
 * Derives a version from a PEP 440 specifier (https://peps.python.org/pep-0440/#version-specifiers).
 * `==1.2` and `===1.2` are exact pins. A single `>=`, `<=` or `~=` clause yields its bound with
 * `exact: false`: osv-scalibr's requirements and pyproject extractors and osv-scanner's
 * requirements.txt parser report that bound as the version (their tests expect
 * `keyring >= 4.1.1` to give 4.1.1), and advisory matching treats it as the lowest version the
 * project allows, so Ospo does the same and says so in a note. Anything else (wildcards `==2.*`,
 * `!=`, `<`, `>`, several clauses) gives no version.
 */
export function versionFromSpecifier(specifier: string): SpecifierVersion {
  const spec = specifier.trim();
  if (spec === '' || spec.includes(',') || spec.includes('*')) return { version: null, exact: false };
  const m = /^(===|==|<=|>=|~=)\s*(.+)$/.exec(spec);
  if (!m || m[1] === undefined || m[2] === undefined) return { version: null, exact: false };
  const version = m[2].trim();
  if (version === '') return { version: null, exact: false };
  return { version, exact: m[1] === '==' || m[1] === '===' };
}

/** A wheel file name's parts (https://packaging.python.org/en/latest/specifications/binary-distribution-format/). */
export function parseWheelFileName(fileName: string): { name: string; version: string } | undefined {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/.exec(fileName);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return { name: normalizePypiName(m[1]), version: m[2] };
}
