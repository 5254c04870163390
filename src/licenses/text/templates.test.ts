import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ACCEPT_THRESHOLD, UNKNOWN_LICENSE, identifyLicenseText } from './matcher.js';
import { tokenize } from './normalize.js';
import { amendVariable, compileTemplate, letterRegex, matchTemplate, templateOf, type TemplatePart } from './templates.js';
import { budget } from '../../test-support/budget.js';

const require = createRequire(import.meta.url);
const list = require('spdx-license-list/full.js') as Record<string, { licenseText: string }>;
const text = (id: string) => list[id]!.licenseText;

describe('letterRegex: SPDX <alt match> over normalised letters', () => {
  it.each<[string, string, boolean]>([
    ['Software|Materials', 'materials', true],
    ['Software|Materials', 'materialsx', false],
    ['this\\s+software\\s+and\\s+associated\\s+documentation\\s+files', 'thissoftwareandassociateddocumentationfiles', true],
    ['<phk@FreeBSD.ORG>|<phk@login\\.dkuug\\.dk>', 'phkfreebsdorg', true],
    ['<phk@FreeBSD.ORG>|<phk@login\\.dkuug\\.dk>', 'phkloginxdkuugdk', false],
    ['(The\\s+name\\s+of.+may\\s+not)', 'thenameofacmeincmaynot', true],
    ['(The\\s+name\\s+of.+may\\s+not)', 'thenameofmaynot', false],
    [amendVariable('(The\\s+name\\s+of.+may\\s+not)'), 'thenamesofacmeincmaynot', true],
    [amendVariable('(Neither\\s+the\\s+names?\\s+of.+nor)'), 'neitherthenamesofacmenor', true],
    ['EXPRESS(ED)?', 'expressed', true],
    ['[Cc]opyright\\s*\\(c\\)', 'copyrightc', true],
    ['()|( of the theme)', '', true],
  ])('%s ~ %s: %s', (source, letters, matches) => {
    expect(letterRegex(source)!.test(letters)).toBe(matches);
  });

  it('gives null for a pattern that does not compile', () => {
    expect(letterRegex('(unclosed')).toBeNull();
  });
});

