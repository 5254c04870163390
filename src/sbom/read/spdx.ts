// SPDX 2.2 and 2.3 in JSON and tag-value, read into the raw form the builder turns into an
// inventory. Specification: https://spdx.github.io/spdx-spec/v2.3/ (packages: clause 7,
// relationships: clause 11, tag-value syntax: annex "SPDX Lite"/clause 5 of 2.2).
import { strongerScope, type Scope } from '../../model/package.js';
import { parseJsonObject } from '../../parsers/json.js';
import { splitLines, stripBom } from '../../parsers/lines.js';
import { JsonFields, typeName } from './fields.js';
import { addHash, fail, MAX_COMPONENTS, MAX_EDGES, WarningSink, type At, type RawComponent, type RawSbom } from './raw.js';

/** The SPDX versions Ospo reads. */
export const SPDX_VERSIONS: readonly string[] = ['SPDX-2.2', 'SPDX-2.3'];

function unsupported(version: string): string {
  return `${version.slice(0, 40)} is not supported: Ospo reads SPDX 2.2 and 2.3 (JSON and tag-value)`;
}

/** One SPDX package as either serialisation records it. */
interface SpdxPackage {
  id: string;
  name: string;
  version?: string;
  concluded?: string;
  declared?: string;
  checksums: Array<{ alg: string; value: string }>;
  purls: string[];
  line?: number;
  at: At;
}

interface SpdxRelationship {
  a: string;
  type: string;
  b: string;
  at: At;
}

/** An SPDX 2.x document reduced to what the inventory needs, from JSON or tag-value. */
interface SpdxDoc {
  id: string;
  name: string;
  describes: Array<{ id: string; at: At }>;
  packages: SpdxPackage[];
  /** Files and snippets: elements, but not components. */
  others: Map<string, At>;
  relationships: SpdxRelationship[];
}

// Which way a relationship's edge runs (`forward`: A -> B), and the scope it gives the
// dependency (https://spdx.github.io/spdx-spec/v2.3/relationships-between-SPDX-elements/).
const RELATIONSHIPS: Record<string, { forward: boolean; scope?: Scope }> = {
  DEPENDS_ON: { forward: true, scope: 'runtime' },
  CONTAINS: { forward: true },
  DEPENDENCY_OF: { forward: false, scope: 'runtime' },
  CONTAINED_BY: { forward: false },
  RUNTIME_DEPENDENCY_OF: { forward: false, scope: 'runtime' },
  OPTIONAL_DEPENDENCY_OF: { forward: false, scope: 'optional' },
  PROVIDED_DEPENDENCY_OF: { forward: false, scope: 'provided' },
  DEV_DEPENDENCY_OF: { forward: false, scope: 'dev' },
  BUILD_DEPENDENCY_OF: { forward: false, scope: 'dev' },
  TEST_DEPENDENCY_OF: { forward: false, scope: 'test' },
};

function assertive(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && v !== 'NOASSERTION' && v !== 'NONE' ? v : undefined;
}

