import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { advisoryKey } from '../source.js';
import { buildTar, HAVE_SHARED, independentCounts, RECORDS, SHARED_OSV, tarOfDirectory, zipOfDirectory } from './__fixtures__/support.js';
import { visitRecordFiles } from './archive.js';
import { runCli } from '../../test-support/cli.js';
import { openOsvPath, readOsvRecords } from './read.js';
import { buildZip } from './zip-write.js';
import type { OsvRecord } from './types.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ospo-osv-read-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(path: string, limits?: { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number }) {
  const records: Array<{ record: OsvRecord; file: string }> = [];
  const summary = await readOsvRecords(path, (record, file) => void records.push({ record, file }), limits ? { limits } : {});
  return { records, summary };
}

async function thrown(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('scenario records: validation and quarantine', () => {
  it.each([
    ['missing-id.json', '/id', /`id`/],
    ['missing-modified.json', '/modified', /`modified`/],
    ['modified-not-a-date.json', '/modified', /RFC 3339/],
    ['package-without-name.json', '/affected/0/package/name', /package\.name/],
    ['package-without-ecosystem.json', '/affected/0/package/ecosystem', /package\.ecosystem/],
    ['range-without-type.json', '/affected/0/ranges/0/type', /SEMVER, ECOSYSTEM or GIT/],
    ['range-unknown-type.json', '/affected/0/ranges/0/type', /SEMVER, ECOSYSTEM or GIT/],
    ['range-without-events.json', '/affected/0/ranges/0/events', /non-empty `events`/],
    ['event-with-two-keys.json', '/affected/0/ranges/0/events/0', /exactly one of/],
    ['event-unknown-key.json', '/affected/0/ranges/0/events/1', /exactly one of/],
    ['event-empty-version.json', '/affected/0/ranges/0/events/1/fixed', /non-empty version/],
    ['event-version-not-string.json', '/affected/0/ranges/0/events/0/introduced', /non-empty version/],
    ['semver-range-invalid-version.json', '/affected/0/ranges/0/events/1/fixed', /"1\.2" is not SemVer/],
    ['range-without-introduced.json', '/affected/0/ranges/0/events', /at least one `introduced`/],
    ['versions-with-empty-string.json', '/affected/0/versions/1', /non-empty string/],
    ['git-range-without-repo.json', '/affected/0/ranges/0/repo', /needs a `repo`/],
  ])('%s is quarantined at %s', async (name, pointer, reason) => {
    const { records, summary } = await readAll(join(RECORDS, name));
    expect(records).toEqual([]);
    expect(summary.quarantined).toHaveLength(1);
    expect(summary.quarantined[0]!.pointer).toBe(pointer);
    expect(summary.quarantined[0]!.reason).toMatch(reason);
    expect(summary.quarantined[0]!.file).toBe(join(RECORDS, name));
  });

  it.each([
    ['not-json.json', /line 2: invalid JSON/],
    ['bad-indent.yaml', /invalid YAML/],
  ])('%s (unparseable) is quarantined with the parser error', async (name, reason) => {
    const { summary } = await readAll(join(RECORDS, name));
    expect(summary.quarantined).toHaveLength(1);
    expect(summary.quarantined[0]!.reason).toMatch(reason);
  });

  it('reads the valid records of the folder, quarantines the rest, ignores other files', async () => {
    const { records, summary } = await readAll(RECORDS);
    expect(records.map((r) => r.record.id).sort()).toEqual(['OSV-FULL-1', 'OSV-LIST-1', 'OSV-LIST-2', 'OSV-MIN-1', 'PYSEC-TEST-1']);
    expect(summary.files).toBe(22); // notes.txt is not a record file
    expect(summary.quarantined).toHaveLength(18);
    expect(summary.kind).toBe('directory');
  });

  it('reads a list of records in one JSON file, naming the element of a bad one', async () => {
    const file = join(tmp, 'bundle.json');
    writeFileSync(file, JSON.stringify([{ id: 'A-1', modified: '2024-01-01T00:00:00Z' }, { id: 'A-2' }]));
    const { records, summary } = await readAll(file);
    expect(records.map((r) => r.record.id)).toEqual(['A-1']);
    expect(summary.quarantined).toEqual([{ file, id: 'A-2', reason: expect.stringMatching(/`modified`/), pointer: '/1/modified' }]);
  });

  it('keeps __proto__ keys away from records', async () => {
    const file = join(tmp, 'proto.json');
    writeFileSync(file, '{"id":"P-1","modified":"2024-01-01T00:00:00Z","__proto__":{"polluted":true},"database_specific":{"constructor":{"x":1}}}');
    const { records } = await readAll(file);
    expect(records).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(records[0]!.record, '__proto__')).toBe(false);
  });
});

