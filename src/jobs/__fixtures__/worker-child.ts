// Child process for the kill -9 test: runs a worker on the PostgreSQL database named by argv and
// reports what it does on stdout, so the parent can SIGKILL it at a chosen moment.
//   mode `mid-ingest`: ingests in slow batches of 250, printing `batch <n>` after each;
//   mode `after-ingest`: ingests, prints `analyzing <snapshot id>`, then hangs in the analysis.
// Run with `node --import tsx`.
import { openStore } from '../../store/engine.js';
import { startWorker } from '../worker.js';

const [url, mode, dataDir] = process.argv.slice(2);
const store = await openStore({ url: url! });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await startWorker({
  store,
  url: url!,
  dataDir: dataDir!,
  refreshCron: null,
  metricsCron: null,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  ingestOptions: {
    batchSize: 250,
    onBatch: async (n) => {
      process.stdout.write(`batch ${n}\n`);
      if (mode === 'mid-ingest') await sleep(200);
    },
  },
  analyze: async (_store, snapshotId) => {
    process.stdout.write(`analyzing ${snapshotId}\n`);
    if (mode === 'after-ingest') await new Promise(() => {});
  },
});
process.stdout.write('ready\n');
