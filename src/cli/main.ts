import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../model/errors.js';
import { OSPO_VERSION } from '../version.js';
import type { CommandContext } from './common.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

type Register = (root: Command, ctx: CommandContext) => void;

/**
 * Every command, in the order of --help, each in its own module under commands/. A run loads
 * only the module of the command it names, so `ospo scan` does not pay for the server, the
 * vulnerability database or the policy engine at start-up.
 */
const COMMANDS: ReadonlyArray<[string, () => Promise<Register>]> = [
  ['scan', async () => (await import('./commands/scan.js')).registerScan],
  ['sbom', async () => (await import('./commands/sbom.js')).registerSbom],
  ['formats', async () => (await import('./commands/formats.js')).registerFormats],
  ['license', async () => (await import('./commands/license.js')).registerLicense],
  ['notice', async () => (await import('./commands/notice.js')).registerNotice],
  ['check', async () => (await import('./commands/check.js')).registerCheck],
  ['policy', async () => (await import('./commands/policy.js')).registerPolicy],
  ['db', async () => (await import('./commands/db.js')).registerDb],
  ['vulns', async () => (await import('./commands/vulns.js')).registerVulns],
  ['repo', async () => (await import('./commands/repo.js')).registerRepo],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
  ['push', async () => (await import('./commands/push.js')).registerPush],
  ['request', async () => (await import('./commands/request.js')).registerRequest],
  ['admin', async () => (await import('./commands/admin.js')).registerAdmin],
  ['audit', async () => (await import('./commands/audit.js')).registerAudit],
  ['worker', async () => (await import('./commands/worker.js')).registerWorker],
];

/** Builds the command tree; actions record their exit code in `state`. */
async function program(io: CliIo, state: { code: number }, argv: readonly string[]): Promise<Command> {
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
  ospo request list --inbox            OSPO requests waiting for your review (on a server)

Run \`ospo <command> --help\` for each command's options and examples.`,
    );

  const ctx: CommandContext = { io, state };
  // The named command alone; all of them when they must be listed (help, an unknown name).
  const named = COMMANDS.find(([name]) => name === argv[0]);
  for (const [, load] of named ? [named] : COMMANDS) (await load())(root, ctx);
  return root;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const state = { code: EXIT.ok as number };
  try {
    await (await program(io, state, argv)).parseAsync(argv, { from: 'user' });
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
