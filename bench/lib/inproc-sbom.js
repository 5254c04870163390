// Child process for the in-process SBOM benchmark: times buildInventory + writeCycloneDxJson on
// one lockfile `runs` times (after one warm-up run) and prints the figures as JSON on stdout.
// Usage: node bench/lib/inproc-sbom.js <lockfile> <runs>
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

// BENCH_OSPO_ROOT: the frozen copy of the build that bench/run.js measures (default: this checkout).
const root = process.env.BENCH_OSPO_ROOT ? new URL(`file://${process.env.BENCH_OSPO_ROOT.replace(/\/?$/, '/')}`) : new URL('../../', import.meta.url);
const { buildInventory } = await import(new URL('dist/inventory/build.js', root).href);
const { writeCycloneDxJson } = await import(new URL('dist/sbom/write/index.js', root).href);

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 7);
const timestamp = new Date('2024-06-01T00:00:00Z');
const times = [];
const scanTimes = [];
let components = 0;
let bytes = 0;
for (let i = 0; i <= runs; i++) {
  const t0 = performance.now();
  const inv = await buildInventory([file]);
  const t1 = performance.now();
  const doc = writeCycloneDxJson(inv, { timestamp });
  const t2 = performance.now();
  times.push(t2 - t0);
  scanTimes.push(t1 - t0);
  components = inv.components.length;
  bytes = doc.length;
  if (inv.errors.length) throw new Error(`scan errors: ${JSON.stringify(inv.errors.slice(0, 3))}`);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const warm = times.slice(1);
process.stdout.write(JSON.stringify({
  file: fileURLToPath(new URL(file, `file://${process.cwd()}/`)),
  runs,
  coldMs: times[0],
  medianMs: median(warm),
  minMs: Math.min(...warm),
  maxMs: Math.max(...warm),
  medianScanMs: median(scanTimes.slice(1)),
  medianWriteMs: median(warm.map((t, i) => t - scanTimes[i + 1])),
  components,
  bytes,
}));
