// CycloneDX VEX output: an inventory plus its findings as CycloneDX 1.6 with `vulnerabilities[]`,
// built with the CycloneDX library's models so it validates.
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { Finding, Severity } from '../../model/finding.js';
import type { Inventory } from '../../model/inventory.js';
import { toCycloneDxBom, type WriteOptions } from '../../sbom/write/index.js';

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
