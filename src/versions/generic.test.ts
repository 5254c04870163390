// Table test for the generic scheme: approximate natural order.
import { describe, expect, it } from 'vitest';
import { GENERIC, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0", "=", "1.0.0"],
  ["1.2", "<", "1.10"],
  ["1.0-rc1", "<", "1.0"],
  ["1.0", "<", "1.0.1"],
  ["v1.2", "=", "1.2"],
  ["1.0.beta", "<", "1.0.1"],
  ["2.3.0", ">", "2.2.99"],
  ["1.0a", "<", "1.0b"],
  ["R-4.3.1", ">", "R-4.3.0"],
];

describe('generic scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(GENERIC.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(GENERIC.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["", " ", "1.0 beta", "---"])('reports %j as invalid', (v) => {
    expect(GENERIC.isValid(v)).toBe(false);

    expect(() => GENERIC.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
