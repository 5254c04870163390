import { splitNameAt } from '../shared/names.js';

/** The three shapes of pnpm dependency paths: `/name/1.0.0_peer` (v5), `/name@1.0.0(peer)` (v6), `name@1.0.0(peer)` (v9). */
export type KeyLayout = 'v5' | 'v6' | 'v9';

/** What a `packages`/`snapshots` key says: a name and a version when it encodes them. */
export interface ParsedKey {
  name?: string;
  /** The version without peer suffix; absent for git, tarball and file keys whose version is a field. */
  version?: string;
  /** The non-version part after `name@` (a tarball URL, `file:...`) when the key has one. */
  locator?: string;
}

/** Removes a v6/v9 peer suffix: `1.0.0(react@18.2.0)(@types/node@20.0.0)` -> `1.0.0`. */
export function stripPeerSuffix(s: string): string {
  const open = s.indexOf('(');
  return open === -1 ? s : s.slice(0, open);
}

const STARTS_WITH_DIGIT = /^\d/;

/**
 * Reads a dependency path as pnpm writes it for its lockfile layout
 * (https://github.com/pnpm/spec/blob/master/lockfile/6.0.md, .../9.0.md). Returns null when the
 * key cannot be a dependency path at all (a v5 key without `/`, a v6/v9 key without `name@`);
 * returns a key without version for git/tarball/file paths whose `name`/`version` are fields.
 */
export function parsePnpmKey(key: string, layout: KeyLayout): ParsedKey | null {
  if (key.startsWith('file:')) return {};
  if (layout === 'v5') {
    // /name/1.0.0, /@scope/name/1.0.0_peer@1.0.0, registry.example.com/name/1.0.0,
    // github.com/org/repo/<commit> (then name and version are fields).
    const parts = key.split('/');
    if (parts.length < 2) return null;
    parts.shift();
    let name: string;
    if (parts[0]?.startsWith('@')) name = `${parts.shift() ?? ''}/${parts.shift() ?? ''}`;
    else name = parts.shift() ?? '';
    let version = parts[0] ?? '';
    if (version === '') {
      // Some v5 paths carry `name@version` in one segment.
      const m = /^(.+)@(\d[^@/]*)$/.exec(name);
      if (m) {
        name = m[1] ?? name;
        version = m[2] ?? '';
      }
    }
    version = version.split('_')[0] ?? '';
    return STARTS_WITH_DIGIT.test(version) && name !== '' ? { name, version } : {};
  }
  let s = key;
  if (layout === 'v6') {
    if (s.startsWith('/')) s = s.slice(1);
    else if (/^[^@/]+\.[^@/]+\//.test(s)) s = s.slice(s.indexOf('/') + 1); // a registry host prefix
  } else if (s.startsWith('/')) {
    // A 9.0 file with 6.0-style `/name@1.0.0` keys (edited by hand or by a converter): no
    // package name starts with `/`, so the key means the same without it.
    s = s.slice(1);
  }
  const at = splitNameAt(s);
  if (!at) {
    // v6 git paths (github.com/org/repo/<commit>) name no version; their fields do.
    return layout === 'v6' && key.includes('/') ? {} : null;
  }
  const rest = at.rest;
  const version = stripPeerSuffix(rest);
  if (STARTS_WITH_DIGIT.test(version) && !version.includes(':') && !version.includes('/')) return { name: at.name, version };
  return { name: at.name, locator: rest };
}

/**
 * The lockfile keys a dependency reference may point at, most likely first: importers and
 * packages write a bare version (`1.0.0(peer)`), an alias (`other@1.0.0`, v5/v6 `/other/1.0.0`)
 * or a full path (`github.com/...`, `file:...`).
 */
export function candidateKeys(name: string, ref: string, layout: KeyLayout): string[] {
  switch (layout) {
    case 'v5':
      return [`/${name}/${ref}`, ref, `/${ref}`];
    case 'v6':
      return [`/${name}@${ref}`, ref, `/${ref}`, `${name}@${ref}`];
    default:
      return [`${name}@${ref}`, ref, `/${name}@${ref}`];
  }
}
