import { Option, type Command } from 'commander';
import { sourceDateEpoch } from '../../sbom/write/common.js';
import { addInputOptions, emit, reportIssues, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { loadInventory, type InputFlags } from '../inputs.js';

/** The SBOM formats `ospo sbom` writes. */
export const SBOM_FORMATS = ['cyclonedx-json', 'cyclonedx-xml', 'spdx-json'] as const;
type SbomOutFormat = (typeof SBOM_FORMATS)[number];

/** `ospo sbom <path>`: an SBOM of a tree or file, or an SBOM converted. */
export function registerSbom(root: Command, { io, state }: CommandContext): void {
  addInputOptions(
    root
      .command('sbom')
      .description('write an SBOM of a directory, a lockfile or manifest, or convert an SBOM between formats')
      .argument('<path>', 'a directory, one manifest or lockfile, or a CycloneDX/SPDX document')
      .addOption(new Option('--format <format>', 'document format').choices([...SBOM_FORMATS]).default('cyclonedx-json'))
      .option('-o, --output <file>', 'write the document to FILE instead of stdout'),
  ).action(async (path: string, opts: InputFlags & { format: SbomOutFormat; output?: string }) => {
    const inv = await loadInventory([path], opts, io);
    const code = reportIssues(io, inv);
    if (code !== EXIT.ok && inv.projects.length === 0 && inv.components.length === 0) {
      // Nothing could be read: an empty document would look like a clean result.
      io.stderr.write('no SBOM written: the input could not be read\n');
      state.code = code;
      return;
    }
    // Each writer is loaded when asked for: the CycloneDX library (XML) is the slowest module to load.
    const writer = {
      'cyclonedx-json': async () => (await import('../../sbom/write/cyclonedx-json.js')).writeCycloneDxJson,
      'cyclonedx-xml': async () => (await import('../../sbom/write/cyclonedx.js')).writeCycloneDxXml,
      'spdx-json': async () => (await import('../../sbom/write/spdx.js')).writeSpdxJson,
    }[opts.format];
    emit(io, (await writer())(inv, { timestamp: sourceDateEpoch(io.env) }), opts.output);
    if (opts.output) {
      io.stderr.write(`wrote ${opts.format} with ${inv.components.length} components to ${opts.output}\n`);
    }
    state.code = code;
  });

}
