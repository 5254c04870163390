import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { parseSeverity, SEVERITIES, type Severity } from '../../model/finding.js';
import type { DistributionModel, Policy } from '../../policy/index.js';
import type { StandardsResult } from '../../standards/index.js';
import { emit, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { colorsFor, progressPrinter, type CliIo } from '../io.js';

/** The formats `ospo repo check` writes. */
export const REPO_CHECK_FORMATS = ['table', 'json', 'markdown', 'sarif'] as const;
type RepoCheckFormat = (typeof REPO_CHECK_FORMATS)[number];

// Kept here (not imported from src/policy) so registering the command loads nothing heavy.
const DISTRIBUTIONS = ['internal', 'network-service', 'distributed-binary', 'library'];
const POLICY_NAMES = ['ospo.policy.yaml', 'ospo.policy.yml'];

interface RepoCheckOptions {
  policy?: string;
  distribution?: string;
  failOn?: string;
  format: RepoCheckFormat;
  output?: string;
  exclude?: string[];
}

const STATUS_MARK: Record<string, string> = { pass: 'pass', fail: 'FAIL', warn: 'warn', skip: 'skip' };

async function renderTable(result: StandardsResult, io: CliIo, toFile: boolean): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const { renderFindingsTable } = await import('../../reports/findings/table.js');
  const { resultFindings } = await import('../../standards/index.js');
  const colors = colorsFor(toFile ? io.stderr : io.stdout, io.env);
  const paint = (s: string) => (s === 'fail' ? colors.red(STATUS_MARK[s]!) : s === 'warn' ? colors.yellow(STATUS_MARK[s]!) : s === 'pass' ? colors.green(STATUS_MARK[s]!) : colors.dim(STATUS_MARK[s]!));
  const table = new Table({ head: ['status', 'rule', 'checks', 'found'], style: { head: [], border: [] }, wordWrap: true, colWidths: [8, 28, 46, 40] });
  for (const r of result.rules) table.push([paint(r.status), r.id, r.title, r.findings.length > 0 ? `${r.findings.length} finding(s)${r.note ? `; ${r.note}` : ''}` : r.note ?? '']);
  const heading = `Repository standards: ${result.path} · license ${result.license?.expression ?? 'none identified'} · distribution ${result.distribution} · fail on ${result.summary.failOn}`;
  const findings = resultFindings(result);
  const parts = [colors.bold(heading), table.toString(), ''];
  if (findings.length > 0) parts.push(renderFindingsTable(findings, result.summary.failOn, colors).trimEnd());
  else parts.push(colors.green(`PASS: every rule passes (${result.summary.rules.skip} not applicable)`));
  return `${parts.join('\n')}\n`;
}

