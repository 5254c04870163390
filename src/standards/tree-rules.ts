// Rules over the tree scan: no secrets, license headers, REUSE compliance, third-party licenses.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../model/finding.js';
import type { ScanIssue } from '../model/inventory.js';
import { isObject } from '../parsers/json.js';
import { parseToml } from '../parsers/toml.js';
import { readPrefix } from '../licenses/text/index.js';
import { licenseAlternatives, type LicenseCategory } from '../policy/index.js';
import { termLicenseId } from '../policy/license-terms.js';
import { isDirectory } from '../sources/walk.js';
import { incompatibility } from './compatibility.js';
import { standardsFinding } from './findings.js';
import type { RuleOutcome } from './project-files.js';
import type { TreeScan } from './tree-scan.js';

/** How many untagged files a license-header finding lists. */
export const MAX_LISTED_UNTAGGED = 50;

/** One finding per secret, at its file and line, with the secret masked. */
export function secretsOutcome(scan: TreeScan): RuleOutcome {
  const findings = scan.secrets.map(({ file, match }) =>
    standardsFinding('repo/no-secrets', {
      key: `${file}:${match.line}:${match.column}`,
      title: `${match.name.charAt(0).toUpperCase()}${match.name.slice(1)} in ${file}:${match.line}`,
      message: `${file} line ${match.line}, column ${match.column}: ${match.name} (${match.masked}). Anything committed is public once the repository is published, including its history.`,
      locations: [{ file, line: match.line }],
      details: { kind: match.kind, column: match.column, masked: match.masked },
    }),
  );
  const large = scan.skipped.large.length;
  return { id: 'repo/no-secrets', findings, note: `${scan.filesRead} files read, ${scan.skipped.binary} binary and ${large} over the size limit skipped` };
}

/** A summary finding when own source files carry no SPDX-License-Identifier tag. */
export function headersOutcome(scan: TreeScan): RuleOutcome {
  if (scan.sourceFiles === 0) return { id: 'repo/license-headers', findings: [], skip: 'no source files' };
  const n = scan.untagged.length;
  const tagged = scan.sourceFiles - n;
  const note = `${tagged} of ${scan.sourceFiles} source files tagged`;
  if (n === 0) return { id: 'repo/license-headers', findings: [], note };
  const shown = scan.untagged.slice(0, 5).join(', ');
  return {
    id: 'repo/license-headers',
    note,
    findings: [
      standardsFinding('repo/license-headers', {
        key: 'untagged',
        title: `${n} of ${scan.sourceFiles} source files have no SPDX-License-Identifier tag`,
        message: `Files without a tag lose their license when copied out of the repository: ${shown}${n > 5 ? `, and ${n - 5} more` : ''}.`,
        locations: [{ file: scan.untagged[0]! }],
        details: { sourceFiles: scan.sourceFiles, tagged, untaggedCount: n, untagged: scan.untagged.slice(0, MAX_LISTED_UNTAGGED) },
      }),
    ],
  };
}

/** License and exception ids an SPDX expression uses (each needs LICENSES/<id>.txt under REUSE). */
export function idsOf(expression: string): string[] {
  const ids = new Set<string>();
  for (const term of licenseAlternatives(expression).flat()) {
    ids.add(termLicenseId(term));
    const w = term.indexOf(' WITH ');
    if (w !== -1) ids.add(term.slice(w + 6));
  }
  return [...ids];
}

