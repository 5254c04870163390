// Reading VEX documents: OpenVEX 0.2.0 or CycloneDX VEX, detected by content.
import { InputError } from '../../model/errors.js';
import { parseJson } from '../../parsers/index.js';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from '../../sources/read-file.js';
import { isCycloneDxVex, readCycloneDxVex } from './cyclonedx.js';
import type { VexStatement } from './model.js';
import { isOpenVex, readOpenVex } from './openvex.js';

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
