/**
 * Repository standards for projects about to be published as open source. Contract:
 * `checkRepository(dir, options)` runs every rule in STANDARDS_RULES (LICENSE present,
 * identified, OSI-approved and allowed by the policy; README, CONTRIBUTING, CODE_OF_CONDUCT,
 * SECURITY, CODEOWNERS; SPDX headers; REUSE; no secrets; no incompatible third-party code; the
 * dependency inventory under policy) and returns a StandardsResult: one entry per rule with a
 * status (pass, fail, warn, skip) and findings in the shared Finding shape (kind `policy`, ruleId
 * `repo/...`; dependency findings keep the policy's own). Reads files only (bounded, binary and
 * large files skipped, links out of the tree not followed); never runs code from the tree and
 * never keeps a secret, only its masked form.
 */
export { checkRepository, resultFindings, ruleStatus, type CheckRepositoryOptions } from './check.js';
export { STANDARDS_RULES, standardsRule, type StandardsRule, type StandardsRuleId } from './rules.js';
export { DEFAULT_ENTROPY_THRESHOLD, SECRET_PATTERNS, findSecrets, maskSecret, shannonEntropy, looksLikeGenericSecret, type SecretMatch, type SecretPattern } from './secrets.js';
export { incompatibility, type Incompatibility } from './compatibility.js';
export { COMMUNITY_DIRS, COMMUNITY_FILES, isOsiApproved } from './project-files.js';
export { MAX_SCAN_BYTES, VENDORED_DIRS, scanTree, type TreeScan } from './tree-scan.js';
export type { RuleResult, RuleStatus, StandardsResult, StandardsSummary } from './types.js';
