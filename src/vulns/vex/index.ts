// VEX: OpenVEX 0.2.0 and CycloneDX VEX read into one statement model, applied to findings
// (not_affected and fixed suppress; the latest applicable statement wins; unused statements are
// reported), and written back out (OpenVEX for triage; CycloneDX with vulnerabilities[]).

export * from './model.js';
export { applyVex, type VexApplication } from './apply.js';
export { isOpenVex, readOpenVex, writeOpenVex, OPENVEX_CONTEXT, type OpenVexOptions } from './openvex.js';
export { isCycloneDxVex, readCycloneDxVex } from './cyclonedx.js';
export { toCycloneDxVexBom, writeCycloneDxVexJson, idSource } from './cyclonedx-write.js';
export { readVex, readVexFile } from './read.js';
