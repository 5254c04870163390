import { Option, type Command } from 'commander';
import { dataDir } from '../../config/data-dir.js';
import { InputError, UsageError } from '../../model/errors.js';
import { importRecords, readManifest, type Manifest, type UpdateReport } from '../../vulns/osv/db.js';
import { OFFICIAL_MIRROR, updateDatabase } from '../../vulns/osv/download.js';
import type { CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { colorsFor, progressPrinter, type CliIo } from '../io.js';

interface UpdateFlags {
  from?: string[];
  ecosystem?: string[];
  dataDir?: string;
  mirror?: string;
  replace?: boolean;
  force?: boolean;
  format: 'table' | 'json';
}

interface StatusFlags {
  dataDir?: string;
  format: 'table' | 'json';
}

/** `ospo db update` and `ospo db status`: the local OSV database that `ospo vulns` matches against. */
export function registerDb(root: Command, { io, state }: CommandContext): void {
  const db = root.command('db').description('the local OSV vulnerability database (download, import, status)');

  db.command('update')
    .description('download the official OSV archives per ecosystem, or import a local directory, zip or tarball (--from)')
    .option('--from <path...>', 'import these directories, zips or tarballs of OSV records (JSON or YAML) instead of downloading')
    .option('--ecosystem <name...>', 'only these ecosystems, as OSV names them (npm, PyPI, Maven, Go, crates.io, ...)')
    .option('--data-dir <dir>', 'where Ospo keeps its data (default: OSPO_DATA_DIR, else ~/.ospo)')
    .option('--mirror <url>', `base URL of the OSV data dumps (default: OSPO_OSV_MIRROR, else ${OFFICIAL_MIRROR})`)
    .option('--replace', 'with --from: drop ecosystems the import does not contain (default: keep them)')
    .option('--force', 'download every all.zip even when its modified_id.csv is unchanged or shows few changes')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `
Downloads <mirror>/<ecosystem>/all.zip for each ecosystem. Incremental: the small
<ecosystem>/modified_id.csv is fetched first; an ecosystem whose list is unchanged since the
last update is kept without downloading, and one with up to 500 new or changed records fetches
only those (<mirror>/<ecosystem>/<id>.json) and drops the records the list no longer names.
More changes, or a record that cannot be fetched, download all.zip. Without --ecosystem, the ecosystems already in the
database are updated (on the first run: every ecosystem Ospo scans).
The update is atomic: if anything fails, the previous database stays in use.
Records that fail OSV validation are quarantined (listed on stderr, exit code 3); the rest import.

Examples:
  ospo db update                                   download or refresh every ecosystem
  ospo db update --ecosystem npm PyPI              only npm and PyPI
  ospo db update --from ./advisory-database        air-gapped: import a directory of OSV records
  ospo db update --from npm-all.zip pypi.tar.gz    import archives copied from a connected machine
  ospo db status                                   what the database holds, and how old it is`,
    )
    .action(async (opts: UpdateFlags) => {
      const dir = dataDir(opts.dataDir, io.env);
      const printer = progressPrinter(io);
      // Downloads report every chunk; a terminal needs a new line of progress ten times a second at most.
      let last = 0;
      const progress = {
        update: (m: string) => {
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          printer.update(m);
        },
        done: () => printer.done(),
      };
      const colors = colorsFor(io.stderr, io.env);
      const onWarning = (m: string) => {
        progress.done();
        io.stderr.write(`${colors.yellow('warning')} ${m}\n`);
      };
      let report: UpdateReport;
      try {
        if (opts.from?.length) {
          if (opts.mirror) throw new UsageError('--mirror is for downloads; it cannot be combined with --from');
          report = await importRecords(dir, opts.from, { ...(opts.ecosystem ? { ecosystems: opts.ecosystem } : {}), replace: Boolean(opts.replace), onProgress: progress.update, onWarning });
        } else {
          if (opts.replace) throw new UsageError('--replace only applies to --from imports');
          const mirror = opts.mirror ?? io.env.OSPO_OSV_MIRROR ?? OFFICIAL_MIRROR;
          report = await updateDatabase(dir, { mirror, ...(opts.ecosystem ? { ecosystems: opts.ecosystem } : {}), force: Boolean(opts.force), onProgress: progress.update, onWarning });
        }
      } catch (err) {
        progress.done();
        if (err instanceof InputError) err.message += ' (the update was not applied; the previous database, if any, is still in use)';
        throw err;
      }
      progress.done();
      reportQuarantine(io, report);
      if (opts.format === 'json') {
        io.stdout.write(`${JSON.stringify({ directory: report.directory, updated: report.updated, unchanged: report.unchanged, quarantined: report.quarantinedCount, warnings: report.warnings, database: statusJson(dir, report.manifest) }, null, 2)}\n`);
      } else {
        io.stdout.write(`OSV database updated: ${report.updated.length ? report.updated.join(', ') : 'nothing changed'}${report.unchanged.length ? ` (kept: ${report.unchanged.join(', ')})` : ''}\n\n`);
        io.stdout.write(statusTable(dir, report.manifest));
        io.stdout.write(`\nNext: \`ospo vulns <path>\` matches a project or SBOM against it.\n`);
      }
      state.code = report.quarantinedCount > 0 ? EXIT.unreadable : EXIT.ok;
    });

  db.command('status')
    .description('show what the OSV database holds: sources, records per ecosystem, quarantined records, age')
    .option('--data-dir <dir>', 'where Ospo keeps its data (default: OSPO_DATA_DIR, else ~/.ospo)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `
Examples:
  ospo db status
  ospo db status --format json | jq '.ecosystems'`,
    )
    .action((opts: StatusFlags) => {
      const dir = dataDir(opts.dataDir, io.env);
      const found = readManifest(dir);
      if (!found) throw new InputError('no OSV database yet; run `ospo db update` (or `ospo db update --from PATH` offline)', { file: dir });
      if (opts.format === 'json') io.stdout.write(`${JSON.stringify(statusJson(dir, found.manifest), null, 2)}\n`);
      else io.stdout.write(statusTable(dir, found.manifest));
      state.code = EXIT.ok;
    });
}

function reportQuarantine(io: CliIo, report: UpdateReport): void {
  if (report.quarantinedCount === 0) return;
  const colors = colorsFor(io.stderr, io.env);
  const shown = report.quarantined.slice(0, 20);
  for (const q of shown) {
    const where = q.pointer !== undefined ? `${q.file} (at ${q.pointer || '/'})` : q.file;
    io.stderr.write(`${colors.red('quarantined')} ${where}${q.id ? ` ${q.id}` : ''}: ${q.reason}\n`);
  }
  if (report.quarantinedCount > shown.length) io.stderr.write(`... and ${report.quarantinedCount - shown.length} more; \`ospo db status --format json\` lists them\n`);
  io.stderr.write(`${report.quarantinedCount} record(s) failed OSV validation and were left out; the rest were imported.\n`);
}

