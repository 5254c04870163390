// Policy as code. Contract: `parsePolicy(text, file)` validates `ospo.policy.yaml` against
// POLICY_SCHEMA (and CEL, purl patterns, version ranges), throwing PolicyError whose problems
// name the line and field; `evaluatePolicy(policy, {inventory, licenses, findings}, options)`
// returns findings of kind `license` and `policy` (each saying which rule fired and why), with
// waivers applied as suppressions and expired/unused waivers reported as findings. Pure: no I/O
// except `runTestFile`, which reads test files and their policy.
export * from './types.js';
export * from './schema.js';
export * from './load.js';
export * from './evaluate.js';
export * from './waivers.js';
export * from './explain.js';
export * from './default-policy.js';
export * from './test-cases.js';
export { compilePurlPattern, type PurlPattern } from './purl-pattern.js';
export { compileVersionRange, type VersionRange, type VersionCompare } from '../versions/range.js';
export { licenseAlternatives } from './license-terms.js';
export { compileCondition, type CelComponent } from './cel.js';