describe.skipIf(!HAVE_SHARED)('the shared real advisories', () => {
  const expected = HAVE_SHARED ? independentCounts(SHARED_OSV) : undefined;

  it('the independent count agrees with PROVENANCE.md (5,752 advisory files + 364 OSV.dev records)', () => {
    expect(expected!.files).toBe(5752 + 364);
    // GHSA-57j2-w4cx-62h2 and GHSA-599f-7c49-w659 are in both ghsa/ and osv-dev-api/.
    expect(expected!.ids.size).toBe(5752 + 364 - 2);
  });

  const sources: Array<[string, () => Promise<string>]> = [
    ['directory', async () => SHARED_OSV],
    [
      'zip',
      async () => {
        const f = join(tmp, 'shared.zip');
        writeFileSync(f, zipOfDirectory(SHARED_OSV));
        return f;
      },
    ],
    [
      'tarball',
      async () => {
        const f = join(tmp, 'shared.tar.gz');
        writeFileSync(f, await tarOfDirectory(SHARED_OSV));
        return f;
      },
    ],
  ];

  it.each(sources)('reads every record from a %s, none quarantined', async (_kind, make) => {
    const path = await make();
    const { records, summary } = await readAll(path);
    expect(summary.quarantined).toEqual([]);
    expect(summary.warnings).toEqual([]);
    expect(summary.files).toBe(expected!.files);
    expect(records).toHaveLength(expected!.files);
    expect(new Set(records.map((r) => r.record.id))).toEqual(expected!.ids);
  });

  it('openOsvPath resolves the same id in two places by the newer `modified`, and looks up by package', async () => {
    const source = await openOsvPath(SHARED_OSV);
    expect(source.describe()).toMatchObject({ kind: 'directory', records: expected!.ids.size });
    const jackson = source.lookup('Maven', 'com.fasterxml.jackson.core:jackson-databind').find((r) => r.id === 'GHSA-57j2-w4cx-62h2');
    expect(jackson!.modified).toBe(expected!.byId.get('GHSA-57j2-w4cx-62h2')!.modified);
    expect(source.lookup('npm', 'lodash').map((r) => r.id).sort()).toEqual(['GHSA-jf85-cpcp-j695', 'GHSA-p6mc-m468-83gw']);
    // PyPI names compare per PEP 503.
    expect(source.lookup('PyPI', 'Django').length).toBe(source.lookup('PyPI', 'django').length);
    expect(source.lookup('PyPI', 'django').length).toBeGreaterThan(100);
    expect(source.lookup('crates.io', 'no-such-crate-here')).toEqual([]);
  });
});

