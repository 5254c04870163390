import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../licenses/classification.js';
import { loadInventory } from '../cli/inputs.js';
import { PolicyError } from './load.js';
import { findTestFiles, runTestFile, type PolicyTestOptions } from './test-cases.js';

const options: PolicyTestOptions = {
  classify: (e) => classify(e).category,
  loadInventory: (p) => loadInventory([p], {}, { stdout: process.stdout, stderr: process.stderr, env: {} }),
};
const examples = fileURLToPath(new URL('../../examples/policies/', import.meta.url));
const fixtures = fileURLToPath(new URL('./__fixtures__/policy-tests/', import.meta.url));

describe('example policies pass their own tests', () => {
  const files = findTestFiles(examples);
  it('ships a test file beside each example policy', () => {
    expect(files.map((f) => f.slice(examples.length))).toEqual(['distributed-product.policy-test.yaml', 'internal-tools.policy-test.yaml', 'network-service.policy-test.yaml']);
  });
  it.each(files.map((f) => [f.slice(examples.length), f]))('%s', async (_name, file) => {
    const results = await runTestFile(file, options);
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failures.join('; ')}`)).toEqual([]);
  });
});

describe('runTestFile', () => {
  it('runs inline and lockfile cases and reports each unmet expectation', async () => {
    const results = await runTestFile(`${fixtures}ok/tiny.policy-test.yaml`, options);
    expect(results.map((r) => [r.name, r.passed, r.line])).toEqual([
      ['inline GPL fires', true, 3],
      ['lockfile inventory', true, 9],
      ['wrong expectations are reported', false, 13],
    ]);
    expect(results[1]!.fired).toEqual(['no-gpl']);
    expect(results[2]!.failures).toEqual([
      'expected rule "no-gpl" to fire; fired: none',
      'expected rule "no-gpl" to be waived; waived: none',
      'expected the gate to fail at --fail-on high, but it would pass',
    ]);
  });

  it('rejects a malformed test file with lines and fields', async () => {
    try {
      await runTestFile(`${fixtures}broken/broken.policy-test.yaml`, options);
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect((err as PolicyError).describeAll().replaceAll(fixtures, '')).toBe(
        ['broken/broken.policy-test.yaml:3: cases[0]: needs either components or inventory (not both)', 'broken/broken.policy-test.yaml:10: cases[1].expect.fire: unknown field (check its spelling; docs/policy.md lists the fields)'].join('\n'),
      );
    }
    expect.assertions(2);
  });
});
