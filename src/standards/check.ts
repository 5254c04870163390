// checkRepository: every repository standards rule over one directory, judged at a gate.
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { classify as classifyLicense } from '../licenses/classification.js';
import { InputError } from '../model/errors.js';
import { atLeast, type Finding, type Severity } from '../model/finding.js';
import type { ScanIssue } from '../model/inventory.js';
import { defaultPolicy, type Classify, type DistributionModel, type Policy } from '../policy/index.js';
import { dependencyOutcome } from './dependencies.js';
import { checkCommunityFiles, checkLicense, type RuleOutcome } from './project-files.js';
import { STANDARDS_RULES } from './rules.js';
import { headersOutcome, reuseOutcome, secretsOutcome, thirdPartyOutcome } from './tree-rules.js';
import { scanTree } from './tree-scan.js';
import type { RuleResult, RuleStatus, StandardsResult } from './types.js';

/** Options for a repository check. */
export interface CheckRepositoryOptions {
  /** The policy for the license and dependency rules. When absent, the LICENSE is judged on OSI approval only and dependencies under the built-in default policy. */
  policy?: Policy;
  /** Overrides the policy's distribution model (default distributed-binary). */
  distribution?: DistributionModel;
  /** The gate: findings at or above it make a rule `fail`, below it `warn` (default high). */
  failOn?: Severity;
  /** The path as the user named it, for the result (default `root`). */
  displayPath?: string;
  exclude?: readonly string[];
  /** Largest file the secret/header scan reads; larger ones are skipped (default 1 MiB). */
  maxScanBytes?: number;
  /** Largest lockfile the inventory reads. */
  maxFileBytes?: number;
  /** Bits per character for generic secret assignments (default 3.5). */
  entropyThreshold?: number;
  classify?: Classify;
  now?: Date;
  onProgress?: (message: string) => void;
}

/** The status of a rule from its findings at a gate. */
export function ruleStatus(findings: readonly Finding[], failOn: Severity): RuleStatus {
  const open = findings.filter((f) => !f.suppression);
  if (open.some((f) => atLeast(f.severity, failOn))) return 'fail';
  return open.length > 0 ? 'warn' : 'pass';
}

/**
 * Checks a directory about to be published as open source against every standards rule.
 * Throws InputError when `root` is not a readable directory; files it cannot read are named in
 * `issues` and the rest is still checked. Never runs code from the tree.
 */
export function checkRepository(root: string, options: CheckRepositoryOptions = {}): StandardsResult {
  const abs = resolve(root);
  const display = options.displayPath ?? root;
  let rootReal: string;
  try {
    if (!statSync(abs).isDirectory()) throw new InputError('not a directory: `ospo repo check` checks a repository folder', { file: display });
    rootReal = realpathSync(abs);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (err as Error).message}`, { file: display });
  }
  const failOn = options.failOn ?? 'high';
  const classify: Classify = options.classify ?? ((e) => classifyLicense(e).category);
  const distribution: DistributionModel = options.distribution ?? options.policy?.distribution ?? 'distributed-binary';
  const issues: ScanIssue[] = [];
  const progress = options.onProgress ?? (() => {});

  progress('checking LICENSE and community files...');
  const license = checkLicense(abs, rootReal, { policy: options.policy, distribution, classify }, issues);
  const community = checkCommunityFiles(abs, rootReal, issues);
  progress('scanning files for secrets, license headers and third-party licenses...');
  const scan = scanTree(abs, { exclude: options.exclude, maxFileBytes: options.maxScanBytes, entropyThreshold: options.entropyThreshold, onProgress: (n) => progress(`scanning files: ${n} read...`) });
  issues.push(...scan.issues);
  progress('building the dependency inventory...');
  const deps = dependencyOutcome(abs, { policy: options.policy ?? defaultPolicy(), distribution, classify, exclude: options.exclude, maxFileBytes: options.maxFileBytes, now: options.now, onProgress: progress }, issues);

  const outcomes = new Map<string, RuleOutcome>();
  for (const o of [...license.outcomes, ...community, secretsOutcome(scan), headersOutcome(scan), reuseOutcome(abs, scan, issues), thirdPartyOutcome(license.expression, scan, classify), deps]) outcomes.set(o.id, o);
  const rules: RuleResult[] = STANDARDS_RULES.map((rule) => {
    const o = outcomes.get(rule.id)!;
    const r: RuleResult = { id: rule.id, title: rule.title, status: o.skip ? 'skip' : ruleStatus(o.findings, failOn), findings: o.findings };
    const note = o.skip ?? o.note;
    if (note) r.note = note;
    return r;
  });
  const all = rules.flatMap((r) => r.findings);
  const counts: Record<RuleStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of rules) counts[r.status]++;
  const suppressed = all.filter((f) => f.suppression).length;
  const failing = all.filter((f) => !f.suppression && atLeast(f.severity, failOn)).length;
  const result: StandardsResult = {
    path: display,
    checkedAt: (options.now ?? new Date()).toISOString(),
    distribution,
    rules,
    summary: { rules: counts, findings: { total: all.length, open: all.length - suppressed, suppressed, failing }, failOn, passed: failing === 0 },
    issues: dedupeIssues(issues),
  };
  if (license.expression) result.license = { expression: license.expression, files: license.files };
  if (options.policy) result.policy = options.policy.source;
  return result;
}

/** Every finding of a result, in rule order. */
export function resultFindings(result: StandardsResult): Finding[] {
  return result.rules.flatMap((r) => r.findings);
}

function dedupeIssues(issues: ScanIssue[]): ScanIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}\0${i.line ?? ''}\0${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
