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
 * Computes each package's scope from the graph, for formats that do not record it (bun.lock):
 * a package gets the strongest scope over all paths from the project's direct dependencies,
 * where a path is as weak as its weakest step. Each node improves at most once per scope
 * level, so the work is linear in the edges.
 */
export function propagateScopes(
  roots: ReadonlyArray<{ key: string; scope: Scope }>,
  edges: ReadonlyMap<string, readonly ScopedEdge[]>,
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
    const scope = best.get(key) as Scope;
    for (const edge of edges.get(key) ?? []) {
      offer(edge.to, rank(edge.via) > rank(scope) ? edge.via : scope);
    }
  }
  return best;
}
