// The project's own files: LICENSE (present, identified, OSI-approved, allowed by policy) and the
// community files GitHub looks for (README, CONTRIBUTING, CODE_OF_CONDUCT, SECURITY, CODEOWNERS).
import { readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { ScanIssue } from '../model/inventory.js';
import { ACCEPT_THRESHOLD, UNKNOWN_LICENSE, identifyLicenseFile, readPrefix } from '../licenses/text/index.js';
import { decideLicense, licenseAlternatives, type Classify, type DistributionModel, type Policy } from '../policy/index.js';
import { termLicenseId } from '../policy/license-terms.js';
import { standardsFinding } from './findings.js';
import type { StandardsRuleId } from './rules.js';
import type { RuleStatus } from './types.js';

/** A rule's raw outcome before the gate judges it: findings, or a reason it does not apply. */
export interface RuleOutcome {
  id: StandardsRuleId;
  findings: Finding[];
  /** Set when the rule does not apply. */
  skip?: string;
  note?: string;
  /** Forces a status (used for `skip`). */
  status?: RuleStatus;
}

/** Reads directory entries, empty when it does not exist. */
function listDir(abs: string): string[] {
  try {
    return readdirSync(abs, { withFileTypes: true })
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Whether `abs` resolves (after links) inside `rootReal`: a link out of the tree is never read. */
export function insideRoot(rootReal: string, abs: string): boolean {
  try {
    const real = realpathSync(abs);
    return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  } catch {
    return false;
  }
}

/** License file names at the root: LICENSE, LICENCE, COPYING, with an extension or a -MIT style suffix. */
export const ROOT_LICENSE_FILE = /^(?:licen[cs]e|copying)(?:[-.][A-Za-z0-9.-]{1,40})?$/i;
const NOT_LICENSE_TEXT = /\.(?:js|mjs|cjs|ts|py|rb|go|rs|java|json|ya?ml|toml|xml|html?|sh)$/i;

/** What the LICENSE rules found. */
export interface ProjectLicense {
  outcomes: RuleOutcome[];
  /** The identified expression, when the LICENSE file(s) hold known texts. */
  expression?: string;
  files: string[];
}

let osi: Record<string, { osiApproved?: boolean }> | undefined;
/** Whether an SPDX id is OSI-approved, per the SPDX License List (spdx-license-list). */
export function isOsiApproved(id: string): boolean {
  osi ??= createRequire(import.meta.url)('spdx-license-list') as Record<string, { osiApproved?: boolean }>;
  return Object.hasOwn(osi, id) && osi[id]!.osiApproved === true;
}

/** Options for the LICENSE rules. */
export interface LicenseRuleOptions {
  /** Applied only when given: the project license must be allowed for `distribution`. */
  policy?: Policy;
  distribution: DistributionModel;
  classify: Classify;
}

/** Checks the root LICENSE file(s): present, identified by the text matcher, OSI-approved, allowed by the policy. */
export function checkLicense(root: string, rootReal: string, options: LicenseRuleOptions, issues: ScanIssue[]): ProjectLicense {
  const files = listDir(root).filter((n) => ROOT_LICENSE_FILE.test(n) && !NOT_LICENSE_TEXT.test(n) && insideRoot(rootReal, join(root, n)));
  if (files.length === 0) {
    return {
      files,
      outcomes: [
        {
          id: 'repo/license-present',
          findings: [standardsFinding('repo/license-present', { key: 'LICENSE', title: 'No LICENSE file at the repository root', message: 'Without a license nobody may use, copy or change the code: publishing it is not open source. No LICENSE, LICENCE or COPYING file was found at the root.' })],
        },
        { id: 'repo/license-identified', findings: [], skip: 'no LICENSE file' },
        { id: 'repo/license-approved', findings: [], skip: 'no LICENSE file' },
      ],
    };
  }
  const identified: string[] = [];
  const unidentified: Finding[] = [];
  for (const name of files) {
    let id;
    try {
      id = identifyLicenseFile(join(root, name), name);
    } catch (err) {
      issues.push({ file: name, message: (err as Error).message });
      unidentified.push(standardsFinding('repo/license-identified', { key: name, title: `${name} could not be read as a license text`, message: (err as Error).message, locations: [{ file: name }] }));
      continue;
    }
    if (id.license && !id.license.includes(UNKNOWN_LICENSE) && id.confidence >= ACCEPT_THRESHOLD) {
      identified.push(id.license);
      continue;
    }
    const why = id.license?.includes(UNKNOWN_LICENSE)
      ? 'it resembles a known license but was modified, so it is a custom license that needs legal review'
      : id.license
        ? `the best match is ${id.license} at ${Math.round(id.confidence * 100)}% confidence, below the ${Math.round(ACCEPT_THRESHOLD * 100)}% needed`
        : 'it matches no license text on the SPDX License List';
    unidentified.push(standardsFinding('repo/license-identified', { key: name, title: `${name} is not a recognised license text`, message: `${name} could not be identified: ${why}.`, locations: [{ file: name }], details: { best: id.license, confidence: id.confidence } }));
  }
  const unique = [...new Set(identified)];
  const expression = unique.length === 0 ? undefined : unique.length === 1 ? unique[0]! : unique.map((e) => (e.includes(' ') ? `(${e})` : e)).join(' AND ');
  const outcomes: RuleOutcome[] = [
    { id: 'repo/license-present', findings: [], note: files.join(', ') },
    { id: 'repo/license-identified', findings: unidentified, note: expression },
  ];
  if (!expression) {
    outcomes.push({ id: 'repo/license-approved', findings: [], skip: 'the license was not identified' });
    return { outcomes, files };
  }
  const approved: Finding[] = [];
  // OR: approved when some alternative is all OSI-approved; AND: every term must be.
  const alternatives = licenseAlternatives(expression);
  const osiOk = alternatives.some((alt) => alt.every((t) => isOsiApproved(termLicenseId(t))));
  if (!osiOk) {
    const bad = [...new Set(alternatives.flat().map(termLicenseId).filter((id) => !isOsiApproved(id)))];
    approved.push(standardsFinding('repo/license-approved', { key: 'osi', title: `${expression} is not an OSI-approved license`, message: `${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not OSI-approved (SPDX License List), so the project would not be open source by the OSI definition.`, locations: files.map((file) => ({ file })), details: { expression, notApproved: bad } }));
  }
  if (options.policy) {
    const d = decideLicense(options.policy.licenses, expression, options.classify, options.distribution, undefined);
    if (d.outcome === 'deny' || d.outcome === 'review') {
      const fired = d.terms.filter((t) => t.outcome === d.outcome);
      const rule = fired.find((t) => t.rule)?.rule;
      approved.push(
        standardsFinding('repo/license-approved', {
          key: 'policy',
          title: `${expression} is ${d.outcome === 'deny' ? 'denied' : 'under review'} by the policy for ${options.distribution}`,
          message: `${options.policy.source}: ${fired.map((t) => t.reason).join('; ')}.`,
          locations: files.map((file) => ({ file })),
          severity: d.outcome === 'deny' ? rule?.severity ?? 'high' : 'medium',
          details: { expression, policyRule: rule?.id, outcome: d.outcome, distribution: options.distribution },
        }),
      );
    }
  }
  outcomes.push({ id: 'repo/license-approved', findings: approved, note: expression });
  return { outcomes, files, expression };
}

/** A community file GitHub recognises: its rule, names, and where GitHub looks. */
interface CommunityFile {
  rule: StandardsRuleId;
  label: string;
  name: RegExp;
  /** Lines that count as content (CODEOWNERS: not comments). */
  hasContent: (text: string) => boolean;
}

const DOC_EXT = '(?:\\.(?:md|markdown|mdown|rst|txt|adoc|asciidoc|org|textile|rdoc))?';
const nonBlank = (text: string) => text.trim().length > 0;

/** The community files, per https://docs.github.com/en/communities (README, CONTRIBUTING, CODE_OF_CONDUCT, SECURITY, CODEOWNERS). */
export const COMMUNITY_FILES: readonly CommunityFile[] = [
  { rule: 'repo/readme', label: 'README', name: new RegExp(`^readme${DOC_EXT}$`, 'i'), hasContent: nonBlank },
  { rule: 'repo/contributing', label: 'CONTRIBUTING', name: new RegExp(`^contributing${DOC_EXT}$`, 'i'), hasContent: nonBlank },
  { rule: 'repo/code-of-conduct', label: 'CODE_OF_CONDUCT', name: new RegExp(`^code[_-]of[_-]conduct${DOC_EXT}$`, 'i'), hasContent: nonBlank },
  { rule: 'repo/security-policy', label: 'SECURITY.md', name: new RegExp(`^security${DOC_EXT}$`, 'i'), hasContent: nonBlank },
  {
    rule: 'repo/codeowners',
    label: 'CODEOWNERS',
    name: /^CODEOWNERS$/,
    hasContent: (text) => text.split(/\r?\n/).some((l) => l.trim() !== '' && !l.trim().startsWith('#')),
  },
];

/** Where GitHub looks for community files, in its order of precedence. */
export const COMMUNITY_DIRS = ['.github', '', 'docs'] as const;

/** Checks each community file: present in the root, .github/ or docs/, and not empty. */
export function checkCommunityFiles(root: string, rootReal: string, issues: ScanIssue[]): RuleOutcome[] {
  const listings = COMMUNITY_DIRS.map((dir) => ({ dir, names: listDir(dir ? join(root, dir) : root) }));
  return COMMUNITY_FILES.map((cf) => {
    const candidates = listings.flatMap(({ dir, names }) => names.filter((n) => cf.name.test(n)).map((n) => (dir ? `${dir}/${n}` : n)));
    if (candidates.length === 0) {
      return {
        id: cf.rule,
        findings: [standardsFinding(cf.rule, { key: cf.label, title: `No ${cf.label} file`, message: `No ${cf.label} was found at the root, in .github/ or in docs/ (where GitHub looks for it).` })],
      };
    }
    const empty: string[] = [];
    for (const rel of candidates) {
      const abs = join(root, ...rel.split('/'));
      if (!insideRoot(rootReal, abs)) {
        issues.push({ file: rel, message: 'symbolic link points outside the checked tree, not followed' });
        empty.push(rel);
        continue;
      }
      try {
        if (cf.hasContent(readPrefix(abs, rel, 64 * 1024, false).text)) return { id: cf.rule, findings: [], note: rel };
      } catch (err) {
        issues.push({ file: rel, message: (err as Error).message });
      }
      empty.push(rel);
    }
    return {
      id: cf.rule,
      findings: [standardsFinding(cf.rule, { key: cf.label, title: `${cf.label} is empty`, message: `${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no content${cf.rule === 'repo/codeowners' ? ' (only comments or blank lines)' : ''}.`, locations: empty.map((file) => ({ file })) })],
    };
  });
}
