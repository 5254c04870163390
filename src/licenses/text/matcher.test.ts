import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ACCEPT_THRESHOLD, UNKNOWN_LICENSE, identifyLicenseText } from './matcher.js';
import { referenceIndex } from './references.js';

const require = createRequire(import.meta.url);
const list = require('spdx-license-list/full.js') as Record<string, { licenseText: string }>;
const text = (id: string) => list[id]!.licenseText;
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('identifyLicenseText: SPDX texts as published', () => {
  // Close relatives: each must come out as itself, not as its neighbour.
  it.each([
    ['MIT', 'MIT'],
    ['MIT-0', 'MIT-0'],
    ['X11', 'X11'],
    ['ISC', 'ISC'],
    ['0BSD', '0BSD'],
    ['BSD-2-Clause', 'BSD-2-Clause'],
    ['BSD-3-Clause', 'BSD-3-Clause'],
    ['BSD-4-Clause', 'BSD-4-Clause'],
    ['Apache-2.0', 'Apache-2.0'],
    ['GPL-2.0-only', 'GPL-2.0-only'],
    ['GPL-3.0-only', 'GPL-3.0-only'],
    ['LGPL-2.1-only', 'LGPL-2.1-only'],
    ['LGPL-3.0-only', 'LGPL-3.0-only'],
    ['AGPL-3.0-only', 'AGPL-3.0-only'],
    ['MPL-2.0', 'MPL-2.0'],
    ['Unlicense', 'Unlicense'],
    ['Zlib', 'Zlib'],
    ['EPL-2.0', 'EPL-2.0'],
  ])('%s -> %s', (id, expected) => {
    const r = identifyLicenseText(text(id));
    expect(r.license).toBe(expected);
    expect(r.confidence).toBe(1);
  });
});

