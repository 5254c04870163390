import { InputError } from '../../model/errors.js';
import type { Hash, Scope } from '../../model/package.js';
import type { ScanIssue } from '../../model/inventory.js';

/**
 * Where something is in the SBOM: a JSON pointer (JSON formats), a 1-based line (tag-value,
 * and XML where it can be found cheaply) and an element path (XML, which has no pointers).
 */
export interface At {
  pointer?: string;
  line?: number;
  path?: string;
}

/** Throws an InputError for `file` at `at`; XML element paths go into the message. */
export function fail(file: string, message: string, at: At): never {
  const text = at.path !== undefined ? `${message} (at ${at.path})` : message;
  throw new InputError(text, { file, line: at.line, pointer: at.pointer });
}

/** Caps for hostile input: real SBOMs stay far below them. */
export const MAX_COMPONENTS = 1_000_000;
/** Dependency edges / relationships read from one SBOM. */
export const MAX_EDGES = 10_000_000;
/** Warnings of one kind kept per SBOM before they are summarised. */
export const MAX_WARNINGS = 100;

/** A component as one SBOM format records it, before ids, ecosystems and the graph are settled. */
export interface RawComponent {
  /** The bom-ref or SPDXID, when it has one. */
  ref: string | undefined;
  name: string;
  /** CycloneDX `group`, used for the name only when there is no purl. */
  group?: string;
  version?: string;
  purl?: string;
  scope: Scope;
  license?: string;
  hashes: Hash[];
  notes: string[];
  line?: number;
  at: At;
}

/** A dependency edge between two refs, as the SBOM records it. */
export interface RawEdge {
  from: string;
  to: string;
  at: At;
}

/** What a format reader hands to the builder: components, the root, the graph by ref. */
export interface RawSbom {
  /** `bom-ref` or `SPDXID`, for messages. */
  refLabel: string;
  /**
   * The described thing; it becomes the project, not a component. `document` marks an SPDX
   * document standing in as the root when it describes no single package.
   */
  root?: { ref: string | undefined; name: string; version?: string; at: At; document?: boolean };
  components: RawComponent[];
  /** Refs of elements that are not components (services, files, snippets): edges to them are left out. */
  otherRefs: Map<string, At>;
  /** Refs that the graph declares (a CycloneDX `dependency` entry), even with no edges. */
  declared: string[];
  edges: RawEdge[];
  warnings: ScanIssue[];
  /** Adds a line to a position when the format can find one on demand (XML, by bom-ref). */
  locate?: (ref: string, at: At) => At;
}

const HASH_ALGS: Record<string, { alg: Hash['alg']; hexLength?: number }> = {
  MD5: { alg: 'MD5', hexLength: 32 },
  SHA1: { alg: 'SHA-1', hexLength: 40 },
  SHA256: { alg: 'SHA-256', hexLength: 64 },
  SHA384: { alg: 'SHA-384', hexLength: 96 },
  SHA512: { alg: 'SHA-512', hexLength: 128 },
  BLAKE2B256: { alg: 'BLAKE2b-256', hexLength: 64 },
  BLAKE3: { alg: 'BLAKE3' },
};

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Normalises a hash as CycloneDX (`SHA-256`) or SPDX (`SHA256`) names it to a model Hash with
 * lowercase hex. Base64 digests (some tools write them) are converted when their length fits
 * the algorithm. Returns a note instead when the algorithm is not one the model records or
 * the value is not a digest of that algorithm.
 */
export function normaliseHash(alg: string, value: string): Hash | string {
  const key = alg.toUpperCase().replace(/[-_]/g, '');
  const known = Object.prototype.hasOwnProperty.call(HASH_ALGS, key) ? HASH_ALGS[key] : undefined;
  if (!known) return `hash algorithm ${alg} is not one Ospo records; the hash was left out`;
  const v = value.trim();
  if (HEX.test(v) && (known.hexLength === undefined || v.length === known.hexLength)) {
    return { alg: known.alg, value: v.toLowerCase() };
  }
  if (known.hexLength !== undefined && BASE64.test(v)) {
    const hex = Buffer.from(v, 'base64').toString('hex');
    if (hex.length === known.hexLength) return { alg: known.alg, value: hex };
  }
  return `${alg} hash "${v.slice(0, 140)}" is not a ${known.alg} digest; the hash was left out`;
}

/** Adds a hash (or its note) to a component's lists, skipping exact duplicates. */
export function addHash(hashes: Hash[], notes: string[], alg: string, value: string): void {
  const h = normaliseHash(alg, value);
  if (typeof h === 'string') notes.push(h);
  else if (!hashes.some((x) => x.alg === h.alg && x.value === h.value)) hashes.push(h);
}

/** Collects warnings of one kind, keeping the first MAX_WARNINGS and counting the rest. */
export class WarningSink {
  private count = 0;

  constructor(
    private readonly out: ScanIssue[],
    private readonly file: string,
    private readonly summary: (dropped: number) => string,
  ) {}

  /** Records one warning (or only counts it once the cap is reached). */
  add(message: string, at: At = {}): void {
    this.count++;
    if (this.count > MAX_WARNINGS) return;
    const issue: ScanIssue = { file: this.file, message: at.path !== undefined ? `${message} (at ${at.path})` : message };
    if (at.line !== undefined) issue.line = at.line;
    if (at.pointer !== undefined) issue.pointer = at.pointer;
    this.out.push(issue);
  }

  /** Adds the summary of warnings past the cap, if any. */
  finish(): void {
    if (this.count > MAX_WARNINGS) this.out.push({ file: this.file, message: this.summary(this.count - MAX_WARNINGS) });
  }
}

/** One license statement of a component, before the statements are combined. */
export interface LicenseEntry {
  text: string;
  /** An SPDX expression (may need parentheses when combined), rather than an id or a name. */
  expression: boolean;
  /** CycloneDX 1.6 `acknowledgement`: `declared` or `concluded`. */
  acknowledgement?: string;
}

/**
 * Combines a component's license statements into one `license` value: the concluded ones
 * when any is marked so (CycloneDX 1.6), one statement as written, several joined with AND
 * and a note (CycloneDX does not say how a list of licenses combines).
 */
export function combineLicenses(entries: LicenseEntry[], notes: string[]): string | undefined {
  if (entries.length === 1) {
    // The common case, kept cheap for large SBOMs.
    const t = (entries[0] as LicenseEntry).text.trim();
    return t === '' ? undefined : t;
  }
  const concluded = entries.filter((e) => e.acknowledgement === 'concluded');
  const chosen = (concluded.length > 0 ? concluded : entries).filter((e) => e.text.trim() !== '');
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const e of chosen) {
    const t = e.text.trim();
    if (seen.has(t)) continue;
    seen.add(t);
    texts.push(e.expression && /\s/.test(t) ? `(${t})` : t);
  }
  if (texts.length === 0) return undefined;
  if (texts.length === 1) return chosen.find((e) => e.text.trim() !== '')?.text.trim();
  notes.push(`the SBOM lists ${texts.length} licenses without saying how they combine; read as all applying (AND)`);
  return texts.join(' AND ');
}
