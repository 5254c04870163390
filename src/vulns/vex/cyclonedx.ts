// CycloneDX VEX: read `vulnerabilities[].analysis` statements (CycloneDX 1.4-1.6) into the shared
// statement model, and write an inventory plus its findings as CycloneDX 1.6 with
// `vulnerabilities[]`, built with the CycloneDX library's models so it validates.
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Finding, Severity } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { parseJson } from '../../parsers/index.js';
import { toCycloneDxBom, type WriteOptions } from '../../sbom/write/index.js';
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

const SEVERITY: Record<Severity, Enums.Vulnerability.Severity> = {
  critical: Enums.Vulnerability.Severity.Critical,
  high: Enums.Vulnerability.Severity.High,
  medium: Enums.Vulnerability.Severity.Medium,
  low: Enums.Vulnerability.Severity.Low,
  none: Enums.Vulnerability.Severity.None,
  unknown: Enums.Vulnerability.Severity.Unknown,
};

const METHOD: Record<string, Enums.Vulnerability.RatingMethod> = {
  '2.0': Enums.Vulnerability.RatingMethod.CVSSv2,
  '3.0': Enums.Vulnerability.RatingMethod.CVSSv3,
  '3.1': Enums.Vulnerability.RatingMethod.CVSSv31,
  '4.0': Enums.Vulnerability.RatingMethod.CVSSv4,
};

// OpenVEX justifications in CycloneDX's words (the closest label; the original goes in detail).
const TO_CDX_JUSTIFICATION: Record<string, Enums.Vulnerability.AnalysisJustification> = {
  component_not_present: Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_present: Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_in_execute_path: Enums.Vulnerability.AnalysisJustification.CodeNotReachable,
  vulnerable_code_cannot_be_controlled_by_adversary: Enums.Vulnerability.AnalysisJustification.RequiresEnvironment,
  inline_mitigations_already_exist: Enums.Vulnerability.AnalysisJustification.ProtectedByMitigatingControl,
};

const TO_CDX_STATE: Record<string, Enums.Vulnerability.AnalysisState> = {
  not_affected: Enums.Vulnerability.AnalysisState.NotAffected,
  fixed: Enums.Vulnerability.AnalysisState.Resolved,
  affected: Enums.Vulnerability.AnalysisState.Exploitable,
  under_investigation: Enums.Vulnerability.AnalysisState.InTriage,
};

/** The database an id comes from, named and linked for CycloneDX `source`. */
export function idSource(id: string): Models.Vulnerability.Source {
  if (id.startsWith('CVE-')) return new Models.Vulnerability.Source({ name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id}` });
  if (id.startsWith('GHSA-')) return new Models.Vulnerability.Source({ name: 'GitHub', url: `https://github.com/advisories/${id}` });
  return new Models.Vulnerability.Source({ name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` });
}

function toDate(s: unknown): Date | undefined {
  if (typeof s !== 'string') return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * Builds the inventory's CycloneDX 1.6 BOM with one `vulnerabilities[]` entry per vulnerability
 * and VEX state: id, source, ratings (CVSS v2/v3.0/v3.1/v4 with score, severity and vector, or
 * the ecosystem's own rating as `other`), other ids as references, the affected components'
 * bom-refs, the recommendation, and the VEX analysis for triaged findings.
 */
export function toCycloneDxVexBom(inv: Inventory, findings: readonly Finding[], options: WriteOptions = {}): Models.Bom {
  const bom = toCycloneDxBom(inv, options);
  const byRef = new Map<string, Models.Component>();
  for (const c of bom.components) if (c.bomRef.value) byRef.set(c.bomRef.value, c);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.kind !== 'vulnerability') continue;
    const vex = f.details?.['vex'] as { status?: string; justification?: string; impactStatement?: string } | undefined;
    const key = JSON.stringify([f.ruleId, vex?.status ?? '', vex?.justification ?? '', vex?.impactStatement ?? '', f.howToFix ?? '']);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(f);
  }
  // Explicit bom-refs, in a stable order: without them the library discriminates with random
  // refs at serialisation time and the sorted order of equal ids would change between runs.
  const keys = [...groups.keys()].sort();
  keys.forEach((key, n) => {
    const group = groups.get(key)!;
    const f = group[0]!;
    const d = f.details ?? {};
    const v = new Models.Vulnerability.Vulnerability({
      bomRef: `vulnerability:${String(n + 1).padStart(6, '0')}:${f.ruleId}`,
      id: f.ruleId,
      source: idSource(f.ruleId),
      description: typeof d['summary'] === 'string' ? d['summary'] : f.title,
      recommendation: f.howToFix,
      published: toDate(d['published']),
      updated: toDate(d['modified']),
    });
    const cvss = Array.isArray(d['cvss']) ? (d['cvss'] as Array<{ version: string; vector: string; score: number; rating: Severity }>) : [];
    for (const c of cvss) {
      v.ratings.add(new Models.Vulnerability.Rating({ source: idSource(f.ruleId), score: c.score, severity: SEVERITY[c.rating], method: METHOD[c.version] ?? Enums.Vulnerability.RatingMethod.Other, vector: c.vector }));
    }
    if (cvss.length === 0) {
      v.ratings.add(new Models.Vulnerability.Rating({ source: idSource(f.ruleId), severity: SEVERITY[f.severity], method: Enums.Vulnerability.RatingMethod.Other }));
    }
    for (const alias of Array.isArray(d['aliases']) ? (d['aliases'] as string[]) : []) {
      v.references.add(new Models.Vulnerability.Reference(alias, idSource(alias)));
    }
    for (const r of (Array.isArray(d['references']) ? (d['references'] as Array<{ type: string; url: string }>) : []).slice(0, 20)) {
      if (r.type === 'ADVISORY' && /^https?:\/\//.test(r.url)) v.advisories.add(new Models.Vulnerability.Advisory(r.url));
    }
    for (const g of group) {
      const comp = g.componentId ? byRef.get(g.componentId) : undefined;
      if (comp) v.affects.add(new Models.Vulnerability.Affect(comp.bomRef));
    }
    const vex = d['vex'] as { status?: string; justification?: string; impactStatement?: string; actionStatement?: string } | undefined;
    if (vex?.status && TO_CDX_STATE[vex.status]) {
      const cdxJustification = vex.justification ? (TO_CDX_JUSTIFICATION[vex.justification] ?? (Object.values(Enums.Vulnerability.AnalysisJustification) as string[]).find((j) => j === vex.justification)) : undefined;
      const detail = [vex.justification && !TO_CDX_JUSTIFICATION[vex.justification] && !cdxJustification ? vex.justification : undefined, vex.impactStatement, vex.actionStatement].filter(Boolean).join(' ');
      v.analysis = new Models.Vulnerability.Analysis({
        state: TO_CDX_STATE[vex.status],
        justification: cdxJustification as Enums.Vulnerability.AnalysisJustification | undefined,
        detail: detail || undefined,
      });
    }
    bom.vulnerabilities.add(v);
  });
  return bom;
}

/** Serialises {@link toCycloneDxVexBom} as CycloneDX 1.6 JSON (lists sorted). */
export function writeCycloneDxVexJson(inv: Inventory, findings: readonly Finding[], options: WriteOptions = {}): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(toCycloneDxVexBom(inv, findings, options), { sortLists: true, space: 2 })}\n`;
}