/** Turns an SPDX document into the raw form: the single described package is the root. */
function toRaw(doc: SpdxDoc, file: string): RawSbom {
  const raw: RawSbom = { refLabel: 'SPDXID', components: [], otherRefs: new Map(doc.others), declared: [], edges: [], warnings: [] };
  const packageIds = new Set<string>();
  for (const p of doc.packages) packageIds.add(p.id);

  const described: string[] = [];
  const seenDescribed = new Set<string>();
  const describe = (id: string): void => {
    if (packageIds.has(id) && !seenDescribed.has(id)) {
      seenDescribed.add(id);
      described.push(id);
    }
  };
  // Some generators (Docker Hardened Images) give the document the SPDXID of the one package it
  // describes; read that id as the package, described by the document.
  if (packageIds.has(doc.id)) {
    raw.otherRefs.delete(doc.id);
    raw.warnings.push({
      file,
      message: `the document's SPDXID "${doc.id.slice(0, 200)}" is also a package's; it was read as the package the document describes`,
    });
    describe(doc.id);
  }
  for (const d of doc.describes) describe(d.id);
  for (const r of doc.relationships) {
    if (r.type === 'DESCRIBES' && r.a === doc.id) describe(r.b);
    else if (r.type === 'DESCRIBED_BY' && r.b === doc.id) describe(r.a);
  }
  // One described package is the root; otherwise the document itself stands in for it and
  // what it describes are its direct components.
  const rootId = described.length === 1 ? described[0] : undefined;

  const external = new WarningSink(raw.warnings, file, (n) => `${n} more relationships to other documents were not followed`);
  const scopes = new Map<string, Scope>();
  for (const r of doc.relationships) {
    if (r.b === 'NONE' || r.b === 'NOASSERTION') continue;
    if (r.a.startsWith('DocumentRef-') || r.b.startsWith('DocumentRef-')) {
      external.add(`relationship ${r.a} ${r.type} ${r.b} names an element of another document; it was not followed`, r.at);
      continue;
    }
    const kind = Object.prototype.hasOwnProperty.call(RELATIONSHIPS, r.type) ? RELATIONSHIPS[r.type] : undefined;
    if (!kind) continue;
    const [from, to] = kind.forward ? [r.a, r.b] : [r.b, r.a];
    if (raw.edges.length >= MAX_EDGES) fail(file, `more than ${MAX_EDGES} relationships; refusing to read further`, r.at);
    raw.edges.push({ from, to, at: r.at });
    if (kind.scope) {
      const had = scopes.get(to);
      scopes.set(to, had ? strongerScope(had, kind.scope) : kind.scope);
    }
  }
  external.finish();

  if (rootId === undefined) {
    // The document stands in for the root (under its own ref when a package took its SPDXID).
    const docRef = packageIds.has(doc.id) ? `${doc.id}#document` : doc.id;
    raw.root = { ref: docRef, name: doc.name, at: doc.others.get(doc.id) ?? {}, document: true };
    raw.otherRefs.delete(doc.id);
    for (const id of described) raw.edges.push({ from: docRef, to: id, at: {} });
  }

  for (const p of doc.packages) {
    const notes: string[] = [];
    if (p.id === rootId) {
      raw.root = { ref: p.id, name: p.name, at: p.at };
      if (p.version) raw.root.version = p.version;
      continue;
    }
    const c: RawComponent = { ref: p.id, name: p.name, scope: scopes.get(p.id) ?? 'runtime', hashes: [], notes, at: p.at };
    if (p.line !== undefined) c.line = p.line;
    if (p.version !== undefined && p.version !== '' && p.version !== 'NOASSERTION') c.version = p.version;
    const purl = p.purls[0];
    if (purl !== undefined) c.purl = purl;
    for (const other of p.purls.slice(1)) if (other !== purl) notes.push(`also has purl ${other.slice(0, 200)}`);
    const license = assertive(p.concluded) ?? assertive(p.declared);
    if (license !== undefined) c.license = license;
    else if (p.concluded?.trim() === 'NONE' || p.declared?.trim() === 'NONE') {
      notes.push('the SBOM says the package has no license (NONE)');
    }
    for (const h of p.checksums) addHash(c.hashes, notes, h.alg, h.value);
    raw.components.push(c);
  }
  return raw;
}

