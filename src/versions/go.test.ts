// Table test for the go scheme: Go modules: semver without v, pseudo-versions, +incompatible.
import { describe, expect, it } from 'vitest';
import { GO, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.2.3", "=", "v1.2.3"],
  ["0.0.0-20210101000000-abcdef123456", "<", "0.0.0"],
  ["0.0.0-20190101000000-abcdef123456", "<", "0.0.0-20210101000000-abcdef123456"],
  ["1.2.3", "<", "1.2.4-0.20210101000000-abcdef123456"],
  ["1.2.4-0.20210101000000-abcdef123456", "<", "1.2.4"],
  ["1.2.4-pre.0.20210101000000-abcdef123456", "<", "1.2.4-pre.1"],
  ["1.2.4-pre", "<", "1.2.4-pre.0.20210101000000-abcdef123456"],
  ["2.0.0+incompatible", "=", "2.0.0"],
  ["2.0.0+incompatible", "<", "2.0.1+incompatible"],
  ["1.21.0-rc.1", "<", "1.21.0"],
  ["1.20.14", "<", "1.21.0-rc.1"],
  ["1", "=", "1.0.0"],
  ["1.2", "=", "1.2.0"],
  ["0.35.0", "<", "0.36.0"],
];

describe('go scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(GO.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(GO.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["V1.2.3", "01.2.3", "1.2.3.4", "1.2-pre", "latest", "go1.21", ""])('reports %j as invalid', (v) => {
    expect(GO.isValid(v)).toBe(false);

    expect(() => GO.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
