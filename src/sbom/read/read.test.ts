import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import type { Component, Inventory } from '../../model/inventory.js';
import { detectSbomFormat, parseTagValue, readSbom, type SbomFormat } from './index.js';
import { budget } from '../../test-support/budget.js';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function read(name: string, format?: SbomFormat): Inventory {
  return readSbom(fixture(name), name, format);
}

/** The identity of each component: id, ecosystem, name, version, purl, scope, direct. */
function identities(inv: Inventory): Array<[string, string, string, string | null, string | null, string, boolean]> {
  return inv.components.map((c) => [c.id, c.ecosystem, c.name, c.version, c.purl, c.scope, c.direct]);
}

function graph(inv: Inventory): Record<string, string[]> {
  return Object.fromEntries([...inv.dependencies].map(([k, v]) => [k, [...v]]));
}

function component(inv: Inventory, id: string): Component {
  const c = inv.components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}`);
  return c;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('detectSbomFormat', () => {
  it.each([
    ['cyclonedx-1.2.json', 'cyclonedx-json'],
    ['cyclonedx-1.3.xml', 'cyclonedx-xml'],
    ['cyclonedx-1.4.json', 'cyclonedx-json'],
    ['cyclonedx-1.5.xml', 'cyclonedx-xml'],
    ['cyclonedx-1.6.json', 'cyclonedx-json'],
    ['spdx-2.2.spdx.json', 'spdx-json'],
    ['spdx-2.3.spdx.json', 'spdx-json'],
    ['spdx-2.3.spdx', 'spdx-tag-value'],
    // Claimed so that reading says what is wrong rather than "not an SBOM".
    ['cyclonedx-1.1.xml', 'cyclonedx-xml'],
    ['doctype.cdx.xml', 'cyclonedx-xml'],
    ['spdx-3.0.json', 'spdx-json'],
    ['spdx-2.1.spdx', 'spdx-tag-value'],
    ['wrong-bomformat.cdx.json', 'cyclonedx-json'],
    ['package-lock.json', null],
    ['pom.xml', null],
  ] as const)('%s -> %s', (name, expected) => {
    expect(detectSbomFormat(name, fixture(name))).toBe(expected);
  });

  it('decides by content, with the name only as a hint', () => {
    // A CycloneDX BOM under any name is still found by its content.
    expect(detectSbomFormat('one.v2.txt', fixture('cyclonedx-1.6.json'))).toBe('cyclonedx-json');
    expect(detectSbomFormat('export.txt', fixture('spdx-2.3.spdx'))).toBe('spdx-tag-value');
    // A wrong bomFormat is not CycloneDX without the name hint.
    expect(detectSbomFormat('x.json', fixture('wrong-bomformat.cdx.json'))).toBeNull();
    // A BOM whose bomFormat key sits past the first 8 KiB is found through its name.
    const late = `{"metadata":{"properties":[{"name":"pad","value":"${'x'.repeat(9000)}"}]},"bomFormat":"CycloneDX","specVersion":"1.5"}`;
    expect(detectSbomFormat('late.json', late)).toBeNull();
    expect(detectSbomFormat('late.cdx.json', late)).toBe('cyclonedx-json');
    expect(detectSbomFormat('bom.json', 'not json')).toBeNull();
    expect(detectSbomFormat('x.spdx', '# comment\n\nSPDXVersion: SPDX-2.3\n')).toBe('spdx-tag-value');
    expect(detectSbomFormat('x.cdx.json', '\u0000\u0001binary')).toBeNull();
    expect(detectSbomFormat('x.json', '')).toBeNull();
  });
});

describe('CycloneDX', () => {
  it('reads 1.2 JSON: purls, scopes, licenses, hashes, graph', () => {
    const inv = read('cyclonedx-1.2.json');
    expect(inv.root).toBe('cyclonedx-1.2.json');
    expect(inv.name).toBe('acme-web');
    expect(identities(inv)).toEqual([
      ['pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', 'Maven', 'org.apache.commons:commons-lang3', '3.12.0', 'pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', 'optional', true],
      ['pkg:npm/lodash@4.17.21', 'npm', 'lodash', '4.17.21', 'pkg:npm/lodash@4.17.21', 'runtime', true],
      // PyPI names are PEP 503 normalised; the purl stays as written.
      ['pkg:pypi/Django@4.2.1', 'PyPI', 'django', '4.2.1', 'pkg:pypi/Django@4.2.1', 'dev', false],
    ]);
    expect(inv.components.map((c) => c.license)).toEqual(['Apache License, Version 2.0', 'MIT', 'BSD-3-Clause']);
    expect(component(inv, 'pkg:npm/lodash@4.17.21').hashes).toEqual([
      { alg: 'SHA-1', value: '744694a93d75adbded4d6be49e1317868d43377c' },
      { alg: 'SHA-256', value: 'ebd5842d4a3ded91c637d0da9a1d26db8c2b35e8fa47b0c125acab8226f9e504' },
    ]);
    expect(component(inv, 'pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar').hashes).toEqual([
      { alg: 'MD5', value: 'f6351c08180d84b0b2abb1216f012dd0' },
    ]);
    expect(graph(inv)).toEqual({
      'pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar': ['pkg:pypi/Django@4.2.1'],
      'pkg:npm/lodash@4.17.21': [],
      'project:.': ['pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', 'pkg:npm/lodash@4.17.21'],
    });
    expect(inv.projects).toEqual([
      {
        id: 'project:.',
        path: '.',
        name: 'acme-web',
        version: '1.0.0',
        ecosystems: ['Maven', 'PyPI', 'npm'],
        manifests: ['cyclonedx-1.2.json'],
        direct: ['pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', 'pkg:npm/lodash@4.17.21'],
        components: ['pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', 'pkg:npm/lodash@4.17.21', 'pkg:pypi/Django@4.2.1'],
      },
    ]);
    expect(inv.components[0]?.locations).toEqual([{ file: 'cyclonedx-1.2.json' }]);
    expect(inv.warnings).toEqual([]);
    expect(inv.errors).toEqual([]);
    expect(inv.skipped).toEqual([]);
  });

  it('reads 1.3 XML: unknown purl types and purl-less components are kept as generic', () => {
    const inv = read('cyclonedx-1.3.xml');
    expect(inv.name).toBe('acme-service');
    expect(inv.projects[0]?.version).toBe('2.3.0');
    const commons = 'pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar&classifier=sources';
    const zlib = 'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64';
    expect(identities(inv)).toEqual([
      [zlib, 'generic', 'debian/zlib1g', '1:1.2.13.dfsg-1', zlib, 'runtime', false],
      [commons, 'Maven', 'org.apache.commons:commons-lang3', '3.12.0', commons, 'runtime', true],
      ['ref-vendored', 'generic', 'acme/vendored-parser', '0.9', null, 'optional', true],
    ]);
    expect(component(inv, zlib).notes).toEqual(['purl type "deb" is not an ecosystem Ospo knows']);
    expect(component(inv, zlib).license).toBe('Zlib License');
    expect(component(inv, 'ref-vendored').notes).toEqual(['the SBOM gives no purl, so the ecosystem is unknown']);
    expect(component(inv, commons).license).toBe('Apache-2.0');
    expect(component(inv, commons).hashes).toEqual([{ alg: 'SHA-1', value: 'ff187846ecfe1b79e61e06bee840b1a1b03b351c' }]);
    expect(component(inv, commons).notes).toEqual(['hash algorithm SHA3-256 is not one Ospo records; the hash was left out']);
    expect(graph(inv)).toEqual({
      [zlib]: [],
      [commons]: [zlib],
      'project:.': [commons, 'ref-vendored'],
    });
    expect(inv.projects[0]?.ecosystems).toEqual(['Maven']);
  });

  it('reads 1.4 JSON: Go versions, duplicate purls, bad purls, services and dangling refs', () => {
    const inv = read('cyclonedx-1.4.json');
    expect(inv.name).toBe('acme-cli');
    expect(identities(inv)).toEqual([
      ['bad-purl', 'generic', 'mystery', '1.0', null, 'runtime', false],
      // Go versions lose their `v`, as the scanners record them.
      ['pkg:golang/gopkg.in/yaml.v3@v3.0.1', 'Go', 'gopkg.in/yaml.v3', '3.0.1', 'pkg:golang/gopkg.in/yaml.v3@v3.0.1', 'runtime', true],
      // Two components share a purl: both kept, identified by their bom-refs.
      ['serde-a', 'crates.io', 'serde', '1.0.188', 'pkg:cargo/serde@1.0.188', 'runtime', true],
      ['serde-b', 'crates.io', 'serde', '1.0.188', 'pkg:cargo/serde@1.0.188', 'runtime', false],
    ]);
    expect(component(inv, 'bad-purl').notes).toEqual(['purl "not a purl at all" is not a valid package URL; it was left out']);
    expect(component(inv, 'serde-a').license).toBe('MIT OR Apache-2.0');
    expect(graph(inv)).toEqual({
      'pkg:golang/gopkg.in/yaml.v3@v3.0.1': [],
      'project:.': ['pkg:golang/gopkg.in/yaml.v3@v3.0.1', 'serde-a'],
      'serde-a': [],
      'serde-b': ['pkg:golang/gopkg.in/yaml.v3@v3.0.1'],
    });
    expect(inv.warnings).toEqual([
      {
        file: 'cyclonedx-1.4.json',
        message: "the SBOM lists 1 service(s); Ospo's inventory holds components only, so services and their edges were left out",
      },
      {
        file: 'cyclonedx-1.4.json',
        message: 'dependency ref "serde-derive-missing" names no element of the SBOM; its edges were left out',
        pointer: '/dependencies/1',
      },
      {
        file: 'cyclonedx-1.4.json',
        message: '"serde-b" depends on the root "root"; the edge was left out (the root is the project)',
        pointer: '/dependencies/2',
      },
    ]);
  });

  it('reads 1.5 XML with a prefixed namespace: tools are not components, nested components are', () => {
    const inv = read('cyclonedx-1.5.xml');
    expect(inv.name).toBe('acme-api');
    expect(identities(inv)).toEqual([
      ['pkg:pypi/Flask_Login@0.6.2', 'PyPI', 'flask-login', '0.6.2', 'pkg:pypi/Flask_Login@0.6.2', 'optional', true],
      ['pkg:pypi/requests@2.31.0', 'PyPI', 'requests', '2.31.0', 'pkg:pypi/requests@2.31.0', 'runtime', true],
      ['pkg:pypi/werkzeug@2.3.6', 'PyPI', 'werkzeug', '2.3.6', 'pkg:pypi/werkzeug@2.3.6', 'runtime', false],
    ]);
    expect(component(inv, 'pkg:pypi/requests@2.31.0').license).toBe('Apache-2.0');
    expect(component(inv, 'pkg:pypi/requests@2.31.0').hashes).toEqual([
      { alg: 'SHA-256', value: '68f800c76bce1e1284a45648eb72df68d0edce951839f1be90bfe9baed4ed042' },
    ]);
    const flask = component(inv, 'pkg:pypi/Flask_Login@0.6.2');
    expect(flask.license).toBe('MIT AND Custom Acme Terms');
    expect(flask.notes).toEqual(['the SBOM lists 2 licenses without saying how they combine; read as all applying (AND)']);
    expect(graph(inv)).toEqual({
      'pkg:pypi/Flask_Login@0.6.2': ['pkg:pypi/werkzeug@2.3.6'],
      'pkg:pypi/requests@2.31.0': [],
      'pkg:pypi/werkzeug@2.3.6': [],
      'project:.': ['pkg:pypi/Flask_Login@0.6.2', 'pkg:pypi/requests@2.31.0'],
    });
  });

  it('reads 1.6 JSON: nested components flattened, a cycle, concluded licenses, base64 hashes', () => {
    const inv = read('cyclonedx-1.6.json');
    expect(inv.name).toBe('acme-portal');
    expect(identities(inv)).toEqual([
      // A sub-component of the root (metadata.component.components) is a component.
      ['pkg:npm/%40acme/portal-ui@5.0.0', 'npm', '@acme/portal-ui', '5.0.0', 'pkg:npm/%40acme/portal-ui@5.0.0', 'runtime', true],
      ['pkg:npm/body-parser@1.20.1', 'npm', 'body-parser', '1.20.1', 'pkg:npm/body-parser@1.20.1', 'runtime', false],
      ['pkg:npm/bytes@3.1.2', 'npm', 'bytes', '3.1.2', 'pkg:npm/bytes@3.1.2', 'runtime', false],
      ['pkg:npm/express@4.18.2', 'npm', 'express', '4.18.2', 'pkg:npm/express@4.18.2', 'runtime', true],
      // No bom-ref: the purl is the id.
      ['pkg:npm/left-pad@1.3.0', 'npm', 'left-pad', '1.3.0', 'pkg:npm/left-pad@1.3.0', 'runtime', false],
      // Neither bom-ref nor purl, twice: both kept under name@version ids.
      ['tzdata@2024a', 'generic', 'tzdata', '2024a', null, 'runtime', false],
      ['tzdata@2024a#2', 'generic', 'tzdata', '2024a', null, 'runtime', false],
    ]);
    // The fixture is schema-valid (checked with the CycloneDX library's JsonStrictValidator)
    // except express's base64 SHA-512, which some tools write; it is read as hex.
    const express = component(inv, 'pkg:npm/express@4.18.2');
    // The concluded license wins over the declared one (CycloneDX 1.6 acknowledgement).
    expect(express.license).toBe('Apache-2.0');
    expect(express.hashes).toEqual([
      {
        alg: 'SHA-512',
        value: '5d1720961877a7694702ee20160ef98b9a30677feeb6d219875d622a3f96d9fa9ce08bbc3afc081e40d27ed6b0e20511a34580d9f4f6a20bb04dae070a12f027',
      },
    ]);
    expect(express.notes).toEqual(['hash algorithm BLAKE2b-512 is not one Ospo records; the hash was left out']);
    expect(component(inv, 'pkg:npm/left-pad@1.3.0').license).toBe('(WTFPL OR MIT) AND Public Domain');
    // express -> body-parser -> bytes -> express is a cycle; it is kept as the SBOM says.
    expect(graph(inv)).toEqual({
      'pkg:npm/%40acme/portal-ui@5.0.0': [],
      'pkg:npm/body-parser@1.20.1': ['pkg:npm/bytes@3.1.2'],
      'pkg:npm/bytes@3.1.2': ['pkg:npm/express@4.18.2'],
      'pkg:npm/express@4.18.2': ['pkg:npm/body-parser@1.20.1'],
      'project:.': ['pkg:npm/%40acme/portal-ui@5.0.0', 'pkg:npm/express@4.18.2'],
    });
    expect(inv.projects[0]?.direct).toEqual(['pkg:npm/%40acme/portal-ui@5.0.0', 'pkg:npm/express@4.18.2']);
    expect(inv.warnings).toEqual([]);
  });

  it('reads the same BOM in JSON and XML into the same inventory', () => {
    const json = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { component: { type: 'application', 'bom-ref': 'app', name: 'app' } },
      components: [
        { type: 'library', 'bom-ref': 'a', name: 'a', version: '1', purl: 'pkg:npm/a@1', scope: 'optional', licenses: [{ license: { id: 'MIT' } }] },
        { type: 'library', 'bom-ref': 'b', name: 'b', version: '2', purl: 'pkg:npm/b@2', hashes: [{ alg: 'SHA-1', content: 'AB'.repeat(20) }] },
      ],
      dependencies: [{ ref: 'app', dependsOn: ['a'] }, { ref: 'a', dependsOn: ['b'] }],
    });
    const xml = `<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><metadata><component type="application" bom-ref="app"><name>app</name></component></metadata>
