import type { Command } from 'commander';
import { SCANNERS } from '../../scanners/registry.js';
import type { CommandContext } from '../common.js';
import { colorsFor } from '../io.js';
import { SBOM_FORMATS } from './sbom.js';

/** `ospo formats`: every lockfile, manifest and SBOM format Ospo reads. */
export function registerFormats(root: Command, { io }: CommandContext): void {
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
}
