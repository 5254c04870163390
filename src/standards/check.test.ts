import { symlinkSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/index.js';
import { checkRepository, resultFindings, STANDARDS_RULES, type StandardsResult } from './index.js';
import { licenseText, lockfile, repoFactory } from './test-repos.js';

const repos = repoFactory();
afterAll(() => repos.cleanup());
const now = new Date('2025-06-01T00:00:00Z');

const status = (r: StandardsResult) => Object.fromEntries(r.rules.map((x) => [x.id, x.status]));
const rule = (r: StandardsResult, id: string) => r.rules.find((x) => x.id === id)!;

describe('checkRepository: a clean publishable project', () => {
  it('passes every rule (REUSE skipped: it does not use REUSE)', () => {
    const result = checkRepository(repos.make({}), { now, displayPath: 'demo' });
    expect(status(result)).toEqual({
      'repo/license-present': 'pass',
      'repo/license-identified': 'pass',
      'repo/license-approved': 'pass',
      'repo/readme': 'pass',
      'repo/contributing': 'pass',
      'repo/code-of-conduct': 'pass',
      'repo/security-policy': 'pass',
      'repo/codeowners': 'pass',
      'repo/license-headers': 'pass',
      'repo/reuse': 'skip',
      'repo/no-secrets': 'pass',
      'repo/third-party-licenses': 'pass',
      'repo/dependency-policy': 'pass',
    });
    expect(result.license).toEqual({ expression: 'MIT', files: ['LICENSE'] });
    expect(result.path).toBe('demo');
    expect(result.checkedAt).toBe('2025-06-01T00:00:00.000Z');
    expect(result.summary).toEqual({ rules: { pass: 12, fail: 0, warn: 0, skip: 1 }, findings: { total: 0, open: 0, suppressed: 0, failing: 0 }, failOn: 'high', passed: true });
    expect(result.issues).toEqual([]);
  });

  it('covers every rule in the catalogue, in its order', () => {
    const result = checkRepository(repos.make({}), { now });
    expect(result.rules.map((r) => r.id)).toEqual(STANDARDS_RULES.map((r) => r.id));
  });

  it('finds the community files in docs/ and .github/ too', () => {
    const dir = repos.make({ 'README.md': null, 'docs/README.rst': 'demo\n====\n', 'CONTRIBUTING.md': null, '.github/CONTRIBUTING.md': 'PRs welcome\n', '.github/CODEOWNERS': null, 'docs/CODEOWNERS': '* @a\n' });
    const result = checkRepository(dir, { now });
    expect([rule(result, 'repo/readme').note, rule(result, 'repo/contributing').note, rule(result, 'repo/codeowners').note]).toEqual(['docs/README.rst', '.github/CONTRIBUTING.md', 'docs/CODEOWNERS']);
  });
});

describe('checkRepository: each rule fails on its own broken fixture', () => {
  const gpl = lockfile('GPL-3.0-only', 'gpl-dep');
  it.each([
    ['no LICENSE', { LICENSE: null }, 'repo/license-present', 'fail', 'high', 'No LICENSE file at the repository root'],
    ['a modified license text', { LICENSE: licenseText('MIT').replace('WITHOUT WARRANTY OF ANY KIND', 'WITH A WARRANTY, BUT ONLY ON TUESDAYS,') + '\nYou may not use this for evil.\n' }, 'repo/license-identified', 'fail', 'high', 'LICENSE is not a recognised license text'],
    ['prose that is no license', { 'LICENSE.md': 'All rights reserved. Ask us first.\n', LICENSE: null }, 'repo/license-identified', 'fail', 'high', 'LICENSE.md is not a recognised license text'],
    ['a license that is not OSI-approved', { LICENSE: licenseText('CC-BY-NC-4.0') }, 'repo/license-approved', 'fail', 'high', 'CC-BY-NC-4.0 is not an OSI-approved license'],
    ['no README', { 'README.md': null }, 'repo/readme', 'fail', 'high', 'No README file'],
    ['an empty README', { 'README.md': '  \n\n' }, 'repo/readme', 'fail', 'high', 'README is empty'],
    ['no CONTRIBUTING', { 'CONTRIBUTING.md': null }, 'repo/contributing', 'warn', 'medium', 'No CONTRIBUTING file'],
    ['no CODE_OF_CONDUCT', { 'CODE_OF_CONDUCT.md': null }, 'repo/code-of-conduct', 'warn', 'medium', 'No CODE_OF_CONDUCT file'],
    ['an empty SECURITY.md', { '.github/SECURITY.md': '' }, 'repo/security-policy', 'warn', 'medium', 'SECURITY.md is empty'],
    ['CODEOWNERS with only comments', { '.github/CODEOWNERS': '# nobody yet\n\n' }, 'repo/codeowners', 'warn', 'low', 'CODEOWNERS is empty'],
    ['untagged source files', { 'src/more.py': 'print(1)\n' }, 'repo/license-headers', 'warn', 'low', '1 of 3 source files have no SPDX-License-Identifier tag'],
    ['REUSE without the license text', { 'LICENSES/Apache-2.0.txt': licenseText('Apache-2.0') }, 'repo/reuse', 'warn', 'medium', 'LICENSES/MIT.txt is missing'],
    ['vendored GPL code in an MIT project', { 'vendor/gpl-thing/COPYING': licenseText('GPL-3.0-only'), 'vendor/gpl-thing/lib.c': 'int f(void) { return 1; }\n' }, 'repo/third-party-licenses', 'fail', 'high', 'vendor/gpl-thing/COPYING: GPL-3.0-only code in a MIT project'],
    ['a copied file tagged AGPL', { 'src/copied.js': '// SPDX-License-Identifier: AGPL-3.0-or-later\nexport {};\n' }, 'repo/third-party-licenses', 'fail', 'high', 'src/copied.js: AGPL-3.0-or-later code in a MIT project'],
    ['a dependency the default policy denies', { 'package-lock.json': gpl }, 'repo/dependency-policy', 'fail', 'high', null],
  ])('%s', (_name, files, id, expected, severity, title) => {
    const result = checkRepository(repos.make(files as Record<string, string | null>), { now });
    const r = rule(result, id);
    expect(r.status).toBe(expected);
    expect(r.findings[0]!.severity).toBe(severity);
    if (title) expect(r.findings[0]!.title).toBe(title);
    // Nothing else breaks: the fixture isolates its rule.
    const others = result.rules.filter((x) => x.id !== id && x.status !== 'pass' && x.status !== 'skip').map((x) => x.id);
    const allowed: Record<string, string[]> = {
      'repo/license-present': ['repo/license-identified', 'repo/license-approved', 'repo/third-party-licenses'],
      'repo/license-identified': [],
      'repo/license-approved': [],
      'repo/license-headers': [],
    };
    expect(others.filter((o) => !(allowed[id] ?? []).includes(o))).toEqual([]);
  });

  it('explains why third-party code is incompatible', () => {
    const result = checkRepository(repos.make({ 'vendor/gpl-thing/COPYING': licenseText('GPL-3.0-only') }), { now });
    expect(rule(result, 'repo/third-party-licenses').findings[0]!.message).toBe(
      "vendor/gpl-thing/COPYING (license text, line 1) is under GPL-3.0-only: GPL-3.0-only is strong-copyleft: a work that includes it must be distributed under GPL-3.0-only as a whole, which the project's MIT (permissive) license does not do.",
    );
  });

  it('dependency findings keep the policy rule and component', () => {
    const result = checkRepository(repos.make({ 'package-lock.json': lockfile('GPL-3.0-only', 'gpl-dep') }), { now });
    const f = rule(result, 'repo/dependency-policy').findings;
    expect(f.map((x) => [x.kind, x.componentId])).toEqual([['license', 'pkg:npm/gpl-dep@1.0.0']]);
    expect(f[0]!.ruleId).not.toMatch(/^repo\//);
  });

  it('with a policy, the project license must be allowed for the distribution model', () => {
    const policy = parsePolicy(
      ['version: 1', 'licenses:', '  - id: no-weak-copyleft', '    action: deny', '    categories: [weak-copyleft]', '    severity: high', '    message: Weak copyleft', '    howToFix: Use a permissive license', ''].join('\n'),
      'ospo.policy.yaml',
    );
    const dir = repos.make({ LICENSE: licenseText('MPL-2.0'), 'src/index.js': '// SPDX-License-Identifier: MPL-2.0\n', 'src/util.ts': '// SPDX-License-Identifier: MPL-2.0\n' });
    const result = checkRepository(dir, { now, policy });
    const r = rule(result, 'repo/license-approved');
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.title)).toEqual(['MPL-2.0 is denied by the policy for distributed-binary']);
    expect(r.findings[0]!.details).toMatchObject({ policyRule: 'no-weak-copyleft', outcome: 'deny' });
    expect(rule(checkRepository(dir, { now }), 'repo/license-approved').status).toBe('pass');
  });

  it('a failing rule turns to warn below --fail-on, and the summary follows the gate', () => {
    const dir = repos.make({ 'README.md': null });
    expect(checkRepository(dir, { now }).summary.passed).toBe(false);
    const lax = checkRepository(dir, { now, failOn: 'critical' });
    expect(rule(lax, 'repo/readme').status).toBe('warn');
    expect(lax.summary.passed).toBe(true);
  });
});

