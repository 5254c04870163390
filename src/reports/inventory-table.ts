import Table from 'cli-table3';
import type { Colors } from 'picocolors/types.js';
import type { Inventory } from '../model/inventory.js';

/** Renders a scan for people: one row per project, totals, and what to do next. */
export function renderInventoryTable(inv: Inventory, colors: Colors): string {
  const out: string[] = [];
  if (inv.projects.length === 0 && inv.errors.length > 0) {
    out.push(
      colors.red(`No project under ${inv.root} could be read: ${inv.errors.length} file${inv.errors.length === 1 ? '' : 's'} failed, each named above with the reason.`),
      'Fix or remove those files, or skip their directories with --exclude, and scan again.',
    );
    return `${out.join('\n')}\n`;
  }
  if (inv.projects.length === 0) {
    out.push(
      `No manifests or lockfiles found under ${inv.root} (${inv.stats.filesSeen} files looked at).`,
      'Ospo reads lockfiles and manifests such as package-lock.json, yarn.lock, poetry.lock, go.mod, pom.xml and Cargo.lock;',
      'run `ospo formats` for the full list, or `ospo scan --no-default-excludes` to look inside vendor and build folders.',
    );
    return `${out.join('\n')}\n`;
  }
  const table = new Table({
    head: ['project', 'ecosystems', 'manifests', 'direct', 'transitive', 'total'].map((h) => colors.bold(h)),
    style: { head: [], border: [] },
    colAligns: ['left', 'left', 'left', 'right', 'right', 'right'],
  });
  for (const p of inv.projects) {
    const direct = p.direct.filter((d) => p.components.includes(d)).length;
    table.push([
      `${p.name}${p.version ? `@${p.version}` : ''}\n${colors.dim(p.path)}`,
      p.ecosystems.join(', '),
      p.manifests.map((m) => m.slice(m.lastIndexOf('/') + 1)).join('\n'),
      String(direct),
      String(p.components.length - direct),
      String(p.components.length),
    ]);
  }
  out.push(table.toString());
  const direct = inv.components.filter((c) => c.direct).length;
  const unresolved = inv.components.filter((c) => c.version === null).length;
  out.push(
    `${colors.bold(String(inv.components.length))} package${inv.components.length === 1 ? '' : 's'} (${direct} direct, ${inv.components.length - direct} transitive${unresolved ? `, ${unresolved} declared only` : ''}) in ${inv.projects.length} project${inv.projects.length === 1 ? '' : 's'}; ${inv.stats.filesScanned} file${inv.stats.filesScanned === 1 ? '' : 's'} read in ${inv.stats.ms} ms.`,
  );
  if (inv.errors.length > 0) out.push(colors.red(`${inv.errors.length} file${inv.errors.length === 1 ? '' : 's'} could not be read: see the messages above.`));
  out.push(colors.dim(`Next: \`ospo sbom ${inv.root} -o sbom.cdx.json\` writes a CycloneDX SBOM; \`--format json\` gives this list for scripts.`));
  return `${out.join('\n')}\n`;
}
