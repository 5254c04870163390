// The dependency inventory under policy: build the inventory of the tree, collect component
// licenses, evaluate the policy; its findings keep their own kind and rule id.
import type { ScanIssue } from '../model/inventory.js';
import { buildInventorySync } from '../inventory/build.js';
import { loadAllScanners } from '../scanners/registry.js';
import { collectLicenseDetails } from '../licenses/analyze.js';
import { evaluatePolicy, type Classify, type DistributionModel, type Policy } from '../policy/index.js';
import type { RuleOutcome } from './project-files.js';

/** Options for the dependency rule. */
export interface DependencyRuleOptions {
  policy: Policy;
  distribution: DistributionModel;
  classify: Classify;
  exclude?: readonly string[];
  maxFileBytes?: number;
  now?: Date;
  onProgress?: (message: string) => void;
}

// A repository check reads every format, and stays synchronous: its scanners load with this module.
const SCANNERS = await loadAllScanners();

/** Runs the inventory and the policy over `root`; unreadable lockfiles and rule errors go to `issues`. */
export function dependencyOutcome(root: string, options: DependencyRuleOptions, issues: ScanIssue[]): RuleOutcome {
  const inv = buildInventorySync([root], { scanners: SCANNERS, exclude: options.exclude, maxFileBytes: options.maxFileBytes, onProgress: options.onProgress });
  for (const e of inv.errors) issues.push(e);
  const details = collectLicenseDetails(inv, root);
  for (const p of details.problems) issues.push({ file: p.file, message: p.message });
  const result = evaluatePolicy(
    options.policy,
    { inventory: inv, licenses: details.components.map((d) => d.license) },
    { classify: options.classify, distribution: options.distribution, now: options.now },
  );
  for (const e of result.ruleErrors) issues.push({ file: options.policy.source, line: e.line, message: `conditions rule "${e.ruleId}" failed on ${e.componentId}: ${e.message}` });
  return { id: 'repo/dependency-policy', findings: result.findings, note: `${inv.components.length} components under ${options.policy.name ?? options.policy.source}` };
}
