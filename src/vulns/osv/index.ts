// OSV data for the vulnerability matcher.
// Contract: every source of advisories is an `AdvisorySource` (../source.ts).
// - `openOsvPath(path)` reads a directory tree, zip or tarball of OSV records (JSON or YAML) into
//   memory once (`ospo vulns --osv`);
// - `openDatabase(dataDir)` opens the imported database in `<dataDir>/osv/` lazily;
// - `importRecords` (local paths) and `updateDatabase` (the official per-ecosystem archives)
//   write a new database generation and switch to it atomically.
// Every record passes `validateOsvRecord` (OSV 1.7) first; failures are quarantined, not imported.
export * from './archive.js';
export * from './db.js';
export * from './download.js';
export * from './read.js';
export * from './types.js';
export * from './validate.js';
export * from './zip-write.js';
