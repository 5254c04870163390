// Go module versions (https://go.dev/ref/mod#versions), ordered as golang.org/x/mod/semver does.
// OSV Go records drop the `v` (https://go.dev/security/vuln/database#schema), so it is optional.
// Pseudo-versions (https://go.dev/ref/mod#pseudo-versions) are SemVer prereleases and need no
// special case: `v0.0.0-20210101000000-abcdef123456` < `v0.0.0`, and
// `v1.2.4-0.20210101000000-abcdef123456` sorts after v1.2.3 and before v1.2.4. `+incompatible`
// is build metadata, which Go ignores when comparing.
import { compareSemver, parseSemver, type SemverDialect } from './semver.js';
import { makeScheme } from './cache.js';
import type { VersionScheme } from './types.js';

const GO_DIALECT: SemverDialect = { vPrefix: true, leadingZeros: false, shorthand: true };

/** The Go scheme: SemVer 2.0 precedence with optional `v` and Go's `v1`/`v1.2` shorthand. */
export const GO: VersionScheme = makeScheme('go', (v) => (v.charCodeAt(0) === 86 ? undefined : parseSemver(v, GO_DIALECT)), compareSemver);
