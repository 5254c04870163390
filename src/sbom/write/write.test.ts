import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../inventory/build.js';
import type { Inventory } from '../../model/inventory.js';
import { canonicalCycloneDx, cycloneDxJsonErrors, cycloneDxXmlErrors, spdxJsonErrors } from '../../test-support/validate.js';
import { writeCycloneDxJson, writeCycloneDxJsonWithLibrary, writeCycloneDxXml, writeSpdxJson } from './index.js';

const sample = new URL('../../../examples/sample-portfolio', import.meta.url).pathname;
const time = new Date('2026-01-02T03:04:05Z');

/** A hand-made inventory with the odd corners: declared-only, git source, free-text license, hashes, a cycle. */
function oddInventory(): Inventory {
  const deps = new Map<string, Set<string>>([
    ['project:.', new Set(['pkg:npm/a@1.0.0', 'pkg:npm/%40scope/b#declared=^2.0.0'])],
    ['pkg:npm/a@1.0.0', new Set(['pkg:npm/c@3.0.0'])],
    ['pkg:npm/c@3.0.0', new Set(['pkg:npm/a@1.0.0'])],
  ]);
  return {
    root: 'odd',
    name: 'odd',
    projects: [{ id: 'project:.', path: '.', name: 'odd', version: '0.0.1', ecosystems: ['npm'], manifests: ['package.json'], direct: ['pkg:npm/a@1.0.0'], components: [] }],
    components: [
      { id: 'pkg:npm/%40scope/b#declared=^2.0.0', ecosystem: 'npm', name: '@scope/b', version: null, declared: '^2.0.0', purl: 'pkg:npm/%40scope/b', scope: 'dev', direct: true, locations: [{ file: 'package.json', line: 4 }], notes: ['declared only'] },
      { id: 'pkg:npm/a@1.0.0', ecosystem: 'npm', name: 'a', version: '1.0.0', purl: 'pkg:npm/a@1.0.0', scope: 'runtime', direct: true, locations: [{ file: 'package-lock.json', line: 9 }], license: 'MIT OR Apache-2.0', hashes: [{ alg: 'SHA-512', value: 'ab'.repeat(64) }] },
      { id: 'pkg:npm/c@3.0.0', ecosystem: 'npm', name: 'c', version: '3.0.0', purl: 'pkg:npm/c@3.0.0', scope: 'optional', direct: false, locations: [{ file: 'package-lock.json' }], license: 'Custom license, see LICENSE.md', source: { kind: 'git', url: 'https://git.example.com/c.git', ref: '0123456789abcdef0123456789abcdef01234567' } },
    ],
    dependencies: deps,
    errors: [],
    skipped: [],
    warnings: [],
    stats: { filesSeen: 0, filesScanned: 0, ms: 0 },
  };
}

const samplePortfolio = await buildInventory([sample]);

describe.each([
  ['the sample portfolio', () => samplePortfolio],
  ['an inventory with odd corners', oddInventory],
])('SBOMs of %s', (_name, make) => {
  const inv = make();

  it('writes CycloneDX 1.6 JSON that the official schema accepts', async () => {
    const json = writeCycloneDxJson(inv, { timestamp: time });
    expect(await cycloneDxJsonErrors(json)).toBeNull();
    const doc = JSON.parse(json);
    expect(doc.specVersion).toBe('1.6');
    expect(doc.components.filter((c: { type: string }) => c.type === 'library')).toHaveLength(inv.components.length);
  });

  it('writes the same CycloneDX JSON as the CycloneDX library, up to list order', () => {
    expect(canonicalCycloneDx(writeCycloneDxJson(inv, { timestamp: time }))).toEqual(canonicalCycloneDx(writeCycloneDxJsonWithLibrary(inv, { timestamp: time })));
  });

  it('writes CycloneDX 1.6 XML that the official XSD accepts', async () => {
    expect(await cycloneDxXmlErrors(writeCycloneDxXml(inv, { timestamp: time }))).toBeNull();
  });

  it('writes SPDX 2.3 JSON that the schema accepts', () => {
    const json = writeSpdxJson(inv, { timestamp: time });
    expect(spdxJsonErrors(json)).toBeNull();
    const doc = JSON.parse(json);
    expect(doc.packages.filter((p: { primaryPackagePurpose: string }) => p.primaryPackagePurpose === 'LIBRARY')).toHaveLength(inv.components.length);
  });

  it('gives byte-identical documents for the same input', () => {
    expect(writeCycloneDxJson(make(), { timestamp: time })).toBe(writeCycloneDxJson(inv, { timestamp: time }));
    expect(writeCycloneDxXml(make(), { timestamp: time })).toBe(writeCycloneDxXml(inv, { timestamp: time }));
    expect(writeSpdxJson(make(), { timestamp: time })).toBe(writeSpdxJson(inv, { timestamp: time }));
  });
});

