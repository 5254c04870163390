import { PackageURL } from 'packageurl-js';
import { ECOSYSTEMS, type Ecosystem } from './ecosystem.js';

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
  try {
    const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
    return new PackageURL(type, namespace, base, purlVersion || undefined, q, subpath).toString();
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

/** Parses a purl string; returns null when it is not a valid purl. */
export function parsePurl(purl: string): ParsedPurl | null {
  try {
    const p = PackageURL.fromString(purl);
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

/**
 * Returns the ecosystem-native package name of a parsed purl: `@scope/name` for npm,
 * `groupId:artifactId` for Maven, `namespace/name` for path-like types.
 */
export function purlPackageName(p: ParsedPurl): string {
  if (!p.namespace) return p.name;
  return p.type === 'maven' ? `${p.namespace}:${p.name}` : `${p.namespace}/${p.name}`;
}
