/**
 * package.json on its own (https://docs.npmjs.com/cli/configuring-npm/package-json): the
 * declared dependency ranges, used where no lockfile pins them. Every package has
 * `version: null`, its range in `declared`, `direct: true` and a note that it is unresolved.
 * Specs that do not name a registry range (git, tarball URLs, local paths, `workspace:`) carry
 * a source; `npm:` aliases are reported under the real package name.
 */
import { InputError, type FoundPackage } from '../../../model/index.js';
import { isObject, parseJson } from '../../../parsers/json.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { DEP_GROUPS, PackageCollector } from '../shared/collect.js';
import { visitJsonKeys } from '../shared/json-keys.js';
import { classifySpec, sourceOf } from '../shared/spec.js';
import { packageJsonInfo } from './info.js';

const UNRESOLVED_NOTE = 'unresolved: package.json only declares a range; no lockfile pins the installed version';
const GROUP_NAMES: ReadonlySet<string> = new Set(DEP_GROUPS.map(([group]) => group));

type Warnings = NonNullable<ExtractResult['warnings']>;

function extract(content: string, ctx: ScanContext): ExtractResult {
  const value = parseJson(content, ctx.path);
  if (!isObject(value)) {
    throw new InputError('expected a JSON object at the top level of package.json', { file: ctx.path, pointer: '' });
  }
  const warnings: Warnings = [];
  // Unity's package manager reuses the package.json name with its own registry
  // (https://docs.unity3d.com/Manual/upm-manifestPkg.html); its dependencies are not npm packages.
  if (typeof value['unity'] === 'string') {
    return {
      packages: [],
      warnings: [{ message: 'a Unity package manifest ("unity" field): its dependencies are Unity packages, not npm packages' }],
    };
  }
  const lines = new Map<string, number>();
  visitJsonKeys(content, (parents, key, line) => {
    if (parents.length === 1 && GROUP_NAMES.has(parents[0] ?? '')) lines.set(`${parents[0]}\u0000${key}`, line);
  });
  const out = new PackageCollector();

  for (const [group, scope] of DEP_GROUPS) {
    const deps = value[group];
    if (deps === undefined) continue;
    if (!isObject(deps)) {
      warnings.push({ message: `"${group}" is not an object of name -> range; it was not read` });
      continue;
    }
    for (const [name, spec] of Object.entries(deps)) {
      const line = lines.get(`${group}\u0000${name}`);
      if (typeof spec !== 'string') {
        warnings.push({ message: `${group}.${name}: the range is not a string; the dependency was not read`, ...(line !== undefined ? { line } : {}) });
        continue;
      }
      const info = classifySpec(spec);
      const realName = info.aliasOf ?? name;
      // An empty range means any version (https://docs.npmjs.com/cli/configuring-npm/package-json#dependencies).
      const declared = info.kind === 'registry' ? info.range || '*' : spec.trim();
      const pkg: FoundPackage = {
        ecosystem: 'npm',
        name: realName,
        version: null,
        declared,
        scope,
        direct: true,
        notes: [UNRESOLVED_NOTE],
      };
      if (info.aliasOf && info.aliasOf !== name) pkg.notes?.push(`installed under the alias "${name}"`);
      // pnpm, Bun and Yarn take `catalog:` ranges from the workspace's catalog (https://pnpm.io/catalogs).
      if (declared.startsWith('catalog:')) pkg.notes?.push('the range is defined in the workspace catalog');
      const source = sourceOf(info);
      if (source) {
        pkg.source = source;
        // Two git specs of one package differ by URL or ref; keep them apart.
        pkg.key = `${realName}@${declared}`;
      }
      if (line !== undefined) pkg.line = line;
      out.addEdge(null, out.add(pkg));
    }
  }

  const result: ExtractResult = { packages: out.packages(), edges: out.edges };
  const project: NonNullable<ExtractResult['project']> = {};
  if (typeof value['name'] === 'string' && value['name']) project.name = value['name'];
  if (typeof value['version'] === 'string' && value['version']) project.version = value['version'];
  if (project.name !== undefined || project.version !== undefined) result.project = project;
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scans a package.json for its declared dependency ranges (a manifest: skipped where an npm-family lockfile is found). */
export const packageJsonScanner: Scanner = {
  ...packageJsonInfo,
  extract,
};