function isPurlRef(category: string, type: string): boolean {
  // 2.2 wrote the category PACKAGE-MANAGER, 2.3 PACKAGE_MANAGER.
  return (category === 'PACKAGE-MANAGER' || category === 'PACKAGE_MANAGER') && type === 'purl';
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Reads an SPDX 2.2/2.3 JSON document into the raw form. */
export function readSpdxJson(content: string, file: string): RawSbom {
  const top = new JsonFields(file, parseJsonObject(content, file), '');
  const version = top.obj.spdxVersion;
  if (version === undefined) {
    const context = JSON.stringify(top.obj['@context'] ?? '');
    if (/spdx\.org\/rdf\/3/.test(context)) fail(file, unsupported('SPDX 3'), { pointer: '/@context' });
    fail(file, 'not an SPDX document: "spdxVersion" is missing', { pointer: '' });
  }
  if (typeof version !== 'string') fail(file, `"spdxVersion" must be a string, found ${typeName(version)}`, { pointer: '/spdxVersion' });
  if (!SPDX_VERSIONS.includes(version)) fail(file, unsupported(version), { pointer: '/spdxVersion' });

  const doc: SpdxDoc = {
    id: top.reqStr('SPDXID', 'the document'),
    name: top.reqStr('name', 'the document'),
    describes: [],
    packages: [],
    others: new Map(),
    relationships: [],
  };
  const describes = top.arr('documentDescribes');
  if (describes) {
    for (let i = 0; i < describes.length; i++) {
      doc.describes.push({ id: top.itemStr('documentDescribes', describes, i), at: { pointer: `/documentDescribes/${i}` } });
    }
  }
  const packages = top.arr('packages') ?? [];
  if (packages.length > MAX_COMPONENTS) fail(file, `more than ${MAX_COMPONENTS} packages; refusing to read`, { pointer: '/packages' });
  for (let i = 0; i < packages.length; i++) {
    const f = top.item('packages', packages, i);
    const p: SpdxPackage = {
      id: f.reqStr('SPDXID', 'package'),
      name: f.reqStr('name', 'package'),
      checksums: [],
      purls: [],
      at: { pointer: f.pointer },
    };
    const version = f.str('versionInfo');
    if (version !== undefined) p.version = version;
    const concluded = f.str('licenseConcluded');
    if (concluded !== undefined) p.concluded = concluded;
    const declared = f.str('licenseDeclared');
    if (declared !== undefined) p.declared = declared;
    const checksums = f.arr('checksums');
    if (checksums) {
      for (let j = 0; j < checksums.length; j++) {
        const c = f.item('checksums', checksums, j);
        p.checksums.push({ alg: c.reqStr('algorithm', 'checksum'), value: c.reqStr('checksumValue', 'checksum') });
      }
    }
    const refs = f.arr('externalRefs');
    if (refs) {
      for (let j = 0; j < refs.length; j++) {
        const r = f.item('externalRefs', refs, j);
        const category = r.reqStr('referenceCategory', 'external reference');
        const type = r.reqStr('referenceType', 'external reference');
        const locator = r.reqStr('referenceLocator', 'external reference');
        if (isPurlRef(category, type)) p.purls.push(locator);
      }
    }
    doc.packages.push(p);
  }
  for (const key of ['files', 'snippets']) {
    const list = top.arr(key) ?? [];
    for (let i = 0; i < list.length; i++) {
      const f = top.item(key, list, i);
      const id = f.reqStr('SPDXID', key === 'files' ? 'file' : 'snippet');
      if (doc.others.has(id)) fail(file, `duplicate SPDXID "${id.slice(0, 200)}": each SPDXID must name one element`, { pointer: f.pointer });
      doc.others.set(id, { pointer: f.pointer });
    }
  }
  if (doc.others.has(doc.id)) fail(file, `duplicate SPDXID "${doc.id.slice(0, 200)}": each SPDXID must name one element`, { pointer: '/SPDXID' });
  doc.others.set(doc.id, { pointer: '/SPDXID' });

  const relationships = top.arr('relationships') ?? [];
  if (relationships.length > MAX_EDGES) fail(file, `more than ${MAX_EDGES} relationships; refusing to read`, { pointer: '/relationships' });
  for (let i = 0; i < relationships.length; i++) {
    const r = top.item('relationships', relationships, i);
    doc.relationships.push({
      a: r.reqStr('spdxElementId', 'relationship'),
      type: r.reqStr('relationshipType', 'relationship'),
      b: r.reqStr('relatedSpdxElement', 'relationship'),
      at: { pointer: r.pointer },
    });
  }
  return toRaw(doc, file);
}

// ---------------------------------------------------------------------------------------------
// Tag-value

/** One `Tag: value` pair of a tag-value document, with the line it starts on. */
export interface TagValue {
  tag: string;
  value: string;
  line: number;
}

const TAG = /^([A-Za-z][A-Za-z0-9_-]*)\s*:(.*)$/;

/**
 * Splits an SPDX tag-value document into `Tag: value` pairs. Blank lines and `#` comments are
 * skipped; a value that opens with `<text>` runs, across lines, to the next `</text>`.
 * A line that is neither is an InputError naming the line.
 */
export function parseTagValue(content: string, file: string): TagValue[] {
  const lines = splitLines(stripBom(content));
  const out: TagValue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = TAG.exec(trimmed);
    if (!m) fail(file, `expected "Tag: value", found "${trimmed.slice(0, 60)}"`, { line: i + 1 });
    const tag = m[1] as string;
    let value = (m[2] as string).trim();
    const start = i + 1;
    if (value.startsWith('<text>')) {
      let text = value.slice('<text>'.length);
      let end = text.indexOf('</text>');
      while (end === -1) {
        i++;
        if (i >= lines.length) fail(file, `${tag}: <text> is not closed by </text>`, { line: start });
        text += `\n${lines[i] as string}`;
        end = text.indexOf('</text>');
      }
      value = text.slice(0, end);
    }
    out.push({ tag, value, line: start });
  }
  return out;
}

const PACKAGE_TAGS = new Set(['PackageVersion', 'PackageLicenseConcluded', 'PackageLicenseDeclared', 'PackageChecksum', 'ExternalRef']);

