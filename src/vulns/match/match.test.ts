import { describe, expect, it } from 'vitest';
import type { Component } from '../../model/inventory.js';
import { SEMVER, schemeFor } from '../../versions/index.js';
import type { OsvAffected, OsvRecord } from '../osv/types.js';
import { memorySource } from '../source.js';
import { canonicalId, groupByAlias } from './aliases.js';
import { evaluateAffected } from './evaluate.js';
import { matchComponents } from './match.js';
import { majorLine, nearestFix } from './remediation.js';

const npm = schemeFor('npm');
const entry = (events: OsvAffected['ranges'] extends (infer R)[] | undefined ? R extends { events: infer E } ? E : never : never, type: 'ECOSYSTEM' | 'SEMVER' | 'GIT' = 'ECOSYSTEM'): OsvAffected => ({
  package: { ecosystem: 'npm', name: 'pkg' },
  ranges: [{ type, events }],
});

describe('evaluateAffected', () => {
  it.each([
    ['introduced 0 affects everything below fixed', [{ introduced: '0' }, { fixed: '1.2.0' }], '0.0.1', true],
    ['fixed version is not affected', [{ introduced: '0' }, { fixed: '1.2.0' }], '1.2.0', false],
    ['below introduced is not affected', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '0.9.9', false],
    ['introduced is affected', [{ introduced: '1.0.0' }, { fixed: '1.2.0' }], '1.0.0', true],
    ['prerelease of fixed is affected', [{ introduced: '0' }, { fixed: '1.2.0' }], '1.2.0-rc.1', true],
    ['last_affected is affected', [{ introduced: '0' }, { last_affected: '1.4.0' }], '1.4.0', true],
    ['just past last_affected is not', [{ introduced: '0' }, { last_affected: '1.4.0' }], '1.4.1', false],
    ['no upper bound affects later versions', [{ introduced: '2.0.0' }], '9.9.9', true],
    ['second range open', [{ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '2.0.0' }, { fixed: '2.1.0' }], '2.0.5', true],
    ['between ranges', [{ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '2.0.0' }, { fixed: '2.1.0' }], '1.5.0', false],
    ['unsorted events are sorted', [{ fixed: '2.1.0' }, { introduced: '2.0.0' }], '2.0.5', true],
    ['introduced == fixed is empty', [{ introduced: '1.0.0' }, { fixed: '1.0.0' }], '1.0.0', false],
    ['limit bounds the range', [{ introduced: '0' }, { limit: '1.5.0' }], '1.5.0', false],
    ['below limit', [{ introduced: '0' }, { limit: '1.5.0' }], '1.4.0', true],
    ['limit * is unlimited', [{ introduced: '0' }, { limit: '*' }], '99.0.0', true],
  ] as const)('%s', (_name, events, version, affected) => {
    expect(evaluateAffected(entry([...events]), version, npm, SEMVER).affected).toBe(affected);
  });

  it('uses the SEMVER scheme for SEMVER ranges', () => {
    expect(evaluateAffected(entry([{ introduced: '0' }, { fixed: '1.10.0' }], 'SEMVER'), '1.9.0', npm, SEMVER).affected).toBe(true);
  });

  it('affects listed versions whatever the ranges say', () => {
    const e: OsvAffected = { package: { ecosystem: 'npm', name: 'pkg' }, versions: ['3.0.0'], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] };
    expect(evaluateAffected(e, '3.0.0', npm, SEMVER).affected).toBe(true);
    expect(evaluateAffected(e, '2.0.0', npm, SEMVER)).toEqual({ affected: false, unevaluable: [], notes: [] });
  });

  it('reports invalid package and event versions as unevaluable, never silently unaffected', () => {
    const bad = evaluateAffected(entry([{ introduced: '0' }, { fixed: '1.0.0' }]), 'not a version', npm, SEMVER);
    expect(bad.affected).toBe(false);
    expect(bad.unevaluable[0]).toMatch(/not a valid npm version/);
    const badEvent = evaluateAffected(entry([{ introduced: '0' }, { fixed: 'abc def' }]), '1.0.0', npm, SEMVER);
    expect(badEvent.unevaluable[0]).toMatch(/fixed version "abc def" is not a valid npm version/);
    expect(evaluateAffected({ package: { ecosystem: 'npm', name: 'pkg' } }, '1.0.0', npm, SEMVER).unevaluable).toEqual(['the advisory lists neither affected versions nor ranges']);
  });

  it('ignores GIT ranges unless the version is a commit they name', () => {
    const commit = 'a'.repeat(40);
    const git = entry([{ introduced: commit }, { fixed: 'b'.repeat(40) }], 'GIT');
    expect(evaluateAffected(git, '1.0.0', npm, SEMVER)).toEqual({ affected: false, unevaluable: [], notes: [] });
    expect(evaluateAffected(git, commit, npm, SEMVER).affected).toBe(true);
    const other = evaluateAffected(git, 'c'.repeat(40), npm, SEMVER);
    expect(other.affected).toBe(false);
    expect(other.notes[0]).toMatch(/commit ancestry/);
  });
});

