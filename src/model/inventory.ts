import type { Ecosystem } from './ecosystem.js';
import type { Hash, Location, PackageSource, Scope } from './package.js';

/**
 * The ecosystem of a component: an OSV ecosystem, or `generic` when the source (an imported
 * SBOM) gives no purl or a purl type Ospo does not know (`pkg:deb/...`). A generic component is
 * never matched against advisories by ecosystem; its `purl`, when present, is kept as written.
 */
export type ComponentEcosystem = Ecosystem | 'generic';

/**
 * One component of the inventory: a package at one version (or one declared requirement),
 * merged across every file that records it.
 */
export interface Component {
  /** Unique within the inventory; used as CycloneDX bom-ref and SPDX element id seed. */
  id: string;
  ecosystem: ComponentEcosystem;
  name: string;
  version: string | null;
  declared?: string;
  purl: string | null;
  /** The strongest scope any project uses it in. */
  scope: Scope;
  /** Direct in at least one project. */
  direct: boolean;
  locations: Location[];
  source?: PackageSource;
  license?: string;
  hashes?: Hash[];
  notes?: string[];
}

/** A project: a directory whose manifests or lockfiles describe one build. */
export interface Project {
  /** Unique id, `project:<dir>`. */
  id: string;
  /** Directory relative to the scan root, `.` for the root itself. */
  path: string;
  name: string;
  version?: string;
  ecosystems: Ecosystem[];
  /** Manifest and lockfile paths relative to the scan root. */
  manifests: string[];
  /** Component ids this project depends on directly. */
  direct: string[];
  /** Component ids found in this project's files. */
  components: string[];
}

/** A file that could not be read or understood, and why. */
export interface ScanIssue {
  file: string;
  message: string;
  line?: number;
  pointer?: string;
}

/** Everything one scan found: projects, components, their dependency graph, and what failed. */
export interface Inventory {
  /** The scanned root as the user named it. */
  root: string;
  /** A display name for the whole inventory (the root directory or file name). */
  name: string;
  projects: Project[];
  /** Sorted by id. */
  components: Component[];
  /** Component or project id -> the component ids it depends on. */
  dependencies: Map<string, Set<string>>;
  errors: ScanIssue[];
  /** Files skipped on purpose (too large, unreadable links), with the reason. */
  skipped: ScanIssue[];
  /** Scanner warnings that did not stop a file from being read. */
  warnings: ScanIssue[];
  stats: { filesSeen: number; filesScanned: number; ms: number };
}
