// Child process for the kill -9 test: opens the store named by argv, ingests a large generated
// inventory in small batches, and prints `batch <n>` after each so the parent can kill it
// mid-transaction (or, with `hang`, after its commit). Run with `node --import tsx`.
import { openStore } from '../engine.js';
import { ingestSnapshot } from '../repo/ingest.js';
import { makeInventory, type TestPackage } from '../testing.js';

const [target, projectId, countArg, after] = process.argv.slice(2);
const store = await openStore(target!.startsWith('postgres') ? { url: target! } : { dataDir: target! });
const packages = Array.from({ length: Number(countArg) }, (_, i): TestPackage => ['npm', `kill-${String(i).padStart(6, '0')}`, '1.0.0']);
await ingestSnapshot(store, projectId!, makeInventory('killed', packages), { source: 'scan' }, {
  batchSize: 500,
  onBatch: (n) => {
    process.stdout.write(`batch ${n}\n`);
  },
});
process.stdout.write('committed\n');
// `hang`: stay open without closing, so the parent kills a process whose last transaction committed.
if (after === 'hang') setInterval(() => {}, 1000);
else await store.close();
