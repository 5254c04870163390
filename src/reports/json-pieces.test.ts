import { describe, expect, it } from 'vitest';
import { prettyJsonPieces } from './json-pieces.js';

const joined = (doc: Record<string, unknown>, key: string) => Array.from(prettyJsonPieces(doc, key)).join('');

describe('prettyJsonPieces', () => {
  it('joins to exactly the text of JSON.stringify(doc, null, 2)', () => {
    const findings = [
      { id: 'a', details: { aliases: ['CVE-1', 'GHSA-x'], nested: { deep: [1, [2, { three: null }]] } }, note: 'line one\nline two' },
      { id: 'b', summary: 'Überprüfung “quoted” 日本語 \u2028 \u0000', empty: {}, list: [] },
      { id: 'c', undef: undefined, fn: undefined },
    ];
    const doc = { schema: 'x/1', summary: { findings: 3 }, findings, after: ['tail'], notes: [] };
    expect(joined(doc, 'findings')).toBe(JSON.stringify(doc, null, 2));
  });

  it('writes an empty array, an array as the last or the only property, and elements with no JSON form as null', () => {
    for (const doc of [{ a: 1, findings: [] }, { findings: [{ x: 1 }, 2, 'three'] }, { a: { findings: 'not me' }, findings: [[1, 2], [[]], undefined] }]) {
      expect(joined(doc, 'findings')).toBe(JSON.stringify(doc, null, 2));
    }
  });

  it('finds the top-level key even when a value before it holds the same text', () => {
    const doc = { root: '"findings": "\u0000ospo-json-pieces\u0000"', findings: [{ a: 1 }] };
    // The root string is escaped in the text (\" and \u0000), so it cannot be taken for the marker.
    expect(joined(doc, 'findings')).toBe(JSON.stringify(doc, null, 2));
  });

  it('gives the document at once when the key is not an array', () => {
    const doc = { findings: { not: 'a list' } };
    expect(Array.from(prettyJsonPieces(doc, 'findings'))).toEqual([JSON.stringify(doc, null, 2)]);
  });

  it('yields one piece per element, so no piece holds the whole array', () => {
    const findings = Array.from({ length: 1000 }, (_, i) => ({ id: `f${i}`, text: 'x'.repeat(100) }));
    const pieces = Array.from(prettyJsonPieces({ findings }, 'findings'));
    expect(pieces.length).toBe(1000 + 3);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(200);
  });
});
