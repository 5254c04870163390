// The dashboard's speed in the browser (`npm run bench:web`): runs test/browser/perf.test.ts,
// which prints the first page's time to interactive and the 10,000-component project page's
// render and per-interaction times, with the targets enforced exactly (no slack for load).
import { spawnSync } from 'node:child_process';

const run = spawnSync('npx', ['vitest', 'run', 'test/browser/perf.test.ts'], { stdio: 'inherit', env: { ...process.env, OSPO_PERF_SLACK: process.env.OSPO_PERF_SLACK ?? '1' } });
process.exit(run.status ?? 1);
