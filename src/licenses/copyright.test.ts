import { describe, expect, it } from 'vitest';
import { extractCopyrights } from './copyright.js';

describe('extractCopyrights', () => {
  it.each([
    ['Copyright (c) 2020 Jane Doe', 'Copyright (c) 2020 Jane Doe'],
    ['Copyright (C) 2001-2023 Free Software Foundation, Inc.', 'Copyright (C) 2001-2023 Free Software Foundation, Inc.'],
    ['Copyright 2019-2021 The Foo Authors. All rights reserved.', 'Copyright 2019-2021 The Foo Authors. All rights reserved.'],
    ['© 2020 Acme Corp', '© 2020 Acme Corp'],
    ['(C) 2001 Bar Baz', '(C) 2001 Bar Baz'],
    ['Copyright © 2015, 2016 Someone', 'Copyright © 2015, 2016 Someone'],
    ['Copyright (c) Microsoft Corporation.', 'Copyright (c) Microsoft Corporation.'],
    [' * Copyright (c) 2010 Commented Out', 'Copyright (c) 2010 Commented Out'],
    ['# Copyright 2022 Hash Comment', 'Copyright 2022 Hash Comment'],
    ['// Copyright 2018 Google LLC', 'Copyright 2018 Google LLC'],
    ['/* Copyright (c) 2003 C Style */', 'Copyright (c) 2003 C Style'],
    ['Portions Copyright (c) 1999 Netscape', 'Portions Copyright (c) 1999 Netscape'],
    ['COPYRIGHT 2004   Upper   Case', 'COPYRIGHT 2004 Upper Case'],
    ['Copyright: 2012 Debian Style', 'Copyright: 2012 Debian Style'],
  ])('%j -> %j', (input, expected) => {
    expect(extractCopyrights(input).map((c) => c.text)).toEqual([expected]);
  });

  it.each([
    'Copyright (c) <year> <copyright holders>',
    'Copyright (C) <year>  <name of author>',
    'Copyright [yyyy] [name of copyright owner]',
    'The above copyright notice and this permission notice shall be included',
    'copyright notice, this list of conditions and the following disclaimer.',
    'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"',
    'Copyright',
    'Copyright and license',
    'copyright law',
    'Copyright {yyyy} {name of copyright owner}',
    'See the copyright file',
  ])('%j is boilerplate, not a statement', (input) => {
    expect(extractCopyrights(input)).toEqual([]);
  });

  it('reports each statement once with its line', () => {
    const text = 'MIT License\n\nCopyright (c) 2020 A\nCopyright (c) 2021 B\ncopyright (c) 2020 a\n\nPermission is hereby granted...\nthe above copyright notice';
    expect(extractCopyrights(text)).toEqual([
      { text: 'Copyright (c) 2020 A', line: 3 },
      { text: 'Copyright (c) 2021 B', line: 4 },
    ]);
  });

  it('stays bounded on huge and hostile input', () => {
    const huge = 'Copyright (c) 2020 X '.repeat(100_000) + '\n' + 'x\n'.repeat(200_000);
    const t = Date.now();
    const found = extractCopyrights(huge);
    expect(Date.now() - t).toBeLessThan(2000);
    expect(found).toHaveLength(1);
    expect(found[0]!.text.length).toBeLessThanOrEqual(301);
  });
});
