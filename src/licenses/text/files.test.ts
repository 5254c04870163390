import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';
import { identifyLicenseFile, scanHeaders } from './files.js';
import { budget } from '../../test-support/budget.js';

const fixtures = new URL('./__fixtures__/', import.meta.url).pathname;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ospo-license-'));
  writeFileSync(join(dir, 'binary.bin'), Buffer.from([0x4d, 0x49, 0x54, 0x00, 0x01]));
  // 3 MiB of text: refused by size before it is read.
  writeFileSync(join(dir, 'huge.txt'), 'Permission is hereby granted. '.repeat(110_000));
  const src = join(dir, 'tree');
  mkdirSync(join(src, 'lib'), { recursive: true });
  mkdirSync(join(src, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(src, 'lib', 'a.ts'), '// SPDX-License-Identifier: MIT\nexport const a = 1;\n');
  writeFileSync(join(src, 'lib', 'b.py'), '# SPDX-License-Identifier: GPL-2.0+\nprint(1)\n');
  writeFileSync(join(src, 'lib', 'c.c'), `/* SPDX-License-Identifier: ${'('.repeat(5000)}MIT${')'.repeat(5000)} */\n`);
  writeFileSync(join(src, 'lib', 'd.go'), 'package d\n');
  writeFileSync(join(src, 'lib', 'e.js'), Buffer.from([0x2f, 0x2f, 0x00, 0x00]));
  writeFileSync(join(src, 'README.md'), '# SPDX-License-Identifier: MIT\n');
  writeFileSync(join(src, 'node_modules', 'dep', 'index.js'), '// SPDX-License-Identifier: ISC\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('identifyLicenseFile', () => {
  it('refuses binary and huge files with a clear message, quickly', () => {
    const started = performance.now();
    expect(() => identifyLicenseFile(join(dir, 'binary.bin'), 'binary.bin')).toThrow('binary data');
    expect(() => identifyLicenseFile(join(dir, 'huge.txt'), 'huge.txt')).toThrow(/3\.1 MiB, over the 1\.0 MiB limit/);
    expect(performance.now() - started).toBeLessThan(budget(2000));
  });

  it('uses SPDX tags when a file holds no license text', () => {
    writeFileSync(join(dir, 'COPYING'), 'SPDX-License-Identifier: GPL-2.0\n\nSee LICENSES/ for the text.\n');
    const r = identifyLicenseFile(join(dir, 'COPYING'), 'COPYING');
    expect(r.license).toBe('GPL-2.0-only');
    expect(r.tags).toEqual([{ line: 1, raw: 'GPL-2.0', expression: 'GPL-2.0-only' }]);
  });
});

describe('scanHeaders', () => {
  it('reads source files only, skips node_modules and binaries, reports tags per file and a summary', () => {
    const scan = scanHeaders(join(dir, 'tree'));
    expect(scan.files.map((f) => [f.path, f.tags.map((t) => t.expression ?? 'invalid')])).toEqual([
      ['lib/a.ts', ['MIT']],
      ['lib/b.py', ['GPL-2.0-or-later']],
      ['lib/c.c', ['invalid']],
    ]);
    expect(scan.scanned).toBe(4);
    expect(scan.tagged).toBe(2);
    expect(scan.invalid).toBe(1);
    expect(scan.expressions).toEqual({ MIT: 1, 'GPL-2.0-or-later': 1 });
  });
});

describe('ospo license', () => {
  it('identify --format json gives path, license, confidence and evidence', async () => {
    const run = await runCli(['license', 'identify', join(fixtures, 'gpl-2.0-classpath.txt'), join(fixtures, 'mit-added-restriction.txt'), '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Array<{ path: string; license: string | null; confidence: number; evidence: Array<Record<string, unknown>> }>;
    expect(out.map((r) => r.license)).toEqual(['GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-unknown']);
    expect(out[0]!.confidence).toBe(1);
    expect(out[0]!.evidence).toEqual([
      { expression: 'GPL-2.0-only', method: 'exact', startLine: 1, endLine: 89, score: 1 },
      { expression: 'Classpath-exception-2.0', method: 'similarity', startLine: 120, endLine: 124, score: 1 },
    ]);
    expect(out[1]!.confidence).toBeLessThan(0.9);
    expect(out[1]!.evidence[0]!.candidate).toBeDefined();
  });

  it('identify reads the notice in a source file header, with its line and method', async () => {
    const run = await runCli(['license', 'identify', join(fixtures, 'dual-notice-header.rs'), '--format', 'json']);
    expect(run.code).toBe(0);
    const [r] = JSON.parse(run.stdout) as Array<{ license: string | null; confidence: number; evidence: Array<Record<string, unknown>> }>;
    expect(r!.license).toBe('Apache-2.0 OR MIT');
    expect(r!.confidence).toBe(0.92);
    // The URLs after the reference name licenses it already named: the reference is the evidence.
    expect(r!.evidence).toEqual([{ expression: 'Apache-2.0 OR MIT', method: 'reference', startLine: 3, endLine: 3, score: 0.92 }]);
  });

  it('identify names unreadable files on stderr, reports the rest, exits 3', async () => {
    const run = await runCli(['license', 'identify', join(dir, 'binary.bin'), join(fixtures, 'readme-with-bsd-2-clause.md')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('binary.bin: file holds binary data');
    expect(run.stdout).toContain('BSD-2-Clause');
    expect(run.stdout).toContain('not read');
  });

  it('identify --format json lists every file named, in order; one it could not read has no license and says why', async () => {
    const run = await runCli(['license', 'identify', join(dir, 'binary.bin'), join(fixtures, 'readme-with-bsd-2-clause.md'), join(dir, 'missing.txt'), '--format', 'json']);
    expect(run.code).toBe(3);
    const out = JSON.parse(run.stdout) as Array<{ path: string; license: string | null; confidence: number; evidence: unknown[]; error?: string }>;
    expect(out.map((e) => [e.path.split('/').pop(), e.license])).toEqual([
      ['binary.bin', null],
      ['readme-with-bsd-2-clause.md', 'BSD-2-Clause'],
      ['missing.txt', null],
    ]);
    expect(out[0]).toMatchObject({ confidence: 0, evidence: [], error: expect.stringContaining('binary data') });
    expect(out[2]!.error).toBeTruthy();
    expect(out[1]!.error).toBeUndefined();
  });

  it('headers prints the tags and a summary; JSON for scripts', async () => {
    const table = await runCli(['license', 'headers', join(dir, 'tree')]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('4 source files scanned, 2 with a valid tag, 2 without, 1 invalid tags.');
    const json = await runCli(['license', 'headers', join(dir, 'tree'), '--format', 'json']);
    expect(JSON.parse(json.stdout).summary).toEqual({ scanned: 4, tagged: 2, untagged: 2, invalid: 1, expressions: { MIT: 1, 'GPL-2.0-or-later': 1 } });
  });

  it('headers refuses a file argument as a usage error', async () => {
    const run = await runCli(['license', 'headers', join(fixtures, 'not-a-license.md')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not a directory');
  });

  it('writes -o atomically', async () => {
    const out = join(dir, 'out', 'result.json');
    const run = await runCli(['license', 'identify', join(fixtures, 'mit-wrapped-crlf.txt'), '--format', 'json', '-o', out]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))[0].license).toBe('MIT');
  });
});
