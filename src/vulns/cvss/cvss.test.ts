import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OsvRecord } from '../osv/types.js';
import { CvssVectorError, recordSeverity, scoreCvss, scoreV2, scoreV3, scoreV4 } from './index.js';

// Vector -> score pairs: the vectors of every CVSS v4 advisory in shared/data/osv plus random
// base/threat/environmental vectors, scored by FIRST's reference calculator (cvss40.js, run
// once offline; the calculator itself is not part of this repository).
const v4Table = readFileSync(new URL('./__fixtures__/cvss4-scores.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [vector, score] = line.split(' ');
    return [vector!, Number(score)] as const;
  });

describe('CVSS v4.0', () => {
  it.each([
    // Examples from the specification and FIRST's calculator documentation.
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3, 'critical'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 10, 'critical'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A', 8.7, 'high'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0, 'none'],
    ['CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.5, 'high'],
  ] as const)('%s = %s', (vector, score, rating) => {
    expect(scoreV4(vector)).toMatchObject({ version: '4.0', score, rating });
  });

  it(`matches the reference calculator on ${v4Table.length} vectors`, () => {
    const wrong = v4Table.filter(([v, s]) => scoreV4(v).score !== s).map(([v, s]) => `${v} want ${s} got ${scoreV4(v).score}`);
    expect(wrong).toEqual([]);
    expect(v4Table.length).toBeGreaterThan(300);
  });
});

describe('CVSS v3.x', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10, 'critical'], // log4shell
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9, 'medium'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'high'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'medium'], // typical XSS
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'high'],
    ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6, 'low'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, 'none'],
    // v3.1 Roundup avoids 4.000000001 -> 4.1 (specification Appendix A example family).
    ['CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:U/C:L/I:L/A:N', 4.2, 'medium'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'critical'],
    ['CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, 'medium'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C', 9.8, 'critical'],
  ] as const)('%s = %s', (vector, score, rating) => {
    expect(scoreV3(vector)).toMatchObject({ score, rating });
  });
});

describe('CVSS v2', () => {
  it.each([
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5, 'high'],
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10, 'high'],
    ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3, 'medium'],
    ['AV:L/AC:L/Au:N/C:P/I:N/A:N', 2.1, 'low'],
    ['(AV:N/AC:L/Au:S/C:P/I:N/A:N)', 4, 'medium'],
    ['AV:N/AC:L/Au:N/C:N/I:N/A:N', 0, 'low'],
  ] as const)('%s = %s', (vector, score, rating) => {
    expect(scoreV2(vector)).toMatchObject({ score, rating });
  });
});

describe('malformed vectors', () => {
  it.each([
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/__proto__:x',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:Q',
    'CVSS:9.9/AV:N',
    'AV:N/AC:L/Au:N/C:P/I:P',
    'garbage',
    `CVSS:3.1/${'AV:N/'.repeat(200)}`,
  ])('rejects %s', (vector) => {
    expect(() => scoreCvss(vector)).toThrow(CvssVectorError);
  });
});

describe('recordSeverity', () => {
  const rec = (extra: Partial<OsvRecord>): OsvRecord => ({ id: 'X-1', modified: '2024-01-01T00:00:00Z', ...extra });
  it('takes the highest CVSS rating', () => {
    const r = recordSeverity(
      rec({
        severity: [
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N' },
          { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
        ],
        database_specific: { severity: 'LOW' },
      }),
    );
    expect(r).toMatchObject({ severity: 'critical', score: 9.3, source: 'cvss', databaseSeverity: 'low' });
    expect(r.cvss.map((c) => c.version)).toEqual(['3.1', '4.0']);
  });
  it('falls back to the database rating, then unknown; invalid vectors are kept with the reason', () => {
    expect(recordSeverity(rec({ database_specific: { severity: 'MODERATE' } }))).toMatchObject({ severity: 'medium', source: 'database' });
    const r = recordSeverity(rec({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] }));
    expect(r).toMatchObject({ severity: 'unknown', source: 'none' });
    expect(r.invalid).toHaveLength(1);
  });
  it('uses affected-level severities too', () => {
    expect(recordSeverity(rec({}), [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }])).toMatchObject({ severity: 'high', score: 7.5 });
  });
});

// Every CVSS vector in the shared advisories scores without error, and each GHSA record's own
// rating agrees with the band of its highest CVSS score (GitHub rates from the v3/v4 score).
const osvRoot = fileURLToPath(new URL('../../../../shared/data/osv/', import.meta.url));
describe.runIf(existsSync(osvRoot))('real advisories', () => {
  const records: OsvRecord[] = [];
  for (const dir of ['ghsa', 'osv-dev-api', 'golang-vulndb', 'rustsec-osv']) {
    for (const f of readdirSync(osvRoot + dir)) if (f.endsWith('.json')) records.push(JSON.parse(readFileSync(`${osvRoot}${dir}/${f}`, 'utf8')) as OsvRecord);
  }
  it('scores every vector', () => {
    const bad = records.flatMap((r) => recordSeverity(r).invalid.map((i) => `${r.id}: ${i.reason}`));
    expect(bad).toEqual([]);
    expect(records.filter((r) => recordSeverity(r).source === 'cvss').length).toBeGreaterThan(400);
  });
  it('agrees with GitHub ratings', () => {
    const ghsa = records.filter((r) => r.id.startsWith('GHSA-') && r.database_specific?.['severity'] && (r.severity ?? []).some((s) => s.type === 'CVSS_V3'));
    const disagree = ghsa.filter((r) => {
      const v3 = (r.severity ?? []).filter((s) => s.type === 'CVSS_V3').map((s) => scoreCvss(s.score).rating);
      return !v3.includes(recordSeverity(r).databaseSeverity!);
    });
    expect(ghsa.length).toBeGreaterThan(300);
    // A handful of records were re-rated by hand; no more than 2% may disagree.
    expect(disagree.length / ghsa.length).toBeLessThan(0.02);
  });
});
