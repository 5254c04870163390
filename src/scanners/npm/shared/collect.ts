import {
  foundKey,
  strongerScope,
  type FoundEdge,
  type FoundPackage,
  type PackageSource,
  type Scope,
} from '../../../model/index.js';

/** The dependency maps of a package.json-shaped object, each with the scope it implies. */
export const DEP_GROUPS = [
  ['dependencies', 'runtime'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
  ['devDependencies', 'dev'],
] as const satisfies ReadonlyArray<readonly [string, Scope]>;

/** One of the package.json dependency map names. */
export type DepGroup = (typeof DEP_GROUPS)[number][0];

/**
 * Returns the key for a package within its file: `name@version` for a registry package (the
 * default key, left unset), and a key that also names the source for anything else, so a git
 * checkout and the registry release of the same version stay two packages.
 */
export function packageKey(name: string, version: string | null, source: PackageSource | undefined): string | undefined {
  if (!source || source.kind === 'registry') return undefined;
  return `${name}@${version ?? ''}|${source.kind}:${source.url ?? ''}${source.ref ? `#${source.ref}` : ''}`;
}

/**
 * Accumulates the edges of one file once each, in order, and keeps each package's targets
 * (`children`) for walking the graph; the project's own edges (`from: null`) are in `edges` only.
 */
export class EdgeList {
  /** The edges added so far, in order. */
  readonly edges: FoundEdge[] = [];
  /** Each package key's targets. */
  readonly children = new Map<string, Set<string>>();
  private readonly rootTargets = new Set<string>();

  /** Adds an edge unless it is already there. */
  add(from: string | null, to: string): void {
    if (from === null) {
      if (this.rootTargets.has(to)) return;
      this.rootTargets.add(to);
    } else {
      let targets = this.children.get(from);
      if (!targets) this.children.set(from, (targets = new Set()));
      else if (targets.has(to)) return;
      targets.add(to);
    }
    this.edges.push({ from, to });
  }
}

/**
 * Accumulates the packages and edges of one file: the same key twice is merged (the stronger
 * scope wins, direct if either is, the first line and metadata are kept), edges are de-duplicated.
 */
export class PackageCollector {
  private readonly byKey = new Map<string, FoundPackage>();
  private readonly edgeList = new EdgeList();
  /** The edges added so far, in order. */
  readonly edges: FoundEdge[] = this.edgeList.edges;

  /** Adds a package or merges it into the one with the same key; returns the key. */
  add(pkg: FoundPackage): string {
    const key = foundKey(pkg);
    const seen = this.byKey.get(key);
    if (!seen) {
      this.byKey.set(key, pkg);
      return key;
    }
    seen.scope = strongerScope(seen.scope ?? 'runtime', pkg.scope ?? 'runtime');
    if (pkg.direct !== undefined) seen.direct = seen.direct === true || pkg.direct;
    if (seen.line === undefined && pkg.line !== undefined) seen.line = pkg.line;
    if (!seen.hashes && pkg.hashes) seen.hashes = pkg.hashes;
    if (!seen.license && pkg.license) seen.license = pkg.license;
    if (pkg.notes) {
      const notes = seen.notes ?? (seen.notes = []);
      for (const note of pkg.notes) if (!notes.includes(note)) notes.push(note);
    }
    return key;
  }

  /** Returns the package with this key. */
  get(key: string): FoundPackage | undefined {
    return this.byKey.get(key);
  }

  /** Marks a package as a direct dependency of the project. */
  markDirect(key: string): void {
    const pkg = this.byKey.get(key);
    if (pkg) pkg.direct = true;
  }

  /** Adds an edge once; self-edges are dropped. */
  addEdge(from: string | null, to: string): void {
    if (from !== to) this.edgeList.add(from, to);
  }

  /** All packages, in the order first seen. */
  packages(): FoundPackage[] {
    return [...this.byKey.values()];
  }
}

/**
 * Returns the names in a dependency map (an object of name -> spec), or an empty list when
 * the value is missing or not an object.
 */
export function depNames(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.keys(value);
}

/** Makes a note list with one note, or undefined; keeps package objects free of empty arrays. */
export function notesOf(...notes: Array<string | false | undefined>): string[] | undefined {
  const kept = notes.filter((n): n is string => typeof n === 'string');
  return kept.length > 0 ? kept : undefined;
}
