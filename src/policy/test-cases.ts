// `ospo policy test`: policies are code, so they get tests. A test file
// (`<name>.policy-test.yaml`) names a policy and cases; each case is an inventory (inline
// components, or a lockfile/directory/SBOM path) with a distribution, and the rule ids expected
// to fire and not to fire. The format is documented in docs/policy.md.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { ecosystemForPurlType } from '../model/ecosystem.js';
import { atLeast, SEVERITIES, type Severity } from '../model/finding.js';
import type { Component, Inventory, Project } from '../model/inventory.js';
import { SCOPES, type Scope } from '../model/package.js';
import { parsePurl, purlPackageName } from '../model/purl.js';
import { parseYaml } from '../parsers/yaml.js';
import { evaluatePolicy, type Classify } from './evaluate.js';
import { parsePolicy, PolicyError, schemaProblems, type Policy } from './load.js';
import { DISTRIBUTION_MODELS, type DistributionModel } from './types.js';
import { yamlLocator } from './yaml-locations.js';

/** File names `ospo policy test` picks up in a directory. */
export const TEST_FILE_SUFFIX = '.policy-test.yaml';

/** The JSON Schema of a policy test file. */
export const POLICY_TEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['policy', 'cases'],
  properties: {
    policy: { type: 'string', minLength: 1, description: 'The policy file, relative to the test file.' },
    cases: {
      type: 'array',
      minItems: 1,
      maxItems: 10000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'expect'],
        oneOf: [{ required: ['components'] }, { required: ['inventory'] }],
        properties: {
          name: { type: 'string', minLength: 1 },
          distribution: { enum: [...DISTRIBUTION_MODELS] },
          now: { type: 'string', format: 'date' },
          inventory: { type: 'string', minLength: 1, description: 'A lockfile, directory or SBOM, relative to the test file.' },
          components: {
            type: 'array',
            maxItems: 100000,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['purl'],
              properties: {
                purl: { type: 'string', pattern: '^pkg:' },
                license: { type: 'string' },
                scope: { enum: [...SCOPES] },
                direct: { type: 'boolean' },
                project: { type: 'string' },
              },
            },
          },
          expect: {
            type: 'object',
            additionalProperties: false,
            properties: {
              fires: { type: 'array', items: { type: 'string' } },
              doesNotFire: { type: 'array', items: { type: 'string' } },
              suppressed: { type: 'array', items: { type: 'string' } },
              gate: { enum: ['pass', 'fail'] },
              failOn: { enum: [...SEVERITIES] },
            },
          },
        },
      },
    },
  },
} as const;

interface TestCase {
  name: string;
  distribution?: DistributionModel;
  now?: string;
  inventory?: string;
  components?: Array<{ purl: string; license?: string; scope?: Scope; direct?: boolean; project?: string }>;
  expect: { fires?: string[]; doesNotFire?: string[]; suppressed?: string[]; gate?: 'pass' | 'fail'; failOn?: Severity };
  line?: number;
}

/** The outcome of one case. */
export interface CaseResult {
  file: string;
  name: string;
  line?: number;
  passed: boolean;
  /** What went wrong, one sentence each (empty when passed). */
  failures: string[];
  /** Rule ids that fired (unsuppressed) and that fired but were waived. */
  fired: string[];
  suppressed: string[];
}

/** How to run tests: the classifier, and a reader for `inventory:` paths. */
export interface PolicyTestOptions {
  classify: Classify;
  loadInventory: (path: string) => Promise<Inventory>;
}

/** Builds an inventory from inline test components. */
export function inlineInventory(components: NonNullable<TestCase['components']>, name = 'test'): Inventory {
  const projects = new Map<string, Project>();
  const out: Component[] = [];
  const seen = new Set<string>();
  components.forEach((t, i) => {
    const p = parsePurl(t.purl);
    const id = t.purl;
    // The same purl in several projects is one component used by each.
    if (!seen.has(id)) out.push({
      id,
      ecosystem: (p && ecosystemForPurlType(p.type)) ?? 'generic',
      name: p ? purlPackageName(p) : t.purl,
      version: p?.version ?? null,
      purl: t.purl,
      scope: t.scope ?? 'runtime',
      direct: t.direct ?? true,
      locations: [{ file: `${name}#components[${i}]` }],
      license: t.license,
    });
    seen.add(id);
    const path = t.project ?? '.';
    const proj = projects.get(path) ?? { id: `project:${path}`, path, name: path, ecosystems: [], manifests: [], direct: [], components: [] };
    proj.components.push(id);
    if (t.direct ?? true) proj.direct.push(id);
    projects.set(path, proj);
  });
  return { root: name, name, projects: [...projects.values()], components: out.sort((a, b) => (a.id < b.id ? -1 : 1)), dependencies: new Map(), errors: [], skipped: [], warnings: [], stats: { filesSeen: 0, filesScanned: 0, ms: 0 } };
}

