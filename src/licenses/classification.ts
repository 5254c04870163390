import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../model/errors.js';
import { isObject } from '../parsers/json.js';
import { parseYaml } from '../parsers/yaml.js';
import { readTextFile } from '../sources/read-file.js';
import { parseExpression, renderExpression, type LicenseNode } from './expression.js';

/** License categories from least to most restrictive; `unknown` last, so it is never a free pass. */
export const LICENSE_CATEGORIES = [
  'public-domain',
  'permissive',
  'weak-copyleft',
  'strong-copyleft',
  'network-copyleft',
  'source-available',
  'proprietary',
  'unknown',
] as const;
/** A license category, as policy rules name them. */
export type LicenseCategory = (typeof LICENSE_CATEGORIES)[number];

/** Obligations a license can carry when you distribute (or serve) the component. */
export const OBLIGATIONS = ['attribution', 'notice', 'disclose-source', 'same-license', 'network-use', 'state-changes', 'patent-terms'] as const;
/** One obligation. */
export type Obligation = (typeof OBLIGATIONS)[number];

/** One license's classification. */
export interface LicenseClass {
  category: LicenseCategory;
  obligations: Obligation[];
}

/** The classification data: categories with default obligations, and one entry per license id. */
export interface ClassificationData {
  categories: Record<LicenseCategory, { description: string; obligations: Obligation[] }>;
  obligations: Record<Obligation, string>;
  /** By license id (SPDX or LicenseRef-). */
  licenses: Map<string, LicenseClass>;
  exceptions: Map<string, LicenseClass>;
  /** The files read, bundled first. */
  sources: string[];
}

/** The bundled data file (data/ sits two levels above both src/licenses and dist/licenses). */
export const BUNDLED_CLASSIFICATION = new URL('../../data/licenses/classification.yaml', import.meta.url);

const MAX_CLASSIFICATION_BYTES = 4 * 1024 * 1024;

function isCategory(v: unknown): v is LicenseCategory {
  return typeof v === 'string' && (LICENSE_CATEGORIES as readonly string[]).includes(v);
}

