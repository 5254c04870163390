import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { InputError, UsageError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import { inventoryToJson } from '../reports/inventory-json.js';
import { renderInventoryTable } from '../reports/inventory-table.js';
import { SCANNERS } from '../scanners/registry.js';
import { sourceDateEpoch, writeCycloneDxJson, writeCycloneDxXml, writeSpdxJson } from '../sbom/write/index.js';
import { OSPO_VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import { loadInventory, type InputFlags } from './inputs.js';
import { colorsFor, type CliIo } from './io.js';

const SBOM_FORMATS = ['cyclonedx-json', 'cyclonedx-xml', 'spdx-json'] as const;
type SbomOutFormat = (typeof SBOM_FORMATS)[number];

/** Writes a document to FILE atomically (temp file, then rename), or to stdout. */
function emit(io: CliIo, text: string, file: string | undefined): void {
  if (!file || file === '-') {
    io.stdout.write(text);
    return;
  }
  const abs = resolve(file);
  mkdirSync(dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, abs);
}

/** Names every unreadable input on stderr; returns the exit code the run ends with. */
function reportIssues(io: CliIo, inv: Inventory): number {
  const colors = colorsFor(io.stderr, io.env);
  for (const e of inv.errors) {
    let where = e.file;
    if (e.line !== undefined) where += `:${e.line}`;
    if (e.pointer !== undefined) where += ` (at ${e.pointer || '/'})`;
    io.stderr.write(`${colors.red('error')} ${where}: ${e.message}\n`);
  }
  for (const s of inv.skipped) io.stderr.write(`${colors.yellow('skipped')} ${s.file}: ${s.message}\n`);
  return inv.errors.length > 0 ? EXIT.unreadable : EXIT.ok;
}

function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--exclude <pattern...>', 'skip directories by name or relative path (globs with *), on top of the defaults')
    .option('--no-default-excludes', 'also look inside node_modules, vendor, .git and build outputs')
    .option('--max-file-size <size>', 'refuse input files larger than this (e.g. 64MB)', '64MB')
    .option('--type <format>', 'read the named files as this format (see `ospo formats`), whatever their names');
}

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
  ospo sbom bom.spdx.json --format cyclonedx-xml   convert an SBOM`,
    );

  addInputOptions(
    root
      .command('scan')
      .description('find every manifest and lockfile under the paths and list what each project depends on')
      .argument('<path...>', 'directories, lockfiles or manifests, or an SBOM to summarise')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .option('-o, --output <file>', 'write the result to FILE instead of stdout'),
  ).action((paths: string[], opts: InputFlags & { format: 'table' | 'json'; output?: string }) => {
    const inv = loadInventory(paths, opts, io);
    const code = reportIssues(io, inv);
    const text = opts.format === 'json' ? `${JSON.stringify(inventoryToJson(inv), null, 2)}\n` : renderInventoryTable(inv, colorsFor(opts.output ? io.stderr : io.stdout, io.env));
    emit(io, text, opts.output);
    state.code = code;
  });

  addInputOptions(
    root
      .command('sbom')
      .description('write an SBOM of a directory, a lockfile or manifest, or convert an SBOM between formats')
      .argument('<path>', 'a directory, one manifest or lockfile, or a CycloneDX/SPDX document')
      .addOption(new Option('--format <format>', 'document format').choices([...SBOM_FORMATS]).default('cyclonedx-json'))
      .option('-o, --output <file>', 'write the document to FILE instead of stdout'),
  ).action((path: string, opts: InputFlags & { format: SbomOutFormat; output?: string }) => {
    const inv = loadInventory([path], opts, io);
    const code = reportIssues(io, inv);
    if (code !== EXIT.ok && inv.projects.length === 0 && inv.components.length === 0) {
      // Nothing could be read: an empty document would look like a clean result.
      io.stderr.write('no SBOM written: the input could not be read\n');
      state.code = code;
      return;
    }
    const writer = { 'cyclonedx-json': writeCycloneDxJson, 'cyclonedx-xml': writeCycloneDxXml, 'spdx-json': writeSpdxJson }[opts.format];
    emit(io, writer(inv, { timestamp: sourceDateEpoch(io.env) }), opts.output);
    if (opts.output) {
      io.stderr.write(`wrote ${opts.format} with ${inv.components.length} components to ${opts.output}\n`);
    }
    state.code = code;
  });

  root
    .command('formats')
    .description('list the manifest, lockfile and SBOM formats Ospo reads')
    .action(() => {
      const colors = colorsFor(io.stdout, io.env);
      const lines = SCANNERS.map((s) => `  ${s.id.padEnd(34)} ${colors.dim(`${s.ecosystem}, ${s.kind}`)}  ${s.description}`);
      io.stdout.write(
        `Lockfiles and manifests (use an id with --type):\n${lines.join('\n')}\n\nSBOMs (read by scan and sbom): CycloneDX 1.2-1.6 JSON and XML, SPDX 2.2/2.3 JSON and tag-value.\nSBOMs written by sbom: ${SBOM_FORMATS.join(', ')}.\n`,
      );
    });
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
