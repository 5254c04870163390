import { InputError } from '../../model/errors.js';
import { parseJson } from '../../parsers/json.js';
import { parseYaml } from '../../parsers/yaml.js';
import { advisoryKey, memorySource, type AdvisorySource } from '../source.js';
import { DEFAULT_LIMITS, visitRecordFiles, type InputKind, type ReadLimits } from './archive.js';
import type { OsvRecord } from './types.js';
import { validateOsvRecord } from './validate.js';

/** A record (or a file) that failed to parse or validate, kept out of the data with the reason. */
export interface Quarantined {
  /** The file, as `archive.zip!path/in/archive.json` for archive entries. */
  file: string;
  /** The record's id, when it had a readable one. */
  id?: string;
  /** What is wrong, for a person to act on. */
  reason: string;
  /** Where in the document (JSON pointer), when known. */
  pointer?: string;
}

/** What one read of a directory or archive found. */
export interface ReadSummary {
  kind: InputKind;
  /** Record files read (JSON and YAML; other files are not counted). */
  files: number;
  /** Records accepted (before duplicates by id are resolved). */
  records: number;
  /** Records left out, with reasons. */
  quarantined: Quarantined[];
  /** Entries skipped for safety (links, `..` paths, oversized files). */
  warnings: string[];
}

/** Options for reading records. */
export interface ReadOptions {
  limits?: ReadLimits;
  /** Called for each warning as it happens (also collected in the summary). */
  onWarning?: (message: string) => void;
}

/** Called with each valid record and the file it came from. */
export type RecordVisitor = (record: OsvRecord, file: string) => void | Promise<void>;

/**
 * Parses one record file's bytes (JSON, or YAML by its extension) into records: a file holds
 * one record, or a list of them (as OSV.dev's API bundles do). Invalid records are returned as
 * quarantined, with the reason.
 */
export function parseRecordFile(name: string, data: Buffer): { records: OsvRecord[]; quarantined: Quarantined[] } {
  const text = data.toString('utf8');
  let doc: unknown;
  try {
    doc = /\.ya?ml$/i.test(name) ? parseYaml(text, name) : parseJson(text, name);
  } catch (err) {
    const e = err instanceof InputError ? err : new InputError(String(err), { file: name });
    return { records: [], quarantined: [{ file: name, reason: e.line !== undefined ? `line ${e.line}: ${e.message}` : e.message }] };
  }
  const items = Array.isArray(doc) ? doc : [doc];
  const records: OsvRecord[] = [];
  const quarantined: Quarantined[] = [];
  items.forEach((item, i) => {
    const problem = validateOsvRecord(item);
    if (!problem) {
      records.push(item as OsvRecord);
      return;
    }
    const id = item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined;
    const pointer = Array.isArray(doc) ? `/${i}${problem.pointer}` : problem.pointer;
    quarantined.push({ file: name, ...(id ? { id } : {}), reason: problem.reason, pointer });
  });
  return { records, quarantined };
}

/**
 * Reads every OSV record in a directory tree, zip or tarball (JSON and YAML files; others are
 * ignored), calling `onRecord` for each valid one in a stable order; invalid ones are quarantined
 * and the rest still read. Throws an InputError when the input as a whole is unreadable or
 * hostile (corrupt archive, zip bomb).
 */
export async function readOsvRecords(path: string, onRecord: RecordVisitor, options: ReadOptions = {}): Promise<ReadSummary> {
  const summary: ReadSummary = { kind: 'directory', files: 0, records: 0, quarantined: [], warnings: [] };
  const warn = (message: string) => {
    summary.warnings.push(message);
    options.onWarning?.(message);
  };
  summary.kind = await visitRecordFiles(
    path,
    async (file) => {
      summary.files++;
      const { records, quarantined } = parseRecordFile(file.name, file.data);
      for (const q of quarantined) summary.quarantined.push(q);
      for (const r of records) {
        summary.records++;
        await onRecord(r, file.name);
      }
    },
    warn,
    options.limits ?? DEFAULT_LIMITS,
  );
  return summary;
}

/** Returns whether record `a` supersedes `b` (same id): the newer `modified` wins; a tie keeps `b`. */
export function supersedes(a: OsvRecord, b: OsvRecord): boolean {
  return Date.parse(a.modified) > Date.parse(b.modified);
}

/** An advisory source read from a path, with what was left out. */
export interface OsvPathSource extends AdvisorySource {
  summary: ReadSummary;
}

/**
 * Reads a directory tree, zip or tarball of OSV records into memory once and returns it as an
 * advisory source (for `ospo vulns --osv`); the same id in two places is resolved by the newer
 * `modified`. Invalid records are left out and listed in `summary.quarantined`.
 */
export async function openOsvPath(path: string, options: ReadOptions = {}): Promise<OsvPathSource> {
  const byId = new Map<string, OsvRecord>();
  const summary = await readOsvRecords(
    path,
    (record) => {
      const prev = byId.get(record.id);
      if (!prev || supersedes(record, prev)) byId.set(record.id, record);
    },
    options,
  );
  const records = [...byId.values()];
  let newest = '';
  for (const r of records) if (!newest || Date.parse(r.modified) > Date.parse(newest)) newest = r.modified;
  const inner = memorySource(records, path);
  const kind = summary.kind === 'directory' ? 'directory' : 'archive';
  return {
    lookup: inner.lookup,
    describe: () => ({ kind, location: path, records: records.length, ...(newest ? { modified: newest } : {}) }),
    summary,
  };
}

/** Returns the distinct advisory keys a record is indexed under (one per affected package). */
export function recordKeys(record: OsvRecord): string[] {
  const keys = new Set<string>();
  for (const a of record.affected ?? []) if (a.package) keys.add(advisoryKey(a.package.ecosystem, a.package.name));
  return [...keys];
}
