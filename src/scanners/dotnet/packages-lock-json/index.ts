import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, Hash } from '../../../model/package.js';
import { isObject, parseJsonObject } from '../../../parsers/json.js';
import { LineIndex, stripBom } from '../../../parsers/lines.js';
import { findObjectKey } from '../../shared/json-lines.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { packagesLockJsonInfo } from './info.js';

/** The lock file versions NuGet writes: 1, and 2 since central package management (CentralTransitive). */
const SUPPORTED_VERSIONS = [1, 2];


/** Entry types besides `Project`: https://github.com/NuGet/NuGet.Client (PackageDependencyType). */
const KNOWN_TYPES: ReadonlySet<string> = new Set(['Direct', 'Transitive', 'CentralTransitive']);

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Decodes NuGet's base64 SHA-512 `contentHash` to lowercase hex, or undefined when it is not one. */
function sha512Hex(contentHash: string): string | undefined {
  if (!BASE64.test(contentHash) || contentHash.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(contentHash, 'base64');
  return bytes.length === 64 ? bytes.toString('hex') : undefined;
}

interface Entry {
  framework: string;
  name: string;
  type: string | undefined;
  resolved: string | undefined;
  requested: string | undefined;
  contentHash: string | undefined;
  dependencies: Record<string, unknown> | undefined;
  line: number | undefined;
}

function pointerPart(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Scans NuGet `packages.lock.json` (lock file versions 1 and 2, written by
 * `dotnet restore --use-lock-file`;
 * https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies).
 * Packages are listed per target framework (and runtime identifier); the same package in
 * several frameworks is reported once per version. `Project` entries are the solution's own
 * projects, not packages: they are not reported, and their dependencies hang off the root.
 */
export const packagesLockJsonScanner: Scanner = {
  ...packagesLockJsonInfo,
  extract(content, ctx): ExtractResult {
    const file = ctx.path;
    const text = stripBom(content);
    const doc = parseJsonObject(text, file);
    const version = doc.version;
    if (typeof version !== 'number' || !SUPPORTED_VERSIONS.includes(version)) {
      throw new InputError(
        `unsupported packages.lock.json version ${JSON.stringify(version ?? null)}; supported versions are ${SUPPORTED_VERSIONS.join(' and ')}`,
        { file, pointer: '/version' },
      );
    }
    const deps = doc.dependencies;
    if (deps === undefined) return { packages: [] };
    if (!isObject(deps)) {
      throw new InputError('"dependencies" must be an object keyed by target framework', { file, pointer: '/dependencies' });
    }

    const lines = new LineIndex(text);
    const warnings: NonNullable<ExtractResult['warnings']> = [];
    const entries: Entry[] = [];
    // Per framework: lowercased name -> resolved entry, to turn dependency ranges into edges.
    const byFramework = new Map<string, Map<string, Entry>>();
    let cursor = Math.max(0, findObjectKey(text, 'dependencies', 0));

    for (const [framework, packages] of Object.entries(deps)) {
      const fwPointer = `/dependencies/${pointerPart(framework)}`;
      if (!isObject(packages)) {
        throw new InputError(`target framework "${framework}" must map package names to entries`, { file, pointer: fwPointer });
      }
      const fwAt = findObjectKey(text, framework, cursor);
      const sectionStart = fwAt === -1 ? cursor : fwAt;
      cursor = sectionStart;
      const names = new Map<string, Entry>();
      byFramework.set(framework, names);
      for (const [name, raw] of Object.entries(packages)) {
        if (!isObject(raw)) {
          const pointer = `${fwPointer}/${pointerPart(name)}`;
          throw new InputError(`entry for "${name}" in "${framework}" must be an object`, { file, pointer });
        }
        let at = findObjectKey(text, name, cursor);
        if (at === -1) at = findObjectKey(text, name, sectionStart);
        else cursor = at + 1;
        const entry: Entry = {
          framework,
          name,
          type: typeof raw.type === 'string' ? raw.type : undefined,
          resolved: typeof raw.resolved === 'string' && raw.resolved !== '' ? raw.resolved : undefined,
          requested: typeof raw.requested === 'string' ? raw.requested : undefined,
          contentHash: typeof raw.contentHash === 'string' ? raw.contentHash : undefined,
          dependencies: isObject(raw.dependencies) ? raw.dependencies : undefined,
          line: at === -1 ? undefined : lines.lineAt(at),
        };
        entries.push(entry);
        names.set(name.toLowerCase(), entry);
      }
    }

    const found = new Map<string, FoundPackage>();
    const keyOf = (e: Entry): string | undefined =>
      e.type === 'Project' ? undefined : `${e.name}@${e.resolved ?? e.requested ?? ''}`;

    for (const e of entries) {
      const key = keyOf(e);
      if (key === undefined) continue;
      const direct = e.type === 'Direct';
      const existing = found.get(key);
      if (existing) {
        if (direct) existing.direct = true;
        continue;
      }
      const pkg: FoundPackage = {
        ecosystem: 'NuGet',
        name: e.name,
        version: e.resolved ?? null,
        scope: 'runtime',
        direct,
        key,
      };
      if (e.line !== undefined) pkg.line = e.line;
      if (e.resolved === undefined) {
        if (e.requested !== undefined) pkg.declared = e.requested;
        pkg.notes = [`no "resolved" version in target framework ${e.framework}`];
        warnings.push({ message: `${e.name}: no "resolved" version in ${e.framework}`, ...(e.line ? { line: e.line } : {}) });
      }
      if (e.type !== undefined && !KNOWN_TYPES.has(e.type)) {
        (pkg.notes ??= []).push(`unknown entry type "${e.type}"`);
      }
      if (e.contentHash !== undefined) {
        const hex = sha512Hex(e.contentHash);
        if (hex) pkg.hashes = [{ alg: 'SHA-512', value: hex } satisfies Hash];
        else (pkg.notes ??= []).push('contentHash is not a base64 SHA-512 digest');
      }
      found.set(key, pkg);
    }

    const edges: FoundEdge[] = [];
    const seenEdges = new Set<string>();
    const addEdge = (from: string | null, to: string): void => {
      const id = `${from ?? ''}\n${to}`;
      if (seenEdges.has(id)) return;
      seenEdges.add(id);
      edges.push({ from, to });
    };
    for (const e of entries) {
      // A project reference has no key: its packages are the solution's own dependencies.
      const from = keyOf(e) ?? null;
      if (from !== null && e.type === 'Direct') addEdge(null, from);
      if (!e.dependencies) continue;
      const names = byFramework.get(e.framework);
      for (const depName of Object.keys(e.dependencies)) {
        const target = names?.get(depName.toLowerCase());
        if (!target) continue; // framework reference assemblies are listed without an entry
        const to = keyOf(target);
        if (to !== undefined) addEdge(from, to);
      }
    }

    const result: ExtractResult = { packages: [...found.values()], edges };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};
