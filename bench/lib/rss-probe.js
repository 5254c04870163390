// Preloaded with `node --import` when GNU time is missing: records this process's peak RSS and
// CPU time in $BENCH_PROBE_FILE when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_PROBE_FILE;
  if (file) writeFileSync(file, JSON.stringify(process.resourceUsage()));
});