async function renderMarkdown(result: StandardsResult): Promise<string> {
  const { escapeMarkdown, renderFindingsMarkdown } = await import('../../reports/findings/markdown.js');
  const { resultFindings } = await import('../../standards/index.js');
  const findings = renderFindingsMarkdown(resultFindings(result), {
    failOn: result.summary.failOn,
    title: 'Ospo repository standards',
    subtitle: `${result.path}: license ${result.license?.expression ?? 'none identified'}, distribution ${result.distribution}, checked ${result.checkedAt}`,
  });
  const rows = result.rules.map((r) => `| ${STATUS_MARK[r.status]} | \`${r.id}\` | ${escapeMarkdown(r.title)} | ${escapeMarkdown(r.note ?? '')} |`);
  return `${findings.trimEnd()}\n\n### Rules\n\n| status | rule | checks | note |\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

async function renderSarifReport(result: StandardsResult, srcRoot: string): Promise<string> {
  const { renderSarif } = await import('../../reports/findings/sarif.js');
  const { resultFindings, STANDARDS_RULES } = await import('../../standards/index.js');
  const rules = Object.fromEntries(STANDARDS_RULES.map((r) => [r.id, { shortDescription: r.title, help: r.howToFix, tags: ['repository-standards'] }]));
  return renderSarif(resultFindings(result), { rules, srcRoot });
}

/** Reads --policy, else ospo.policy.yaml in the checked directory; undefined means the built-in default. */
async function findPolicy(explicit: string | undefined, path: string): Promise<Policy | undefined> {
  const { readPolicyFile } = await import('./check.js');
  if (explicit) return readPolicyFile(explicit);
  for (const name of POLICY_NAMES) {
    const file = join(resolve(path), name);
    if (existsSync(file)) return readPolicyFile(file, join(path, name));
  }
  return undefined;
}

/** `ospo repo check <path>`: repository standards for a project about to be published as open source. */
export function registerRepo(root: Command, { io, state }: CommandContext): void {
  const repo = root.command('repo').description('repository standards for projects the organization publishes as open source');
  repo
    .command('check')
    .description('check a repository before publication: LICENSE, community files, SPDX headers, REUSE, secrets, third-party code, dependencies under policy')
    .argument('<path>', 'the repository directory')
    .option('--policy <file>', 'the policy file (default: ospo.policy.yaml in <path>; without one the LICENSE is judged on OSI approval and dependencies under the built-in default policy)')
    .addOption(new Option('--distribution <model>', 'how the project will be distributed (overrides the policy\'s `distribution`; default distributed-binary)').choices(DISTRIBUTIONS))
    .addOption(new Option('--fail-on <severity>', 'fail on open findings at or above this severity (default: the policy\'s failOn, else high)').choices([...SEVERITIES]))
    .addOption(new Option('--format <format>', 'output format').choices([...REPO_CHECK_FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the report to FILE instead of stdout')
    .option('--exclude <pattern...>', 'skip directories by name or relative path (globs with *), on top of node_modules, .git and build outputs')
    .addHelpText(
      'after',
      `
Rules: repo/license-present, repo/license-identified, repo/license-approved, repo/readme,
repo/contributing, repo/code-of-conduct, repo/security-policy, repo/codeowners,
repo/license-headers, repo/reuse, repo/no-secrets, repo/third-party-licenses,
repo/dependency-policy. Each comes out pass, fail (findings at or above --fail-on), warn
(findings below it) or skip (not applicable). Secrets are reported by file and line, masked.

Exit codes: 0 passed; 1 findings at or above --fail-on; 2 usage or invalid policy;
3 the path or some files could not be read (and nothing failed the gate).

Examples:
  ospo repo check .                                  is this repository ready to publish?
  ospo repo check . --format json -o standards.json  the result to attach to the publication request
  ospo repo check . --policy ospo.policy.yaml --distribution library
  ospo repo check . --format markdown -o check.md    a checklist for the request or a pull request
  ospo repo check . --format sarif -o repo.sarif     for GitHub code scanning
  ospo repo check . --fail-on medium                 also fail on missing CONTRIBUTING, SECURITY.md, ...`,
    )
    .action(async (path: string, opts: RepoCheckOptions) => {
      const { PolicyError } = await import('../../policy/index.js');
      const { reportPolicyError, cliClassify } = await import('./check.js');
      let policy: Policy | undefined;
      try {
        policy = await findPolicy(opts.policy, path);
      } catch (err) {
        if (err instanceof PolicyError) {
          state.code = reportPolicyError(io, err);
          return;
        }
        throw err;
      }
      if (!policy) io.stderr.write('no ospo.policy.yaml found: the LICENSE is judged on OSI approval, dependencies under the built-in default policy (see `ospo policy explain`)\n');
      const failOn: Severity = (opts.failOn ? parseSeverity(opts.failOn) : undefined) ?? policy?.failOn ?? 'high';
      const { checkRepository } = await import('../../standards/index.js');
      const progress = progressPrinter(io);
      let result: StandardsResult;
      try {
        result = checkRepository(path, { policy, distribution: opts.distribution as DistributionModel | undefined, failOn, exclude: opts.exclude, classify: cliClassify, onProgress: progress.update });
      } finally {
        progress.done();
      }
      const colors = colorsFor(io.stderr, io.env);
      for (const i of result.issues) io.stderr.write(`${colors.yellow('warning')} ${i.file}${i.line !== undefined ? `:${i.line}` : ''}: ${i.message}\n`);
      let text: string;
      switch (opts.format) {
        case 'json':
          text = `${JSON.stringify(result, null, 2)}\n`;
          break;
        case 'markdown':
          text = await renderMarkdown(result);
          break;
        case 'sarif':
          text = await renderSarifReport(result, resolve(path));
          break;
        default:
          text = await renderTable(result, io, Boolean(opts.output));
      }
      emit(io, text, opts.output);
      const s = result.summary;
      const failed = result.rules.filter((r) => r.status === 'fail').map((r) => r.id);
      io.stderr.write(
        s.passed
          ? `ospo repo check: PASS: nothing at or above ${failOn} (${s.rules.pass} rules pass, ${s.rules.warn} warn, ${s.rules.skip} skipped); attach \`--format json\` output to the publication request\n`
          : `ospo repo check: FAIL: ${s.findings.failing} finding(s) at or above ${failOn} in ${failed.join(', ')}; fix them (each finding says how) and run it again\n`,
      );
      state.code = !s.passed ? EXIT.gateFailed : result.issues.length > 0 ? EXIT.unreadable : EXIT.ok;
    });
}
