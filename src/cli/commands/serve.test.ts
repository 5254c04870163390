// `ospo serve`: flag errors before anything opens, an invalid --policy named by line, and a real
// run on the embedded database with --policy, --osv and OIDC flags: a sign-in over HTTP against
// a provider on 127.0.0.1 (role from claims), an upload matched against the --osv records, then
// SIGTERM.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openStore, rows } from '../../store/index.js';
import { testEngines, type TestStore } from '../../store/testing.js';
import { runCli, startCli } from '../../test-support/cli.js';
import { startOidcProvider, type TestOidcProvider } from '../../test-support/oidc-provider.js';

const [pglite] = await testEngines();
const BOM = readFileSync(new URL('../../server/__fixtures__/cyclonedx-lodash.json', import.meta.url), 'utf8');
const BROKEN_POLICY = new URL('./__fixtures__/check/broken/ospo.policy.yaml', import.meta.url).pathname;
const GOOD_POLICY = new URL('./__fixtures__/check/osv-policy.yaml', import.meta.url).pathname;
const ISSUER = 'https://login.example.com';
const REDIRECT = 'http://127.0.0.1:8080/api/v1/auth/oidc/callback';

describe('ospo serve flags', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ospo-serve-flags-'));
    writeFileSync(join(tmp, 'empty-secret'), '\n');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('--help documents the policy, OSV and OIDC flags with examples', async () => {
    const run = await runCli(['serve', '--help']);
    expect(run.code).toBe(0);
    for (const text of ['--policy <file>', '--osv <path>', '--oidc-issuer <url>', '--oidc-client-secret-file <file>', '$OSPO_OIDC_CLIENT_SECRET', '--oidc-role-map <pairs>', '--oidc-teams-claim <claim>', 'never from the command line', 'Examples:']) {
      expect(run.stdout).toContain(text);
    }
  });

  it.each([
    [['--oidc-client-id', 'x'], '--oidc-client-id needs --oidc-issuer'],
    [['--oidc-issuer', ISSUER], '--oidc-issuer needs --oidc-client-id'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo'], '--oidc-issuer needs --oidc-redirect-url'],
    [['--oidc-issuer', 'http://login.example.com', '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT], '--oidc-issuer must be an https:// URL (http:// only on 127.0.0.1 or localhost)'],
    [['--oidc-issuer', 'not a url', '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT], '--oidc-issuer: "not a url" is not a URL'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo', '--oidc-redirect-url', 'http://127.0.0.1:8080/login'], '--oidc-redirect-url must end with /api/v1/auth/oidc/callback'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT, '--oidc-client-secret-file', '/nonexistent/secret'], '--oidc-client-secret-file: cannot read /nonexistent/secret: no such file'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT, '--oidc-client-secret-file', 'EMPTY'], 'is empty'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT, '--oidc-default-role', 'king'], '--oidc-default-role must be one of admin, ospo, legal, security, developer, viewer (got "king")'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT, '--oidc-role-map', 'a=admin'], '--oidc-role-map needs --oidc-role-claim'],
    [['--oidc-issuer', ISSUER, '--oidc-client-id', 'ospo', '--oidc-redirect-url', REDIRECT, '--oidc-role-claim', 'groups', '--oidc-role-map', 'a=king'], '--oidc-role-map: "a=king": king is not a role'],
    [['--policy', '/nonexistent/ospo.policy.yaml'], 'cannot read the policy /nonexistent/ospo.policy.yaml: no such file'],
  ])('%j is a usage error, before any database opens', async (args, message) => {
    const dataDir = join(tmp, 'never-created');
    const run = await runCli(['serve', '--data-dir', dataDir, ...args.map((a) => (a === 'EMPTY' ? join(tmp, 'empty-secret') : a))]);
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
    expect(() => readFileSync(join(dataDir, 'db', 'PG_VERSION'))).toThrow();
  });

  it('says when the port is taken, and lets go of the data directory', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = join(tmp, 'port-taken');
    try {
      const run = await runCli(['serve', '--port', String(port), '--data-dir', dataDir]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    } finally {
      blocker.close();
    }
    // The lock is gone: the directory opens again.
    const store = await openStore({ dataDir });
    await store.close();
  }, 120_000);

  it('refuses an invalid --policy naming its line and field, like ospo check', async () => {
    const run = await runCli(['serve', '--data-dir', join(tmp, 'never-created'), '--policy', BROKEN_POLICY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ospo\.policy\.yaml:6: licenses\[0\]\.severity: must be one of critical, high, medium, low, none, unknown \(got "hgh"\)/);
    expect(run.stdout).toBe('');
  });
});

