// Table test for the semver scheme: SemVer 2.0 §11 precedence examples, OSV SEMVER ranges and crates.io versions.
import { describe, expect, it } from 'vitest';
import { SEMVER, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0.0", "<", "2.0.0"],
  ["2.0.0", "<", "2.1.0"],
  ["2.1.0", "<", "2.1.1"],
  ["1.0.0-alpha", "<", "1.0.0"],
  ["1.0.0-alpha", "<", "1.0.0-alpha.1"],
  ["1.0.0-alpha.1", "<", "1.0.0-alpha.beta"],
  ["1.0.0-alpha.beta", "<", "1.0.0-beta"],
  ["1.0.0-beta", "<", "1.0.0-beta.2"],
  ["1.0.0-beta.2", "<", "1.0.0-beta.11"],
  ["1.0.0-beta.11", "<", "1.0.0-rc.1"],
  ["1.0.0-rc.1", "<", "1.0.0"],
  ["1.0.0+build.1", "=", "1.0.0+build.2"],
  ["1.0.0-alpha+001", "=", "1.0.0-alpha"],
  ["v1.2.3", "=", "1.2.3"],
  ["0.0.0-0", "<", "0.0.1"],
  ["1.9.0", "<", "1.10.0"],
  ["99999999999999999999.0.0", "<", "100000000000000000000.0.0"],
  ["1.0.0-2", "<", "1.0.0-10"],
  ["1.0.0-10", "<", "1.0.0-a"],
  ["1.0.0-A", "<", "1.0.0-a"],
  ["1.0.0-x-y", ">", "1.0.0-x.y"],
  ["0.10.0", "<", "0.10.1"],
];

describe('semver scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(SEMVER.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(SEMVER.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["1.2", "1", "01.2.3", "1.02.3", "1.2.3-01", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3.4", "latest", "1.2.3 ", "=1.2.3"])('reports %j as invalid', (v) => {
    expect(SEMVER.isValid(v)).toBe(false);

    expect(() => SEMVER.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
