// ospo admin, ospo push (against a real server on 127.0.0.1) and ospo audit verify, on PGlite.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/index.js';
import { openStore, type Store } from '../../store/index.js';
import { testEngines, type TestStore } from '../../store/testing.js';
import { runCli } from '../../test-support/cli.js';
import { memorySource } from '../../vulns/index.js';
import type { OsvRecord } from '../../vulns/osv/types.js';

const [pglite] = await testEngines();
const BOM = new URL('../../server/__fixtures__/cyclonedx-lodash.json', import.meta.url);
const ADVISORY = {
  schema_version: '1.7.0',
  id: 'GHSA-test-lodash',
  modified: '2024-01-01T00:00:00Z',
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }],
  database_specific: { severity: 'HIGH' },
} as OsvRecord;

describe('server commands', () => {
  let t: TestStore;
  let dataDir: string;
  beforeAll(async () => {
    t = await pglite!.create();
    await t.close();
    dataDir = t.openOptions.dataDir!;
  }, 120_000);
  afterAll(async () => t?.dispose());

  it('creates a user and a token, pushes an SBOM to a live server, and verifies the audit log', async () => {
    const user = await runCli(['admin', 'create-user', '--email', 'ci@example.com', '--role', 'developer', '--team', 'payments', '--data-dir', dataDir]);
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const bad = await runCli(['admin', 'create-user', '--email', 'x@example.com', '--role', 'king', '--data-dir', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role must be one of admin, ospo, legal, security, developer, viewer');
    const tok = await runCli(['admin', 'create-token', '--email', 'ci@example.com', '--expires', '1d', '--data-dir', dataDir]);
    expect(tok.code, tok.stderr).toBe(0);
    const token = tok.stdout.trim();
    expect(token).toMatch(/^ospo_[A-Za-z0-9_-]{43}$/);
    expect(tok.stderr).toContain('shown once');

    let store: Store | undefined = await openStore({ dataDir });
    const app = await buildServer({ store, advisories: memorySource([ADVISORY]) });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const pushed = await runCli(['push', BOM.pathname, '--server', address, '--project', 'checkout', '--team', 'payments'], { OSPO_TOKEN: token });
      expect(pushed.stderr).toContain('created project checkout');
      expect(pushed.stdout).toMatch(/^snapshot 1 of checkout: 2 components; 1 findings, 1 open \(1 high\)\n$/);
      expect(pushed.code).toBe(1);
      const again = await runCli(['push', BOM.pathname, '--server', address, '--project', 'checkout', '--format', 'json'], { OSPO_TOKEN: token });
      expect(JSON.parse(again.stdout)).toMatchObject({ created: false, snapshot: { id: 1 } });
      const denied = await runCli(['push', BOM.pathname, '--server', address, '--project', 'checkout'], { OSPO_TOKEN: 'ospo_wrong' });
      expect(denied.code).toBe(3);
      expect(denied.stderr).toContain('401 Unauthorized');
    } finally {
      await app.close();
      await store.close();
      store = undefined;
    }

    const ok = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^audit log intact: \d+ records\n$/);
    // Tamper with a record behind the triggers' back: verify names it.
    store = await openStore({ dataDir });
    await store.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await store.db.execute(sql`UPDATE audit_log SET actor = 'someone-else' WHERE id = 2`);
    await store.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    await store.close();
    const broken = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('audit log broken at record 2 (edited)');
    expect(readFileSync(BOM, 'utf8')).toContain('lodash');
  }, 120_000);

  it('documents serve, push and admin in --help', async () => {
    for (const cmd of [['serve'], ['push'], ['admin', 'create-user'], ['admin', 'create-token'], ['audit', 'verify']]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });
});
