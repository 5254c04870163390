/**
 * Maven pom.xml (POM 4.0.0, https://maven.apache.org/pom.html) and published `*.pom` files.
 * A POM is a manifest: it declares requirements, and Maven resolves the graph from them. This
 * scanner builds as much of the effective model as can be had offline: the parent chain through
 * `<relativePath>` (default `../pom.xml`, only when the file found there has the declared
 * coordinates and `pom` packaging), properties with the `project.*` built-ins, inherited
 * dependencies, `<dependencyManagement>` filling in missing versions and scopes, and profiles that
 * are active by default. Imported BOMs and remote parents cannot be read offline; dependencies
 * that need them keep a null version and a note saying what is missing.
 */
import { posix } from 'node:path';
import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage, Scope } from '../../../model/package.js';
import { strongerScope } from '../../../model/package.js';
import { toPurl } from '../../../model/purl.js';
import { looksBinary } from '../../../parsers/limits.js';
import type { ExtractResult, ScanContext, Scanner } from '../../types.js';
import { Interpolator } from './interpolate.js';
import { readPom, type RawDependency, type RawParent, type RawPom } from './pom-model.js';
import { pomXmlInfo } from './info.js';

/** How many parents are followed before the chain is declared too deep (Maven has no limit; real chains are short). */
const MAX_PARENTS = 32;

/** A POM of the chain and where it was read from (relative to the scanned file's directory). */
interface ChainLink {
  pom: RawPom;
  /** `undefined` for the scanned file itself. */
  path: string | undefined;
}

/** A dependency after interpolation, with where it came from. */
interface ResolvedDependency {
  raw: RawDependency;
  groupId: string;
  artifactId: string;
  version: string;
  versionMissing: string[];
  nameMissing: string[];
  scope: string;
  type: string;
  classifier: string;
  optional: boolean;
  /** The parent POM path when inherited. */
  inheritedFrom: string | undefined;
}

/** Candidate files for a `<relativePath>` seen from `dir`: a file, or a directory's pom.xml. */
function parentCandidates(dir: string, relativePath: string | undefined): string[] {
  // An empty <relativePath/> tells Maven to skip the local lookup; a file with the exact
  // coordinates at the default place is still the same parent, so it is read all the same.
  const rel = relativePath ? relativePath.replace(/\\/g, '/') : '../pom.xml';
  const joined = posix.normalize(posix.join(dir, rel)).replace(/\/$/, '');
  if (/\.(xml|pom)$/i.test(joined)) return [joined];
  return [posix.join(joined, 'pom.xml')];
}

function coordinates(p: { groupId: string; artifactId: string; version: string }): string {
  return `${p.groupId}:${p.artifactId}:${p.version}`;
}

/** The coordinates a POM declares for itself, with groupId and version inherited from its parent reference. */
function ownCoordinates(pom: RawPom): { groupId: string; artifactId: string; version: string } {
  return {
    groupId: pom.groupId || pom.parent?.groupId || '',
    artifactId: pom.artifactId,
    version: pom.version || pom.parent?.version || '',
  };
}

/** Maps a Maven scope (https://maven.apache.org/guides/introduction/introduction-to-dependency-mechanism.html#dependency-scope). */
function toScope(scope: string, optional: boolean): { scope: Scope; unknown: boolean } {
  switch (scope.toLowerCase()) {
    case 'test':
      return { scope: 'test', unknown: false };
    case 'provided':
    case 'system':
      return { scope: 'provided', unknown: false };
    case '':
    case 'compile':
    case 'runtime':
      return { scope: optional ? 'optional' : 'runtime', unknown: false };
    default:
      return { scope: optional ? 'optional' : 'runtime', unknown: true };
  }
}

/** The dependency key Maven deduplicates on: groupId, artifactId, type (default jar) and classifier. */
function managementKey(groupId: string, artifactId: string, type: string, classifier: string): string {
  return `${groupId}:${artifactId}:${type || 'jar'}:${classifier}`;
}

/**
 * Whether a parent reference's version names the candidate POM. Besides the same text, Maven's
 * CI-friendly versions (https://maven.apache.org/maven-ci-friendly.html) count: the parent
 * declares `${revision}` and defines `revision` in its properties, and the child refers to it by
 * that value or by a `${...}` expression of its own, which only the build's properties resolve.
 */
