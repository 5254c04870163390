// Matching: inventory components against OSV advisories. Contract: `matchComponents(inventory,
// source)` evaluates every component that has a version and an OSV ecosystem against the records
// `source.lookup(ecosystem, name)` returns (through `lookupRefs` where the source has it: the
// database decides affectedness from its match index and hands over a whole record only for a
// finding), per OSV's evaluation rules; it never reports a
// component as unaffected when it could not evaluate it (those are listed in `unevaluated` with
// the reason). One finding per (vulnerability, component): records are merged through their
// aliases, and the finding is named by the ecosystem database's own id (GO-, RUSTSEC-, PYSEC-,
// then GHSA-), with every other id in `details.ids`/`details.aliases`.
// Matching keeps what it learns per source (one lookup per package), per package version (the
// outcome) and per component (finding ids and details, shared between runs and read-only), so
// a source must give the same answer to the same lookup while it is in use (the database is one
// generation; a new import is a new source). All of it is bounded and weakly held.
export { matchComponents, type MatchOptions, type MatchResult, type Unevaluated } from './match.js';
export { evaluateAffected, inRange, describeRange, type AffectedVerdict } from './evaluate.js';
export { groupByAlias, canonicalId, allIds } from './aliases.js';
export { majorLine, nearestFix, type Remediation } from './remediation.js';
