// Table test for the packagist scheme: Composer normalize + PHP version_compare.
import { describe, expect, it } from 'vitest';
import { PACKAGIST, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.2.3", "=", "v1.2.3"],
  ["1.2.3", "=", "1.2.3.0"],
  ["1.2", "=", "1.2.0.0"],
  ["1.0.0-dev", "<", "1.0.0-alpha1"],
  ["1.0.0-alpha1", "=", "1.0.0-a1"],
  ["1.0.0-alpha2", "<", "1.0.0-beta1"],
  ["1.0.0-b1", "=", "1.0.0-beta1"],
  ["1.0.0-beta2", "<", "1.0.0-RC1"],
  ["1.0.0-rc1", "=", "1.0.0-RC1"],
  ["1.0.0-RC1", "<", "1.0.0"],
  ["1.0.0", "<", "1.0.0-p1"],
  ["1.0.0-pl1", "=", "1.0.0-patch1"],
  ["1.0.0-patch1", "<", "1.0.0-patch2"],
  ["1.0.0-p1", "<", "1.0.1"],
  ["1.0.0+build", "=", "1.0.0"],
  ["1.0.0-stable", "=", "1.0.0"],
  ["1.0.0-beta.2", "=", "1.0.0-beta2"],
  ["1.x-dev", ">", "1.999.0"],
  ["1.x-dev", "<", "2.0.0-alpha1"],
  ["2.4.10", ">", "2.4.9"],
  ["8.5.0", "<", "10.0.0"],
  ["20240101", "<", "20240102"],
  ["1.0.0-beta1", "<", "1.0.0-beta10"],
  ["1.0.0-beta10", "<", "1.0.0"],
];

describe('packagist scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(PACKAGIST.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(PACKAGIST.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["dev-main", "dev-feature/x", "master", "latest", "1.0.0-foo", "", "1.2.3.4.5"])('reports %j as invalid', (v) => {
    expect(PACKAGIST.isValid(v)).toBe(false);

    expect(() => PACKAGIST.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
