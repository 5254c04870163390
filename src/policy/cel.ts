// CEL conditions (https://github.com/google/cel-spec) over one component. The policy author
// writes them; they run in a sandbox with no I/O, bounded in size at parse time.
import { Environment } from '@marcbachmann/cel-js';

/** The object a condition sees as `component` (documented in docs/policy.md). */
export interface CelComponent {
  name: string;
  /** Empty when the inventory only knows a requirement. */
  version: string;
  ecosystem: string;
  /** Empty when the component has no purl. */
  purl: string;
  scope: string;
  direct: boolean;
  /** The concluded (else declared) SPDX expression; empty when none is known. */
  license: string;
  /** The category of the whole expression, as the classifier answers it. */
  category: string;
  /** The category of each license term. */
  categories: string[];
  /** Project paths (relative to the scan root) that use the component. */
  projects: string[];
}

const SCHEMA = {
  name: 'string',
  version: 'string',
  ecosystem: 'string',
  purl: 'string',
  scope: 'string',
  direct: 'bool',
  license: 'string',
  category: 'string',
  categories: 'list<string>',
  projects: 'list<string>',
} as const;

let env: Environment | undefined;
function environment(): Environment {
  env ??= new Environment({ limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000, maxCallArguments: 16 } }).registerVariable({
    name: 'component',
    schema: SCHEMA,
  });
  return env;
}

/** The first line of a cel-js error, plus its caret excerpt when there is one, on one line. */
function celMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const [first, ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  const caret = rest.find((l) => l.includes('^'));
  const source = rest.find((l) => l.includes('|'));
  if (source && caret) {
    const col = caret.indexOf('^') - source.indexOf('|') - 2;
    if (col >= 0) return `${first} (at column ${col + 1})`;
  }
  return first ?? text;
}

/** A compiled condition. */
export type CelCondition = (component: CelComponent) => boolean;

/** Parses and type-checks a condition; throws an Error with the CEL message when it is not a bool expression over `component`. */
export function compileCondition(expression: string): CelCondition {
  let program: ReturnType<Environment['parse']>;
  try {
    program = environment().parse(expression);
  } catch (err) {
    throw new Error(`CEL: ${celMessage(err)}`);
  }
  const check = program.check();
  if (!check.valid) throw new Error(`CEL: ${celMessage(check.error)}`);
  if (check.type !== 'bool' && check.type !== 'dyn') throw new Error(`CEL: the condition is of type ${check.type}, expected bool`);
  return (component) => {
    let value: unknown;
    try {
      value = program({ component });
    } catch (err) {
      throw new Error(`CEL: ${celMessage(err)}`);
    }
    if (typeof value !== 'boolean') throw new Error(`CEL: the condition gave ${typeof value}, expected bool`);
    return value;
  };
}