let testValidator: ReturnType<Ajv['compile']> | undefined;

/** Reads a test file; throws PolicyError with line and field for a malformed one. */
export function parseTestFile(text: string, file: string): { policy: string; cases: TestCase[] } {
  let doc: unknown;
  try {
    doc = parseYaml(text, file);
  } catch (err) {
    throw new PolicyError(file, [{ line: (err as PolicyError).line, field: '', message: (err as Error).message }]);
  }
  if (!testValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    testValidator = ajv.compile(POLICY_TEST_SCHEMA);
  }
  const where = yamlLocator(text);
  if (!testValidator(doc)) {
    const problems = schemaProblems([...(testValidator.errors ?? [])], doc, where).map((p) =>
      p.message.startsWith('must match exactly one schema') ? { ...p, message: 'needs either components or inventory (not both)' } : p,
    );
    throw new PolicyError(file, problems);
  }
  const d = doc as { policy: string; cases: TestCase[] };
  d.cases.forEach((c, i) => (c.line = where.lineOf(`/cases/${i}`)));
  return d;
}

/** Finds test files: DIR itself when it is a file, else `*.policy-test.yaml` under it (4 levels, no node_modules or dot-directories). */
export function findTestFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) {
        if (depth < 4 && entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(join(dir, entry.name), depth + 1);
      } else if (entry.isFile() && entry.name.endsWith(TEST_FILE_SUFFIX)) out.push(join(dir, entry.name));
    }
  };
  walk(path, 0);
  return out;
}

/** Runs every case of one test file. Rejects with PolicyError when the test file or its policy is invalid. */
export async function runTestFile(file: string, options: PolicyTestOptions): Promise<CaseResult[]> {
  const spec = parseTestFile(readFileSync(file, 'utf8'), file);
  const policyPath = resolve(dirname(file), spec.policy);
  if (!existsSync(policyPath)) throw new PolicyError(file, [{ line: yamlLocator(readFileSync(file, 'utf8')).lineOf('/policy'), field: 'policy', message: `no such policy file: ${spec.policy}` }]);
  const policy: Policy = parsePolicy(readFileSync(policyPath, 'utf8'), relative(process.cwd(), policyPath) || policyPath);
  const results: CaseResult[] = [];
  for (const c of spec.cases) results.push(await runCase(file, policy, c, options));
  return results;
}

async function runCase(file: string, policy: Policy, c: TestCase, options: PolicyTestOptions): Promise<CaseResult> {
  const failures: string[] = [];
  let inventory: Inventory;
  if (c.inventory !== undefined) {
    inventory = await options.loadInventory(resolve(dirname(file), c.inventory));
    for (const e of inventory.errors) failures.push(`inventory ${e.file}: ${e.message}`);
  } else inventory = inlineInventory(c.components ?? [], c.name);
  const result = evaluatePolicy(policy, { inventory }, { classify: options.classify, distribution: c.distribution, now: c.now ? new Date(`${c.now}T12:00:00Z`) : undefined });
  const fired = [...new Set(result.findings.filter((f) => !f.suppression).map((f) => f.ruleId))].sort();
  const suppressed = [...new Set(result.findings.filter((f) => f.suppression).map((f) => f.ruleId))].sort();
  for (const e of result.ruleErrors) failures.push(`rule "${e.ruleId}" failed on ${e.componentId}: ${e.message}`);
  for (const id of c.expect.fires ?? []) if (!fired.includes(id)) failures.push(`expected rule "${id}" to fire; fired: ${fired.join(', ') || 'none'}`);
  for (const id of c.expect.doesNotFire ?? []) if (fired.includes(id)) failures.push(`expected rule "${id}" not to fire, but it did`);
  for (const id of c.expect.suppressed ?? []) if (!suppressed.includes(id)) failures.push(`expected rule "${id}" to be waived; waived: ${suppressed.join(', ') || 'none'}`);
  if (c.expect.gate) {
    const failOn = c.expect.failOn ?? policy.failOn ?? 'high';
    const failing = result.findings.some((f) => !f.suppression && atLeast(f.severity, failOn));
    const gate = failing ? 'fail' : 'pass';
    if (gate !== c.expect.gate) failures.push(`expected the gate to ${c.expect.gate} at --fail-on ${failOn}, but it would ${gate}`);
  }
  return { file, name: c.name, line: c.line, passed: failures.length === 0, failures, fired, suppressed };
}
