import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInventory } from './build.js';
import { budget } from '../test-support/budget.js';

const sample = new URL('../../examples/sample-portfolio', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'ospo-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dir(name: string, files: Record<string, string>): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(d, rel, '..'), { recursive: true });
    writeFileSync(join(d, rel), content);
  }
  return d;
}

const lock = (name: string, deps: Record<string, string>) =>
  JSON.stringify({
    name,
    lockfileVersion: 3,
    packages: {
      '': { name, version: '1.0.0', dependencies: Object.fromEntries(Object.keys(deps).map((d) => [d, '*'])) },
      ...Object.fromEntries(Object.entries(deps).map(([d, v]) => [`node_modules/${d}`, { version: v }])),
    },
  });

const sampleInventory = await buildInventory([sample]);

describe('buildInventory on the sample portfolio', () => {
  const inv = sampleInventory;

  it('finds each project with its ecosystem and manifests', () => {
    expect(inv.errors).toEqual([]);
    expect(inv.projects.map((p) => [p.path, p.name, p.ecosystems.join(',')])).toEqual([
      ['billing-api', 'example.com/acme/billing-api', 'Go'],
      ['catalog-service', 'com.example.acme:catalog-service', 'Maven'],
      ['data-pipeline', 'data-pipeline', 'PyPI'],
      ['ledger', 'ledger', 'crates.io'],
      ['web-shop', 'web-shop', 'npm'],
    ]);
    expect(inv.projects.find((p) => p.path === 'web-shop')!.manifests.sort()).toEqual(['web-shop/package-lock.json', 'web-shop/package.json']);
  });

  it('takes versions from lockfiles, not the declared ranges beside them', () => {
    const web = inv.components.filter((c) => c.locations.some((l) => l.file.startsWith('web-shop/')));
    // package-lock.json lists 10 packages; package.json's 4 ranges add nothing.
    expect(web).toHaveLength(10);
    expect(web.every((c) => c.version !== null)).toBe(true);
    expect(web.find((c) => c.name === 'typescript')).toMatchObject({ version: '5.6.3', scope: 'dev', direct: true });
    expect(web.find((c) => c.name === 'mime-db')).toMatchObject({ direct: false, scope: 'runtime' });
  });

  it('builds one dependency graph across projects', () => {
    expect([...inv.dependencies.get('project:web-shop')!].sort()).toEqual([
      'pkg:npm/%40babel/runtime@7.26.0',
      'pkg:npm/express@4.21.1',
      'pkg:npm/lodash@4.17.21',
      'pkg:npm/typescript@5.6.3',
    ]);
    expect([...inv.dependencies.get('pkg:npm/express@4.21.1')!].sort()).toEqual(['pkg:npm/accepts@1.3.8', 'pkg:npm/qs@6.13.0']);
  });

  it('gives the same inventory twice', async () => {
    const again = await buildInventory([sample]);
    expect(again.components).toEqual(inv.components);
    expect(again.projects).toEqual(inv.projects);
  });
});