/** Reads an SPDX 2.2/2.3 tag-value document into the raw form. */
export function readSpdxTagValue(content: string, file: string): RawSbom {
  const pairs = parseTagValue(content, file);
  const first = pairs[0];
  if (!first) fail(file, 'empty file, expected an SPDX tag-value document', {});
  if (first.tag !== 'SPDXVersion') fail(file, `an SPDX tag-value document starts with SPDXVersion, found ${first.tag}`, { line: first.line });
  if (!SPDX_VERSIONS.includes(first.value)) fail(file, unsupported(first.value), { line: first.line });

  const doc: SpdxDoc = { id: '', name: '', describes: [], packages: [], others: new Map(), relationships: [] };
  let docIdLine = first.line;
  // The section a tag belongs to: the document until the first PackageName / FileName / ...
  let section: 'document' | 'package' | 'file' | 'snippet' | 'license' = 'document';
  let pkg: SpdxPackage | undefined;
  let pkgIdSet = false;
  let fileIdSet = false;
  const claimOther = (id: string, line: number): void => {
    if (doc.others.has(id)) fail(file, `duplicate SPDXID "${id.slice(0, 200)}": each SPDXID must name one element`, { line });
    doc.others.set(id, { line });
  };
  const closePackage = (): void => {
    if (pkg && !pkgIdSet) fail(file, `package "${pkg.name.slice(0, 100)}" has no SPDXID (required)`, { line: pkg.line });
    pkg = undefined;
  };

  for (const { tag, value, line } of pairs) {
    if (PACKAGE_TAGS.has(tag) && section !== 'package') fail(file, `${tag} outside a package (it must follow a PackageName)`, { line });
    switch (tag) {
      case 'DocumentName':
        if (section === 'document') doc.name = value;
        break;
      case 'SPDXID':
        if (section === 'document') {
          if (doc.id) fail(file, 'the document has more than one SPDXID', { line });
          doc.id = value;
          docIdLine = line;
        } else if (section === 'package' && pkg) {
          if (pkgIdSet) fail(file, `package "${pkg.name.slice(0, 100)}" has more than one SPDXID`, { line });
          pkg.id = value;
          pkgIdSet = true;
        } else if (section === 'file') {
          if (fileIdSet) fail(file, 'a file has more than one SPDXID', { line });
          claimOther(value, line);
          fileIdSet = true;
        }
        break;
      case 'PackageName':
        closePackage();
        if (doc.packages.length >= MAX_COMPONENTS) fail(file, `more than ${MAX_COMPONENTS} packages; refusing to read further`, { line });
        section = 'package';
        pkg = { id: '', name: value, checksums: [], purls: [], line, at: { line } };
        pkgIdSet = false;
        doc.packages.push(pkg);
        break;
      case 'FileName':
        closePackage();
        section = 'file';
        fileIdSet = false;
        break;
      case 'SnippetSPDXID':
        closePackage();
        section = 'snippet';
        claimOther(value, line);
        break;
      case 'LicenseID':
        closePackage();
        section = 'license';
        break;
      case 'PackageVersion':
        if (pkg) pkg.version = value;
        break;
      case 'PackageLicenseConcluded':
        if (pkg) pkg.concluded = value;
        break;
      case 'PackageLicenseDeclared':
        if (pkg) pkg.declared = value;
        break;
      case 'PackageChecksum': {
        const colon = value.indexOf(':');
        if (colon <= 0) fail(file, `PackageChecksum must be "ALGORITHM: value", found "${value.slice(0, 60)}"`, { line });
        pkg?.checksums.push({ alg: value.slice(0, colon).trim(), value: value.slice(colon + 1).trim() });
        break;
      }
      case 'ExternalRef': {
        const parts = value.split(/\s+/);
        if (parts.length < 3) fail(file, `ExternalRef must be "CATEGORY TYPE LOCATOR", found "${value.slice(0, 60)}"`, { line });
        if (isPurlRef(parts[0] as string, parts[1] as string)) pkg?.purls.push(parts.slice(2).join(' '));
        break;
      }
      case 'Relationship': {
        const parts = value.split(/\s+/);
        if (parts.length !== 3) fail(file, `Relationship must be "SPDXID TYPE SPDXID", found "${value.slice(0, 80)}"`, { line });
        if (doc.relationships.length >= MAX_EDGES) fail(file, `more than ${MAX_EDGES} relationships; refusing to read further`, { line });
        doc.relationships.push({ a: parts[0] as string, type: parts[1] as string, b: parts[2] as string, at: { line } });
        break;
      }
      default:
        break;
    }
  }
  closePackage();
  if (!doc.id) fail(file, 'the document has no SPDXID (required)', { line: first.line });
  if (!doc.name) fail(file, 'the document has no DocumentName (required)', { line: first.line });
  claimOther(doc.id, docIdLine);
  return toRaw(doc, file);
}
