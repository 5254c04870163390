import { ecosystemForPurlType, type Ecosystem } from '../../model/ecosystem.js';
import type { Component, ComponentEcosystem, Inventory, Project } from '../../model/inventory.js';
import { canonicalName } from '../../model/names.js';
import { parsePurl, purlPackageName } from '../../model/purl.js';
import { baseName } from '../../scanners/types.js';
import { fail, WarningSink, type At, type RawComponent, type RawSbom } from './raw.js';

// ecosystemForPurlType scans the ecosystem table; an SBOM has few purl types and many purls.
const ecosystemByType = new Map<string, Ecosystem | undefined>();
function ecosystemOf(type: string): Ecosystem | undefined {
  if (!ecosystemByType.has(type)) ecosystemByType.set(type, ecosystemForPurlType(type));
  return ecosystemByType.get(type);
}

interface Identity {
  ecosystem: ComponentEcosystem;
  name: string;
  version: string | null;
  purl: string | null;
}

/**
 * Settles a component's ecosystem, name and version from its purl (the identifier advisories
 * match on); a component without a usable purl stays `generic` with a note saying why.
 */
function identify(raw: RawComponent): Identity {
  const plainName = raw.group ? `${raw.group}/${raw.name}` : raw.name;
  const plainVersion = raw.version || null;
  if (raw.purl === undefined || raw.purl.trim() === '') {
    raw.notes.push('the SBOM gives no purl, so the ecosystem is unknown');
    return { ecosystem: 'generic', name: plainName, version: plainVersion, purl: null };
  }
  const purl = raw.purl.trim();
  const parsed = parsePurl(purl);
  if (!parsed) {
    raw.notes.push(`purl "${purl.slice(0, 200)}" is not a valid package URL; it was left out`);
    return { ecosystem: 'generic', name: plainName, version: plainVersion, purl: null };
  }
  const eco = ecosystemOf(parsed.type);
  let version = parsed.version ?? plainVersion;
  if (!eco) {
    if (parsed.type !== 'generic') raw.notes.push(`purl type "${parsed.type}" is not an ecosystem Ospo knows`);
    return { ecosystem: 'generic', name: purlPackageName(parsed), version, purl };
  }
  // Scanners record Go versions without the leading `v` (toPurl adds it back).
  if (eco === 'Go' && version && /^v\d/.test(version)) version = version.slice(1);
  return { ecosystem: eco, name: canonicalName(eco, purlPackageName(parsed)), version, purl };
}