describe('matchTemplate', () => {
  const parts: TemplatePart[] = [
    { o: ['The Widget License'] },
    'Permission is granted to use ',
    { v: 'this\\s+software|the\\s+materials', d: 'this software' },
    ' for any purpose',
    { o: [', free of charge'] },
    '. IN NO EVENT SHALL ',
    { v: '.+', d: 'THE AUTHORS' },
    ' BE LIABLE.',
  ];
  const t = compileTemplate(parts);
  const ids = (s: string) => tokenize(s).ids;
  it.each<[string, string, boolean]>([
    ['as written', 'The Widget License. Permission is granted to use this software for any purpose, free of charge. In no event shall the authors be liable.', true],
    ['optional parts left out', 'Permission is granted to use this software for any purpose. In no event shall the authors be liable.', true],
    ['variable text put differently', 'Permission is granted to use the materials for any purpose. In no event shall Acme Widgets, Inc. be liable.', true],
    ['a variable outside its pattern', 'Permission is granted to use the code for any purpose. In no event shall the authors be liable.', false],
    ['a literal word changed', 'Permission is granted to use this software for some purposes. In no event shall the authors be liable.', false],
    ['a sentence left out', 'Permission is granted to use this software for any purpose.', false],
  ])('%s: %s', (_label, input, fits) => {
    const s = ids(input);
    expect(matchTemplate(t, s, 0, s.length, s.length)).toBe(fits ? s.length : -1);
  });

  it('"Portions Copyright <names>" in the terms fits whatever of the statement the tokenizer left', () => {
    const t2 = compileTemplate(['You must say so in the documentation. Portions Copyright ', { v: 'Jane Doe', d: 'Jane Doe' }, ' Altered versions must be marked.']);
    for (const input of [
      'You must say so in the documentation.\n\nPortions Copyright (c) 2002 Ann Roe or Copyright (c) 2003\nBen Poe, Cy Loe\n\nAltered versions must be marked.',
      'You must say so in the documentation. Portions Copyright Jane Doe Altered versions must be marked.',
    ]) {
      const s = ids(input);
      expect(matchTemplate(t2, s, 0, s.length, s.length)).toBe(s.length);
    }
  });

  it('a copyright statement run together with the terms fits a file that gives it lines of its own', () => {
    // SPDX templates hold paragraphs on one line; a file breaks the statement over lines the
    // tokenizer drops whole or in part, and drops the words after it on its last line.
    const t3 = compileTemplate(['Print an announcement as follows: Copyright (c) 1999 Widget Works, Inc., All Rights Reserved. This software is free and provided as is without warranty. You may copy it.']);
    for (const input of [
      'Print an announcement as follows:\n\n  Copyright (c) 1999 Widget Works, Inc., All Rights Reserved. This software\n  is free and provided as is without warranty.\n\nYou may copy it.',
      'Print an announcement as follows:\nCopyright (c) 1999 Widget Works, Inc.,\nDivision of Acme Holdings\nThis software is free and provided as is without warranty. You may copy it.',
      'Print an announcement as follows: This software is free and provided as is without warranty. You may copy it.',
    ]) {
      const s = ids(input);
      expect(matchTemplate(t3, s, 0, s.length, s.length)).toBe(s.length);
    }
    // ... but the gap it leaves takes a name, not terms.
    const s = ids('Print an announcement as follows:\nCopyright (c) 1999 Widget Works, Inc.,\nfor non-commercial use only\nThis software is free and provided as is without warranty. You may copy it.');
    expect(matchTemplate(t3, s, 0, s.length, s.length)).toBe(-1);
  });

  it('"Copyright <years> The Regents ... All rights reserved." is all statement: a file without it fits', () => {
    const t4 = templateOf('BSD-4-Clause-UC')!;
    const body = text('BSD-4-Clause-UC').replace(/^.*\n\nCopyright \[various years\] The Regents of the University of California\. All rights reserved\.\n/, '');
    for (const input of [body, `Copyright (c) 1988, 1993\n\tThe Regents of the University of California.  All rights\n\treserved.\n${body}`]) {
      const s = ids(input);
      expect(matchTemplate(t4, s, 0, s.length, s.length)).toBe(s.length);
    }
    // The names the statement may hold are not terms.
    const s = ids(`Copyright (c) 1988 The Regents of the University of California.\nFor non-commercial use only.\n${body}`);
    expect(matchTemplate(t4, s, 0, s.length, s.length)).toBe(-1);
  });

  it('list numbering inside a paragraph fits a file that starts a line with it, and one that does not', () => {
    // The tokenizer drops numbering that starts a line (SPDX B.8) and keeps "(ii)" inside one.
    const terms = text('Apache-2.0').slice(0, text('Apache-2.0').indexOf('END OF TERMS AND CONDITIONS'));
    const rewrapped = terms.replace(' or (ii) ownership', ' or\n(ii) ownership').replace(', or (iii) beneficial', ', or\n(iii) beneficial');
    expect(rewrapped).not.toBe(terms);
    for (const input of [terms, rewrapped]) {
      const s = ids(input);
      expect(matchTemplate(templateOf('Apache-2.0')!, s, 0, s.length, s.length)).toBe(s.length);
    }
    const t5 = compileTemplate(["as given in the Document's license notice. H. Include an unaltered copy of this License."]);
    for (const input of ["as given in the Document's license notice. H. Include an unaltered copy of this License.", "as given in the Document's license notice.\n\nH. Include an unaltered copy of this License."]) {
      const s = ids(input);
      expect(matchTemplate(t5, s, 0, s.length, s.length)).toBe(s.length);
    }
    const other = ids("as given in the Document's license notice. Include a copy of this License.");
    expect(matchTemplate(t5, other, 0, other.length, other.length)).toBe(-1);
  });

  it('a reservation wrapped onto the next line ("All rights reserved except as / specified below") is still statement', () => {
    const ftl = text('FTL');
    const sentence = 'The FreeType Project is copyright (C) 1996-2000 by David Turner, Robert Wilhelm, and Werner Lemberg. All rights reserved except as specified below.';
    expect(ftl).toContain(sentence);
    const wrap = (reservation: string) => ftl.replace(sentence, `The FreeType  Project is copyright (C) 1996-2000  by David Turner,\nRobert Wilhelm, and Werner Lemberg.  ${reservation}`);
    const s = ids(wrap('All rights reserved except as\nspecified below.'));
    expect(matchTemplate(templateOf('FTL')!, s, 0, s.length, s.length)).toBe(s.length);
    const restricted = ids(wrap('All rights reserved except for\nnon-commercial use.'));
    expect(matchTemplate(templateOf('FTL')!, restricted, 0, restricted.length, restricted.length)).toBe(-1);
  });

  it('an ending left optional inside a word ("name<optional>s</optional>") fits the word written either way', () => {
    const ntp = (names: string, make: string) =>
      `Copyright 1995 by Widget Works\n\nPermission to use, copy, modify, and distribute this software and its documentation for any purpose is hereby granted, provided that the ${names} of Widget Works and Acme not be used in advertising or publicity pertaining to distribution of the software without specific, written prior permission. Widget Works and Acme ${make} no representations about the suitability of this software for any purpose. It is provided "as is" without express or implied warranty.`;
    for (const input of [ntp('name', 'make'), ntp('names', 'makes')]) {
      const s = ids(input);
      expect(matchTemplate(templateOf('NTP-0')!, s, 0, s.length, s.length)).toBe(s.length);
    }
    const other = ids(ntp('namesake', 'make'));
    expect(matchTemplate(templateOf('NTP-0')!, other, 0, other.length, other.length)).toBe(-1);
  });

  it('stops at a bound of visited states on pathological templates', () => {
    const wild = compileTemplate(Array.from({ length: 40 }, () => ({ v: '.*', d: '' })).flatMap((v) => [v, 'a ']));
    const s = ids('a '.repeat(2000) + 'b');
    const started = performance.now();
    expect(matchTemplate(wild, s, 0, s.length, s.length)).toBe(-1);
    expect(performance.now() - started).toBeLessThan(budget(2000));
  });
});

