// Matching: inventory components against OSV advisories. Contract: `matchComponents(inventory,
// source)` evaluates every component that has a version and an OSV ecosystem against the records
// `source.lookup(ecosystem, name)` returns, per OSV's evaluation rules; it never reports a
// component as unaffected when it could not evaluate it (those are listed in `unevaluated` with
// the reason). One finding per (vulnerability, component): records are merged through their
// aliases, and the finding is named by the ecosystem database's own id (GO-, RUSTSEC-, PYSEC-,
// then GHSA-), with every other id in `details.ids`/`details.aliases`.
export { matchComponents, type MatchOptions, type MatchResult, type Unevaluated } from './match.js';
export { evaluateAffected, inRange, describeRange, type AffectedVerdict } from './evaluate.js';
export { groupByAlias, canonicalId, allIds } from './aliases.js';
export { majorLine, nearestFix, type Remediation } from './remediation.js';