describe('hostile archives', () => {
  const record = (id: string) => JSON.stringify({ id, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'x' } }] });

  it('reads a zip64 archive (more than 65,535 entries, as in the larger official all.zip files)', async () => {
    const entries = Array.from({ length: 70_000 }, (_, i) => (i % 1000 === 0 ? { name: `r/${i}.json`, data: record(`Z-${i}`) } : { name: `other/${i}.txt`, data: 'x', store: true }));
    const f = join(tmp, 'zip64.zip');
    writeFileSync(f, buildZip(entries));
    const { records, summary } = await readAll(f);
    expect(records).toHaveLength(70);
    expect(records[69]!.record.id).toBe('Z-69000');
    expect(summary.files).toBe(70);
  });

  it('refuses a file that is not a zip at all but claims to be one', async () => {
    const f = join(tmp, 'corrupt.zip');
    writeFileSync(f, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const err = await thrown(readAll(f));
    expect(err.file).toBe(f);
    expect(err.message).toMatch(/not a readable zip archive/);
  });

  it('refuses a zip whose data is damaged after a valid directory', async () => {
    const good = buildZip([{ name: 'a.json', data: record('A-1') }, { name: 'b.json', data: record('B-1') }]);
    const bad = Buffer.from(good);
    // Overwrite the first entry's compressed bytes: the CRC or inflate check fails.
    bad.fill(0xff, 40, 60);
    const f = join(tmp, 'damaged.zip');
    writeFileSync(f, bad);
    const err = await thrown(readAll(f));
    expect(err.message).toMatch(/^corrupt zip entry "a\.json"/);
  });

  it('refuses a truncated zip', async () => {
    const good = zipOfDirectory(RECORDS);
    const f = join(tmp, 'truncated.zip');
    writeFileSync(f, good.subarray(0, Math.floor(good.length / 2)));
    const err = await thrown(readAll(f));
    expect(err.message).toBe('not a readable zip archive: no end of central directory record (truncated, or not a zip)');
  });

  it('refuses a zip bomb: an entry that inflates past the cap', async () => {
    // 64 MiB of zeros deflates to about 64 KiB.
    const zip = buildZip([{ name: 'ok.json', data: record('OK-1') }, { name: 'bomb.json', data: Buffer.alloc(64 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(200_000);
    const f = join(tmp, 'bomb.zip');
    writeFileSync(f, zip);
    const err = await thrown(readAll(f));
    expect(err.message).toMatch(/"bomb\.json" inflates to 67108864 bytes, more than the 33554432-byte cap .*zip bomb/);
  });

  it('refuses a zip bomb that lies about its size in the headers', async () => {
    const zip = buildZip([{ name: 'liar.json', data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 100 }]);
    const f = join(tmp, 'liar.zip');
    writeFileSync(f, zip);
    const err = await thrown(readAll(f, { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 10 * 1024 * 1024 }));
    expect(err.message).toBe('entry "liar.json" inflates to more than the 100 bytes its header declares (a zip bomb?); refused');
  });

  it('refuses archives past the total size and entry count caps', async () => {
    const zip = buildZip([1, 2, 3].map((i) => ({ name: `r${i}.json`, data: record(`R-${i}`) })));
    const f = join(tmp, 'three.zip');
    writeFileSync(f, zip);
    expect((await thrown(readAll(f, { maxEntries: 2, maxEntryBytes: 1e6, maxTotalBytes: 1e9 }))).message).toMatch(/3 entries, more than the cap of 2/);
    expect((await thrown(readAll(f, { maxEntries: 10, maxEntryBytes: 1e6, maxTotalBytes: 150 }))).message).toMatch(/more than 150 bytes in all/);
  });

  it('skips zip entries with ../ or absolute paths and symbolic links, with warnings, and reads the rest', async () => {
    const zip = buildZip([
      { name: '../evil.json', data: record('EVIL-1') },
      { name: '/etc/abs.json', data: record('EVIL-2') },
      { name: 'dir/../../up.json', data: record('EVIL-3') },
      { name: 'link.json', data: '/etc/passwd', symlink: true },
      { name: 'good/ok.json', data: record('OK-1') },
    ]);
    const f = join(tmp, 'paths.zip');
    writeFileSync(f, zip);
    const { records, summary } = await readAll(f);
    expect(records.map((r) => r.record.id)).toEqual(['OK-1']);
    expect(records[0]!.file).toBe('paths.zip!good/ok.json');
    expect(summary.warnings).toEqual([
      'paths.zip!../evil.json: entry with a `..` path; skipped',
      'paths.zip!/etc/abs.json: entry with an absolute path; skipped',
      'paths.zip!dir/../../up.json: entry with a `..` path; skipped',
      'paths.zip!link.json: a symbolic link; skipped (links are never followed)',
    ]);
  });

  it('skips tar entries with ../ paths, symbolic and hard links, and reads the rest', async () => {
    const tar = await buildTar([
      { name: '../evil.json', data: record('EVIL-1') },
      { name: 'sym.json', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'hard.json', type: 'link', linkname: 'ok.json' },
      { name: 'ok.json', data: record('OK-1') },
    ]);
    const f = join(tmp, 'paths.tgz');
    writeFileSync(f, tar);
    const { records, summary } = await readAll(f);
    expect(records.map((r) => r.record.id)).toEqual(['OK-1']);
    expect(summary.warnings).toEqual([
      'paths.tgz!../evil.json: entry with a `..` path; skipped',
      'paths.tgz!sym.json: a link (links are never followed); skipped',
      'paths.tgz!hard.json: a link (links are never followed); skipped',
    ]);
  });

  it('refuses a truncated tarball (gzip) and a truncated plain tar', async () => {
    const tgz = await tarOfDirectory(RECORDS);
    const f = join(tmp, 'truncated.tar.gz');
    writeFileSync(f, tgz.subarray(0, Math.floor(tgz.length * 0.6)));
    expect((await thrown(readAll(f))).message).toMatch(/truncated or corrupt/);
    const tar = await buildTar([{ name: 'a.json', data: record('A-1') }, { name: 'b.json', data: 'x'.repeat(5000) }], false);
    const g = join(tmp, 'truncated.tar');
    writeFileSync(g, tar.subarray(0, 1500));
    expect((await thrown(readAll(g))).message).toMatch(/truncated or corrupt/);
  });

  it('refuses a tar entry larger than the cap', async () => {
    const tar = await buildTar([{ name: 'big.json', data: Buffer.alloc(2 * 1024 * 1024) }]);
    const f = join(tmp, 'big.tgz');
    writeFileSync(f, tar);
    expect((await thrown(readAll(f, { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 1e9 }))).message).toMatch(/"big\.json" inflates to 2097152 bytes/);
  });

  it('never follows symbolic links in a directory tree', async () => {
    const dir = join(tmp, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'ok.json'), record('OK-1'));
    writeFileSync(join(tmp, 'outside.json'), record('OUT-1'));
    symlinkSync(join(tmp, 'outside.json'), join(dir, 'link.json'));
    symlinkSync(tmp, join(dir, 'loop'));
    const { records, summary } = await readAll(dir);
    expect(records.map((r) => r.record.id)).toEqual(['OK-1']);
    expect(summary.warnings).toEqual([`${join(dir, 'link.json')}: a symbolic link; skipped (links are never followed)`, `${join(dir, 'loop')}: a symbolic link; skipped (links are never followed)`]);
  });

  it('names a missing path and an unknown file type', async () => {
    expect((await thrown(readAll(join(tmp, 'nope')))).message).toMatch(/no such file or directory/);
    const f = join(tmp, 'data.bin');
    writeFileSync(f, 'hello');
    expect((await thrown(readAll(f))).message).toMatch(/not a directory, zip, tarball or OSV record file/);
  });

  it('reads entries in a stable order and passes their bytes through', async () => {
    const names: string[] = [];
    await visitRecordFiles(RECORDS, (file) => void names.push(file.name), () => {});
    expect(names).toEqual([...names].sort());
    expect(readFileSync(join(RECORDS, 'valid.yaml'), 'utf8')).toContain('Some_Package');
    const source = await openOsvPath(join(RECORDS));
    expect(source.lookup('PyPI', 'some-package').map((r) => r.id)).toEqual(['PYSEC-TEST-1']);
    expect(advisoryKey('PyPI', 'Some_Package')).toBe(advisoryKey('PyPI', 'some.package'));
  });
});

describe('the same id in two places', () => {
  // The older copy fixes 1.5.0, the newer 2.0.0: 1.6.0 is affected only by the newer one.
  const copy = (modified: string, fixed: string) =>
    JSON.stringify({ id: 'DUP-1', modified, affected: [{ package: { ecosystem: 'npm', name: 'dup' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }] });
  const newer = copy('2024-02-01T00:00:00Z', '2.0.0');
  const older = copy('2024-01-01T00:00:00Z', '1.5.0');

  it.each([
    ['newer first', [newer, older]],
    ['older first', [older, newer]],
  ])('resolves to the newer `modified` in a directory and a zip (%s)', async (_order, texts) => {
    const dir = join(tmp, `dup-${_order.replace(' ', '-')}`);
    mkdirSync(join(dir, 'a'), { recursive: true });
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'DUP-1.json'), texts[0]!);
    writeFileSync(join(dir, 'b', 'DUP-1.json'), texts[1]!);
    const zip = join(tmp, `dup-${_order.replace(' ', '-')}.zip`);
    writeFileSync(zip, buildZip([{ name: 'a/DUP-1.json', data: texts[0]! }, { name: 'b/DUP-1.json', data: texts[1]! }]));
    for (const path of [dir, zip]) {
      const source = await openOsvPath(path);
      expect(source.lookup('npm', 'dup').map((r) => r.modified)).toEqual(['2024-02-01T00:00:00Z']);
      expect(source.describe().records).toBe(1);
    }
    // End to end: `ospo vulns --osv ZIP` reports 1.6.0 (affected per the newer copy only).
    const lock = join(dir, 'package-lock.json');
    writeFileSync(lock, JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app', dependencies: { dup: '1.6.0' } }, 'node_modules/dup': { version: '1.6.0' } } }));
    const run = await runCli(['vulns', lock, '--osv', zip, '--format', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; details: { fixedVersions: string[] } }> };
    expect(doc.findings.map((f) => [f.ruleId, f.details.fixedVersions])).toEqual([['DUP-1', ['2.0.0']]]);
  });
});
