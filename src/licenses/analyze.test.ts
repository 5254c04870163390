import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../inventory/build.js';
import type { Component, Inventory } from '../model/inventory.js';
import { analyzeLicenses, collectLicenseDetails, isLicenseFileName, tagOnlyIdentifier, type LicenseTextIdentifier } from './analyze.js';
import { memoryTree } from './tree.js';
import type { ComponentLicense } from './types.js';

const spdxFull = createRequire(import.meta.url)('spdx-license-list/full') as unknown;
const root = fileURLToPath(new URL('./__fixtures__/installed-tree', import.meta.url));

/**
 * A stand-in for the full-text matcher: the fixtures' license files carry a `TEST-LICENSE:` line,
 * so these tests check the analyzer's wiring, not text matching (tested in text/).
 */
const fixtureIdentifier: LicenseTextIdentifier = (text) => {
  const m = /^TEST-LICENSE: (.+)$/m.exec(text);
  if (!m) return { license: null, confidence: 0, matches: [] };
  const line = text.slice(0, m.index).split('\n').length;
  return { license: m[1]!, confidence: 1, matches: [{ expression: m[1]!, confidence: 1, startLine: line }] };
};

function byId(list: ComponentLicense[], id: string): ComponentLicense {
  const found = list.find((l) => l.componentId === id);
  if (!found) throw new Error(`no license entry for ${id}`);
  return found;
}

const inventory = await buildInventory([root]);

describe('analyzeLicenses on an installed tree', () => {
  const result = analyzeLicenses(inventory, root, { identify: fixtureIdentifier });

  it('returns one entry per component, then the projects', () => {
    expect(result.map((r) => r.componentId)).toEqual([...inventory.components.map((c) => c.id), 'project:.']);
  });

  it.each([
    // id, declared, concluded
    ['pkg:npm/left-pad@1.3.0', 'WTFPL', 'WTFPL'],
    ['pkg:npm/%40acme/dual@2.0.0', 'MIT OR Apache-2.0', 'MIT OR Apache-2.0'],
    ['pkg:npm/legacy@1.0.0', 'MIT OR GPL-2.0-only', 'MIT OR GPL-2.0-only'],
    ['pkg:npm/mismatch@1.0.0', 'MIT', 'MIT AND GPL-3.0-only'],
    ['pkg:npm/nolicense@1.0.0', undefined, 'MIT'],
    ['pkg:npm/see-file@1.0.0', 'LicenseRef-SEE-LICENSE-IN-EULA.txt', 'LicenseRef-SEE-LICENSE-IN-EULA.txt'],
    ['pkg:pypi/requests@2.31.0', 'Apache-2.0', 'Apache-2.0'],
    ['pkg:pypi/attrs@23.1.0', 'MIT', 'MIT'],
    ['pkg:gem/rake@13.0.6', 'MIT', 'MIT'],
    ['pkg:nuget/Newtonsoft.Json@13.0.3', 'MIT', 'MIT'],
    ['pkg:cargo/foo@0.1.0', 'MIT OR Apache-2.0', 'MIT OR Apache-2.0'],
    ['project:.', 'Apache-2.0', 'Apache-2.0'],
  ])('%s: declared %s, concluded %s', (id, declared, concluded) => {
    const entry = byId(result, id);
    expect(entry.declared).toBe(declared);
    expect(entry.concluded).toBe(concluded);
  });

  it('keeps every piece of evidence with file, line, method and score', () => {
    expect(byId(result, 'pkg:pypi/requests@2.31.0').evidence).toEqual([
      { expression: 'Apache-2.0', method: 'declared', score: 0.8, file: '.venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA', line: 5, raw: 'Apache 2.0' },
      {
        expression: 'LicenseRef-Apache-Software-License',
        method: 'declared',
        score: 0.3,
        file: '.venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA',
        line: 7,
        raw: 'License :: OSI Approved :: Apache Software License',
      },
      { expression: 'Apache-2.0', method: 'license-file', file: '.venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/LICENSE', line: 3, score: 1 },
    ]);
    expect(byId(result, 'pkg:gem/rake@13.0.6').evidence).toEqual([
      { expression: 'MIT', method: 'declared', score: 1, file: 'vendor/bundle/ruby/3.2.0/specifications/rake-13.0.6.gemspec', line: 9 },
      { expression: 'MIT', method: 'license-file', file: 'vendor/bundle/ruby/3.2.0/gems/rake-13.0.6/MIT-LICENSE', line: 2, score: 1 },
    ]);
    expect(byId(result, 'pkg:nuget/Newtonsoft.Json@13.0.3').evidence[0]).toEqual({
      expression: 'MIT',
      method: 'declared',
      score: 1,
      file: 'packages/Newtonsoft.Json.13.0.3/Newtonsoft.Json.nuspec',
      line: 7,
    });
    expect(byId(result, 'pkg:npm/left-pad@1.3.0').evidence.map((e) => [e.method, e.file, e.line])).toEqual([
      ['declared', 'package-lock.json', 21],
      ['declared', 'node_modules/left-pad/package.json', 1],
      ['license-file', 'node_modules/left-pad/LICENSE', 5],
    ]);
  });

  it('says why a conclusion differs from the declaration', () => {
    expect(byId(result, 'pkg:npm/mismatch@1.0.0').notes).toEqual(['license files name GPL-3.0-only, which the metadata (MIT) does not declare']);
  });

  it('collects copyright lines from license and NOTICE files', () => {
    expect(byId(result, 'pkg:npm/%40acme/dual@2.0.0').copyrights).toEqual(['Copyright (c) 2020-2023 Acme Inc.', 'Copyright 2020 Acme Inc.']);
    expect(byId(result, 'pkg:npm/left-pad@1.3.0').copyrights).toEqual(['Copyright (C) 2004 Sam Hocevar <sam@hocevar.net>']);
  });

  it('reads REUSE data as evidence for the project', () => {
    const project = byId(result, 'project:.');
    expect(project.evidence.filter((e) => e.method === 'reuse')).toEqual([
      { expression: 'Apache-2.0', method: 'reuse', file: 'LICENSES/Apache-2.0.txt', score: 1 },
      { expression: 'CC-BY-4.0', method: 'reuse', file: 'REUSE.toml', line: 6, score: 1 },
    ]);
  });

  it('finds NOTICE files and keeps their text for attribution', () => {
    const details = collectLicenseDetails(inventory, root, { identify: fixtureIdentifier });
    const dual = details.components.find((d) => d.license.componentId === 'pkg:npm/%40acme/dual@2.0.0')!;
    expect(dual.files.map((f) => [f.path, f.kind])).toEqual([
      ['node_modules/@acme/dual/LICENSE-APACHE', 'license'],
      ['node_modules/@acme/dual/LICENSE-MIT', 'license'],
      ['node_modules/@acme/dual/NOTICE', 'notice'],
    ]);
    expect(details.problems).toEqual([]);
  });

  it('reads only SPDX tags with the tag-only identifier', () => {
    const plain = analyzeLicenses(inventory, root, { identify: tagOnlyIdentifier });
    expect(byId(plain, 'pkg:npm/nolicense@1.0.0').concluded).toBeUndefined();
    expect(byId(plain, 'project:.').evidence).toContainEqual({ expression: 'Apache-2.0', method: 'license-file', file: 'LICENSE', line: 1, score: 1 });
  });
});

