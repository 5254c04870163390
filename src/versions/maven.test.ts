// Table test for the maven scheme: Maven version order specification and GHSA Maven ranges.
import { describe, expect, it } from 'vitest';
import { MAVEN, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1", "=", "1.0"],
  ["1", "=", "1.0.0"],
  ["1.0", "=", "1-0"],
  ["1.0.0", "=", "1-0.0"],
  ["1-ga", "=", "1"],
  ["1-final", "=", "1"],
  ["1.0.RELEASE", "=", "1.0"],
  ["1-cr1", "=", "1-rc1"],
  ["1-a1", "=", "1-alpha-1"],
  ["1-b2", "=", "1-beta-2"],
  ["1-m3", "=", "1-milestone-3"],
  ["1.0-ALPHA1", "=", "1.0-alpha1"],
  ["1-alpha", "<", "1-beta"],
  ["1-beta", "<", "1-milestone"],
  ["1-milestone", "<", "1-rc"],
  ["1-rc", "<", "1-snapshot"],
  ["1-snapshot", "<", "1"],
  ["1", "<", "1-sp"],
  ["1-sp", "<", "1-foo"],
  ["1-foo", "<", "1-1"],
  ["1-1", "<", "1.1"],
  ["1-foo2", "<", "1-foo10"],
  ["1.0.0.X1", "<", "1.0.0-X2"],
  ["2.0.0.Final", "=", "2.0.0"],
  ["4.1.19.Final", ">", "4.1.2.Final"],
  ["2.12.6.1", ">", "2.12.6"],
  ["2.13.2.1", "<", "2.13.3"],
  ["5.3.18", "<", "5.3.20"],
  ["2.6.6", "<", "2.6.7"],
  ["9.4.47.v20220610", ">", "9.4.46.v20220331"],
  ["1.0-SNAPSHOT", "<", "1.0"],
  ["1.0-SNAPSHOT", ">", "1.0-rc1"],
  ["3.0.0-M1", "<", "3.0.0"],
  ["1.0.0.RC1", "<", "1.0.0"],
  ["1.2.3-jre", "<", "1.2.3-zzz"],
  ["32.0.0-jre", ">", "31.1-jre"],
  ["2.0", "<", "2.0.1"],
  ["1.0-alpha-1", "<", "1.0-alpha-2"],
  ["1.0-RC1", "<", "1.0-RC2"],
];

describe('maven scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(MAVEN.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(MAVEN.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["", " ", "1.0 beta"])('reports %j as invalid', (v) => {
    expect(MAVEN.isValid(v)).toBe(false);

    expect(() => MAVEN.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
