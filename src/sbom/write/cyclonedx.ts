import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Component, Inventory } from '../../model/inventory.js';
import { OSPO_VERSION } from '../../version.js';
import { contentUuid, documentRoot, documentTime, type WriteOptions } from './common.js';
import { componentFacts, type ComponentFacts } from './cyclonedx-facts.js';

// The CycloneDX library's models: XML output, and the reference JSON the direct writer is tested against.

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
