import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { ACCEPT_THRESHOLD, identifyLicenseText } from './matcher.js';
import { NOTICE_PATTERNS, compileNoticePatterns } from './notices.js';
import { normalisedWords, tokenize } from './normalize.js';
import { budget } from '../../test-support/budget.js';

const list = createRequire(import.meta.url)('spdx-license-list/full.js') as Record<string, { licenseText: string }>;

/** What the whole identification says of a text: the expression, and whether it is confident. */
function identify(text: string): { license: string | null; confident: boolean; methods: string[] } {
  const r = identifyLicenseText(text);
  return { license: r.license, confident: r.confidence >= ACCEPT_THRESHOLD, methods: r.matches.map((m) => m.method) };
}

/** A dual-license header in the GlassFish style, written for these tests. */
const GLASSFISH = (file: string, classpath: boolean) =>
  [
    ' * The contents of this file are subject to the terms of either the GNU',
    ' * General Public License Version 2 only ("GPL") or the Common Development',
    ' * and Distribution License("CDDL") (collectively, the "License").  You',
    ' * may not use this file except in compliance with the License.  You can',
    ` * obtain a copy of the License at https://example.org/public/${file}`,
    ' * See the License for the specific language governing permissions and',
    ' * limitations under the License.',
    ...(classpath ? [' *', ' * Example Corp designates this particular file as subject to the "Classpath"', ' * exception as provided by Example Corp in the GPL Version 2 section of the License', ' * file that accompanied this code.'] : []),
  ].join('\n');

