import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { dataDir } from '../../config/data-dir.js';
import { collectLicenseDetails } from '../../licenses/analyze.js';
import { classify as classifyLicense } from '../../licenses/classification.js';
import { UsageError } from '../../model/errors.js';
import { parseSeverity, SEVERITIES, type Finding, type Severity } from '../../model/finding.js';
import { defaultPolicy, DISTRIBUTION_MODELS, evaluatePolicy, parsePolicy, PolicyError, type Classify, type DistributionModel, type Policy } from '../../policy/index.js';
import { githubAnnotations } from '../../reports/findings/github.js';
import { renderFindingsJson } from '../../reports/findings/json.js';
import { renderFindingsJunit } from '../../reports/findings/junit.js';
import { renderFindingsMarkdown } from '../../reports/findings/markdown.js';
import { renderSarif, type SarifRuleInfo } from '../../reports/findings/sarif.js';
import { summarize } from '../../reports/findings/summary.js';
import { renderFindingsTable } from '../../reports/findings/table.js';
import { addInputOptions, emit, reportIssues, type CommandContext } from '../common.js';
import type { Inventory } from '../../model/inventory.js';
import { EXIT } from '../exit-codes.js';
import { loadInventory, type InputFlags } from '../inputs.js';
import { colorsFor, progressPrinter, type CliIo } from '../io.js';

