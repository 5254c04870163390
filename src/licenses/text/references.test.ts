import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DATA, buildReferenceIndex, generateReferenceData, referenceIndex, serializeReferenceData, slotOf, shingleAt, type ReferenceData } from './references.js';

describe('data/licenses/reference.json', () => {
  it('is what the generator makes from the installed SPDX License List (regenerate: npm run build && node scripts/generate-license-reference.js)', () => {
    const shipped = readFileSync(REFERENCE_DATA, 'utf8');
    const fresh = serializeReferenceData(generateReferenceData());
    // Compare the parts first, so a failure says which part drifted rather than printing 4 MB.
    const a = JSON.parse(shipped) as ReferenceData;
    const b = JSON.parse(fresh) as ReferenceData;
    expect(a.source).toEqual(b.source);
    expect(a.words.length).toBe(b.words.length);
    expect(a.refs.map((r) => r.key)).toEqual(b.refs.map((r) => r.key));
    expect(shipped === fresh).toBe(true);
  });

  it('holds the exceptions and newer licenses imported from the SPDX License List XML, with its version and commit', () => {
    const a = JSON.parse(readFileSync(REFERENCE_DATA, 'utf8')) as ReferenceData;
    const manifest = JSON.parse(readFileSync(new URL('../../../data/licenses/spdx-xml.json', import.meta.url), 'utf8')) as { source: { version: string; commit: string }; exceptions: Record<string, string>; licenses: Record<string, string> };
    expect(a.source['spdx/license-list-XML']).toBe(`${manifest.source.version} ${manifest.source.commit}`);
    const keys = new Set(a.refs.map((r) => `${r.kind}:${r.key}`));
    for (const id of Object.keys(manifest.exceptions)) expect(keys).toContain(`exception:${id}`);
    for (const id of Object.keys(manifest.licenses)) expect(keys).toContain(`license:${id}`);
    expect(Object.keys(manifest.exceptions).length).toBeGreaterThan(80);
  });

  it('loads into the same index the SPDX texts build', () => {
    const loaded = referenceIndex();
    const built = buildReferenceIndex();
    expect(loaded.refs.length).toBe(built.refs.length);
    for (let i = 0; i < built.refs.length; i++) {
      const [l, b] = [loaded.refs[i]!, built.refs[i]!];
      expect([l.key, l.requiredCount, l.shingleCount, l.tailStart, l.titleEnd]).toEqual([b.key, b.requiredCount, b.shingleCount, b.tailStart, b.titleEnd]);
      expect(l.tokens).toEqual(b.tokens);
    }
    const gpl = loaded.refs.find((r) => r.key === 'GPL-3.0')!;
    const s = slotOf(loaded.shingles, shingleAt(gpl.tokens, gpl.titleEnd));
    const { start, postings } = loaded.shingles;
    expect(s).toBeGreaterThanOrEqual(0);
    expect([...postings.subarray(start[s]!, start[s + 1]!)]).toContain(gpl.index);
  });
});
