import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ACCEPT_THRESHOLD, combine, identifyLicenseText, withException, type TextMatch } from './matcher.js';
import { referenceIndex } from './references.js';

// The exceptions and newer licenses imported from the SPDX License List XML
// (scripts/import-spdx-license-xml.js), as the matcher finds them in files written like real ones.
const require = createRequire(import.meta.url);
const list = require('spdx-license-list/full.js') as Record<string, { licenseText: string }>;
const data = (path: string) => readFileSync(new URL(`../../../data/licenses/${path}`, import.meta.url), 'utf8');
const exception = (id: string) => data(`exceptions/${id}.txt`);

/** Re-wraps a text at `width` columns, with `prefix` before every line (a comment block). */
function rewrap(text: string, width = 72, prefix = ''): string {
  return text
    .split(/\n\s*\n/)
    .map((para) => {
      const lines: string[] = [];
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        if (line && line.length + word.length + 1 > width) {
          lines.push(prefix + line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (line) lines.push(prefix + line);
      return lines.join('\n');
    })
    .join(`\n${prefix.trimEnd()}\n`);
}

describe('SPDX exceptions imported from the license list XML', () => {
  it('are in the reference table, with the list version they came from', () => {
    const index = referenceIndex();
    const ids = new Set(index.refs.filter((r) => r.kind === 'exception').map((r) => r.key));
    for (const id of ['389-exception', 'Classpath-exception-2.0', 'Classpath-exception-2.0-short', 'Fawkes-Runtime-exception', 'GCC-exception-2.0-note', 'Linux-syscall-note', 'LLVM-exception', 'SHL-2.1']) expect(ids).toContain(id);
    const manifest = JSON.parse(data('spdx-xml.json')) as { source: { version: string; commit: string }; exceptions: Record<string, string> };
    expect(manifest.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.exceptions['Classpath-exception-2.0']).toBe('Classpath exception 2.0');
    // Deprecated exceptions are left out: the matcher reports what replaced them.
    expect(ids).not.toContain('Nokia-Qt-exception-1.1');
  });

  it('answer a file holding only an exception with its id, keeping close relatives apart', () => {
    for (const id of ['Classpath-exception-2.0', 'Classpath-exception-2.0-short', 'Fawkes-Runtime-exception', 'GCC-exception-2.0', 'GCC-exception-2.0-note', 'Linux-syscall-note', 'LLGPL', 'GPL-CC-1.0', 'Bootloader-exception']) {
      const r = identifyLicenseText(rewrap(exception(id), 64, ' * '));
      expect([id, r.license, r.confidence >= ACCEPT_THRESHOLD]).toEqual([id, id, true]);
    }
  });

  it('answer the exception when its text holds the license notice it goes with (SPDX includes it)', () => {
    // 389-exception is worded as a GPL-2.0 notice followed by the exception: the whole is the exception.
    expect(identifyLicenseText(rewrap(exception('389-exception'))).license).toBe('389-exception');
  });

  it('compose <license> WITH <exception> when a license text or notice comes before the exception', () => {
    const notice = 'This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.';
    expect(identifyLicenseText(`${rewrap(notice, 70, '// ')}\n//\n${rewrap(exception('Classpath-exception-2.0-short'), 70, '// ')}\n`).license).toBe('GPL-2.0-or-later WITH Classpath-exception-2.0-short');
    expect(identifyLicenseText(`${list['GPL-2.0-only']!.licenseText}\n\n${rewrap(exception('Classpath-exception-2.0'))}`).license).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(identifyLicenseText(`${list['GPL-3.0-only']!.licenseText}\n\n${exception('GPL-3.0-linking-exception')}`).license).toBe('GPL-3.0-only WITH GPL-3.0-linking-exception');
    expect(identifyLicenseText(`${list['Apache-2.0']!.licenseText}\n\n${rewrap(exception('LLVM-exception'), 80)}`).license).toBe('Apache-2.0 WITH LLVM-exception');
  });

  it('do not give a confident id to an exception whose terms were changed', () => {
    const changed = exception('Classpath-exception-2.0').replace('you may extend this exception to your version of the library, but you are not obligated to do so', 'you must not extend this exception to your version of the library');
    expect(changed).not.toBe(exception('Classpath-exception-2.0'));
    const r = identifyLicenseText(changed);
    expect(r.license === 'Classpath-exception-2.0' && r.confidence >= ACCEPT_THRESHOLD).toBe(false);
    expect(r.license).not.toBe('Classpath-exception-2.0-short');
  });
});

describe('licenses newer than spdx-license-list, imported from the license list XML', () => {
  it('are matched by their text, apart from the older license they resemble', () => {
    for (const id of ['Bugroff', 'MVT-1.1', 'CC-BY-NC-3.0-IGO', 'atc-game']) {
      expect(list[id]).toBeUndefined();
      const r = identifyLicenseText(rewrap(data(`texts/${id}.txt`), 78));
      expect([id, r.license, r.confidence >= ACCEPT_THRESHOLD]).toEqual([id, id, true]);
    }
    expect(identifyLicenseText(list['MPL-2.0']!.licenseText).license).toBe('MPL-2.0');
    expect(identifyLicenseText(list['CC-BY-NC-ND-3.0-IGO']!.licenseText).license).toBe('CC-BY-NC-ND-3.0-IGO');
  });
});

describe('notices naming an exception (data/licenses/notices.yaml exceptions)', () => {
  it.each([
    [
      'GPL-3.0-or-later WITH GCC-exception-3.1',
      '// This library is free software; you can redistribute it and/or modify it under the\n// terms of the GNU General Public License as published by the Free Software Foundation;\n// either version 3, or (at your option) any later version.\n//\n// Under Section 7 of GPL version 3, you are granted additional\n// permissions described in the GCC Runtime Library Exception, version\n// 3.1, as published by the Free Software Foundation.',
    ],
    [
      'GPL-2.0-only WITH Classpath-exception-2.0',
      ' * This code is free software; you can redistribute it and/or modify it\n * under the terms of the GNU General Public License version 2 only, as\n * published by the Free Software Foundation.  Oracle designates this\n * particular file as subject to the "Classpath" exception as provided\n * by Oracle in the LICENSE file that accompanied this code.',
    ],
    ['Apache-2.0 WITH LLVM-exception', '// Part of the LLVM Project, under the Apache License v2.0 with LLVM Exceptions.\n// See https://llvm.org/LICENSE.txt for license information.'],
  ])('%s', (expected, text) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
    expect(r.matches.find((m) => m.kind === 'exception')?.method).toBe('notice');
  });

  it('leaves an unnamed special exception uncertain, as before', () => {
    const r = identifyLicenseText('This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License version 2 as published by the Free Software Foundation.\n\nAs a special exception, the author permits linking this file with the Frobnicator.');
    expect(r.license).toBe('GPL-2.0-only');
    expect(r.confidence).toBeLessThan(ACCEPT_THRESHOLD);
  });
});

describe('withException and combine', () => {
  it.each([
    ['GPL-2.0-only', 'Classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['CDDL-1.0 OR GPL-2.0-only', 'Classpath-exception-2.0', 'CDDL-1.0 OR GPL-2.0-only WITH Classpath-exception-2.0'],
    ['GPL-2.0-only OR CDDL-1.0', 'Classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0 OR CDDL-1.0'],
    ['(GPL-2.0-or-later OR MIT)', 'Autoconf-exception-2.0', '(GPL-2.0-or-later WITH Autoconf-exception-2.0 OR MIT)'],
    ['Apache-2.0', 'LLVM-exception', 'Apache-2.0 WITH LLVM-exception'],
    ['GPL-3.0-or-later WITH GCC-exception-3.1 AND GPL-2.0-only', 'Autoconf-exception-2.0', 'GPL-3.0-or-later WITH GCC-exception-3.1 AND GPL-2.0-only WITH Autoconf-exception-2.0'],
  ])('puts %s + %s as %s', (expression, exception, expected) => {
    expect(withException(expression, exception)).toBe(expected);
  });

  const match = (expression: string, kind: 'license' | 'exception', line: number) =>
    ({ expression, kind, confidence: 0.95, method: 'notice', startLine: line, endLine: line }) as TextMatch;

  it('does not add an exception again to a notice that already names it', () => {
    const notice = match('CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0', 'license', 1);
    expect(combine([notice, match('Classpath-exception-2.0', 'exception', 5)]).license).toBe('CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0');
    expect(combine([notice, match('Classpath-exception-2.0', 'exception', 5), match('MIT', 'license', 9)]).license).toBe('(CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0) AND MIT');
  });

  it('puts an exception on the GNU operand of a choice', () => {
    expect(combine([match('CDDL-1.0 OR GPL-2.0-only', 'license', 1), match('Classpath-exception-2.0', 'exception', 4)]).license).toBe('CDDL-1.0 OR GPL-2.0-only WITH Classpath-exception-2.0');
  });
});
