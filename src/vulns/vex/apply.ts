// Applying VEX statements to findings: a statement applies to a finding when one of its ids
// (name or aliases) is one of the finding's ids and one of its products names the finding's
// component (the purl, with or without version and qualifiers, or the component's bom-ref).
// `not_affected` and `fixed` suppress; `affected` and `under_investigation` leave the finding
// open. When several statements apply, the latest (by timestamp, then file order) wins.
import type { Finding } from '../../model/finding.js';
import { parsePurl } from '../../model/purl.js';
import type { VexStatement } from './model.js';

/** The result of applying statements. */
export interface VexApplication {
  findings: Finding[];
  /** Statements that matched no finding, so a person can prune them. */
  unused: VexStatement[];
  /** How many findings each status suppressed. */
  suppressed: number;
}

/** A purl without qualifiers and subpath; `version: false` also drops the version. */
function purlKey(purl: string, version: boolean): string | undefined {
  const p = parsePurl(purl);
  if (!p) return undefined;
  const ns = p.namespace ? `${p.namespace.toLowerCase()}/` : '';
  const v = version && p.version ? `@${p.version}` : '';
  return `pkg:${p.type.toLowerCase()}/${ns}${p.name}${v}`;
}

/** Returns whether a statement's product names a finding's component. */
function productMatches(product: string, componentId: string | undefined, purl: string | null | undefined): boolean {
  if (componentId && product === componentId) return true;
  if (!purl || !product.startsWith('pkg:')) return false;
  if (product === purl) return true;
  const p = parsePurl(product);
  if (!p) return false;
  // A product purl without a version names every version of the package.
  return purlKey(product, !!p.version) === purlKey(purl, !!p.version);
}

function findingIds(f: Finding): Set<string> {
  const ids = new Set<string>([f.ruleId]);
  const list = f.details?.['ids'];
  if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') ids.add(id);
  return ids;
}

/** Applies statements to findings (returns new finding objects; the input is not changed). */
export function applyVex(findings: readonly Finding[], statements: readonly VexStatement[]): VexApplication {
  const order = statements.map((s, i) => ({ s, i })).sort((a, b) => (a.s.timestamp ?? '').localeCompare(b.s.timestamp ?? '') || a.i - b.i);
  const used = new Set<VexStatement>();
  let suppressed = 0;
  const out = findings.map((f) => {
    if (f.kind !== 'vulnerability') return f;
    const ids = findingIds(f);
    const component = f.details?.['component'] as { purl?: string | null } | undefined;
    let winner: VexStatement | undefined;
    for (const { s } of order) {
      if (![s.vulnerability, ...s.aliases].some((id) => ids.has(id))) continue;
      if (!s.products.some((p) => productMatches(p, f.componentId, component?.purl))) continue;
      used.add(s);
      winner = s;
    }
    if (!winner) return f;
    const vex = { status: winner.status, justification: winner.justification, impactStatement: winner.impactStatement, actionStatement: winner.actionStatement, source: winner.source };
    const next: Finding = { ...f, details: { ...(f.details ?? {}), vex } };
    if (winner.status === 'not_affected' || winner.status === 'fixed') {
      suppressed++;
      next.suppression = {
        kind: 'vex',
        reason: winner.status,
        ...(winner.justification || winner.impactStatement ? { detail: winner.justification ?? winner.impactStatement } : {}),
        source: winner.source,
      };
    }
    return next;
  });
  return { findings: out, unused: statements.filter((s) => !used.has(s)), suppressed };
}