function readObligations(v: unknown, file: string, pointer: string): Obligation[] {
  if (!Array.isArray(v)) throw new InputError('obligations must be a list', { file, pointer });
  return sortObligations(v.map((o, i) => {
    if (typeof o !== 'string' || !(OBLIGATIONS as readonly string[]).includes(o)) {
      throw new InputError(`unknown obligation ${JSON.stringify(o)}; expected one of ${OBLIGATIONS.join(', ')}`, { file, pointer: `${pointer}/${i}` });
    }
    return o as Obligation;
  }));
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Merges one classification document over `into`; entries in the document win. */
function mergeDocument(doc: unknown, file: string, into: ClassificationData): void {
  if (!isObject(doc)) throw new InputError('a classification file is a YAML mapping with `licenses:`', { file });
  if (doc.version !== undefined && doc.version !== 1) throw new InputError(`unsupported version ${JSON.stringify(doc.version)}; expected 1`, { file, pointer: '/version' });
  if (doc.categories !== undefined) {
    if (!isObject(doc.categories)) throw new InputError('categories must be a mapping', { file, pointer: '/categories' });
    for (const [c, v] of Object.entries(doc.categories)) {
      const ptr = `/categories/${escapePointer(c)}`;
      if (!isCategory(c)) throw new InputError(`unknown category "${c}"; expected one of ${LICENSE_CATEGORIES.join(', ')}`, { file, pointer: ptr });
      if (!isObject(v)) throw new InputError('a category is a mapping with description and obligations', { file, pointer: ptr });
      into.categories[c] = {
        description: typeof v.description === 'string' ? v.description : into.categories[c]?.description ?? '',
        obligations: v.obligations === undefined ? into.categories[c]?.obligations ?? [] : readObligations(v.obligations, file, `${ptr}/obligations`),
      };
    }
  }
  if (doc.obligations !== undefined) {
    if (!isObject(doc.obligations)) throw new InputError('obligations must be a mapping', { file, pointer: '/obligations' });
    for (const [o, v] of Object.entries(doc.obligations)) {
      if (!(OBLIGATIONS as readonly string[]).includes(o)) throw new InputError(`unknown obligation "${o}"`, { file, pointer: `/obligations/${escapePointer(o)}` });
      if (typeof v === 'string') into.obligations[o as Obligation] = v;
    }
  }
  for (const section of ['licenses', 'exceptions'] as const) {
    const table = doc[section];
    if (table === undefined) continue;
    if (!isObject(table)) throw new InputError(`${section} must be a mapping of id to category`, { file, pointer: `/${section}` });
    for (const [id, v] of Object.entries(table)) {
      const ptr = `/${section}/${escapePointer(id)}`;
      let entry: LicenseClass;
      if (isCategory(v)) entry = { category: v, obligations: [...(into.categories[v]?.obligations ?? [])] };
      else if (isObject(v) && isCategory(v.category)) {
        entry = {
          category: v.category,
          obligations: v.obligations === undefined ? [...(into.categories[v.category]?.obligations ?? [])] : readObligations(v.obligations, file, `${ptr}/obligations`),
        };
      } else {
        throw new InputError(`"${id}": expected a category (${LICENSE_CATEGORIES.join(', ')}) or {category, obligations}`, { file, pointer: ptr });
      }
      into[section].set(id, entry);
    }
  }
  into.sources.push(file);
}

function emptyData(): ClassificationData {
  const categories = {} as ClassificationData['categories'];
  for (const c of LICENSE_CATEGORIES) categories[c] = { description: '', obligations: [] };
  return { categories, obligations: {} as Record<Obligation, string>, licenses: new Map(), exceptions: new Map(), sources: [] };
}

let bundled: ClassificationData | undefined;

/**
 * Loads the classification: the bundled data file, then the user's file over it when given
 * (its entries win, id by id). A bad user file is an InputError naming the file and entry.
 */
export function loadClassification(userFile?: string): ClassificationData {
  if (!bundled) {
    bundled = emptyData();
    const path = fileURLToPath(BUNDLED_CLASSIFICATION);
    mergeDocument(parseYaml(readFileSync(BUNDLED_CLASSIFICATION, 'utf8'), path), path, bundled);
  }
  if (!userFile) return bundled;
  const data: ClassificationData = {
    categories: structuredClone(bundled.categories),
    obligations: { ...bundled.obligations },
    licenses: new Map(bundled.licenses),
    exceptions: new Map(bundled.exceptions),
    sources: [...bundled.sources],
  };
  mergeDocument(parseYaml(readTextFile(userFile, userFile, MAX_CLASSIFICATION_BYTES), userFile), userFile, data);
  return data;
}

/** Parses classification YAML text (for tests and for documents that are not files). */
export function classificationFromText(text: string, name: string, base?: ClassificationData): ClassificationData {
  const data = base
    ? { categories: structuredClone(base.categories), obligations: { ...base.obligations }, licenses: new Map(base.licenses), exceptions: new Map(base.exceptions), sources: [...base.sources] }
    : emptyData();
  mergeDocument(parseYaml(text, name), name, data);
  return data;
}

/** What an expression means for compliance: its category, obligations and why. */
export interface Classification {
  expression: string;
  category: LicenseCategory;
  obligations: Obligation[];
  /** For an expression with OR: the alternative chosen (the most permissive one). */
  chosen?: string;
  /** Each license term with its own category. */
  terms: Array<{ id: string; category: LicenseCategory; obligations: Obligation[]; known: boolean }>;
  /** Sentences that say how the category follows from the terms. */
  explanation: string[];
}

const rank = (c: LicenseCategory) => LICENSE_CATEGORIES.indexOf(c);

function sortObligations(list: Iterable<Obligation>): Obligation[] {
  return [...new Set(list)].sort((a, b) => OBLIGATIONS.indexOf(a) - OBLIGATIONS.indexOf(b));
}

interface Partial {
  category: LicenseCategory;
  obligations: Obligation[];
  text: string;
}

/**
 * Classifies an SPDX expression: OR takes the most permissive alternative (you may choose it),
 * AND and WITH the most restrictive part (you must comply with all), obligations follow the
 * choice or are the union. An id the data does not know, and an invalid expression, are `unknown`.
 */
export function classify(expression: string, data: ClassificationData = loadClassification()): Classification {
  const parsed = parseExpression(expression);
  if (!parsed) {
    return {
      expression,
      category: 'unknown',
      obligations: [],
      terms: [],
      explanation: [`"${expression}" is not a valid SPDX expression: unknown`],
    };
  }
  const terms: Classification['terms'] = [];
  const explanation: string[] = [];
  let chosen: string | undefined;
  const visit = (node: LicenseNode): Partial => {
    if (node.kind === 'license') {
      const entry = data.licenses.get(node.id);
      const term = { id: node.id, category: entry?.category ?? 'unknown', obligations: entry?.obligations ?? [], known: entry !== undefined };
      if (!terms.some((t) => t.id === term.id)) terms.push(term);
      explanation.push(entry ? `${node.id} is ${entry.category}` : `${node.id} is not in the classification: unknown`);
      let category: LicenseCategory = term.category;
      let obligations = [...term.obligations];
      if (node.exception) {
        const ex = data.exceptions.get(node.exception);
        const exCat: LicenseCategory = ex?.category ?? 'unknown';
        if (rank(exCat) > rank(category)) category = exCat;
        obligations = sortObligations([...obligations, ...(ex?.obligations ?? [])]);
        explanation.push(`${renderExpression(node)}: WITH takes the more restrictive of ${node.id} (${term.category}) and ${node.exception} (${exCat}): ${category}`);
      }
      return { category, obligations, text: renderExpression(node) };
    }
    const parts = node.children.map(visit);
    const text = renderExpression(node);
    if (node.kind === 'and') {
      const worst = parts.reduce((a, b) => (rank(b.category) > rank(a.category) ? b : a));
      const obligations = sortObligations(parts.flatMap((p) => p.obligations));
      explanation.push(`${text}: all apply, so the most restrictive category (${worst.category}) and every obligation`);
      return { category: worst.category, obligations, text };
    }
    // OR: the alternative with the least restrictive category, then the fewest obligations.
    let best = parts[0]!;
    for (const p of parts.slice(1)) {
      if (rank(p.category) < rank(best.category) || (rank(p.category) === rank(best.category) && p.obligations.length < best.obligations.length)) best = p;
    }
    chosen = best.text;
    const others = parts.filter((p) => p !== best).map((p) => `${p.text} (${p.category})`);
    explanation.push(`${text}: a choice; ${best.text} (${best.category}) is the most permissive, over ${others.join(', ')}`);
    return { ...best, text };
  };
  const result = visit(parsed.node);
  const out: Classification = {
    expression: renderExpression(parsed.node),
    category: result.category,
    obligations: result.obligations,
    terms,
    explanation,
  };
  if (chosen !== undefined) out.chosen = chosen;
  return out;
}
