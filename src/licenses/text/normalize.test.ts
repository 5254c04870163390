import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_LICENSE, identifyLicenseText } from './matcher.js';
import { copyrightStatements, normalisedWords, stripMarkup, tokenize } from './normalize.js';

const list = createRequire(import.meta.url)('spdx-license-list/full.js') as Record<string, { licenseText: string }>;
const text = (id: string) => list[id]!.licenseText;
const words = (s: string) => normalisedWords(tokenize(s));

describe('stripMarkup', () => {
  it('turns tags into spaces and keeps every line where it was', () => {
    const html = '<HTML><BODY>\n<P><B>1. Definitions.</B><FONT\ncolor=#000000>Covered</FONT> Code &amp; &quot;Software&quot;&nbsp;&copy; 2001</P>';
    const out = stripMarkup(html);
    expect(out.length).toBe(html.length);
    expect(out.split('\n').length).toBe(html.split('\n').length);
    // A character reference becomes its character, padded to its length.
    expect(out.replace(/\s+/g, ' ').trim()).toBe('1. Definitions. Covered Code & " Software" (c) 2001');
  });

  it('leaves placeholders and addresses in angle brackets alone', () => {
    const s = '<p>Copyright <year> <copyright holders> <phk@FreeBSD.ORG></p> <one line to give the program\'s name> <title of the work>';
    expect(stripMarkup(s)).toContain("<year> <copyright holders> <phk@FreeBSD.ORG>");
    expect(stripMarkup(s)).toContain("<one line to give the program's name> <title of the work>");
  });

  it('leaves a text without HTML as it is', () => {
    const s = 'Copyright <year> <owner>. If a < b and c > d, AT&T; &amp; stays';
    expect(stripMarkup(s)).toBe(s);
  });
});

describe('tokenize: numbering', () => {
  it.each<[string, string, string]>([
    ['dotted numbering after a sentence', 'previous Modifications. 1.10. "Original Code" means', 'previous modifications original code means'],
    ['... after HTML markup', 'previous Modifications.<BR></P></UL><B>1.10. \'\'Original Code\'\'</B> means', 'previous modifications original code means'],
    ['not a version after an abbreviation', 'the Mozilla Public License, v. 2.0. If a copy', 'the mozilla public license v 2 0 if a copy'],
    ['not a section number in a sentence', 'requirements of Section 3.2. have been met', 'requirements of section 3 2 have been met'],
  ])('%s', (_label, input, expected) => {
    expect(words(input)).toBe(expected);
  });
});

describe('identifyLicenseText: licenses in HTML', () => {
  const asHtml = (t: string) =>
    `<!DOCTYPE html>\n<html><head><title>License</title></head><body>\n${t
      .split(/\n\s*\n/)
      .map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/^(\d)\. /m, '<b>$1.</b>&nbsp;')}</p>`)
      .join('\n')}\n</body></html>`;
  it.each(['MIT', 'BSD-3-Clause', 'Apache-2.0', 'MPL-2.0'])('%s as a web page', (id) => {
    expect(identifyLicenseText(asHtml(text(id))).license).toBe(id);
  });

  it('a modified license in HTML stays unknown', () => {
    const modified = text('MIT').replace('free of charge', 'for a fee of 10 dollars');
    expect(identifyLicenseText(asHtml(modified)).license).toBe(UNKNOWN_LICENSE);
  });
});

describe('tokenize: SPDX equivalent words of more than one word', () => {
  it.each<[string, string, string]>([
    ['copyright owner', 'IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS', 'in no event shall the copyright holder or contributors'],
    ['copyright owners', 'the copyright owners and contributors', 'the copyright holders and contributors'],
    ['per cent', 'ten per cent of the fee', 'ten percent of the fee'],
    ['sub license', 'copy, sub license and sell', 'copy sublicense and sell'],
    ['& between words', 'merchantability & fitness; AT&T', 'merchantability and fitness at t'],
    ['merchantibility', 'MERCHANTIBILITY', 'merchantability'],
  ])('%s', (_label, input, expected) => {
    expect(words(input)).toBe(expected);
  });
});

describe('tokenize: copyright statements', () => {
  it.each<[string, string, string]>([
    ['a reservation with its exception', 'Copyright 2000 Jane Doe. All Rights Reserved except as specified below.\nPermission is granted', 'permission is granted'],
    ['... the exception wrapped onto the next line', 'This software is copyright (C) 1991, Jane Doe. All Rights Reserved\nexcept as specified below.\nPermission is granted', 'this software is permission is granted'],
    ['... a name wrapped onto the next line, then the reservation', 'Copyright 1996-2002 by\nJane Doe. All rights reserved except as specified below.\n\nThe terms', 'the terms'],
    ['not a sentence of the license that says "except as specified below"', 'You may copy it, except as specified below.', 'you may copy it except as specified below'],
  ])('%s', (_label, input, expected) => {
    expect(words(input)).toBe(expected);
  });
});

describe('copyrightStatements: statements in a text run together on one line', () => {
  const statements = (s: string) => copyrightStatements(s).map(([a, b]) => s.slice(a, b));
  it.each<[string, string, string[]]>([
    ['ends with its reservation', 'Use it as follows. Copyright (c) 2000 The Apache Software Foundation. All rights reserved. Redistribution and use', ['Copyright (c) 2000 The Apache Software Foundation. All rights reserved.']],
    ['ends with its first sentence, not at an abbreviation', 'Copyright © 2002 Affero Inc. 510 Third Street, San Francisco. This license is a modified version', ['Copyright © 2002 Affero Inc. 510 Third Street, San Francisco.']],
    ['two statements', 'This License is Copyright (C) 2005 Lawrence E. Rosen. Permission is granted. Portions are (c) 2001 Jane Doe; all rights reserved. The end', ['Copyright (C) 2005 Lawrence E. Rosen.', '(c) 2001 Jane Doe; all rights reserved.']],
    ['none: the word in a sentence', 'a copyright license to reproduce the Work', []],
  ])('%s', (_label, input, expected) => {
    expect(statements(input)).toEqual(expected);
  });
});

describe('tokenize: the marks of Berkeley’s rescinded advertising clause', () => {
  const uc = (mark: string) =>
    `Copyright (c) 1990, 1993\n     The Regents of the University of California.  All rights reserved.\n\n${text('BSD-3-Clause')
      .replace(/^Copyright.*\n+/, '')
      .replace('3. Neither', `3. ${mark}\n4. Neither`)}`;

  it.each([
    '***REMOVED*** - see\n   ftp://ftp.cs.berkeley.edu/pub/4bsd/README.Impt.License.Change',
    '[rescinded 22 July 1999]',
    '<deleted> - see ftp://ftp.cs.berkeley.edu/pub/4bsd/README.Impt.License.Change',
  ])('drops "%s": the text is BSD-3-Clause', (mark) => {
    expect(words(uc(mark))).not.toMatch(/berkeley edu|rescinded/);
    const r = identifyLicenseText(uc(mark));
    expect(r.license).toBe('BSD-3-Clause');
    expect(r.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps a mention of the change that is not the mark of a removed clause', () => {
    expect(words('The clause was removed; see README for why.')).toContain('removed');
    expect(words('Read README.Impt.License.Change at ftp.cs.berkeley.edu')).toContain('readme impt');
  });
});
