import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';
import { HAVE_SHARED, RECORDS, SHARED_OSV } from '../../vulns/osv/__fixtures__/support.js';
import { openDatabase } from '../../vulns/osv/db.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ospo-cli-db-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ospo db', () => {
  it.each([
    [['db', '--help'], /update .*\n.*status/s],
    [['db', 'update', '--help'], /modified_id\.csv[\s\S]*Examples:\n {2}ospo db update {3,}download or refresh every ecosystem[\s\S]*--from \.\/advisory-database/],
    [['db', 'status', '--help'], /ospo db status --format json/],
  ])('%j explains itself', async (argv, text) => {
    const run = await runCli(argv);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(text);
  });

  it('status without a database says what to run, exit 3', async () => {
    const run = await runCli(['db', 'status', '--data-dir', join(tmp, 'none')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/no OSV database yet; run `ospo db update`/);
  });

  it('refuses --mirror with --from, exit 2', async () => {
    const run = await runCli(['db', 'update', '--from', RECORDS, '--mirror', 'http://127.0.0.1:1', '--data-dir', join(tmp, 'x')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--mirror is for downloads/);
  });

  it('imports with --from, names each quarantined record on stderr, exit 3; status counts them', async () => {
    const dir = join(tmp, 'scenario');
    const run = await runCli(['db', 'update', '--from', RECORDS, '--data-dir', dir]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^OSV database updated: PyPI, npm\n/);
    expect(run.stderr).toContain(`quarantined ${join(RECORDS, 'event-with-two-keys.json')} (at /affected/0/ranges/0/events/0) OSV-TWOKEYS-1: an event must have exactly one of introduced, fixed, last_affected, limit\n`);
    expect(run.stderr).toMatch(/18 record\(s\) failed OSV validation and were left out; the rest were imported\.\n$/);
    const status = await runCli(['db', 'status', '--data-dir', dir, '--format', 'json']);
    expect(status.code).toBe(0);
    const doc = JSON.parse(status.stdout) as { records: number; quarantined: number; ecosystems: Record<string, { records: number }>; sources: Record<string, { quarantine: unknown[] }> };
    expect(doc.records).toBe(3);
    expect(doc.quarantined).toBe(18);
    expect(Object.values(doc.sources)[0]!.quarantine).toHaveLength(18);
    expect(Object.fromEntries(Object.entries(doc.ecosystems).map(([k, v]) => [k, v.records]))).toEqual({ PyPI: 1, npm: 2 });
  });

  it.skipIf(!HAVE_SHARED)('imports the shared advisories, shows status, and survives a corrupt update', async () => {
    const dir = join(tmp, 'shared');
    const run = await runCli(['db', 'update', '--from', SHARED_OSV, '--data-dir', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OSV database updated: Go, Maven, NuGet, Packagist, PyPI, RubyGems, SwiftURL, crates\.io, npm\n/);
    expect(run.stdout).toMatch(/Next: `ospo vulns <path>`/);
    const status = await runCli(['db', 'status'], { OSPO_DATA_DIR: dir });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/6114 advisories; last update \S+ \(0 min ago\); newest record modified 2026-08-21T06:28:40Z/);
    expect(status.stdout).toMatch(/\ncrates\.io\s+1207\s+\d+\s+2026-08-21T06:28:40Z\s+0 min ago\n/);
    const bad = join(tmp, 'corrupt.tgz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    const failed = await runCli(['db', 'update', '--from', bad, '--data-dir', dir]);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/corrupt\.tgz: truncated or corrupt gzip data: .*the update was not applied; the previous database, if any, is still in use/);
    expect(openDatabase(dir).lookup('npm', 'minimist').map((r) => r.id)).toEqual(['GHSA-xvch-5gv4-984h']);
  }, 60_000);
});
