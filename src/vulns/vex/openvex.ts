// OpenVEX 0.2.0 (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md): read into
// statements, write findings as a document for triage.
import { createHash } from 'node:crypto';
import type { Finding } from '../../model/finding.js';
import { InputError } from '../../model/errors.js';
import { parseJson } from '../../parsers/index.js';
import { OSPO_VERSION } from '../../version.js';
import { OPENVEX_JUSTIFICATIONS, VEX_STATUSES, type VexStatement, type VexStatus } from './model.js';

/** The OpenVEX 0.2.0 context IRI. */
export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Returns whether a parsed JSON document looks like OpenVEX (its `@context`). */
export function isOpenVex(doc: unknown): boolean {
  return isObj(doc) && typeof doc['@context'] === 'string' && doc['@context'].startsWith('https://openvex.dev/ns');
}

/**
 * Reads an OpenVEX document's statements. Each statement needs a vulnerability name, at least
 * one product, and a known status; `not_affected` needs a justification from the spec's list or
 * an impact statement (the spec's rule). Anything else is an InputError naming the file and the
 * JSON pointer of the statement.
 */
export function readOpenVex(text: string, file: string): VexStatement[] {
  const doc = parseJson(text, file);
  if (!isOpenVex(doc)) throw new InputError('not an OpenVEX document: "@context" must be https://openvex.dev/ns/v0.2.0', { file, pointer: '/@context' });
  const d = doc as Record<string, unknown>;
  if (!Array.isArray(d['statements'])) throw new InputError('"statements" must be an array', { file, pointer: '/statements' });
  const docTime = str(d['timestamp']);
  return (d['statements'] as unknown[]).map((s, i) => {
    const at = `/statements/${i}`;
    const fail = (msg: string, sub = ''): never => {
      throw new InputError(msg, { file, pointer: at + sub });
    };
    if (!isObj(s)) return fail('a statement must be an object');
    const vuln = s['vulnerability'];
    let name: string | undefined;
    let aliases: string[] = [];
    if (typeof vuln === 'string') name = str(vuln);
    else if (isObj(vuln)) {
      name = str(vuln['name']) ?? str(vuln['@id']);
      aliases = Array.isArray(vuln['aliases']) ? vuln['aliases'].map(str).filter((x): x is string => !!x) : [];
    }
    if (!name) fail('the statement names no vulnerability (vulnerability.name)', '/vulnerability');
    const products: string[] = [];
    if (!Array.isArray(s['products']) || s['products'].length === 0) fail('the statement lists no products', '/products');
    (s['products'] as unknown[]).forEach((p, j) => {
      const before = products.length;
      if (typeof p === 'string' && str(p)) products.push(p.trim());
      else if (isObj(p)) {
        const id = str(p['@id']);
        if (id) products.push(id);
        const ids = p['identifiers'];
        if (isObj(ids) && str(ids['purl'])) products.push(str(ids['purl'])!);
        if (Array.isArray(p['subcomponents'])) {
          for (const sc of p['subcomponents']) {
            if (typeof sc === 'string' && str(sc)) products.push(sc.trim());
            else if (isObj(sc)) {
              if (str(sc['@id'])) products.push(str(sc['@id'])!);
              const sids = sc['identifiers'];
              if (isObj(sids) && str(sids['purl'])) products.push(str(sids['purl'])!);
            }
          }
        }
      }
      if (products.length === before) fail('a product needs an "@id" or identifiers.purl', `/products/${j}`);
    });
    const status = str(s['status']);
    if (!status || !(VEX_STATUSES as readonly string[]).includes(status)) fail(`status must be one of ${VEX_STATUSES.join(', ')}`, '/status');
    const justification = str(s['justification']);
    const impact = str(s['impact_statement']);
    if (justification && !(OPENVEX_JUSTIFICATIONS as readonly string[]).includes(justification)) {
      fail(`unknown justification "${justification}"; one of ${OPENVEX_JUSTIFICATIONS.join(', ')}`, '/justification');
    }
    if (status === 'not_affected' && !justification && !impact) {
      fail(`a not_affected statement needs a justification (${OPENVEX_JUSTIFICATIONS.join(', ')}) or an impact_statement`, '/justification');
    }
    const st: VexStatement = { vulnerability: name!, aliases, products: [...new Set(products)], status: status as VexStatus, source: `${file}#${at}` };
    if (justification) st.justification = justification;
    if (impact) st.impactStatement = impact;
    const action = str(s['action_statement']);
    if (action) st.actionStatement = action;
    const ts = str(s['timestamp']) ?? docTime;
    if (ts) st.timestamp = ts;
    return st;
  });
}

/** Options for {@link writeOpenVex}. */
export interface OpenVexOptions {
  author?: string;
  /** The document time; defaults to now. */
  timestamp?: Date;
}

/**
 * Writes findings as an OpenVEX 0.2.0 document for triage: suppressed findings keep their VEX
 * status and justification; open ones are `under_investigation` (or `affected` with the
 * how-to-fix as action statement when `affectedOpen` is set). Products are the components'
 * purls (or ids). The `@id` is derived from the content, so equal input gives equal output.
 */
export function writeOpenVex(findings: readonly Finding[], options: OpenVexOptions & { affectedOpen?: boolean } = {}): string {
  const timestamp = (options.timestamp ?? new Date()).toISOString();
  const statements = findings
    .filter((f) => f.kind === 'vulnerability')
    .map((f) => {
      const details = f.details ?? {};
      const component = details['component'] as { purl?: string | null } | undefined;
      const product = component?.purl ?? f.componentId ?? '';
      const aliases = Array.isArray(details['aliases']) ? (details['aliases'] as string[]) : [];
      const s: Record<string, unknown> = {
        vulnerability: { name: f.ruleId, ...(aliases.length ? { aliases } : {}) },
        products: [{ '@id': product, ...(product.startsWith('pkg:') ? { identifiers: { purl: product } } : {}) }],
      };
      const sup = f.suppression;
      if (sup && sup.kind === 'vex' && (VEX_STATUSES as readonly string[]).includes(sup.reason)) {
        s['status'] = sup.reason;
        if (sup.reason === 'not_affected') {
          if (sup.detail && (OPENVEX_JUSTIFICATIONS as readonly string[]).includes(sup.detail)) s['justification'] = sup.detail;
          else s['impact_statement'] = sup.detail ?? 'Recorded as not affected.';
        }
      } else if (options.affectedOpen) {
        s['status'] = 'affected';
        s['action_statement'] = f.howToFix ?? 'Upgrade or mitigate.';
      } else {
        s['status'] = 'under_investigation';
        if (f.howToFix) s['status_notes'] = f.howToFix;
      }
      return s;
    });
  const body = JSON.stringify(statements);
  const id = `urn:ospo:openvex:${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
  const doc = {
    '@context': OPENVEX_CONTEXT,
    '@id': id,
    author: options.author ?? 'Ospo',
    timestamp,
    version: 1,
    tooling: `ospo ${OSPO_VERSION}`,
    statements,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
