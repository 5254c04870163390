// `ospo worker`: help, flag errors, and a run on the embedded database stopped by SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';

describe('ospo worker', () => {
  it('--help explains scale-out, shutdown and the embedded database, with examples', async () => {
    const run = await runCli(['worker', '--help']);
    expect(run.code).toBe(0);
    for (const text of ['--database <url>', '--concurrency <n>', '--osv-refresh-cron <cron>', 'exactly one worker', 'SIGTERM', 'Examples:']) {
      expect(run.stdout).toContain(text);
    }
  });

  it.each([
    [['--concurrency', '0'], '--concurrency must be a whole number from 1 to 64 (got "0")'],
    [['--concurrency', 'many'], '--concurrency must be a whole number from 1 to 64 (got "many")'],
    [['--shutdown-timeout', '-5'], '--shutdown-timeout must be a whole number'],
    [['--database', 'mysql://x/y'], '--database must be a postgres:// or postgresql:// URL'],
    [['--policy', '/nonexistent/ospo.policy.yaml'], 'cannot read the policy /nonexistent/ospo.policy.yaml: no such file'],
    [['--policy', new URL('./__fixtures__/check/broken/ospo.policy.yaml', import.meta.url).pathname], 'ospo.policy.yaml:6: licenses[0].severity: must be one of'],
  ])('%j is a usage error', async (args, message) => {
    const run = await runCli(['worker', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('runs on the embedded database until SIGTERM, then stops cleanly and releases the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ospo-worker-cli-'));
    try {
      const running = runCli(['worker', '--data-dir', dir, '--osv-refresh-cron', 'off', '--metrics-cron', 'off']);
      // The signal handler exists once the worker is ready; until then emitting SIGTERM does nothing.
      let settled = false;
      void running.then(() => (settled = true));
      while (!settled) {
        await new Promise((r) => setTimeout(r, 500));
        process.emit('SIGTERM');
      }
      const run = await running;
      expect(run.stderr).toContain('worker ready on');
      expect(run.stderr).toContain('SIGTERM: finishing running jobs');
      expect(run.stderr).toContain('worker stopped');
      expect(run.code).toBe(0);
      // The PGlite lock was released: the directory opens again.
      const { openStore } = await import('../../store/engine.js');
      const store = await openStore({ dataDir: dir });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
