import { expect } from 'vitest';
import { InputError } from '../model/index.js';
import type { FoundPackage } from '../model/index.js';

/**
 * Runs `run`, asserts that it throws an InputError, and returns that error so the test can
 * check its message, line or pointer.
 */
export function thrownInputError(run: () => unknown): InputError {
  let caught: unknown;
  try {
    run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  return caught as InputError;
}

/**
 * Returns the package with this name (and this version, when one is given, null included);
 * throws when there is none, so a test fails on the lookup rather than on `undefined`.
 */
export function findPackage(packages: readonly FoundPackage[], name: string, version?: string | null): FoundPackage {
  const found = packages.find((p) => p.name === name && (version === undefined || p.version === version));
  if (!found) throw new Error(version === undefined ? `no ${name}` : `${name}@${version} not found`);
  return found;
}