describe('checkRepository: REUSE', () => {
  it('passes with every license text in LICENSES/ and names invalid tags', () => {
    const ok = checkRepository(repos.make({ 'LICENSES/MIT.txt': licenseText('MIT') }), { now });
    expect(rule(ok, 'repo/reuse').status).toBe('pass');
    const bad = checkRepository(repos.make({ 'LICENSES/MIT.txt': licenseText('MIT'), 'src/bad.js': '// SPDX-License-Identifier: MIT OR\n' }), { now });
    expect(rule(bad, 'repo/reuse').findings.map((f) => [f.title, f.locations])).toEqual([['Invalid SPDX-License-Identifier in src/bad.js:1', [{ file: 'src/bad.js', line: 1 }]]]);
  });

  it('reads licenses from REUSE.toml annotations, and a broken REUSE.toml is a finding', () => {
    const toml = '[[annotations]]\npath = "assets/**"\nSPDX-License-Identifier = "CC-BY-4.0"\nSPDX-FileCopyrightText = "2025 Example"\n';
    const r = checkRepository(repos.make({ 'REUSE.toml': toml, 'LICENSES/MIT.txt': licenseText('MIT') }), { now });
    expect(rule(r, 'repo/reuse').findings.map((f) => f.title)).toEqual(['LICENSES/CC-BY-4.0.txt is missing']);
    const broken = checkRepository(repos.make({ 'REUSE.toml': '[[annotations\n' }), { now });
    expect(rule(broken, 'repo/reuse').findings.map((f) => f.title)).toEqual(['REUSE.toml cannot be read', 'LICENSES/MIT.txt is missing']);
  });
});

