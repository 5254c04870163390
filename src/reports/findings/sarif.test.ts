/* eslint-disable @typescript-eslint/no-explicit-any -- the test walks untyped SARIF JSON */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../model/finding.js';
import { findingsToSarif, renderSarif, sarifLevel } from './sarif.js';

// The official SARIF 2.1.0 schema is not bundled here, so this is the subset of it Ospo writes,
// transcribed from the specification (sections 3.13 sarifLog, 3.14 run, 3.19 toolComponent,
// 3.27 result, 3.28 location, 3.29 physicalLocation, 3.30 region, 3.35 suppression,
// 3.49 reportingDescriptor), with the same required properties, enums and minimums, and no
// properties beyond the spec's.
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string' }, markdown: { type: 'string' } }, additionalProperties: false };
const SARIF_SUBSET = {
  type: 'object',
  required: ['version', 'runs'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        additionalProperties: false,
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            additionalProperties: false,
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  semanticVersion: { type: 'string' },
                  informationUri: { type: 'string' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      additionalProperties: false,
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        shortDescription: message,
                        fullDescription: message,
                        help: message,
                        helpUri: { type: 'string' },
                        defaultConfiguration: {
                          type: 'object',
                          additionalProperties: false,
                          properties: { level: { enum: ['none', 'note', 'warning', 'error'] } },
                        },
                        properties: { type: 'object' },
                      },
                    },
                  },
                },
              },
            },
          },
          originalUriBaseIds: { type: 'object', additionalProperties: { type: 'object', properties: { uri: { type: 'string' } } } },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              additionalProperties: false,
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message,
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        additionalProperties: false,
                        properties: {
                          artifactLocation: {
                            type: 'object',
                            additionalProperties: false,
                            properties: { uri: { type: 'string' }, uriBaseId: { type: 'string' } },
                          },
                          region: {
                            type: 'object',
                            additionalProperties: false,
                            properties: { startLine: { type: 'integer', minimum: 1 } },
                          },
                        },
                      },
                      logicalLocations: {
                        type: 'array',
                        items: { type: 'object', properties: { name: { type: 'string' }, kind: { type: 'string' } }, additionalProperties: false },
                      },
                    },
                  },
                },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                suppressions: {
                  type: 'array',
                  uniqueItems: true,
                  items: {
                    type: 'object',
                    required: ['kind'],
                    additionalProperties: false,
                    properties: {
                      kind: { enum: ['inSource', 'external'] },
                      status: { enum: ['accepted', 'underReview', 'rejected'] },
                      justification: { type: 'string' },
                      properties: { type: 'object' },
                    },
                  },
                },
                properties: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(SARIF_SUBSET);

const base: Finding = {
  id: 'vulnerability:GHSA-jf85-cpcp-j695:pkg:npm/lodash@4.17.11',
  kind: 'vulnerability',
  ruleId: 'GHSA-jf85-cpcp-j695',
  severity: 'critical',
  title: 'lodash 4.17.11: Prototype Pollution in lodash',
  message: 'lodash 4.17.11 is affected by GHSA-jf85-cpcp-j695 (CVE-2019-10744).',
  howToFix: 'Upgrade lodash to 4.17.12.',
  componentId: 'pkg:npm/lodash@4.17.11',
  locations: [{ file: 'web app/package-lock.json', line: 42 }],
  details: { score: 9.1 },
};

describe('findingsToSarif', () => {
  it('writes a valid log with one rule per ruleId, levels, locations and fingerprints', () => {
    const findings: Finding[] = [
      base,
      { ...base, id: 'vulnerability:GHSA-jf85-cpcp-j695:pkg:npm/lodash@4.17.4', componentId: 'pkg:npm/lodash@4.17.4', locations: [{ file: 'b/package-lock.json' }] },
      { ...base, id: 'license:gpl:x', kind: 'license', ruleId: 'copyleft', severity: 'medium', title: 'GPL', message: 'GPL-3.0 in a distributed app', howToFix: undefined, locations: [], details: undefined },
      {
        ...base,
        id: 'vulnerability:CVE-1:pkg:npm/a@1',
        ruleId: 'CVE-1',
        severity: 'low',
        suppression: { kind: 'vex', reason: 'not_affected', detail: 'vulnerable_code_not_in_execute_path', source: 'vex.json' },
        details: undefined,
      },
    ];
    const log = findingsToSarif(findings, { srcRoot: '/repo', rules: { copyleft: { name: 'Copyleft', shortDescription: 'Copyleft license', helpUri: 'https://example.org/copyleft' } } });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = (log['runs'] as Array<Record<string, any>>)[0]!;
    expect(run['tool'].driver.rules.map((r: { id: string }) => r.id)).toEqual(['CVE-1', 'GHSA-jf85-cpcp-j695', 'copyleft']);
    expect(run['tool'].driver.rules[1].help.text).toBe('Upgrade lodash to 4.17.12.');
    expect(run['tool'].driver.rules[1].properties['security-severity']).toBe('9.1');
    expect(run['tool'].driver.rules[2]).toMatchObject({ name: 'Copyleft', shortDescription: { text: 'Copyleft license' }, helpUri: 'https://example.org/copyleft' });
    expect(run['originalUriBaseIds']).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    const results = run['results'] as Array<Record<string, any>>;
    expect(results.map((r) => [r['ruleId'], r['ruleIndex'], r['level']])).toEqual([
      ['GHSA-jf85-cpcp-j695', 1, 'error'],
      ['GHSA-jf85-cpcp-j695', 1, 'error'],
      ['copyleft', 2, 'warning'],
      ['CVE-1', 0, 'note'],
    ]);
    expect(results[0]!['locations']).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'web%20app/package-lock.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 42 } },
        logicalLocations: [{ name: 'pkg:npm/lodash@4.17.11', kind: 'module' }],
      },
    ]);
    expect(results[1]!['locations'][0].physicalLocation.region).toBeUndefined();
    expect(results[2]!['locations']).toBeUndefined();
    expect(results[0]!['partialFingerprints']).toEqual({ 'ospoFindingId/v1': base.id });
    expect(results[3]!['suppressions']).toEqual([
      { kind: 'external', status: 'accepted', justification: 'not_affected: vulnerable_code_not_in_execute_path', properties: { kind: 'vex', source: 'vex.json' } },
    ]);
    expect(results[0]!['suppressions']).toBeUndefined();
  });

  it('writes an empty run for no findings', () => {
    const log = findingsToSarif([]);
    expect(validate(log)).toBe(true);
    expect((log['runs'] as Array<Record<string, unknown>>)[0]!['results']).toEqual([]);
  });

  it('is deterministic text', () => {
    expect(renderSarif([base])).toBe(renderSarif([base]));
    expect(renderSarif([base]).endsWith('}\n')).toBe(true);
  });

  it('uses file URIs for absolute paths', () => {
    const log = findingsToSarif([{ ...base, locations: [{ file: '/abs/x y/pom.xml', line: 3 }] }]);
    const loc = (log['runs'] as Array<Record<string, any>>)[0]!['results'][0].locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: 'file:///abs/x%20y/pom.xml' });
  });

  it.each([
    ['critical', 'error'],
    ['high', 'error'],
    ['medium', 'warning'],
    ['low', 'note'],
    ['unknown', 'note'],
    ['none', 'none'],
  ] as const)('maps %s to %s', (sev, level) => {
    expect(sarifLevel(sev)).toBe(level);
  });
});
