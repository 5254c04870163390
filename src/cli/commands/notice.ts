import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import { InputError, UsageError } from '../../model/errors.js';
import { collectLicenseDetails } from '../../licenses/analyze.js';
import { loadClassification } from '../../licenses/classification.js';
import { buildNotice, NOTICE_FORMATS, renderNotice, type NoticeFormat } from '../../licenses/notice.js';
import { addInputOptions, emit, reportIssues, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { loadInventory, type InputFlags } from '../inputs.js';

/** The directory whose installed packages and license files a notice reads. */
function treeRoot(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return path;
  }
}

/** `ospo notice <path>`: the attribution file (third-party notices) for a distribution. */
export function registerNotice(root: Command, { io, state }: CommandContext): void {
  addInputOptions(
    root
      .command('notice')
      .description('write the attribution file for a distribution: each component, its license, copyright lines and license texts')
      .argument('<path>', 'a directory (with node_modules, a venv, vendor/ or packages/ installed for the best results), a lockfile, or an SBOM')
      .addOption(new Option('--format <format>', 'document format').choices([...NOTICE_FORMATS]).default('text'))
      .option('-o, --output <file>', 'write the notice to FILE instead of stdout')
      .option('--include-dev', 'also list dev and test dependencies (they do not ship, so they are left out by default)')
      .option('--classification <file>', 'a license classification YAML over the bundled one (decides which licenses need NOTICE files)')
      .addHelpText(
        'after',
        `
Licenses come from lockfile metadata, installed package metadata under <path>
(node_modules/*/package.json, venv dist-info METADATA, vendor/ Cargo.toml and gemspecs,
packages/*.nuspec) and license files matched against the SPDX License List. NOTICE files are
included for licenses that require them (Apache-2.0). Components with no license found are
listed as NOASSERTION: review them before you ship.

Examples:
  ospo notice .                               plain-text notice on stdout
  ospo notice . --format html -o NOTICE.html  a page to ship with a web app
  ospo notice sbom.cdx.json --format markdown converts an SBOM's licenses into a notice`,
      ),
  ).action(async (path: string, opts: InputFlags & { format: NoticeFormat; output?: string; includeDev?: boolean; classification?: string }) => {
    let classification;
    try {
      classification = loadClassification(opts.classification);
    } catch (err) {
      // A bad classification file is configuration, not input: exit 2 with the file and entry named.
      if (err instanceof InputError) throw new UsageError(`--classification: ${err.describe()}`);
      throw err;
    }
    const inv = await loadInventory([path], opts, io);
    const code = reportIssues(io, inv);
    if (code !== EXIT.ok && inv.projects.length === 0 && inv.components.length === 0) {
      io.stderr.write('no notice written: the input could not be read\n');
      state.code = code;
      return;
    }
    const details = collectLicenseDetails(inv, treeRoot(path));
    for (const p of details.problems) io.stderr.write(`warning ${p.file}: ${p.message}\n`);
    const doc = buildNotice(inv, details, { includeDev: opts.includeDev, classification });
    emit(io, renderNotice(doc, opts.format), opts.output);
    const unknown = doc.components.filter((c) => c.expression === 'NOASSERTION').length;
    if (opts.output) io.stderr.write(`wrote a ${opts.format} notice for ${doc.components.length} components to ${opts.output}\n`);
    if (unknown > 0) {
      io.stderr.write(`${unknown} component(s) have no license found (NOASSERTION); install dependencies (npm ci, pip install) and run again, or check them by hand\n`);
    }
    state.code = code;
  });
}
