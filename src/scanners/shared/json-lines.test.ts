import { describe, expect, it } from 'vitest';
import { findObjectKey, skipSpace } from './json-lines.js';

describe('findObjectKey', () => {
  const text = '{\n  "deps": { "a": "1.0" },\n  "a" :\n\t{ "v": 1 },\n  "b/c": {}\n}';

  it('finds a key whose value is an object, skipping the same name as a string value', () => {
    expect(findObjectKey(text, 'a', 0)).toBe(text.indexOf('"a" :'));
    expect(findObjectKey(text, 'deps', 0)).toBe(text.indexOf('"deps"'));
    expect(findObjectKey(text, 'b/c', 0)).toBe(text.indexOf('"b/c"'));
  });

  it('searches from the given offset and returns -1 when absent', () => {
    expect(findObjectKey(text, 'a', text.indexOf('"a" :') + 1)).toBe(-1);
    expect(findObjectKey(text, 'missing', 0)).toBe(-1);
    expect(findObjectKey(text, 'v', 0)).toBe(-1);
  });
});

describe('skipSpace', () => {
  it('skips spaces, tabs and line endings only', () => {
    expect(skipSpace(' \t\r\n x', 0)).toBe(5);
    expect(skipSpace('x', 0)).toBe(0);
    expect(skipSpace('  ', 0)).toBe(2);
  });
});
