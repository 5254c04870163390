// The policy `ospo check` uses when a repository has none: conservative for a distributed
// product, and loud about what it does not know.
import { parsePolicy, type Policy } from './load.js';

/** The built-in default policy, as YAML (shown in docs/policy.md). */
export const DEFAULT_POLICY_YAML = `# Ospo's built-in default policy: used when no ospo.policy.yaml is found.
version: 1
name: ospo built-in default
distribution: distributed-binary
licenses:
  - id: permissive-and-public-domain
    action: allow
    categories: [permissive, public-domain]
  - id: network-copyleft
    action: deny
    categories: [network-copyleft]
    distributions: [network-service, distributed-binary, library]
    scopes: [runtime, provided, optional, peer]
    severity: high
    message: Network copyleft license in shipped code
    howToFix: Replace the component, or get legal approval and add a waiver with reason legal-approved.
  - id: strong-copyleft
    action: deny
    categories: [strong-copyleft]
    distributions: [distributed-binary, library]
    scopes: [runtime, provided, optional, peer]
    severity: high
    message: Strong copyleft license in a distributed product
    howToFix: Replace the component with a permissively licensed one, or get legal approval and add a waiver.
  - id: source-available-or-proprietary
    action: review
    categories: [source-available, proprietary]
    scopes: [runtime, provided, optional, peer]
    severity: medium
    message: License restricts use; legal review needed
    howToFix: Ask the OSPO to review the license terms for this use.
  - id: weak-copyleft
    action: review
    categories: [weak-copyleft]
    distributions: [distributed-binary, library]
    scopes: [runtime, provided, optional, peer]
    severity: low
    message: Weak copyleft license; check how it is linked and that modifications are shared
    howToFix: Keep the component unmodified and dynamically linked, or publish your changes to it.
  - id: unknown-license
    action: review
    categories: [unknown]
    scopes: [runtime, provided, optional, peer]
    severity: low
    message: License unknown
    howToFix: Find the component's license (its repository, package metadata) and declare it, or replace the component.
vulnerabilities:
  - id: critical-vulnerability
    minSeverity: critical
    severity: critical
    message: Critical vulnerability
    howToFix: Upgrade to a fixed version; if none exists, mitigate and add a waiver with reason no-fix-available.
  - id: high-vulnerability-30-days
    minSeverity: high
    olderThanDays: 30
    severity: high
    message: High-severity vulnerability unfixed for more than 30 days
    howToFix: Upgrade to a fixed version, or record why it does not affect you (VEX) or a waiver.
`;

/** Loads the built-in default policy. */
export function defaultPolicy(): Policy {
  return parsePolicy(DEFAULT_POLICY_YAML, '<built-in default policy>');
}
