// Request types: the forms, checklists, review rules, SLAs and effects of OSPO requests, read from
// YAML (data/request-types.yaml by default; a server may load another file). A request-types file
// is configuration an administrator writes, but it is still parsed defensively: unknown keys,
// wrong types and impossible rules (a required role nobody may review as) are errors that name
// the file and the field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../model/errors.js';
import { parsePurl } from '../model/purl.js';
import { parseYaml } from '../parsers/yaml.js';
import { ROLES } from '../store/schema.js';

/** A role of the store's role list. */
export type Role = (typeof ROLES)[number];

/** Kinds of form field. */
export const FIELD_TYPES = ['string', 'text', 'enum', 'boolean', 'url', 'purl', 'date', 'number'] as const;
/** A form field's kind. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** One question of a request form. */
export interface FormField {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Choices of an `enum` field. */
  options?: string[];
  /** Longest answer of a string-like field (default 200 for string, url and purl, 10,000 for text). */
  maxLength?: number;
  help?: string;
}

/** One checklist item. */
export interface ChecklistItem {
  id: string;
  label: string;
}

/** When a training rule is checked. */
export type TrainingEnforcement = 'submit' | 'approve' | 'none';

/** What an approved request of a type becomes. */
export type RequestEffect = 'none' | 'allowlist' | 'waiver';

/** A request type as configured. */
export interface RequestType {
  id: string;
  title: string;
  description: string;
  slaDays: number;
  fields: FormField[];
  checklist: ChecklistItem[];
  /** Roles that may review (approve, reject, ask for changes); admins always may. */
  reviewers: Role[];
  /** Roles that must each be held by at least one approver. */
  requiredRoles: Role[];
  /** Distinct approvers needed (at least the number of required roles). */
  minApprovers: number;
  /** Courses (by code) the requester must have completed; `enforce` says when it is checked. */
  training: { courses: string[]; enforce: TrainingEnforcement };
  /** Whether approval needs a passing `ospo repo check` result attached. */
  requireRepoCheck: boolean;
  effect: RequestEffect;
}

/** A loaded request-types file. */
export interface RequestTypes {
  source: string;
  types: RequestType[];
  /** Returns the type with this id, if any. */
  get(id: string): RequestType | undefined;
}

/** The request-types file Ospo ships. */
export const DEFAULT_REQUEST_TYPES_FILE = fileURLToPath(new URL('../../data/request-types.yaml', import.meta.url));

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_TYPES = 100;
const MAX_FIELDS = 100;

type Obj = Record<string, unknown>;

