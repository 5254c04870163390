// CycloneDX VEX: read `vulnerabilities[].analysis` statements (CycloneDX 1.4-1.6) into the shared
// statement model. Writing is in cyclonedx-write.ts (it needs the CycloneDX library, which takes
// a third of a second to load: `ospo vulns` loads it only for --format cyclonedx-json).
import { InputError } from '../../model/errors.js';
import { parseJson } from '../../parsers/index.js';
import type { VexStatement, VexStatus } from './model.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

const STATE_TO_STATUS: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

/** Returns whether a parsed JSON document is CycloneDX with vulnerabilities (a VEX or a BOM with VEX data). */
export function isCycloneDxVex(doc: unknown): boolean {
  return isObj(doc) && doc['bomFormat'] === 'CycloneDX' && Array.isArray(doc['vulnerabilities']);
}

/**
 * Reads the statements of a CycloneDX VEX: every vulnerability with an `analysis.state` and
 * `affects` becomes a statement (ids from `id` and `references[].id`; products from the refs,
 * resolved to purls through the document's own components, bom-links read by their fragment).
 * `not_affected` needs an `analysis.justification` or `detail`. Vulnerabilities without analysis
 * are not statements and are skipped.
 */
export function readCycloneDxVex(text: string, file: string): VexStatement[] {
  const doc = parseJson(text, file);
  if (!isCycloneDxVex(doc)) throw new InputError('not a CycloneDX document with "vulnerabilities"', { file, pointer: '' });
  const d = doc as Record<string, unknown>;
  const purlByRef = new Map<string, string>();
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObj(c)) continue;
      const ref = str(c['bom-ref']);
      const purl = str(c['purl']);
      if (ref && purl) purlByRef.set(ref, purl);
      walk(c['components']);
    }
  };
  walk(d['components']);
  const meta = d['metadata'];
  if (isObj(meta) && isObj(meta['component'])) walk([meta['component']]);
  const out: VexStatement[] = [];
  (d['vulnerabilities'] as unknown[]).forEach((v, i) => {
    const at = `/vulnerabilities/${i}`;
    if (!isObj(v)) throw new InputError('a vulnerability must be an object', { file, pointer: at });
    const analysis = v['analysis'];
    if (!isObj(analysis) || !str(analysis['state'])) return;
    const state = str(analysis['state'])!;
    const status = STATE_TO_STATUS[state];
    if (!status) throw new InputError(`unknown analysis.state "${state}"; one of ${Object.keys(STATE_TO_STATUS).join(', ')}`, { file, pointer: `${at}/analysis/state` });
    const id = str(v['id']);
    if (!id) throw new InputError('the vulnerability has no id', { file, pointer: `${at}/id` });
    const aliases = (Array.isArray(v['references']) ? v['references'] : []).map((r) => (isObj(r) ? str(r['id']) : undefined)).filter((x): x is string => !!x);
    const products: string[] = [];
    (Array.isArray(v['affects']) ? v['affects'] : []).forEach((a) => {
      const ref = isObj(a) ? str(a['ref']) : undefined;
      if (!ref) return;
      const local = ref.startsWith('urn:cdx:') && ref.includes('#') ? decodeURIComponent(ref.slice(ref.indexOf('#') + 1)) : ref;
      products.push(local);
      const purl = purlByRef.get(local);
      if (purl) products.push(purl);
    });
    if (products.length === 0) throw new InputError('the analysed vulnerability affects no component (affects[].ref)', { file, pointer: `${at}/affects` });
    const justification = str(analysis['justification']);
    const detail = str(analysis['detail']);
    if (status === 'not_affected' && state === 'not_affected' && !justification && !detail) {
      throw new InputError('a not_affected analysis needs a justification or a detail', { file, pointer: `${at}/analysis/justification` });
    }
    const st: VexStatement = { vulnerability: id, aliases, products: [...new Set(products)], status, source: `${file}#${at}` };
    if (justification) st.justification = justification;
    else if (state === 'false_positive') st.justification = 'false_positive';
    if (detail) st.impactStatement = detail;
    const responses = (Array.isArray(analysis['response']) ? analysis['response'] : []).map(str).filter((x): x is string => !!x);
    if (responses.length) st.responses = responses;
    const ts = str(analysis['lastUpdated']) ?? str(v['updated']) ?? str(v['published']);
    if (ts) st.timestamp = ts;
    out.push(st);
  });
  return out;
}
