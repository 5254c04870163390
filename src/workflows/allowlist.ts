// The policy allowlist: components approved by adoption decisions. The server's policy
// evaluation puts them in front of the policy's own package rules as `allow` rules (the first
// matching package rule decides, and an allowed package is exempt from license rules), so an
// approval takes effect on the next analysis; `ospo check` users get the same entries as
// policy-file package rules from `GET /api/v1/allowlist?format=policy` or `ospo request allowlist`.
import { dump } from 'js-yaml';
import type { CompiledPackageRule, Policy } from '../policy/index.js';
import { compilePurlPattern, compileVersionRange } from '../policy/index.js';

/** An allowlist entry as the store keeps it. */
export interface AllowlistRuleSource {
  id: string;
  purl: string;
  versions: string | null;
  reason: string;
  requestId: string | null;
}

/** Compiles an entry into an `allow` package rule; throws with the pattern or range's problem. */
export function allowlistRule(e: AllowlistRuleSource): CompiledPackageRule {
  const pattern = compilePurlPattern(e.purl);
  const range = e.versions ? compileVersionRange(e.versions) : undefined;
  return {
    id: `allowlist:${e.id}`,
    action: 'allow',
    severity: 'none',
    purl: e.purl,
    ...(e.versions ? { versions: e.versions } : {}),
    message: `approved for use: ${e.reason}`,
    howToFix: 'nothing to fix: an adoption request approved this component',
    pattern,
    ...(range ? { range } : {}),
  };
}

/** Returns the policy with the allowlist's rules ahead of its own package rules (entries that do not compile are left out). */
export function withAllowlist(policy: Policy, entries: readonly AllowlistRuleSource[]): Policy {
  if (entries.length === 0) return policy;
  const rules: CompiledPackageRule[] = [];
  for (const e of entries) {
    try {
      rules.push(allowlistRule(e));
    } catch {
      // Checked when the decision was written; an entry edited by hand into nonsense allows nothing.
    }
  }
  return { ...policy, packages: [...rules, ...policy.packages] };
}

/** The entries as a `packages:` section of a policy file, to paste into the one `ospo check` reads. */
export function allowlistYaml(entries: readonly AllowlistRuleSource[]): string {
  const packages = entries.map((e) => ({
    id: `allowlist-${e.id.slice(0, 8)}`,
    action: 'allow',
    purl: e.purl,
    ...(e.versions ? { versions: e.versions } : {}),
    message: `approved for use: ${e.reason}`.slice(0, 500),
    howToFix: 'nothing to fix: an adoption request approved this component',
  }));
  return `# Components approved by Ospo adoption decisions. Put these rules first in the packages\n# section of your policy file: the first matching package rule decides.\n${dump({ packages }, { lineWidth: 120, noRefs: true })}`;
}
