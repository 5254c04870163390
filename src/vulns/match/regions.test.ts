import { describe, expect, it } from 'vitest';
import { SEMVER, schemeFor } from '../../versions/index.js';
import type { OsvAffected } from '../osv/types.js';
import { evaluateAffected } from './evaluate.js';
import { buildRegionPlan, covers, regionOf } from './regions.js';

const eco = (...events: Array<Record<string, string>>): OsvAffected => ({ ranges: [{ type: 'ECOSYSTEM', events }] });

/** The plan's answer for `version` and advisory `k`, next to evaluateAffected's on the entries. */
function both(ecosystem: string, items: Array<{ withdrawn?: boolean; entries: OsvAffected[] }>, versions: string[]) {
  const plan = buildRegionPlan(
    ecosystem,
    items.map((i) => ({ withdrawn: Boolean(i.withdrawn), entries: i.entries })),
  );
  expect(plan).toBeDefined();
  const scheme = plan!.scheme === SEMVER.id ? SEMVER : schemeFor(ecosystem);
  return versions.map((v) =>
    items.map((item, k) => {
      const r = regionOf(plan!.boundaries, v, scheme);
      const got = !item.withdrawn && covers(plan!.spans[k]!, r);
      const want = !item.withdrawn && item.entries.some((e) => evaluateAffected(e, v, schemeFor(ecosystem), SEMVER).affected);
      expect(got, `${v} advisory ${k}`).toBe(want);
      return got;
    }),
  );
}

describe('region plans', () => {
  it('decide introduced/fixed, last_affected, limit and introduced = fixed as evaluateAffected does', () => {
    const items = [
      { entries: [eco({ introduced: '1.0.0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.0.5' })] },
      { entries: [eco({ introduced: '0' }, { last_affected: '1.1.0' })] },
      { entries: [eco({ introduced: '0' }, { limit: '1.5.0' })] },
      { entries: [eco({ introduced: '3.0.0' }, { fixed: '3.0.0' })] },
      { withdrawn: true, entries: [eco({ introduced: '0' })] },
    ];
    const versions = ['0.0.1', '1.0.0', '1.0.1', '1.1.0', '1.1.1', '1.2.0', '1.4.9', '1.5.0', '2.0.0', '2.0.4', '2.0.5', '3.0.0', '9.0.0', '1.0.0-rc.1'];
    const got = both('npm', items, versions);
    expect(got[0]).toEqual([false, true, true, false, false]); // 0.0.1
    expect(got[3]).toEqual([true, true, true, false, false]); // 1.1.0: last_affected keeps it
    expect(got[4]).toEqual([true, false, true, false, false]); // 1.1.1
    expect(got[7]).toEqual([false, false, false, false, false]); // 1.5.0: at the limit
    expect(got[11]).toEqual([false, false, false, false, false]); // 3.0.0: an empty range
  });

  it('find listed versions equal by the scheme (PyPI 1.0 == 1.0.0) and nothing between them', () => {
    const items = [{ entries: [{ versions: ['1.0', '1.2.post1', 'not a version'] }] }, { entries: [eco({ introduced: '1.1' }, { fixed: '1.2' })] }];
    const got = both('PyPI', items, ['1.0.0', '1.0', '1.0.1', '1.1.5', '1.2', '1.2.post1', '2']);
    expect(got.map((r) => r[0])).toEqual([true, true, false, false, false, true, false]);
    expect(got.map((r) => r[1])).toEqual([false, false, false, true, false, false, false]);
  });

  it('are not made where the entries must be evaluated: mixed schemes, unknown range types, invalid events, no data', () => {
    const semver: OsvAffected = { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] };
    expect(buildRegionPlan('PyPI', [{ withdrawn: false, entries: [semver, eco({ introduced: '0' }, { fixed: '2' })] }])).toBeUndefined();
    expect(buildRegionPlan('npm', [{ withdrawn: false, entries: [{ ranges: [{ type: 'OTHER' as 'SEMVER', events: [{ introduced: '0' }] }] }] }])).toBeUndefined();
    expect(buildRegionPlan('npm', [{ withdrawn: false, entries: [eco({ introduced: '0' }, { fixed: 'not-a-version' })] }])).toBeUndefined();
    expect(buildRegionPlan('npm', [{ withdrawn: false, entries: [{}] }])).toBeUndefined();
    // A withdrawn advisory's entries are never read; GIT ranges only count for commits (evaluated from the entries).
    expect(buildRegionPlan('npm', [{ withdrawn: true, entries: [{}] }])).toEqual({ scheme: 'npm', boundaries: [], spans: [[]] });
    const git = buildRegionPlan('Go', [{ withdrawn: false, entries: [{ ranges: [{ type: 'GIT', repo: 'https://example.com/r', events: [{ introduced: '0' }] }] }] }]);
    expect(git?.spans).toEqual([[]]);
  });

  it('Go: SEMVER ranges ordered in SEMVER', () => {
    const items = [{ entries: [{ ranges: [{ type: 'SEMVER' as const, events: [{ introduced: '0' }, { fixed: '0.17.0' }] }] }] }];
    const plan = buildRegionPlan('Go', items.map((i) => ({ withdrawn: false, entries: i.entries })));
    expect(plan?.scheme).toBe('semver');
    both('Go', items, ['0.0.0-20200101000000-abcdefabcdef', '0.16.9', '0.17.0', '1.0.0']);
  });

  it('regionOf: below, at and between boundaries', () => {
    const b = ['1.0.0', '2.0.0'];
    expect([regionOf(b, '0.1.0', SEMVER), regionOf(b, '1.0.0', SEMVER), regionOf(b, '1.5.0', SEMVER), regionOf(b, '2.0.0', SEMVER), regionOf(b, '3.0.0', SEMVER)]).toEqual([0, 1, 2, 3, 4]);
    expect(covers([1, 2, 4, 4], 0)).toBe(false);
    expect(covers([1, 2, 4, 4], 2)).toBe(true);
    expect(covers([1, 2, 4, 4], 3)).toBe(false);
    expect(covers([1, 2, 4, 4], 4)).toBe(true);
  });
});