describe('ospo serve with --policy, --osv and OIDC', () => {
  let t: TestStore;
  let provider: TestOidcProvider;
  let tmp: string;
  beforeAll(async () => {
    t = await pglite!.create();
    await t.close();
    tmp = mkdtempSync(join(tmpdir(), 'ospo-serve-run-'));
    mkdirSync(join(tmp, 'osv'));
    writeFileSync(
      join(tmp, 'osv', 'GHSA-test-lodash.json'),
      JSON.stringify({
        schema_version: '1.7.0',
        id: 'GHSA-test-lodash',
        modified: '2024-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }],
        database_specific: { severity: 'HIGH' },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await provider?.close();
    await t?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves on the embedded database; an OIDC user signs in with a mapped role and uploads; SIGTERM stops it', async () => {
    // The port is not known before listening; the provider accepts the callback on any port.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const redirect = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
    provider = await startOidcProvider({ redirectUris: [redirect], user: { sub: 'olga', email: 'olga@example.com', name: 'Olga', groups: ['ospo-admins'] } });
    writeFileSync(join(tmp, 'secret'), `${provider.clientSecret}\n`);
    const running = startCli([
      'serve', '--port', String(port), '--data-dir', t.openOptions.dataDir!, '--policy', GOOD_POLICY, '--osv', join(tmp, 'osv'),
      '--oidc-issuer', provider.issuer, '--oidc-client-id', provider.clientId, '--oidc-client-secret-file', join(tmp, 'secret'),
      '--oidc-redirect-url', redirect, '--oidc-role-claim', 'groups', '--oidc-role-map', 'ospo-admins=admin',
    ]);
    try {
      await running.waitFor('OIDC sign-in via');
      const base = `http://127.0.0.1:${port}/api/v1`;
      expect(running.output().stderr).toContain(`OIDC sign-in via ${provider.issuer}: http://127.0.0.1:${port}/api/v1/auth/oidc/login\n`);
      expect(running.output().stderr).toContain('reading OSV records from');
      expect(running.output().stderr).toContain('background jobs run in this process (embedded database)');

      const login = await fetch(`${base}/auth/oidc/login`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const atProvider = await fetch(login.headers.get('location')!, { redirect: 'manual' });
      const callback = await fetch(atProvider.headers.get('location')!, { headers: { cookie } });
      expect(callback.status).toBe(200);
      const { token } = (await callback.json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      const me = (await (await fetch(`${base}/me`, { headers: auth })).json()) as { role: string; email: string };
      expect(me).toMatchObject({ role: 'admin', email: 'olga@example.com' });

      const team = (await (await fetch(`${base}/teams`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'web' }) })).json()) as { id: string };
      const project = (await (await fetch(`${base}/projects`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ teamId: team.id, name: 'shop' }) })).json()) as { id: string };
      const upload = await fetch(`${base}/projects/${project.id}/snapshots`, { method: 'POST', headers: { ...auth, 'content-type': 'application/vnd.cyclonedx+json' }, body: BOM });
      expect(upload.status).toBe(201);
      const findings = (await (await fetch(`${base}/findings?kind=vulnerability`, { headers: auth })).json()) as { items: { ruleId?: string; advisoryId?: string }[] };
      expect(JSON.stringify(findings)).toContain('GHSA-test-lodash');
      const policy = (await (await fetch(`${base}/projects/${project.id}/policy`, { headers: auth })).json()) as { policyConfigured: boolean };
      expect(policy.policyConfigured).toBe(true);
    } finally {
      process.emit('SIGTERM');
    }
    const run = await running.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('SIGTERM: shutting down');
    // The in-process worker made the job queues and the daily metrics schedule, then let go of the data directory.
    const store = await openStore({ dataDir: t.openOptions.dataDir! });
    try {
      const schedules = await rows<{ name: string }>(store.db, sql`SELECT name FROM pgboss.schedule ORDER BY name`);
      // --osv PATH: the advisories are the operator's, so no scheduled OSV download (metrics and the request SLA check stay).
      expect(schedules.map((r) => r.name)).toEqual(['metrics', 'sla-check']);
    } finally {
      await store.close();
    }
  }, 180_000);
});
