import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../model/errors.js';
import { OSPO_VERSION } from '../version.js';
import type { CommandContext } from './common.js';
import { registerCheck } from './commands/check.js';
import { registerDb } from './commands/db.js';
import { registerFormats } from './commands/formats.js';
import { registerLicense } from './commands/license.js';
import { registerNotice } from './commands/notice.js';
import { registerPolicy } from './commands/policy.js';
import { registerSbom } from './commands/sbom.js';
import { registerScan } from './commands/scan.js';
import { registerVulns } from './commands/vulns.js';
import { registerServe } from './commands/serve.js';
import { registerPush } from './commands/push.js';
import { registerAdmin } from './commands/admin.js';
import { registerAudit } from './commands/audit.js';
import { registerWorker } from './commands/worker.js';
import { registerRepo } from './commands/repo.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Builds the command tree; actions record their exit code in `state`. */
function program(io: CliIo, state: { code: number }): Command {
  const root = new Command('ospo')
    .description('Ospo: your open source program office: inventory, SBOMs, licenses, vulnerabilities and policy.')
    .version(OSPO_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 success; 1 the gate failed; 2 usage or configuration error;
3 some inputs could not be read (the rest is still reported); 4 internal error.
Machine output goes to stdout, progress and messages to stderr; NO_COLOR is honoured.

Examples:
  ospo scan .                          what this repository depends on
  ospo scan repos/* --format json      one inventory of many repositories, for scripts
  ospo sbom . -o sbom.cdx.json         a CycloneDX 1.6 SBOM of this repository
  ospo sbom bom.spdx.json --format cyclonedx-xml   convert an SBOM
  ospo db update && ospo vulns . --fail-on high    known vulnerabilities, as a CI gate
  ospo check . --format markdown       the policy gate (licenses, packages, vulnerabilities)
  ospo notice . -o NOTICE              the attribution file for a distribution
  ospo serve                           the portfolio server and REST API (embedded database)

Run \`ospo <command> --help\` for each command's options and examples.`,
    );

  const ctx: CommandContext = { io, state };
  // Each command lives in its own module under commands/; the order here is the order of --help.
  registerScan(root, ctx);
  registerSbom(root, ctx);
  registerFormats(root, ctx);
  registerLicense(root, ctx);
  registerNotice(root, ctx);
  registerCheck(root, ctx);
  registerPolicy(root, ctx);
  registerDb(root, ctx);
  registerVulns(root, ctx);
  registerServe(root, ctx);
  registerPush(root, ctx);
  registerAdmin(root, ctx);
  registerAudit(root, ctx);
  registerWorker(root, ctx);
  registerRepo(root, ctx);
  return root;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const state = { code: EXIT.ok as number };
  try {
    await program(io, state).parseAsync(argv, { from: 'user' });
    return state.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`ospo: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      io.stderr.write(`error ${err.describe()}\n`);
      return EXIT.unreadable;
    }
    io.stderr.write(`ospo: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.internal;
  }
}