describe('identifyLicenseText: variants', () => {
  const mit = text('MIT').replace('<year> <copyright holders>', '2020 Jane Doe');
  it.each<[string, string, string]>([
    ['copyright line filled in', mit, 'MIT'],
    ['other title', mit.replace('MIT License', 'The MIT License (MIT)'), 'MIT'],
    ['re-wrapped', mit.replace(/\n(?!\n)/g, ' ').replace(/(.{40}\S*) /g, '$1\n'), 'MIT'],
    ['curly quotes and licence spelling', mit.replace(/"/g, '\u201c').replace(/license/g, 'licence'), 'MIT'],
    ['as a comment block', mit.split('\n').map((l) => ` * ${l}`).join('\n'), 'MIT'],
    ['ISC with the author named', text('ISC').replace('ISC DISCLAIMS', 'THE AUTHOR DISCLAIMS').replace('SHALL ISC BE', 'SHALL THE AUTHOR BE'), 'ISC'],
    ['BSD-3-Clause with a named holder', text('BSD-3-Clause').replace('the copyright holder nor', 'Google Inc. nor'), 'BSD-3-Clause'],
    ['BSD-3-Clause without clause 3 is BSD-2-Clause', text('BSD-3-Clause').replace(/3\. Neither[^\n]*\n/, ''), 'BSD-2-Clause'],
    ['Apache-2.0 without its appendix', text('Apache-2.0').replace(/APPENDIX[^]*/, ''), 'Apache-2.0'],
    ['Apache-2.0 without its title', text('Apache-2.0').replace(/^[^]*?TERMS AND CONDITIONS/, 'TERMS AND CONDITIONS'), 'Apache-2.0'],
    ['words hyphenated across lines', mit.replace('obtaining a copy', 'ob-\ntaining a copy').replace('NONINFRINGEMENT', 'NONIN-\nFRINGEMENT'), 'MIT'],
    ['words split and run together', text('BSD-3-Clause').replace('documentation', 'docume ntation').replace('NOT LIMITED', 'NOTLIMITED').replace('PROFITS', 'P ROFITS'), 'BSD-3-Clause'],
    ['in m4 comments', mit.split('\n').map((l) => `dnl ${l}`).join('\n'), 'MIT'],
    ['in batch-file comments', mit.split('\n').map((l) => `REM ${l}`).join('\n'), 'MIT'],
    ['in Lisp comments', mit.split('\n').map((l) => `;; ${l}`).join('\n'), 'MIT'],
    ['as a quoted string per line', mit.split('\n').map((l) => `"${l}\\n"`).join('\n'), 'MIT'],
    ['GPL-2.0 with the old FSF address', text('GPL-2.0-only').replace(/51 Franklin Street, Fifth Floor, Boston, MA 02110-1301\s+USA/g, '59 Temple Place, Suite 330, Boston, MA  02111-1307  USA'), 'GPL-2.0-only'],
  ])('%s', (_label, input, expected) => {
    const r = identifyLicenseText(input);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it.each<[string, string, number, number]>([
    ['readme-with-bsd-2-clause.md', 'BSD-2-Clause', 13, 19],
    ['dual-mit-apache-2.0.txt', 'MIT AND Apache-2.0', 5, 137],
    ['gpl-2.0-or-later-with-notice.txt', 'GPL-2.0-or-later', 4, 125],
    ['gpl-2.0-classpath.txt', 'GPL-2.0-only WITH Classpath-exception-2.0', 1, 125],
    ['bsd-3-clause-comment-header.c', 'BSD-3-Clause', 4, 12],
    ['mit-wrapped-crlf.txt', 'MIT', 1, 23],
  ])('fixture %s -> %s', (name, expected, firstLine, lastLine) => {
    const r = identifyLicenseText(fixture(name));
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
    expect(Math.min(...r.matches.map((m) => m.startLine))).toBeGreaterThanOrEqual(firstLine - 3);
    expect(Math.max(...r.matches.map((m) => m.endLine))).toBeLessThanOrEqual(lastLine);
  });

  it('finds nothing in prose that only mentions a license', () => {
    expect(identifyLicenseText(fixture('not-a-license.md'))).toEqual({ license: null, confidence: 0, matches: [] });
    expect(identifyLicenseText('')).toEqual({ license: null, confidence: 0, matches: [] });
  });

  it('reports the line range and method of each match', () => {
    const r = identifyLicenseText(fixture('dual-mit-apache-2.0.txt'));
    // Both texts are verbatim: found by their first words and compared token by token.
    expect(r.matches.map((m) => [m.expression, m.method])).toEqual([
      ['MIT', 'exact'],
      ['Apache-2.0', 'exact'],
    ]);
    expect(r.matches[0]!.endLine).toBeLessThan(r.matches[1]!.startLine);
  });
});

describe('identifyLicenseText: modified texts are unknown, never a confident guess', () => {
  const mit = text('MIT');
  // The closest candidate may be a listed relative: JSON is MIT plus a use restriction, and
  // BSD-2-Clause-pkgconf-disclaimer is BSD-2-Clause with another disclaimer.
  it.each<[string, string, string[]]>([
    ['restriction added inside MIT', fixture('mit-added-restriction.txt'), ['MIT', 'JSON']],
    ['restriction appended to MIT', fixture('mit-restriction-appended.txt'), ['MIT']],
    ['Apache-2.0 patent clause removed', fixture('apache-2.0-clause-removed.txt'), ['Apache-2.0']],
    ['MIT notice condition negated', mit.replace('shall be included', 'shall not be included'), ['MIT']],
    ['MIT non-commercial only', mit.replace('to deal in the Software without restriction', 'to deal in the Software for non-commercial purposes only'), ['MIT']],
    ['BSD-2-Clause disclaimer dropped', text('BSD-2-Clause').replace(/THIS SOFTWARE IS PROVIDED[^]*/, ''), ['BSD-2-Clause', 'BSD-2-Clause-pkgconf-disclaimer']],
    ['GPL-3.0 section removed', text('GPL-3.0-only').replace(/\s*7\. Additional Terms\.[^]*?(?=\s*8\. Termination\.)/, ''), ['GPL-3.0-only']],
  ])('%s', (_label, input, closest) => {
    const r = identifyLicenseText(input);
    expect(r.confidence).toBeLessThan(ACCEPT_THRESHOLD);
    expect(r.license).toBe(UNKNOWN_LICENSE);
    const unknown = r.matches.find((m) => m.expression === UNKNOWN_LICENSE)!;
    expect(closest).toContain(unknown.candidate?.expression);
  });
});

describe('referenceIndex', () => {
  it('holds the SPDX list without deprecated ids, -only/-or-later pairs grouped, and exceptions', () => {
    const { refs } = referenceIndex();
    const byKey = new Map(refs.map((r) => [r.key, r]));
    expect(byKey.get('GPL-2.0')?.ids).toEqual(['GPL-2.0-only', 'GPL-2.0-or-later']);
    expect(byKey.has('GPL-2.0+')).toBe(false);
    expect(byKey.get('Classpath-exception-2.0')?.kind).toBe('exception');
    expect(refs.length).toBeGreaterThan(600);
  });
});

describe('identifyLicenseText: long texts (anchored alignment)', () => {
  const prose = (words: number, seed: number) =>
    Array.from({ length: words }, (_, i) => ['build', 'the', 'widget', 'with', 'make', 'and', 'run', 'tests', 'before', 'sending', 'patches'][(i * 7 + seed) % 11]).join(' ');
  const readme = (license: string) =>
    `# widget\n\n${prose(1500, 1)}\n\n## License\n\n${license}\n\n## Contributing\n\n${prose(1500, 3)}\n`;

  it.each([
    ['GPL-3.0-only', 'GPL-3.0-only'],
    ['Apache-2.0', 'Apache-2.0'],
    ['AGPL-3.0-only', 'AGPL-3.0-only'],
    ['MIT', 'MIT'],
  ])('finds %s inside a long README, with its line range', (id, expected) => {
    const input = readme(text(id));
    const r = identifyLicenseText(input);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
    const lines = input.split('\n');
    const first = lines.indexOf('## License') + 1;
    const last = lines.indexOf('## Contributing') + 1;
    // Verbatim inside the README: found by its first words and compared token by token.
    expect(r.matches.map((m) => m.method)).toEqual(['exact']);
    expect(r.matches[0]!.startLine).toBeGreaterThan(first);
    expect(r.matches[0]!.endLine).toBeLessThan(last);
  });

  it('tells MIT from Xnet, which starts with the whole MIT text, inside a README', () => {
    const xnet = readme(text('Xnet'));
    expect(identifyLicenseText(xnet).license).toBe('Xnet');
    const mitThenXnetClause = readme(text('MIT'));
    expect(identifyLicenseText(mitThenXnetClause).license).toBe('MIT');
  });

  it('finds two verbatim licenses in one README, each with its lines', () => {
    const input = readme(`${text('MIT')}\n\nor, at your option:\n\n${text('Apache-2.0')}`);
    const r = identifyLicenseText(input);
    expect(r.matches.map((m) => [m.expression, m.method])).toEqual([
      ['MIT', 'exact'],
      ['Apache-2.0', 'exact'],
    ]);
    expect(r.matches[0]!.endLine).toBeLessThan(r.matches[1]!.startLine);
  });

  it('still calls a long text with a section removed unknown, naming what differs', () => {
    const input = readme(text('GPL-3.0-only').replace(/\s*13\. Use with the GNU Affero[^]*?(?=\s*14\. Revised Versions)/, ''));
    const r = identifyLicenseText(input);
    expect(r.license).toBe(UNKNOWN_LICENSE);
    expect(r.confidence).toBeLessThan(ACCEPT_THRESHOLD);
    expect(r.matches[0]!.candidate?.expression).toBe('GPL-3.0-only');
    expect(r.matches[0]!.differences?.some((d) => d.startsWith('removed "use with the gnu affero general public license'))).toBe(true);
  });

  it('takes the exact fast path for a published text re-wrapped with CRLF line ends and a copyright line', () => {
    const input = `Copyright (c) 2024 Jane Doe\r\n\r\n${text('Apache-2.0').replace(/\n/g, '\r\n')}`;
    const r = identifyLicenseText(input);
    expect(r).toEqual({ license: 'Apache-2.0', confidence: 1, matches: [expect.objectContaining({ expression: 'Apache-2.0', method: 'exact', kind: 'license' })] });
  });
});

describe('identifyLicenseText: published texts re-wrapped, with CRLF or a filled-in appendix, are exact', () => {
  // Paragraphs joined and wrapped again at `width` columns, as editors and generators do.
  const rewrap = (t: string, width: number) =>
    t
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s*\n\s*/g, ' ').replace(new RegExp(`(.{${width}}\\S*) `, 'g'), '$1\n'))
      .join('\n\n');
  const filled = (id: string) => text(id).replace(/<year>/g, '2024').replace(/<name of author>/g, 'Jane Doe');

  it.each<[string, string, string]>([
    // The copyright line and the FSF address above it joined onto one line, split mid-address.
    ['GPL-2.0-only re-wrapped at 80 columns', rewrap(text('GPL-2.0-only'), 70), 'GPL-2.0-only'],
    ['LGPL-2.1-only re-wrapped at 80 columns', rewrap(text('LGPL-2.1-only'), 68), 'LGPL-2.1-only'],
    // Two copyright lines joined: the second "(c) 1995-2003" now starts a line, like a list item.
    ['ISC re-wrapped', rewrap(text('ISC'), 60), 'ISC'],
    ['GPL-3.0-only with its how-to-apply appendix filled in', filled('GPL-3.0-only'), 'GPL-3.0-only'],
    // `under section 10.` at the end of a line is inline numbering with or without the CR.
    ['GPL-3.0-only filled in, with CRLF line ends', filled('GPL-3.0-only').replace(/\n/g, '\r\n'), 'GPL-3.0-only'],
    ['AGPL-3.0-only filled in and re-wrapped', rewrap(filled('AGPL-3.0-only'), 75), 'AGPL-3.0-only'],
  ])('%s', (_label, input, expected) => {
    const r = identifyLicenseText(input);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBe(1);
    expect(r.matches.map((m) => m.method)).toEqual(['exact']);
  });

  it('reports the terms of a GPL-3.0 with a filled-in appendix from line 1 to the line before END OF TERMS', () => {
    // Copyright lines do not count, so the program's description is what makes this appendix differ.
    const input = filled('GPL-3.0-only').replace("<one line to give the program's name and a brief idea of what it does.>", 'widget: makes widgets');
    const lines = input.split('\n');
    const end = lines.findIndex((l) => l.includes('END OF TERMS AND CONDITIONS')) + 1;
    const r = identifyLicenseText(input);
    expect(r.matches).toEqual([{ expression: 'GPL-3.0-only', confidence: 1, method: 'exact', startLine: 1, endLine: lines.slice(0, end - 1).findLastIndex((l) => /\w/.test(l)) + 1, kind: 'license' }]);
  });

  it('still finds an exception after END OF TERMS when the terms above it are exact', () => {
    const exception = text('GPL-2.0-with-classpath-exception').replace(/^\s*insert .* here\s*$/im, '');
    const r = identifyLicenseText(`${text('GPL-2.0-only')}\n\n${exception}`);
    expect(r.license).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(r.matches.map((m) => [m.expression, m.method])).toEqual([
      ['GPL-2.0-only', 'exact'],
      ['Classpath-exception-2.0', 'similarity'],
    ]);
  });
});

describe('identifyLicenseText: real-world variations (measured with bench/licenses-corpus.js)', () => {
  const markdown = (t: string) =>
    t
      .replace(/^(\s*)(\d{1,2})\. /gm, '$1**$2.** ')
      .replace(/^(\s*)(Copyright .*)$/m, '$1_$2_  ')
      .replace(/^\s*(Preamble|TERMS AND CONDITIONS[^\n]*)$/m, '### $1');

  it.each<[string, string, string]>([
    ['GPL-2.0 in Markdown (bold numbers, emphasised copyright, headings)', markdown(text('GPL-2.0-only')), 'GPL-2.0-only'],
    ['Apache-2.0 in Markdown with a link', markdown(text('Apache-2.0')).replace('http://www.apache.org/licenses/', '[www.apache.org/licenses](http://www.apache.org/licenses/)'), 'Apache-2.0'],
    ['MIT with the title and copyright on one line', text('MIT').replace(/^MIT License\s*Copyright[^\n]*/, 'MIT License Copyright (c) 2020 Jane Doe'), 'MIT'],
    ['0BSD with the author filled in', text('0BSD').replace(/\bAUTHOR\b/g, 'Contributors to the foo project'), '0BSD'],
    ['BSD-3-Clause with the holder named', text('BSD-3-Clause').replace(/COPYRIGHT HOLDERS AND CONTRIBUTORS/g, 'THE GO GOPHER').replace(/copyright holder nor/, 'Go Gopher nor'), 'BSD-3-Clause'],
    ['CC0-1.0 without the "not a law firm" preamble', text('CC0-1.0').replace(/CREATIVE COMMONS CORPORATION IS NOT A LAW FIRM[^]*?PROVIDED HEREUNDER\.\s*/, ''), 'CC0-1.0'],
    ['the Lesser GPL 3.0 alone (COPYING.LESSER)', text('LGPL-3.0-only').replace(/\s*GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007[^]*/, ''), 'LGPL-3.0-only'],
    ['the Unlicense without its closing line', text('Unlicense').replace(/\s*For more information[^\n]*\s*$/, ''), 'Unlicense'],
  ])('%s', (_label, input, expected) => {
    const r = identifyLicenseText(input);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it.each<[string, string]>([
    ['a restriction as the first line, where a title would be', `For non-commercial use only.\n\n${text('MIT')}`],
    ['a restriction inside the copyright line', text('BSD-3-Clause').replace(/(\.)(\s)/, '$1 This software may be used for non-commercial purposes only.$2')],
    ['a restriction appended after a GPL text', `${text('GPL-3.0-only')}\n\nThe Software shall not be used for military purposes.\n`],
    ['a restriction inside an optional passage', text('CC0-1.0').replace('LEGAL SERVICES.', 'LEGAL SERVICES. This work may be used for non-commercial purposes only.')],
    ['an MIT text cut off inside a word of its disclaimer (a truncated file)', text('MIT').slice(0, text('MIT').indexOf('CONNECTION WITH THE SOFTWARE') + 'CONNECTIO'.length)],
  ])('%s is not a confident known id', (_label, input) => {
    const r = identifyLicenseText(input);
    expect(r.confidence < ACCEPT_THRESHOLD || r.license === UNKNOWN_LICENSE || r.license?.includes(UNKNOWN_LICENSE)).toBe(true);
  });

  it('finds the LLVM exception after an Apache-2.0 text (data/licenses/exceptions)', () => {
    const llvm = readFileSync(new URL('../../../data/licenses/exceptions/LLVM-exception.txt', import.meta.url), 'utf8');
    expect(identifyLicenseText(`${text('Apache-2.0')}\n\n${llvm}`).license).toBe('Apache-2.0 WITH LLVM-exception');
    expect(identifyLicenseText(`${text('Apache-2.0')}\n\n${llvm.replace(/\n(?!\n)/g, ' ')}`).license).toBe('Apache-2.0 WITH LLVM-exception');
  });

  it("ignores the AFL's closing words about copying the license itself, not a restriction added after them", () => {
    const tail =
      'This license is Copyright (C) 2005 Lawrence Rosen. Permission is granted to copy, distribute, or communicate this License without modification. ' +
      'This License may not be modified without the express written permission of its copyright owner.';
    expect(identifyLicenseText(`${text('AFL-3.0')}\n\n${tail}\n`).license).toBe('AFL-3.0');
    expect(identifyLicenseText(`${text('AFL-3.0')}\n\n${tail}\nYou may not use the software for commercial purposes.\n`).license).toBe(UNKNOWN_LICENSE);
  });

  it('reports an exception text on its own as the exception', () => {
    const exception = text('GPL-2.0-with-classpath-exception').replace(/^\s*insert .* here\s*$/im, '');
    expect(identifyLicenseText(exception).license).toBe('Classpath-exception-2.0');
  });

  it('reports a GFDL text by its family, -only without a notice', () => {
    expect(identifyLicenseText(text('GFDL-1.3-only')).license).toBe('GFDL-1.3-only');
  });
});

describe('identifyLicenseText: modified texts of common licenses never come out as the original', () => {
  const ids = ['MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'ISC', 'GPL-3.0-only', 'GPL-2.0-only', 'MPL-2.0', 'LGPL-2.1-only', 'Zlib', '0BSD', 'Unlicense', 'BSL-1.0', 'EPL-2.0', 'AGPL-3.0-only', 'CC0-1.0', 'Artistic-2.0', 'X11', 'MIT-0', 'WTFPL'];
  const mutations: Record<string, (t: string) => string> = {
    'non-commercial sentence after the first': (t) => t.replace(/(\.)(\s)/, '$1 This software may be used for non-commercial purposes only.$2'),
    'restriction appended': (t) => `${t}\n\nThe Software shall not be used for military purposes.\n`,
    'first "shall/must/may" negated': (t) => t.slice(0, 200) + t.slice(200).replace(/\b(shall|must|may)\b/, '$1 not'),
    'middle paragraph dropped': (t) => {
      const ps = t.split(/\n\s*\n/);
      if (ps.length < 4) return t.replace(/[^.]*\.[^.]*\./, '');
      ps.splice(Math.floor(ps.length / 2), 1);
      return ps.join('\n\n');
    },
    'sentence replaced by a fee': (t) => {
      const i = t.indexOf('.', Math.floor(t.length / 2));
      const j = t.indexOf('.', i + 1);
      return `${t.slice(0, i + 1)} You must pay a fee of 100 USD to the author for each copy.${t.slice(j + 1)}`;
    },
    'grant limited to personal use': (t) => t.replace(/\bpermission\b/i, 'Permission for personal use'),
  };
  const cases = ids.flatMap((id) => Object.entries(mutations).map(([name, f]) => [id, name, f(text(id))] as const)).filter(([id, , t]) => t !== text(id));

  it(`holds for ${cases.length} mutated texts`, () => {
    expect(cases.length).toBeGreaterThan(100);
    const confident = cases
      .map(([id, name, t]) => ({ id, name, r: identifyLicenseText(t) }))
      .filter(({ id, r }) => r.confidence >= ACCEPT_THRESHOLD && r.license !== null && r.license.split(/ AND | WITH /).includes(id))
      .map(({ id, name, r }) => `${id} / ${name}: ${r.license} (${r.confidence})`);
    expect(confident).toEqual([]);
  });
});

describe('identifyLicenseText: notices and headings around the terms (SPDX matching guidelines)', () => {
  it('accepts a GPL-3.0 copy that starts at its Preamble, without the opening verbatim-copying notice', () => {
    const gpl3 = text('GPL-3.0-only');
    const r = identifyLicenseText(gpl3.slice(gpl3.indexOf('Preamble')));
    expect(r.license).toBe('GPL-3.0-only');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('still calls a GPL-3.0 with "not" taken out of a term unknown', () => {
    const changed = text('GPL-3.0-only').replace('You may not propagate or modify', 'You may propagate or modify');
    expect(changed).not.toBe(text('GPL-3.0-only'));
    const r = identifyLicenseText(changed);
    expect(r.license).toBe(UNKNOWN_LICENSE);
  });

  it('accepts a Creative Commons 4.0 legal code without the considerations before it (optional in the SPDX template)', () => {
    const cc = text('CC-BY-SA-4.0');
    const r = identifyLicenseText(cc.slice(cc.indexOf('Creative Commons Attribution-ShareAlike 4.0 International Public License')));
    expect(r.license).toBe('CC-BY-SA-4.0');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('accepts an LGPL-2.0 without the heading repeated above its terms', () => {
    const r = identifyLicenseText(text('LGPL-2.0-only').replace(/GNU LIBRARY GENERAL PUBLIC LICENSE\s+TERMS AND CONDITIONS/, 'TERMS AND CONDITIONS'));
    expect(r.license).toBe('LGPL-2.0-only');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('drops a copyright statement re-wrapped so that "All rights reserved." starts the next line of license text', () => {
    const zpl = text('ZPL-2.0').replace(
      /Zope Public License \(ZPL\) Version 2\.0\s+This software is Copyright \(c\) Zope Corporation \(tm\) and Contributors\. All rights reserved\.\s+This license/,
      'Zope Public License (ZPL) Version 2.0 This software is Copyright (c) Zope\nCorporation (tm) and Contributors. All rights reserved. This license',
    );
    expect(zpl).toContain('Zope\nCorporation');
    expect(identifyLicenseText(zpl)).toMatchObject({ license: 'ZPL-2.0', confidence: 1 });
  });

  it('ignores a copyright notice written into the text, but not a restriction written with it', () => {
    const bsd = text('BSD-3-Clause');
    const notice = identifyLicenseText(bsd.replace('Redistribution and use', 'This software, Copyright Example Corp and all rights reserved by it, is licensed as follows. Redistribution and use'));
    expect(notice.license).toBe('BSD-3-Clause');
    const restricted = identifyLicenseText(bsd.replace('Redistribution and use', 'This software, Copyright Example Corp, may not be sold. Redistribution and use'));
    expect(restricted.license).toBe(UNKNOWN_LICENSE);
  });

  it('ignores years left out of the copyright notice a license quotes', () => {
    const psf = text('PSF-2.0').replace(/2010,\s+2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019 Python Software Foundation;/, '2010 Python Software Foundation;');
    expect(identifyLicenseText(psf)).toMatchObject({ license: 'PSF-2.0' });
    expect(identifyLicenseText(psf).confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });
});

describe('identifyLicenseText: licenses the SPDX list also gives part by part', () => {
  it.each<[string, string, string]>([
    ['both parts of OpenSSL', `${text('OpenSSL-standalone')}\n\n${text('SSLeay-standalone')}`, 'OpenSSL'],
    ['one part under the preamble saying both apply', `The OpenSSL toolkit stays under a dual license, i.e. both the conditions of\nthe OpenSSL License and the original SSLeay license apply to the toolkit.\n\n${text('OpenSSL-standalone')}`, 'OpenSSL'],
    ['one part alone', text('OpenSSL-standalone'), 'OpenSSL-standalone'],
  ])('%s', (_label, input, expected) => {
    expect(identifyLicenseText(input).license).toBe(expected);
  });
});

describe('identifyLicenseText: close relatives of a modified text', () => {
  it('a modified MPL 1.1 is not the CUA Office license, the MPL 1.1 with other names', () => {
    const input = text('MPL-1.1').replace(/Sections 3\.1, 3\.2, 3\.3, 3\.4 and 3\.5/, 'Section 3.1-3.5 above').replace('Covered Code in Executable form only if', 'Covered Code in any Executable form only when');
    const r = identifyLicenseText(input);
    expect(r.license).toBe(UNKNOWN_LICENSE);
    expect(r.matches[0]!.candidate?.expression).toMatch(/^(?:MPL-1\.1|CUA-OPL-1\.0)$/);
  });

  it('a text holding a license twice is not a match by its shingles alone', () => {
    const twice = `${text('Python-2.0')}\n\n${text('Python-2.0').replace(/BEOPEN/g, 'ACME').replace(/CNRI/g, 'ACME')}`;
    const r = identifyLicenseText(twice);
    for (const m of r.matches) if (m.differences?.includes('too different to compare word by word')) expect(m.confidence).toBeLessThan(ACCEPT_THRESHOLD);
  });
});

describe('identifyLicenseText: modal verbs of obligation', () => {
  const mit = text('MIT');
  it.each<[string, string, string]>([
    ['"shall be included" as "must be included"', mit.replace('shall be included', 'must be included'), 'MIT'],
    ['"shall" misspelt is a change', mit.replace('shall be included', 'saall be included'), UNKNOWN_LICENSE],
    ['"shall" as "may" is a change', mit.replace('shall be included', 'may be included'), UNKNOWN_LICENSE],
  ])('%s', (_label, input, expected) => {
    expect(identifyLicenseText(input).license).toBe(expected);
  });
});

describe('identifyLicenseText: a license that holds another whole', () => {
  it('Cube (a first line, Zlib, and a clause of its own) is Cube, not Zlib with added terms', () => {
    // Zlib's own words between Cube's first line and its clause 4.
    const zlibBody = text('Zlib').slice(text('Zlib').indexOf('This software'));
    // Not as published: the copyright statement wrapped onto the first line.
    const cube = `Cube game engine source code, 20 dec 2003 release. Copyright (C) 2001-2003\nWouter van Oortmerssen.\n\n${zlibBody}\n\nadditional clause specific to Cube:\n\n4. Source versions may not be "relicensed" under a different license without\nmy explicitly written permission.\n`;
    expect(identifyLicenseText(cube).license).toBe('Cube');
    expect(identifyLicenseText(`# Cube\n\nA game engine.\n\n## License\n\n${cube}`).license).toBe('Cube');
  });

  it('Zlib inside a README is still Zlib', () => {
    expect(identifyLicenseText(`# A library\n\nSome words about it.\n\n## License\n\n${text('Zlib')}\n\nThanks for reading.\n`).license).toBe('Zlib');
  });
});

describe('identifyLicenseText: "neither ... nor ... may be used" reworded', () => {
  const bsd3 = text('BSD-3-Clause');
  const clause = /Neither the name of the copyright holder nor the names of its contributors may be used/;
  it.each<[string, string, string]>([
    ['as "The names of <holder>\'s contributors may not be used"', bsd3.replace(clause, "The names of Acme's contributors may not be used"), 'BSD-3-Clause'],
    ['as "None of the names of <holder> and any contributors may be used"', bsd3.replace(clause, 'None of the names of Acme, Acme Inc and any contributors may be used'), 'BSD-3-Clause'],
    ['with the negation gone', bsd3.replace(clause, "The names of Acme's contributors may be used"), UNKNOWN_LICENSE],
    ['with the negation gone and a permission put in', bsd3.replace(clause, "The names of Acme's contributors may freely be used"), UNKNOWN_LICENSE],
  ])('%s', (_label, input, expected) => {
    expect(identifyLicenseText(input).license).toBe(expected);
  });
});
