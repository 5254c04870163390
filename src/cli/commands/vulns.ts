import { Option, type Command } from 'commander';
import type { Colors } from 'picocolors/types.js';
import { dataDir } from '../../config/data-dir.js';
import { UsageError } from '../../model/errors.js';
import { SEVERITIES, atLeast, parseSeverity, type Finding, type Severity } from '../../model/finding.js';
import type { Inventory } from '../../model/inventory.js';
import { boxTableLines } from '../../reports/box-table.js';
import { prettyJsonPieces } from '../../reports/json-pieces.js';
import { renderSarif } from '../../reports/findings/sarif.js';
import { sourceDateEpoch } from '../../sbom/write/common.js';
import { OSPO_VERSION } from '../../version.js';
import { matchComponents, type MatchResult } from '../../vulns/match/index.js';
import { openDatabase } from '../../vulns/osv/db.js';
import type { AdvisorySource } from '../../vulns/source.js';
// Only what every run needs is imported up front; --osv and the CycloneDX writer load on use.
import { applyVex } from '../../vulns/vex/apply.js';
import { readVexFile } from '../../vulns/vex/read.js';
import type { VexStatement } from '../../vulns/vex/model.js';
import { writeOpenVex } from '../../vulns/vex/openvex.js';
import { addInputOptions, emit, reportIssues, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { loadInventory, type InputFlags } from '../inputs.js';
import { colorsFor, progressPrinter } from '../io.js';

/** The formats `ospo vulns` writes. */
export const VULNS_FORMATS = ['table', 'json', 'cyclonedx-json', 'sarif', 'openvex'] as const;
type VulnsFormat = (typeof VULNS_FORMATS)[number];

interface VulnsFlags extends InputFlags {
  osv?: string;
  dataDir?: string;
  format: VulnsFormat;
  failOn?: string;
  vex?: string[];
  output?: string;
}

/** Everything one run produced, for the renderers. */
interface VulnsRun {
  inv: Inventory;
  source: ReturnType<AdvisorySource['describe']>;
  match: MatchResult;
  findings: Finding[];
  unusedVex: VexStatement[];
  failOn?: Severity;
  quarantined: number;
}

function counts(findings: readonly Finding[]): Record<Severity, number> {
  const c = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppression) c[f.severity]++;
  return c;
}

/** The machine form (`--format json`): stable keys, findings in severity order; in pieces, a finding at a time. */
function* toJson(run: VulnsRun): Generator<string> {
  const open = run.findings.filter((f) => !f.suppression);
  const doc = {
    schema: 'ospo-vulns/1',
    tool: { name: 'ospo', version: OSPO_VERSION },
    root: run.inv.root,
    source: run.source,
    summary: {
      components: run.match.stats.components,
      evaluated: run.match.stats.evaluated,
      vulnerable: new Set(open.map((f) => f.componentId)).size,
      findings: open.length,
      bySeverity: counts(run.findings),
      suppressed: run.findings.length - open.length,
      unevaluated: run.match.unevaluated.length,
      ...(run.failOn ? { failOn: run.failOn, gateFailed: open.some((f) => atLeast(f.severity, run.failOn!)) } : {}),
    },
    findings: run.findings,
    unevaluated: run.match.unevaluated,
    unusedVexStatements: run.unusedVex,
    notes: run.match.notes,
    errors: run.inv.errors,
  };
  yield* prettyJsonPieces(doc, 'findings');
  yield '\n';
}

const paint = (c: Colors, s: Severity, text: string): string =>
  s === 'critical' ? c.bold(c.red(text)) : s === 'high' ? c.red(text) : s === 'medium' ? c.yellow(text) : s === 'low' ? c.cyan(text) : c.dim(text);

/**
 * The one file every finding was found in when none has a line (an SBOM input): said once under
 * the tables instead of on every row.
 */
function commonFile(findings: readonly Finding[]): string | undefined {
  const first = findings[0]?.locations[0];
  if (!first || first.line) return undefined;
  for (const f of findings) {
    const l = f.locations[0];
    if (!l || l.line || l.file !== first.file || f.locations.length > 1) return undefined;
  }
  return first.file;
}

