/**
 * Reading one POM (https://maven.apache.org/pom.html) into the few parts the pom.xml scanner
 * needs: coordinates, parent, properties, dependencies, dependencyManagement and profiles.
 * Values stay raw (uninterpolated); the scanner interpolates after merging the parent chain,
 * as Maven builds the effective model.
 */
import { InputError } from '../../../model/errors.js';
import { isObject } from '../../../parsers/json.js';
import { parseXml } from '../../../parsers/xml.js';
import { elementLines } from '../element-lines.js';

/** A `<dependency>` as written, with the line of its element (in the file it comes from). */
export interface RawDependency {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  type: string;
  classifier: string;
  optional: string;
  line: number | undefined;
  /** The profile that contributed it, when it comes from an active profile. */
  profile?: string;
}

/** A `<parent>` reference. `relativePath` is undefined when the element is absent. */
export interface RawParent {
  groupId: string;
  artifactId: string;
  version: string;
  relativePath: string | undefined;
  line: number | undefined;
}

/** A profile that is not active without a command line or environment, and what it would add. */
export interface InactiveProfile {
  id: string;
  dependencies: number;
}

/** One POM file, raw: active-by-default profiles already folded in. */
export interface RawPom {
  groupId: string;
  artifactId: string;
  version: string;
  packaging: string;
  name: string;
  parent: RawParent | undefined;
  /** In document order; a later entry overrides an earlier one. */
  properties: Array<[string, string]>;
  dependencies: RawDependency[];
  managed: RawDependency[];
  inactiveProfiles: InactiveProfile[];
}

const ARRAYS = ['dependency', 'dependencies', 'profile', 'profiles', 'dependencyManagement'];

const DEP_PATH = 'project/dependencies/dependency';
const MANAGED_PATH = 'project/dependencyManagement/dependencies/dependency';
const PROFILE_PATH = 'project/profiles/profile';
const PROFILE_DEP_PATH = 'project/profiles/profile/dependencies/dependency';
const PROFILE_MANAGED_PATH = 'project/profiles/profile/dependencyManagement/dependencies/dependency';
const PARENT_PATH = 'project/parent';

/** Returns a value as an array: absent -> [], one -> [it]. */
function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The trimmed text of an element: plain string, `#text` beside attributes, or '' when absent. */
function text(value: unknown): string {
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'string') return value.trim();
  if (isObject(value)) {
    const t = value['#text'];
    return typeof t === 'string' ? t.trim() : '';
  }
  return '';
}

/** The object form of an element (`<x/>` parses as '', which holds nothing). */
function obj(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** Children named `name` of every `<wrapper>` under `parent` (wrappers may repeat). */
function nested(parent: Record<string, unknown>, wrapper: string, name: string): unknown[] {
  const out: unknown[] = [];
  for (const w of asArray(parent[wrapper])) out.push(...asArray(obj(w)[name]));
  return out;
}

function readDependency(value: unknown, line: number | undefined, profile?: string): RawDependency {
  const d = obj(value);
  const dep: RawDependency = {
    groupId: text(d.groupId),
    artifactId: text(d.artifactId),
    version: text(d.version),
    scope: text(d.scope),
    type: text(d.type),
    classifier: text(d.classifier),
    optional: text(d.optional),
    line,
  };
  if (profile !== undefined) dep.profile = profile;
  return dep;
}

function readProperties(value: unknown, into: Array<[string, string]>): void {
  for (const props of asArray(value)) {
    for (const [key, v] of Object.entries(obj(props))) {
      if (key.startsWith('@_') || key === '#text') continue;
      // A property written twice parses as an array; Maven keeps the last one.
      const values = asArray(v);
      into.push([key, text(values[values.length - 1])]);
    }
  }
}

/**
 * Parses a POM's text (through parseXml: DOCTYPE and entities are refused) and returns its raw
 * model. Profiles marked `<activeByDefault>true</activeByDefault>` are folded in, as Maven does
 * when no other profile is activated; other activations depend on the build machine.
 */
export function readPom(content: string, file: string): RawPom {
  const doc = parseXml(content, file, { arrays: ARRAYS });
  if (!Object.prototype.hasOwnProperty.call(doc, 'project')) {
    const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
    throw new InputError(
      root === undefined ? 'not a Maven POM: no root element' : `not a Maven POM: the root element is <${root}>, expected <project>`,
      { file },
    );
  }
  const project = obj(doc.project);
  const at = elementLines(content, [DEP_PATH, MANAGED_PATH, PROFILE_DEP_PATH, PROFILE_MANAGED_PATH, PARENT_PATH], PROFILE_PATH);
  const depLines = at.get(DEP_PATH) ?? [];
  const managedLines = at.get(MANAGED_PATH) ?? [];

  const pom: RawPom = {
    groupId: text(project.groupId),
    artifactId: text(project.artifactId),
    version: text(project.version),
    packaging: text(project.packaging),
    name: text(project.name),
    parent: undefined,
    properties: [],
    dependencies: nested(project, 'dependencies', 'dependency').map((d, i) => readDependency(d, depLines[i]?.line)),
    managed: asArray(project.dependencyManagement)
      .flatMap((dm) => nested(obj(dm), 'dependencies', 'dependency'))
      .map((d, i) => readDependency(d, managedLines[i]?.line)),
    inactiveProfiles: [],
  };
  if (project.parent !== undefined) {
    const p = obj(project.parent);
    pom.parent = {
      groupId: text(p.groupId),
      artifactId: text(p.artifactId),
      version: text(p.version),
      relativePath: p.relativePath === undefined ? undefined : text(p.relativePath),
      line: at.get(PARENT_PATH)?.[0]?.line,
    };
  }
  readProperties(project.properties, pom.properties);

  // Elements inside profiles are matched to their lines by profile index, then by order.
  const profileDeps = new Map<number, number[]>();
  for (const e of at.get(PROFILE_DEP_PATH) ?? []) {
    const list = profileDeps.get(e.group) ?? [];
    list.push(e.line);
    profileDeps.set(e.group, list);
  }
  const profileManaged = new Map<number, number[]>();
  for (const e of at.get(PROFILE_MANAGED_PATH) ?? []) {
    const list = profileManaged.get(e.group) ?? [];
    list.push(e.line);
    profileManaged.set(e.group, list);
  }
  nested(project, 'profiles', 'profile').forEach((value, index) => {
    const profile = obj(value);
    const id = text(profile.id) || `#${index + 1}`;
    const deps = nested(profile, 'dependencies', 'dependency');
    const active = text(obj(profile.activation).activeByDefault).toLowerCase() === 'true';
    if (!active) {
      if (deps.length > 0) pom.inactiveProfiles.push({ id, dependencies: deps.length });
      return;
    }
    // Properties of an active profile override the POM's own.
    readProperties(profile.properties, pom.properties);
    const lines = profileDeps.get(index) ?? [];
    deps.forEach((d, i) => pom.dependencies.push(readDependency(d, lines[i], id)));
    const mLines = profileManaged.get(index) ?? [];
    asArray(profile.dependencyManagement)
      .flatMap((dm) => nested(obj(dm), 'dependencies', 'dependency'))
      .forEach((d, i) => pom.managed.push(readDependency(d, mLines[i], id)));
  });
  return pom;
}
