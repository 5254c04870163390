import { Option, type Command } from 'commander';
import { inventoryToJson } from '../../reports/inventory-json.js';
import { renderInventoryTable } from '../../reports/inventory-table.js';
import { addInputOptions, emit, reportIssues, type CommandContext } from '../common.js';
import { loadInventory, type InputFlags } from '../inputs.js';
import { colorsFor } from '../io.js';

/** `ospo scan <path...>`: what each project depends on, as a table or JSON. */
export function registerScan(root: Command, { io, state }: CommandContext): void {
  addInputOptions(
    root
      .command('scan')
      .description('find every manifest and lockfile under the paths and list what each project depends on')
      .argument('<path...>', 'directories, lockfiles or manifests, or an SBOM to summarise')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .option('-o, --output <file>', 'write the result to FILE instead of stdout'),
  ).action(async (paths: string[], opts: InputFlags & { format: 'table' | 'json'; output?: string }) => {
    const inv = await loadInventory(paths, opts, io);
    const code = reportIssues(io, inv);
    const text = opts.format === 'json' ? `${JSON.stringify(inventoryToJson(inv), null, 2)}\n` : renderInventoryTable(inv, colorsFor(opts.output ? io.stderr : io.stdout, io.env));
    emit(io, text, opts.output);
    state.code = code;
  });

}
