import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import type { Finding } from '../../model/finding.js';
import type { Inventory } from '../../model/inventory.js';
import { cycloneDxJsonErrors } from '../../test-support/validate.js';
import { applyVex, readVex, readVexFile, writeCycloneDxVexJson, writeOpenVex } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

const finding = (ruleId: string, ids: string[], purl: string, extra: Partial<Finding> = {}): Finding => ({
  id: `vulnerability:${ruleId}:${purl}`,
  kind: 'vulnerability',
  ruleId,
  severity: 'critical',
  title: `${purl}: bad`,
  message: 'bad',
  howToFix: 'Upgrade lodash to 4.17.12 or later (same major version).',
  componentId: purl,
  locations: [{ file: 'package-lock.json', line: 3 }],
  details: {
    ids: [ruleId, ...ids],
    aliases: ids,
    summary: 'Prototype Pollution in lodash',
    component: { ecosystem: 'npm', name: 'lodash', version: purl.split('@').pop(), purl },
    cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, rating: 'critical' }],
    references: [{ type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2019-10744' }],
    published: '2019-07-26T16:10:00Z',
    modified: '2023-01-01T00:00:00Z',
  },
  ...extra,
});

describe('OpenVEX', () => {
  it('reads statements with products, subcomponents and justifications', () => {
    const s = readVexFile(fixture('openvex-not-affected.json'));
    expect(s).toHaveLength(2);
    expect(s[0]).toMatchObject({
      vulnerability: 'CVE-2019-10744',
      aliases: ['GHSA-jf85-cpcp-j695'],
      products: ['pkg:npm/example-app@1.0.0', 'pkg:npm/lodash@4.17.11'],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      impactStatement: 'defaultsDeep is never called with user input.',
      timestamp: '2024-05-01T10:00:00Z',
    });
    expect(s[0]!.source).toMatch(/openvex-not-affected\.json#\/statements\/0$/);
  });

  it.each([
    ['openvex-missing-justification.json', /needs a justification/, '/statements/0/justification'],
    ['openvex-bad-status.json', /status must be one of/, '/statements/0/status'],
    ['not-vex.json', /not a VEX document/, ''],
  ])('rejects %s', (name, message, pointer) => {
    let err: unknown;
    try {
      readVexFile(fixture(name));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).pointer).toBe(pointer);
    expect((err as InputError).file).toBe(fixture(name));
  });

  it('never lets __proto__ reach objects', () => {
    const s = readVex('{"@context":"https://openvex.dev/ns/v0.2.0","statements":[],"__proto__":{"polluted":1}}', 'x.json');
    expect(s).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('writes a document that reads back with the same statuses', () => {
    const open = finding('GHSA-jf85-cpcp-j695', ['CVE-2019-10744'], 'pkg:npm/lodash@4.17.11');
    const suppressed = finding('GHSA-p6mc-m468-83gw', ['CVE-2020-8203'], 'pkg:npm/lodash@4.17.11', {
      suppression: { kind: 'vex', reason: 'not_affected', detail: 'vulnerable_code_not_present' },
    });
    const text = writeOpenVex([open, suppressed], { timestamp: new Date('2024-01-01T00:00:00Z') });
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc).toMatchObject({ '@context': 'https://openvex.dev/ns/v0.2.0', author: 'Ospo', timestamp: '2024-01-01T00:00:00.000Z', version: 1 });
    expect(doc['@id']).toMatch(/^urn:ospo:openvex:[0-9a-f]{32}$/);
    const back = readVex(text, 'out.json');
    expect(back.map((s) => [s.vulnerability, s.status, s.justification, s.products])).toEqual([
      ['GHSA-jf85-cpcp-j695', 'under_investigation', undefined, ['pkg:npm/lodash@4.17.11']],
      ['GHSA-p6mc-m468-83gw', 'not_affected', 'vulnerable_code_not_present', ['pkg:npm/lodash@4.17.11']],
    ]);
    expect(writeOpenVex([open], { timestamp: new Date(0) })).toBe(writeOpenVex([open], { timestamp: new Date(0) }));
  });
});

describe('CycloneDX VEX', () => {
  it('reads analysed vulnerabilities, resolving refs to purls and bom-links', () => {
    const s = readVexFile(fixture('cyclonedx-vex.json'));
    expect(s.map((x) => [x.vulnerability, x.aliases, x.status, x.products])).toEqual([
      ['GHSA-jf85-cpcp-j695', ['CVE-2019-10744'], 'fixed', ['lodash-ref', 'pkg:npm/lodash@4.17.11']],
      ['CVE-2020-8203', [], 'under_investigation', ['lodash-ref', 'pkg:npm/lodash@4.17.11']],
    ]);
    expect(s[0]).toMatchObject({ impactStatement: 'patched in our fork', responses: ['update'], timestamp: '2024-06-01T00:00:00Z' });
  });

  it('rejects a not_affected analysis without a justification or a detail, naming the file and where', () => {
    const name = 'cyclonedx-not-affected-without-justification.json';
    let err: unknown;
    try {
      readVexFile(fixture(name));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/a not_affected analysis needs a justification or a detail/);
    expect((err as InputError).pointer).toBe('/vulnerabilities/0/analysis/justification');
    expect((err as InputError).file).toBe(fixture(name));
  });
});

describe('applyVex', () => {
  const lodash = finding('GHSA-jf85-cpcp-j695', ['CVE-2019-10744'], 'pkg:npm/lodash@4.17.11');
  const other = finding('GHSA-p6mc-m468-83gw', ['CVE-2020-8203'], 'pkg:npm/lodash@4.17.11');
  const elsewhere = finding('GHSA-jf85-cpcp-j695', ['CVE-2019-10744'], 'pkg:npm/lodash@4.17.4');

  it('suppresses matching findings by alias and purl, reports unused statements', () => {
    const statements = readVexFile(fixture('openvex-not-affected.json'));
    const r = applyVex([lodash, other, elsewhere], statements);
    expect(r.findings[0]!.suppression).toMatchObject({ kind: 'vex', reason: 'not_affected', detail: 'vulnerable_code_not_in_execute_path' });
    expect(r.findings[1]!.suppression).toBeUndefined();
    expect(r.findings[2]!.suppression).toBeUndefined();
    expect(r.suppressed).toBe(1);
    expect(r.unused.map((s) => s.vulnerability)).toEqual(['CVE-2099-0001']);
    expect(lodash.suppression).toBeUndefined();
  });

  it('a versionless purl covers every version; the latest statement wins; open statuses do not suppress', () => {
    const base = { aliases: [], source: 'v.json' };
    const r = applyVex(
      [lodash, elsewhere],
      [
        { ...base, vulnerability: 'CVE-2019-10744', products: ['pkg:npm/lodash'], status: 'not_affected', justification: 'component_not_present', timestamp: '2024-01-01T00:00:00Z' },
        { ...base, vulnerability: 'CVE-2019-10744', products: ['pkg:npm/lodash@4.17.4'], status: 'affected', actionStatement: 'upgrade', timestamp: '2024-02-01T00:00:00Z' },
      ],
    );
    expect(r.findings[0]!.suppression?.reason).toBe('not_affected');
    expect(r.findings[1]!.suppression).toBeUndefined();
    expect(r.findings[1]!.details!['vex']).toMatchObject({ status: 'affected', actionStatement: 'upgrade' });
    expect(r.unused).toEqual([]);
  });

  it('matches CycloneDX statements by bom-ref too', () => {
    const r = applyVex([lodash], readVexFile(fixture('cyclonedx-vex.json')));
    expect(r.findings[0]!.suppression).toMatchObject({ reason: 'fixed', detail: 'patched in our fork' });
  });
});

describe('writeCycloneDxVexJson', () => {
  const inv: Inventory = {
    root: 'app',
    name: 'app',
    projects: [],
    components: [
      { id: 'pkg:npm/lodash@4.17.11', ecosystem: 'npm', name: 'lodash', version: '4.17.11', purl: 'pkg:npm/lodash@4.17.11', scope: 'runtime', direct: true, locations: [] },
      { id: 'pkg:npm/lodash@4.17.4', ecosystem: 'npm', name: 'lodash', version: '4.17.4', purl: 'pkg:npm/lodash@4.17.4', scope: 'runtime', direct: true, locations: [] },
    ],
    dependencies: new Map(),
    errors: [],
    skipped: [],
    warnings: [],
    stats: { filesSeen: 1, filesScanned: 1, ms: 0 },
  };
  it('writes a schema-valid BOM with vulnerabilities, ratings, references, affects and analysis', async () => {
    const findings = applyVex(
      [finding('GHSA-jf85-cpcp-j695', ['CVE-2019-10744'], 'pkg:npm/lodash@4.17.11'), finding('GHSA-jf85-cpcp-j695', ['CVE-2019-10744'], 'pkg:npm/lodash@4.17.4'), finding('RUSTSEC-1', [], 'pkg:npm/lodash@4.17.4', { severity: 'medium', details: { component: { purl: 'pkg:npm/lodash@4.17.4' } } })],
      [{ vulnerability: 'CVE-2019-10744', aliases: [], products: ['pkg:npm/lodash@4.17.4'], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path', source: 'v.json' }],
    ).findings;
    const json = writeCycloneDxVexJson(inv, findings, { timestamp: new Date('2024-01-01T00:00:00Z') });
    expect(await cycloneDxJsonErrors(json)).toBeNull();
    const doc = JSON.parse(json) as { vulnerabilities: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.vulnerabilities).toHaveLength(3);
    const open = doc.vulnerabilities.find((v) => v['id'] === 'GHSA-jf85-cpcp-j695' && !v['analysis'])!;
    expect(open['source']).toEqual({ name: 'GitHub', url: 'https://github.com/advisories/GHSA-jf85-cpcp-j695' });
    expect(open['ratings']).toEqual([{ source: { name: 'GitHub', url: 'https://github.com/advisories/GHSA-jf85-cpcp-j695' }, score: 9.8, severity: 'critical', method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }]);
    expect(open['references']).toEqual([{ id: 'CVE-2019-10744', source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2019-10744' } }]);
    expect(open['affects']).toEqual([{ ref: 'pkg:npm/lodash@4.17.11' }]);
    expect(open['recommendation']).toBe('Upgrade lodash to 4.17.12 or later (same major version).');
    const triaged = doc.vulnerabilities.find((v) => v['analysis'])!;
    expect(triaged['analysis']).toEqual({ state: 'not_affected', justification: 'code_not_reachable' });
    expect(triaged['affects']).toEqual([{ ref: 'pkg:npm/lodash@4.17.4' }]);
    const other = doc.vulnerabilities.find((v) => v['id'] === 'RUSTSEC-1')!;
    expect(other['ratings']).toEqual([{ source: { name: 'OSV', url: 'https://osv.dev/vulnerability/RUSTSEC-1' }, severity: 'medium', method: 'other' }]);
    // Read back as a CycloneDX VEX: the triaged statement survives the round trip.
    expect(readVex(json, 'out.cdx.json').map((s) => [s.vulnerability, s.status, s.products])).toEqual([['GHSA-jf85-cpcp-j695', 'not_affected', ['pkg:npm/lodash@4.17.4']]]);
  });
});
