import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import { thrownInputError } from '../../../test-support/scanner.js';
import type { ScanContext } from '../../types.js';
import { gemfileLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx: ScanContext = { path: 'Gemfile.lock', readSibling: () => undefined };
const extract = (name: string) => gemfileLockScanner.extract(fixture(name), ctx);

describe('ruby/gemfile-lock', () => {
  it.each([
    ['Gemfile.lock', true],
    ['app/gems.locked', true],
    ['Gemfile', false],
    ['gemfile.lock', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(gemfileLockScanner.matches(path)).toBe(want);
  });

  it('reads GIT, PATH and GEM sections, platforms and DEPENDENCIES', () => {
    const { packages } = extract('app-with-sources.lock');
    expect(
      packages.map((p) => `${p.name}@${p.version} ${p.direct ? 'direct' : 'transitive'}${p.source ? ` ${p.source.kind}` : ''}`).sort(),
    ).toEqual([
      'acme-internal@2.0.0.pre.1 direct registry',
      'acme_app@0.4.0 direct workspace',
      'mini_portile2@2.8.7 transitive',
      'nokogiri@1.16.7 transitive',
      'racc@1.8.1 transitive',
      'rack@3.1.8 transitive',
      'rspec-core@3.13.2 transitive',
      'rspec@3.13.0 direct',
      'sidekiq-stub@7.1.0 direct git',
    ]);
    expect(packages.every((p) => p.scope === 'runtime' && p.ecosystem === 'RubyGems')).toBe(true);
  });

  it('records lines, git revisions, registries and CHECKSUMS', () => {
    const { packages } = extract('app-with-sources.lock');
    const by = (n: string) => packages.find((p) => p.name === n);
    expect(by('sidekiq-stub')?.line).toBe(6);
    expect(by('sidekiq-stub')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/example/sidekiq-pro-stub.git',
      ref: '4f2c9d1e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e',
    });
    expect(by('acme-internal')?.source).toEqual({ kind: 'registry', url: 'https://registry.example.com/gems/' });
    expect(by('nokogiri')?.line).toBe(20);
    expect(by('rack')?.hashes).toEqual([
      { alg: 'SHA-256', value: 'd3fbcbca43dc2b43c9c6d7dfbac01667ae58643c42cea10013d0da970218a1b1' },
    ]);
  });

  it('builds the graph from spec dependencies and DEPENDENCIES', () => {
    const { edges, warnings } = extract('app-with-sources.lock');
    expect(edges).toHaveLength(10);
    expect(edges).toEqual(
      expect.arrayContaining([
        { from: null, to: 'acme_app@0.4.0' },
        { from: 'acme_app@0.4.0', to: 'nokogiri@1.16.7' },
        { from: 'nokogiri@1.16.7', to: 'racc@1.8.1' },
        { from: 'rspec@3.13.0', to: 'rspec-core@3.13.2' },
      ]),
    );
    // tzinfo-data is only locked on Windows platforms: reported, not dropped silently.
    expect(warnings?.map((w) => w.message)).toContain('dependency tzinfo-data has no locked spec (it may be for another platform)');
  });

  it('returns no packages when the specs are empty', () => {
    expect(extract('no-gems.lock')).toMatchObject({ packages: [] });
  });

  it('skips a spec without a version with a warning', () => {
    const r = extract('spec-without-version.lock');
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['rake@13.2.1']);
    expect(r.warnings).toContainEqual({ message: 'spec "half-written-entry" has no version; skipped', line: 5 });
  });

  it('ignores an unknown section whose heading has digits, - or _, with a warning, as Bundler does', () => {
    const r = extract('unknown-section.lock');
    expect(r.packages.map((p) => `${p.name}@${p.version}`).sort()).toEqual(['rack@3.1.8', 'rake@13.2.1']);
    expect(r.warnings).toContainEqual({ message: 'unknown section VENDOR-NOTES_2 ignored', line: 7 });
  });

  it.each([
    ['merge-conflict.lock', /line 4: expected a section heading/, 4],
    ['indented-first.lock', /before any section heading/, 1],
    ['gemfile-not-lock.txt', /expected a section heading/, 1],
    ['empty.lock', /empty file/, undefined],
  ])('rejects %s', (name, message, line) => {
    const err = thrownInputError(() => extract(name));
    expect(err.message).toMatch(message);
    expect(err.line).toBe(line);
  });

  it('rejects binary data', () => {
    expect(() => gemfileLockScanner.extract('GEM\u0000\u0001', ctx)).toThrow(InputError);
  });

  it.each([
    ['app-with-sources.lock', true],
    ['no-gems.lock', true],
    ['gemfile-not-lock.txt', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(gemfileLockScanner.sniff?.(fixture(name))).toBe(want);
  });
});
