import { describe, expect, it } from 'vitest';
import { classify } from '../licenses/classification.js';
import { incompatibility, isOsiApproved } from './index.js';

const cat = (e: string) => classify(e).category;

describe('incompatibility: third-party license inside a project license', () => {
  it.each([
    ['MIT', 'MIT', undefined],
    ['MIT', 'BSD-3-Clause', undefined],
    ['Apache-2.0', 'MIT', undefined],
    ['MIT', 'GPL-3.0-only', 'high'],
    ['MIT', 'AGPL-3.0-or-later', 'high'],
    ['Apache-2.0', 'GPL-2.0-or-later', 'high'],
    ['MIT', 'MPL-2.0', 'medium'],
    ['MIT', 'LGPL-2.1-only OR MIT', undefined],
    ['MPL-2.0', 'GPL-3.0-only', 'high'],
    ['GPL-3.0-only', 'MIT', undefined],
    ['GPL-3.0-or-later', 'LGPL-2.1-or-later', undefined],
    ['GPL-2.0-only', 'Apache-2.0', 'high'],
    ['GPL-2.0-only', 'GPL-3.0-only', 'high'],
    ['GPL-2.0-only', 'MIT', undefined],
    ['MIT', 'BUSL-1.1', 'high'],
    ['MIT', 'LicenseRef-acme-internal', 'medium'],
    ['MIT OR Apache-2.0', 'Apache-2.0', undefined],
  ])('%s project with %s code: %s', (project, third, severity) => {
    expect(incompatibility(project, third, cat)?.severity).toBe(severity);
  });

  it('says why', () => {
    expect(incompatibility('GPL-2.0-only', 'Apache-2.0', cat)?.reason).toBe(
      'Apache-2.0 cannot be combined with GPL-2.0-only (the FSF lists it as incompatible: extra patent terms or version 3 conditions)',
    );
  });
});

describe('isOsiApproved', () => {
  it.each([
    ['MIT', true],
    ['Apache-2.0', true],
    ['GPL-3.0-only', true],
    ['CC-BY-NC-4.0', false],
    ['BUSL-1.1', false],
    ['__proto__', false],
    ['constructor', false],
  ])('%s: %s', (id, approved) => {
    expect(isOsiApproved(id)).toBe(approved);
  });
});