/** The formats `ospo check` writes. */
export const CHECK_FORMATS = ['table', 'json', 'sarif', 'markdown', 'junit'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Policy file names looked for, in order, when --policy is not given. */
export const POLICY_FILE_NAMES = ['ospo.policy.yaml', 'ospo.policy.yml'];

/** The license classifier the CLI uses: src/licenses' classification data. */
export const cliClassify: Classify = (expression) => classifyLicense(expression).category;

/** Reads and parses a policy file; PolicyError (exit 2) for a bad one, UsageError when unreadable. */
export function readPolicyFile(path: string, displayName = path): Policy {
  let text: string;
  try {
    if (statSync(path).size > 4 * 1024 * 1024) throw new UsageError(`policy ${displayName}: larger than 4 MB; refused`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read the policy ${displayName}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parsePolicy(text, displayName);
}

/** Finds the policy for a run: --policy, else ospo.policy.yaml in the path, then in the cwd, else the built-in default. */
export function resolvePolicy(explicit: string | undefined, scanPath: string | undefined, io: CliIo): Policy {
  if (explicit) return warnNotEvaluated(io, readPolicyFile(explicit));
  const dirs: string[] = [];
  if (scanPath) {
    const abs = resolve(scanPath);
    dirs.push(existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs));
  }
  dirs.push(process.cwd());
  for (const dir of dirs) {
    for (const name of POLICY_FILE_NAMES) {
      const file = join(dir, name);
      if (existsSync(file)) {
        const rel = relative(process.cwd(), file);
        return warnNotEvaluated(io, readPolicyFile(file, rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file));
      }
    }
  }
  io.stderr.write('no ospo.policy.yaml found: using the built-in default policy (permissive licenses allowed; copyleft denied in distributed code; see `ospo policy explain` and docs/policy.md)\n');
  return defaultPolicy();
}

/** Prints, on stderr, what the policy asks for that cannot be checked yet (see Policy.notEvaluated); returns the policy. */
export function warnNotEvaluated(io: CliIo, policy: Policy): Policy {
  const colors = colorsFor(io.stderr, io.env);
  for (const p of policy.notEvaluated) io.stderr.write(`${colors.yellow('warning')} ${policy.source}${p.line !== undefined ? `:${p.line}` : ''}: ${p.field}: ${p.message}\n`);
  return policy;
}

/**
 * Reads the --policy FILE of a long-running command (serve, worker) before it opens anything:
 * the policy, or, for an invalid file, the exit code after every problem was printed with its
 * line. UsageError when the file cannot be read.
 */
export function readPolicyFlag(io: CliIo, path: string): Policy | number {
  try {
    return warnNotEvaluated(io, readPolicyFile(path));
  } catch (err) {
    if (err instanceof PolicyError) return reportPolicyError(io, err);
    throw err;
  }
}

/** Prints a policy error with every problem and returns the configuration exit code. */
export function reportPolicyError(io: CliIo, err: PolicyError): number {
  const colors = colorsFor(io.stderr, io.env);
  for (const line of err.describeAll().split('\n')) io.stderr.write(`${colors.red('error')} ${line}\n`);
  io.stderr.write('the policy file is invalid; fix it (the JSON Schema is schemas/ospo-policy.schema.json, `ospo policy schema` prints it)\n');
  return EXIT.usage;
}

function parseDistribution(value: string | undefined): DistributionModel | undefined {
  if (value === undefined) return undefined;
  if (!(DISTRIBUTION_MODELS as readonly string[]).includes(value)) throw new UsageError(`--distribution: "${value}" is not one of ${DISTRIBUTION_MODELS.join(', ')}`);
  return value as DistributionModel;
}

function sarifRules(policy: Policy): Record<string, SarifRuleInfo> {
  const rules: Record<string, SarifRuleInfo> = {};
  for (const r of [...policy.licenses, ...policy.packages, ...policy.vulnerabilities, ...policy.conditions]) {
    if (!r.message) continue;
    rules[r.id] = { shortDescription: r.message, help: r.howToFix, tags: ['policy'] };
  }
  rules['waiver-expired'] = { shortDescription: 'A waiver has expired', help: 'Renew the waiver with its owner, or fix what it excused.', tags: ['policy', 'waiver'] };
  rules['waiver-unused'] = { shortDescription: 'A waiver suppresses nothing', help: 'Remove the waiver or correct its scope.', tags: ['policy', 'waiver'] };
  return rules;
}

interface CheckOptions extends InputFlags {
  policy?: string;
  distribution?: string;
  failOn?: string;
  format: CheckFormat;
  output?: string;
  osv?: string | boolean;
  dataDir?: string;
  vex?: string[];
}

/**
 * Matches the inventory against OSV advisories for the vulnerability gates: `--osv PATH` reads
 * records directly, `--osv` alone uses the imported database. VEX statements suppress first.
 */
async function vulnerabilityFindings(inv: Inventory, opts: CheckOptions, io: CliIo): Promise<Finding[]> {
  const { matchComponents } = await import('../../vulns/match/index.js');
  const { applyVex, readVexFile } = await import('../../vulns/vex/index.js');
  const statements = (opts.vex ?? []).flatMap((f) => readVexFile(f));
  const progress = progressPrinter(io);
  try {
    let source;
    if (typeof opts.osv === 'string') {
      progress.update(`reading OSV records from ${opts.osv}...`);
      const { openOsvPath } = await import('../../vulns/osv/read.js');
      source = await openOsvPath(opts.osv);
    } else {
      const { openDatabase } = await import('../../vulns/osv/db.js');
      source = openDatabase(dataDir(opts.dataDir, io.env));
    }
    progress.update(`matching ${inv.components.length} components against advisories...`);
    const match = matchComponents(inv, source);
    return applyVex(match.findings, statements).findings;
  } finally {
    progress.done();
  }
}

/** `ospo check <path>`: the CI gate: evaluate the policy, report, exit 1 on violations at or above --fail-on. */
export function registerCheck(root: Command, { io, state }: CommandContext): void {
  addInputOptions(
    root
      .command('check')
      .description('evaluate the policy (licenses, packages, conditions, waivers) over a repository: the CI gate')
      .argument('<path>', 'a directory, one manifest or lockfile, or an SBOM')
      .option('--policy <file>', 'the policy file (default: ospo.policy.yaml in <path>, then in the current directory, else a built-in default)')
      .addOption(new Option('--distribution <model>', 'how the software is distributed (overrides the policy\'s `distribution`)').choices([...DISTRIBUTION_MODELS]))
      .addOption(new Option('--fail-on <severity>', 'fail on open findings at or above this severity (default: the policy\'s failOn, else high)').choices([...SEVERITIES]))
      .addOption(new Option('--format <format>', 'output format').choices([...CHECK_FORMATS]).default('table'))
      .option('-o, --output <file>', 'write the report to FILE instead of stdout')
      .option('--osv [path]', 'also match OSV advisories for the vulnerability gates: records in PATH (directory, zip, tarball), or the imported database')
      .option('--data-dir <dir>', 'where the imported OSV database lives (with --osv and no path; default $OSPO_DATA_DIR or ~/.ospo)')
      .option('--vex <file...>', 'OpenVEX or CycloneDX VEX documents; triaged vulnerabilities do not trip the gates')
      .addHelpText(
        'after',
        `
Exit codes: 0 passed; 1 open findings at or above --fail-on; 2 invalid policy or usage;
3 some inputs could not be read (and nothing failed the gate).
In GitHub Actions (GITHUB_ACTIONS=true) findings are also printed as annotations on stderr.

Examples:
  ospo check .                                    gate this repository with its ospo.policy.yaml
  ospo check . --distribution network-service     judge it as a hosted service
  ospo check . --format sarif -o ospo.sarif       for GitHub code scanning
  ospo check . --format markdown -o comment.md    a pull-request comment
  ospo check . --format junit -o ospo-junit.xml   for CI test reports
  ospo check package-lock.json --fail-on medium   a stricter gate on one lockfile
  ospo check . --osv osv-all.zip                  also apply the policy's vulnerability gates`,
      ),
  ).action(async (path: string, opts: CheckOptions) => {
    let policy: Policy;
    try {
      policy = resolvePolicy(opts.policy, path, io);
    } catch (err) {
      if (err instanceof PolicyError) {
        state.code = reportPolicyError(io, err);
        return;
      }
      throw err;
    }
    const distribution = parseDistribution(opts.distribution);
    const failOn: Severity = (opts.failOn ? parseSeverity(opts.failOn) : undefined) ?? policy.failOn ?? 'high';
    const inv = await loadInventory([path], opts, io);
    const readCode = reportIssues(io, inv);
    if (opts.vex && opts.osv === undefined) throw new UsageError('--vex needs --osv: VEX statements triage vulnerability findings');
    const rootAbs = resolve(path);
    const srcRoot = existsSync(rootAbs) && statSync(rootAbs).isDirectory() ? rootAbs : dirname(rootAbs);
    // Licenses from lockfile metadata, installed packages and license files (src/licenses).
    const licenseDetails = collectLicenseDetails(inv, srcRoot);
    for (const p of licenseDetails.problems.slice(0, 20)) io.stderr.write(`warning ${p.file}: ${p.message}\n`);
    const licenses = licenseDetails.components.map((d) => d.license);
    const vulns = opts.osv !== undefined ? await vulnerabilityFindings(inv, opts, io) : undefined;
    const result = evaluatePolicy(policy, { inventory: inv, licenses, findings: vulns }, { classify: cliClassify, distribution });
    if (result.ruleErrors.length > 0) {
      const colors = colorsFor(io.stderr, io.env);
      const byRule = new Map<string, typeof result.ruleErrors>();
      for (const e of result.ruleErrors) byRule.set(e.ruleId, [...(byRule.get(e.ruleId) ?? []), e]);
      for (const [ruleId, errors] of byRule) {
        const first = errors[0]!;
        io.stderr.write(`${colors.red('error')} ${policy.source}${first.line ? `:${first.line}` : ''}: conditions rule "${ruleId}" failed on ${errors.length} component(s), first ${first.componentId}: ${first.message}\n`);
      }
      state.code = EXIT.usage;
      return;
    }
    const findings: Finding[] = result.findings;
    const heading = `${policy.name ?? policy.source} · distribution ${result.distribution} · fail on ${failOn}`;
    // Waiver reports point into the policy file; name it relative to the scan root like every other location.
    if (!policy.source.startsWith('<')) {
      const rel = relative(srcRoot, resolve(policy.source)).split('\\').join('/');
      const file = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(policy.source);
      for (const f of findings) if (f.details?.['section'] === 'waivers') f.locations = f.locations.map((l) => ({ ...l, file }));
    }
    let text: string;
    switch (opts.format) {
      case 'json':
        text = renderFindingsJson(findings, failOn, { policy: policy.source, distribution: result.distribution, root: inv.root, components: inv.components.length });
        break;
      case 'sarif':
        text = renderSarif(findings, { rules: sarifRules(policy), srcRoot });
        break;
      case 'markdown':
        text = renderFindingsMarkdown(findings, { failOn, title: 'Ospo policy check', subtitle: `${policy.name ?? policy.source}, distribution ${result.distribution}, ${inv.components.length} components` });
        break;
      case 'junit':
        text = renderFindingsJunit(findings, { failOn, checks: result.checked, suiteName: `ospo check ${policy.name ?? policy.source}` });
        break;
      default:
        text = renderFindingsTable(findings, failOn, colorsFor(opts.output ? io.stderr : io.stdout, io.env), heading);
    }
    emit(io, text, opts.output);
    if (io.env['GITHUB_ACTIONS'] === 'true') io.stderr.write(githubAnnotations(findings, failOn));
    const summary = summarize(findings, failOn);
    if (opts.format !== 'table' || opts.output) {
      io.stderr.write(
        summary.failing > 0
          ? `ospo check: FAIL: ${summary.failing} open finding(s) at or above ${failOn} (${heading}); run \`ospo check ${path}\` for the table, or fix, or waive them in the policy\n`
          : `ospo check: PASS: nothing at or above ${failOn} (${summary.open} open below it, ${summary.suppressed} waived)\n`,
      );
    }
    state.code = summary.failing > 0 ? EXIT.gateFailed : readCode;
  });
}
