// Table test for the npm scheme: node-semver, loose off.
import { describe, expect, it } from 'vitest';
import { NPM, InvalidVersionError } from './index.js';

const CASES: [string, '<' | '=' | '>', string][] = [
  ["1.2.3", "<", "1.2.4"],
  ["1.2.3-alpha.7", "<", "1.2.3"],
  ["1.2.3-alpha.7", "<", "1.2.3-alpha.8"],
  ["v1.2.3", "=", "1.2.3"],
  ["1.0.0+abc", "=", "1.0.0"],
  ["4.17.20", "<", "4.17.21"],
  ["1.0.0-0", "<", "1.0.0-alpha"],
  ["2.0.0-rc.1", "<", "2.0.0"],
  ["0.0.0", "<", "0.0.1-0"],
];

describe('npm scheme', () => {
  it.each(CASES)('%j %s %j', (a, op, b) => {
    const expected = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(Math.sign(NPM.compare(a, b)) + 0).toBe(expected);
    expect(Math.sign(NPM.compare(b, a)) + 0).toBe(-expected + 0);
  });

  it.each(["1.2", "01.2.3", "1.2.3.4", "latest", "^1.2.3", "1.x", "~1.2.3", "=1.2.3", "V1.2.3", ""])('reports %j as invalid', (v) => {
    expect(NPM.isValid(v)).toBe(false);

    expect(() => NPM.compare(v, '1.0.0')).toThrow(InvalidVersionError);
  });
});