describe('identifyLicenseText: texts that fit the SPDX template, not the plain text', () => {
  it('ships the SPDX templates', () => {
    expect(templateOf('MIT')).toBeDefined();
    expect(templateOf('BSD-3-Clause')!.vars.length).toBeGreaterThan(3);
  });

  it.each<[string, string, string]>([
    ['MIT for "Materials"', text('MIT').replace(/Software(?!")/g, 'Materials').replace('SOFTWARE IS', 'MATERIALS ARE').replace(/SOFTWARE\./g, 'MATERIALS.').replace('WITH THE SOFTWARE', 'WITH THE MATERIALS'), 'MIT'],
    ['BSD-3-Clause with "original" and "The name of X may not"', text('BSD-3-Clause').replace(/the above copyright/g, 'the original copyright').replace(/Neither the name of the copyright holder nor the names of its contributors may/, 'The name of Widget Works Ltd. may not'), 'BSD-3-Clause'],
  ])('%s', (_label, input, expected) => {
    const r = identifyLicenseText(input);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('HPND without its optional disclaimer, for a named holder (a reference the plain texts rank far down)', () => {
    const hpnd = text('HPND').replace(/\n\n<copyright holder> DISCLAIMS[^]*$/, '\n').replace('<copyright holder> or <related entities>', 'M.I.T.').replace('<copyright holder> makes', 'M.I.T. makes').replace('Copyright <year> <copyright holder>', 'Copyright 1989 Massachusetts Institute of Technology');
    const r = identifyLicenseText(hpnd);
    expect(r.license).toBe('HPND');
  });

  it('a close relative accepted as itself is not displaced by a looser template further off', () => {
    // Not as published (no title, one word changed): compared word by word, accepted with a difference.
    const uc = text('BSD-4-Clause-UC').replace(/^.*\n/, '').replace('Copyright [various years] The Regents', 'Copyright (c) 1990, 1993 The Regents').replace('with or without modification', 'with or without modifications');
    expect(identifyLicenseText(uc).license).toBe('BSD-4-Clause-UC');
  });

  it('AGPL-1.0 with its copyright block on lines of its own, as Affero published it', () => {
    const published = text('AGPL-1.0').replace(
      /^AFFERO GENERAL PUBLIC LICENSE\nVersion 1, March 2002 Copyright © 2002 Affero Inc\. 510 Third Street - Suite 225, San Francisco, CA 94107, USA\n\nThis license is a modified version of the GNU General Public License copyright \(C\) 1989, 1991 Free Software Foundation, Inc\. made with their permission\./,
      'AFFERO GENERAL PUBLIC LICENSE\nVersion 1, March 2002\n\nCopyright \u00a9 2002 Affero Inc.\n510 Third Street - Suite 225, San Francisco, CA 94107, USA\n\nThis license is a modified version of the GNU General Public License\ncopyright (C) 1989, 1991 Free Software Foundation, Inc. made with their permission.',
    );
    expect(published).not.toBe(text('AGPL-1.0'));
    expect(identifyLicenseText(published).license).toBe('AGPL-1.0-only');
    const restricted = published.replace('San Francisco, CA 94107, USA\n', 'San Francisco, CA 94107, USA\nCommercial use is prohibited.\n');
    expect(identifyLicenseText(restricted).license).not.toMatch(/^AGPL/);
  });

  it('BSD-3-Clause with a non-endorsement clause naming several names ("The names of ... may not be used")', () => {
    const clause = 'The names of Example Labs, Inc., the Sample Consortium, or the names of\n   any consortium members, or of any contributors, may not be used to\n   endorse or promote products derived from this software without\n   specific prior written permission.';
    const input = text('BSD-3-Clause').replace(/Neither the name of the copyright holder nor[\s\S]*?prior written permission\./, clause);
    expect(input).toContain('The names of Example Labs');
    const r = identifyLicenseText(`Copyright (c) 2002 Example Labs, Inc.\nAll rights reserved.\n\n${input}`);
    expect(r.license).toBe('BSD-3-Clause');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
    // The same clause turned into a permission is a change of terms.
    expect(identifyLicenseText(input.replace('may not be used', 'may be used')).confidence).toBeLessThan(ACCEPT_THRESHOLD);
  });

  it('still calls a text with a changed term modified', () => {
    const input = text('MIT').replace(/Software(?!")/g, 'Materials').replace('free of charge', 'for a fee');
    expect(identifyLicenseText(input).license).toBe(UNKNOWN_LICENSE);
  });
});
