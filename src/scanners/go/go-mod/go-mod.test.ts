import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../../model/errors.js';
import type { FoundPackage } from '../../../model/package.js';
import type { ExtractResult, SiblingReader } from '../../types.js';
import { goModScanner } from './index.js';
import { budget } from '../../../test-support/budget.js';

const FIXTURES = new URL('./__fixtures__/', import.meta.url);

function siblingsOf(fixture: string): SiblingReader {
  const base = new URL(fixture, FIXTURES);
  return (rel) => {
    const url = new URL(rel, base);
    return url.href.startsWith(FIXTURES.href) && existsSync(url) ? readFileSync(url, 'utf8') : undefined;
  };
}

function scan(fixture: string, readSibling: SiblingReader = siblingsOf(fixture)): ExtractResult {
  return goModScanner.extract(readFileSync(new URL(fixture, FIXTURES), 'utf8'), { path: fixture, readSibling });
}

function summary(packages: FoundPackage[]): string[] {
  return packages.map((p) => `${p.name}@${p.version ?? '-'} direct=${String(p.direct)} L${p.line ?? '-'}`).sort();
}

function byName(result: ExtractResult, name: string): FoundPackage {
  const found = result.packages.find((p) => p.name === name);
  if (!found) throw new Error(`no package ${name}`);
  return found;
}

describe('go/go-mod matches and sniff', () => {
  it.each([
    ['go.mod', true],
    ['cmd/tool/go.mod', true],
    ['go.sum', false],
    ['go.mod.orig', false],
    ['vendor/modules.txt', false],
  ])('matches(%s) is %s', (path, expected) => {
    expect(goModScanner.matches(path)).toBe(expected);
  });

  it('sniffs a module directive at the top', () => {
    expect(goModScanner.sniff?.(readFileSync(new URL('directives.v1.21.mod', FIXTURES), 'utf8'))).toBe(true);
    expect(goModScanner.sniff?.('module example.com/x\n\ngo 1.22\n')).toBe(true);
    expect(goModScanner.sniff?.('# module notes\n')).toBe(false);
    expect(goModScanner.sniff?.('[package]\nname = "module"\n')).toBe(false);
  });
});

describe('go/go-mod extract', () => {
  it('reads require lines and blocks, quoted paths, // indirect, exclude and the go directive', () => {
    const result = scan('directives.v1.21.mod');
    expect(summary(result.packages)).toEqual([
      'github.com/go-logr/logr@1.4.1 direct=false L16',
      'github.com/google/uuid@1.6.0 direct=true L12',
      'github.com/inconshreveable/mousetrap@1.1.0 direct=false L17',
      'github.com/klauspost/compress@1.17.8+incompatible direct=true L15',
      'github.com/spf13/cobra@1.8.0 direct=true L14',
      'github.com/spf13/pflag@1.0.5 direct=false L21',
      'golang.org/x/sys@0.0.0-20240311000000-abcdef123456 direct=false L18',
      'stdlib@1.21.4 direct=true L4',
    ]);
    // The excluded requirement is reported as a warning, not as a package.
    expect(result.warnings).toEqual([
      {
        message: 'golang.org/x/sync v0.7.0 is excluded by an exclude directive; go uses the next higher version, which go.mod does not record',
        line: 13,
      },
    ]);
    expect(result.project).toEqual({ name: 'example.com/inventory/v2' });
    expect(result.edges).toEqual([
      { from: null, to: 'github.com/google/uuid@1.6.0' },
      { from: null, to: 'github.com/spf13/cobra@1.8.0' },
      { from: null, to: 'github.com/klauspost/compress@1.17.8+incompatible' },
    ]);
  });

  it('applies replace directives: exact version, all versions, local directories, and no-ops', () => {
    const result = scan('replace.mod');
    expect(summary(result.packages)).toEqual([
      '../auth@- direct=true L20',
      'C:\\src\\logger@- direct=true L23',
      'github.com/new/logger@1.3.0 direct=true L18',
      'golang.org/x/net@0.26.0 direct=true L14',
      'golang.org/x/text@0.15.0 direct=true L7',
      'stdlib@1.22 direct=true L3',
    ]);
    const auth = byName(result, '../auth');
    expect(auth.source).toEqual({ kind: 'file', url: '../auth' });
    expect(auth.notes).toEqual(['replaces example.com/internal/auth v0.0.0-00010101000000-000000000000 with a local directory']);
    expect(byName(result, 'github.com/new/logger').notes).toEqual(['replaces github.com/old/logger v1.2.0']);
  });

  it('takes the stdlib version from the toolchain directive, without its suffix', () => {
    const result = scan('toolchain.mod');
    expect(summary(result.packages)).toEqual(['github.com/BurntSushi/toml@1.4.0 direct=true L7', 'stdlib@1.22.4 direct=true L5']);
  });

  it('falls back to the go directive for "toolchain default"', () => {
    expect(summary(scan('toolchain-default.mod').packages)).toEqual(['stdlib@1.21 direct=true L3']);
  });

  it.each(['empty.mod', 'module-only.mod'])('%s has no packages', (fixture) => {
    expect(scan(fixture).packages).toEqual([]);
  });

  it('adds the modules only go.sum lists when go.mod is older than go 1.17', () => {
    const result = scan('go116/go.mod');
    expect(summary(result.packages)).toEqual([
      'github.com/mattn/go-isatty@0.0.12 direct=false L-',
      'github.com/pkg/errors@0.9.1 direct=false L-',
      'github.com/sirupsen/logrus@1.8.1 direct=true L6',
      'github.com/stretchr/testify@1.7.0 direct=true L7',
      'golang.org/x/sys@0.0.0-20200116001909-b77594299b42 direct=false L-',
      'gopkg.in/yaml.v2@2.4.0 direct=false L-',
      'stdlib@1.16 direct=true L3',
    ]);
    // go-isatty v0.0.10 has only a /go.mod checksum: its code is not part of the build.
    expect(byName(result, 'github.com/pkg/errors').notes).toEqual([
      'listed only in go.sum (line 4); go.mod before go 1.17 does not list every indirect requirement',
    ]);
  });

  it('only notes missing checksums from go.sum for go 1.17 and later', () => {
    const result = scan('stale-sum/go.mod');
    expect(summary(result.packages)).toEqual([
      'github.com/google/uuid@1.6.0 direct=true L6',
      'github.com/spf13/cobra@1.8.1 direct=true L7',
      'stdlib@1.22 direct=true L3',
    ]);
    expect(byName(result, 'github.com/spf13/cobra').notes).toEqual(['go.sum has no checksum for it (go.sum may be out of date)']);
    expect(byName(result, 'github.com/google/uuid').notes).toBeUndefined();
  });

  it('ignores a malformed go.sum with a warning', () => {
    const result = scan('broken-sum/go.mod');
    expect(summary(result.packages)).toEqual(['github.com/google/uuid@1.1.2 direct=true L5', 'stdlib@1.15 direct=true L3']);
    expect(result.warnings).toEqual([{ message: 'go.sum line 1 is not "module version hash"; go.sum was not used' }]);
  });

  it('reads go.sum only beside a go.mod', () => {
    const readSibling = vi.fn<SiblingReader>(() => undefined);
    scan('toolchain.mod', readSibling);
    expect(readSibling.mock.calls).toEqual([['toolchain.sum']]);
  });

  it('handles 5,000 requirements quickly', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `\texample.com/m${i} v1.0.${i} // indirect`).join('\n');
    const started = performance.now();
    const result = goModScanner.extract(`module x\n\ngo 1.22\n\nrequire (\n${lines}\n)\n`, { path: 'go.mod', readSibling: () => undefined });
    expect(result.packages).toHaveLength(5001);
    expect(performance.now() - started).toBeLessThan(budget(2000));
  });
});