<components><component type="library" bom-ref="a"><name>a</name><version>1</version><scope>optional</scope><licenses><license><id>MIT</id></license></licenses><purl>pkg:npm/a@1</purl></component>
<component type="library" bom-ref="b"><name>b</name><version>2</version><hashes><hash alg="SHA-1">${'AB'.repeat(20)}</hash></hashes><purl>pkg:npm/b@2</purl></component></components>
<dependencies><dependency ref="app"><dependency ref="a"/></dependency><dependency ref="a"><dependency ref="b"/></dependency></dependencies></bom>`;
    const a = readSbom(json, 'bom.json');
    const b = readSbom(xml, 'bom.json', 'cyclonedx-xml');
    expect(b.components).toEqual(a.components);
    expect(graph(b)).toEqual(graph(a));
    expect(graph(a)).toEqual({ 'pkg:npm/a@1': ['pkg:npm/b@2'], 'project:.': ['pkg:npm/a@1'] });
  });

  it('keeps ids unique when a purl equals another component\'s bom-ref', () => {
    const json = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        { type: 'library', 'bom-ref': 'x', name: 'a', version: '1', purl: 'pkg:npm/a@1' },
        { type: 'library', 'bom-ref': 'pkg:npm/a@1', name: 'other', version: '9' },
      ],
    });
    const inv = readSbom(json, 'clash.cdx.json');
    expect(inv.components.map((c) => [c.id, c.name])).toEqual([
      ['pkg:npm/a@1', 'other'],
      ['x', 'a'],
    ]);
    // No root: the project is named after the file and has no direct dependencies.
    expect(inv.name).toBe('clash.cdx.json');
    expect(inv.projects[0]?.direct).toEqual([]);
  });

  it('reads a bom-ref repeated with identical content once, with a warning', () => {
    const entry = { type: 'library', 'bom-ref': 'pkg:apk/alpine/zlib@1.2.13-r0', name: 'zlib', version: '1.2.13-r0', purl: 'pkg:apk/alpine/zlib@1.2.13-r0' };
    const inv = readSbom(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.4', components: [entry, entry] }), 'image.cdx.json');
    expect(identities(inv)).toEqual([
      ['pkg:apk/alpine/zlib@1.2.13-r0', 'generic', 'alpine/zlib', '1.2.13-r0', 'pkg:apk/alpine/zlib@1.2.13-r0', 'runtime', false],
    ]);
    expect(inv.warnings).toEqual([
      {
        file: 'image.cdx.json',
        message: 'bom-ref "pkg:apk/alpine/zlib@1.2.13-r0" appears more than once with the same content; it was read once',
        pointer: '/components/1',
      },
    ]);
  });

  it('reads an empty BOM as an empty inventory', () => {
    const inv = readSbom('{"bomFormat":"CycloneDX","specVersion":"1.6"}', 'empty.cdx.json');
    expect(inv.components).toEqual([]);
    expect(inv.dependencies.size).toBe(0);
    expect(inv.projects.map((p) => p.name)).toEqual(['empty.cdx.json']);
    const xml = readSbom('<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"/>', 'empty.cdx.xml');
    expect(xml.components).toEqual([]);
  });

  it('keeps __proto__ refs from reaching objects', () => {
    const json = `{"bomFormat":"CycloneDX","specVersion":"1.6","__proto__":{"polluted":true},
      "components":[{"type":"library","bom-ref":"__proto__","name":"p","version":"1","purl":"pkg:npm/p@1"},
                    {"type":"library","bom-ref":"constructor","name":"q","version":"1","purl":"pkg:npm/p@1"}],
      "dependencies":[{"ref":"__proto__","dependsOn":["constructor"]}]}`;
    const inv = readSbom(json, 'proto.cdx.json');
    expect(inv.components.map((c) => c.id)).toEqual(['__proto__', 'constructor']);
    expect([...inv.dependencies]).toEqual([['__proto__', new Set(['constructor'])]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('SPDX', () => {
  it('reads 2.2 JSON: documentDescribes root, DEPENDS_ON and DEPENDENCY_OF both ways, checksums', () => {
    const inv = read('spdx-2.2.spdx.json');
    expect(inv.name).toBe('acme-worker');
    expect(inv.projects[0]?.version).toBe('1.2.0');
    expect(identities(inv)).toEqual([
      ['SPDXRef-Package-openssl', 'generic', 'openssl', '3.0.2', null, 'runtime', true],
      ['pkg:npm/lodash@4.17.21', 'npm', 'lodash', '4.17.21', 'pkg:npm/lodash@4.17.21', 'runtime', true],
      ['pkg:npm/minimist@1.2.8', 'npm', 'minimist', '1.2.8', 'pkg:npm/minimist@1.2.8', 'runtime', false],
    ]);
    expect(inv.components.map((c) => c.license)).toEqual(['Apache-2.0', 'MIT', undefined]);
    expect(component(inv, 'pkg:npm/lodash@4.17.21').hashes).toEqual([
      { alg: 'SHA-1', value: '744694a93d75adbded4d6be49e1317868d43377c' },
      { alg: 'MD5', value: '0676b88ba375f3a51d4063ee07a57163' },
    ]);
    // CONTAINS a file is not a component edge.
    expect(graph(inv)).toEqual({
      'pkg:npm/lodash@4.17.21': ['pkg:npm/minimist@1.2.8'],
      'project:.': ['SPDXRef-Package-openssl', 'pkg:npm/lodash@4.17.21'],
    });
    expect(inv.warnings).toEqual([]);
  });

  it('reads 2.3 JSON: DESCRIBES root, scoped relationships, NONE licenses, external and dangling refs', () => {
    const inv = read('spdx-2.3.spdx.json');
    expect(inv.name).toBe('acme-mobile');
    expect(identities(inv)).toEqual([
      ['pkg:maven/com.pinterest/ktlint@0.50.0', 'Maven', 'com.pinterest:ktlint', '0.50.0', 'pkg:maven/com.pinterest/ktlint@0.50.0', 'dev', true],
      ['pkg:maven/com.squareup.okhttp3/okhttp@4.11.0', 'Maven', 'com.squareup.okhttp3:okhttp', '4.11.0', 'pkg:maven/com.squareup.okhttp3/okhttp@4.11.0', 'runtime', true],
      ['pkg:maven/com.squareup.okio/okio@3.2.0', 'Maven', 'com.squareup.okio:okio', '3.2.0', 'pkg:maven/com.squareup.okio/okio@3.2.0', 'runtime', false],
      ['pkg:maven/junit/junit@4.13.2', 'Maven', 'junit:junit', '4.13.2', 'pkg:maven/junit/junit@4.13.2', 'test', true],
    ]);
    expect(inv.components.map((c) => c.license)).toEqual(['(MIT AND Apache-2.0)', 'Apache-2.0', undefined, undefined]);
    expect(component(inv, 'pkg:maven/junit/junit@4.13.2').notes).toEqual(['the SBOM says the package has no license (NONE)']);
    expect(component(inv, 'pkg:maven/com.squareup.okhttp3/okhttp@4.11.0').hashes).toEqual([
      { alg: 'SHA-256', value: '48bffeeab21dc3a23cc297f914b560118ed01bcbb017b0c1d727b80a5c8fbf7d' },
    ]);
    // okhttp CONTAINS okio and okio DEPENDS_ON okhttp: a cycle, kept.
    expect(graph(inv)).toEqual({
      'pkg:maven/com.squareup.okhttp3/okhttp@4.11.0': ['pkg:maven/com.squareup.okio/okio@3.2.0'],
      'pkg:maven/com.squareup.okio/okio@3.2.0': ['pkg:maven/com.squareup.okhttp3/okhttp@4.11.0'],
      'project:.': [
        'pkg:maven/com.pinterest/ktlint@0.50.0',
        'pkg:maven/com.squareup.okhttp3/okhttp@4.11.0',
        'pkg:maven/junit/junit@4.13.2',
      ],
    });
    expect(inv.warnings).toEqual([
      {
        file: 'spdx-2.3.spdx.json',
        message:
          'relationship SPDXRef-Package-app DEPENDS_ON DocumentRef-base-image:SPDXRef-Package-glibc names an element of another document; it was not followed',
        pointer: '/relationships/7',
      },
      {
        file: 'spdx-2.3.spdx.json',
        message: 'dependency ref "SPDXRef-Package-kotlin-stdlib" names no element of the SBOM; its edges were left out',
        pointer: '/relationships/6',
      },
    ]);
  });

  it('reads 2.3 tag-value: multi-line <text>, checksums, external refs, lines', () => {
    const inv = read('spdx-2.3.spdx');
    expect(inv.name).toBe('acme-firmware');
    expect(inv.projects[0]?.version).toBe('9.0');
    const mbed = 'pkg:generic/mbedtls@3.5.1?download_url=https://downloads.example.com/mbedtls-3.5.1.tar.gz';
    expect(identities(inv)).toEqual([
      ['pkg:conan/zlib@1.3', 'ConanCenter', 'zlib', '1.3', 'pkg:conan/zlib@1.3', 'runtime', true],
      [mbed, 'generic', 'mbedtls', '3.5.1', mbed, 'runtime', true],
    ]);
    const zlib = component(inv, 'pkg:conan/zlib@1.3');
    expect(zlib.license).toBe('Zlib');
    expect(zlib.locations).toEqual([{ file: 'spdx-2.3.spdx', line: 27 }]);
    expect(zlib.hashes).toEqual([
      { alg: 'SHA-1', value: 'c05801f2ea2a28edbe45495a6400853fddcba9f2' },
      { alg: 'SHA-256', value: '604ac39f40829a273e354a953b2d97b1719cf18fb92385b1962810a982c568cb' },
    ]);
    expect(component(inv, mbed).license).toBe('Apache-2.0 OR GPL-2.0-or-later');
    expect(component(inv, mbed).locations).toEqual([{ file: 'spdx-2.3.spdx', line: 43 }]);
    expect(component(inv, mbed).notes).toBeUndefined();
    expect(graph(inv)).toEqual({
      [mbed]: ['pkg:conan/zlib@1.3'],
      'project:.': ['pkg:conan/zlib@1.3', mbed],
    });
    expect(inv.warnings).toEqual([]);
  });

  it('makes the document the root when it describes more than one package', () => {
    const inv = read('spdx-2.3-two-described.spdx.json');
    expect(inv.name).toBe('spdx-2.3-two-described.spdx.json');
    expect(inv.projects[0]?.name).toBe('acme-monorepo');
    expect(identities(inv)).toEqual([
      ['SPDXRef-a', 'generic', 'service-a', '1.0.0', null, 'runtime', true],
      ['SPDXRef-b', 'generic', 'service-b', '2.0.0', null, 'runtime', true],
      ['pkg:npm/chalk@5.3.0', 'npm', 'chalk', '5.3.0', 'pkg:npm/chalk@5.3.0', 'runtime', false],
    ]);
    expect(graph(inv)).toEqual({
      'SPDXRef-a': ['pkg:npm/chalk@5.3.0'],
      'SPDXRef-b': ['pkg:npm/chalk@5.3.0'],
      'project:.': ['SPDXRef-a', 'SPDXRef-b'],
    });
  });

  it('reads a document whose SPDXID is its one package\'s as describing that package', () => {
    // Docker Hardened Images SBOMs do this.
    const text = JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-img',
      name: 'SPDX document for img',
      packages: [
        { SPDXID: 'SPDXRef-img', name: 'img', versionInfo: '1.0' },
        { SPDXID: 'SPDXRef-openssl', name: 'openssl', versionInfo: '3.0.2', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:generic/openssl@3.0.2' }] },
      ],
      relationships: [{ spdxElementId: 'SPDXRef-img', relationshipType: 'CONTAINS', relatedSpdxElement: 'SPDXRef-openssl' }],
    });
    const inv = readSbom(text, 'img.spdx.json');
    expect(inv.name).toBe('img');
    expect(identities(inv)).toEqual([['pkg:generic/openssl@3.0.2', 'generic', 'openssl', '3.0.2', 'pkg:generic/openssl@3.0.2', 'runtime', true]]);
    expect(inv.warnings.map((w) => w.message)).toEqual([
      'the document\'s SPDXID "SPDXRef-img" is also a package\'s; it was read as the package the document describes',
    ]);
  });

  it('splits tag-value pairs, keeping multi-line <text> values whole', () => {
    const pairs = parseTagValue('SPDXVersion: SPDX-2.3\n# note\nPackageComment: <text>one\nPackageName: two</text>\nPackageName: x\r\n', 'x.spdx');
    expect(pairs).toEqual([
      { tag: 'SPDXVersion', value: 'SPDX-2.3', line: 1 },
      { tag: 'PackageComment', value: 'one\nPackageName: two', line: 3 },
      { tag: 'PackageName', value: 'x', line: 5 },
    ]);
  });
});

describe('rejects malformed and unsupported SBOMs with a position', () => {
  it.each([
    ['truncated.cdx.json', undefined, /invalid JSON/, { line: 24 }],
    ['wrong-bomformat.cdx.json', undefined, /"bomFormat" must be "CycloneDX", found "SPDX"/, { pointer: '/bomFormat' }],
    ['cyclonedx-1.1.json', undefined, /CycloneDX 1\.1 is not supported: Ospo reads CycloneDX 1\.2, 1\.3, 1\.4, 1\.5 and 1\.6/, { pointer: '/specVersion' }],
    ['cyclonedx-1.1.xml', undefined, /CycloneDX 1\.1 is not supported: Ospo reads CycloneDX 1\.2, 1\.3, 1\.4, 1\.5 and 1\.6/, { line: 1 }],
    ['spdx-3.0.json', undefined, /SPDX 3 is not supported: Ospo reads SPDX 2\.2 and 2\.3/, { pointer: '/@context' }],
    ['spdx-2.1.spdx', undefined, /SPDX-2\.1 is not supported: Ospo reads SPDX 2\.2 and 2\.3/, { line: 1 }],
    ['duplicate-bom-ref.cdx.json', undefined, /duplicate bom-ref "pkg:npm\/ms@2\.1\.3"/, { pointer: '/components/1/components/0' }],
    ['duplicate-bom-ref.cdx.xml', undefined, /duplicate bom-ref "dup".*\(at \/bom\/components\/component\[2\]\)/, { line: 7 }],
    ['doctype.cdx.xml', undefined, /DOCTYPE or entity declaration is refused/, { line: 2 }],
    ['bad-types.cdx.json', undefined, /"version" must be a string, found a number/, { pointer: '/components/1/components/0/version' }],
    ['package-lock.json', undefined, /not an SBOM Ospo reads/, {}],
    ['pom.xml', undefined, /not an SBOM Ospo reads/, {}],
    ['package-lock.json', 'cyclonedx-json', /not a CycloneDX BOM: "bomFormat" is missing/, { pointer: '' }],
    ['pom.xml', 'cyclonedx-xml', /root element must be <bom>/, { line: 1 }],
    ['cyclonedx-1.6.json', 'spdx-json', /not an SPDX document: "spdxVersion" is missing/, { pointer: '' }],
  ] as const)('%s (as %s)', (name, format, message, where) => {
    const err = inputError(() => read(name, format));
    expect(err.message).toMatch(message);
    expect(err.file).toBe(name);
    expect({ line: err.line, pointer: err.pointer }).toEqual({ line: undefined, pointer: undefined, ...where });
  });

  const cdx = (components: unknown, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components, ...extra });

  it.each([
    ['components not an array', cdx({}), /"components" must be an array, found an object/, '/components'],
    ['component not an object', cdx(['x']), /each entry of "components" must be an object, found a string/, '/components/0'],
    ['component without name', cdx([{ type: 'library' }]), /component has no "name" \(required\)/, '/components/0'],
    ['component without type', cdx([{ name: 'a' }]), /component has no "type" \(required\)/, '/components/0'],
    ['unknown scope', cdx([{ type: 'library', name: 'a', scope: 'maybe' }]), /"scope" must be required, optional or excluded/, '/components/0/scope'],
    ['license without id or name', cdx([{ type: 'library', name: 'a', licenses: [{ license: {} }] }]), /license has neither "id" nor "name"/, '/components/0/licenses/0/license'],
    ['hash without content', cdx([{ type: 'library', name: 'a', hashes: [{ alg: 'SHA-1' }] }]), /hash has no "content"/, '/components/0/hashes/0'],
    ['dependency without ref', cdx([], { dependencies: [{ dependsOn: [] }] }), /dependency has no "ref"/, '/dependencies/0'],
    ['dependsOn not strings', cdx([], { dependencies: [{ ref: 'a', dependsOn: [1] }] }), /each entry of "dependsOn" must be a string/, '/dependencies/0/dependsOn/0'],
    ['specVersion a number', '{"bomFormat":"CycloneDX","specVersion":1.6}', /"specVersion" must be a string/, '/specVersion'],
    ['CycloneDX 1.7', '{"bomFormat":"CycloneDX","specVersion":"1.7"}', /CycloneDX 1\.7 is not supported/, '/specVersion'],
    ['top-level array', '[]', /expected a JSON object/, ''],
  ])('CycloneDX JSON: %s', (_case, text, message, pointer) => {
    const err = inputError(() => readSbom(text, 'x.cdx.json', 'cyclonedx-json'));
    expect(err.message).toMatch(message);
    expect(err.pointer).toBe(pointer);
  });

  const spdx = (extra: Record<string, unknown>): string =>
    JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', name: 'doc', ...extra });

  it.each([
    ['package without SPDXID', spdx({ packages: [{ name: 'a' }] }), /package has no "SPDXID"/, '/packages/0'],
    ['duplicate SPDXID', spdx({ packages: [{ SPDXID: 'SPDXRef-a', name: 'a' }, { SPDXID: 'SPDXRef-a', name: 'b' }] }), /duplicate SPDXID "SPDXRef-a"/, '/packages/1'],
    ['file reusing the document id', spdx({ files: [{ SPDXID: 'SPDXRef-DOCUMENT', fileName: 'a' }] }), /duplicate SPDXID "SPDXRef-DOCUMENT"/, '/SPDXID'],
    ['file reusing a package id', spdx({ packages: [{ SPDXID: 'SPDXRef-a', name: 'a' }], files: [{ SPDXID: 'SPDXRef-a', fileName: 'a' }] }), /duplicate SPDXID "SPDXRef-a"/, '/files/0'],
    ['relationship without type', spdx({ relationships: [{ spdxElementId: 'a', relatedSpdxElement: 'b' }] }), /relationship has no "relationshipType"/, '/relationships/0'],
    ['checksum value not a string', spdx({ packages: [{ SPDXID: 'SPDXRef-a', name: 'a', checksums: [{ algorithm: 'SHA1', checksumValue: 5 }] }] }), /"checksumValue" must be a string/, '/packages/0/checksums/0/checksumValue'],
    ['document without name', JSON.stringify({ spdxVersion: 'SPDX-2.2', SPDXID: 'SPDXRef-DOCUMENT' }), /the document has no "name"/, ''],
    ['SPDX 3.0 spdxVersion', spdx({ spdxVersion: 'SPDX-3.0' }), /SPDX-3\.0 is not supported/, '/spdxVersion'],
  ])('SPDX JSON: %s', (_case, text, message, pointer) => {
    const err = inputError(() => readSbom(text, 'x.spdx.json', 'spdx-json'));
    expect(err.message).toMatch(message);
    expect(err.pointer).toBe(pointer);
  });

  const tv = (body: string): string => `SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: doc\n${body}`;

  it.each([
    ['a line that is not Tag: value', tv('PackageName: a\nSPDXID: SPDXRef-a\nthis is not a tag\n'), /expected "Tag: value"/, 7],
    ['an unclosed <text>', tv('PackageName: a\nPackageComment: <text>never\nclosed\n'), /<text> is not closed/, 6],
    ['a package without SPDXID', tv('PackageName: a\nPackageVersion: 1\n\nPackageName: b\nSPDXID: SPDXRef-b\n'), /package "a" has no SPDXID/, 5],
    ['a package tag outside a package', tv('PackageVersion: 1\n'), /PackageVersion outside a package/, 5],
    ['a malformed Relationship', tv('Relationship: SPDXRef-a DEPENDS_ON\n'), /Relationship must be "SPDXID TYPE SPDXID"/, 5],
    ['a malformed checksum', tv('PackageName: a\nSPDXID: SPDXRef-a\nPackageChecksum: deadbeef\n'), /PackageChecksum must be "ALGORITHM: value"/, 7],
    ['duplicate SPDXIDs', tv('PackageName: a\nSPDXID: SPDXRef-a\nFileName: f\nSPDXID: SPDXRef-a\n'), /duplicate SPDXID "SPDXRef-a"/, 8],
    ['not starting with SPDXVersion', 'DocumentName: x\nSPDXVersion: SPDX-2.3\n', /starts with SPDXVersion/, 1],
    ['no DocumentName', 'SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n', /no DocumentName/, 1],
  ])('SPDX tag-value: %s', (_case, text, message, line) => {
    const err = inputError(() => readSbom(text, 'x.spdx', 'spdx-tag-value'));
    expect(err.message).toMatch(message);
    expect(err.line).toBe(line);
  });

  it.each([
    ['a component without type', '<component><name>a</name></component>', /component has no "type" attribute/],
    ['a component without name', '<component type="library" bom-ref="r"><version>1</version></component>', /component has no <name>/],
    ['two names', '<component type="library"><name>a</name><name>b</name></component>', /<name> may appear only once/],
    ['an unknown scope', '<component type="library"><name>a</name><scope>sometimes</scope></component>', /"scope" must be required, optional or excluded/],
    ['a hash without alg', '<component type="library"><name>a</name><hashes><hash>ab</hash></hashes></component>', /hash has no "alg" attribute/],
  ])('CycloneDX XML: %s', (_case, body, message) => {
    const text = `<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components>\n${body}\n</components>\n</bom>\n`;
    const err = inputError(() => readSbom(text, 'x.cdx.xml'));
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/\(at \/bom\/components\/component\[1\]/);
  });

  it('names the line of an XML component that has a bom-ref', () => {
    const text = '<bom xmlns="http://cyclonedx.org/schema/bom/1.6">\n<components>\n<component type="library" bom-ref="r">\n<version>1</version>\n</component>\n</components>\n</bom>';
    expect(inputError(() => readSbom(text, 'x.cdx.xml')).line).toBe(3);
  });

  it('refuses XML without the CycloneDX namespace and binary data', () => {
    expect(inputError(() => readSbom('<bom><components/></bom>', 'bom.xml', 'cyclonedx-xml')).message).toMatch(/namespace, found none/);
    expect(inputError(() => readSbom('\u0000\u0001\u0002', 'bom.json')).message).toMatch(/binary/);
  });

  it('refuses nesting past the depth cap instead of overflowing the stack', () => {
    let nested = '{"type":"library","name":"leaf"}';
    for (let i = 0; i < 600; i++) nested = `{"type":"library","name":"n${i}","components":[${nested}]}`;
    const err = inputError(() => readSbom(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${nested}]}`, 'deep.cdx.json'));
    expect(err.message).toMatch(/nested deeper than/);
    // Below the cap, deep nesting is read without recursion.
    let ok = '{"type":"library","name":"leaf"}';
    for (let i = 0; i < 400; i++) ok = `{"type":"library","name":"n${i}","components":[${ok}]}`;
    expect(readSbom(`{"bomFormat":"CycloneDX","specVersion":"1.6","components":[${ok}]}`, 'deep.cdx.json').components).toHaveLength(401);
  });
});

