import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { SCOPES, type Scope } from '../../model/package.js';
import { DISTRIBUTION_MODELS, explainPackage, findTestFiles, POLICY_SCHEMA, PolicyError, runTestFile, type CaseResult, type DistributionModel } from '../../policy/index.js';
import { emit, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { loadInventory } from '../inputs.js';
import { colorsFor } from '../io.js';
import { cliClassify, readPolicyFile, reportPolicyError, resolvePolicy, warnNotEvaluated } from './check.js';

/** `ospo policy test|explain|validate|schema`: work on the policy itself. */
export function registerPolicy(root: Command, { io, state }: CommandContext): void {
  const policy = root
    .command('policy')
    .description('test, explain and validate policy files (ospo.policy.yaml)')
    .addHelpText(
      'after',
      `
Examples:
  ospo policy validate                            check ospo.policy.yaml against its schema
  ospo policy test examples/policies              run every *.policy-test.yaml under a directory
  ospo policy explain pkg:npm/left-pad@1.3.0 --license GPL-3.0-only
  ospo policy schema > ospo-policy.schema.json    the JSON Schema, for editors`,
    );

  policy
    .command('test')
    .description('run policy test cases (*.policy-test.yaml): fixture inventories with the rule ids expected to fire or not')
    .argument('[dir]', 'a directory to search (4 levels deep) or one test file', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (dir: string, opts: { format: 'table' | 'json' }) => {
      if (!existsSync(dir)) throw new UsageError(`${dir}: no such file or directory`);
      const files = findTestFiles(dir);
      if (files.length === 0) throw new UsageError(`no *.policy-test.yaml files under ${dir}; docs/policy.md describes the format`);
      const results: CaseResult[] = [];
      for (const file of files) {
        try {
          results.push(...(await runTestFile(file, { classify: cliClassify, loadInventory: (p) => loadInventory([p], {}, io) })));
        } catch (err) {
          if (err instanceof PolicyError) {
            state.code = reportPolicyError(io, err);
            return;
          }
          throw err;
        }
      }
      const failed = results.filter((r) => !r.passed);
      if (opts.format === 'json') emit(io, `${JSON.stringify({ passed: results.length - failed.length, failed: failed.length, cases: results }, null, 2)}\n`, undefined);
      else {
        const colors = colorsFor(io.stdout, io.env);
        const lines: string[] = [];
        for (const r of results) {
          lines.push(`${r.passed ? colors.green('pass') : colors.red('FAIL')} ${r.file}${r.line ? `:${r.line}` : ''} ${r.name}`);
          for (const f of r.failures) lines.push(`       ${f}`);
        }
        lines.push(`${results.length - failed.length} passed, ${failed.length} failed, in ${files.length} file(s)`);
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      state.code = failed.length > 0 ? EXIT.gateFailed : EXIT.ok;
    });

  policy
    .command('explain')
    .description('say which rules of the policy apply to a package, and why (matched or not)')
    .argument('<purl>', 'the package, e.g. pkg:npm/lodash@4.17.21')
    .option('--policy <file>', 'the policy file (default: ospo.policy.yaml in the current directory, else the built-in default)')
    .option('--license <expression>', 'the package\'s SPDX license expression (else it counts as unknown)')
    .addOption(new Option('--distribution <model>', 'distribution model (default: the policy\'s)').choices([...DISTRIBUTION_MODELS]))
    .addOption(new Option('--scope <scope>', 'dependency scope').choices([...SCOPES]).default('runtime'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((purl: string, opts: { policy?: string; license?: string; distribution?: DistributionModel; scope: Scope; format: 'table' | 'json' }) => {
      let loaded;
      try {
        loaded = resolvePolicy(opts.policy, undefined, io);
      } catch (err) {
        if (err instanceof PolicyError) {
          state.code = reportPolicyError(io, err);
          return;
        }
        throw err;
      }
      const x = explainPackage(loaded, purl, { license: opts.license, distribution: opts.distribution, scope: opts.scope, classify: cliClassify });
      if (opts.format === 'json') {
        io.stdout.write(`${JSON.stringify({ policy: loaded.source, ...x }, null, 2)}\n`);
        return;
      }
      const colors = colorsFor(io.stdout, io.env);
      const mark = { fires: colors.red('fires   '), decides: colors.green('decides '), matches: colors.yellow('matches '), no: colors.dim('-       '), 'not-evaluated': colors.dim('n/a     ') };
      const lines = [`${x.purl} under ${loaded.source}, distribution ${x.distribution}, scope ${x.scope}, license ${x.license ?? 'unknown (use --license)'}`];
      let section = '';
      for (const e of x.entries) {
        if (e.section !== section) {
          section = e.section;
          lines.push(colors.bold(`${section}:`));
        }
        lines.push(`  ${mark[e.verdict]} ${e.ruleId}${e.line ? ` (line ${e.line})` : ''}: ${e.reason}`);
      }
      const verdict = x.outcome === 'denied' ? colors.red('denied') : x.outcome === 'review' ? colors.yellow('needs review') : colors.green('allowed');
      lines.push(`outcome: ${verdict}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    });

  policy
    .command('validate')
    .description('check a policy file against its schema, CEL conditions, purl patterns and version ranges')
    .argument('[file]', 'the policy file', 'ospo.policy.yaml')
    .action((file: string) => {
      try {
        const p = warnNotEvaluated(io, readPolicyFile(file));
        io.stdout.write(
          `${file}: valid (${p.licenses.length} license, ${p.packages.length} package, ${p.vulnerabilities.length} vulnerability, ${p.health.length} health, ${p.conditions.length} condition rules; ${p.waivers.length} waivers)` +
            `${p.notEvaluated.length > 0 ? `; ${p.notEvaluated.length} health condition(s) cannot be checked yet (warnings above)` : ''}\n`,
        );
      } catch (err) {
        if (err instanceof PolicyError) {
          state.code = reportPolicyError(io, err);
          return;
        }
        throw err;
      }
    });

  policy
    .command('schema')
    .description('print the JSON Schema of policy files')
    .action(() => {
      io.stdout.write(`${JSON.stringify(POLICY_SCHEMA, null, 2)}\n`);
    });
}
