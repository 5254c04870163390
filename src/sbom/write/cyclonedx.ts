import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Component, Inventory } from '../../model/inventory.js';
import type { Scope } from '../../model/package.js';
import { OSPO_VERSION } from '../../version.js';
import { contentUuid, documentRoot, documentTime, type WriteOptions } from './common.js';


function isSpdxExpression(value: string): boolean {
  try {
    parseSpdxExpression(value);
    return true;
  } catch {
    return false;
  }
}

/** How a license string is said in CycloneDX: an SPDX id, an SPDX expression, or a name. */
type LicenseChoice = { kind: 'id' | 'expression' | 'name'; value: string };

function licenseChoice(value: string): LicenseChoice {
  if (isSpdxExpression(value)) {
    return /^[A-Za-z0-9.+-]+$/.test(value) && !value.endsWith('+') ? { kind: 'id', value } : { kind: 'expression', value };
  }
  return { kind: 'name', value };
}

/** Splits a package name into CycloneDX group and name, per ecosystem convention. */
function groupAndName(c: Component): { group?: string; name: string } {
  if (c.ecosystem === 'Maven') {
    const i = c.name.indexOf(':');
    if (i > 0) return { group: c.name.slice(0, i), name: c.name.slice(i + 1) };
  }
  if ((c.ecosystem === 'npm' && c.name.startsWith('@')) || c.ecosystem === 'Packagist') {
    const i = c.name.indexOf('/');
    if (i > 0) return { group: c.name.slice(0, i), name: c.name.slice(i + 1) };
  }
  return { name: c.name };
}

/** Everything CycloneDX says about one component, shared by the JSON writer and the library model. */
interface ComponentFacts {
  group?: string;
  name: string;
  version?: string;
  purl?: string;
  scope: 'required' | 'optional' | 'excluded';
  license?: LicenseChoice;
  hashes: Array<{ alg: string; content: string }>;
  externalReference?: { url: string; type: 'vcs' | 'distribution' };
  properties: Array<{ name: string; value: string }>;
}

const SCOPE_NAME: Record<Scope, ComponentFacts['scope']> = {
  runtime: 'required',
  provided: 'required',
  optional: 'optional',
  peer: 'optional',
  dev: 'excluded',
  test: 'excluded',
};

/** CycloneDX 1.6 hash algorithm names (the model uses the same spelling). */
const HASH_ALGS: ReadonlySet<string> = new Set(Object.values(Enums.HashAlgorithm));

function componentFacts(c: Component): ComponentFacts {
  const { group, name } = groupAndName(c);
  const facts: ComponentFacts = { name, scope: SCOPE_NAME[c.scope], hashes: [], properties: [] };
  if (group !== undefined) facts.group = group;
  if (c.version !== null) facts.version = c.version;
  if (c.purl) facts.purl = c.purl;
  if (c.license) facts.license = licenseChoice(c.license);
  for (const h of c.hashes ?? []) {
    if (HASH_ALGS.has(h.alg) && /^[0-9a-f]+$/.test(h.value) && !facts.hashes.some((x) => x.alg === h.alg)) facts.hashes.push({ alg: h.alg, content: h.value });
  }
  const props = facts.properties;
  if (c.scope !== 'runtime') props.push({ name: 'ospo:scope', value: c.scope });
  props.push({ name: 'ospo:direct', value: String(c.direct) });
  if (c.declared !== undefined) props.push({ name: 'ospo:declared', value: c.declared });
  for (const l of c.locations) props.push({ name: 'ospo:location', value: l.line !== undefined ? `${l.file}:${l.line}` : l.file });
  for (const n of c.notes ?? []) props.push({ name: 'ospo:note', value: n });
  if (c.source?.url && (c.source.kind === 'git' || c.source.kind === 'url')) {
    const url = c.source.ref && c.source.kind === 'git' ? `${c.source.url}#${c.source.ref}` : c.source.url;
    facts.externalReference = { url, type: c.source.kind === 'git' ? 'vcs' : 'distribution' };
  }
  return facts;
}

const SCOPE_ENUM: Record<ComponentFacts['scope'], Enums.ComponentScope> = {
  required: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  excluded: Enums.ComponentScope.Excluded,
};

function toCdxComponent(c: Component): Models.Component {
  const f = componentFacts(c);
  const comp = new Models.Component(Enums.ComponentType.Library, f.name, {
    bomRef: c.id,
    group: f.group,
    version: f.version,
    purl: f.purl,
    scope: SCOPE_ENUM[f.scope],
  });
  if (f.license) {
    const l = f.license;
    comp.licenses.add(l.kind === 'id' ? new Models.SpdxLicense(l.value) : l.kind === 'expression' ? new Models.LicenseExpression(l.value) : new Models.NamedLicense(l.value));
  }
  for (const h of f.hashes) comp.hashes.set(h.alg as Enums.HashAlgorithm, h.content);
  for (const p of f.properties) comp.properties.add(new Models.Property(p.name, p.value));
  if (f.externalReference) {
    const type = f.externalReference.type === 'vcs' ? Enums.ExternalReferenceType.VCS : Enums.ExternalReferenceType.Distribution;
    comp.externalReferences.add(new Models.ExternalReference(f.externalReference.url, type));
  }
  return comp;
}