describe('aliases', () => {
  const r = (id: string, aliases: string[] = []): OsvRecord => ({ id, modified: '2024-01-01T00:00:00Z', aliases });
  it('joins records through shared aliases, transitively', () => {
    const groups = groupByAlias([r('GHSA-1', ['CVE-1']), r('PYSEC-1', ['CVE-1', 'GHSA-1']), r('GHSA-2', ['CVE-2']), r('OSV-3', ['PYSEC-1'])]);
    expect(groups.map((g) => g.map((x) => x.id))).toEqual([['GHSA-1', 'PYSEC-1', 'OSV-3'], ['GHSA-2']]);
  });
  it.each([
    [['GHSA-x', 'PYSEC-1'], 'PYSEC-1'],
    [['GHSA-x', 'GO-2021-1'], 'GO-2021-1'],
    [['GHSA-b', 'GHSA-a'], 'GHSA-a'],
    [['RUSTSEC-2020-1', 'GHSA-a'], 'RUSTSEC-2020-1'],
    [['OSV-1', 'GHSA-z'], 'GHSA-z'],
  ])('names %j by %s', (ids, want) => {
    expect(canonicalId(ids.map((id) => r(id)))).toBe(want);
  });
});

describe('remediation', () => {
  it.each([
    ['npm', '1.2.3', '1'],
    ['npm', '0.4.1', '0.4'],
    ['pypi', '1!2.0', '1!2'],
    ['pypi', '3.2.1', '3'],
    ['maven', '2.13.2.1', '2'],
    ['generic', 'abc', undefined],
  ])('%s major line of %s is %s', (scheme, v, want) => {
    expect(majorLine(scheme, v)).toBe(want);
  });
  it('picks the nearest fix above the installed version that nothing else affects', () => {
    expect(nearestFix(npm, '1.5.0', ['2.0.1', '1.6.0', '1.0.0', '1.7.0'], (v) => v === '1.6.0')).toEqual({
      nearestFix: '1.7.0',
      sameMajor: true,
      fixedVersions: ['1.0.0', '1.6.0', '1.7.0', '2.0.1'],
    });
    expect(nearestFix(npm, '1.5.0', ['2.0.1'], () => false)).toMatchObject({ nearestFix: '2.0.1', sameMajor: false });
    expect(nearestFix(npm, '3.0.0', ['2.0.1'], () => false)).toEqual({ fixedVersions: ['2.0.1'] });
  });
});

const comp = (name: string, version: string | null, ecosystem: Component['ecosystem'] = 'npm'): Component => ({
  id: `pkg:${ecosystem}/${name}@${version}`,
  ecosystem,
  name,
  version,
  purl: null,
  scope: 'runtime',
  direct: true,
  locations: [{ file: 'package-lock.json', line: 7 }],
});