describe('standard license notices', () => {
  it.each([
    [
      'GPL-2.0-or-later',
      '# This program is free software; you can redistribute it and/or modify\n# it under the terms of the GNU General Public License as published by\n# the Free Software Foundation; either version 2 of the License, or\n# (at your option) any later version.',
    ],
    ['GPL-3.0-or-later', ' * This program is free software: you can redistribute it and/or modify\n * it under the terms of the GNU General Public License as published by\n * the Free Software Foundation, either version 3 of the License, or\n * (at your option) any later version.'],
    // The version's date between it and "or later" (a notice from the GPLv2 era).
    ['GPL-2.0-or-later', 'This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation; version 2 dated June, 1991, or (at\nyour option) any later version.'],
    ['GPL-2.0-only', 'This program is free software; you can redistribute it and/or modify\nit under the terms of the GNU General Public License as published by\nthe Free Software Foundation; version 2 dated June, 1991.'],
    ['GPL-2.0-only', '// This program is free software; you can redistribute it and/or modify\n// it under the terms of the GNU General Public License version 2 as\n// published by the Free Software Foundation.'],
    ['GPL-2.0-only', ';; it under the terms of the GNU General Public License as published by\n;; the Free Software Foundation, using version 2 of the License.'],
    ['LGPL-2.1-or-later', '-- This library is free software; you can redistribute it and/or\n-- modify it under the terms of the GNU Lesser General Public\n-- License as published by the Free Software Foundation; either\n-- version 2.1 of the License, or (at your option) any later version.'],
    ['LGPL-2.0-or-later', 'dnl This library is free software; you can redistribute it and/or\ndnl modify it under the terms of the GNU Library General Public\ndnl License as published by the Free Software Foundation; either\ndnl version 2 of the License, or (at your option) any later version.'],
    ['LGPL-3.0-only', 'REM it under the terms of the GNU Lesser General Public License as published by\nREM the Free Software Foundation, version 3 of the License.'],
    ['LGPL-3.0-or-later', '# it under the terms of the Lesser GNU General Public License as published by\n# the Free Software Foundation, either version 3 of the License, or\n# (at your option) any later version.'],
    ['AGPL-3.0-or-later', '    it under the terms of the GNU Affero General Public License as published\n    by the Free Software Foundation, either version 3 of the License, or\n    (at your option) any later version.'],
    ['Apache-2.0', '// Licensed under the Apache License, Version 2.0 (the "License");\n// you may not use this file except in compliance with the License.\n// You may obtain a copy of the License at\n//\n//     http://www.apache.org/licenses/LICENSE-2.0'],
    ['Apache-2.0', '# Licensed to the Apache Software Foundation (ASF) under one or more contributor license agreements.\n# The ASF licenses this file to you under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with the License.'],
    ['MPL-2.0', '/* This Source Code Form is subject to the terms of the Mozilla Public\n * License, v. 2.0. If a copy of the MPL was not distributed with this\n * file, You can obtain one at http://mozilla.org/MPL/2.0/. */'],
    ['EPL-2.0', ' * This program and the accompanying materials are made available under the\n * terms of the Eclipse Public License v. 2.0 which is available at\n * http://www.eclipse.org/legal/epl-2.0.'],
    ['EPL-1.0', ' * All rights reserved. This program and the accompanying materials\n * are made available under the terms of the Eclipse Public License v1.0\n * which accompanies this distribution, and is available at\n * http://www.eclipse.org/legal/epl-v10.html'],
    ['CDDL-1.0', ' * The contents of this file are subject to the terms of the Common Development\n * and Distribution License (the "License") version 1.0.'],
    ['BSL-1.0', '//  Distributed under the Boost Software License, Version 1.0.\n//  (See accompanying file LICENSE_1_0.txt or copy at\n//  http://www.boost.org/LICENSE_1_0.txt)'],
    ['GFDL-1.3-or-later', 'Permission is granted to copy, distribute and/or modify this document\nunder the terms of the GNU Free Documentation License, Version 1.3\nor any later version published by the Free Software Foundation;'],
    // The GlassFish / Oracle dual-license header: the CDDL version by the license file's URL.
    ['CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0', GLASSFISH('CDDL+GPL_1_1.html', true)],
    ['CDDL-1.1 OR GPL-2.0-only', GLASSFISH('CDDL+GPL_1_1.html', false)],
    ['CDDL-1.0 OR GPL-2.0-only WITH Classpath-exception-2.0', GLASSFISH('CDDL+GPL.html', true)],
    ['CDDL-1.0 OR GPL-2.0-only', GLASSFISH('CDDL+GPL.html', false)],
    // There is no GPL 2.1: the Lesser GPL with "Lesser" left out.
    ['LGPL-2.1-or-later', '#    This library is free software; you can redistribute it and/or\n#    modify it under the terms of the GNU General Public\n#    License as published by the Free Software Foundation; either\n#    version 2.1 of the License, or (at your option) any later version.'],
    // The notice says whether there are Invariant Sections, and the SPDX ids say it too.
    ['GFDL-1.2-invariants-only', 'Permission is granted to copy, distribute and/or modify this document\nunder the terms of the GNU Free Documentation License, Version 1.2\npublished by the Free Software Foundation; with the Invariant Sections being "History",\nno Front-Cover Texts, and no Back-Cover Texts.'],
    ['GFDL-1.3-no-invariants-or-later', 'Permission is granted to copy, distribute and/or modify this document\nunder the terms of the GNU Free Documentation License, Version 1.3\nor any later version published by the Free Software Foundation;\nwith no Invariant Sections, no Front-Cover Texts, and no Back-Cover Texts.'],
    ['Artistic-1.0-Perl OR GPL-1.0-or-later', 'This library is free software; you can redistribute it and/or modify\nit under the same terms as Perl itself.'],
    [
      'bzip2-1.0.6',
      '/* ------------------------------------------------------------------\n   This file is part of bzip2/libbzip2, a program and library for\n   lossless, block-sorting data compression.\n\n   bzip2/libbzip2 version 1.0.8 of 13 July 2019\n   Copyright (C) 1996-2019 Julian Seward <jseward@acm.org>\n\n   Please read the WARNING, DISCLAIMER and PATENTS sections in the\n   README file.\n\n   This program is released under the terms of the license contained\n   in the file LICENSE.\n   ------------------------------------------------------------------ */',
    ],
    ['EPL-1.0 OR LGPL-2.1-only', ' * Copyright (C) 2010, Example Authors. All rights reserved.\n *\n * This program and the accompanying materials are dual-licensed under\n * either the terms of the Eclipse Public License v1.0 as published by\n * the Eclipse Foundation\n *\n *   or (per the licensee\'s choosing)\n *\n * under the terms of the GNU Lesser General Public License version 2.1\n * as published by the Free Software Foundation.'],
    ['EPL-1.0 OR BSD-3-Clause', ' * All rights reserved. This program and the accompanying materials\n * are made available under the terms of the Eclipse Public License v1.0\n * and Eclipse Distribution License v1.0 which accompany this distribution.'],
    ['Ruby', '# Copyright (c) 2007 Example Author\n# You can redistribute it and/or modify it under the same terms as Ruby.'],
    // The Mozilla-style headers (each license's Exhibit A).
    ['MPL-1.0', ' * The contents of this file are subject to the Mozilla Public License\n * Version 1.0 (the "License"); you may not use this file except in\n * compliance with the License. You may obtain a copy of the License at\n * http://www.mozilla.org/MPL/'],
    ['NPL-1.1', '# The contents of this file are subject to the Netscape Public\n# License Version 1.1 (the "License"); you may not use this file\n# except in compliance with the License.'],
    ['NPL-1.0', ' * The contents of this file are subject to the Netscape Public License\n * Version 1.0 (the "NPL"); you may not use this file except in\n * compliance with the NPL.'],
    ['ErlPL-1.1', '%% The contents of this file are subject to the Erlang Public License,\n%% Version 1.1, (the "License"); you may not use this file except in\n%% compliance with the License.'],
    ['APSL-2.0', ' * This file contains Original Code and/or Modifications of Original Code\n * as defined in and that are subject to the Apple Public Source License\n * Version 2.0 (the \'License\'). You may not use this file except in\n * compliance with the License.'],
    ['OpenSSL', ' * Licensed under the OpenSSL license (the "License").  You may not use\n * this file except in compliance with the License.  You can obtain a copy\n * in the file LICENSE in the source distribution.'],
    [
      'MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later',
      [
        '/* ***** BEGIN LICENSE BLOCK *****',
        ' * Version: MPL 1.1/GPL 2.0/LGPL 2.1',
        ' *',
        ' * The contents of this file are subject to the Mozilla Public License Version',
        ' * 1.1 (the "License"); you may not use this file except in compliance with',
        ' * the License. You may obtain a copy of the License at http://www.mozilla.org/MPL/',
        ' *',
        ' * The Original Code is the example widget library.',
        ' *',
        ' * Alternatively, the contents of this file may be used under the terms of',
        ' * either the GNU General Public License Version 2 or later (the "GPL"), or',
        ' * the GNU Lesser General Public License Version 2.1 or later (the "LGPL"),',
        ' * in which case the provisions of the GPL or the LGPL are applicable instead',
        ' * of those above. If you wish to allow use of your version of this file only',
        ' * under the terms of either the GPL or the LGPL, and not to allow others to',
        ' * use your version of this file under the terms of the MPL, indicate your',
        ' * decision by deleting the provisions above and replace them with the notice',
        ' * and other provisions required by the GPL or the LGPL. If you do not delete',
        ' * the provisions above, a recipient may use your version of this file under',
        ' * the terms of any one of the MPL, the GPL or the LGPL.',
        ' *',
        ' * ***** END LICENSE BLOCK ***** */',
      ].join('\n'),
    ],
    // The block's first line, where a file kept only that.
    ['MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later', '/*\n * Example SIP stack\n *\n * Version: MPL 1.1/GPL 2.0/LGPL 2.1\n *\n * 2009-06-15: fixed the event queue\n */'],
  ])('%s: %j', (expected, text) => {
    const r = identify(text);
    expect(r.license).toBe(expected);
    expect(r.confident).toBe(true);
    expect(r.methods.every((m) => m === 'notice' || m === 'reference')).toBe(true);
  });

  it('scores a notice below a full-text match and says where it is', () => {
    const r = identifyLicenseText('Some header\n\n * Licensed under the Apache License, Version 2.0 (the "License");\n * you may not use this file except in compliance with the License.\n');
    expect(r.matches).toEqual([{ expression: 'Apache-2.0', confidence: 0.95, method: 'notice', startLine: 3, endLine: 4, kind: 'license' }]);
  });

  it('reads a .po file\'s quoted, escaped lines', () => {
    const text = 'msgid ""\n"PyChess is free software; you can redistribute it and/or modify \\n"\n"it under the terms of the GNU General Public License as published by \\n"\n"the Free Software Foundation; either version 2 of the License, or \\n"\n"(at your option) any later version.\\n"\n';
    expect(identify(text).license).toBe('GPL-2.0-or-later');
  });
});

