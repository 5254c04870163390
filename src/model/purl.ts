import { createRequire } from 'node:module';
import type { PackageURL as PackageUrlClass } from 'packageurl-js';
import { ECOSYSTEMS, type Ecosystem } from './ecosystem.js';

// packageurl-js is loaded on first use (it is CommonJS, so `require` is synchronous): a run
// whose purls all take the plain path below never pays its ~50 ms load and warm-up.
const require = createRequire(import.meta.url);
let library: typeof PackageUrlClass | undefined;
function PackageURL(): typeof PackageUrlClass {
  return (library ??= (require('packageurl-js') as { PackageURL: typeof PackageUrlClass }).PackageURL);
}

/**
 * Types whose purl rules, for a plain name, change nothing but case and check nothing a plain
 * name could fail (PURL-TYPES.rst; packageurl-js `purl-type.js`). Go (its version check), pub
 * (`-` to `_`) and the rest always go through the library.
 */
const PLAIN_TYPES: ReadonlySet<string> = new Set(['npm', 'cargo', 'gem', 'pypi', 'composer', 'hex']);
/** A name or namespace no purl rule rewrites and percent-encoding leaves alone (`_` is rewritten for PyPI only). */
const PLAIN = /^[a-z0-9][a-z0-9._-]*$/;
const PLAIN_PYPI = /^[a-z0-9][a-z0-9.-]*$/;
/** A version percent-encoding leaves alone (`+` stays, as the library writes it). */
const PLAIN_VERSION = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;

/**
 * The purl of a plain package, written directly, or undefined to ask the library: the same
 * string packageurl-js gives (purl.test.ts compares them), without its per-call cost, which is
 * most of a cold run's purl time on a 5,000-package lockfile.
 */
function plainPurl(type: string, namespace: string | undefined, name: string, version: string | undefined): string | undefined {
  if (!PLAIN_TYPES.has(type) || !(type === 'pypi' ? PLAIN_PYPI : PLAIN).test(name)) return undefined;
  if (version !== undefined && !PLAIN_VERSION.test(version)) return undefined;
  let ns = '';
  if (namespace !== undefined) {
    if (type === 'npm' && namespace.startsWith('@') && PLAIN.test(namespace.slice(1))) ns = `%40${namespace.slice(1)}/`;
    else if (PLAIN.test(namespace)) ns = `${namespace}/`;
    else return undefined;
  }
  return `pkg:${type}/${ns}${name}${version !== undefined ? `@${version}` : ''}`;
}

/** Qualifiers for a purl, such as `vcs_url` or `repository_url`. */
export type PurlQualifiers = Record<string, string>;

/**
 * Builds a package URL for a package, following the purl spec's per-type rules
 * (https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst):
 * npm scopes and Maven groupIds become the namespace, Go module paths split at the last `/`,
 * Composer names split at the vendor `/`, Go versions keep their `v`.
 * Returns null when the name cannot form a valid purl (an empty name, say).
 */
export function toPurl(
  ecosystem: Ecosystem,
  name: string,
  version: string | null | undefined,
  qualifiers?: PurlQualifiers,
  subpath?: string,
): string | null {
  const type = ECOSYSTEMS[ecosystem].purlType;
  let namespace: string | undefined;
  let base = name;
  switch (ecosystem) {
    case 'npm':
    case 'Packagist':
    case 'Go':
    case 'SwiftURL':
    case 'GitHub Actions': {
      const slash = name.lastIndexOf('/');
      if (slash > 0) {
        namespace = name.slice(0, slash);
        base = name.slice(slash + 1);
      }
      break;
    }
    case 'Maven': {
      const colon = name.indexOf(':');
      if (colon > 0) {
        namespace = name.slice(0, colon);
        base = name.slice(colon + 1);
      }
      break;
    }
    default:
      break;
  }
  let purlVersion = version ?? undefined;
  if (ecosystem === 'Go' && purlVersion && /^\d/.test(purlVersion) && base !== 'stdlib') {
    purlVersion = `v${purlVersion}`;
  }
  if (!base) return null;
  const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  if (!q && !subpath) {
    const plain = plainPurl(type, namespace, base, purlVersion || undefined);
    if (plain !== undefined) return plain;
  }
  try {
    return new (PackageURL())(type, namespace, base, purlVersion || undefined, q, subpath).toString();
  } catch {
    return null;
  }
}

/** The parts of a parsed purl. */
export interface ParsedPurl {
  type: string;
  namespace: string | undefined;
  name: string;
  version: string | undefined;
  qualifiers: PurlQualifiers | undefined;
  subpath: string | undefined;
}

/** A purl with no qualifiers or subpath and at most one namespace segment, split into its parts. */
const PLAIN_PURL = /^pkg:([a-z]+)\/(?:([^/@?#]+)\/)?([^/@?#]+)(?:@([^/@?#]+))?$/;

/**
 * The parts of a purl written exactly as `plainPurl` writes it, or undefined to ask the library.
 * Writing the parts back must give the same string, so the purl is in the canonical form for
 * which the library's parse is the identity (nothing to decode but npm's `%40`, no case or name
 * rule to apply); purl.test.ts compares the two on real SBOMs' purls.
 */
function plainParse(purl: string): ParsedPurl | undefined {
  const m = PLAIN_PURL.exec(purl);
  if (!m) return undefined;
  const type = m[1]!;
  const rawNamespace = m[2];
  const namespace = rawNamespace === undefined ? undefined : type === 'npm' && rawNamespace.startsWith('%40') ? `@${rawNamespace.slice(3)}` : rawNamespace;
  const name = m[3]!;
  const version = m[4];
  if (plainPurl(type, namespace, name, version) !== purl) return undefined;
  return { type, namespace, name, version, qualifiers: undefined, subpath: undefined };
}

/** Parses a purl string; returns null when it is not a valid purl. */
export function parsePurl(purl: string): ParsedPurl | null {
  const plain = plainParse(purl);
  if (plain) return plain;
  try {
    const p = PackageURL().fromString(purl);
    return {
      type: p.type,
      namespace: p.namespace ?? undefined,
      name: p.name,
      version: p.version ?? undefined,
      qualifiers: (p.qualifiers as PurlQualifiers | undefined) ?? undefined,
      subpath: p.subpath ?? undefined,
    };
  } catch {
    return null;
  }
}

/** Writes the purl of parsed parts (with packageurl-js); throws when they do not form a valid purl. */
export function formatPurl(p: ParsedPurl): string {
  return new (PackageURL())(p.type, p.namespace, p.name, p.version, p.qualifiers, p.subpath).toString();
}

/**
 * Returns the ecosystem-native package name of a parsed purl: `@scope/name` for npm,
 * `groupId:artifactId` for Maven, `namespace/name` for path-like types.
 */
export function purlPackageName(p: ParsedPurl): string {
  if (!p.namespace) return p.name;
  return p.type === 'maven' ? `${p.namespace}:${p.name}` : `${p.namespace}/${p.name}`;
}
