import type { Hash } from '../../../model/index.js';
import { integrityToHashes } from '../shared/integrity.js';
import { splitNameAt } from '../shared/names.js';
import { sourceFromLocator } from '../shared/source.js';
import { parseClassicLockfile, type ClassicBlock } from './classic-parser.js';
import type { LockEntry } from './entries.js';

function stringField(block: ClassicBlock, key: string): string | undefined {
  const v = block.get(key);
  return typeof v === 'string' ? v : undefined;
}

function depPairs(block: ClassicBlock, key: string): Array<[string, string]> {
  const v = block.get(key);
  if (v === undefined || typeof v === 'string') return [];
  const out: Array<[string, string]> = [];
  for (const [name, range] of v) out.push([name, typeof range === 'string' ? range : '']);
  return out;
}

/**
 * Splits a classic descriptor into the name depended on, the real package name and the range.
 * An alias `alias@npm:real@^1.0.0` names the real package (https://classic.yarnpkg.com/en/docs/cli/add#toc-yarn-add-alias).
 */
function readDescriptor(spec: string): { name: string; range: string } | null {
  const d = splitNameAt(spec);
  if (!d) return null;
  if (d.rest.startsWith('npm:')) {
    const inner = splitNameAt(d.rest.slice(4));
    if (inner) return { name: inner.name, range: inner.rest };
  }
  return { name: d.name, range: d.rest };
}

/**
 * Reads the entries of a classic (v1) yarn.lock. An entry whose header names no package
 * (`balanced-match:` with no range) takes the whole header as its name.
 */
export function readClassicEntries(text: string, file: string | undefined): LockEntry[] {
  const out: LockEntry[] = [];
  for (const e of parseClassicLockfile(text, file)) {
    const first = e.specifiers[0] ?? '';
    const desc = readDescriptor(first) ?? { name: first, range: '' };
    const notes: string[] = [];
    const version = stringField(e.fields, 'version') ?? null;
    if (version === null) notes.push('yarn.lock records no version for this entry');
    const resolved = stringField(e.fields, 'resolved');
    // The range says file:/link:/git; the resolved URL says which commit or tarball it became.
    const fromRange = /^(?:file:|link:|portal:)/.test(desc.range) ? sourceFromLocator(desc.range) : undefined;
    const source = fromRange ?? (resolved ? sourceFromLocator(resolved) : sourceFromLocator(desc.range));
    const hashes: Hash[] = [];
    const integrity = stringField(e.fields, 'integrity');
    if (integrity) hashes.push(...integrityToHashes(integrity));
    // Registry tarball URLs carry the tarball's SHA-1 as their fragment.
    const sha1 = resolved && (!source || source.kind === 'registry') ? /#([0-9a-f]{40})$/.exec(resolved)?.[1] : undefined;
    if (sha1 && !hashes.some((h) => h.alg === 'SHA-1')) hashes.push({ alg: 'SHA-1', value: sha1 });
    const entry: LockEntry = {
      specifiers: e.specifiers,
      line: e.line,
      name: desc.name,
      version,
      range: desc.range,
      dependencies: [...depPairs(e.fields, 'dependencies'), ...depPairs(e.fields, 'optionalDependencies')],
      notes,
    };
    if (source) entry.source = source;
    if (hashes.length > 0) entry.hashes = hashes;
    out.push(entry);
  }
  return out;
}
