import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { excludeMatcher, walk } from './walk.js';
import { budget } from '../test-support/budget.js';

const root = mkdtempSync(join(tmpdir(), 'ospo-walk-'));
const outside = mkdtempSync(join(tmpdir(), 'ospo-outside-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function touch(rel: string, content = '{}') {
  const abs = join(root, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
}

touch('package-lock.json');
touch('app/package-lock.json');
touch('node_modules/dep/package-lock.json');
touch('vendor/x/go.mod');
touch('build/out/package-lock.json');
touch('docs/old/package-lock.json');
touch('README.md', '# hi');
writeFileSync(join(outside, 'package-lock.json'), '{}');
symlinkSync(outside, join(root, 'link-out'));
symlinkSync(join(outside, 'package-lock.json'), join(root, 'app', 'linked-lock.json'));
mkdirSync(join(root, 'loop'));
symlinkSync(join(root, 'loop'), join(root, 'loop', 'again'));
symlinkSync(join(root, 'app'), join(root, 'app-alias'));

const isLock = (p: string) => /(^|\/)(package-lock\.json|go\.mod|linked-lock\.json)$/.test(p);

describe('walk', () => {
  it('finds files, skips default excludes and never leaves the root', () => {
    const result = walk(root, { select: isLock });
    expect(result.files.map((f) => f.path).sort()).toEqual(['app/package-lock.json', 'docs/old/package-lock.json', 'package-lock.json']);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { file: 'app/linked-lock.json', message: 'symbolic link points outside the scanned tree, not followed' },
        { file: 'link-out', message: 'symbolic link points outside the scanned tree, not followed' },
      ]),
    );
    expect(result.filesSeen).toBeGreaterThanOrEqual(4);
  });

  it('ends on a symbolic link loop and visits a linked directory once', () => {
    const started = Date.now();
    const result = walk(root, { select: () => true });
    expect(Date.now() - started).toBeLessThan(budget(2000));
    expect(result.files.filter((f) => f.path.endsWith('app/package-lock.json') || f.path === 'app-alias/package-lock.json')).toHaveLength(1);
  });

  it('honours extra excludes by name, path and glob, and can drop the defaults', () => {
    expect(walk(root, { select: isLock, exclude: ['docs'] }).files.map((f) => f.path).sort()).toEqual(['app/package-lock.json', 'package-lock.json']);
    expect(walk(root, { select: isLock, exclude: ['docs/old'] }).files.map((f) => f.path).sort()).toEqual(['app/package-lock.json', 'package-lock.json']);
    const all = walk(root, { select: isLock, defaultExcludes: false }).files.map((f) => f.path);
    expect(all).toEqual(expect.arrayContaining(['node_modules/dep/package-lock.json', 'vendor/x/go.mod', 'build/out/package-lock.json']));
  });

  it('matches exclude globs', () => {
    const ex = excludeMatcher({ exclude: ['examples/*', '**/fixtures'], defaultExcludes: false });
    expect(ex('a', 'examples/a')).toBe(true);
    expect(ex('fixtures', 'src/x/fixtures')).toBe(true);
    expect(ex('fixtures', 'fixtures')).toBe(true);
    expect(ex('src', 'src')).toBe(false);
    expect(ex('examples', 'examples')).toBe(false);
  });
});
