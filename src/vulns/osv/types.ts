// OSV schema 1.7 (https://ossf.github.io/osv-schema/): the record shape Ospo imports and matches.
// Only what Ospo reads is typed; records keep any other fields as they came.

/** A range event: exactly one of the four keys. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** `SEMVER` ranges compare by SemVer 2.0; `ECOSYSTEM` by the package's ecosystem; `GIT` by commit. */
export type OsvRangeType = 'SEMVER' | 'ECOSYSTEM' | 'GIT';

/** One range of affected versions. */
export interface OsvRange {
  type: OsvRangeType;
  repo?: string;
  events: OsvEvent[];
  database_specific?: Record<string, unknown>;
}

/** A severity score: a CVSS vector string (`CVSS:3.1/AV:N/...`) or an ecosystem's own rating. */
export interface OsvSeverity {
  type: 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' | 'Ubuntu' | string;
  score: string;
}

/** A package an advisory affects, and which of its versions. */
export interface OsvAffected {
  package?: { ecosystem: string; name: string; purl?: string };
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  /** Explicit affected versions; a version listed here is affected whatever the ranges say. */
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

/** A reference link. */
export interface OsvReference {
  type: string;
  url: string;
}

/** An OSV record. */
export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  /** When set, the advisory was withdrawn and must not produce findings. */
  withdrawn?: string;
  aliases?: string[];
  related?: string[];
  upstream?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  references?: OsvReference[];
  credits?: Array<{ name: string; contact?: string[]; type?: string }>;
  database_specific?: Record<string, unknown>;
}
