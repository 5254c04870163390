// Reading `ospo.policy.yaml`: YAML through parseYaml, the JSON Schema through ajv, then the
// checks a schema cannot make (duplicate ids, CEL, purl patterns, version ranges). Every
// problem names the file, the line and the field.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { InputError } from '../model/errors.js';
import { parseYaml } from '../parsers/yaml.js';
import { compileCondition, type CelCondition } from './cel.js';
import { compilePurlPattern, globToRegex, type PurlPattern } from './purl-pattern.js';
import { POLICY_SCHEMA } from './schema.js';
import { HEALTH_NEEDS_REGISTRY, type ConditionRule, type DistributionModel, type HealthRule, type LicenseRule, type PackageRule, type PolicyDocument, type VulnerabilityRule, type Waiver } from './types.js';
import { compileVersionRange, type VersionRange } from '../versions/range.js';
import { yamlLocator, type YamlLocator } from './yaml-locations.js';
import type { Severity } from '../model/finding.js';

/** Largest policy file read. */
const MAX_POLICY_BYTES = 4 * 1024 * 1024;

/** One problem in a policy file: where, which field, what. */
export interface PolicyProblem {
  line?: number;
  /** The field as a path: `licenses[0].severity`. */
  field: string;
  message: string;
}

/** A policy file that cannot be used; `problems` lists every problem found (the message names the first). */
export class PolicyError extends InputError {
  readonly problems: PolicyProblem[];
  constructor(file: string | undefined, problems: PolicyProblem[]) {
    const first = problems[0]!;
    super(`${first.field ? `${first.field}: ` : ''}${first.message}`, { file, line: first.line });
    this.problems = problems;
  }

  /** Every problem as `file:line: field: message`, one per line. */
  describeAll(): string {
    return this.problems
      .map((p) => `${this.file ?? '<policy>'}${p.line !== undefined ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`)
      .join('\n');
  }
}

/** A license rule ready to match. */
export interface CompiledLicenseRule extends LicenseRule {
  idPatterns: RegExp[];
}
/** A package rule ready to match. */
export interface CompiledPackageRule extends PackageRule {
  pattern: PurlPattern;
  range?: VersionRange;
}
/** A condition ready to run. */
export interface CompiledConditionRule extends ConditionRule {
  test: CelCondition;
}
/** A waiver ready to match; `index` is its position in the file. */
export interface CompiledWaiver extends Waiver {
  index: number;
  rulePattern?: RegExp;
  packagePattern?: PurlPattern;
  licensePattern?: RegExp;
  projectPattern?: RegExp;
}

/** A loaded, validated and compiled policy. */
export interface Policy {
  /** The file it came from, or `<built-in default>`. */
  source: string;
  name?: string;
  distribution?: DistributionModel;
  failOn?: Severity;
  licenses: CompiledLicenseRule[];
  packages: CompiledPackageRule[];
  vulnerabilities: VulnerabilityRule[];
  health: HealthRule[];
  conditions: CompiledConditionRule[];
  waivers: CompiledWaiver[];
  /**
   * What the policy asks for that this version cannot check (health conditions that need
   * registry data), one per rule and field: commands show them, so nothing is skipped silently.
   */
  notEvaluated: PolicyProblem[];
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(doc: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    validator = ajv.compile(POLICY_SCHEMA);
  }
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

/** `/licenses/0/severity` -> `licenses[0].severity`. */
export function pointerToField(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, seg)) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function shown(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Turns ajv errors into problems a person can act on, at the line of the field. */
export function schemaProblems(errors: ErrorObject[], doc: unknown, where: YamlLocator): PolicyProblem[] {
  // anyOf branches and if/then report their own errors besides the summary one; keep the summary.
  const kept = errors.filter((e) => e.keyword !== 'if' && !e.schemaPath.includes('/anyOf/'));
  const out: PolicyProblem[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    let pointer = e.instancePath;
    let message: string;
    let linePointer = pointer;
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        message = `missing required field "${String(params['missingProperty'])}"`;
        pointer = `${pointer}/${String(params['missingProperty'])}`;
        break;
      case 'additionalProperties':
        pointer = `${pointer}/${String(params['additionalProperty'])}`;
        linePointer = pointer;
        message = 'unknown field (check its spelling; docs/policy.md lists the fields)';
        break;
      case 'enum':
        message = `must be one of ${(params['allowedValues'] as unknown[]).join(', ')} (got ${shown(valueAt(doc, pointer))})`;
        break;
      case 'const':
        message = `must be ${shown(params['allowedValue'])} (got ${shown(valueAt(doc, pointer))})`;
        break;
      case 'anyOf': {
        const what = pointer.startsWith('/waivers/') ? 'a scope: at least one of rule, package, license, project' : 'categories or licenses to match';
        message = `needs ${what}`;
        break;
      }
      case 'format':
        message = params['format'] === 'date' ? `must be a date written YYYY-MM-DD (got ${shown(valueAt(doc, pointer))})` : `must be a ${String(params['format'])}`;
        break;
      case 'pattern':
        message = pointer.endsWith('/id')
          ? `${shown(valueAt(doc, pointer))} is not a valid id (letters, digits, ".", "_", "/", "-")`
          : `${shown(valueAt(doc, pointer))} does not match ${String(params['pattern'])}`;
        break;
      case 'type':
        message = `must be ${String(params['type'])} (got ${shown(valueAt(doc, pointer))})`;
        break;
      default:
        message = e.message ?? e.keyword;
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ line: where.lineOf(linePointer), field: pointerToField(pointer), message });
  }
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Compiles an SPDX id glob (`GPL-*`) into a case-insensitive regex, as SPDX ids compare. */
export function licenseGlob(glob: string): RegExp {
  return globToRegex(glob, true, '');
}

