// CycloneDX 1.2–1.6 in JSON and XML, read into the raw form the builder turns into an inventory.
// Specification: https://cyclonedx.org/specification/overview/ (schemas in
// node_modules/@cyclonedx/cyclonedx-library/res/schema).
import type { Scope } from '../../model/package.js';
import { isObject, parseJsonObject } from '../../parsers/json.js';
import { LineIndex, stripBom } from '../../parsers/lines.js';
import { parseXml } from '../../parsers/xml.js';
import { JsonFields, typeName } from './fields.js';
import {
  addHash,
  combineLicenses,
  fail,
  MAX_COMPONENTS,
  MAX_EDGES,
  type At,
  type LicenseEntry,
  type RawComponent,
  type RawSbom,
} from './raw.js';

/** The CycloneDX versions Ospo reads (JSON exists from 1.2 on; 1.0 and 1.1 were XML only). */
export const CYCLONEDX_VERSIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '1.6'];

function unsupported(version: string): string {
  return `CycloneDX ${version.slice(0, 40)} is not supported: Ospo reads CycloneDX 1.2, 1.3, 1.4, 1.5 and 1.6 (JSON and XML)`;
}

// https://cyclonedx.org/docs/1.6/json/#components_items_scope; `required` is the default.
const SCOPES: Record<string, Scope> = { required: 'runtime', optional: 'optional', excluded: 'dev' };

function scopeOf(value: string | undefined, file: string, where: () => At): Scope {
  if (value === undefined) return 'runtime';
  const scope = Object.prototype.hasOwnProperty.call(SCOPES, value) ? SCOPES[value] : undefined;
  if (!scope) fail(file, `"scope" must be required, optional or excluded, found "${value.slice(0, 40)}"`, where());
  return scope;
}

function emptyRaw(): RawSbom {
  return { refLabel: 'bom-ref', components: [], otherRefs: new Map(), declared: [], edges: [], warnings: [] };
}

