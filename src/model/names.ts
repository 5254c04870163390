import type { Ecosystem } from './ecosystem.js';

/**
 * Normalises a PyPI project name per PEP 503: lowercase, and every run of `-`, `_` and `.`
 * becomes one `-` (https://peps.python.org/pep-0503/#normalized-names).
 */
export function normalizePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Returns the canonical package name for an ecosystem: PyPI names are PEP 503 normalised,
 * Hex and Pub names lowercased (both registries are case-insensitive), others kept as written.
 */
export function canonicalName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'PyPI':
      return normalizePypiName(name);
    default:
      return name.trim();
  }
}
