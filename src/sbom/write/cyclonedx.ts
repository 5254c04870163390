import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Component, Inventory } from '../../model/inventory.js';
import type { Scope } from '../../model/package.js';
import { OSPO_VERSION } from '../../version.js';
import { contentUuid, documentRoot, documentTime, type WriteOptions } from './common.js';

const SCOPE: Record<Scope, Enums.ComponentScope> = {
  runtime: Enums.ComponentScope.Required,
  provided: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  peer: Enums.ComponentScope.Optional,
  dev: Enums.ComponentScope.Excluded,
  test: Enums.ComponentScope.Excluded,
};

function isSpdxExpression(value: string): boolean {
  try {
    parseSpdxExpression(value);
    return true;
  } catch {
    return false;
  }
}

function licenseOf(value: string): Models.License {
  if (isSpdxExpression(value)) {
    return /^[A-Za-z0-9.+-]+$/.test(value) && !value.endsWith('+') ? new Models.SpdxLicense(value) : new Models.LicenseExpression(value);
  }
  return new Models.NamedLicense(value);
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

function toCdxComponent(c: Component): Models.Component {
  const { group, name } = groupAndName(c);
  const comp = new Models.Component(Enums.ComponentType.Library, name, {
    bomRef: c.id,
    group,
    version: c.version ?? undefined,
    purl: c.purl ?? undefined,
    scope: SCOPE[c.scope],
  });
  if (c.license) comp.licenses.add(licenseOf(c.license));
  for (const h of c.hashes ?? []) {
    const alg = (Enums.HashAlgorithm as Record<string, Enums.HashAlgorithm>)[h.alg];
    if (alg && /^[0-9a-f]+$/.test(h.value)) comp.hashes.set(alg, h.value);
  }
  const props: Array<[string, string]> = [];
  if (c.scope !== 'runtime') props.push(['ospo:scope', c.scope]);
  props.push(['ospo:direct', String(c.direct)]);
  if (c.declared !== undefined) props.push(['ospo:declared', c.declared]);
  for (const l of c.locations) props.push(['ospo:location', l.line !== undefined ? `${l.file}:${l.line}` : l.file]);
  for (const n of c.notes ?? []) props.push(['ospo:note', n]);
  for (const [k, v] of props) comp.properties.add(new Models.Property(k, v));
  if (c.source?.url && (c.source.kind === 'git' || c.source.kind === 'url')) {
    const type = c.source.kind === 'git' ? Enums.ExternalReferenceType.VCS : Enums.ExternalReferenceType.Distribution;
    const url = c.source.ref && c.source.kind === 'git' ? `${c.source.url}#${c.source.ref}` : c.source.url;
    comp.externalReferences.add(new Models.ExternalReference(url, type));
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

/** Serialises the inventory as CycloneDX 1.6 JSON, lists sorted so equal inputs give equal output. */
export function writeCycloneDxJson(inv: Inventory, options: WriteOptions = {}): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(toCycloneDxBom(inv, options), { sortLists: true, space: 2 })}\n`;
}

/** Serialises the inventory as CycloneDX 1.6 XML, lists sorted. */
export function writeCycloneDxXml(inv: Inventory, options: WriteOptions = {}): string {
  const serializer = new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(toCycloneDxBom(inv, options), { sortLists: true, space: 2 })}\n`;
}
