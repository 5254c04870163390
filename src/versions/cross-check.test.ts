// Own comparators checked against the libraries they mirror, over every pair of a varied list:
// PyPI against @renovatebot/pep440's compare, RubyGems against ruby-semver's Version#compare.
import { compare as pep440Compare } from '@renovatebot/pep440';
import { Version } from '@renovatebot/ruby-semver/dist/ruby/version.js';
import { describe, expect, it } from 'vitest';
import { PYPI, RUBYGEMS } from './index.js';

const PEP440 = ['0', '0.0.1', '1.0.dev0', '1.0a1', '1.0a1.dev1', '1.0a1.post1', '1.0b2', '1.0rc1', '1.0', '1.0.0', '1.0+abc', '1.0+1', '1.0+abc.2',
  '1.0.post1', '1.0.post1.dev2', '1.0.post1+x', '1.1.dev1', '1.1', '1!0.5', '2.0.0b1', '2.0.0', '2.0.0.post0', '10.0', '1.0.0-beta', '1.0-1'];
const GEMS = ['0.1', '1.0.0.a', '1.0.0.pre.1', '1.0.0-rc1', '1.0.0.rc2', '1.0.0', '1.0', '1.0.0.1', '1.0.1.b', '1.0.1', '1.10', '2', '2.0.0.beta', '2.a.1'];

describe('cross-check with the libraries', () => {
  it('orders PEP 440 versions as @renovatebot/pep440 does', () => {
    const diffs = PEP440.flatMap((a) => PEP440.filter((b) => Math.sign(PYPI.compare(a, b)) !== Math.sign(pep440Compare(a, b))).map((b) => `${a} vs ${b}`));
    expect(diffs).toEqual([]);
  });

  it('orders gems as ruby-semver Version#compare does', () => {
    const diffs = GEMS.flatMap((a) =>
      GEMS.filter((b) => Math.sign(RUBYGEMS.compare(a, b)) !== Math.sign(new Version(a).compare(new Version(b)))).map((b) => `${a} vs ${b}`),
    );
    expect(diffs).toEqual([]);
  });
});
