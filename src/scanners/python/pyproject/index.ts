// pyproject.toml as a manifest: the dependencies it declares (PEP 621 [project], PEP 735
// [dependency-groups], Poetry's [tool.poetry.*], PDM and uv dev dependencies) and the project's
// name and version. Declared only: a lockfile of the same group, when present, wins.
import type { FoundPackage } from '../../../model/package.js';
import { parseToml } from '../../../parsers/toml.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { EdgeSet, PackageSet, addNote, rejectBinary } from '../common/helpers.js';
import { versionFromSpecifier } from '../common/pep508.js';
import { poetryExactVersion, readPyproject, type DeclaredDependency } from '../common/pyproject-deps.js';
import { pyprojectInfo } from './info.js';

/** Scans pyproject.toml for declared dependencies (PEP 621, PEP 735, Poetry, PDM, uv). */
export const pyprojectScanner: Scanner = {
  ...pyprojectInfo,
  extract(content, ctx): ExtractResult {
    rejectBinary(content, ctx.path, 'pyproject.toml');
    const info = readPyproject(parseToml(content, ctx.path), content);
    const set = new PackageSet();
    const edges = new EdgeSet();
    for (const dep of info.dependencies) edges.add(null, set.add(packageOf(dep)));
    const result: ExtractResult = { packages: set.packages(), edges: edges.edges };
    if (info.name !== undefined || info.version !== undefined) {
      result.project = {};
      if (info.name !== undefined) result.project.name = info.name;
      if (info.version !== undefined) result.project.version = info.version;
    }
    if (info.problems.length > 0) result.warnings = info.problems;
    return result;
  },
};

function packageOf(dep: DeclaredDependency): FoundPackage {
  const pkg: FoundPackage = { ecosystem: 'PyPI', name: dep.name, version: null, scope: dep.scope, direct: true };
  if (dep.specifier !== '') pkg.declared = dep.specifier;
  if (dep.line !== undefined) pkg.line = dep.line;
  if (dep.source) pkg.source = dep.source;
  if (dep.poetry) {
    pkg.version = poetryExactVersion(dep.specifier);
  } else {
    // Same reading of PEP 440 specifiers as requirements.txt: see versionFromSpecifier.
    const v = versionFromSpecifier(dep.specifier);
    pkg.version = v.version;
    if (v.version !== null && !v.exact) addNote(pkg, `version is the bound of "${dep.specifier}", not a resolved version`);
  }
  if (dep.group !== 'main') addNote(pkg, `group: ${dep.group}`);
  if (dep.marker !== undefined) addNote(pkg, `environment marker: ${dep.marker}`);
  return pkg;
}
