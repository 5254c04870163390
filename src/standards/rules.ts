// The repository standards rules, as data: id, severity, what each checks and how to fix it.
import type { Severity } from '../model/finding.js';

/** One repository standards rule: what it checks, how bad a failure is, and what to do. */
export interface StandardsRule {
  /** `repo/<name>`; the Finding's ruleId. */
  id: string;
  /** The severity of the findings it raises (the dependency rule keeps each policy rule's own). */
  severity: Severity;
  /** One line: what a passing repository has. */
  title: string;
  /** What to do when it fails. */
  howToFix: string;
}

/** Every rule `ospo repo check` runs, in report order. */
export const STANDARDS_RULES = [
  {
    id: 'repo/license-present',
    severity: 'high',
    title: 'A LICENSE file at the root',
    howToFix: 'Add the full text of the chosen license as LICENSE (or LICENSE.md, COPYING) at the repository root; the OSPO can help choose one.',
  },
  {
    id: 'repo/license-identified',
    severity: 'high',
    title: 'The LICENSE file holds a known license text, unmodified',
    howToFix: 'Replace LICENSE with the unmodified text from https://spdx.org/licenses/ (only the copyright line changes).',
  },
  {
    id: 'repo/license-approved',
    severity: 'high',
    title: 'The license is OSI-approved and allowed by the policy',
    howToFix: 'Publish under an OSI-approved license the policy allows for this distribution model (https://opensource.org/licenses), or ask the OSPO for an exception.',
  },
  {
    id: 'repo/readme',
    severity: 'high',
    title: 'A README that says what the project is',
    howToFix: 'Add README.md at the root: what the project does, how to install and use it, and where to get help.',
  },
  {
    id: 'repo/contributing',
    severity: 'medium',
    title: 'A CONTRIBUTING guide',
    howToFix: 'Add CONTRIBUTING.md (root, .github/ or docs/): how to build, test and propose changes, and the sign-off or CLA the project needs.',
  },
  {
    id: 'repo/code-of-conduct',
    severity: 'medium',
    title: 'A CODE_OF_CONDUCT',
    howToFix: 'Add CODE_OF_CONDUCT.md (root, .github/ or docs/), for example the Contributor Covenant, with a contact for reports.',
  },
  {
    id: 'repo/security-policy',
    severity: 'medium',
    title: 'A SECURITY.md that says how to report vulnerabilities',
    howToFix: 'Add SECURITY.md (root, .github/ or docs/): supported versions and a private channel for vulnerability reports.',
  },
  {
    id: 'repo/codeowners',
    severity: 'low',
    title: 'A CODEOWNERS file naming maintainers',
    howToFix: 'Add CODEOWNERS (root, .github/ or docs/) naming the team that reviews changes, e.g. `* @org/team`.',
  },
  {
    id: 'repo/license-headers',
    severity: 'low',
    title: 'Source files carry SPDX-License-Identifier tags',
    howToFix: 'Add a `SPDX-License-Identifier: <license>` comment to the first lines of each source file (`reuse annotate` can do it in bulk).',
  },
  {
    id: 'repo/reuse',
    severity: 'medium',
    title: 'REUSE: every license used in tags has its text in LICENSES/',
    howToFix: 'Put each license text as LICENSES/<SPDX-id>.txt (`reuse download --all`), and fix tags that do not parse.',
  },
  {
    id: 'repo/no-secrets',
    severity: 'critical',
    title: 'No credentials or private keys in the tree',
    howToFix: 'Revoke the credential now (it must be considered leaked), remove it from the file and from git history, and load it from the environment or a secret store.',
  },
  {
    id: 'repo/third-party-licenses',
    severity: 'high',
    title: 'No third-party code under a license incompatible with the project license',
    howToFix: 'Remove or replace the third-party code, or obtain it under a compatible license; record the decision with the OSPO.',
  },
  {
    id: 'repo/dependency-policy',
    severity: 'high',
    title: 'The dependency inventory is clean under the policy',
    howToFix: 'Fix each policy finding (replace the dependency or waive it in the policy with an owner and expiry); run `ospo check <path>` for details.',
  },
] as const satisfies readonly StandardsRule[];

/** A rule id. */
export type StandardsRuleId = (typeof STANDARDS_RULES)[number]['id'];

/** Returns the rule with `id`. */
export function standardsRule(id: StandardsRuleId): StandardsRule {
  return STANDARDS_RULES.find((r) => r.id === id)!;
}
