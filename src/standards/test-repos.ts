// Test support: fixture repositories written into temp directories (nothing real-looking is
// committed: secrets are assembled from pieces by the tests that need them).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const full = createRequire(import.meta.url)('spdx-license-list/full') as Record<string, { licenseText: string }>;

/** Returns the SPDX License List text of `id` with its copyright placeholder filled in. */
export function licenseText(id: string): string {
  return full[id]!.licenseText.replace('<year> <copyright holders>', '2025 Example Corp');
}

/** A lockfile with one dependency `dep@1.0.0` under `license`. */
export function lockfile(license: string, name = 'dep'): string {
  return JSON.stringify({
    name: 'demo',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'demo', version: '1.0.0', dependencies: { [name]: '1.0.0' } }, [`node_modules/${name}`]: { version: '1.0.0', license } },
  }, null, 2);
}

/** The files of a clean, publishable MIT project. */
export function cleanRepoFiles(): Record<string, string | Buffer> {
  return {
    LICENSE: licenseText('MIT'),
    'README.md': '# demo\n\nDoes one thing well.\n',
    'CONTRIBUTING.md': '# Contributing\n\nRun `npm test` before opening a pull request.\n',
    'CODE_OF_CONDUCT.md': '# Code of conduct\n\nBe kind. Report problems to conduct@example.com.\n',
    '.github/SECURITY.md': '# Security\n\nReport vulnerabilities to security@example.com.\n',
    '.github/CODEOWNERS': '# owners\n* @example/maintainers\n',
    'src/index.js': '// SPDX-License-Identifier: MIT\nexport const answer = 42;\n',
    'src/util.ts': '/* SPDX-License-Identifier: MIT */\nexport function id<T>(x: T): T {\n  return x;\n}\n',
    'package.json': JSON.stringify({ name: 'demo', version: '1.0.0', license: 'MIT', dependencies: { dep: '1.0.0' } }),
    'package-lock.json': lockfile('MIT'),
  };
}

/** Temp directories made by a test file; `cleanup` removes them all. */
export function repoFactory(prefix = 'ospo-standards-'): { make: (files: Record<string, string | Buffer | null>, base?: Record<string, string | Buffer>) => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    /** Writes `base` (default: the clean repo) overlaid with `files` (null deletes); returns the directory. */
    make(files, base = cleanRepoFiles()) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      const all: Record<string, string | Buffer | null> = { ...base, ...files };
      for (const [rel, content] of Object.entries(all)) {
        if (content === null) continue;
        const abs = join(dir, ...rel.split('/'));
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
      return dir;
    },
    cleanup() {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    },
  };
}