function findingRow(f: Finding, showWhere: boolean): string[] {
  const d = f.details ?? {};
  const comp = d['component'] as { name?: string; version?: string } | undefined;
  const aliases = (d['aliases'] as string[] | undefined) ?? [];
  const cve = aliases.filter((a) => a.startsWith('CVE-'));
  const id = cve.length ? `${f.ruleId}\n${cve.join(', ')}` : f.ruleId;
  const fix = typeof d['nearestFix'] === 'string' ? `${d['nearestFix']}${d['fixWithinMajor'] === false ? ' (major)' : ''}` : '-';
  const summary = typeof d['summary'] === 'string' ? d['summary'] : '';
  const where = showWhere && f.locations[0] ? `${f.locations[0].file}${f.locations[0].line ? `:${f.locations[0].line}` : ''}` : '';
  return [comp?.name ?? f.componentId ?? '', comp?.version ?? '', fix, id, `${summary.length > 60 ? `${summary.slice(0, 57)}...` : summary}${where ? `\n${where}` : ''}`];
}

/** The human form: findings grouped by severity, then the suppressed ones, then what to do next; in pieces, a line at a time. */
function* toTable(run: VulnsRun, c: Colors): Generator<string> {
  const open = run.findings.filter((f) => !f.suppression);
  const file = commonFile(open);
  const head = ['package', 'installed', 'fixed in', 'vulnerability', file === undefined ? 'summary / where' : 'summary'];
  for (const sev of SEVERITIES) {
    const group = open.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    yield `${paint(c, sev, `${sev.toUpperCase()} (${group.length})`)}\n`;
    for (const line of boxTableLines(head, group.map((f) => findingRow(f, file === undefined)))) yield `${line}\n`;
    yield '\n';
  }
  const suppressed = run.findings.filter((f) => f.suppression);
  if (suppressed.length > 0) {
    yield `${c.dim(`SUPPRESSED BY VEX (${suppressed.length})`)}\n`;
    const rows = suppressed.map((f) => {
      const comp = f.details?.['component'] as { name?: string; version?: string } | undefined;
      return [comp?.name ?? '', comp?.version ?? '', f.ruleId, f.suppression!.reason, f.suppression!.detail ?? ''];
    });
    for (const line of boxTableLines(['package', 'installed', 'vulnerability', 'status', 'because'], rows)) yield `${line}\n`;
    yield '\n';
  }
  const n = counts(run.findings);
  const parts = SEVERITIES.filter((s) => n[s] > 0).map((s) => `${n[s]} ${s}`);
  const vulnerable = new Set(open.map((f) => f.componentId)).size;
  const src = `${run.source.kind} ${run.source.location}, ${run.source.records} advisories${run.source.modified ? `, newest ${run.source.modified.slice(0, 10)}` : ''}`;
  if (open.length === 0) {
    yield `${c.green(`No known vulnerabilities in ${run.match.stats.evaluated} components (${src}).`)}\n`;
  } else {
    yield `${open.length} vulnerabilities (${parts.join(', ')}) in ${vulnerable} of ${run.match.stats.evaluated} components${file === undefined ? '' : ` of ${file}`} (${src}).\n`;
    const fixable = open.filter((f) => typeof f.details?.['nearestFix'] === 'string').length;
    yield `Next: upgrade to the versions in "fixed in" (${fixable} of ${open.length} have a fix); for ones that do not apply to you, record a VEX statement (--format openvex gives a template) and pass it with --vex.\n`;
  }
}

