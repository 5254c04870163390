// schemeFor: every OSV ecosystem name maps to its scheme; variants after ':' and unknown names.
import { describe, expect, it } from 'vitest';
import { ECOSYSTEMS } from '../model/ecosystem.js';
import { schemeFor } from './index.js';

describe('schemeFor', () => {
  it.each([
    ['npm', 'npm'], ['crates.io', 'semver'], ['Go', 'go'], ['Hex', 'hex'], ['Pub', 'pub'], ['PyPI', 'pypi'], ['Maven', 'maven'],
    ['RubyGems', 'rubygems'], ['NuGet', 'nuget'], ['Packagist', 'packagist'], ['ConanCenter', 'generic'], ['CRAN', 'generic'],
    ['SwiftURL', 'generic'], ['CocoaPods', 'generic'], ['GitHub Actions', 'generic'], ['Maven:https://repo.example.org/', 'maven'],
    ['Debian:12', 'generic'], ['NoSuchEcosystem', 'generic'], ['', 'generic'], ['__proto__', 'generic'],
  ])('%j -> %s', (ecosystem, id) => {
    expect(schemeFor(ecosystem).id).toBe(id);
  });

  it('has a scheme for every ecosystem in the model', () => {
    expect(Object.keys(ECOSYSTEMS).map((e) => typeof schemeFor(e).compare)).toEqual(Object.keys(ECOSYSTEMS).map(() => 'function'));
  });
});
