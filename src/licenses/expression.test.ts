import { describe, expect, it } from 'vitest';
import {
  licenseFromClassifier,
  licenseFromMaven,
  licenseFromNuspec,
  licenseFromPackageJson,
  licenseFromUrl,
  licenseRef,
  normalizeLicense,
  parseExpression,
} from './expression.js';

describe('normalizeLicense', () => {
  it.each([
    // valid SPDX, kept (case fixed, operators upper-cased)
    ['MIT', 'MIT', 'spdx'],
    ['mit', 'MIT', 'spdx'],
    ['Apache-2.0', 'Apache-2.0', 'spdx'],
    ['(MIT OR Apache-2.0)', 'MIT OR Apache-2.0', 'spdx'],
    ['MIT and Apache-2.0', 'MIT AND Apache-2.0', 'spdx'],
    ['(MIT OR GPL-3.0-or-later) AND BSD-3-Clause', '(MIT OR GPL-3.0-or-later) AND BSD-3-Clause', 'spdx'],
    ['MIT OR (Apache-2.0 AND BSD-2-Clause)', 'MIT OR Apache-2.0 AND BSD-2-Clause', 'spdx'],
    ['GPL-2.0-only WITH Classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0', 'spdx'],
    ['Apache-2.0 WITH LLVM-exception', 'Apache-2.0 WITH LLVM-exception', 'spdx'],
    ['LicenseRef-Acme-EULA', 'LicenseRef-Acme-EULA', 'spdx'],
    ['MPL-2.0+', 'MPL-2.0+', 'spdx'],
    ['0BSD', '0BSD', 'spdx'],
    ['BlueOak-1.0.0', 'BlueOak-1.0.0', 'spdx'],
    // deprecated ids mapped
    ['GPL-2.0', 'GPL-2.0-only', 'deprecated'],
    ['GPL-2.0+', 'GPL-2.0-or-later', 'deprecated'],
    ['GPL-3.0', 'GPL-3.0-only', 'deprecated'],
    ['gpl-3.0+', 'GPL-3.0-or-later', 'deprecated'],
    ['LGPL-2.1', 'LGPL-2.1-only', 'deprecated'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later', 'deprecated'],
    ['LGPL-3.0', 'LGPL-3.0-only', 'deprecated'],
    ['AGPL-3.0', 'AGPL-3.0-only', 'deprecated'],
    ['AGPL-1.0', 'AGPL-1.0-only', 'deprecated'],
    ['GFDL-1.3', 'GFDL-1.3-only', 'deprecated'],
    ['GPL-2.0-with-classpath-exception', 'GPL-2.0-only WITH Classpath-exception-2.0', 'deprecated'],
    ['GPL-3.0-with-GCC-exception', 'GPL-3.0-only WITH GCC-exception-3.1', 'deprecated'],
    ['(MIT OR GPL-2.0)', 'MIT OR GPL-2.0-only', 'deprecated'],
    ['GPL-2.0-only+', 'GPL-2.0-or-later', 'deprecated'],
    ['BSD-2-Clause-FreeBSD', 'BSD-2-Clause-Views', 'deprecated'],
    ['wxWindows', 'LGPL-2.0-or-later WITH WxWindows-exception-3.1', 'deprecated'],
    // free text corrected where unambiguous
    ['Apache 2', 'Apache-2.0', 'corrected'],
    ['Apache 2.0', 'Apache-2.0', 'corrected'],
    ['Apache License 2.0', 'Apache-2.0', 'corrected'],
    ['Apache License, Version 2.0', 'Apache-2.0', 'corrected'],
    ['The Apache Software License, Version 2.0', 'Apache-2.0', 'corrected'],
    ['MIT License', 'MIT', 'corrected'],
    ['The MIT License', 'MIT', 'corrected'],
    ['ISC License', 'ISC', 'corrected'],
    ['new BSD', 'BSD-3-Clause', 'corrected'],
    ['3-clause BSD', 'BSD-3-Clause', 'corrected'],
    ['Simplified BSD', 'BSD-2-Clause', 'corrected'],
    ['MPL 2.0', 'MPL-2.0', 'corrected'],
    ['Eclipse Public License 1.0', 'EPL-1.0', 'corrected'],
    ['GPLv2', 'GPL-2.0-only', 'corrected'],
    ['GPLv3+', 'GPL-3.0-or-later', 'corrected'],
    ['LGPLv3', 'LGPL-3.0-only', 'corrected'],
    ['GNU GPL v3', 'GPL-3.0-only', 'corrected'],
    ['zlib', 'Zlib', 'spdx'],
    ['CC0', 'CC0-1.0', 'corrected'],
    ['Artistic-2', 'Artistic-2.0', 'corrected'],
    ['MIT/Apache-2.0', 'MIT OR Apache-2.0', 'corrected'],
    ['MIT OR Apache 2', 'MIT OR Apache-2.0', 'corrected'],
    ['Apache License 2.0 AND MIT License', 'Apache-2.0 AND MIT', 'corrected'],
    // ambiguous names stay LicenseRefs: never a guessed version
    ['BSD', 'LicenseRef-BSD', 'unknown'],
    ['BSD License', 'LicenseRef-BSD-License', 'unknown'],
    ['GPL', 'LicenseRef-GPL', 'unknown'],
    ['LGPL', 'LicenseRef-LGPL', 'unknown'],
    ['Apache', 'LicenseRef-Apache', 'unknown'],
    ['Apache Software License', 'LicenseRef-Apache-Software-License', 'unknown'],
    ['Dual MIT/GPL', 'LicenseRef-Dual-MIT-GPL', 'unknown'],
    ['GPL-3.0 WITH Classpath', 'LicenseRef-GPL-3.0-WITH-Classpath', 'unknown'],
    ['Public Domain', 'LicenseRef-Public-Domain', 'unknown'],
    ['Commercial', 'LicenseRef-Commercial', 'unknown'],
    ['Proprietary / All rights reserved', 'LicenseRef-Proprietary-All-rights-reserved', 'unknown'],
    ['PSF', 'LicenseRef-PSF', 'unknown'],
    // npm specials
    ['UNLICENSED', 'LicenseRef-UNLICENSED', 'unlicensed'],
    ['SEE LICENSE IN LICENSE.md', 'LicenseRef-SEE-LICENSE-IN-LICENSE.md', 'see-file'],
  ])('%j -> %s (%s)', (raw, expression, kind) => {
    const n = normalizeLicense(raw);
    expect(n.expression).toBe(expression);
    expect(n.kind).toBe(kind);
    expect(n.raw).toBe(raw);
  });

  it.each(['', '   ', 'NONE', 'NOASSERTION', 'unknown'])('%j has no expression', (raw) => {
    const n = normalizeLicense(raw);
    expect(n.kind).toBe('none');
    expect(n.expression).toBeUndefined();
  });

  it('names the file npm points at', () => {
    expect(normalizeLicense('SEE LICENSE IN ./docs/EULA.txt').seeFile).toBe('./docs/EULA.txt');
  });

  it('scores valid SPDX above corrected text above unknown', () => {
    const s = (x: string) => normalizeLicense(x).score;
    expect(s('MIT')).toBe(1);
    expect(s('GPL-2.0')).toBeLessThan(1);
    expect(s('Apache 2')).toBeLessThan(s('GPL-2.0'));
    expect(s('BSD')).toBeLessThan(s('Apache 2'));
  });

  it('refuses an expression bomb of 5,000 nested parentheses quickly', () => {
    const bomb = '('.repeat(5000) + 'MIT' + ')'.repeat(5000);
    const t = Date.now();
    const n = normalizeLicense(bomb);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(n.kind).toBe('unknown');
    expect(n.expression).toMatch(/^LicenseRef-/);
    expect(n.problem).toMatch(/license text|too complex/);
    expect(parseExpression(bomb)).toBeUndefined();
    const deep = '('.repeat(200) + 'MIT' + ')'.repeat(200);
    expect(normalizeLicense(deep).problem).toMatch(/too complex/);
  });

  it('refuses a very long chain of terms', () => {
    const chain = Array.from({ length: 500 }, () => 'MIT').join(' OR ');
    expect(normalizeLicense(chain).kind).toBe('unknown');
  });

  it('treats a pasted license text as text, not an expression', () => {
    const n = normalizeLicense('Copyright (c) 2020 A\n\nPermission is hereby granted\nfree of charge');
    expect(n.problem).toBe('license text instead of an expression');
  });

  it('keeps __proto__ and odd characters out of LicenseRefs', () => {
    expect(normalizeLicense('__proto__').expression).toBe('LicenseRef-proto');
    expect(licenseRef('<script>alert(1)</script>')).toBe('LicenseRef-script-alert-1-script');
    expect(licenseRef('')).toBe('LicenseRef-unknown');
    expect(licenseRef('x'.repeat(500)).length).toBeLessThanOrEqual(75);
  });
});

describe('licenseFromUrl', () => {
  it.each([
    ['https://www.apache.org/licenses/LICENSE-2.0', 'Apache-2.0'],
    ['http://www.apache.org/licenses/LICENSE-2.0.txt', 'Apache-2.0'],
    ['https://apache.org/licenses/LICENSE-2.0.html', 'Apache-2.0'],
    ['https://opensource.org/licenses/MIT', 'MIT'],
    ['http://www.opensource.org/licenses/mit-license.php', 'MIT'],
    ['https://opensource.org/licenses/BSD-3-Clause', 'BSD-3-Clause'],
    ['https://www.gnu.org/licenses/old-licenses/gpl-2.0.html', 'GPL-2.0-only'],
    ['https://www.gnu.org/licenses/lgpl-3.0.txt', 'LGPL-3.0-only'],
    ['https://www.eclipse.org/legal/epl-v10.html', 'EPL-1.0'],
    ['https://www.mozilla.org/MPL/2.0/', 'MPL-2.0'],
    ['https://spdx.org/licenses/BSD-2-Clause.html', 'BSD-2-Clause'],
    ['https://licenses.nuget.org/MIT', 'MIT'],
    ['https://licenses.nuget.org/(MIT%20OR%20Apache-2.0)', 'MIT OR Apache-2.0'],
    ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0-1.0'],
    ['https://example.com/license', undefined],
    ['https://github.com/foo/bar/blob/master/LICENSE', undefined],
  ])('%s -> %s', (url, id) => {
    expect(licenseFromUrl(url)).toBe(id);
  });
});

describe('licenseFromClassifier', () => {
  it.each([
    ['License :: OSI Approved :: MIT License', 'MIT', 'classifier'],
    ['License :: OSI Approved :: Apache Software License', 'LicenseRef-Apache-Software-License', 'unknown'],
    ['License :: OSI Approved :: BSD License', 'LicenseRef-BSD-License', 'unknown'],
    ['License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)', 'GPL-3.0-or-later', 'classifier'],
    ['License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)', 'LGPL-2.0-only', 'classifier'],
    ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0', 'classifier'],
    ['License :: OSI Approved :: ISC License (ISCL)', 'ISC', 'classifier'],
    ['License :: Public Domain', 'LicenseRef-Public-Domain', 'unknown'],
    ['License :: Other/Proprietary License', 'LicenseRef-Other-Proprietary-License', 'unknown'],
  ])('%s -> %s', (classifier, expression, kind) => {
    expect(licenseFromClassifier(classifier)).toMatchObject({ expression, kind });
  });

  it.each(['License :: OSI Approved', 'Programming Language :: Python :: 3'])('%s names no license', (c) => {
    expect(licenseFromClassifier(c)).toBeUndefined();
  });
});

describe('licenseFromPackageJson', () => {
  it.each([
    ['MIT', undefined, 'MIT'],
    [{ type: 'ISC', url: 'https://opensource.org/licenses/ISC' }, undefined, 'ISC'],
    [undefined, [{ type: 'MIT' }, { type: 'Apache-2.0' }], 'MIT OR Apache-2.0'],
    [undefined, [{ type: 'GPL-2.0', url: 'x' }], 'GPL-2.0-only'],
    [undefined, ['MIT', 'BSD-3-Clause'], 'MIT OR BSD-3-Clause'],
    [undefined, [{ url: 'http://www.apache.org/licenses/LICENSE-2.0' }], 'Apache-2.0'],
    [{ __proto__: 'x' }, undefined, undefined],
    [42, undefined, undefined],
  ])('%j / %j -> %s', (license, licenses, expected) => {
    expect(licenseFromPackageJson(license, licenses)?.expression).toBe(expected);
  });
});

describe('licenseFromMaven', () => {
  it.each([
    [[{ name: 'The Apache Software License, Version 2.0', url: 'http://www.apache.org/licenses/LICENSE-2.0.txt' }], 'Apache-2.0'],
    [[{ name: 'Apache License', url: 'https://www.apache.org/licenses/LICENSE-2.0' }], 'Apache-2.0'],
    [[{ name: 'MIT' }], 'MIT'],
    [[{ name: 'EPL 2.0', url: 'https://www.eclipse.org/legal/epl-2.0/' }, { name: 'GPL2 w/ CPE', url: 'https://www.gnu.org/software/classpath/license.html' }], 'EPL-2.0 OR LicenseRef-GPL2-w-CPE'],
    [[{ name: 'Eclipse Distribution License - v 1.0', url: 'http://www.eclipse.org/org/documents/edl-v10.php' }], 'BSD-3-Clause'],
    [[{ url: 'https://example.com/eula' }], 'LicenseRef-https-example.com-eula'],
    [[], undefined],
  ])('%j -> %s', (entries, expected) => {
    expect(licenseFromMaven(entries)?.expression).toBe(expected);
  });
});

describe('licenseFromNuspec', () => {
  it.each([
    [{ type: 'expression', text: 'MIT' }, undefined, 'MIT'],
    [{ type: 'expression', text: 'Apache-2.0 OR MIT' }, undefined, 'Apache-2.0 OR MIT'],
    [{ type: 'file', text: 'LICENSE.txt' }, undefined, 'LicenseRef-FILE-LICENSE.txt'],
    [undefined, 'https://licenses.nuget.org/MIT', 'MIT'],
    [undefined, 'https://github.com/JamesNK/Newtonsoft.Json/blob/master/LICENSE.md', 'LicenseRef-https-github.com-JamesNK-Newtonsoft.Json-blob-master-LICENSE.md'],
    [{ type: 'expression', text: 'MIT' }, 'https://aka.ms/deprecateLicenseUrl', 'MIT'],
    [undefined, 'https://aka.ms/deprecateLicenseUrl', undefined],
  ])('%j / %s -> %s', (license, url, expected) => {
    expect(licenseFromNuspec(license, url)?.expression).toBe(expected);
  });
});
