// Purl patterns for package rules and waivers: `pkg:npm/lodash`, `pkg:npm/@babel/*`,
// `pkg:maven/org.apache.logging.log4j/*`, `pkg:golang/github.com/**`, `pkg:npm/lodash@4.17.20`.
import { parsePurl } from '../model/purl.js';

/** A compiled purl pattern that says what it matches. */
export interface PurlPattern {
  /** The pattern as written. */
  source: string;
  /** Whether a component's purl matches (version, qualifiers and subpath of the component ignored unless the pattern names a version). */
  matches(purl: string | null | undefined): boolean;
  /** A phrase for explanations: `purl pkg:npm/lodash`. */
  describe(): string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns a glob (`*` within a `/`-segment, `**` across segments) into an anchored regex. */
export function globToRegex(glob: string, caseInsensitive = false, separator = '/'): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += separator ? `[^${escapeRegex(separator)}]*` : '.*';
    } else re += escapeRegex(c);
  }
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '');
}

/** The purl without version, qualifiers and subpath, its name parts percent-decoded: `pkg:type/namespace/name`. */
function purlBase(purl: string): { base: string; version: string | undefined } | null {
  const p = parsePurl(purl);
  if (!p) return null;
  const type = p.type.toLowerCase();
  const base = `pkg:${type}/${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
  return { base, version: p.version };
}

/** Compiles a purl pattern; throws an Error saying what is wrong with it. */
export function compilePurlPattern(source: string): PurlPattern {
  const trimmed = source.trim();
  if (!/^pkg:[A-Za-z.+-]+\//.test(trimmed)) throw new Error(`"${source}" is not a purl pattern (expected pkg:<type>/<name>, e.g. pkg:npm/lodash)`);
  // A version is everything after the last `@` that follows the type's slash (npm scopes start with `@`).
  const slash = trimmed.indexOf('/');
  const at = trimmed.lastIndexOf('@');
  let namePart = trimmed;
  let version: string | undefined;
  if (at > slash + 1 && trimmed[at - 1] !== '/') {
    namePart = trimmed.slice(0, at);
    version = trimmed.slice(at + 1);
  }
  const colon = namePart.indexOf(':');
  const type = namePart.slice(colon + 1, slash).toLowerCase();
  // Encoded characters (`%40` for npm scopes) are compared decoded, as parsePurl decodes them.
  let rest: string;
  try {
    rest = decodeURIComponent(namePart.slice(slash + 1));
  } catch {
    throw new Error(`"${source}" has an invalid percent-encoding`);
  }
  // PyPI and most registries compare names case-insensitively; npm names are lowercase anyway.
  const regex = globToRegex(`pkg:${type}/${rest}`, type !== 'maven' && type !== 'golang');
  return {
    source,
    matches(purl) {
      if (!purl) return false;
      const b = purlBase(purl);
      if (!b) return false;
      if (!regex.test(b.base)) return false;
      return version === undefined || b.version === version;
    },
    describe: () => `purl ${source}`,
  };
}
