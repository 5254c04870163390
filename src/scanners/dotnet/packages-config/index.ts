import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import { isObject } from '../../../parsers/json.js';
import { LineIndex, stripBom } from '../../../parsers/lines.js';
import { parseXml } from '../../../parsers/xml.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { packagesConfigInfo } from './info.js';


/** `<package ... id="X"` start tags, for the line of each entry (attribute order varies). */
const PACKAGE_TAG = /<package\b[^>]*?\bid\s*=\s*(["'])(.*?)\1/g;

function attr(node: Record<string, unknown>, name: string): string | undefined {
  const v = node[`@_${name}`];
  return typeof v === 'string' ? v.trim() : undefined;
}

/**
 * Scans a NuGet `packages.config` (the pre-PackageReference format:
 * https://learn.microsoft.com/nuget/reference/packages-config). It lists every installed
 * package, direct or not, at an exact version; `developmentDependency="true"` marks tools
 * that are not shipped. Entries without an id or version are skipped with a warning.
 */
export const packagesConfigScanner: Scanner = {
  ...packagesConfigInfo,
  extract(content, ctx): ExtractResult {
    const file = ctx.path;
    const text = stripBom(content);
    const doc = parseXml(text, file, { arrays: ['package'] });
    if (!('packages' in doc)) {
      const root = Object.keys(doc)[0];
      throw new InputError(`expected a <packages> root element, found ${root ? `<${root}>` : 'none'}`, { file });
    }
    const root = doc.packages;
    const items = isObject(root) && Array.isArray(root.package) ? root.package : [];

    // Lines by id, consumed in document order so a repeated id gets each of its lines.
    const lines = new LineIndex(text);
    const lineQueue = new Map<string, number[]>();
    for (const m of text.matchAll(PACKAGE_TAG)) {
      const id = (m[2] ?? '').trim().toLowerCase();
      const queue = lineQueue.get(id) ?? [];
      queue.push(lines.lineAt(m.index));
      lineQueue.set(id, queue);
    }

    const warnings: NonNullable<ExtractResult['warnings']> = [];
    const found = new Map<string, FoundPackage>();
    for (const item of items) {
      if (!isObject(item)) continue;
      const id = attr(item, 'id') ?? '';
      const line = lineQueue.get(id.toLowerCase())?.shift();
      const at = line !== undefined ? { line } : {};
      const version = attr(item, 'version') ?? '';
      if (id === '') {
        warnings.push({ message: 'skipped a <package> without an id', ...at });
        continue;
      }
      if (version === '') {
        warnings.push({ message: `skipped ${id}: no version attribute`, ...at });
        continue;
      }
      const dev = attr(item, 'developmentDependency')?.toLowerCase() === 'true';
      const key = `${id}@${version}`;
      const existing = found.get(key);
      if (existing) {
        if (!dev) existing.scope = 'runtime';
        continue;
      }
      const pkg: FoundPackage = { ecosystem: 'NuGet', name: id, version, scope: dev ? 'dev' : 'runtime', ...at };
      const allowed = attr(item, 'allowedVersions');
      if (allowed) pkg.declared = allowed;
      found.set(key, pkg);
    }
    const result: ExtractResult = { packages: [...found.values()] };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};
