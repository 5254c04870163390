// Regenerates data/licenses/reference.json, the license matcher's precomputed reference table,
// from the installed spdx-license-list (no network). Run after `npm run build` whenever
// spdx-license-list, spdx-license-ids or the normalisation in src/licenses/text changes:
//   npm run build && node scripts/generate-license-reference.js
// src/licenses/text/references.test.ts fails while the shipped file is out of date.
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { REFERENCE_DATA, generateReferenceData, serializeReferenceData } = await import('../dist/licenses/text/references.js');
const target = fileURLToPath(new URL('../data/licenses/reference.json', import.meta.url));
const data = generateReferenceData();
const text = serializeReferenceData(data);
// Write beside the target and rename, so a reader never sees half a file.
const tmp = `${target}.${process.pid}.tmp`;
writeFileSync(tmp, text);
renameSync(tmp, target);
console.log(`${target}: ${data.refs.length} references, ${data.words.length} words, ${(text.length / 1024).toFixed(0)} KiB (${fileURLToPath(REFERENCE_DATA) === target ? 'the path the matcher loads' : 'WARNING: not the path the matcher loads'})`);
