// Table test for the nuget scheme: NuGet.Versioning.
import { describe, expect, it } from 'vitest';
import { NUGET, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.0", "=", "1.0.0"],
  ["1.0", "=", "1.0.0.0"],
  ["01.0.0", "=", "1.0.0"],
  ["1.0.0-RC.1", "=", "1.0.0-rc.1"],
  ["1.0.0+abc", "=", "1.0.0"],
  ["1.0.0-alpha", "<", "1.0.0"],
  ["1.0.0", "<", "1.0.0.1"],
  ["1.0.0.1", "<", "1.0.1"],
  ["1.0.0-2", "<", "1.0.0-10"],
  ["1.0.0-10", "<", "1.0.0-a"],
  ["1.0.0-alpha", "<", "1.0.0-alpha.1"],
  ["1.0.0-Beta", ">", "1.0.0-alpha"],
  ["13.0.1", ">", "12.0.3"],
  ["4.7.2", "<", "4.7.10"],
  ["6.0.0-preview.7.21377.19", "<", "6.0.0-rc.1.21451.13"],
];

describe('nuget scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(NUGET.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(NUGET.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["v1.0.0", "1.0.0.0.0", "1.0.0-", "1.0.0-a..b", "latest", "1.0.0+", ""])('reports %j as invalid', (v) => {
    expect(NUGET.isValid(v)).toBe(false);

    expect(() => NUGET.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