function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '-';
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.max(0, Math.round(ms / 60_000))} min ago`;
  if (h < 48) return `${Math.round(h)} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

function statusJson(dir: string, m: Manifest): Record<string, unknown> {
  let newest = '';
  let quarantined = 0;
  for (const e of Object.values(m.ecosystems)) if (e.newestModified && e.newestModified > newest) newest = e.newestModified;
  for (const s of Object.values(m.sources)) quarantined += s.quarantined;
  return {
    dataDir: dir,
    created: m.created,
    records: m.records,
    newestModified: newest || null,
    quarantined,
    ecosystems: m.ecosystems,
    sources: m.sources,
  };
}

function statusTable(dir: string, m: Manifest): string {
  const rows: string[][] = [['ecosystem', 'records', 'packages', 'newest modified', 'updated']];
  let newest = '';
  for (const [eco, e] of Object.entries(m.ecosystems)) {
    rows.push([eco, String(e.records), String(e.packages), e.newestModified ?? '-', age(e.updated)]);
    if (e.newestModified && e.newestModified > newest) newest = e.newestModified;
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
  let quarantined = 0;
  const sources: string[] = [];
  for (const s of Object.values(m.sources)) {
    quarantined += s.quarantined;
    sources.push(`  ${s.kind.padEnd(9)} ${s.location} (${s.records} records, ${s.quarantined} quarantined, ${age(s.updated)})`);
  }
  return [
    `OSV database in ${dir}`,
    `  ${m.records} advisories; last update ${m.created} (${age(m.created)}); newest record modified ${newest || '-'}`,
    `  ${quarantined} quarantined record(s)`,
    '',
    ...lines,
    '',
    'Sources:',
    ...sources,
    '',
  ].join('\n');
}