describe('matchComponents', () => {
  const records: OsvRecord[] = [
    {
      id: 'GHSA-aaaa-bbbb-cccc',
      modified: '2024-02-01T00:00:00Z',
      published: '2024-01-01T00:00:00Z',
      aliases: ['CVE-2024-0001'],
      summary: 'Prototype pollution',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [{ package: { ecosystem: 'npm', name: 'left' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.0.3' }] }] }],
      references: [{ type: 'ADVISORY', url: 'https://example.org/a' }],
    },
    {
      id: 'OSV-2024-1',
      modified: '2024-03-01T00:00:00Z',
      aliases: ['CVE-2024-0001'],
      affected: [{ package: { ecosystem: 'npm', name: 'left' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }] }] }],
    },
    {
      id: 'GHSA-wwww-xxxx-yyyy',
      modified: '2024-02-01T00:00:00Z',
      withdrawn: '2024-02-02T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'left' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
    },
    {
      id: 'GHSA-dddd-eeee-ffff',
      modified: '2024-02-01T00:00:00Z',
      database_specific: { severity: 'MODERATE' },
      affected: [{ package: { ecosystem: 'PyPI', name: 'Right_Pkg' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '3.0' }] }] }],
    },
  ];
  const source = memorySource(records);

  it('reports one finding per vulnerability and component, merged through aliases, withdrawn ignored', () => {
    const result = matchComponents(
      { components: [comp('left', '1.1.0'), comp('left', '1.2.0'), comp('left', '2.0.1'), comp('right-pkg', '3.0', 'PyPI'), comp('right-pkg', '3.1', 'PyPI'), comp('left', null)] },
      source,
    );
    expect(result.findings.map((f) => [f.componentId, f.ruleId, f.severity])).toEqual([
      ['pkg:npm/left@1.1.0', 'GHSA-aaaa-bbbb-cccc', 'critical'],
      ['pkg:npm/left@2.0.1', 'GHSA-aaaa-bbbb-cccc', 'critical'],
      ['pkg:PyPI/right-pkg@3.0', 'GHSA-dddd-eeee-ffff', 'medium'],
    ]);
    const f = result.findings[0]!;
    expect(f.id).toBe('vulnerability:GHSA-aaaa-bbbb-cccc:pkg:npm/left@1.1.0');
    expect(f.details).toMatchObject({
      ids: ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001', 'OSV-2024-1'],
      aliases: ['CVE-2024-0001', 'OSV-2024-1'],
      records: ['GHSA-aaaa-bbbb-cccc', 'OSV-2024-1'],
      nearestFix: '1.2.0',
      fixWithinMajor: true,
      fixedVersions: ['1.2.0', '2.0.3'],
      score: 9.8,
      published: '2024-01-01T00:00:00Z',
      modified: '2024-03-01T00:00:00Z',
    });
    expect(f.howToFix).toBe('Upgrade left to 1.2.0 or later (same major version).');
    expect(f.locations).toEqual([{ file: 'package-lock.json', line: 7 }]);
    expect(result.findings[1]!.details!['nearestFix']).toBe('2.0.3');
    expect(result.stats).toMatchObject({ components: 6, evaluated: 5, skipped: 1, withdrawn: 1 });
  });

  it('lists components it could not evaluate', () => {
    const result = matchComponents({ components: [comp('left', 'bad version!')] }, source);
    expect(result.findings).toEqual([]);
    expect(result.unevaluated.map((u) => [u.advisoryId, u.reason])).toEqual([
      ['GHSA-aaaa-bbbb-cccc', 'version "bad version!" is not a valid npm version'],
      ['OSV-2024-1', 'version "bad version!" is not a valid semver version'],
    ]);
  });

  it('strips the v of Go versions', () => {
    const go: OsvRecord = { id: 'GO-2024-1', modified: 'x', affected: [{ package: { ecosystem: 'Go', name: 'example.com/m' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }] }] }] };
    const result = matchComponents({ components: [comp('example.com/m', 'v1.1.0', 'Go')] }, memorySource([go]));
    expect(result.findings.map((f) => f.ruleId)).toEqual(['GO-2024-1']);
  });
});