describe('go/go-mod module block', () => {
  it('reads a module directive written as a block, as the go.mod grammar allows', () => {
    const result = scan('module-block.mod');
    expect(result.project).toEqual({ name: 'example.com/inventory/service' });
    expect(summary(result.packages)).toEqual([
      'github.com/google/uuid@1.6.0 direct=false L9',
      'golang.org/x/text@0.14.0 direct=true L8',
      'stdlib@1.21 direct=true L5',
    ]);
  });
});

describe('go/go-mod malformed input', () => {
  it.each([
    ['not-go-mod.txt', 1, /unknown directive "this"/],
    ['unclosed-block.mod', 3, /require block opened here is never closed/],
    ['bad-version.mod', 3, /invalid module version "1.6.0"/],
    ['block-comment.mod', 2, /must use \/\/ comments/],
    ['bad-replace.mod', 5, /replacement without a version must be a directory/],
  ])('%s raises an InputError at line %i', (fixture, line, message) => {
    let error: unknown;
    try {
      scan(fixture);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(line);
    expect((error as InputError).message).toMatch(message);
  });

  it.each([
    ['binary junk', '\u0000\u0001ELF\u0000'],
    ['an unterminated string', 'module "example.com/x\n'],
    ['a go directive without a version', 'module x\ngo\n'],
    ['a block for a directive that has none', 'go (\n1.22\n)\n'],
  ])('refuses %s', (_, text) => {
    expect(() => goModScanner.extract(text, { path: 'go.mod', readSibling: () => undefined })).toThrowError(InputError);
  });
});

describe('go/go-mod on a real project', () => {
  it('scans GitHub CLI go.mod (with its go.sum)', () => {
    const dir = new URL('../../../../../shared/data/repos/github-cli/', import.meta.url);
    const readSibling: SiblingReader = (rel) => readFileSync(new URL(rel, dir), 'utf8');
    const result = goModScanner.extract(readFileSync(new URL('go.mod', dir), 'utf8'), { path: 'go.mod', readSibling });
    // 158 requirements + stdlib. Counted with:
    //   awk '/^require \(/{b=1;next} b&&/^\)/{b=0} b&&NF{n++} /^require [^(]/{n++} END{print n}' go.mod   -> 158
    //   grep -c '// indirect' go.mod                                                                     -> 111
    expect(result.packages).toHaveLength(159);
    expect(result.packages.filter((p) => p.direct === false)).toHaveLength(111);
    expect(byName(result, 'stdlib').version).toBe('1.22.6');
    // `replace github.com/rogpeppe/go-internal => github.com/cli/go-internal v0.0.0-...` applies to every version.
    expect(result.packages.some((p) => p.name === 'github.com/rogpeppe/go-internal')).toBe(false);
    expect(byName(result, 'github.com/cli/go-internal').version).toBe('0.0.0-20241024130215-fa3c22e38b9b');
    // The go.sum is complete: no module is noted as missing a checksum.
    expect(result.packages.filter((p) => p.notes?.some((n) => n.includes('no checksum')))).toEqual([]);
    expect(result.project).toEqual({ name: 'github.com/cli/cli/v2' });
  });
});
