// SBOM writers: the inventory model out to CycloneDX 1.6 (JSON, XML) and SPDX 2.3 JSON.
export * from './common.js';
export * from './cyclonedx.js';
export * from './cyclonedx-json.js';
export * from './spdx.js';