function sameParentVersion(declared: string, pom: RawPom, ownVersion: string): boolean {
  if (declared === ownVersion) return true;
  if (declared.includes('${')) return true;
  if (!ownVersion.includes('${')) return false;
  const resolved = new Interpolator(new Map(pom.properties)).interpolate(ownVersion);
  return resolved.missing.length === 0 && resolved.value === declared;
}

/** Reads the parent chain through the sibling reader; stops at a missing, mismatched or looping parent. */
function readChain(main: RawPom, ctx: ScanContext, warnings: NonNullable<ExtractResult['warnings']>): {
  chain: ChainLink[];
  unresolvedParent: RawParent | undefined;
} {
  const chain: ChainLink[] = [{ pom: main, path: undefined }];
  // Visited files are keyed by their path from the scan root, so `../a/pom.xml` seen from `a/` is the scanned file.
  const fileDir = posix.dirname(ctx.path);
  const visited = new Set<string>([posix.normalize(ctx.path)]);
  let current = main;
  let dir = '.';
  for (let depth = 0; current.parent !== undefined; depth++) {
    const parent = current.parent;
    const declared = coordinates(parent);
    if (depth >= MAX_PARENTS) {
      warnings.push({ message: `parent chain deeper than ${MAX_PARENTS} POMs; stopped at ${declared}`, line: main.parent?.line });
      return { chain, unresolvedParent: parent };
    }
    if (!parent.groupId || !parent.artifactId || !parent.version) {
      warnings.push({ message: `parent reference ${declared} is incomplete; the parent is not read`, line: main.parent?.line });
      return { chain, unresolvedParent: parent };
    }
    let found: ChainLink | undefined;
    const candidates = parentCandidates(dir, parent.relativePath);
    let why = `no file at ${candidates.join(' or ')}`;
    for (const candidate of candidates) {
      const fromRoot = posix.normalize(posix.join(fileDir, candidate));
      if (visited.has(fromRoot)) {
        warnings.push({ message: `parent chain loops back to ${candidate}; stopped there`, line: main.parent?.line });
        return { chain, unresolvedParent: undefined };
      }
      const text = ctx.readSibling(candidate);
      if (text === undefined) continue;
      let pom: RawPom;
      try {
        pom = readPom(text, fromRoot);
      } catch (err) {
        why = `${candidate} cannot be read: ${err instanceof InputError ? err.message : String(err)}`;
        continue;
      }
      const own = ownCoordinates(pom);
      if (own.groupId !== parent.groupId || own.artifactId !== parent.artifactId || !sameParentVersion(parent.version, pom, own.version)) {
        why = `${candidate} is ${coordinates(own)}`;
        continue;
      }
      if ((pom.packaging || 'jar') !== 'pom') {
        why = `${candidate} has packaging "${pom.packaging || 'jar'}", not "pom"`;
        continue;
      }
      visited.add(fromRoot);
      found = { pom, path: candidate };
      dir = posix.dirname(candidate);
      break;
    }
    if (found === undefined) {
      warnings.push({
        message: `parent POM ${declared} is not available locally (${why}); what it defines is unknown`,
        line: main.parent?.line,
      });
      return { chain, unresolvedParent: parent };
    }
    chain.push(found);
    current = found.pom;
  }
  return { chain, unresolvedParent: undefined };
}

/** Builds the property map of the effective model: the chain's properties, child over parent, and the built-ins. */
function propertyMap(chain: ChainLink[]): Map<string, string> {
  const props = new Map<string, string>();
  for (let i = chain.length - 1; i >= 0; i--) {
    for (const [k, v] of chain[i]?.pom.properties ?? []) props.set(k, v);
  }
  const main = chain[0]?.pom;
  if (main === undefined) return props;
  const own = ownCoordinates(main);
  // project.* and pom.* cannot be overridden by <properties>; the bare (deprecated) forms can.
  const builtins: Array<[string, string]> = [
    ['groupId', own.groupId],
    ['artifactId', own.artifactId],
    ['version', own.version],
    ['packaging', main.packaging || 'jar'],
    ['name', main.name],
    ['parent.groupId', main.parent?.groupId ?? ''],
    ['parent.artifactId', main.parent?.artifactId ?? ''],
    ['parent.version', main.parent?.version ?? ''],
  ];
  for (const [k, v] of builtins) {
    if (!v) continue;
    if (!props.has(k)) props.set(k, v);
    props.set(`project.${k}`, v);
    props.set(`pom.${k}`, v);
  }
  return props;
}

