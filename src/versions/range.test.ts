import { describe, expect, it } from 'vitest';
import { schemeFor } from './index.js';
import { compileVersionRange, rangePredicate } from './range.js';

describe('version ranges', () => {
  it.each([
    ['Maven', '< 2.17.1', '2.14.1', true],
    ['Maven', '< 2.17.1', '2.17.1', false],
    ['Maven', '>=2.0.0, <2.17.1', '2.0.0-beta9', false],
    ['Maven', '>=2.0.0 <2.17.1', '2.16.0', true],
    ['npm', '<4.17.21 || >=5.0.0-rc.1 <5.0.1', '5.0.0', true],
    ['npm', '<4.17.21 || >=5.0.0-rc.1 <5.0.1', '4.17.21', false],
    ['npm', '1.3.0', '1.3.0', true],
    ['npm', '==1.3.0', '1.3.1', false],
    ['PyPI', '!=2.0', '2.0.0', false],
    ['PyPI', '>=1.0rc1', '1.0', true],
    ['Go', '<0.17.0', '0.0.0-20210101000000-abcdefabcdef', true],
  ])('%s %s contains %s: %s', (ecosystem, range, version, want) => {
    expect(compileVersionRange(range).contains(version, schemeFor(ecosystem).compare)).toBe(want);
  });

  it.each(['', '>=1.0 ||', '>= <2', '~1.2'])('refuses %j with a message naming it', (range) => {
    expect(() => compileVersionRange(range)).toThrow(/./);
  });

  it('puts a version its scheme cannot read in no range', () => {
    const inRange = rangePredicate(compileVersionRange('< 2.0.0'), schemeFor('npm').compare);
    expect(inRange('not a version')).toBe(false);
    expect(inRange('1.0.0')).toBe(true);
  });
});
