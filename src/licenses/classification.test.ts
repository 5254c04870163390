import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { classificationFromText, classify, LICENSE_CATEGORIES, loadClassification } from './classification.js';
import { generateClassificationYaml, spdxIds } from './generate-classification.js';

describe('classification data', () => {
  const data = loadClassification();

  it('gives every SPDX license id a category', () => {
    const missing = spdxIds().filter((id) => !data.licenses.has(id));
    expect(missing).toEqual([]);
    expect(spdxIds().length).toBeGreaterThan(700);
  });

  it('uses only known categories and describes each', () => {
    for (const c of LICENSE_CATEGORIES) expect(data.categories[c].description).not.toBe('');
    for (const entry of data.licenses.values()) expect(LICENSE_CATEGORIES).toContain(entry.category);
  });

  it('matches what the generator makes (regenerate after editing the curated lists)', () => {
    const generated = classificationFromText(generateClassificationYaml(), 'generated');
    for (const [id, entry] of generated.licenses) expect([id, data.licenses.get(id)]).toEqual([id, entry]);
  });

  it.each([
    ['MIT', 'permissive', ['attribution']],
    ['Apache-2.0', 'permissive', ['attribution', 'notice', 'state-changes', 'patent-terms']],
    ['0BSD', 'permissive', []],
    ['BSD-3-Clause', 'permissive', ['attribution']],
    ['CC0-1.0', 'public-domain', []],
    ['Unlicense', 'public-domain', []],
    ['LGPL-2.1-only', 'weak-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
    ['MPL-2.0', 'weak-copyleft', ['attribution', 'disclose-source', 'same-license', 'patent-terms']],
    ['EPL-2.0', 'weak-copyleft', ['attribution', 'disclose-source', 'same-license', 'patent-terms']],
    ['GPL-2.0-only', 'strong-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
    ['GPL-3.0-or-later', 'strong-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes', 'patent-terms']],
    ['AGPL-3.0-only', 'network-copyleft', ['attribution', 'disclose-source', 'same-license', 'network-use', 'state-changes', 'patent-terms']],
    ['SSPL-1.0', 'source-available', ['attribution']],
    ['BUSL-1.1', 'source-available', ['attribution']],
    ['Elastic-2.0', 'source-available', ['attribution']],
    ['CC-BY-NC-4.0', 'source-available', ['attribution']],
    ['PolyForm-Noncommercial-1.0.0', 'source-available', ['attribution']],
    ['LicenseRef-Commons-Clause', 'source-available', ['attribution']],
    ['LicenseRef-UNLICENSED', 'proprietary', []],
    ['LicenseRef-Acme-EULA', 'unknown', []],
    ['GPL-2.0', 'strong-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
    // OR: the most permissive choice
    ['MIT OR GPL-3.0-only', 'permissive', ['attribution']],
    ['GPL-2.0-only OR LicenseRef-Unknown', 'strong-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
    ['Apache-2.0 OR MIT', 'permissive', ['attribution']],
    ['SSPL-1.0 OR AGPL-3.0-only', 'network-copyleft', ['attribution', 'disclose-source', 'same-license', 'network-use', 'state-changes', 'patent-terms']],
    // AND: the most restrictive, obligations united
    ['MIT AND GPL-3.0-only', 'strong-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes', 'patent-terms']],
    ['Apache-2.0 AND MIT', 'permissive', ['attribution', 'notice', 'state-changes', 'patent-terms']],
    ['MIT AND LicenseRef-Acme', 'unknown', ['attribution']],
    ['(MIT OR AGPL-3.0-only) AND LGPL-2.1-only', 'weak-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
    // WITH: the more restrictive of license and exception
    ['GPL-2.0-only WITH Classpath-exception-2.0', 'strong-copyleft', ['attribution', 'disclose-source', 'same-license', 'state-changes']],
    ['Apache-2.0 WITH LLVM-exception', 'permissive', ['attribution', 'notice', 'state-changes', 'patent-terms']],
    // not an expression
    ['not a license (', 'unknown', []],
  ])('%s is %s', (expression, category, obligations) => {
    const c = classify(expression, data);
    expect(c.category).toBe(category);
    expect(c.obligations).toEqual(obligations);
    expect(c.explanation.length).toBeGreaterThan(0);
  });

  it('explains an OR choice', () => {
    const c = classify('MIT OR GPL-3.0-only', data);
    expect(c.chosen).toBe('MIT');
    expect(c.explanation).toEqual([
      'MIT is permissive',
      'GPL-3.0-only is strong-copyleft',
      'MIT OR GPL-3.0-only: a choice; MIT (permissive) is the most permissive, over GPL-3.0-only (strong-copyleft)',
    ]);
    expect(c.terms.map((t) => [t.id, t.category])).toEqual([
      ['MIT', 'permissive'],
      ['GPL-3.0-only', 'strong-copyleft'],
    ]);
  });

  it('refuses an expression bomb quickly as unknown', () => {
    const t = Date.now();
    expect(classify('('.repeat(5000) + 'MIT' + ')'.repeat(5000), data).category).toBe('unknown');
    expect(Date.now() - t).toBeLessThan(2000);
  });
});

describe('user classification files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ospo-class-'));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('overrides entries id by id and keeps the rest', () => {
    const file = write('ok.yaml', 'licenses:\n  MIT: { category: permissive, obligations: [attribution, notice] }\n  LicenseRef-Acme: proprietary\n  LGPL-2.1-only: strong-copyleft\n');
    const data = loadClassification(file);
    expect(classify('MIT', data).obligations).toEqual(['attribution', 'notice']);
    expect(classify('LicenseRef-Acme', data).category).toBe('proprietary');
    expect(classify('LGPL-2.1-only', data).category).toBe('strong-copyleft');
    expect(classify('Apache-2.0', data).category).toBe('permissive');
    expect(data.sources.at(-1)).toBe(file);
    // the bundled data is untouched
    expect(classify('LGPL-2.1-only').category).toBe('weak-copyleft');
  });

  it.each([
    ['bad-category.yaml', 'licenses:\n  MIT: copyleftish\n', '/licenses/MIT'],
    ['bad-obligation.yaml', 'licenses:\n  MIT: { category: permissive, obligations: [fame] }\n', '/licenses/MIT/obligations/0'],
    ['bad-section.yaml', 'licenses: [MIT]\n', '/licenses'],
    ['bad-version.yaml', 'version: 2\n', '/version'],
    ['bad-cat-name.yaml', 'categories:\n  mostly-free: { description: x, obligations: [] }\n', '/categories/mostly-free'],
  ])('%s is refused with the entry named', (name, text, pointer) => {
    const file = write(name, text);
    let err: unknown;
    try {
      loadClassification(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).file).toBe(file);
    expect((err as InputError).pointer).toBe(pointer);
  });

  it('keeps __proto__ out', () => {
    const file = write('proto.yaml', 'licenses:\n  __proto__: proprietary\n  MIT: permissive\n');
    const data = loadClassification(file);
    expect(({} as Record<string, unknown>).category).toBeUndefined();
    expect(data.licenses.has('__proto__')).toBe(false);
  });

  it('names the line of a YAML syntax error', () => {
    const file = write('syntax.yaml', 'licenses:\n  MIT: [permissive\n');
    expect(() => loadClassification(file)).toThrow(InputError);
  });
});
