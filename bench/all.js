// Runs every benchmark in turn (`npm run bench`); each prints its own figures. Pass names to
// run a subset: `node bench/all.js scan vulns`. BENCHMARKS.md records the latest figures.
import { spawnSync } from 'node:child_process';

const BENCHMARKS = [
  ['scan', ['bench/run.js']],
  ['versions', ['bench/versions.js']],
  ['osv', ['bench/osv-import.js']],
  ['vulns', ['--expose-gc', 'bench/vulns-match.js']],
  ['licenses', ['bench/licenses.js']],
  ['store', ['bench/store.js']],
  ['api', ['bench/api.js']],
  ['web', ['bench/web.js']],
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHMARKS.some(([name]) => name === w));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')}; choose from ${BENCHMARKS.map(([n]) => n).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const [name, args] of BENCHMARKS) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n=== ${name}: node ${args.join(' ')}`);
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`=== ${name} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
