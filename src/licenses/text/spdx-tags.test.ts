import { describe, expect, it } from 'vitest';
import { ExpressionError, MAX_EXPRESSION_DEPTH, findSpdxTags, normaliseExpression } from './spdx-tags.js';
import { budget } from '../../test-support/budget.js';

describe('normaliseExpression', () => {
  it.each([
    ['MIT', 'MIT'],
    ['mit', 'MIT'],
    ['GPL-2.0', 'GPL-2.0-only'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later'],
    ['AGPL-3.0', 'AGPL-3.0-only'],
    ['GFDL-1.3', 'GFDL-1.3-only'],
    ['GPL-2.0-or-later', 'GPL-2.0-or-later'],
    ['Apache-2.0+', 'Apache-2.0+'],
    ['MIT or Apache-2.0', 'MIT OR Apache-2.0'],
    ['(MIT OR Apache-2.0) AND BSD-3-Clause', '(MIT OR Apache-2.0) AND BSD-3-Clause'],
    ['MIT OR (Apache-2.0 AND BSD-3-Clause)', 'MIT OR Apache-2.0 AND BSD-3-Clause'],
    ['GPL-2.0 WITH Classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['GPL-2.0-with-classpath-exception', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['eCos-2.0', 'GPL-2.0-or-later WITH eCos-exception-2.0'],
    ['LGPL-2.1-only WITH Nokia-Qt-exception-1.1', 'LGPL-2.1-only WITH Qt-LGPL-exception-1.1'],
    ['Apache-2.0 with llvm-exception', 'Apache-2.0 WITH LLVM-exception'],
    ['LicenseRef-acme-1.0', 'LicenseRef-acme-1.0'],
    ['DocumentRef-ext:LicenseRef-x', 'DocumentRef-ext:LicenseRef-x'],
  ])('%s -> %s', (raw, expected) => {
    expect(normaliseExpression(raw)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['MIT AND', /invalid license expression/],
    ['Not-A-License', /unknown license id "Not-A-License"/],
    ['(MIT', /unbalanced "\("/],
    ['MIT)', /unbalanced "\)"/],
    ['MIT '.repeat(1000), /over the 2048 limit/],
  ])('refuses %j', (raw, message) => {
    expect(() => normaliseExpression(raw)).toThrow(message);
  });

  it('refuses an expression bomb (5,000 nested parentheses) quickly, before the recursive parser', () => {
    const bomb = `${'('.repeat(5000)}MIT${')'.repeat(5000)}`;
    const started = performance.now();
    expect(() => normaliseExpression(bomb)).toThrow(ExpressionError);
    expect(() => normaliseExpression(bomb)).toThrow(`deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    expect(performance.now() - started).toBeLessThan(budget(1000));
    const long = `${'('.repeat(1000)}MIT${')'.repeat(1000)}`;
    expect(() => normaliseExpression(long)).toThrow(/deeper than/);
  });

  it('accepts nesting up to the limit', () => {
    const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH)}MIT${')'.repeat(MAX_EXPRESSION_DEPTH)}`;
    expect(normaliseExpression(deep)).toBe('MIT');
  });
});

describe('findSpdxTags', () => {
  it.each([
    ['// SPDX-License-Identifier: MIT\nint x;', 'MIT'],
    ['/* SPDX-License-Identifier: GPL-2.0+ */\n', 'GPL-2.0-or-later'],
    ['#!/bin/sh\n# SPDX-License-Identifier: Apache-2.0 OR MIT\n', 'Apache-2.0 OR MIT'],
    ['<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n', 'CC-BY-4.0'],
    ['-- SPDX-License-Identifier: BSD-3-Clause\n', 'BSD-3-Clause'],
    ['"""\nSPDX-License-Identifier: MPL-2.0\n"""\n', 'MPL-2.0'],
    [' * spdx-license-identifier: isc\r\n', 'ISC'],
  ])('%j -> %s', (text, expected) => {
    expect(findSpdxTags(text).map((t) => t.expression)).toEqual([expected]);
  });

  it('gives the line, the raw text and the reason for invalid tags', () => {
    const tags = findSpdxTags('line one\n// SPDX-License-Identifier: MIT AND\n// SPDX-License-Identifier: 0BSD\n');
    expect(tags).toEqual([
      { line: 2, raw: 'MIT AND', error: expect.stringMatching(/invalid license expression "MIT AND"/) },
      { line: 3, raw: '0BSD', expression: '0BSD' },
    ]);
  });

  it('ignores code that mentions the tag in a string, and tags past the header', () => {
    expect(findSpdxTags('const TAG = "x"; re = /SPDX-License-Identifier: (.*)/;\n')).toEqual([]);
    expect(findSpdxTags(`${'x\n'.repeat(50)}// SPDX-License-Identifier: MIT\n`, 40)).toEqual([]);
  });

  it('reports a bomb in a tag as an invalid tag, quickly', () => {
    const tags = findSpdxTags(`// SPDX-License-Identifier: ${'('.repeat(5000)}MIT${')'.repeat(5000)}\n`);
    expect(tags).toHaveLength(1);
    expect(tags[0]!.error).toMatch(/over the 2048 limit|deeper than/);
  });
});