function extractPom(content: string, ctx: ScanContext): ExtractResult {
  if (looksBinary(content)) throw new InputError('binary data, expected a Maven POM (XML)', { file: ctx.path });
  const main = readPom(content, ctx.path);
  const warnings: NonNullable<ExtractResult['warnings']> = [];
  const { chain, unresolvedParent } = readChain(main, ctx, warnings);
  const interpolator = new Interpolator(propertyMap(chain));
  const remoteParent = unresolvedParent ? ` (perhaps defined in the parent POM ${coordinates(unresolvedParent)}, which is not available locally)` : '';

  for (const profile of main.inactiveProfiles) {
    warnings.push({
      message: `profile "${profile.id}" is not active by default; its ${profile.dependencies} dependencies are not reported`,
    });
  }

  // Dependency management: the file's own entries first, then its parents' (the nearest wins).
  const managed = new Map<string, { version: string; scope: string }>();
  const imports: string[] = [];
  for (const link of chain) {
    for (const dm of link.pom.managed) {
      const g = interpolator.interpolate(dm.groupId).value;
      const a = interpolator.interpolate(dm.artifactId).value;
      if (!g || !a) continue;
      const version = interpolator.interpolate(dm.version).value;
      const scope = interpolator.interpolate(dm.scope).value;
      const type = interpolator.interpolate(dm.type).value;
      const classifier = interpolator.interpolate(dm.classifier).value;
      if (scope === 'import') {
        imports.push(`${g}:${a}:${version}`);
        continue;
      }
      const key = managementKey(g, a, type, classifier);
      if (!managed.has(key) && version) managed.set(key, { version, scope });
    }
  }

  // Declared dependencies: the file's own (with active profiles), then inherited ones.
  const byKey = new Map<string, ResolvedDependency>();
  for (const link of chain) {
    for (const raw of link.pom.dependencies) {
      const where = link.path === undefined ? '' : ` in ${link.path}`;
      if (!raw.groupId || !raw.artifactId) {
        warnings.push({
          message: `dependency${where} without ${raw.groupId ? 'artifactId' : 'groupId'} skipped (${raw.groupId || raw.artifactId || 'no coordinates'})`,
          line: link.path === undefined ? raw.line : main.parent?.line,
        });
        continue;
      }
      const g = interpolator.interpolate(raw.groupId);
      const a = interpolator.interpolate(raw.artifactId);
      const v = interpolator.interpolate(raw.version);
      const dep: ResolvedDependency = {
        raw,
        groupId: g.value,
        artifactId: a.value,
        version: v.value,
        versionMissing: v.missing,
        nameMissing: [...g.missing, ...a.missing],
        scope: interpolator.interpolate(raw.scope).value,
        type: interpolator.interpolate(raw.type).value,
        classifier: interpolator.interpolate(raw.classifier).value,
        optional: interpolator.interpolate(raw.optional).value.toLowerCase() === 'true',
        inheritedFrom: link.path,
      };
      const key = managementKey(dep.groupId, dep.artifactId, dep.type, dep.classifier);
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, dep);
      } else if (!existing.version && dep.version) {
        existing.version = dep.version;
        existing.versionMissing = dep.versionMissing;
      } else if (existing.version !== dep.version && existing.inheritedFrom === dep.inheritedFrom) {
        // Maven warns that dependencies must be unique; the first declaration is reported.
        warnings.push({
          message: `${dep.groupId}:${dep.artifactId} is declared twice${where} (${existing.version || 'no version'} and ${dep.version || 'no version'}); the first is reported`,
          line: dep.inheritedFrom === undefined ? dep.raw.line : main.parent?.line,
        });
      }
    }
  }

  const packages = new Map<string, FoundPackage>();
  const edges: FoundEdge[] = [];
  for (const dep of byKey.values()) {
    const name = `${dep.groupId}:${dep.artifactId}`;
    const notes: string[] = [];
    const mgmt = managed.get(managementKey(dep.groupId, dep.artifactId, dep.type, dep.classifier));
    let requirement = dep.version;
    let missing = dep.versionMissing;
    if (!requirement && mgmt) {
      requirement = mgmt.version;
      missing = interpolator.interpolate(mgmt.version).missing;
    }
    const scopeText = dep.scope || mgmt?.scope || '';
    const { scope, unknown } = toScope(scopeText, dep.optional);
    if (unknown) notes.push(`unknown scope "${scopeText}", counted as runtime`);

    let version: string | null = null;
    if (!requirement) {
      if (imports.length > 0) {
        notes.push(`no version declared; it is probably managed by the imported BOM ${imports.join(', ')}, which cannot be read offline`);
      } else if (unresolvedParent) {
        notes.push(`no version declared; it probably comes from the parent POM ${coordinates(unresolvedParent)}, which is not available locally`);
      } else {
        notes.push('no version declared and none found in dependencyManagement');
      }
    } else if (missing.length > 0 || requirement.includes('${')) {
      const names = missing.length > 0 ? missing : [requirement];
      notes.push(`version ${requirement} needs property ${names.map((n) => `\${${n}}`).join(', ')}, which is not defined here${remoteParent}`);
    } else if (/^[[(]/.test(requirement)) {
      // Maven version ranges (https://maven.apache.org/pom.html#dependency-version-requirement-specification):
      // only `[x]` pins one version; other ranges are resolved at build time.
      const exact = /^\[\s*([^,[\]()\s]+)\s*\]$/.exec(requirement);
      if (exact?.[1]) version = exact[1];
      else notes.push(`version range ${requirement}; the version Maven picks is not recorded in the POM`);
    } else {
      version = requirement;
    }
    if (dep.nameMissing.length > 0) {
      notes.push(`name needs property ${dep.nameMissing.map((n) => `\${${n}}`).join(', ')}, which is not defined here${remoteParent}`);
    }
    let line = dep.raw.line;
    if (dep.inheritedFrom !== undefined) {
      notes.push(`inherited from the parent POM ${dep.inheritedFrom}${dep.raw.line ? ` (line ${dep.raw.line})` : ''}`);
      line = main.parent?.line;
    } else if (dep.raw.profile !== undefined) {
      notes.push(`from profile "${dep.raw.profile}", active by default`);
    }

    const declared = requirement || undefined;
    const key = `${name}@${version ?? declared ?? ''}`;
    const existing = packages.get(key);
    if (existing) {
      existing.scope = strongerScope(existing.scope ?? 'runtime', scope);
      continue;
    }
    const pkg: FoundPackage = { ecosystem: 'Maven', name, version, scope, direct: true };
    if (declared !== undefined) pkg.declared = declared;
    if (line !== undefined) pkg.line = line;
    const qualifiers: Record<string, string> = {};
    if (dep.type && dep.type !== 'jar') qualifiers.type = dep.type;
    if (dep.classifier) qualifiers.classifier = dep.classifier;
    if (Object.keys(qualifiers).length > 0) {
      const purl = toPurl('Maven', name, version, qualifiers);
      if (purl !== null) pkg.purl = purl;
    }
    if (notes.length > 0) pkg.notes = notes;
    packages.set(key, pkg);
    edges.push({ from: null, to: key });
  }

  const result: ExtractResult = { packages: [...packages.values()], edges };
  const own = ownCoordinates(main);
  const projectName = interpolator.interpolate(`${own.groupId}:${own.artifactId}`).value;
  const projectVersion = interpolator.interpolate(own.version).value;
  if (own.artifactId) {
    result.project = { name: projectName };
    if (projectVersion && !projectVersion.includes('${')) result.project.version = projectVersion;
  }
  if (warnings.length > 0) result.warnings = warnings;
  return result;
}

/** Scans Maven `pom.xml` and `*.pom` files: declared dependencies with versions resolved offline as far as possible. */
export const pomXmlScanner: Scanner = {
  ...pomXmlInfo,
  extract: extractPom,
};