/** `allow` rules raise nothing, so their severity and texts may be left out. */
function withTexts<T extends { severity?: Severity; message?: string; howToFix?: string }>(r: T): T & { severity: Severity; message: string; howToFix: string } {
  return { ...r, severity: r.severity ?? 'none', message: r.message ?? '', howToFix: r.howToFix ?? '' };
}

/**
 * Parses, validates and compiles a policy. Throws PolicyError (with every problem, each with
 * its line and field) when the file cannot be used.
 */
export function parsePolicy(text: string, file = 'ospo.policy.yaml'): Policy {
  if (text.length > MAX_POLICY_BYTES) throw new PolicyError(file, [{ field: '', message: `policy file larger than ${MAX_POLICY_BYTES / 1024 / 1024} MB; refused` }]);
  let doc: unknown;
  try {
    doc = parseYaml(text, file);
  } catch (err) {
    const e = err as InputError;
    throw new PolicyError(file, [{ line: e.line, field: '', message: e.message }]);
  }
  if (doc === null || doc === undefined) throw new PolicyError(file, [{ line: 1, field: '', message: 'the policy file is empty; it needs at least `version: 1`' }]);
  const where = yamlLocator(text);
  const errors = validate(doc);
  if (errors.length > 0) throw new PolicyError(file, schemaProblems(errors, doc, where));
  const d = doc as PolicyDocument;
  const problems: PolicyProblem[] = [];
  const at = (pointer: string, message: string) => problems.push({ line: where.lineOf(pointer), field: pointerToField(pointer), message });

  const ids = new Map<string, string>();
  const sections = ['licenses', 'packages', 'vulnerabilities', 'health', 'conditions'] as const;
  for (const section of sections) {
    (d[section] ?? []).forEach((rule, i) => {
      const prev = ids.get(rule.id);
      if (prev) at(`/${section}/${i}/id`, `duplicate rule id "${rule.id}" (also at ${prev})`);
      else ids.set(rule.id, pointerToField(`/${section}/${i}`));
    });
  }
  const line = (pointer: string) => where.lineOf(pointer);

  const licenses: CompiledLicenseRule[] = (d.licenses ?? []).map((r, i) => ({
    ...withTexts(r),
    line: line(`/licenses/${i}`),
    idPatterns: (r.licenses ?? []).map((g) => licenseGlob(g.trim())),
  }));
  const packages: CompiledPackageRule[] = [];
  (d.packages ?? []).forEach((r, i) => {
    try {
      const pattern = compilePurlPattern(r.purl);
      let range: VersionRange | undefined;
      try {
        range = r.versions !== undefined ? compileVersionRange(r.versions) : undefined;
      } catch (err) {
        at(`/packages/${i}/versions`, (err as Error).message);
        return;
      }
      packages.push({ ...withTexts(r), line: line(`/packages/${i}`), pattern, range });
    } catch (err) {
      at(`/packages/${i}/purl`, (err as Error).message);
    }
  });
  const conditions: CompiledConditionRule[] = [];
  (d.conditions ?? []).forEach((r, i) => {
    try {
      conditions.push({ ...r, line: line(`/conditions/${i}`), test: compileCondition(r.when) });
    } catch (err) {
      at(`/conditions/${i}/when`, `rule "${r.id}": ${(err as Error).message}`);
    }
  });
  const waivers: CompiledWaiver[] = [];
  (d.waivers ?? []).forEach((w, i) => {
    try {
      waivers.push({
        ...w,
        index: i,
        line: line(`/waivers/${i}`),
        rulePattern: w.rule !== undefined ? globToRegex(w.rule, false, '') : undefined,
        packagePattern: w.package !== undefined ? compilePurlPattern(w.package) : undefined,
        licensePattern: w.license !== undefined ? licenseGlob(w.license) : undefined,
        projectPattern: w.project !== undefined ? globToRegex(w.project.replace(/^\.\/(?=.)/, '').replace(/\/$/, '')) : undefined,
      });
    } catch (err) {
      at(`/waivers/${i}/package`, (err as Error).message);
    }
  });
  if (problems.length > 0) throw new PolicyError(file, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  const notEvaluated: PolicyProblem[] = [];
  (d.health ?? []).forEach((r, i) => {
    const unsupported = HEALTH_NEEDS_REGISTRY.filter((k) => r[k] !== undefined);
    if (unsupported.length === 0) return;
    const evaluable = r.unpinned !== undefined || r.sources !== undefined || r.missingLicense !== undefined;
    for (const k of unsupported) {
      notEvaluated.push({
        line: line(`/health/${i}/${k}`),
        field: pointerToField(`/health/${i}/${k}`),
        message: `health rule "${r.id}": ${k} needs ${k === 'minScorecard' ? 'OpenSSF Scorecard' : 'package registry'} data, which Ospo does not fetch yet; ${evaluable ? 'only its other conditions are checked' : 'the rule never fires'}`,
      });
    }
  });
  return {
    source: file,
    name: d.name,
    distribution: d.distribution,
    failOn: d.failOn,
    licenses,
    packages,
    vulnerabilities: (d.vulnerabilities ?? []).map((r, i) => ({ ...r, line: line(`/vulnerabilities/${i}`) })),
    health: (d.health ?? []).map((r, i) => ({ ...r, line: line(`/health/${i}`) })),
    conditions,
    waivers,
    notEvaluated,
  };
}
