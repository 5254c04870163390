// Analysis of stored snapshots. Contract: `analyzeSnapshot(store, snapshotId, options)` matches a
// snapshot's components against advisories (src/vulns) and evaluates a policy (src/policy), then
// writes the project's findings in one transaction, keyed by the model's stable Finding.id so
// triage survives across snapshots; `loadSnapshotInventory` reads a snapshot back as an Inventory.
// Called by the HTTP API after an upload and by background jobs after the advisories change.
export { analyzeSnapshot, findingStatus } from './snapshot.js';
export type { AnalyzeOptions, AnalyzeResult } from './snapshot.js';
export { loadSnapshotInventory } from './snapshot-inventory.js';
export type { SnapshotInventory } from './snapshot-inventory.js';