/** Whether two components with the same ref say exactly the same thing. */
function sameComponent(a: RawComponent, b: RawComponent): boolean {
  return (
    a.name === b.name &&
    a.group === b.group &&
    a.version === b.version &&
    a.purl === b.purl &&
    a.scope === b.scope &&
    a.license === b.license &&
    a.hashes.length === b.hashes.length &&
    a.hashes.every((h, i) => h.alg === b.hashes[i]?.alg && h.value === b.hashes[i]?.value)
  );
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Turns a format reader's raw SBOM into an Inventory: checks refs are unique, gives every
 * component a stable id (its purl when that is unique, else its ref), resolves the graph by
 * ref (dangling refs become warnings) and makes the root the project.
 */
export function buildInventory(raw: RawSbom, file: string): Inventory {
  const label = raw.refLabel;
  // Every ref names one element: a component, the root, or a non-component (service, file).
  const refs = new Map<string, At>();
  const claim = (ref: string, at: At): void => {
    if (refs.has(ref)) {
      fail(file, `duplicate ${label} "${ref.slice(0, 200)}": each ${label} must name one element`, raw.locate ? raw.locate(ref, at) : at);
    }
    refs.set(ref, at);
  };
  if (raw.root?.ref !== undefined) claim(raw.root.ref, raw.root.at);
  // A ref repeated on a component with exactly the same content (some image scanners emit
  // that) names one thing: it is read once, with a warning. Any other repeat is an error.
  const byRef = new Map<string, RawComponent>();
  const repeats = new WarningSink(raw.warnings, file, (n) => `${n} more ${label}s were repeated with the same content`);
  const kept: RawComponent[] = [];
  for (const c of raw.components) {
    if (c.ref !== undefined) {
      const first = byRef.get(c.ref);
      if (first && sameComponent(first, c)) {
        repeats.add(`${label} "${c.ref.slice(0, 200)}" appears more than once with the same content; it was read once`, c.at);
        continue;
      }
      claim(c.ref, c.at);
      byRef.set(c.ref, c);
    }
    kept.push(c);
  }
  repeats.finish();
  raw.components = kept;
  for (const [ref, at] of raw.otherRefs) claim(ref, at);

  const identities = raw.components.map(identify);
  const purlCount = new Map<string, number>();
  for (const id of identities) if (id.purl) purlCount.set(id.purl, (purlCount.get(id.purl) ?? 0) + 1);

  // Ids: the purl when no other component has it and it is not another element's ref (so
  // purl ids and ref ids can never collide); else the ref; else name@version, suffixed if taken.
  const ids: Array<string | undefined> = new Array<string | undefined>(raw.components.length);
  let missing = 0;
  raw.components.forEach((c, i) => {
    const purl = identities[i]?.purl;
    if (purl && purlCount.get(purl) === 1 && (c.ref === purl || !refs.has(purl))) ids[i] = purl;
    else if (c.ref !== undefined) ids[i] = c.ref;
    else missing++;
  });
  const taken = new Set<string>();
  if (missing > 0) {
    for (const id of ids) if (id !== undefined) taken.add(id);
    raw.components.forEach((c, i) => {
      if (ids[i] !== undefined) return;
      const ident = identities[i];
      const base = `${ident?.name ?? c.name}@${ident?.version ?? ''}`;
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}#${n}`;
      taken.add(id);
      ids[i] = id;
    });
  }
  let projectId = 'project:.';
  while (taken.has(projectId) || refs.has(projectId) || purlCount.has(projectId)) projectId += '~';

  const idByRef = new Map<string, string>();
  if (raw.root?.ref !== undefined) idByRef.set(raw.root.ref, projectId);
  raw.components.forEach((c, i) => {
    if (c.ref !== undefined) idByRef.set(c.ref, ids[i] as string);
  });

  const warnings = raw.warnings;
  const dangling = new WarningSink(warnings, file, (n) => `${n} more dependency refs name no element of the SBOM`);
  const intoRoot = new WarningSink(warnings, file, (n) => `${n} more edges into the root were left out`);
  const graph = new Map<string, Set<string>>();
  const node = (id: string): Set<string> => {
    let set = graph.get(id);
    if (!set) graph.set(id, (set = new Set()));
    return set;
  };
  for (const ref of raw.declared) {
    const id = idByRef.get(ref);
    if (id !== undefined) node(id);
  }
  const danglingSeen = new Set<string>();
  const resolve = (ref: string, at: At): string | undefined => {
    const id = idByRef.get(ref);
    if (id !== undefined) return id;
    if (!raw.otherRefs.has(ref) && !danglingSeen.has(ref)) {
      danglingSeen.add(ref);
      dangling.add(`dependency ref "${ref.slice(0, 200)}" names no element of the SBOM; its edges were left out`, at);
    }
    return undefined;
  };
  for (const e of raw.edges) {
    const from = resolve(e.from, e.at);
    const to = resolve(e.to, e.at);
    if (from === undefined || to === undefined) continue;
    if (to === projectId) {
      intoRoot.add(`"${e.from.slice(0, 200)}" depends on the root "${e.to.slice(0, 200)}"; the edge was left out (the root is the project)`, e.at);
      continue;
    }
    node(from).add(to);
  }
  dangling.finish();
  intoRoot.finish();

  const direct = graph.get(projectId) ?? new Set<string>();
  const components: Component[] = raw.components.map((c, i) => {
    const ident = identities[i] as Identity;
    const comp: Component = {
      id: ids[i] as string,
      ecosystem: ident.ecosystem,
      name: ident.name,
      version: ident.version,
      purl: ident.purl,
      scope: c.scope,
      direct: direct.has(ids[i] as string),
      locations: [c.line !== undefined ? { file, line: c.line } : { file }],
    };
    if (c.license !== undefined) comp.license = c.license;
    if (c.hashes.length > 0) comp.hashes = c.hashes;
    if (c.notes.length > 0) comp.notes = c.notes;
    return comp;
  });
  components.sort((a, b) => byString(a.id, b.id));

  const dependencies = new Map<string, Set<string>>();
  for (const key of [...graph.keys()].sort(byString)) {
    const set = graph.get(key) as Set<string>;
    dependencies.set(key, set.size < 2 ? set : new Set([...set].sort(byString)));
  }

  const ecosystems = new Set<Ecosystem>();
  for (const c of components) if (c.ecosystem !== 'generic') ecosystems.add(c.ecosystem);
  const fileName = baseName(file);
  const project: Project = {
    id: projectId,
    path: '.',
    name: raw.root?.name || fileName,
    ecosystems: [...ecosystems].sort(byString),
    manifests: [file],
    direct: [...direct].sort(byString),
    components: components.map((c) => c.id),
  };
  if (raw.root?.version) project.version = raw.root.version;

  return {
    root: file,
    name: (!raw.root?.document && raw.root?.name) || fileName,
    projects: [project],
    components,
    dependencies,
    errors: [],
    skipped: [],
    warnings,
    stats: { filesSeen: 1, filesScanned: 1, ms: 0 },
  };
}
