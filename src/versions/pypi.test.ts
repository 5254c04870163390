// Table test for the pypi scheme: PEP 440 examples and PyPA advisories.
import { describe, expect, it } from 'vitest';
import { PYPI, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0.dev456", "<", "1.0a1"],
  ["1.0a1", "<", "1.0a2.dev456"],
  ["1.0a2.dev456", "<", "1.0a12.dev456"],
  ["1.0a12.dev456", "<", "1.0a12"],
  ["1.0a12", "<", "1.0b1.dev456"],
  ["1.0b1.dev456", "<", "1.0b2"],
  ["1.0b2", "<", "1.0b2.post345.dev456"],
  ["1.0b2.post345.dev456", "<", "1.0b2.post345"],
  ["1.0b2.post345", "<", "1.0rc1.dev456"],
  ["1.0rc1.dev456", "<", "1.0rc1"],
  ["1.0rc1", "<", "1.0"],
  ["1.0", "<", "1.0+abc.5"],
  ["1.0+abc.5", "<", "1.0+abc.7"],
  ["1.0+abc.7", "<", "1.0+5"],
  ["1.0+5", "<", "1.0.post456.dev34"],
  ["1.0.post456.dev34", "<", "1.0.post456"],
  ["1.0.post456", "<", "1.1.dev1"],
  ["1.0", "=", "1.0.0"],
  ["1.0", "=", "1.0.0.0"],
  ["1!1.0", ">", "2.0"],
  ["1.0-1", "=", "1.0.post1"],
  ["1.0c1", "=", "1.0rc1"],
  ["1.0.0-beta", "=", "1.0.0b0"],
  ["v1.0", "=", "1.0"],
  ["1.0.DEV", "=", "1.0.dev0"],
  ["2.2.28", "<", "3.2"],
  ["3.2.13", "<", "3.2.14"],
  ["1.26.17", "<", "2.0.0"],
  ["2004d", "<", "0.0.1"],
  ["2004d", "<", "2004e"],
  ["1.0+abc", "<", "1.0+abc.1"],
  ["1.0+ABC", "=", "1.0+abc"],
  [" 1.0 ", "=", "1.0"],
];

describe('pypi scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(PYPI.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(PYPI.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["2004d", "latest", "1.0.0-beta.1.2.x", "1.0+", ""])('reports %j as invalid', (v) => {
    expect(PYPI.isValid(v)).toBe(false);
    if (v !== '') return; // legacy versions still order, see pypi.ts
    expect(() => PYPI.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
