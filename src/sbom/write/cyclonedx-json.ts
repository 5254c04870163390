import type { Inventory } from '../../model/inventory.js';
import { OSPO_VERSION } from '../../version.js';
import { componentFacts, type ComponentFacts } from './cyclonedx-facts.js';
import { contentUuid, documentRoot, documentTime, type WriteOptions } from './common.js';

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Writes one component as CycloneDX JSON, keys in the order the spec's examples use. */
function componentJson(type: 'library' | 'application', id: string, f: Pick<ComponentFacts, 'name'> & Partial<ComponentFacts>): Record<string, unknown> {
  const o: Record<string, unknown> = { type, name: f.name };
  if (f.group !== undefined) o.group = f.group;
  if (f.version !== undefined) o.version = f.version;
  o['bom-ref'] = id;
  if (f.scope !== undefined) o.scope = f.scope;
  if (f.hashes && f.hashes.length > 0) o.hashes = f.hashes.length === 1 ? f.hashes : [...f.hashes].sort((a, b) => byString(a.alg, b.alg));
  if (f.license) {
    const l = f.license;
    o.licenses = [l.kind === 'expression' ? { expression: l.value } : { license: l.kind === 'id' ? { id: l.value } : { name: l.value } }];
  }
  if (f.purl !== undefined) o.purl = f.purl;
  if (f.externalReference) o.externalReferences = [{ url: f.externalReference.url, type: f.externalReference.type }];
  if (f.properties && f.properties.length > 0) o.properties = f.properties.length === 1 ? f.properties : [...f.properties].sort((a, b) => byString(a.name, b.name) || byString(a.value, b.value));
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

