import { statSync } from 'node:fs';
import { InputError, UsageError } from '../model/errors.js';
import type { Inventory } from '../model/inventory.js';
import { buildInventory, type BuildOptions } from '../inventory/build.js';
import { SCANNERS, scannerById } from '../scanners/registry.js';
import { DEFAULT_MAX_FILE_BYTES, readTextFile, readTextHead } from '../sources/read-file.js';
import type { CliIo } from './io.js';
import { progressPrinter } from './io.js';

/** Flags shared by commands that read a tree. */
export interface InputFlags {
  exclude?: string[];
  defaultExcludes?: boolean;
  maxFileSize?: string;
  type?: string;
}

/** Parses `--max-file-size` (bytes, or with a KB/MB/GB suffix) into bytes. */
export function parseSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_FILE_BYTES;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i.exec(value.trim());
  if (!m) throw new UsageError(`--max-file-size: "${value}" is not a size (examples: 500000, 64MB, 1GB)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

/** Turns the shared flags into build options; a bad flag is a UsageError. */
export function buildOptions(flags: InputFlags, io: CliIo, onProgress?: (m: string) => void): BuildOptions {
  const options: BuildOptions = {
    exclude: flags.exclude,
    defaultExcludes: flags.defaultExcludes,
    maxFileBytes: parseSize(flags.maxFileSize),
    onProgress,
  };
  if (flags.type) {
    const s = scannerById(flags.type);
    if (!s) throw new UsageError(`--type: unknown format "${flags.type}"; run \`ospo formats\` for the list (${SCANNERS.slice(0, 4).map((x) => x.id).join(', ')}, ...)`);
    options.forceScanner = s;
  }
  void io;
  return options;
}

/**
 * False when a file cannot be an SBOM: no word of one in its name or its first 8 KiB (every
 * format detectSbomFormat knows says `bomFormat`, `CycloneDX` or `SPDX` there, or is named
 * `*.cdx.json`, `bom.xml`, `*.spdx*`). Saves loading the SBOM readers to scan a lockfile.
 */
function mayBeSbom(path: string, content: string): boolean {
  return /\.(?:cdx|bom|spdx)\b|(?:^|[\\/])bom\.|\.spdx$/i.test(path) || /spdx|cyclonedx|bomformat|specversion/i.test(content.slice(0, 8 * 1024));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads what the user named into one inventory: an SBOM file is read as an SBOM; anything
 * else (directories, lockfiles, manifests) is scanned.
 */
export async function loadInventory(paths: string[], flags: InputFlags, io: CliIo): Promise<Inventory> {
  if (paths.length === 1 && !flags.type && isFile(paths[0]!)) {
    const path = paths[0]!;
    const maxBytes = parseSize(flags.maxFileSize);
    // The start of the file decides whether it may be an SBOM (32 KiB hold the first 8 Ki
    // characters); a lockfile is then read once, by its scanner, not twice.
    const head = readTextHead(path, 32 * 1024);
    let content: string | undefined;
    if (head !== undefined && mayBeSbom(path, head)) {
      try {
        content = readTextFile(path, path, maxBytes);
      } catch {
        content = undefined; // the scanner path reports the read error in the usual way
      }
    }
    if (content !== undefined) {
      const { detectSbomFormat, readSbom } = await import('../sbom/read/index.js');
      const format = detectSbomFormat(path, content);
      if (format) {
        try {
          return readSbom(content, path, format);
        } catch (err) {
          const e = err instanceof InputError ? err : new InputError(String((err as Error).message ?? err), { file: path });
          if (!e.file) e.file = path;
          return {
            root: path,
            name: path,
            projects: [],
            components: [],
            dependencies: new Map(),
            errors: [{ file: path, message: e.message, line: e.line, pointer: e.pointer }],
            skipped: [],
            warnings: [],
            stats: { filesSeen: 1, filesScanned: 0, ms: 0 },
          };
        }
      }
    }
  }
  const progress = progressPrinter(io);
  try {
    return await buildInventory(paths, buildOptions(flags, io, progress.update));
  } finally {
    progress.done();
  }
}

