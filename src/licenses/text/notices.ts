import { wordOf, type TokenStream } from './normalize.js';
import type { TextMatch } from './matcher.js';

/**
 * Standard license notices, the short texts that point at a license rather than reproduce it:
 * the GNU "how to apply these terms" notice (whose "or (at your option) any later version"
 * decides -only versus -or-later, see https://spdx.org/licenses/ "-or-later" ids) and the
 * Apache-2.0 boilerplate. Matched on normalised words, so wrapping and comment syntax do not
 * matter.
 */

const GNU_NOTICE =
  /\b(?:gnu )?(lesser |library |affero )?general public license (?:as published by the free software foundation )(?:under )?(?:either )?(?:version|v) ?([123])(?: ([01]))?(?: of the license)?( or at your option any later version| or any later version| or later)?/g;
// "Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file
// except ...", and the ASF's "licenses this file to you under the Apache License, Version 2.0".
const APACHE_NOTICE = /\b(?:licensed|licenses this file to you) under the apache license version 2 0 the license you may not use this (?:file|work) except in compliance with the license/g;
const MPL_NOTICE = /\bthis source code form is subject to the terms of the mozilla public license v 2 0 if a copy of the mpl was not distributed with this file/g;
const FDL_NOTICE = /\bunder the terms of the gnu free documentation license version 1 ([123])( or any later version)?/g;

function gnuId(variant: string | undefined, major: string, minor: string | undefined): string | undefined {
  const v = variant?.trim();
  if (v === 'affero') return major === '3' ? 'AGPL-3.0' : undefined;
  if (v === 'lesser') return major === '3' ? 'LGPL-3.0' : major === '2' && minor === '1' ? 'LGPL-2.1' : undefined;
  // "GNU Library General Public License ... version 3" is a common slip for the Lesser GPL 3.
  if (v === 'library') return major === '2' ? (minor === '1' ? 'LGPL-2.1' : 'LGPL-2.0') : major === '3' ? 'LGPL-3.0' : undefined;
  return major === '1' ? 'GPL-1.0' : major === '2' ? 'GPL-2.0' : major === '3' ? 'GPL-3.0' : undefined;
}

/** Finds license notices among the tokens not `masked` (already part of a matched full text). */
export function findNotices(stream: TokenStream, masked: Uint8Array): TextMatch[] {
  const positions: number[] = [];
  const offsets: number[] = [];
  let text = '';
  for (let i = 0; i < stream.ids.length; i++) {
    if (masked[i]) {
      if (text && !text.endsWith('|')) text += ' |';
      continue;
    }
    if (text) text += ' ';
    offsets.push(text.length);
    positions.push(i);
    text += wordOf(stream.ids[i]!);
  }
  if (!text.includes('license')) return [];
  const tokenAt = (offset: number) => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return positions[lo]!;
  };
  const found: TextMatch[] = [];
  const lines = (m: RegExpExecArray) => ({
    startLine: stream.lines[tokenAt(m.index)]!,
    endLine: stream.lines[tokenAt(m.index + m[0].length - 1)]!,
  });
  for (const m of text.matchAll(GNU_NOTICE)) {
    const id = gnuId(m[1], m[2]!, m[3]);
    if (!id) continue;
    found.push({ expression: `${id}-${m[4] ? 'or-later' : 'only'}`, confidence: 0.95, method: 'notice', ...lines(m), kind: 'license' });
  }
  for (const m of text.matchAll(APACHE_NOTICE)) {
    found.push({ expression: 'Apache-2.0', confidence: 0.95, method: 'notice', ...lines(m), kind: 'license' });
  }
  for (const m of text.matchAll(MPL_NOTICE)) {
    found.push({ expression: 'MPL-2.0', confidence: 0.95, method: 'notice', ...lines(m), kind: 'license' });
  }
  for (const m of text.matchAll(FDL_NOTICE)) {
    found.push({ expression: `GFDL-1.${m[1]}-${m[2] ? 'or-later' : 'only'}`, confidence: 0.95, method: 'notice', ...lines(m), kind: 'license' });
  }
  return found;
}
