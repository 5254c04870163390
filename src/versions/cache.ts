import { InvalidVersionError } from './errors.js';
import type { VersionScheme } from './types.js';

/** How many parsed versions each scheme keeps; an OSV match touches far fewer distinct strings. */
export const CACHE_SIZE = 50_000;

/** Longest version string any scheme accepts; longer input is rejected before parsing (bounded time). */
export const MAX_VERSION_LENGTH = 256;

/**
 * Wraps a parse function in a bounded cache. Returns `parse(v)` for valid input and
 * `undefined` for invalid input (cached too: invalid strings recur in bad records).
 * When the cache is full the oldest entry is dropped, so memory stays bounded.
 */
export function cachedParser<T>(parse: (v: string) => T | undefined, size = CACHE_SIZE): (v: string) => T | undefined {
  const cache = new Map<string, T | null>();
  return (v: string): T | undefined => {
    const hit = cache.get(v);
    if (hit !== undefined) return hit ?? undefined;
    const parsed = typeof v === 'string' && v.length <= MAX_VERSION_LENGTH ? parse(v) : undefined;
    if (cache.size >= size) {
      // Map iterates in insertion order: the first key is the oldest.
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
    }
    cache.set(v, parsed ?? null);
    return parsed;
  };
}

/**
 * Builds `isValid` and `compare` for a scheme from a cached parser and a comparator over
 * parsed versions; compare throws InvalidVersionError naming the scheme for invalid input.
 * `parse` is the cached parser itself, for schemes that need the parsed form.
 */
export function schemeFunctions<T>(
  id: string,
  parse: (v: string) => T | undefined,
  compareParsed: (a: T, b: T) => number,
): { isValid(v: string): boolean; compare(a: string, b: string): number; parse(v: string): T | undefined } {
  const get = cachedParser(parse);
  const must = (v: string): T => {
    const p = get(v);
    if (p === undefined) throw new InvalidVersionError(id, String(v));
    return p;
  };
  return {
    isValid: (v: string) => get(v) !== undefined,
    compare: (a: string, b: string) => (a === b ? (must(a), 0) : compareParsed(must(a), must(b))),
    parse: get,
  };
}

/** Compares two strings of decimal digits without leading zeros as numbers of any size. */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a VersionScheme from an id, a parser (cached here) and a comparator over parsed versions. */
export function makeScheme<T>(id: string, parse: (v: string) => T | undefined, compareParsed: (a: T, b: T) => number): VersionScheme {
  const { isValid, compare } = schemeFunctions(id, parse, compareParsed);
  return { id, isValid, compare };
}