function servicesWarning(raw: RawSbom, file: string, count: number): void {
  if (count > 0) {
    raw.warnings.push({
      file,
      message: `the SBOM lists ${count} service(s); Ospo's inventory holds components only, so services and their edges were left out`,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// JSON

function readJsonComponent(f: JsonFields): { component: RawComponent; children: unknown[] | undefined } {
  f.reqStr('type', 'component');
  const name = f.reqStr('name', 'component');
  const notes: string[] = [];
  const component: RawComponent = {
    ref: f.str('bom-ref'),
    name,
    scope: scopeOf(f.str('scope'), f.file, () => ({ pointer: f.at('scope') })),
    hashes: [],
    notes,
    at: { pointer: f.pointer },
  };
  const group = f.str('group');
  if (group) component.group = group;
  const version = f.str('version');
  if (version !== undefined) component.version = version;
  const purl = f.str('purl');
  if (purl !== undefined) component.purl = purl;

  const licenses = f.arr('licenses');
  if (licenses && licenses.length > 0) {
    const entries: LicenseEntry[] = [];
    for (let i = 0; i < licenses.length; i++) {
      const e = f.item('licenses', licenses, i);
      const lic = e.sub('license');
      if (lic) {
        const id = lic.str('id');
        const licName = lic.str('name');
        if (id === undefined && licName === undefined) fail(f.file, 'license has neither "id" nor "name"', { pointer: lic.pointer });
        entries.push({ text: id ?? licName ?? '', expression: false, acknowledgement: lic.str('acknowledgement') });
      } else {
        const expression = e.str('expression');
        if (expression === undefined) fail(f.file, 'licenses entry has neither "license" nor "expression"', { pointer: e.pointer });
        entries.push({ text: expression, expression: true, acknowledgement: e.str('acknowledgement') });
      }
    }
    const license = combineLicenses(entries, notes);
    if (license !== undefined) component.license = license;
  }

  const hashes = f.arr('hashes');
  if (hashes) {
    for (let i = 0; i < hashes.length; i++) {
      const h = f.item('hashes', hashes, i);
      addHash(component.hashes, notes, h.reqStr('alg', 'hash'), h.reqStr('content', 'hash'));
    }
  }
  return { component, children: f.arr('components') };
}

/** Walks components and their nested `components` in document order, without recursion. */
function walkJsonComponents(parent: JsonFields, list: unknown[], raw: RawSbom): void {
  const stack: Array<{ parent: JsonFields; list: unknown[]; i: number }> = [{ parent, list, i: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { parent: JsonFields; list: unknown[]; i: number };
    if (top.i >= top.list.length) {
      stack.pop();
      continue;
    }
    const f = top.parent.item('components', top.list, top.i++);
    if (raw.components.length >= MAX_COMPONENTS) {
      fail(f.file, `more than ${MAX_COMPONENTS} components; refusing to read further`, { pointer: f.pointer });
    }
    const { component, children } = readJsonComponent(f);
    raw.components.push(component);
    if (children && children.length > 0) stack.push({ parent: f, list: children, i: 0 });
  }
}

function collectJsonServices(parent: JsonFields, list: unknown[], raw: RawSbom): number {
  let count = 0;
  const stack: Array<{ parent: JsonFields; list: unknown[] }> = [{ parent, list }];
  while (stack.length > 0) {
    const { parent: p, list: l } = stack.pop() as { parent: JsonFields; list: unknown[] };
    for (let i = 0; i < l.length; i++) {
      const s = p.item('services', l, i);
      count++;
      const ref = s.str('bom-ref');
      if (ref !== undefined) {
        if (raw.otherRefs.has(ref)) fail(s.file, `duplicate bom-ref "${ref.slice(0, 200)}": each bom-ref must name one element`, { pointer: s.pointer });
        raw.otherRefs.set(ref, { pointer: s.pointer });
      }
      const nested = s.arr('services');
      if (nested && nested.length > 0) stack.push({ parent: s, list: nested });
    }
  }
  return count;
}

/** Reads a CycloneDX JSON BOM (1.2–1.6) into the raw form. */
export function readCycloneDxJson(content: string, file: string): RawSbom {
  const top = new JsonFields(file, parseJsonObject(content, file), '');
  const bomFormat = top.str('bomFormat');
  if (bomFormat === undefined) fail(file, 'not a CycloneDX BOM: "bomFormat" is missing', { pointer: '' });
  if (bomFormat !== 'CycloneDX') {
    fail(file, `"bomFormat" must be "CycloneDX", found "${bomFormat.slice(0, 40)}"`, { pointer: '/bomFormat' });
  }
  const specVersion = top.obj.specVersion;
  if (specVersion === undefined) fail(file, 'the BOM has no "specVersion" (required)', { pointer: '' });
  if (typeof specVersion !== 'string') fail(file, `"specVersion" must be a string, found ${typeName(specVersion)}`, { pointer: '/specVersion' });
  if (!CYCLONEDX_VERSIONS.includes(specVersion)) fail(file, unsupported(specVersion), { pointer: '/specVersion' });

  const raw = emptyRaw();
  const rootFields = top.sub('metadata')?.sub('component');
  if (rootFields) {
    const { component, children } = readJsonComponent(rootFields);
    raw.root = { ref: component.ref, name: component.name, at: component.at };
    if (component.version) raw.root.version = component.version;
    // Sub-components of the described component are parts of it: components of the inventory.
    if (children && children.length > 0) walkJsonComponents(rootFields, children, raw);
  }
  const components = top.arr('components');
  if (components) walkJsonComponents(top, components, raw);
  const services = top.arr('services');
  if (services) servicesWarning(raw, file, collectJsonServices(top, services, raw));

  const dependencies = top.arr('dependencies');
  if (dependencies) {
    for (let i = 0; i < dependencies.length; i++) {
      const d = top.item('dependencies', dependencies, i);
      const from = d.reqStr('ref', 'dependency');
      raw.declared.push(from);
      const dependsOn = d.arr('dependsOn');
      if (!dependsOn) continue;
      const at: At = { pointer: d.pointer };
      for (let j = 0; j < dependsOn.length; j++) {
        if (raw.edges.length >= MAX_EDGES) fail(file, `more than ${MAX_EDGES} dependency edges; refusing to read further`, at);
        raw.edges.push({ from, to: d.itemStr('dependsOn', dependsOn, j), at });
      }
    }
  }
  return raw;
}

// ---------------------------------------------------------------------------------------------
// XML

const NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;

/**
 * Finds the root element of an XML text and, when it is `<bom>`, its namespace URI (from the
 * default or the prefix's `xmlns` attribute). Skips the declaration, comments and processing
 * instructions; reads only the start of the text.
 */
export function xmlRootNamespace(text: string): { name: string; namespace: string | undefined } | undefined {
  const src = stripBom(text);
  let i = 0;
  for (;;) {
    while (i < src.length && /\s/.test(src.charAt(i))) i++;
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i);
      if (end === -1) return undefined;
      i = end + 2;
    } else if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i);
      if (end === -1) return undefined;
      i = end + 3;
    } else if (src.startsWith('<!DOCTYPE', i)) {
      // Skipped only to find the root, so the reader can refuse the DOCTYPE by name.
      const gt = src.indexOf('>', i);
      const bracket = src.indexOf('[', i);
      const end = bracket !== -1 && bracket < gt ? src.indexOf(']', bracket) : i;
      const close = end === -1 ? -1 : src.indexOf('>', end);
      if (close === -1) return undefined;
      i = close + 1;
    } else break;
  }
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(src.slice(i, i + 4096));
  if (!m) return undefined;
  const prefix = m[1] ? m[1].slice(0, -1) : '';
  const name = m[2] as string;
  const attrs = m[3] ?? '';
  const xmlns = prefix ? `xmlns:${prefix}` : 'xmlns';
  const re = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let a: RegExpExecArray | null;
  while ((a = re.exec(attrs)) !== null) {
    if (a[1] === xmlns) return { name, namespace: (a[2] ?? a[3] ?? '').trim() };
  }
  return { name, namespace: undefined };
}

/** Returns the CycloneDX version an XML BOM's namespace names, or undefined when it is not a CycloneDX BOM. */
export function cycloneDxXmlVersion(text: string): string | undefined {
  const root = xmlRootNamespace(text);
  if (!root || root.name !== 'bom' || root.namespace === undefined) return undefined;
  return NAMESPACE.exec(root.namespace)?.[1];
}

type XmlNode = Record<string, unknown>;

class XmlReader {
  private lines: LineIndex | undefined;

  constructor(
    readonly file: string,
    private readonly src: string,
  ) {}

  /** Finds the line of the element carrying `bom-ref="ref"` (first or last occurrence), when cheap to find. */
  lineOfRef(ref: string, last = false): number | undefined {
    const esc = ref.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    for (const needle of [`bom-ref="${esc}"`, `bom-ref='${esc}'`, `bom-ref="${ref}"`]) {
      const off = last ? this.src.lastIndexOf(needle) : this.src.indexOf(needle);
      if (off !== -1) return (this.lines ??= new LineIndex(this.src)).lineAt(off);
    }
    return undefined;
  }

  at(path: string, ref?: string): At {
    const line = ref !== undefined ? this.lineOfRef(ref) : undefined;
    return line !== undefined ? { path, line } : { path };
  }

  /** The text of child element `key` (undefined when absent); one element only. */
  text(node: XmlNode, key: string, path: string, ref?: string): string | undefined {
    const v = node[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) fail(this.file, `<${key}> may appear only once`, this.at(`${path}/${key}`, ref));
    if (isObject(v)) {
      const t = v['#text'];
      return t === undefined ? '' : String(t);
    }
    return String(v);
  }

  /** Child elements named `key` under a wrapper element (`<components><component/>...`). */
  list(node: XmlNode, wrapper: string, key: string, path: string, ref?: string): XmlNode[] {
    const w = node[wrapper];
    if (w === undefined || w === '') return [];
    if (Array.isArray(w)) fail(this.file, `<${wrapper}> may appear only once`, this.at(`${path}/${wrapper}`, ref));
    if (!isObject(w)) return [];
    const items = w[key];
    if (items === undefined) return [];
    const arr = Array.isArray(items) ? items : [items];
    return arr.map((item, i) => {
      if (typeof item === 'string') return item === '' ? {} : { '#text': item };
      if (!isObject(item)) fail(this.file, `<${key}> has unexpected content`, this.at(`${path}/${wrapper}/${key}[${i + 1}]`, ref));
      return item;
    });
  }

  component(node: XmlNode, path: string): { component: RawComponent; children: XmlNode[]; path: string } {
    const ref = typeof node['@_bom-ref'] === 'string' ? node['@_bom-ref'] : undefined;
    if (typeof node['@_type'] !== 'string') fail(this.file, 'component has no "type" attribute (required)', this.at(path, ref));
    const name = this.text(node, 'name', path, ref);
    if (name === undefined) fail(this.file, 'component has no <name> (required)', this.at(path, ref));
    const notes: string[] = [];
    const component: RawComponent = {
      ref,
      name,
      scope: scopeOf(this.text(node, 'scope', path, ref), this.file, () => this.at(`${path}/scope`, ref)),
      hashes: [],
      notes,
      at: { path },
    };
    const group = this.text(node, 'group', path, ref);
    if (group) component.group = group;
    const version = this.text(node, 'version', path, ref);
    if (version !== undefined) component.version = version;
    const purl = this.text(node, 'purl', path, ref);
    if (purl !== undefined) component.purl = purl;

    const entries: LicenseEntry[] = [];
    this.list(node, 'licenses', 'license', path, ref).forEach((lic, i) => {
      const lpath = `${path}/licenses/license[${i + 1}]`;
      const id = this.text(lic, 'id', lpath, ref);
      const licName = this.text(lic, 'name', lpath, ref);
      if (id === undefined && licName === undefined) fail(this.file, 'license has neither <id> nor <name>', this.at(lpath, ref));
      const ack = lic['@_acknowledgement'];
      entries.push({ text: id ?? licName ?? '', expression: false, acknowledgement: typeof ack === 'string' ? ack : undefined });
    });
    const licenses = node.licenses;
    const expressions = isObject(licenses) ? licenses.expression : undefined;
    if (Array.isArray(expressions)) {
      for (const e of expressions) {
        const text = typeof e === 'string' ? e : isObject(e) ? String(e['#text'] ?? '') : '';
        const ack = isObject(e) ? e['@_acknowledgement'] : undefined;
        entries.push({ text, expression: true, acknowledgement: typeof ack === 'string' ? ack : undefined });
      }
    }
    const license = combineLicenses(entries, notes);
    if (license !== undefined) component.license = license;

    this.list(node, 'hashes', 'hash', path, ref).forEach((h, i) => {
      const alg = h['@_alg'];
      const value = h['#text'];
      if (typeof alg !== 'string') fail(this.file, 'hash has no "alg" attribute (required)', this.at(`${path}/hashes/hash[${i + 1}]`, ref));
      if (value === undefined || value === '') fail(this.file, 'hash has no value', this.at(`${path}/hashes/hash[${i + 1}]`, ref));
      addHash(component.hashes, notes, alg, String(value));
    });
    return { component, children: this.list(node, 'components', 'component', path, ref), path };
  }

  walk(list: XmlNode[], path: string, raw: RawSbom): void {
    const stack: Array<{ list: XmlNode[]; path: string; i: number }> = [{ list, path, i: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { list: XmlNode[]; path: string; i: number };
      if (top.i >= top.list.length) {
        stack.pop();
        continue;
      }
      const i = top.i++;
      const cpath = `${top.path}/components/component[${i + 1}]`;
      if (raw.components.length >= MAX_COMPONENTS) fail(this.file, `more than ${MAX_COMPONENTS} components; refusing to read further`, { path: cpath });
      const { component, children } = this.component(top.list[i] as XmlNode, cpath);
      raw.components.push(component);
      if (children.length > 0) stack.push({ list: children, path: cpath, i: 0 });
    }
  }

  services(bom: XmlNode, raw: RawSbom): number {
    let count = 0;
    const stack: Array<{ node: XmlNode; path: string }> = [{ node: bom, path: '/bom' }];
    while (stack.length > 0) {
      const { node, path } = stack.pop() as { node: XmlNode; path: string };
      this.list(node, 'services', 'service', path).forEach((s, i) => {
        count++;
        const spath = `${path}/services/service[${i + 1}]`;
        const ref = s['@_bom-ref'];
        if (typeof ref === 'string') {
          if (raw.otherRefs.has(ref)) {
            fail(this.file, `duplicate bom-ref "${ref.slice(0, 200)}": each bom-ref must name one element`, { path: spath, line: this.lineOfRef(ref, true) });
          }
          raw.otherRefs.set(ref, { path: spath });
        }
        stack.push({ node: s, path: spath });
      });
    }
    return count;
  }

  dependencies(bom: XmlNode, raw: RawSbom): void {
    // The schema nests <dependency> recursively: each element's children are what it depends on.
    const stack: Array<{ node: XmlNode; path: string; ref: string }> = [];
    this.list(bom, 'dependencies', 'dependency', '/bom').forEach((d, i) => {
      const path = `/bom/dependencies/dependency[${i + 1}]`;
      const ref = d['@_ref'];
      if (typeof ref !== 'string') fail(this.file, 'dependency has no "ref" attribute (required)', { path });
      raw.declared.push(ref);
      stack.push({ node: d, path, ref });
    });
    while (stack.length > 0) {
      const { node, path, ref: from } = stack.pop() as { node: XmlNode; path: string; ref: string };
      this.nested(node, path).forEach((d, i) => {
        const dpath = `${path}/dependency[${i + 1}]`;
        const to = d['@_ref'];
        if (typeof to !== 'string') fail(this.file, 'dependency has no "ref" attribute (required)', { path: dpath });
        if (raw.edges.length >= MAX_EDGES) fail(this.file, `more than ${MAX_EDGES} dependency edges; refusing to read further`, { path: dpath });
        raw.edges.push({ from, to, at: { path } });
        if (d.dependency !== undefined) stack.push({ node: d, path: dpath, ref: to });
      });
    }
  }

  private nested(node: XmlNode, path: string): XmlNode[] {
    const items = node.dependency;
    const arr = Array.isArray(items) ? items : items === undefined ? [] : [items];
    return arr.map((item, i) => {
      if (!isObject(item)) fail(this.file, '<dependency> has unexpected content', { path: `${path}/dependency[${i + 1}]` });
      return item;
    });
  }
}

/** Reads a CycloneDX XML BOM (1.2–1.6) into the raw form; the version comes from the namespace. */
export function readCycloneDxXml(content: string, file: string): RawSbom {
  const root = xmlRootNamespace(content);
  if (!root || root.name !== 'bom') {
    fail(file, 'not a CycloneDX XML BOM: the root element must be <bom> in the http://cyclonedx.org/schema/bom/1.x namespace', { line: 1 });
  }
  const version = root.namespace !== undefined ? NAMESPACE.exec(root.namespace)?.[1] : undefined;
  if (version === undefined) {
    fail(file, `not a CycloneDX XML BOM: <bom> must be in the http://cyclonedx.org/schema/bom/1.x namespace, found ${root.namespace === undefined ? 'none' : `"${root.namespace.slice(0, 80)}"`}`, { line: 1 });
  }
  if (!CYCLONEDX_VERSIONS.includes(version)) fail(file, unsupported(version), { line: 1 });

  const doc = parseXml(content, file, { arrays: ['component', 'dependency', 'license', 'expression', 'hash', 'service'] });
  const bomValue = doc.bom;
  const bom: XmlNode = isObject(bomValue) ? bomValue : {};
  const reader = new XmlReader(file, stripBom(content));
  const raw = emptyRaw();
  raw.locate = (ref, at) => {
    const line = reader.lineOfRef(ref, true);
    return line !== undefined ? { ...at, line } : at;
  };

  const metadata = bom.metadata;
  if (isObject(metadata)) {
    const roots = reader.list(bom, 'metadata', 'component', '/bom');
    if (roots.length > 1) fail(file, '<metadata> may hold only one <component>', { path: '/bom/metadata' });
    const rootNode = roots[0];
    if (rootNode) {
      const { component, children } = reader.component(rootNode, '/bom/metadata/component');
      raw.root = { ref: component.ref, name: component.name, at: component.at };
      if (component.version) raw.root.version = component.version;
      if (children.length > 0) reader.walk(children, '/bom/metadata/component', raw);
    }
  }
  reader.walk(reader.list(bom, 'components', 'component', '/bom'), '/bom', raw);
  servicesWarning(raw, file, reader.services(bom, raw));
  reader.dependencies(bom, raw);
  return raw;
}