function inventoryOf(components: Array<Partial<Component> & { name: string; ecosystem: Component['ecosystem'] }>): Inventory {
  return {
    root: '.',
    name: 'test',
    projects: [],
    components: components.map((c) => ({
      id: `pkg:${c.ecosystem}/${c.name}@${c.version ?? ''}`,
      version: null,
      purl: null,
      scope: 'runtime',
      direct: true,
      locations: [{ file: 'package-lock.json', line: 1 }],
      ...c,
    })),
    dependencies: new Map(),
    errors: [],
    skipped: [],
    warnings: [],
    stats: { filesSeen: 0, filesScanned: 0, ms: 0 },
  };
}

describe('hostile trees', () => {
  it('skips huge and binary license files with a note, and stays bounded', () => {
    const reader = memoryTree({
      'node_modules/big/package.json': '{"name":"big","version":"1.0.0","license":"MIT"}',
      'node_modules/big/LICENSE': 'MIT License\n' + 'x'.repeat(2 * 1024 * 1024),
      'node_modules/big/COPYING': 'GPL\u0000\u0001binary',
    });
    const t = Date.now();
    const [entry] = analyzeLicenses(inventoryOf([{ ecosystem: 'npm', name: 'big', version: '1.0.0' }]), '.', { reader, identify: fixtureIdentifier });
    expect(Date.now() - t).toBeLessThan(2000);
    expect(entry!.concluded).toBe('MIT');
    expect(entry!.notes).toEqual([
      'node_modules/big/COPYING: binary or unreadable; not read',
      'node_modules/big/LICENSE: 2097164 bytes, over the 1048576-byte limit for license files; not read',
    ]);
  });

  it('reports malformed metadata and keeps going', () => {
    const reader = memoryTree({
      'node_modules/bad/package.json': '{"name": "bad", ',
      'node_modules/good/package.json': '{"name":"good","version":"1.0.0","license":"ISC"}',
      'packages/Evil.1.0.0/Evil.nuspec': '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><package><metadata><id>Evil</id></metadata></package>',
    });
    const details = collectLicenseDetails(inventoryOf([{ ecosystem: 'npm', name: 'good', version: '1.0.0' }]), '.', { reader });
    expect(details.components[0]!.license.declared).toBe('ISC');
    expect(details.problems.map((p) => p.file)).toEqual(['node_modules/bad/package.json', 'packages/Evil.1.0.0/Evil.nuspec']);
    expect(details.problems[1]!.message).toMatch(/DOCTYPE/);
  });

  it('keeps __proto__ in package.json away from objects', () => {
    const reader = memoryTree({
      'node_modules/p/package.json': '{"name":"p","version":"1.0.0","license":{"__proto__":{"polluted":true},"type":"MIT"}}',
    });
    const [entry] = analyzeLicenses(inventoryOf([{ ecosystem: 'npm', name: 'p', version: '1.0.0' }]), '.', { reader });
    expect(entry!.declared).toBe('MIT');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a gemspec with code in it without running anything', () => {
    const reader = memoryTree({
      'vendor/bundle/ruby/3.2.0/specifications/evil-1.0.0.gemspec':
        'Gem::Specification.new do |s|\n  s.name = "evil"\n  s.version = "1.0.0"\n  s.licenses = [`rm -rf /`, "MIT", "Apache-2.0"]\n  system("touch /tmp/pwned")\nend\n',
    });
    const [entry] = analyzeLicenses(inventoryOf([{ ecosystem: 'RubyGems', name: 'evil', version: '1.0.0' }]), '.', { reader });
    expect(entry!.declared).toBe('MIT OR Apache-2.0');
  });

  it('does not follow a license-file name out of the package', () => {
    const reader = memoryTree({
      'node_modules/x/package.json': '{"name":"x","version":"1.0.0","license":"SEE LICENSE IN ../../secret.txt"}',
      'secret.txt': 'TEST-LICENSE: MIT',
    });
    const [entry] = analyzeLicenses(inventoryOf([{ ecosystem: 'npm', name: 'x', version: '1.0.0' }]), '.', { reader, identify: fixtureIdentifier });
    expect(entry!.concluded).toBeUndefined();
    expect(entry!.evidence.map((e) => e.method)).toEqual(['declared']);
  });

  it('caps the number of installed packages indexed', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`node_modules/p${i}/package.json`] = `{"name":"p${i}","version":"1.0.0","license":"MIT"}`;
    const inv = inventoryOf([{ ecosystem: 'npm', name: 'p49', version: '1.0.0' }]);
    expect(analyzeLicenses(inv, '.', { reader: memoryTree(files), maxInstalledPackages: 10 })[0]!.declared).toBeUndefined();
    expect(analyzeLicenses(inv, '.', { reader: memoryTree(files) })[0]!.declared).toBe('MIT');
  });
});

