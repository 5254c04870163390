// One walk over the repository, one bounded read per file, feeding the secrets, license-header,
// REUSE and third-party-license rules. Binary and large files are skipped (and counted), links
// out of the tree are never followed, and no file is read past MAX_SCAN_BYTES.
import { InputError } from '../model/errors.js';
import type { ScanIssue } from '../model/inventory.js';
import { isLicenseFileName } from '../licenses/analyze.js';
import { ACCEPT_THRESHOLD, UNKNOWN_LICENSE, findSpdxTags, identifyLicenseText, isSourceFile, readPrefix, type SpdxTag } from '../licenses/text/index.js';
import { DEFAULT_EXCLUDES, walk } from '../sources/walk.js';
import { findSecrets, type SecretMatch, type SecretScanOptions } from './secrets.js';

/** Files larger than this are not scanned (generated data, bundles, archives). */
export const MAX_SCAN_BYTES = 1024 * 1024;
/** How many lines of a file may hold its SPDX tags. */
export const HEADER_LINES = 40;

/**
 * Directories whose contents are third-party code kept in the tree: scanned for license texts
 * and tags, but not for secrets or missing headers (they are someone else's files).
 */
export const VENDORED_DIRS = ['vendor', 'third_party', 'third-party', 'thirdparty', 'external', 'extern', 'deps'];

/** Options for the tree scan. */
export interface TreeScanOptions extends SecretScanOptions {
  /** Extra directories to skip, on top of node_modules, .git and build outputs. */
  exclude?: readonly string[];
  maxFileBytes?: number;
  onProgress?: (files: number) => void;
}

/** A license text found below the root (a vendored LICENSE, a copied COPYING). */
export interface FoundLicenseText {
  file: string;
  expression: string;
  line: number;
}

/** What the walk found. */
export interface TreeScan {
  /** Secrets per file (never the secret itself). */
  secrets: Array<{ file: string; match: SecretMatch }>;
  /** SPDX tags per file, in every text file (REUSE and third-party rules use them). */
  tags: Array<{ file: string; tag: SpdxTag; vendored: boolean }>;
  /** Own source files read, and those without a valid tag. */
  sourceFiles: number;
  untagged: string[];
  licenseTexts: FoundLicenseText[];
  filesRead: number;
  skipped: { binary: number; large: string[] };
  issues: ScanIssue[];
}

/** Whether a path lies under a vendored directory. */
export function isVendored(relPath: string): boolean {
  const parts = relPath.split('/');
  return parts.slice(0, -1).some((p) => VENDORED_DIRS.includes(p.toLowerCase()));
}

/** Walks `root` once and collects what the tree rules need. */
export function scanTree(root: string, options: TreeScanOptions = {}): TreeScan {
  // `vendor` is one of the walker's defaults; vendored code is exactly what the third-party rule reads.
  const exclude = [...DEFAULT_EXCLUDES.filter((d) => d !== 'vendor'), ...(options.exclude ?? [])];
  const walked = walk(root, { defaultExcludes: false, exclude, select: () => true });
  const limit = options.maxFileBytes ?? MAX_SCAN_BYTES;
  const out: TreeScan = { secrets: [], tags: [], sourceFiles: 0, untagged: [], licenseTexts: [], filesRead: 0, skipped: { binary: 0, large: [] }, issues: [...walked.issues] };
  for (const f of walked.files) {
    if (options.onProgress && out.filesRead % 500 === 0) options.onProgress(out.filesRead);
    let text: string;
    try {
      text = readPrefix(f.abs, f.path, limit, true).text;
    } catch (err) {
      if (err instanceof InputError && /binary/.test(err.message)) out.skipped.binary++;
      else if (err instanceof InputError && /over the/.test(err.message)) out.skipped.large.push(f.path);
      else out.issues.push({ file: f.path, message: (err as Error).message });
      continue;
    }
    out.filesRead++;
    const vendored = isVendored(f.path);
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const inLicensesDir = f.path.startsWith('LICENSES/');
    if (!vendored) for (const match of findSecrets(text, options)) out.secrets.push({ file: f.path, match });
    if (inLicensesDir) continue; // REUSE license texts: they are the licenses, not code under them
    const tags = findSpdxTags(text, HEADER_LINES);
    for (const tag of tags) out.tags.push({ file: f.path, tag, vendored });
    if (!vendored && isSourceFile(f.path)) {
      out.sourceFiles++;
      if (!tags.some((t) => t.expression)) out.untagged.push(f.path);
    }
    // License files below the root belong to someone else's code; the root's are the project's own.
    if (f.path.includes('/') && isLicenseFileName(name)) {
      const id = identifyLicenseText(text);
      if (id.license && id.confidence >= ACCEPT_THRESHOLD) {
        out.licenseTexts.push({ file: f.path, expression: id.license, line: id.matches[0]?.startLine ?? 1 });
      } else if (id.license?.includes(UNKNOWN_LICENSE)) {
        out.licenseTexts.push({ file: f.path, expression: UNKNOWN_LICENSE, line: 1 });
      }
    }
  }
  return out;
}
