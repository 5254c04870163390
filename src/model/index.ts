// The domain model: types and invariants with no I/O.
export * from './ecosystem.js';
export * from './names.js';
export * from './purl.js';
export * from './package.js';
export * from './inventory.js';
export * from './errors.js';
export * from './finding.js';
export * from './url.js';
