import type { Scope } from '../../../model/index.js';
import type { DependencyKind } from './manifest.js';

const KIND_SCOPE: Record<DependencyKind, Scope> = { prod: 'runtime', optional: 'optional', dev: 'dev' };

/**
 * Works out each package's scope from the project's direct dependencies: a package reachable
 * from a runtime dependency is `runtime`, else from an optional one `optional`, else from a dev
 * one `dev`. One breadth-first pass per kind over the lockfile graph (`children` by key), so the
 * cost is linear in edges. `stop` keys (workspace members) are reached but not walked through:
 * their own dependencies are roots of their own kinds. Unreached keys are absent from the result.
 */
export function scopesFromRoots(
  roots: Iterable<{ key: string; kind: DependencyKind }>,
  children: ReadonlyMap<string, Iterable<string>>,
  stop: ReadonlySet<string> = new Set(),
): Map<string, Scope> {
  const byKind: Record<DependencyKind, string[]> = { prod: [], optional: [], dev: [] };
  for (const r of roots) byKind[r.kind].push(r.key);
  const scope = new Map<string, Scope>();
  for (const kind of ['prod', 'optional', 'dev'] as const) {
    const queue = byKind[kind].filter((k) => !scope.has(k));
    for (const k of queue) scope.set(k, KIND_SCOPE[kind]);
    for (let i = 0; i < queue.length; i++) {
      const key = queue[i] as string;
      if (stop.has(key)) continue;
      for (const child of children.get(key) ?? []) {
        if (scope.has(child)) continue;
        scope.set(child, KIND_SCOPE[kind]);
        queue.push(child);
      }
    }
  }
  return scope;
}