describe('with the SPDX License List matcher (the default)', () => {
  const mit = (spdxFull as Record<string, { licenseText: string }>).MIT!.licenseText.replace('<year>', '2021').replace('<copyright holders>', 'Real Person');

  it('concludes from a real license text when nothing is declared', () => {
    const reader = memoryTree({ 'node_modules/real/package.json': '{"name":"real","version":"1.0.0"}', 'node_modules/real/LICENSE': mit });
    const [entry] = analyzeLicenses(inventoryOf([{ ecosystem: 'npm', name: 'real', version: '1.0.0' }]), '.', { reader });
    expect(entry!.declared).toBeUndefined();
    expect(entry!.concluded).toBe('MIT');
    expect(entry!.evidence).toHaveLength(1);
    expect(entry!.evidence[0]).toMatchObject({ expression: 'MIT', method: 'license-file', file: 'node_modules/real/LICENSE' });
    expect(entry!.evidence[0]!.score).toBeGreaterThanOrEqual(0.9);
    expect(entry!.copyrights).toEqual(['Copyright (c) 2021 Real Person']);
  });

  it('does not conclude from a modified text', () => {
    const modified = mit.replace('without restriction', 'for non-commercial purposes only');
    const reader = memoryTree({ 'node_modules/mod/package.json': '{"name":"mod","version":"1.0.0"}', 'node_modules/mod/LICENSE': modified });
    const [entry] = analyzeLicenses(inventoryOf([{ ecosystem: 'npm', name: 'mod', version: '1.0.0' }]), '.', { reader });
    expect(entry!.concluded).toBeUndefined();
  });
});

describe('isLicenseFileName', () => {
  it.each([
    ['LICENSE', true], ['LICENSE.md', true], ['LICENCE.txt', true], ['license', true], ['COPYING', true], ['COPYING.LIB', true],
    ['NOTICE', true], ['NOTICE.txt', true], ['UNLICENSE', true], ['LICENSE-MIT', true], ['LICENSE-APACHE', true], ['MIT-LICENSE', true],
    ['license.js', false], ['licenses.json', false], ['README.md', false], ['package.json', false], ['LICENSE.png', false],
  ])('%s -> %s', (name, expected) => {
    expect(isLicenseFileName(name)).toBe(expected);
  });
});

describe('tagOnlyIdentifier', () => {
  it('reads SPDX-License-Identifier tags only', () => {
    expect(tagOnlyIdentifier('// SPDX-License-Identifier: MIT OR Apache-2.0\ncode').license).toBe('MIT OR Apache-2.0');
    expect(tagOnlyIdentifier('/* SPDX-License-Identifier: GPL-2.0+ */').license).toBe('GPL-2.0-or-later');
    expect(tagOnlyIdentifier('Permission is hereby granted, free of charge').license).toBeNull();
  });
});
