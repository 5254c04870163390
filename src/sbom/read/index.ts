// SBOM readers: CycloneDX 1.2–1.6 (JSON, XML) and SPDX 2.2/2.3 (JSON, tag-value) into the
// inventory model. Contract: `detectSbomFormat` is a cheap check of a file's name and start;
// `readSbom` is pure (text in, Inventory out) and throws an InputError naming the file and a
// JSON pointer or line for anything malformed or unsupported. The described component (CycloneDX
// metadata.component, the SPDX DESCRIBES target) becomes the one project; every other
// component is kept, flattened, with its purl, scope, license and hashes, and the dependency
// graph is keyed by component id. Refs to nothing are warnings, never crashes.
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { stripBom } from '../../parsers/lines.js';
import { looksBinary } from '../../parsers/limits.js';
import { baseName } from '../../scanners/types.js';
import { buildInventory } from './build.js';
import { readCycloneDxJson, readCycloneDxXml, xmlRootNamespace } from './cyclonedx.js';
import type { RawSbom } from './raw.js';
import { readSpdxJson, readSpdxTagValue } from './spdx.js';

export { CYCLONEDX_VERSIONS } from './cyclonedx.js';
export { SPDX_VERSIONS, parseTagValue, type TagValue } from './spdx.js';

/** An SBOM serialisation Ospo reads. */
export type SbomFormat = 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value';

/** How much of a file detection looks at. */
const HEAD = 8 * 1024;

/** The format a file name suggests (`*.cdx.json`, `bom.xml`, `*.spdx.json`, `*.spdx`), if any. */
function nameHint(path: string): SbomFormat | undefined {
  const name = baseName(path).toLowerCase();
  if (name.endsWith('.cdx.json') || name === 'bom.json' || name.endsWith('.bom.json')) return 'cyclonedx-json';
  if (name.endsWith('.cdx.xml') || name === 'bom.xml' || name.endsWith('.bom.xml')) return 'cyclonedx-xml';
  if (name.endsWith('.spdx.json')) return 'spdx-json';
  if (name.endsWith('.spdx')) return 'spdx-tag-value';
  return undefined;
}

/**
 * Detects an SBOM's format from its content, looking at the first 8 KiB: CycloneDX JSON has
 * `"bomFormat": "CycloneDX"`, CycloneDX XML a `<bom>` root in a `http://cyclonedx.org/schema/bom/`
 * namespace, SPDX JSON `"spdxVersion"` (or an SPDX 3 `@context`, so reading can say it is
 * unsupported), tag-value a first `SPDXVersion:` line. A file name such as `*.cdx.json` or
 * `*.spdx.json` lets a key that sits further in (or a wrong `bomFormat`) still count, so the
 * reader can say what is wrong. Returns null for anything else, such as a package-lock.json.
 */
export function detectSbomFormat(path: string, content: string): SbomFormat | null {
  if (looksBinary(content)) return null;
  const head = stripBom(content.slice(0, HEAD)).trimStart();
  const hint = nameHint(path);
  if (head.startsWith('{')) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(head)) return 'cyclonedx-json';
    if (/"spdxVersion"\s*:/.test(head)) return 'spdx-json';
    if (/"@context"/.test(head) && /spdx\.org\/rdf\/3/.test(head)) return 'spdx-json';
    if (hint === 'cyclonedx-json' && /"(bomFormat|specVersion)"\s*:/.test(content)) return hint;
    if (hint === 'spdx-json' && /"(spdxVersion|SPDXID)"\s*:/.test(content)) return hint;
    return null;
  }
  if (head.startsWith('<')) {
    const root = xmlRootNamespace(head);
    if (root?.name === 'bom' && root.namespace?.startsWith('http://cyclonedx.org/schema/bom/')) return 'cyclonedx-xml';
    return null;
  }
  for (const line of head.split('\n', 50)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return /^SPDXVersion\s*:/.test(t) ? 'spdx-tag-value' : null;
  }
  return null;
}

/**
 * Reads an SBOM into an Inventory with one project (the described component) and every
 * component, flattened. `format` defaults to what detectSbomFormat finds. Throws an InputError
 * naming `file` and where in it when the document is malformed, breaks its schema's
 * structure, repeats a ref, or has an unsupported version.
 */
export function readSbom(content: string, file: string, format?: SbomFormat): Inventory {
  if (looksBinary(content)) throw new InputError('binary data, not an SBOM', { file });
  const fmt = format ?? detectSbomFormat(file, content);
  if (!fmt) {
    throw new InputError('not an SBOM Ospo reads: expected CycloneDX 1.2–1.6 (JSON or XML) or SPDX 2.2/2.3 (JSON or tag-value)', { file });
  }
  let raw: RawSbom;
  switch (fmt) {
    case 'cyclonedx-json':
      raw = readCycloneDxJson(content, file);
      break;
    case 'cyclonedx-xml':
      raw = readCycloneDxXml(content, file);
      break;
    case 'spdx-json':
      raw = readSpdxJson(content, file);
      break;
    case 'spdx-tag-value':
      raw = readSpdxTagValue(content, file);
      break;
  }
  return buildInventory(raw, file);
}
