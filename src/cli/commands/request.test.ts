// ospo request against a live server on 127.0.0.1 (PGlite): file, inbox, show, refusals, approve,
// reject, comment, decisions, allowlist; usage and connection errors and their exit codes.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/index.js';
import { createTeam, type Store } from '../../store/index.js';
import { createToken } from '../../store/repo/tokens.js';
import { createUser } from '../../store/repo/users.js';
import { testEngines, type TestStore } from '../../store/testing.js';
import { runCli } from '../../test-support/cli.js';

const [pglite] = await testEngines();

describe('ospo request', () => {
  let t: TestStore;
  let store: Store;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let env: Record<'dev' | 'legal' | 'ospo', NodeJS.ProcessEnv>;
  beforeAll(async () => {
    t = await pglite!.create();
    store = t.store;
    const team = (await createTeam(store, 'payments')).id;
    app = await buildServer({ store });
    const server = await app.listen({ port: 0, host: '127.0.0.1' });
    const tokenFor = async (email: string, role: 'developer' | 'legal' | 'ospo') => {
      const u = await createUser(store, { email, role, teamIds: [team] });
      return (await createToken(store, { userId: u.id, name: 'cli', scopes: ['read', 'write'] })).token;
    };
    env = {
      dev: { OSPO_SERVER: server, OSPO_TOKEN: await tokenFor('dev@example.com', 'developer') },
      legal: { OSPO_SERVER: server, OSPO_TOKEN: await tokenFor('legal@example.com', 'legal') },
      ospo: { OSPO_SERVER: server, OSPO_TOKEN: await tokenFor('ospo@example.com', 'ospo') },
    };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('files an adoption, shows it in the reviewer\'s inbox, refuses self-approval, approves it and finds the decision', async () => {
    const types = await runCli(['request', 'types'], env.dev);
    expect(types.code, types.stderr).toBe(0);
    expect(types.stdout).toContain('adopt: Adopt a component (SLA 5 days; 1 approver incl. legal; reviewed by ospo, legal, security)');
    expect(types.stdout).toContain('  --field usage=<internal|saas|distributed> (required)');
    const incomplete = await runCli(['request', 'create', '--type', 'adopt', '--title', 'Adopt zod', '--field', 'purl=pkg:npm/zod', '--team', 'payments', '--submit'], env.dev);
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toContain('400 Bad Request');
    expect(incomplete.stderr).toContain('  /body/answers/license: is required (License (SPDX))');
    const created = await runCli(['request', 'create', '--type', 'adopt', '--title', 'Adopt zod for validation', '--field', 'purl=pkg:npm/zod@3.23.8', '--field', 'license=MIT', '--field', 'usage=saas', '--team', 'payments', '--submit'], env.dev);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^request 1 \(adopt\) submitted: Adopt zod for validation; due \d{4}-\d{2}-\d{2}\n$/);
    const inbox = await runCli(['request', 'list', '--inbox'], env.legal);
    expect(inbox.stdout).toMatch(/^#1 {2}submitted {9}adopt {6}\d{4}-\d{2}-\d{2} {2}Adopt zod for validation {2}\(dev@example.com\)\n$/);
    expect((await runCli(['request', 'list', '--inbox'], env.dev)).stdout).toBe('no requests\n');
    const self = await runCli(['request', 'approve', '1', '--rationale', 'I like it'], env.dev);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('403 Forbidden: you filed request 1: someone else must review it (no self-approval)');
    expect((await runCli(['request', 'approve', '1'], env.legal)).code).toBe(2);
    const stale = await runCli(['request', 'approve', '1', '--rationale', 'x', '--expected-version', '1'], env.legal);
    expect(stale.stderr).toContain('409 Conflict: request 1 changed: it is at version 2, not 1');
    expect((await runCli(['request', 'comment', '1', 'is 3.x still maintained?'], env.legal)).code).toBe(0);
    const ok = await runCli(['request', 'approve', '1', '--rationale', 'MIT, widely used, maintained', '--clause', 'licenses/permissive', '--expected-version', '2'], env.legal);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('request 1 is approved\n');
    const show = await runCli(['request', 'show', '1'], env.dev);
    expect(show.stdout).toMatch(/^request 1: Adopt zod for validation\n {2}type Adopt a component, approved \(version 3\), by dev@example.com, due \d{4}-\d{2}-\d{2}\n/);
    expect(show.stdout).toContain('  Package URL of the component: pkg:npm/zod@3.23.8');
    expect(show.stdout).toContain('  [ ] License and obligations reviewed');
    expect(show.stdout).toContain('legal@example.com (legal) approved: MIT, widely used, maintained');
    expect(show.stdout).toContain('legal@example.com: is 3.x still maintained?');
    expect(show.stdout).toContain('decision: approved by legal@example.com');
    expect(show.stdout).toContain('  clauses: licenses/permissive');
    const json = JSON.parse((await runCli(['request', 'show', '1', '--format', 'json'], env.dev)).stdout);
    expect(json).toMatchObject({ number: 1, state: 'approved', decision: { outcome: 'approved' } });
    const found = await runCli(['request', 'decisions', 'validation'], env.dev);
    expect(found.stdout).toMatch(/^#1 approved \d{4}-\d{2}-\d{2} adopt: Adopt zod for validation\n {2}MIT, widely used, maintained \[licenses\/permissive\]\n$/);
    const allow = await runCli(['request', 'allowlist'], env.dev);
    expect(allow.stdout).toContain("purl: pkg:npm/zod\n    versions: '=3.23.8'");
    const again = await runCli(['request', 'create', '--type', 'adopt', '--title', 'Adopt zod v4', '--field', 'purl=pkg:npm/zod@4.0.0', '--team', 'payments'], env.dev);
    expect(again.stdout).toContain('similar past decisions:\n  #1 approved: Adopt zod for validation');
  });

  it('rejects, withdraws and attaches a repository check result', async () => {
    const q = await runCli(['request', 'create', '--type', 'question', '--title', 'Can we fork libfoo?', '--team', 'payments', '--submit', '--format', 'json'], env.dev);
    const n = String(JSON.parse(q.stdout).number);
    expect((await runCli(['request', 'reject', n, '--rationale', 'contribute upstream instead'], env.ospo)).stdout).toBe(`request ${n} is rejected\n`);
    expect((await runCli(['request', 'withdraw', n], env.dev)).stderr).toContain(`409 Conflict: request ${n} is rejected: it cannot be withdrawn (rejected is final)`);
    const pub = await runCli(['request', 'create', '--type', 'publish', '--title', 'Publish sdk', '--team', 'payments', '--format', 'json'], env.dev);
    const p = String(JSON.parse(pub.stdout).number);
    expect((await runCli(['request', 'edit', p, '--field', 'license=Apache-2.0', '--check', 'trademarks'], env.dev)).stdout).toBe(`request ${p} updated (version 2)\n`);
    const edited = JSON.parse((await runCli(['request', 'show', p, '--format', 'json'], env.dev)).stdout);
    expect(edited).toMatchObject({ answers: { license: 'Apache-2.0' }, checklist: { trademarks: true } });
    expect((await runCli(['request', 'edit', p, '--check', 'nope'], env.dev)).stderr).toContain('/body/checklist/nope: is not an item');
    expect((await runCli(['request', 'edit', p], env.dev)).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'ospo-request-'));
    writeFileSync(join(dir, 'check.json'), JSON.stringify({ path: '.', summary: { passed: true }, rules: [] }));
    writeFileSync(join(dir, 'bad.json'), '{"summary": ');
    expect((await runCli(['request', 'attach-check', p, join(dir, 'check.json')], env.dev)).stdout).toBe(`attached to request ${p}: the repository check passes\n`);
    const bad = await runCli(['request', 'attach-check', p, join(dir, 'bad.json')], env.dev);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an `ospo repo check --format json` result');
    expect((await runCli(['request', 'withdraw', p, '--rationale', 'not yet'], env.dev)).stdout).toBe(`request ${p} is withdrawn\n`);
    expect((await runCli(['request', 'list', '--mine', '--state', 'withdrawn,rejected'], env.dev)).stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('says what is wrong with usage and connections, and documents every subcommand with examples', async () => {
    const noServer = await runCli(['request', 'list'], {});
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('no server: pass --server or set OSPO_SERVER');
    const down = await runCli(['request', 'list', '--server', 'http://127.0.0.1:9', '--token', 'ospo_x'], {});
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach the server');
    expect((await runCli(['request', 'create', '--type', 'question', '--title', 'x', '--field', 'oops'], env.dev)).stderr).toContain('--field must be id=value');
    expect((await runCli(['request', 'create', '--type', 'question', '--title', 'x', '--field', '__proto__=1'], env.dev)).code).toBe(2);
    expect((await runCli(['request', 'show', '1'], { ...env.dev, OSPO_TOKEN: 'ospo_wrong' })).stderr).toContain('401 Unauthorized');
    const help = await runCli(['request', '--help']);
    for (const sub of ['types', 'create', 'list', 'show', 'submit', 'approve', 'reject', 'changes', 'review', 'withdraw', 'edit', 'comment', 'attach-check', 'decisions', 'allowlist']) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${sub}\\b`));
      const h = await runCli(['request', sub, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout, sub).toMatch(/Examples?:\n/);
    }
  });
});
