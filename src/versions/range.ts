// Version ranges as policies, the API and the CLI write them, the same way for every ecosystem
// and compared in the ecosystem's own scheme: comparators (`>=2.0.0, <2.17.1`,
// `>=2.0.0 <2.17.1`, `< 2.17.1`) joined by `||`. A bare version means `=version`.
import type { ComponentEcosystem } from '../model/inventory.js';

/** Compares two versions of one ecosystem: negative, zero or positive. */
export type VersionCompare = (a: string, b: string) => number;

/** Returns a comparator for the ecosystem's versions. */
export type CompareFor = (ecosystem: ComponentEcosystem) => VersionCompare;

type Op = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** A compiled version range that says what it is. */
export interface VersionRange {
  source: string;
  /** Whether `version` is in the range, with `compare` from its ecosystem's scheme. */
  contains(version: string, compare: VersionCompare): boolean;
  describe(): string;
}

/**
 * Returns a predicate for `version in range` in one ecosystem's scheme; a version the scheme
 * cannot read is in no range.
 */
export function rangePredicate(range: VersionRange, compare: VersionCompare): (version: string) => boolean {
  return (version) => {
    try {
      return range.contains(version, compare);
    } catch {
      return false;
    }
  };
}

/** Compiles a range; throws an Error naming the comparator it cannot read. */
export function compileVersionRange(source: string): VersionRange {
  const alternatives = source.split('||').map((alt) => {
    const comparators: Array<{ op: Op; version: string }> = [];
    const re = /(<=|>=|!=|==|<|>|=)?\s*([^\s,<>=!]+)/g;
    const text = alt.trim();
    if (text === '') throw new Error(`"${source}": empty alternative between ||`);
    let m: RegExpExecArray | null;
    let consumed = '';
    while ((m = re.exec(text)) !== null) {
      const op = (m[1] === '==' ? '=' : (m[1] ?? '=')) as Op;
      if (/^[~^*]/.test(m[2]!)) {
        throw new Error(`"${source}": ${m[2]} is an npm-style range, not a comparator (write ">=1.2.0, <1.3.0" for ~1.2)`);
      }
      comparators.push({ op, version: m[2]! });
      consumed += m[0];
    }
    if (text.replace(/[\s,]/g, '') !== consumed.replace(/\s/g, '')) throw new Error(`"${source}" is not a version range (write comparators like ">=1.2.0, <2.0.0" joined by ||)`);
    return comparators;
  });
  return {
    source,
    contains(version, compare) {
      return alternatives.some((cmps) =>
        cmps.every(({ op, version: v }) => {
          const c = compare(version, v);
          switch (op) {
            case '<':
              return c < 0;
            case '<=':
              return c <= 0;
            case '>':
              return c > 0;
            case '>=':
              return c >= 0;
            case '=':
              return c === 0;
            case '!=':
              return c !== 0;
          }
        }),
      );
    },
    describe: () => `versions ${source}`,
  };
}
