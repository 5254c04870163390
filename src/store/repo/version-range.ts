import { UsageError } from '../../model/errors.js';

/** A version comparator: negative, 0, positive; may throw for a version it cannot read. */
export type Compare = (a: string, b: string) => number;

const OPS = ['<=', '>=', '!=', '==', '<', '>', '='] as const;
type Op = (typeof OPS)[number];

function test(op: Op, c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '!=':
      return c !== 0;
    default:
      return c === 0;
  }
}

/**
 * Parses a version range in the ecosystem-neutral comparator syntax the API and CLI accept —
 * `< 2.17.1`, `>=2.0.0, <2.17.1` (comma or space: and), `1.2.3` (exact), `a || b` (or) — into a
 * predicate that orders versions with the ecosystem's own `compare`. A version `compare` cannot
 * read matches nothing. Throws UsageError for a range it cannot parse.
 */
export function parseVersionRange(range: string, compare: Compare): (version: string) => boolean {
  const alternatives = range.split('||').map((alt) => {
    const tokens = alt.replace(/,/g, ' ').trim().split(/\s+/).filter(Boolean);
    const terms: { op: Op; version: string }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      let token = tokens[i]!;
      let op: Op = '=';
      const found = OPS.find((o) => token.startsWith(o));
      if (found) {
        op = found;
        token = token.slice(found.length);
        if (token === '') token = tokens[++i] ?? '';
      }
      if (token === '' || OPS.some((o) => token.startsWith(o))) {
        throw new UsageError(`cannot read version range "${range}": expected a version after "${op}"`);
      }
      terms.push({ op, version: token });
    }
    if (terms.length === 0) throw new UsageError(`cannot read version range "${range}": an alternative is empty`);
    return terms;
  });
  return (version) =>
    alternatives.some((terms) =>
      terms.every((t) => {
        try {
          return test(t.op, compare(version, t.version));
        } catch {
          return false;
        }
      }),
    );
}
