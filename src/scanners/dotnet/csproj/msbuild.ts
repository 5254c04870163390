// Just enough of MSBuild's project model to read package references: items with metadata
// written as attributes or child elements, and `$(Property)` references to PropertyGroups.
// https://learn.microsoft.com/visualstudio/msbuild/msbuild-project-file-schema-reference
import { isObject } from '../../../parsers/json.js';

/** An MSBuild item (such as `<PackageReference>`) with its metadata keyed by lowercased name. */
export interface MsbuildItem {
  /** Metadata from attributes and child elements; names lowercased (MSBuild ignores their case). */
  meta: Map<string, string>;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (isObject(value) && typeof value['#text'] === 'string') return value['#text'].trim();
  if (isObject(value) && Object.keys(value).every((k) => k.startsWith('@_'))) return '';
  return undefined;
}

function toItem(node: unknown): MsbuildItem {
  const meta = new Map<string, string>();
  if (!isObject(node)) return { meta };
  for (const [k, v] of Object.entries(node)) {
    if (k === '#text') continue;
    const name = (k.startsWith('@_') ? k.slice(2) : k).toLowerCase();
    const first = Array.isArray(v) ? v[0] : v;
    const text = textOf(first);
    // Attributes win over child elements of the same name only by coming first.
    if (text !== undefined && !meta.has(name)) meta.set(name, text);
  }
  return { meta };
}

/**
 * Collects every element named one of `tags` anywhere under `root`, in a stable order
 * (document order within a parent), as items. Walks iteratively so depth cannot overflow.
 */
export function collectItems(root: unknown, tags: ReadonlySet<string>): Array<{ tag: string; item: MsbuildItem }> {
  const out: Array<{ tag: string; item: MsbuildItem }> = [];
  const stack: unknown[] = [root];
  // Depth-first, children pushed in reverse so they are visited in document order.
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    const children: unknown[] = [];
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('@_') || k === '#text') continue;
      const list = Array.isArray(v) ? v : [v];
      if (tags.has(k)) {
        for (const el of list) out.push({ tag: k, item: toItem(el) });
      } else {
        for (const el of list) children.push(el);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return out;
}

/** Reads every `<PropertyGroup>` property (last definition wins, as in MSBuild) into a lowercased map. */
export function collectProperties(root: unknown): Map<string, string> {
  const props = new Map<string, string>();
  for (const { item } of collectItems(root, new Set(['PropertyGroup']))) {
    for (const [k, v] of item.meta) if (k !== 'condition') props.set(k, v);
  }
  return props;
}

/**
 * Expands `$(Name)` references from `props` (nested ones too, a few rounds deep). Returns
 * undefined when a reference is left that the file does not define.
 */
export function expandProperties(value: string, props: ReadonlyMap<string, string>): string | undefined {
  let out = value;
  for (let round = 0; round < 8 && out.includes('$('); round++) {
    let missing = false;
    out = out.replace(/\$\(([A-Za-z_][\w.-]*)\)/g, (_m, name: string) => {
      const v = props.get(name.toLowerCase());
      if (v === undefined) {
        missing = true;
        return `$(${name})`;
      }
      return v;
    });
    if (missing) return undefined;
  }
  return out.includes('$(') ? undefined : out;
}

/** A NuGet version as written: an exact version (`1.2.3`, `[1.2.3]`) or a range/float kept as declared. */
export interface NuGetRequirement {
  version: string | null;
  declared: string;
}

const EXACT = /^\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Classifies a NuGet version string. A bare version is NuGet's "minimum version", which restore
 * resolves to that very version when it exists, so it is taken as the version; `[1.2.3]` pins it;
 * ranges such as `[1.0,2.0)` and floating versions such as `6.*` stay declared only
 * (https://learn.microsoft.com/nuget/concepts/package-versioning#version-ranges).
 */
export function classifyNuGetVersion(raw: string): NuGetRequirement {
  const declared = raw.trim();
  if (EXACT.test(declared)) return { version: declared, declared };
  const pinned = /^\[\s*([^,\]\s]+)\s*\]$/.exec(declared);
  if (pinned?.[1] && EXACT.test(pinned[1])) return { version: pinned[1], declared };
  return { version: null, declared };
}