class Checker {
  constructor(private readonly file: string) {}
  fail(pointer: string, message: string): never {
    throw new InputError(message, { file: this.file, pointer });
  }
  object(v: unknown, pointer: string, keys: readonly string[]): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(pointer, 'must be a mapping');
    for (const k of Object.keys(v)) if (!keys.includes(k)) this.fail(`${pointer}/${k}`, `unknown key "${k}" (expected one of ${keys.join(', ')})`);
    return v as Obj;
  }
  string(o: Obj, key: string, pointer: string, opts: { required?: boolean; max?: number; pattern?: RegExp } = {}): string | undefined {
    const v = Object.hasOwn(o, key) ? o[key] : undefined;
    if (v === undefined || v === null) {
      if (opts.required) this.fail(`${pointer}/${key}`, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' || v.length === 0) this.fail(`${pointer}/${key}`, 'must be a non-empty string');
    if (v.length > (opts.max ?? 500)) this.fail(`${pointer}/${key}`, `must be at most ${opts.max ?? 500} characters`);
    if (opts.pattern && !opts.pattern.test(v)) this.fail(`${pointer}/${key}`, `"${v}" must match ${opts.pattern}`);
    return v;
  }
  int(o: Obj, key: string, pointer: string, min: number, max: number, fallback: number): number {
    const v = Object.hasOwn(o, key) ? o[key] : undefined;
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.fail(`${pointer}/${key}`, `must be a whole number from ${min} to ${max}`);
    return v;
  }
  array(o: Obj, key: string, pointer: string, max: number): unknown[] {
    const v = Object.hasOwn(o, key) ? o[key] : undefined;
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(`${pointer}/${key}`, 'must be a list');
    if (v.length > max) this.fail(`${pointer}/${key}`, `must have at most ${max} entries`);
    return v;
  }
  roles(o: Obj, key: string, pointer: string): Role[] {
    return this.array(o, key, pointer, ROLES.length).map((r, i) => {
      if (typeof r !== 'string' || !(ROLES as readonly string[]).includes(r)) this.fail(`${pointer}/${key}/${i}`, `must be one of ${ROLES.join(', ')}`);
      return r as Role;
    });
  }
}

/** Parses a request-types document; throws an InputError naming the file and the field. */
export function parseRequestTypes(text: string, file = 'request-types.yaml'): RequestTypes {
  const c = new Checker(file);
  const doc = c.object(parseYaml(text, file), '', ['version', 'types']);
  if (doc.version !== 1) c.fail('/version', 'must be 1');
  const list = c.array(doc, 'types', '', MAX_TYPES);
  if (list.length === 0) c.fail('/types', 'must name at least one request type');
  const seen = new Set<string>();
  const types = list.map((raw, i): RequestType => {
    const p = `/types/${i}`;
    const o = c.object(raw, p, ['id', 'title', 'description', 'slaDays', 'fields', 'checklist', 'reviewers', 'requiredRoles', 'minApprovers', 'training', 'requireRepoCheck', 'effect']);
    const id = c.string(o, 'id', p, { required: true, max: 63, pattern: ID })!;
    if (seen.has(id)) c.fail(`${p}/id`, `request type "${id}" is defined twice`);
    seen.add(id);
    const fieldIds = new Set<string>();
    const fields = c.array(o, 'fields', p, MAX_FIELDS).map((rf, j): FormField => {
      const fp = `${p}/fields/${j}`;
      const f = c.object(rf, fp, ['id', 'label', 'type', 'required', 'options', 'maxLength', 'help']);
      const fid = c.string(f, 'id', fp, { required: true, max: 63, pattern: /^[a-zA-Z][a-zA-Z0-9_-]{0,62}$/ })!;
      if (fieldIds.has(fid)) c.fail(`${fp}/id`, `field "${fid}" is defined twice`);
      fieldIds.add(fid);
      const type = c.string(f, 'type', fp, { required: true }) as FieldType;
      if (!FIELD_TYPES.includes(type)) c.fail(`${fp}/type`, `must be one of ${FIELD_TYPES.join(', ')}`);
      if (f.required !== undefined && typeof f.required !== 'boolean') c.fail(`${fp}/required`, 'must be true or false');
      const options = c.array(f, 'options', fp, 200).map((v, k) => {
        if (typeof v !== 'string' || v === '' || v.length > 200) c.fail(`${fp}/options/${k}`, 'must be a non-empty string');
        return v as string;
      });
      if (type === 'enum' && options.length === 0) c.fail(`${fp}/options`, 'an enum field needs options');
      if (type !== 'enum' && options.length > 0) c.fail(`${fp}/options`, 'only enum fields take options');
      const maxLength = f.maxLength === undefined ? undefined : c.int(f, 'maxLength', fp, 1, 20_000, 0);
      const help = c.string(f, 'help', fp, { max: 1000 });
      return {
        id: fid,
        label: c.string(f, 'label', fp, { required: true, max: 300 })!,
        type,
        required: f.required === true,
        ...(type === 'enum' ? { options } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
        ...(help !== undefined ? { help } : {}),
      };
    });
    const itemIds = new Set<string>();
    const checklist = c.array(o, 'checklist', p, 100).map((ri, j): ChecklistItem => {
      const ip = `${p}/checklist/${j}`;
      const it = c.object(ri, ip, ['id', 'label']);
      const iid = c.string(it, 'id', ip, { required: true, max: 63, pattern: ID })!;
      if (itemIds.has(iid)) c.fail(`${ip}/id`, `checklist item "${iid}" is defined twice`);
      itemIds.add(iid);
      return { id: iid, label: c.string(it, 'label', ip, { required: true, max: 300 })! };
    });
    const reviewers = c.roles(o, 'reviewers', p);
    const requiredRoles = c.roles(o, 'requiredRoles', p);
    for (const [k, r] of requiredRoles.entries()) {
      if (r !== 'admin' && !reviewers.includes(r)) c.fail(`${p}/requiredRoles/${k}`, `role ${r} must approve but is not among the reviewers (${reviewers.join(', ') || 'none'})`);
    }
    const minApprovers = c.int(o, 'minApprovers', p, 1, 10, Math.max(1, requiredRoles.length));
    if (minApprovers < requiredRoles.length) c.fail(`${p}/minApprovers`, `must be at least the number of required roles (${requiredRoles.length})`);
    let training: RequestType['training'] = { courses: [], enforce: 'none' };
    if (o.training !== undefined) {
      const t = c.object(o.training, `${p}/training`, ['courses', 'enforce']);
      const courses = c.array(t, 'courses', `${p}/training`, 20).map((v, k) => {
        if (typeof v !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v)) c.fail(`${p}/training/courses/${k}`, 'must be a course code such as OSS-101');
        return v as string;
      });
      const enforce = (c.string(t, 'enforce', `${p}/training`) ?? 'submit') as TrainingEnforcement;
      if (!['submit', 'approve', 'none'].includes(enforce)) c.fail(`${p}/training/enforce`, 'must be submit, approve or none');
      training = { courses, enforce };
    }
    if (o.requireRepoCheck !== undefined && typeof o.requireRepoCheck !== 'boolean') c.fail(`${p}/requireRepoCheck`, 'must be true or false');
    const effect = (c.string(o, 'effect', p) ?? 'none') as RequestEffect;
    if (!['none', 'allowlist', 'waiver'].includes(effect)) c.fail(`${p}/effect`, 'must be none, allowlist or waiver');
    if (effect === 'allowlist' && fields.find((f) => f.id === 'purl')?.type !== 'purl') c.fail(`${p}/effect`, 'an allowlist effect needs a field "purl" of type purl');
    if (effect === 'waiver') {
      if (fields.find((f) => f.id === 'rule')?.required !== true) c.fail(`${p}/effect`, 'a waiver effect needs a required field "rule"');
      if (fields.find((f) => f.id === 'expires')?.type !== 'date' || !fields.find((f) => f.id === 'expires')?.required) c.fail(`${p}/effect`, 'a waiver effect needs a required date field "expires" (waivers always expire)');
    }
    return {
      id,
      title: c.string(o, 'title', p, { required: true, max: 200 })!,
      description: c.string(o, 'description', p, { max: 2000 }) ?? '',
      slaDays: c.int(o, 'slaDays', p, 1, 365, 5),
      fields,
      checklist,
      reviewers,
      requiredRoles,
      minApprovers,
      training,
      requireRepoCheck: o.requireRepoCheck === true,
      effect,
    };
  });
  const byId = new Map(types.map((t) => [t.id, t]));
  return { source: file, types, get: (id) => byId.get(id) };
}

/** Loads a request-types file (default: the one Ospo ships). */
export function loadRequestTypes(file: string = DEFAULT_REQUEST_TYPES_FILE): RequestTypes {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the request-types file: ${(err as Error).message}`, { file });
  }
  if (text.length > 1024 * 1024) throw new InputError('the request-types file is larger than 1 MiB', { file });
  return parseRequestTypes(text, file);
}

/** The environment variable naming a request-types file that replaces the shipped one (`ospo serve`, `ospo worker`). */
export const REQUEST_TYPES_ENV = 'OSPO_REQUEST_TYPES';

/** Loads the request types a server or worker uses: the file named by OSPO_REQUEST_TYPES, else the shipped one. */
export function configuredRequestTypes(env: NodeJS.ProcessEnv = process.env): RequestTypes {
  const file = env[REQUEST_TYPES_ENV];
  return loadRequestTypes(file ? file : DEFAULT_REQUEST_TYPES_FILE);
}

/** One problem with a request's answers. */
export interface AnswerProblem {
  /** A JSON pointer into the answers (`/answers/purl`). */
  field: string;
  message: string;
}

const MAX_DEFAULT: Partial<Record<FieldType, number>> = { string: 200, url: 2000, purl: 2000, text: 10_000 };

/**
 * Checks a request's answers against its type's form: every key must be a field of the type,
 * every value of the field's kind; with `complete`, required fields must be answered (drafts may
 * be partial; submission needs them). Returns the answers with empty values dropped.
 */
export function checkAnswers(type: RequestType, answers: unknown, complete: boolean): { answers: Record<string, string | number | boolean>; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const out: Record<string, string | number | boolean> = {};
  if (answers === undefined || answers === null) answers = {};
  if (typeof answers !== 'object' || Array.isArray(answers)) return { answers: out, problems: [{ field: '/answers', message: 'must be an object of field answers' }] };
  const given = answers as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!type.fields.some((f) => f.id === key)) problems.push({ field: `/answers/${key}`, message: `is not a field of ${type.id} requests (fields: ${type.fields.map((f) => f.id).join(', ') || 'none'})` });
  }
  for (const f of type.fields) {
    const v = Object.hasOwn(given, f.id) ? given[f.id] : undefined;
    const field = `/answers/${f.id}`;
    if (v === undefined || v === null || v === '') {
      if (complete && f.required) problems.push({ field, message: `is required (${f.label})` });
      continue;
    }
    const problem = answerProblem(f, v);
    if (problem) problems.push({ field, message: problem });
    else out[f.id] = typeof v === 'string' ? v.trim() : (v as number | boolean);
  }
  return { answers: out, problems };
}

function answerProblem(f: FormField, v: unknown): string | undefined {
  if (f.type === 'boolean') return typeof v === 'boolean' ? undefined : 'must be true or false';
  if (f.type === 'number') return typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number';
  if (typeof v !== 'string') return 'must be a string';
  const max = f.maxLength ?? MAX_DEFAULT[f.type] ?? 200;
  if (v.length > max) return `must be at most ${max} characters`;
  const s = v.trim();
  switch (f.type) {
    case 'enum':
      return f.options!.includes(s) ? undefined : `must be one of ${f.options!.join(', ')}`;
    case 'url': {
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        return 'must be an http(s) URL';
      }
      return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : 'must be an http(s) URL';
    }
    case 'purl':
      try {
        return parsePurl(s) ? undefined : 'must be a package URL such as pkg:npm/lodash';
      } catch {
        return 'must be a package URL such as pkg:npm/lodash';
      }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
        ? undefined
        : 'must be a date as YYYY-MM-DD';
    default:
      return hasControlCharacters(s) ? 'must not contain control characters' : undefined;
  }
}

/** Whether text holds control characters other than tab, line feed and carriage return. */
function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}
