import { SCOPES, type Scope } from '../../../model/index.js';

/** A dependency edge with the scope the dependency kind implies (`optionalDependencies` -> optional). */
export interface ScopedEdge {
  to: string;
  via: Scope;
}

function rank(scope: Scope): number {
  return SCOPES.indexOf(scope);
}

/**
 * Computes each package's scope from the graph, for lockfiles that do not record it (bun.lock,
 * yarn.lock, pnpm-lock.yaml entries without dev/optional flags): a package gets the strongest scope
 * over all paths from the project's direct dependencies (`roots`), where a path is as weak as
 * its weakest step. An edge given as a plain key does not weaken the path; a ScopedEdge weakens
 * it to its `via` scope. `stop` keys (workspace members) are reached but not walked through:
 * their own dependencies are roots of their own. Unreached keys are absent from the result.
 * Each node improves at most once per scope level, so the work is linear in the edges.
 */
export function propagateScopes(
  roots: Iterable<{ key: string; scope: Scope }>,
  edges: ReadonlyMap<string, Iterable<string | ScopedEdge>>,
  stop: ReadonlySet<string> = new Set(),
): Map<string, Scope> {
  const best = new Map<string, Scope>();
  const queue: string[] = [];
  const offer = (key: string, scope: Scope): void => {
    const seen = best.get(key);
    if (seen !== undefined && rank(seen) <= rank(scope)) return;
    best.set(key, scope);
    queue.push(key);
  };
  for (const root of roots) offer(root.key, root.scope);
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i] as string;
    if (stop.has(key)) continue;
    const scope = best.get(key) as Scope;
    for (const edge of edges.get(key) ?? []) {
      if (typeof edge === 'string') offer(edge, scope);
      else offer(edge.to, rank(edge.via) > rank(scope) ? edge.via : scope);
    }
  }
  return best;
}
