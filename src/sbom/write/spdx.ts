import { createHash } from 'node:crypto';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Component, Inventory } from '../../model/inventory.js';
import type { Hash, Scope } from '../../model/package.js';
import { OSPO_VERSION } from '../../version.js';
import { contentUuid, documentRoot, documentTime, type WriteOptions } from './common.js';

/** SPDX 2.3 checksum algorithm names (spec clause 7.10) for Ospo's hash algorithms. */
const CHECKSUM_ALG: Record<Hash['alg'], string> = {
  MD5: 'MD5',
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  'SHA-384': 'SHA384',
  'SHA-512': 'SHA512',
  'BLAKE2b-256': 'BLAKE2b-256',
  BLAKE3: 'BLAKE3',
};

/** The relationship that says a dependency of this scope is one (none for runtime: DEPENDS_ON). */
const SCOPE_RELATIONSHIP: Record<Scope, string | undefined> = {
  runtime: undefined,
  provided: 'PROVIDED_DEPENDENCY_OF',
  optional: 'OPTIONAL_DEPENDENCY_OF',
  peer: 'OPTIONAL_DEPENDENCY_OF',
  dev: 'DEV_DEPENDENCY_OF',
  test: 'TEST_DEPENDENCY_OF',
};

/** Makes an SPDX element id (`SPDXRef-` + letters, digits, `.` and `-`; spec clause 7.2). */
function spdxId(kind: string, name: string, version: string | null | undefined, seed: string): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const short = createHash('sha256').update(seed).digest('hex').slice(0, 8);
  return `SPDXRef-${kind}-${clean(name).slice(0, 80)}${version ? `-${clean(version).slice(0, 40)}` : ''}-${short}`;
}

interface ExtractedLicense {
  licenseId: string;
  extractedText: string;
  name: string;
}

/** A license field value: a valid SPDX expression as is, free text as a LicenseRef recorded in the document. */
function licenseField(value: string | undefined, extracted: Map<string, ExtractedLicense>): string {
  if (!value) return 'NOASSERTION';
  try {
    parseSpdxExpression(value);
    return value;
  } catch {
    let ref = extracted.get(value);
    if (!ref) {
      const id = `LicenseRef-${value.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'unknown'}-${createHash('sha256').update(value).digest('hex').slice(0, 6)}`;
      ref = { licenseId: id, extractedText: value, name: value.slice(0, 200) };
      extracted.set(value, ref);
    }
    return ref.licenseId;
  }
}

function downloadLocation(c: Component): string {
  if (c.source?.kind === 'git' && c.source.url) {
    const url = c.source.url.startsWith('git+') ? c.source.url : `git+${c.source.url}`;
    return c.source.ref ? `${url}@${c.source.ref}` : url;
  }
  if (c.source?.kind === 'url' && c.source.url) return c.source.url;
  return 'NOASSERTION';
}

/**
 * Serialises the inventory as SPDX 2.3 JSON: one package per component (purl as a
 * PACKAGE-MANAGER external reference), the root described by the document (DESCRIBES), and
 * the graph as DEPENDS_ON, or DEV_/TEST_/OPTIONAL_/PROVIDED_DEPENDENCY_OF for those scopes. Sorted, so equal inputs give equal output.
 */
export function writeSpdxJson(inv: Inventory, options: WriteOptions = {}): string {
  const root = documentRoot(inv);
  const uuid = contentUuid(inv);
  const extracted = new Map<string, ExtractedLicense>();
  const idOf = new Map<string, string>();
  const rootSpdxId = spdxId('Root', root.name, root.version, root.id);
  idOf.set(root.id, rootSpdxId);

  const packages: Array<Record<string, unknown>> = [];
  packages.push({
    SPDXID: rootSpdxId,
    name: root.name,
    ...(root.version ? { versionInfo: root.version } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    primaryPackagePurpose: 'APPLICATION',
  });
  if (!root.single) {
    for (const p of inv.projects) {
      const id = spdxId('Project', p.name, p.version, p.id);
      idOf.set(p.id, id);
      packages.push({
        SPDXID: id,
        name: p.name,
        ...(p.version ? { versionInfo: p.version } : {}),
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NOASSERTION',
        copyrightText: 'NOASSERTION',
        primaryPackagePurpose: 'APPLICATION',
        comment: `Project at ${p.path}; manifests: ${p.manifests.join(', ')}`,
      });
    }
  }
  for (const c of inv.components) {
    const id = spdxId('Package', c.name, c.version, c.id);
    idOf.set(c.id, id);
    const pkg: Record<string, unknown> = {
      SPDXID: id,
      name: c.name,
      ...(c.version !== null ? { versionInfo: c.version } : {}),
      downloadLocation: downloadLocation(c),
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: licenseField(c.license, extracted),
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'LIBRARY',
    };
    if (c.hashes && c.hashes.length > 0) {
      pkg.checksums = c.hashes.map((h) => ({ algorithm: CHECKSUM_ALG[h.alg], checksumValue: h.value }));
    }
    if (c.purl) pkg.externalRefs = [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: c.purl }];
    const comment: string[] = [];
    if (c.declared !== undefined) comment.push(`declared: ${c.declared}`);
    if (c.scope !== 'runtime') comment.push(`scope: ${c.scope}`);
    comment.push(`found in: ${c.locations.map((l) => (l.line !== undefined ? `${l.file}:${l.line}` : l.file)).join(', ')}`);
    for (const n of c.notes ?? []) comment.push(n);
    pkg.comment = comment.join('; ');
    packages.push(pkg);
  }

  const relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }> = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootSpdxId },
  ];
  // A dependency outside the runtime scope is said the SPDX way, from the dependency's side
  // (`b DEV_DEPENDENCY_OF a`, clause 11.1), so the scope survives a round trip.
  const scopeOf = new Map(inv.components.map((c) => [c.id, c.scope]));
  const edges: Array<[string, string, string]> = [];
  if (!root.single) for (const p of inv.projects) edges.push([rootSpdxId, 'DEPENDS_ON', idOf.get(p.id)!]);
  for (const [from, tos] of inv.dependencies) {
    const a = idOf.get(from);
    if (!a) continue;
    for (const to of tos) {
      const b = idOf.get(to);
      if (!b) continue;
      const inverse = SCOPE_RELATIONSHIP[scopeOf.get(to) ?? 'runtime'];
      edges.push(inverse ? [b, inverse, a] : [a, 'DEPENDS_ON', b]);
    }
  }
  const key = (e: [string, string, string]) => `${e[0]}\u0000${e[1]}\u0000${e[2]}`;
  edges.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  for (const [a, type, b] of edges) relationships.push({ spdxElementId: a, relationshipType: type, relatedSpdxElement: b });

  const [first, ...rest] = packages;
  rest.sort((a, b) => ((a.SPDXID as string) < (b.SPDXID as string) ? -1 : 1));
  const doc: Record<string, unknown> = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: root.name,
    documentNamespace: `https://spdx.org/spdxdocs/ospo-${encodeURIComponent(root.name)}-${uuid}`,
    creationInfo: {
      created: documentTime(options).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      creators: [`Tool: ospo-${OSPO_VERSION}`],
    },
    packages: [first, ...rest],
    relationships,
  };
  if (extracted.size > 0) {
    doc.hasExtractedLicensingInfos = [...extracted.values()].sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1));
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}