describe('buildInventory with broken and hostile inputs', () => {
  it('names a malformed file with its line and still reports the rest', async () => {
    const d = dir('mixed', {
      'good/package-lock.json': lock('good', { lodash: '4.17.21' }),
      'bad/package-lock.json': '{\n  "lockfileVersion": 3,\n  "packages": {\n}}}',
      'bad2/Cargo.lock': 'version = 3\n[[package]\nname = "x"\n',
    });
    const inv = await buildInventory([d]);
    expect(inv.components.map((c) => c.id)).toEqual(['pkg:npm/lodash@4.17.21']);
    expect(inv.errors.map((e) => [e.file, e.line])).toEqual([
      ['bad/package-lock.json', 4],
      ['bad2/Cargo.lock', 2],
    ]);
  });

  it('refuses a 100 MB lockfile before reading it, quickly', async () => {
    const d = dir('huge', { 'ok/go.mod': 'module example.com/ok\n\ngo 1.22\n' });
    const fd = openSync(join(d, 'package-lock.json'), 'w');
    ftruncateSync(fd, 100 * 1024 * 1024);
    closeSync(fd);
    const started = Date.now();
    const inv = await buildInventory([d]);
    expect(Date.now() - started).toBeLessThan(budget(3000));
    expect(inv.errors).toEqual([{ file: 'package-lock.json', message: 'file is 100.0 MiB, over the 64.0 MiB limit (raise it with --max-file-size)' }]);
    expect(inv.projects.map((p) => p.path)).toEqual(['ok']);
  });

  it('refuses binary data under a lockfile name', async () => {
    const d = dir('binary', {});
    writeFileSync(join(d, 'yarn.lock'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0xff, 0xfe]));
    expect((await buildInventory([d])).errors).toEqual([{ file: 'yarn.lock', message: 'file holds binary data, not text' }]);
  });

  it('reads a UTF-16 file with a byte order mark (little and big endian)', async () => {
    const text = 'attrs==20.3.0\r\nidna==3.10\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const [name, bytes] of [['le', le], ['be', be]] as const) {
      const d = dir(`utf16-${name}`, {});
      writeFileSync(join(d, 'requirements.txt'), bytes);
      const inv = await buildInventory([d]);
      expect(inv.errors).toEqual([]);
      expect(inv.components.map((c) => `${c.name}@${c.version}`)).toEqual(['attrs@20.3.0', 'idna@3.10']);
    }
  });

  it('does not let a polluting lockfile change Object.prototype', async () => {
    const d = dir('polluted', {
      'package-lock.json': '{"lockfileVersion":3,"packages":{"":{"name":"p"},"node_modules/__proto__":{"version":"1.0.0","polluted":true},"__proto__":{"polluted":true}}}',
    });
    await buildInventory([d]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never lets credentials in a lockfile reach the inventory', async () => {
    const d = dir('secrets', {
      'package-lock.json': JSON.stringify({
        name: 'secret-app',
        lockfileVersion: 3,
        packages: {
          '': { name: 'secret-app', dependencies: { priv: '*', tool: '*' } },
          'node_modules/priv': { version: '1.0.0', resolved: 'https://deploy:s3cr3t@registry.example.com/priv/-/priv-1.0.0.tgz' },
          'node_modules/tool': { version: '2.0.0', resolved: 'git+https://x-access-token:ghp_abc123@github.com/acme/tool.git#0123456789abcdef0123456789abcdef01234567' },
        },
      }),
    });
    const inv = await buildInventory([d]);
    const text = JSON.stringify(inv.components);
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('ghp_abc123');
    expect(inv.components.find((c) => c.name === 'tool')!.source).toEqual({ kind: 'git', url: 'git+https://github.com/acme/tool.git', ref: '0123456789abcdef0123456789abcdef01234567' });
  });

  it('recognises a lockfile named explicitly under another name by its content', async () => {
    const d = dir('renamed', { 'one-package.v3.json': lock('renamed', { 'left-pad': '1.3.0' }) });
    const inv = await buildInventory([join(d, 'one-package.v3.json')]);
    expect(inv.errors).toEqual([]);
    expect(inv.components.map((c) => c.id)).toEqual(['pkg:npm/left-pad@1.3.0']);
  });

  it.each([
    ['empty.txt', '', 0],
    ['only-comments.txt', '# pinned elsewhere\n', 0],
    ['one-package-unconstrained.txt', 'flask\n', 1],
    ['empty.mod', '', 0],
    ['comments.lockfile', '# This is a Gradle generated file for dependency locking.\n', 0],
  ])('reads an explicitly named %s by its extension when its content says nothing', async (name, content, count) => {
    const d = dir('fallback', { [name]: content });
    const inv = await buildInventory([join(d, name)]);
    expect(inv.errors).toEqual([]);
    expect(inv.components).toHaveLength(count);
  });

  it('says so when an explicitly named file is no format it reads', async () => {
    const d = dir('unknown', { 'notes.txt': 'hello, world\n' });
    const inv = await buildInventory([join(d, 'notes.txt')]);
    expect(inv.errors[0]!.message).toMatch(/not a format Ospo reads/);
  });

  it('scans several repositories into one inventory with paths prefixed', async () => {
    const a = dir('multi/a', { 'package-lock.json': lock('a', { lodash: '4.17.21' }) });
    const b = dir('multi/b', { 'package-lock.json': lock('b', { lodash: '4.17.21', ms: '2.1.3' }) });
    const inv = await buildInventory([a, b]);
    expect(inv.projects.map((p) => p.path).map((p) => p.slice(p.lastIndexOf('multi/')))).toEqual(['multi/a', 'multi/b']);
    const lodash = inv.components.find((c) => c.name === 'lodash')!;
    expect(lodash.locations).toHaveLength(2);
  });

  it('skips a manifest covered by a workspace lockfile above it', async () => {
    const d = join(tmp, 'ws');
    cpSync(join(sample, 'web-shop'), d, { recursive: true });
    const inv = await buildInventory([d]);
    expect(inv.components.filter((c) => c.version === null)).toEqual([]);
  });
});