describe('checkRepository: hostile and unreadable input', () => {
  it('refuses a path that is not a directory, naming it', () => {
    expect(() => checkRepository('/nonexistent/ospo-repo', { displayPath: 'nope' })).toThrow(/cannot read: no such directory/);
    const dir = repos.make({});
    expect(() => checkRepository(join(dir, 'README.md'), {})).toThrow(/not a directory/);
  });

  it('never follows a LICENSE or README link out of the tree', () => {
    const outside = mkdtempSync(join(tmpdir(), 'ospo-outside-'));
    try {
      writeFileSync(join(outside, 'text'), licenseText('MIT'));
      const dir = repos.make({ LICENSE: null, 'README.md': null });
      symlinkSync(join(outside, 'text'), join(dir, 'LICENSE'));
      symlinkSync(join(outside, 'text'), join(dir, 'README.md'));
      const result = checkRepository(dir, { now });
      expect(rule(result, 'repo/license-present').status).toBe('fail');
      expect(rule(result, 'repo/readme').findings[0]!.title).toBe('README is empty');
      expect(result.issues).toContainEqual({ file: 'README.md', message: 'symbolic link points outside the checked tree, not followed' });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a malformed lockfile is an issue, and the other rules still run', () => {
    const result = checkRepository(repos.make({ 'package-lock.json': '{ "lockfileVersion": 3, ' }), { now });
    expect(result.issues.map((i) => i.file)).toEqual(['package-lock.json']);
    expect(rule(result, 'repo/readme').status).toBe('pass');
  });

  it('all findings come out in rule order', () => {
    const result = checkRepository(repos.make({ 'README.md': null, LICENSE: null }), { now });
    expect(resultFindings(result).map((f) => f.ruleId)).toEqual(['repo/license-present', 'repo/readme']);
  });
});
