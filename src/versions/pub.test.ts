// Table test for the pub scheme: pub_semver Version.compareTo: build metadata orders.
import { describe, expect, it } from 'vitest';
import { PUB, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0.0-dev.1", "<", "1.0.0"],
  ["1.0.0", "<", "1.0.0+1"],
  ["1.0.0+1", "<", "1.0.0+2"],
  ["1.0.0+2", "<", "1.0.0+10"],
  ["1.0.0+1", "<", "1.0.0+a"],
  ["1.0.0+a", "<", "1.0.0+a.1"],
  ["1.0.0-beta+1", "<", "1.0.0"],
  ["01.0.0", "=", "1.0.0"],
  ["1.0.0-01", "=", "1.0.0-1"],
  ["2.9.0", "<", "2.10.0"],
  ["0.13.0-nullsafety.0", "<", "0.13.0"],
];

describe('pub scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(PUB.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(PUB.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["1.0", "v1.0.0", "1.0.0.0", ""])('reports %j as invalid', (v) => {
    expect(PUB.isValid(v)).toBe(false);

    expect(() => PUB.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