/** `ospo vulns <path|sbom>`: known vulnerabilities of an inventory, from OSV data. */
export function registerVulns(root: Command, { io, state }: CommandContext): void {
  addInputOptions(
    root
      .command('vulns')
      .description('list the known vulnerabilities (OSV advisories) of a directory, lockfile or SBOM, with fixes; gate a build on them')
      .argument('<path>', 'a directory, one manifest or lockfile, or a CycloneDX/SPDX document')
      .option('--osv <path>', 'match against this directory, zip or tarball of OSV records directly (no import step)')
      .option('--data-dir <dir>', 'where the imported OSV database lives (default: $OSPO_DATA_DIR or ~/.ospo)')
      .addOption(new Option('--format <format>', 'output format').choices([...VULNS_FORMATS]).default('table'))
      .option('--fail-on <severity>', `exit 1 when unsuppressed findings at or above this severity remain (${SEVERITIES.join(', ')})`)
      .option('--vex <file...>', 'OpenVEX or CycloneDX VEX documents; not_affected and fixed statements suppress findings')
      .option('-o, --output <file>', 'write the result to FILE instead of stdout')
      .addHelpText(
        'after',
        `
Exit codes: 0 no gate or the gate passed; 1 findings at or above --fail-on remain (suppressed ones
never count); 2 usage error; 3 an input (the path, the OSV data, a VEX file) could not be read.

Examples:
  ospo vulns . --osv ./osv-data                 match against OSV records on disk, no import
  ospo db update && ospo vulns .                 match against the imported database
  ospo vulns bom.cdx.json --fail-on high         CI gate on an SBOM
  ospo vulns . --format sarif -o vulns.sarif     for code scanning
  ospo vulns . --format openvex -o triage.json   a VEX template to triage, then:
  ospo vulns . --vex triage.json --fail-on high  findings marked not_affected/fixed are suppressed
  ospo vulns . --format cyclonedx-json           the SBOM with vulnerabilities[] (CycloneDX VEX)`,
      ),
  ).action(async (path: string, opts: VulnsFlags) => {
    let failOn: Severity | undefined;
    if (opts.failOn !== undefined) {
      failOn = parseSeverity(opts.failOn);
      if (!failOn) throw new UsageError(`--fail-on: "${opts.failOn}" is not a severity; use one of ${SEVERITIES.join(', ')}`);
    }
    // VEX first: a triage file that cannot be read must not let the gate pass or fail silently.
    const statements = (opts.vex ?? []).flatMap((f) => readVexFile(f));

    const inv = await loadInventory([path], opts, io);
    let code = reportIssues(io, inv);
    if (code !== EXIT.ok && inv.projects.length === 0 && inv.components.length === 0) {
      io.stderr.write('no vulnerability report: the input could not be read\n');
      state.code = code;
      return;
    }

    const progress = progressPrinter(io);
    let source: AdvisorySource | undefined;
    let quarantined = 0;
    try {
      if (opts.osv) {
        progress.update(`reading OSV records from ${opts.osv}...`);
        const { openOsvPath } = await import('../../vulns/osv/read.js');
        const s = await openOsvPath(opts.osv);
        quarantined = s.summary.quarantined.length;
        for (const w of s.summary.warnings.slice(0, 20)) io.stderr.write(`warning ${opts.osv}: ${w}\n`);
        source = s;
      } else {
        source = openDatabase(dataDir(opts.dataDir, io.env));
      }
      progress.update(`matching ${inv.components.length} components...`);
      const match = matchComponents(inv, source);
      const applied = applyVex(match.findings, statements);
      const run: VulnsRun = { inv, source: source.describe(), match, findings: applied.findings, unusedVex: applied.unused, failOn, quarantined };
      // Done with the advisories: what matching kept for them can be collected while the report
      // (tens of MB for thousands of findings) is written.
      (source as { close?: () => void }).close?.();
      source = undefined;
      progress.done();

      const colors = colorsFor(opts.output ? io.stderr : io.stdout, io.env);
      const timestamp = sourceDateEpoch(io.env);
      const writeCycloneDxVexJson = opts.format === 'cyclonedx-json' ? (await import('../../vulns/vex/cyclonedx-write.js')).writeCycloneDxVexJson : undefined;
      const text =
        opts.format === 'json'
          ? toJson(run)
          : opts.format === 'sarif'
            ? renderSarif(run.findings)
            : opts.format === 'openvex'
              ? writeOpenVex(run.findings, { timestamp })
              : opts.format === 'cyclonedx-json'
                ? writeCycloneDxVexJson!(inv, run.findings, { timestamp })
                : toTable(run, colors);
      emit(io, text, opts.output);

      const err = colorsFor(io.stderr, io.env);
      if (quarantined > 0) io.stderr.write(`${err.yellow('warning')} ${quarantined} OSV records in ${opts.osv} failed validation and were left out\n`);
      for (const u of match.unevaluated.slice(0, 50)) {
        io.stderr.write(`${err.yellow('not evaluated')} ${u.name} ${u.version} against ${u.advisoryId}: ${u.reason}\n`);
      }
      if (match.unevaluated.length > 50) io.stderr.write(`... and ${match.unevaluated.length - 50} more not evaluated (see --format json)\n`);
      for (const s of applied.unused) io.stderr.write(`${err.yellow('unused VEX statement')} ${s.source}: ${s.vulnerability} matched no finding\n`);
      if (opts.output || opts.format !== 'table') {
        const open = run.findings.filter((f) => !f.suppression).length;
        io.stderr.write(`${open} vulnerabilities, ${applied.suppressed} suppressed by VEX, ${match.stats.evaluated} components checked${opts.output ? `; wrote ${opts.format} to ${opts.output}` : ''}\n`);
      }
      if (failOn) {
        const failing = run.findings.filter((f) => !f.suppression && atLeast(f.severity, failOn!));
        if (failing.length > 0) {
          io.stderr.write(`${err.red('gate failed')}: ${failing.length} vulnerabilities at or above ${failOn}\n`);
          code = EXIT.gateFailed;
        }
      }
      state.code = code;
    } finally {
      progress.done();
      (source as { close?: () => void } | undefined)?.close?.();
    }
  });
}
