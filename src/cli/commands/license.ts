import { resolve } from 'node:path';
import Table from 'cli-table3';
import { Option, type Command } from 'commander';
import { InputError, UsageError } from '../../model/errors.js';
import { ACCEPT_THRESHOLD, identifyLicenseFile, scanHeaders, type FileIdentification } from '../../licenses/text/index.js';
import { isDirectory } from '../../sources/walk.js';
import { emit, type CommandContext } from '../common.js';
import { EXIT } from '../exit-codes.js';
import { colorsFor, progressPrinter } from '../io.js';

/** One evidence item of `ospo license identify --format json`. */
interface EvidenceJson {
  expression: string;
  method: string;
  startLine: number;
  endLine: number;
  score: number;
  candidate?: { expression: string; score: number };
  differences?: string[];
}

/** A file `identify` could not read (binary, too large, missing): listed with no license and why. */
interface NotRead {
  path: string;
  error: string;
}

function toJson(r: FileIdentification): { path: string; license: string | null; confidence: number; evidence: EvidenceJson[] } {
  const evidence: EvidenceJson[] = r.matches.map((m) => {
    const e: EvidenceJson = { expression: m.expression, method: m.method, startLine: m.startLine, endLine: m.endLine, score: m.confidence };
    if (m.candidate) e.candidate = m.candidate;
    if (m.differences) e.differences = m.differences;
    return e;
  });
  for (const t of r.tags) if (t.expression) evidence.push({ expression: t.expression, method: 'spdx-tag', startLine: t.line, endLine: t.line, score: 1 });
  return { path: r.path, license: r.license, confidence: r.confidence, evidence };
}

