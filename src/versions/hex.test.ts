// Table test for the hex scheme: Elixir Version: strict SemVer 2.0.
import { describe, expect, it } from 'vitest';
import { HEX, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0.0-rc.0", "<", "1.0.0"],
  ["1.4.0", "<", "1.10.0"],
  ["2.0.0+build", "=", "2.0.0"],
  ["0.1.0-dev", "<", "0.1.0-rc"],
];

describe('hex scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(HEX.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(HEX.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["v1.0.0", "1.0", "01.0.0", "1.0.0-01", ""])('reports %j as invalid', (v) => {
    expect(HEX.isValid(v)).toBe(false);

    expect(() => HEX.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