/** REUSE (https://reuse.software/spec-3.3/): when LICENSES/ or REUSE.toml exist, every license used has its text, and every tag parses. */
export function reuseOutcome(root: string, scan: TreeScan, issues: ScanIssue[]): RuleOutcome {
  const hasDir = isDirectory(join(root, 'LICENSES'));
  const tomlPath = join(root, 'REUSE.toml');
  const hasToml = existsSync(tomlPath);
  if (!hasDir && !hasToml) return { id: 'repo/reuse', findings: [], skip: 'no LICENSES/ directory or REUSE.toml: the project does not use REUSE' };
  const used = new Map<string, { file: string; line: number }>();
  const findings: Finding[] = [];
  for (const { file, tag, vendored } of scan.tags) {
    if (vendored) continue;
    if (!tag.expression) {
      findings.push(standardsFinding('repo/reuse', { key: `${file}:${tag.line}`, title: `Invalid SPDX-License-Identifier in ${file}:${tag.line}`, message: `"${tag.raw}" is not a valid SPDX expression: ${tag.error ?? 'unparseable'}.`, locations: [{ file, line: tag.line }] }));
      continue;
    }
    for (const id of idsOf(tag.expression)) if (!used.has(id)) used.set(id, { file, line: tag.line });
  }
  if (hasToml) {
    try {
      const doc = parseToml(readPrefix(tomlPath, 'REUSE.toml', 1024 * 1024, true).text, 'REUSE.toml');
      const annotations = Array.isArray(doc['annotations']) ? doc['annotations'] : [];
      for (const a of annotations) {
        if (!isObject(a)) continue;
        const raw = a['SPDX-License-Identifier'];
        for (const expr of Array.isArray(raw) ? raw : [raw]) {
          if (typeof expr !== 'string') continue;
          try {
            for (const id of idsOf(expr)) if (!used.has(id)) used.set(id, { file: 'REUSE.toml', line: 1 });
          } catch {
            /* an expression licenseAlternatives cannot split is kept whole */
          }
        }
      }
    } catch (err) {
      issues.push({ file: 'REUSE.toml', message: (err as Error).message });
      findings.push(standardsFinding('repo/reuse', { key: 'REUSE.toml', title: 'REUSE.toml cannot be read', message: (err as Error).message, locations: [{ file: 'REUSE.toml' }] }));
    }
  }
  let texts: Set<string>;
  try {
    texts = new Set(hasDir ? readdirSync(join(root, 'LICENSES')).map((n) => n.replace(/\.[^.]+$/, '')) : []);
  } catch {
    texts = new Set();
  }
  for (const [id, where] of [...used].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (texts.has(id)) continue;
    findings.push(
      standardsFinding('repo/reuse', {
        key: `LICENSES/${id}`,
        title: `LICENSES/${id}.txt is missing`,
        message: `${id} is used (first in ${where.file}:${where.line}) but its text is not in LICENSES/, as REUSE requires.`,
        locations: [where],
        details: { license: id },
      }),
    );
  }
  return { id: 'repo/reuse', findings, note: `${used.size} license(s) used, ${texts.size} text(s) in LICENSES/` };
}

/** Third-party code (vendored license texts, SPDX tags) under a license incompatible with the project's. */
export function thirdPartyOutcome(projectLicense: string | undefined, scan: TreeScan, classify: (e: string) => LicenseCategory): RuleOutcome {
  if (!projectLicense) return { id: 'repo/third-party-licenses', findings: [], skip: 'the project license is unknown, so compatibility cannot be judged' };
  const evidence = [
    ...scan.licenseTexts.map((t) => ({ file: t.file, line: t.line, expression: t.expression, how: 'license text' })),
    ...scan.tags.filter((t) => t.tag.expression).map((t) => ({ file: t.file, line: t.tag.line, expression: t.tag.expression!, how: 'SPDX tag' })),
  ];
  const findings: Finding[] = [];
  const judged = new Map<string, ReturnType<typeof incompatibility>>();
  for (const e of evidence) {
    if (!judged.has(e.expression)) judged.set(e.expression, incompatibility(projectLicense, e.expression, classify));
    const bad = judged.get(e.expression);
    if (!bad) continue;
    findings.push(
      standardsFinding('repo/third-party-licenses', {
        key: `${e.file}:${e.line}`,
        title: `${e.file}: ${e.expression} code in a ${projectLicense} project`,
        message: `${e.file} (${e.how}, line ${e.line}) is under ${e.expression}: ${bad.reason}.`,
        severity: bad.severity,
        locations: [{ file: e.file, line: e.line }],
        details: { license: e.expression, projectLicense, evidence: e.how },
      }),
    );
  }
  return { id: 'repo/third-party-licenses', findings, note: `${evidence.length} license text(s) and tag(s) checked against ${projectLicense}` };
}
