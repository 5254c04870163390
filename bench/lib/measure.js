// Runs a command and measures it: wall time (hrtime around the child), peak RSS and CPU time.
// Peak RSS comes from GNU time (`/usr/bin/time`, the maximum over the child and its
// descendants) when installed, else from a preload in the Node child that reports
// process.resourceUsage().maxRSS at exit (that process alone).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const PROBE = fileURLToPath(new URL('./rss-probe.js', import.meta.url));

/** Whether GNU time is available for peak-RSS measurement. */
export const hasGnuTime = existsSync(GNU_TIME);

/**
 * Runs `node <args>` and returns `{ code, wallMs, rssMb, cpuS, stdout, stderr, timedOut }`.
 * `timeoutMs` kills the child (and reports timedOut) when it runs too long.
 */
export function measureNode(args, { env = process.env, cwd = process.cwd(), timeoutMs = 0, keepStdout = false } = {}) {
  const stamp = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const timeFile = join(tmpdir(), `bench-time-${stamp}.txt`);
  const probeFile = join(tmpdir(), `bench-probe-${stamp}.json`);
  let cmd;
  let argv;
  if (hasGnuTime) {
    cmd = GNU_TIME;
    argv = ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...args];
  } else {
    cmd = process.execPath;
    argv = ['--import', PROBE, ...args];
    env = { ...env, BENCH_PROBE_FILE: probeFile };
  }
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: timeoutMs > 0 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      if (keepStdout) stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
    });
    let timedOut = false;
    const timer = timeoutMs > 0
      ? setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs)
      : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let rssMb = null;
      let cpuS = null;
      try {
        if (hasGnuTime) {
          const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop().trim().split(/\s+/).map(Number);
          rssMb = last[0] / 1024;
          cpuS = last[1] + last[2];
        } else {
          const p = JSON.parse(readFileSync(probeFile, 'utf8'));
          rssMb = p.maxRSS / 1024;
          cpuS = (p.userCPUTime + p.systemCPUTime) / 1e6;
        }
      } catch {
        // killed before it could report
      }
      rmSync(timeFile, { force: true });
      rmSync(probeFile, { force: true });
      resolvePromise({ code, wallMs, rssMb, cpuS, stdout, stderr, timedOut });
    });
  });
}