/** Builds a CycloneDX model of the inventory: components, projects, and the full dependency graph. */
export function toCycloneDxBom(inv: Inventory, options: WriteOptions = {}): Models.Bom {
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${contentUuid(inv)}`;
  bom.metadata.timestamp = documentTime(options);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'ospo', { version: OSPO_VERSION, bomRef: 'tool:ospo' }),
  );
  const root = documentRoot(inv);
  const rootComp = new Models.Component(Enums.ComponentType.Application, root.name, {
    bomRef: root.id,
    version: root.version,
  });
  bom.metadata.component = rootComp;

  const byId = new Map<string, Models.Component>();
  for (const c of inv.components) {
    const comp = toCdxComponent(c);
    byId.set(c.id, comp);
    bom.components.add(comp);
  }
  const refOf = (id: string): Models.BomRef | undefined => byId.get(id)?.bomRef;
  if (root.single) {
    byId.set(root.id, rootComp);
  } else {
    for (const p of inv.projects) {
      const pc = new Models.Component(Enums.ComponentType.Application, p.name, { bomRef: p.id, version: p.version });
      pc.properties.add(new Models.Property('ospo:path', p.path));
      for (const m of p.manifests) pc.properties.add(new Models.Property('ospo:manifest', m));
      byId.set(p.id, pc);
      bom.components.add(pc);
      rootComp.dependencies.add(pc.bomRef);
    }
  }
  for (const [from, tos] of inv.dependencies) {
    const fromComp = byId.get(from);
    if (!fromComp) continue;
    for (const to of tos) {
      const ref = refOf(to);
      if (ref) fromComp.dependencies.add(ref);
    }
  }
  return bom;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Writes one component as CycloneDX JSON, keys in the order the spec's examples use. */
function componentJson(type: 'library' | 'application', id: string, f: Pick<ComponentFacts, 'name'> & Partial<ComponentFacts>): Record<string, unknown> {
  const o: Record<string, unknown> = { type, name: f.name };
  if (f.group !== undefined) o.group = f.group;
  if (f.version !== undefined) o.version = f.version;
  o['bom-ref'] = id;
  if (f.scope !== undefined) o.scope = f.scope;
  if (f.hashes && f.hashes.length > 0) o.hashes = [...f.hashes].sort((a, b) => byString(a.alg, b.alg));
  if (f.license) {
    const l = f.license;
    o.licenses = [l.kind === 'expression' ? { expression: l.value } : { license: l.kind === 'id' ? { id: l.value } : { name: l.value } }];
  }
  if (f.purl !== undefined) o.purl = f.purl;
  if (f.externalReference) o.externalReferences = [{ url: f.externalReference.url, type: f.externalReference.type }];
  if (f.properties && f.properties.length > 0) o.properties = [...f.properties].sort((a, b) => byString(a.name, b.name) || byString(a.value, b.value));
  return o;
}

/**
 * Serialises the inventory as CycloneDX 1.6 JSON, written directly (the library's model and
 * normaliser cost most of the time budget on large inventories; see docs/adr/0003). The shape is
 * the library's: the tests validate it against the official schema and compare it with the
 * library's own serialisation. Lists are sorted, so equal inputs give equal output.
 */
export function writeCycloneDxJson(inv: Inventory, options: WriteOptions = {}): string {
  const root = documentRoot(inv);
  const rootJson = componentJson('application', root.id, { name: root.name, version: root.version });
  const known = new Set<string>(inv.components.map((c) => c.id));
  const components: Array<Record<string, unknown>> = inv.components.map((c) => componentJson('library', c.id, componentFacts(c)));
  const dependsOn = new Map<string, Set<string>>();
  const dep = (from: string) => {
    let set = dependsOn.get(from);
    if (!set) dependsOn.set(from, (set = new Set()));
    return set;
  };
  dep(root.id);
  for (const c of inv.components) dep(c.id);
  if (!root.single) {
    for (const p of inv.projects) {
      const properties = [{ name: 'ospo:path', value: p.path }, ...p.manifests.map((m) => ({ name: 'ospo:manifest', value: m }))];
      components.push(componentJson('application', p.id, { name: p.name, version: p.version, properties }));
      known.add(p.id);
      dep(root.id).add(p.id);
      dep(p.id);
    }
  }
  known.add(root.id);
  for (const [from, tos] of inv.dependencies) {
    if (!known.has(from)) continue;
    const set = dep(from);
    for (const to of tos) if (known.has(to)) set.add(to);
  }
  components.sort((a, b) => byString(a['bom-ref'] as string, b['bom-ref'] as string));
  const dependencies = [...dependsOn.entries()]
    .sort((a, b) => byString(a[0], b[0]))
    .map(([ref, tos]) => (tos.size > 0 ? { ref, dependsOn: [...tos].sort(byString) } : { ref }));
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    serialNumber: `urn:uuid:${contentUuid(inv)}`,
    metadata: {
      timestamp: documentTime(options).toISOString(),
      tools: { components: [{ type: 'application', name: 'ospo', version: OSPO_VERSION, 'bom-ref': 'tool:ospo' }] },
      component: rootJson,
    },
    components,
    dependencies,
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

/** Serialises the inventory as CycloneDX 1.6 JSON through the CycloneDX library (the reference the direct writer is tested against). */
export function writeCycloneDxJsonWithLibrary(inv: Inventory, options: WriteOptions = {}): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(toCycloneDxBom(inv, options), { sortLists: true, space: 2 })}\n`;
}

/** Serialises the inventory as CycloneDX 1.6 XML, lists sorted. */
export function writeCycloneDxXml(inv: Inventory, options: WriteOptions = {}): string {
  const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(toCycloneDxBom(inv, options), { sortLists: true, space: 2 })}\n`;
}
