// VEX: OpenVEX 0.2.0 and CycloneDX VEX read into one statement model, applied to findings
// (not_affected and fixed suppress; the latest applicable statement wins; unused statements are
// reported), and written back out (OpenVEX for triage; CycloneDX with vulnerabilities[]).
import { InputError } from '../../model/errors.js';
import { parseJson } from '../../parsers/index.js';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from '../../sources/read-file.js';
import { isCycloneDxVex, readCycloneDxVex } from './cyclonedx.js';
import type { VexStatement } from './model.js';
import { isOpenVex, readOpenVex } from './openvex.js';

export * from './model.js';
export { applyVex, type VexApplication } from './apply.js';
export { isOpenVex, readOpenVex, writeOpenVex, OPENVEX_CONTEXT, type OpenVexOptions } from './openvex.js';
export { isCycloneDxVex, readCycloneDxVex, toCycloneDxVexBom, writeCycloneDxVexJson, idSource } from './cyclonedx.js';

/** Reads VEX statements from text, detecting OpenVEX or CycloneDX by content. */
export function readVex(text: string, file: string): VexStatement[] {
  const doc = parseJson(text, file);
  if (isOpenVex(doc)) return readOpenVex(text, file);
  if (isCycloneDxVex(doc)) return readCycloneDxVex(text, file);
  throw new InputError('not a VEX document: expected OpenVEX ("@context": "https://openvex.dev/ns/v0.2.0") or CycloneDX with "vulnerabilities"', { file, pointer: '' });
}

/** Reads a VEX file (size-capped) into statements; InputError naming the file otherwise. */
export function readVexFile(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): VexStatement[] {
  return readVex(readTextFile(path, path, maxBytes), path);
}
