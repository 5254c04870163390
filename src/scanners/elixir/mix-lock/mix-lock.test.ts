import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../model/errors.js';
import { thrownInputError } from '../../../test-support/scanner.js';
import type { ScanContext } from '../../types.js';
import { parseElixirTerm } from './elixir-terms.js';
import { mixLockScanner } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const ctx: ScanContext = { path: 'mix.lock', readSibling: () => undefined };
const extract = (name: string) => mixLockScanner.extract(fixture(name), ctx);

describe('elixir/mix-lock', () => {
  it.each([
    ['mix.lock', true],
    ['apps/web/mix.lock', true],
    ['mix.exs', false],
  ])('matches(%s) is %s', (path, want) => {
    expect(mixLockScanner.matches(path)).toBe(want);
  });

  it('reads hex and git entries, old and new tuple shapes', () => {
    const { packages } = extract('phoenix-app.lock');
    expect(packages.map((p) => `${p.name}@${p.version ?? '(none)'} line ${p.line}${p.source ? ` ${p.source.kind}` : ''}`)).toEqual([
      'acme_billing@0.9.1 line 2 registry',
      'castore@1.0.9 line 3',
      'jason@1.4.4 line 4',
      'mint@1.6.2 line 5',
      'old_style@0.3.0 line 6',
      'phoenix_live_view@(none) line 7 git',
      'real_package@2.1.0 line 9',
    ]);
    // mix.lock does not say which dependencies mix.exs asks for.
    expect(packages.every((p) => p.direct === undefined && p.scope === 'runtime' && p.ecosystem === 'Hex')).toBe(true);
  });

  it('records outer checksums, git commits, private repositories and renamed apps', () => {
    const { packages } = extract('phoenix-app.lock');
    const by = (n: string) => packages.find((p) => p.name === n);
    expect(by('castore')?.hashes).toEqual([
      { alg: 'SHA-256', value: '5ea956504f1ba6f2b4eb707061d8e17870de2bee95fb59d512872c2ef06925e7' },
    ]);
    expect(by('old_style')?.hashes).toBeUndefined();
    expect(by('phoenix_live_view')?.source).toEqual({
      kind: 'git',
      url: 'https://github.com/phoenixframework/phoenix_live_view.git',
      ref: '3c1b2a4e5f60718293a4b5c6d7e8f90123456789',
    });
    expect(by('acme_billing')?.source).toEqual({ kind: 'registry', url: 'hexpm:acme' });
    expect(by('real_package')?.notes).toEqual(['locked as app "renamed_app"']);
  });

  it('builds edges from each entry`s deps, skipping unlocked optional ones', () => {
    const { edges, warnings } = extract('phoenix-app.lock');
    expect(edges).toEqual([
      { from: 'acme_billing@0.9.1', to: 'jason@1.4.4' },
      { from: 'mint@1.6.2', to: 'castore@1.0.9' },
      { from: 'real_package@2.1.0', to: 'mint@1.6.2' },
    ]);
    // hpax is required (not optional) by mint but missing: reported.
    expect(warnings).toEqual([{ message: 'dependency hpax of mint is not in mix.lock', line: 5 }]);
  });

  it.each(['empty.lock', 'blank.lock'])('returns no packages for %s', (name) => {
    expect(extract(name).packages).toEqual([]);
  });

  it('skips a malformed entry in a well-formed file with a warning', () => {
    const r = extract('corrupt-entry.lock');
    expect(r.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['bunt@1.0.0']);
    expect(r.warnings).toEqual([{ message: 'hex entry "certifi" has no package name or version; skipped', line: 3 }]);
  });

  it.each([
    ['interpolation.lock', /line 2: string interpolation/, 2],
    ['function-call.lock', /line 2: unsupported syntax "File.read!/, 2],
    ['unterminated.lock', /unterminated tuple \(opened on line 2\)/, 3],
    ['list-at-top.lock', /expected a map/, 1],
    ['not-elixir.txt', /line 1: unsupported syntax/, 1],
  ])('rejects %s', (name, message, line) => {
    const err = thrownInputError(() => extract(name));
    expect(err.message).toMatch(message);
    expect(err.line).toBe(line);
  });

  it('rejects binary data', () => {
    expect(() => mixLockScanner.extract('%{\u0000\u0001', ctx)).toThrow(InputError);
  });

  it.each([
    ['phoenix-app.lock', true],
    ['empty.lock', true],
    ['not-elixir.txt', false],
    ['list-at-top.lock', false],
  ])('sniff(%s) is %s', (name, want) => {
    expect(mixLockScanner.sniff?.(fixture(name))).toBe(want);
  });
});

describe('parseElixirTerm', () => {
  it.each([
    ['%{"a" => [1, 2.5, -3]}', { type: 'map', line: 1, entries: [[{ type: 'string', value: 'a', line: 1 }, { type: 'list', line: 1, items: [{ type: 'number', value: '1', line: 1 }, { type: 'number', value: '2.5', line: 1 }, { type: 'number', value: '-3', line: 1 }] }]] }],
    ['[hex: :x, "quoted key": nil]', { type: 'list', line: 1, items: [{ type: 'tuple', line: 1, items: [{ type: 'atom', value: 'hex', line: 1 }, { type: 'atom', value: 'x', line: 1 }] }, { type: 'tuple', line: 1, items: [{ type: 'atom', value: 'quoted key', line: 1 }, { type: 'atom', value: 'nil', line: 1 }] }] }],
    ['{:"odd atom", "esc\\"aped\\n", true,} # comment', { type: 'tuple', line: 1, items: [{ type: 'atom', value: 'odd atom', line: 1 }, { type: 'string', value: 'esc"aped\n', line: 1 }, { type: 'atom', value: 'true', line: 1 }] }],
  ])('reads %s', (src, want) => {
    expect(parseElixirTerm(src)).toEqual(want);
  });

  it.each([
    ['~s(sigil)', /unsupported syntax/],
    ["'charlist'", /unsupported syntax/],
    ['<<1, 2>>', /unsupported syntax/],
    ['{1 2}', /expected "," or "}"/],
    ['%{"a" 1}', /expected "=>"/],
    ['"unterminated', /unterminated string/],
    ['{} {}', /after the end of the term/],
    ['"\\q"', /unsupported escape/],
  ])('refuses %s', (src, message) => {
    expect(() => parseElixirTerm(src)).toThrow(message);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    expect(() => parseElixirTerm('['.repeat(5000))).toThrow(/nested deeper/);
  });
});