describe('the schema validators used above', () => {
  it('reject documents that break the schemas', async () => {
    const json = JSON.parse(writeCycloneDxJson(oddInventory(), { timestamp: time }));
    delete json.components[0].name;
    expect(await cycloneDxJsonErrors(JSON.stringify(json))).not.toBeNull();
    const xml = writeCycloneDxXml(oddInventory(), { timestamp: time }).replace(/<name>a<\/name>/, '');
    expect(await cycloneDxXmlErrors(xml)).not.toBeNull();
    const spdx = JSON.parse(writeSpdxJson(oddInventory(), { timestamp: time }));
    spdx.relationships[0].relationshipType = 'LIKES';
    expect(spdxJsonErrors(JSON.stringify(spdx))).not.toBeNull();
  });

  // The SPDX schema is a transcription, compared field by field with the official 2.3 schema:
  // the parts the official one defines and Ospo does not write must still be checked as it does.
  it('checks the SPDX parts Ospo does not write as the official 2.3 schema does', () => {
    const base = () => JSON.parse(writeSpdxJson(oddInventory(), { timestamp: time }));
    const annotation = { annotationDate: '2024-06-01T00:00:00Z', annotationType: 'REVIEW', annotator: 'Tool: ospo', comment: 'ok' };
    const file = { SPDXID: 'SPDXRef-File-1', fileName: './a.js', checksums: [{ algorithm: 'SHA1', checksumValue: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }], fileTypes: ['SOURCE'], annotations: [annotation] };
    const valid = base();
    Object.assign(valid, {
      files: [file],
      annotations: [annotation],
      snippets: [{ SPDXID: 'SPDXRef-Snippet-1', name: 's', snippetFromFile: 'SPDXRef-File-1', ranges: [{ startPointer: { reference: 'SPDXRef-File-1', offset: 1 }, endPointer: { reference: 'SPDXRef-File-1', offset: 9 } }] }],
      externalDocumentRefs: [{ externalDocumentId: 'DocumentRef-other', spdxDocument: 'https://example.com/other', checksum: { algorithm: 'SHA256', checksumValue: 'ab' } }],
      revieweds: [{ reviewDate: '2024-06-01T00:00:00Z' }],
    });
    valid.packages[0].primaryPackagePurpose = 'OPERATING_SYSTEM';
    valid.packages[0].hasFiles = ['SPDXRef-File-1'];
    valid.packages[0].packageVerificationCode = { packageVerificationCodeValue: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' };
    expect(spdxJsonErrors(JSON.stringify(valid))).toBeNull();
    type SpdxDoc = Record<string, unknown> & { packages: Array<Record<string, unknown>> };
    const breaks: Array<(d: SpdxDoc) => void> = [
      (d) => (d.packages[0]!.primaryPackagePurpose = 'OPERATING-SYSTEM'), // the spec's prose spelling; JSON uses the enum name
      (d) => (d.files = [{ ...file, checksums: [] }]),
      (d) => (d.files = [{ ...file, fileTypes: ['CODE'] }]),
      (d) => (d.annotations = [{ ...annotation, annotationType: 'NOTE' }]),
      (d) => (d.snippets = [{ SPDXID: 'SPDXRef-Snippet-1', name: 's', snippetFromFile: 'SPDXRef-File-1', ranges: [] }]),
      (d) => (d.revieweds = [{ reviewer: 'Person: x' }]),
      (d) => (d.packages[0]!.packageVerificationCode = {}),
    ];
    for (const [i, brk] of breaks.entries()) {
      const doc = JSON.parse(JSON.stringify(valid)) as SpdxDoc;
      brk(doc);
      expect(spdxJsonErrors(JSON.stringify(doc)), `break ${i}`).not.toBeNull();
    }
  });
});

describe('CycloneDX content', () => {
  const doc = JSON.parse(writeCycloneDxJson(oddInventory(), { timestamp: time }));

  it('records the graph, including the cycle, and the project as metadata.component', () => {
    expect(doc.metadata.component).toMatchObject({ 'bom-ref': 'project:.', name: 'odd', version: '0.0.1', type: 'application' });
    const dependsOn = Object.fromEntries(doc.dependencies.map((d: { ref: string; dependsOn?: string[] }) => [d.ref, d.dependsOn ?? []]));
    expect(dependsOn['project:.']).toEqual(['pkg:npm/%40scope/b#declared=^2.0.0', 'pkg:npm/a@1.0.0']);
    expect(dependsOn['pkg:npm/a@1.0.0']).toEqual(['pkg:npm/c@3.0.0']);
    expect(dependsOn['pkg:npm/c@3.0.0']).toEqual(['pkg:npm/a@1.0.0']);
  });

  it('maps names, scopes, licenses, hashes, sources and locations', () => {
    const byRef = Object.fromEntries(doc.components.map((c: { 'bom-ref': string }) => [c['bom-ref'], c]));
    const b = byRef['pkg:npm/%40scope/b#declared=^2.0.0'];
    expect(b).toMatchObject({ group: '@scope', name: 'b', scope: 'excluded' });
    expect(b.version).toBeUndefined();
    expect(b.properties).toEqual(
      expect.arrayContaining([
        { name: 'ospo:declared', value: '^2.0.0' },
        { name: 'ospo:location', value: 'package.json:4' },
        { name: 'ospo:scope', value: 'dev' },
      ]),
    );
    const a = byRef['pkg:npm/a@1.0.0'];
    expect(a.licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(a.hashes).toEqual([{ alg: 'SHA-512', content: 'ab'.repeat(64) }]);
    const c = byRef['pkg:npm/c@3.0.0'];
    expect(c.scope).toBe('optional');
    expect(c.licenses).toEqual([{ license: { name: 'Custom license, see LICENSE.md' } }]);
    expect(c.externalReferences).toEqual([{ type: 'vcs', url: 'https://git.example.com/c.git#0123456789abcdef0123456789abcdef01234567' }]);
  });

  it('names Ospo as the tool and derives the serial number from the content', () => {
    expect(doc.metadata.tools.components[0].name).toBe('ospo');
    expect(doc.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc.metadata.timestamp).toBe('2026-01-02T03:04:05.000Z');
  });
});

describe('SPDX content', () => {
  const doc = JSON.parse(writeSpdxJson(oddInventory(), { timestamp: time }));

  it('describes the root, records the graph with scopes, and purls as external refs', () => {
    const root = doc.relationships.find((r: { relationshipType: string }) => r.relationshipType === 'DESCRIBES');
    expect(doc.packages[0].SPDXID).toBe(root.relatedSpdxElement);
    const byId = Object.fromEntries(doc.packages.map((p: { SPDXID: string; name: string }) => [p.SPDXID, p.name]));
    const edges = doc.relationships
      .filter((r: { relationshipType: string }) => r.relationshipType !== 'DESCRIBES')
      .map((r: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }) => `${byId[r.spdxElementId]} ${r.relationshipType} ${byId[r.relatedSpdxElement]}`);
    expect(edges.sort()).toEqual(['@scope/b DEV_DEPENDENCY_OF odd', 'c DEPENDS_ON a', 'c OPTIONAL_DEPENDENCY_OF a', 'odd DEPENDS_ON a']);
    const a = doc.packages.find((p: { name: string }) => p.name === 'a');
    expect(a.externalRefs).toEqual([{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/a@1.0.0' }]);
    expect(a.checksums).toEqual([{ algorithm: 'SHA512', checksumValue: 'ab'.repeat(64) }]);
  });

  it('turns a free-text license into a LicenseRef with its text', () => {
    const c = doc.packages.find((p: { name: string }) => p.name === 'c');
    expect(c.licenseDeclared).toMatch(/^LicenseRef-/);
    expect(doc.hasExtractedLicensingInfos).toEqual([{ licenseId: c.licenseDeclared, extractedText: 'Custom license, see LICENSE.md', name: 'Custom license, see LICENSE.md' }]);
    expect(c.downloadLocation).toBe('git+https://git.example.com/c.git@0123456789abcdef0123456789abcdef01234567');
  });
});