/** `ospo license identify|headers`: which licenses files hold, by text and by SPDX tag. */
export function registerLicense(root: Command, { io, state }: CommandContext): void {
  const license = root.command('license').description('identify license texts and SPDX-License-Identifier tags');

  license
    .command('identify')
    .description('identify the licenses in license files (LICENSE, COPYING, NOTICE, a README with a license pasted in) and source headers')
    .argument('<file...>', 'files to identify')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write the result to FILE instead of stdout')
    .addHelpText(
      'after',
      `
Each file is matched against the SPDX License List (bundled, offline) after normalisation per the
SPDX matching guidelines. A text that resembles a license but was changed (added restrictions,
removed clauses) is reported as LicenseRef-unknown, with the closest license as evidence.
Beside full texts (method exact or similarity, confidence up to 1) it finds what names a license:
standard notices such as the GNU "either version 2 of the License, or (at your option) any later
version" (-or-later; "version 2" alone is -only), the Apache-2.0, MPL-2.0, EPL and CDDL headers
(method notice, 0.95); references such as "released under the MIT license" or "dual licensed
under MIT or Apache-2.0" (reference, 0.92); and license URLs such as
http://www.apache.org/licenses/LICENSE-2.0 (url, 0.9). Comment markers (#, //, *, ;;, --, dnl,
REM) and line wrapping do not matter. A notice that cannot be the whole answer (a special
exception, "alternatively ... under" a license it cannot name, an unversioned GPL) is reported
below ${ACCEPT_THRESHOLD}. The patterns are data: data/licenses/notices.yaml.
Confidence is 0 to 1; ${ACCEPT_THRESHOLD} and above is a match. Files over 1 MiB and binary files are not
read: they are listed with no license and the reason (in JSON, an "error" field), and the exit
code is 3.

Examples:
  ospo license identify LICENSE
  ospo license identify LICENSE COPYING NOTICE --format json
  ospo license identify src/main.c lib/util.py     # the notices in source file headers`,
    )
    .action((files: string[], opts: { format: 'table' | 'json'; output?: string }) => {
      // One entry per file named, in order: a file that could not be read is listed with no
      // license and the reason (and named on stderr; the exit code says an input was unreadable).
      const entries: Array<FileIdentification | NotRead> = [];
      let failed = false;
      const colors = colorsFor(io.stderr, io.env);
      for (const file of files) {
        try {
          if (isDirectory(file)) throw new InputError('is a directory; name the license files in it (or use `ospo license headers`)', { file });
          entries.push(identifyLicenseFile(resolve(file), file));
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          failed = true;
          entries.push({ path: file, error: err.message });
          io.stderr.write(`${colors.red('error')} ${err.describe()}\n`);
        }
      }
      const results = entries.filter((e): e is FileIdentification => !('error' in e));
      let text: string;
      if (opts.format === 'json') {
        text = `${JSON.stringify(
          entries.map((e) => ('error' in e ? { path: e.path, license: null, confidence: 0, evidence: [], error: e.error } : toJson(e))),
          null,
          2,
        )}\n`;
      } else {
        const c = colorsFor(opts.output ? io.stderr : io.stdout, io.env);
        const table = new Table({ head: ['file', 'license', 'confidence', 'evidence'], style: { head: [], border: [] } });
        for (const r of entries) {
          if ('error' in r) {
            table.push([r.path, c.red('not read'), '-', r.error]);
            continue;
          }
          const evidence = toJson(r).evidence.map((e) => {
            const where = e.startLine === e.endLine ? `line ${e.startLine}` : `lines ${e.startLine}-${e.endLine}`;
            const closest = e.candidate ? ` (closest: ${e.candidate.expression} ${e.candidate.score})` : '';
            return `${e.expression} by ${e.method}, ${where}, score ${e.score}${closest}`;
          });
          const lic = r.license === null ? c.dim('none found') : r.confidence >= ACCEPT_THRESHOLD ? c.green(r.license) : c.yellow(r.license);
          table.push([r.path, lic, r.confidence.toFixed(2), evidence.join('\n') || '-']);
        }
        text = `${table.toString()}\n`;
        if (results.some((r) => r.license?.includes('LicenseRef-unknown'))) {
          text += 'LicenseRef-unknown: the text resembles a known license but differs from it; have it reviewed (see the differences with --format json).\n';
        }
      }
      emit(io, text, opts.output);
      state.code = failed ? EXIT.unreadable : EXIT.ok;
    });

  license
    .command('headers')
    .description('scan source files for SPDX-License-Identifier tags (reads only each file header)')
    .argument('<dir>', 'directory to scan')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--exclude <pattern...>', 'skip directories by name or relative path (globs with *), on top of the defaults')
    .option('--no-default-excludes', 'also look inside node_modules, vendor, .git and build outputs')
    .option('-o, --output <file>', 'write the result to FILE instead of stdout')
    .addHelpText(
      'after',
      `
Reads the first 8 KiB / 40 lines of every source file, finds SPDX-License-Identifier tags and
validates each expression (deprecated ids such as GPL-2.0+ are reported as GPL-2.0-or-later).
Exit code 3 when some files could not be read; invalid tags are listed with the reason.

Examples:
  ospo license headers .
  ospo license headers src --format json --exclude generated`,
    )
    .action((dir: string, opts: { format: 'table' | 'json'; output?: string; exclude?: string[]; defaultExcludes?: boolean }) => {
      if (!isDirectory(dir)) throw new UsageError(`${dir} is not a directory (for one file use \`ospo license identify\`)`);
      const progress = progressPrinter(io);
      const scan = scanHeaders(dir, {
        exclude: opts.exclude,
        defaultExcludes: opts.defaultExcludes,
        onProgress: (dirs, files) => progress.update(`scanning: ${dirs} directories, ${files} files`),
      });
      progress.done();
      const colors = colorsFor(io.stderr, io.env);
      for (const i of scan.issues) io.stderr.write(`${colors.red('error')} ${i.file}: ${i.message}\n`);
      let text: string;
      if (opts.format === 'json') {
        const summary = { scanned: scan.scanned, tagged: scan.tagged, untagged: scan.scanned - scan.tagged, invalid: scan.invalid, expressions: scan.expressions };
        text = `${JSON.stringify({ summary, files: scan.files }, null, 2)}\n`;
      } else {
        const c = colorsFor(opts.output ? io.stderr : io.stdout, io.env);
        const table = new Table({ head: ['file', 'line', 'SPDX-License-Identifier'], style: { head: [], border: [] } });
        for (const f of scan.files) for (const t of f.tags) table.push([f.path, String(t.line), t.expression ?? c.red(`invalid: ${t.error}`)]);
        const counts = Object.entries(scan.expressions).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        text = scan.files.length > 0 ? `${table.toString()}\n` : '';
        text += `${scan.scanned} source files scanned, ${scan.tagged} with a valid tag, ${scan.scanned - scan.tagged} without, ${scan.invalid} invalid tags.\n`;
        for (const [expr, n] of counts) text += `  ${expr}: ${n}\n`;
        if (scan.scanned > scan.tagged) text += 'Files without a tag: add a line such as "SPDX-License-Identifier: Apache-2.0" to their headers (https://reuse.software).\n';
      }
      emit(io, text, opts.output);
      state.code = scan.issues.length > 0 ? EXIT.unreadable : EXIT.ok;
    });
}