describe('scale', () => {
  it('reads a 50,000-component CycloneDX JSON quickly', () => {
    const n = 50_000;
    const components = [];
    const dependencies = [{ ref: 'root', dependsOn: ['c0'] }];
    for (let i = 0; i < n; i++) {
      components.push({
        type: 'library',
        'bom-ref': `c${i}`,
        name: `pkg-${i}`,
        version: `1.${i % 10}.0`,
        purl: `pkg:npm/pkg-${i}@1.${i % 10}.0`,
        licenses: [{ license: { id: 'MIT' } }],
        hashes: [{ alg: 'SHA-512', content: 'ab'.repeat(64) }],
      });
      dependencies.push({ ref: `c${i}`, dependsOn: i + 1 < n ? [`c${i + 1}`] : [] });
    }
    const text = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: { component: { type: 'application', 'bom-ref': 'root', name: 'big' } },
      components,
      dependencies,
    });
    const start = performance.now();
    const inv = readSbom(text, 'big.cdx.json');
    const ms = performance.now() - start;
    expect(inv.components).toHaveLength(n);
    expect(inv.projects[0]?.direct).toEqual(['pkg:npm/pkg-0@1.0.0']);
    expect(inv.dependencies.get('pkg:npm/pkg-0@1.0.0')).toEqual(new Set(['pkg:npm/pkg-1@1.1.0']));
    // About 0.4 s on an idle machine; the bound leaves room for a loaded CI runner.
    expect(ms).toBeLessThan(budget(5000));
  });
});