describe('license references', () => {
  it.each([
    ['MIT', 'Released under the MIT license'],
    ['MIT', '## License\n\nCopyright (c) 2012 Niklas von Hertzen\nLicensed under the MIT license.'],
    ['MIT', ' * This program is made available under the terms of the MIT License.'],
    ['BSD-3-Clause', 'This project is licensed under the BSD 3-clause license.'],
    ['BSD-3-Clause', 'It is distributed under the New BSD License.'],
    ['BSD-2-Clause', 'Licensed under the Simplified BSD License'],
    ['ISC', 'Released under the ISC license.'],
    ['Apache-2.0', 'This project is licensed under the Apache License, Version 2.0.'],
    ['Apache-2.0', 'Licensed under Apache-2.0'],
    ['MPL-2.0', 'The source is available under the terms of the Mozilla Public License, version 2.0.'],
    ['EPL-2.0', 'This code is made available under the Eclipse Public License 2.0.'],
    ['BSL-1.0', 'Distributed under the Boost Software License, Version 1.0.'],
    ['CC-BY-4.0', 'This work is licensed under a Creative Commons Attribution 4.0 International License.'],
    ['CC0-1.0', 'The data is released under CC0 1.0 Universal.'],
    ['Unlicense', 'This is free and unencumbered software released under the Unlicense.'],
    ['GPL-3.0-or-later', 'Licensed under GPL-3.0-or-later'],
    ['GPL-2.0-only', 'This file is licensed under the terms of the GNU General Public\n * License version 2. This program is licensed "as is" without any warranty.'],
    ['AGPL-3.0-only', 'You can use, redistribute, and/or modify this code under the terms of the GNU Affero General Public License version 3.'],
    ['LGPL-2.1-or-later', 'This library is licensed under the GNU Lesser General Public License version 2.1 or later.'],
    // The version before the name.
    ['GPL-2.0-only', ' * This program is free software; you can redistribute it and/or modify it\n * under the terms of version 2 of the GNU General Public License as published\n * by the Free Software Foundation.'],
    ['LGPL-2.1-only', ' * modify it under the terms of version 2.1 of the GNU Lesser General\n * Public License published by the Free Software Foundation.'],
    ['LGPL-2.1-or-later', '   The barrier code is taken from libgomp and available under version 2.1\n   or later of the GNU Lesser General Public License.'],
    ['GPL-2.0-or-later', 'The tools are licensed under version 2 or later of the GNU General Public License (GPLv2+).'],
    // "GNU Public License" for the GNU General Public License.
    ['LGPL-2.1-only', ' * All the sources are made available under the terms of the Lesser GNU Public License v2.1.'],
    ['LGPL-2.0-or-later', '// This file is placed under the conditions of the GNU Library\n// General Public License, version 2, or any later version.'],
    ['MIT', 'This project is under the MIT License.'],
    ['NCSA', '// This file is distributed under the University of Illinois Open Source\n// License. See LICENSE.TXT for details.'],
    ['BSD-3-Clause', '/* Distributed under the OSI-approved BSD 3-Clause License.  See accompanying\n   file Copyright.txt for details.  */'],
    ['AFL-2.1', ' * Licensed under the Academic Free License version 2.1'],
    ['CPL-1.0', 'The source code in this plug-in is subject to the terms and conditions of the Common Public License Version 1.0 ("CPL").'],
  ])('%s: %j', (expected, text) => {
    const r = identify(text);
    expect(r.license).toBe(expected);
    expect(r.confident).toBe(true);
  });

  it.each([
    ['MIT OR Apache-2.0', 'Dual licensed under MIT or Apache-2.0'],
    ['MIT OR Apache-2.0', 'This project is dual-licensed under the MIT and Apache 2.0 licenses.'],
    ['Apache-2.0 OR MIT', 'Licensed under either of Apache License, Version 2.0 or MIT license at your option.'],
    ['MIT AND CC-BY-4.0', 'The code is released under the MIT license and CC-BY-4.0.'],
    // After "dual licensed" or "tri-licensed", names side by side (a slash between) are options.
    ['MIT OR Apache-2.0', ' * Dual licensed under the MIT/Apache-2.0 licenses.'],
    ['MIT OR Apache-2.0 OR BSD-3-Clause', 'This crate is tri-licensed under MIT/Apache-2.0/BSD-3-Clause.'],
    // Without a choice lead, a name after a name is not a second license.
    ['MIT', 'Licensed under the MIT license Apache 2.0 compatible build scripts are included.'],
  ])('a notice naming two licenses: %s', (expected, text) => {
    const r = identify(text);
    expect(r.license).toBe(expected);
    expect(r.confident).toBe(true);
  });

  it.each([
    [
      'LGPL-3.0-or-later OR GPL-2.0-or-later',
      [
        'This module is free software.',
        'It is offered under a dual license: "the GNU LGPLv3+ or the GNU GPLv2+".',
        'You may redistribute it and/or modify it under either',
        '  - the terms of the GNU Lesser General Public License as published',
        '    by the Free Software Foundation; either version 3, or (at your',
        '    option) any later version, or',
        '  - the terms of the GNU General Public License as published by the',
        '    Free Software Foundation; either version 2, or (at your option)',
        '    any later version, or',
        '  - the same dual license "the GNU LGPLv3+ or the GNU GPLv2+".',
      ].join('\n'),
    ],
    [
      'LGPL-2.1-only OR GPL-2.0-only',
      ' * This library is free software; you can redistribute it and/or modify it under the terms of\n * the GNU Lesser General Public License version 2.1 as published by the Free Software Foundation,\n * or, at your option, under the terms of the GNU General Public License version 2 as published\n * by the Free Software Foundation.',
    ],
    ['LGPL-2.1-only OR GPL-2.0-only', '// This file is licensed under the GNU Lesser General Public License version 2.1,\n// or (at your option) under the GNU General Public License version 2.'],
    // freedesktop.org's headers: a reference, then "Or under the following terms:" and a GNU notice.
    [
      'AFL-2.0 OR LGPL-2.0-or-later',
      [
        '/* example-mime.c: reads the shared MIME database',
        ' * Licensed under the Academic Free License version 2.0',
        ' * Or under the following terms:',
        ' *',
        ' * This library is free software; you can redistribute it and/or',
        ' * modify it under the terms of the GNU Lesser General Public',
        ' * License as published by the Free Software Foundation; either',
        ' * version 2 of the License, or (at your option) any later version.',
        ' */',
      ].join('\n'),
    ],
    // Two versions of one GNU license.
    ['GPL-2.0-only OR GPL-3.0-only', ' * This module is free software; you can redistribute it and/or modify\n * it under the terms of the GNU General Public License as published by\n * the Free Software Foundation; either version 2 or 3 of the License.'],
    ['GPL-2.0-only OR GPL-3.0-only', '# You can redistribute this file and/or modify it under the terms of version 2\n# or version 3 of the GNU General Public License as published by the Free Software Foundation.'],
    ['LGPL-2.1-only OR LGPL-3.0-or-later', ' * modify it under the terms of the GNU Lesser General Public License as\n * published by the Free Software Foundation; either version 2.1 of the License, or\n * (at your option) version 3, or any later version.'],
    // KDE's "any later version accepted by the membership of KDE e.V." is not any later version.
    [
      'GPL-2.0-only OR GPL-3.0-only',
      ' * it under the terms of the GNU General Public License as published by the Free Software\n * Foundation; either version 2 of the License or (at your option) version 3 or any later version\n * accepted by the membership of KDE e.V. (or its successor approved by the membership of KDE\n * e.V.), which shall act as a proxy defined in Section 14 of version 3 of the license.',
    ],
  ])('a choice of GNU licenses or of their versions: %s', (expected, text) => {
    const r = identify(text);
    expect(r.license).toBe(expected);
    expect(r.confident).toBe(true);
  });

  it('keeps "version 2 or later" one license, not a choice of versions', () => {
    expect(identify(' * under the terms of the GNU General Public License as published by the Free Software Foundation;\n * either version 2 of the License, or (at your option) any later version.').license).toBe('GPL-2.0-or-later');
  });

  it('keeps two GNU notices joined by "and" as two terms', () => {
    const text = [
      ' * The library is free software; you can redistribute it and/or modify it under the terms of the',
      ' * GNU Lesser General Public License as published by the Free Software Foundation; either',
      ' * version 2.1 of the License, or (at your option) any later version, and the example programs',
      ' * under the terms of the GNU General Public License as published by the Free Software',
      ' * Foundation; either version 2 of the License, or (at your option) any later version.',
    ].join('\n');
    expect(identify(text).license).toBe('LGPL-2.1-or-later AND GPL-2.0-or-later');
  });

  it('a choice notice above the texts it names says how they combine', () => {
    const text = `This software is dual-licensed under the ISC and MIT licenses.\nYou may use this software under EITHER of the following licenses.\n\n----------\n\n${list.ISC!.licenseText}\n\n----------\n\n${list.MIT!.licenseText}\n`;
    const r = identifyLicenseText(text);
    expect(r.license).toBe('ISC OR MIT');
    expect(r.matches.map((m) => [m.expression, m.method])).toEqual([
      ['ISC OR MIT', 'reference'],
      ['ISC', 'exact'],
      ['MIT', 'exact'],
    ]);
  });

  it('keeps a notice after a choice, for another part of the work, beside it', () => {
    const text = [
      '/* ***** BEGIN LICENSE BLOCK *****',
      ' * Version: MPL 1.1/GPL 2.0/LGPL 2.1',
      ' * ***** END LICENSE BLOCK ***** */',
      '',
      'The bundled parser:',
      ' * This library is free software; you can redistribute it and/or modify it under the terms of the',
      ' * GNU Lesser General Public License as published by the Free Software Foundation; either',
      ' * version 2.1 of the License, or (at your option) any later version.',
    ].join('\n');
    expect(identifyLicenseText(text).license).toBe('(MPL-1.1 OR GPL-2.0-or-later OR LGPL-2.1-or-later) AND LGPL-2.1-or-later');
  });

  it('reads "Alternatively ... under" a named license as a choice', () => {
    const text = ' * This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License version 2 as published by the Free Software Foundation.\n *\n * Alternatively, this file may be distributed under the terms of the MIT license.';
    const r = identifyLicenseText(text);
    expect(r.license).toBe('GPL-2.0-only OR MIT');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it.each([
    [
      'MPL-1.1 OR GPL-2.0-or-later',
      [
        ' * The contents of this file are subject to the Mozilla Public License Version 1.1 (the "License");',
        ' * you may not use this file except in compliance with the License. You may obtain a copy of the',
        ' * License at http://www.mozilla.org/MPL/',
        ' *',
        ' * Software distributed under the License is distributed on an "AS IS" basis, WITHOUT WARRANTY OF',
        ' * ANY KIND, either express or implied. See the License for the specific language governing rights',
        ' * and limitations under the License.',
        ' *',
        ' * The Original Code is the example text editor component.',
        ' * Contributor(s): Jane Doe.',
        ' *',
        ' * Alternatively, the contents of this file may be used under the terms of the GNU General Public',
        ' * License Version 2 or later (the "GPL"), in which case the provisions of the GPL are applicable',
        ' * instead of those above. If you wish to allow use of your version of this file only under the',
        ' * terms of the GPL and not to allow others to use your version of this file under the MPL, indicate',
        ' * your decision by deleting the provisions above and replace them with the notice and other',
        ' * provisions required by the GPL.',
      ].join('\n'),
    ],
    [
      'GPL-3.0-only OR Apache-2.0',
      [
        'This program is free software: you can redistribute it and/or modify it under',
        'the terms of the GNU General Public License version 3, as published by the',
        'Free Software Foundation.',
        '',
        'This program is distributed in the hope that it will be useful, but WITHOUT',
        'ANY WARRANTY; without even the implied warranties of MERCHANTABILITY or FITNESS',
        'FOR A PARTICULAR PURPOSE.  See the GNU General Public License for more details.',
        '',
        'Alternatively, this program may be used under the terms of the Apache License,',
        'Version 2.0, in which case the provisions of that license are applicable',
        'instead of those above.',
      ].join('\n'),
    ],
    [
      // JRuby's block: the Mozilla-style one with the Eclipse Public License first.
      'EPL-2.0 OR GPL-2.0-or-later OR LGPL-2.1-or-later',
      [
        '/***** BEGIN LICENSE BLOCK *****',
        ' * Version: EPL 2.0/GPL 2.0/LGPL 2.1',
        ' *',
        ' * The contents of this file are subject to the Eclipse Public License Version 2.0 (the "License");',
        ' * you may not use this file except in compliance with the License. You may obtain a copy of the',
        ' * License at http://www.eclipse.org/legal/epl-v20.html',
        ' *',
        ' * Copyright (C) 2019 Example Author <author@example.org>',
        ' *',
        ' * Alternatively, the contents of this file may be used under the terms of either of the GNU',
        ' * General Public License Version 2 or later (the "GPL"), or the GNU Lesser General Public License',
        ' * Version 2.1 or later (the "LGPL"), in which case the provisions of the GPL or the LGPL are',
        ' * applicable instead of those above. If you do not delete the provisions above, a recipient may',
        ' * use your version of this file under the terms of any one of the EPL, the GPL or the LGPL.',
        ' ***** END LICENSE BLOCK *****/',
      ].join('\n'),
    ],
  ])('reads "Alternatively" after a standard header and its paragraphs as a choice: %s', (expected, text) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('reads "Alternatively" right after a license text as a choice of the two', () => {
    const text = `${list['BSD-2-Clause']!.licenseText}\n\nAlternatively, the contents of this file may be used under the terms of\nthe GNU General Public License ("GPL") version 2 or any later version,\nin which case the provisions of the GPL are applicable instead of the above.\n`;
    const r = identifyLicenseText(text);
    expect(r.license).toBe('BSD-2-Clause OR GPL-2.0-or-later');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('keeps a license text and a later grant for another part, with no "Alternatively", as two terms', () => {
    const text = `${list['BSD-2-Clause']!.licenseText}\n\nThe bundled scripts are distributed under the terms of the GNU General Public License version 2.\n`;
    expect(identifyLicenseText(text).license).toBe('BSD-2-Clause AND GPL-2.0-only');
  });

  it('leaves a vague name that titles the text after it to the text', () => {
    const text = `This header file may also be distributed under the terms of the BSD Licence as follows:\n\n${list['BSD-2-Clause']!.licenseText}\n`;
    expect(identifyLicenseText(text).license).toBe('BSD-2-Clause');
  });

  it('puts a choice beside another license in parentheses', () => {
    const text = `Dual licensed under MIT or Apache-2.0.\n\nThe bundled font:\n\n${list['BSD-3-Clause']!.licenseText}\n`;
    expect(identifyLicenseText(text).license).toBe('(MIT OR Apache-2.0) AND BSD-3-Clause');
  });

  it.each([
    ['a license that is merely compatible', 'This library is GPL-compatible.'],
    ['compatible with', 'Our license is compatible with the GPL version 3.'],
    ['a negation', 'This code is not licensed under the GPL.'],
    ['a negation, further back', 'This package is not released under the MIT license.'],
    ['no license named', 'See LICENSE for details.'],
    ['no license named, with a lead', 'This software is released under the license found in the LICENSE file.'],
    ['a style, not the license', 'It is released under an MIT-style license.'],
    ['a style, not the license (BSD)', 'Distributed under a BSD-like license.'],
    ['a title alone', 'GNU General Public License version 2'],
    ['a "for more details" sentence', 'See the GNU General Public License for more details.'],
    ['a trove classifier list', 'License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)'],
    ['a plain word', 'The zlib library is distributed under its own terms.'],
    ['Ruby or a GNU license whose "+" is lost', '# You can redistribute it and/or modify it under the same terms as Ruby 1.8 or\n# the GPLv2+ (GPLv3+ preferred)'],
    ['another work\'s terms', 'you have permission to link or combine any covered work with a work licensed under version 3 of the GNU Affero General Public License into a single combined work'],
  ])('no confident answer for %s', (_what, text) => {
    const r = identify(text);
    expect(r.confident && r.license !== null).toBe(false);
  });

  it("reads nothing into other software's license (CPython's license history)", () => {
    const text = '(1) GPL-compatible doesn\'t mean that we\'re distributing Python under\n    the GPL.  All Python licenses, unlike the GPL, let you distribute\n    a modified version without making your changes open source. The\n    GPL-compatible licenses make it possible to combine Python with\n    other software that is released under the GPL; the others don\'t.';
    expect(identify(text).license).toBeNull();
  });

  it.each([
    ['an unversioned GPL (any version, but often meant as the one in COPYING)', 'This file is subject to the terms and conditions of the GNU General Public License.  See the file COPYING for more details.', 'GPL-1.0-or-later'],
    ['"GPLv2", whose "+" normalisation cannot see', 'Licensed under the GPLv2', 'GPL-2.0-only'],
    ['a GNU notice with a special exception it cannot name', ' * it under the terms of the GNU General Public License version 2 only, as published by the Free Software Foundation.\n * As a special exception, the copyright holders give you permission to link this library', 'GPL-2.0-only'],
    ['a choice of a license it cannot name', ' * it under the terms of the GNU General Public License version 2 as published by the Free Software Foundation.\n *\n * Alternatively, this software may be distributed under the terms of the Example Corp license.', 'GPL-2.0-only'],
    // "BSD license" may be any of the BSD licenses (most often the 3-clause).
    ['a choice of a vague name', ' * it under the terms of the GNU General Public License version 2 as published by the Free Software Foundation.\n *\n * Alternatively, this software may be distributed under the terms of BSD license.\n * See README and COPYING for more details.', 'GPL-2.0-only OR BSD-3-Clause'],
    ['a vague name', '# This software may be modified and distributed under the terms\n# of the BSD license.  See the LICENSE file for details.', 'BSD-3-Clause'],
    // jQuery plugins' header: the files or addresses in brackets do not end the list.
    ['a dual license with its files in brackets', ' * Dual licensed under the MIT (MIT-LICENSE.txt)\n * and GPL (GPL-LICENSE.txt) licenses.', 'MIT OR GPL-1.0-or-later'],
    ['a dual license with its addresses in brackets', '/* Dual licensed under the MIT (http://www.opensource.org/licenses/mit-license.php)\n * and GPL (http://www.opensource.org/licenses/gpl-license.php) licenses. */', 'MIT OR GPL-1.0-or-later'],
    ['a list that goes on with an unnamed license', 'The contents of this file are subject to the terms of either the GNU General Public License Version 2 only ("GPL") or the Common Development and Distribution License("CDDL")', 'GPL-2.0-only'],
    ['the Apache notice with another name', 'Licensed under the MIT License (the "License"); you may not use this file except in compliance with the License.', 'MIT'],
    ['a choice with a deprecated GNU id whose "+" may be lost', '# Licensed under MPL 1.1 or GPL 2.0+', 'MPL-1.1 OR GPL-2.0-only'],
    ['a slash list with a GNU short name whose "+" may be lost', ' * Dual licensed under the MIT/GPL2 licenses.', 'MIT OR GPL-2.0-only'],
    ['a choice whose other terms are not a notice', ' * Licensed under the Academic Free License version 2.1\n * Or under the following terms: see the file COPYING.OTHER.', 'AFL-2.1'],
    ['an unversioned "GNU Public License"', ' * Copyright (C) 1994 Example Author.  This file may be redistributed\n * under the terms of the GNU Public License.', 'GPL-1.0-or-later'],
    ['an unversioned LGPL under its conditions', ' * May be distributed under the conditions of the\n * GNU Library General Public License', 'LGPL-2.0-or-later'],
    [
      'a grant of a version of a license it cannot name',
      'The programs are licensed under version 2 or later of the GNU General Public License, their documentation under version 4.0 or later of the Creative Commons Attribution-ShareAlike International Public License.',
      'GPL-2.0-or-later',
    ],
  ])('evidence without confidence for %s', (_what, text, license) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(license);
    expect(r.confidence).toBeLessThan(ACCEPT_THRESHOLD);
  });
});

describe('a text that is only a license\'s name', () => {
  it.each([
    ['Apache-2.0', 'Apache License 2.0\n'],
    ['GPL-3.0-only', 'GNU General Public License v3.0'],
    ['BSD-2-Clause', 'BSD 2-Clause "Simplified" License'],
    ['LPPL-1.3c', 'LaTeX Project Public License v1.3c'],
    ['CC0-1.0', 'Creative Commons Zero v1.0 Universal'],
    ['MIT', 'Copyright (c) 2021 Example Author\n\nMIT License\n'],
  ])('%s as evidence: %j', (expected, text) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeLessThan(ACCEPT_THRESHOLD);
  });

  it('is not read where a text follows the name', () => {
    const r = identifyLicenseText(`MIT License\n\n${list.MIT!.licenseText}\n`);
    expect(r.license).toBe('MIT');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it.each([
    ['a family, not a license', 'GNU General Public License family'],
    ['a sentence about a license', 'We might move to the Apache License 2.0 next year, if the lawyers agree.'],
  ])('is not read for %s', (_what, text) => {
    expect(identifyLicenseText(text).license).toBeNull();
  });
});

describe('license fields', () => {
  it.each([
    ['MIT', ' * @license MIT\n */\nexport const x = 1;', true],
    ['Apache-2.0', 'Name:         example\nLicense:      Apache-2.0\nGroup:        Development/Libraries', true],
    ['GPL-2.0-only', '/**\n * @package Example\n * @license GNU GPL v2\n */', false],
    ['GPL-1.0-or-later', 'Name:    btrace\nLicense: GPL\nGroup:   foo', false],
  ])('%s', (expected, text, confident) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(expected);
    expect(r.confidence >= ACCEPT_THRESHOLD).toBe(confident);
  });

  it.each([
    ['a name that does not fill the line', 'License: MIT for the code, CC-BY-4.0 for the images'],
    ['a field that names no license', 'License: see the file COPYING'],
    ['"License" starting a sentence', 'The tool reads the\nlicense MIT projects declare and prints it.'],
  ])('is not read for %s', (_what, text) => {
    const r = identifyLicenseText(text);
    expect(r.license === 'MIT' && r.confidence >= ACCEPT_THRESHOLD).toBe(false);
  });
});

describe('license URLs', () => {
  it.each([
    ['Apache-2.0', '    http://www.apache.org/licenses/LICENSE-2.0'],
    ['MIT', ' * @license http://www.opensource.org/licenses/mit-license.php'],
    ['MIT', 'License: https://opensource.org/licenses/MIT'],
    ['BSD-3-Clause', 'https://opensource.org/licenses/BSD-3-Clause'],
    ['GPL-3.0-only', 'see https://www.gnu.org/licenses/gpl-3.0.html'],
    ['LGPL-2.1-only', '<https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html>'],
    ['CC-BY-SA-4.0', 'see https://creativecommons.org/licenses/by-sa/4.0/'],
    ['CC-BY-NC-ND-3.0', 'http://creativecommons.org/licenses/by-nc-nd/3.0/'],
    ['CC0-1.0', 'http://creativecommons.org/publicdomain/zero/1.0/'],
    ['MPL-2.0', 'https://mozilla.org/MPL/2.0/'],
    ['EPL-1.0', 'http://www.eclipse.org/legal/epl-v10.html'],
    ['BSL-1.0', 'http://www.boost.org/LICENSE_1_0.txt'],
    ['ISC', 'https://spdx.org/licenses/ISC.html'],
    ['MIT', 'http://choosealicense.com/licenses/mit/'],
    ['Apache-2.0', 'https://choosealicense.com/licenses/apache-2.0/'],
    ['MIT', 'https://mit-license.org/'],
    ['Apache-2.0', 'On Debian systems, the complete text of the Apache License, Version 2.0\ncan be found in "/usr/share/common-licenses/Apache-2.0".'],
    ['BSD-3-Clause', 'more, pg and wall may be redistributed under the terms of the UCB BSD license\nfound on Debian systems in the file /usr/share/common-licenses/BSD'],
  ])('%s: %j', (expected, text) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(expected);
    expect(r.matches.map((m) => m.method)).toEqual(['url']);
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
    expect(r.confidence).toBeLessThan(1);
  });

  it.each([
    ['GPL-2.0-only', '  You should have received a copy of the GNU General Public License with the\n  Debian GNU/Linux distribution in file /usr/share/common-licenses/GPL-2; if\n  not, write to the Free Software Foundation, Inc.'],
    ['LGPL-2.1-only', 'On Debian systems, the complete text of the GNU Lesser General Public License\nversion 2.1 can be found in /usr/share/common-licenses/LGPL-2.1.'],
    ['GFDL-1.3-only', 'On Debian systems, the complete text of the GFDL can be found in /usr/share/common-licenses/GFDL-1.3.'],
  ])('a Debian GNU license file names the text, not -only or -or-later: %s as evidence', (expected, text) => {
    const r = identifyLicenseText(text);
    expect(r.license).toBe(expected);
    expect(r.confidence).toBeLessThan(ACCEPT_THRESHOLD);
  });

  it('keeps the GNU notice, not the Debian file it points at', () => {
    const text = 'This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.\n\nOn Debian systems, the full text of the GNU General Public License version 2 can be found in the file /usr/share/common-licenses/GPL-2.';
    const r = identifyLicenseText(text);
    expect(r.license).toBe('GPL-2.0-or-later');
    expect(r.confidence).toBeGreaterThanOrEqual(ACCEPT_THRESHOLD);
  });

  it('does not read a list of license URLs as a grant', () => {
    const text = ['http://creativecommons.org/licenses/by/4.0/', 'http://creativecommons.org/licenses/by-sa/4.0/', 'http://www.apache.org/licenses/LICENSE-2.0', 'https://opensource.org/licenses/MIT'].join('\n');
    expect(identifyLicenseText(text).license).toBeNull();
  });

  it('does not add a "see" link beside a full license text', () => {
    const mit = readFileSync(new URL('./__fixtures__/mit-wrapped-crlf.txt', import.meta.url), 'utf8');
    expect(identifyLicenseText(`${mit}\nSee also http://creativecommons.org/publicdomain/zero/1.0/\n`).license).toBe('MIT');
  });

  it('keeps the notice, not the URL, where a GNU notice links its text', () => {
    const text = ' * it under the terms of the GNU General Public License as published by\n * the Free Software Foundation; either version 2 of the License, or\n * (at your option) any later version.\n * See http://www.gnu.org/licenses/old-licenses/gpl-2.0.html';
    expect(identifyLicenseText(text).license).toBe('GPL-2.0-or-later');
  });
});

describe('hostile input', () => {
  it.each([
    ['a megabyte of leads', 'Licensed under the MIT or '.repeat(40_000)],
    ['a megabyte of GNU notices', 'GNU General Public License as published by the Free Software Foundation version 2 '.repeat(12_000)],
    ['a megabyte of half URLs', 'http://opensource.org/licenses/ '.repeat(30_000)],
  ])('%s: bounded time and evidence', (_what, text) => {
    const started = performance.now();
    const r = identifyLicenseText(text);
    expect(performance.now() - started).toBeLessThan(budget(15_000));
    expect(r.matches.length).toBeLessThanOrEqual(200);
  });
});

describe('normalisation for notices', () => {
  it.each([
    ['a version number at the end of a sentence', 'under the GNU General Public License version 2.', 'under the gnu general public license version 2'],
    ['a word hyphenated across lines', 'person ob-\ntaining a copy', 'person obtaining a copy'],
    ['an upper-case word hyphenated across lines', 'AND NONIN-\nFRINGEMENT', 'and noninfringement'],
    ['a hyphen that is a dash', 'the Software -\nSee below', 'the software see below'],
    ['string escapes', '"modify \\n"\n"it under"', 'modify it under'],
    ['comment words', 'dnl it under the\nREM terms of\n@rem the', 'it under the terms of the'],
  ])('%s', (_what, text, words) => {
    expect(normalisedWords(tokenize(text))).toBe(words);
  });
});

describe('data/licenses/notices.yaml', () => {
  it('compiles, and every URL and name resolves to an SPDX id', () => {
    const p = compileNoticePatterns(readFileSync(NOTICE_PATTERNS, 'utf8'));
    expect(p.notices.length).toBeGreaterThan(5);
    expect(p.urls.length).toBeGreaterThan(5);
  });

  it.each([
    ['not a mapping', '- a\n- b\n', /YAML mapping/, undefined],
    ['a bad pattern', 'notices:\n  - license: MIT\n    pattern: "(unclosed"\nleads: []\nnames: {}\nurls: []\n', /invalid pattern/, '/notices/0/pattern'],
    ['a confidence of a full text', 'confidence:\n  notice: 1\nnotices: []\nleads: []\nnames: {}\nurls: []\n', /between 0 and 1/, '/confidence/notice'],
    ['a list where a mapping belongs', 'notices: []\nleads: []\nnames: []\nurls: []\n', /names must be a mapping/, '/names'],
    ['vague names as a list', 'notices: []\nleads: []\nnames: {}\nvague: []\nurls: []\n', /vague must be a mapping/, '/vague'],
    ['a URL more confident than a URL', 'notices: []\nleads: []\nnames: {}\nurls:\n  - license: MIT\n    pattern: "mit"\n    confidence: 0.99\n', /at most the url confidence/, '/urls/0/confidence'],
  ])('refuses %s, naming where', (_what, yaml, message, pointer) => {
    let err: unknown;
    try {
      compileNoticePatterns(yaml, 'bad.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).file).toBe('bad.yaml');
    expect((err as InputError).pointer).toBe(pointer);
  });
});
