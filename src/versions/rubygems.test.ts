// Table test for the rubygems scheme: Gem::Version.
import { describe, expect, it } from 'vitest';
import { RUBYGEMS, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0.0.a", "<", "1.0.0"],
  ["1.0.0.pre", "<", "1.0.0"],
  ["1.0.0-rc1", "<", "1.0.0"],
  ["1.0.0-rc1", "=", "1.0.0.pre.rc1"],
  ["1.0", "=", "1.0.0"],
  ["1.0.a", "<", "1.0.b"],
  ["1.0.a2", "<", "1.0.a10"],
  ["1.0.a", "<", "1.0.0.1"],
  ["0.9.9", "<", "1.0.0.pre"],
  ["7.0.4", "<", "7.0.4.1"],
  ["6.1.7.1", "<", "6.1.7.2"],
  ["5.2.8.1", "<", "6.0.0"],
  ["1.13.10", "<", "1.14.0.rc1"],
  ["2.0.0.beta1", "<", "2.0.0.beta2"],
];

describe('rubygems scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(RUBYGEMS.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(RUBYGEMS.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["v1.0", "1.0.0+build", "1..0", "a.b", "", " "])('reports %j as invalid', (v) => {
    expect(RUBYGEMS.isValid(v)).toBe(false);

    expect(() => RUBYGEMS.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
