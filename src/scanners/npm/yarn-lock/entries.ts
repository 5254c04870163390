import type { Hash, PackageSource } from '../../../model/index.js';

/**
 * One yarn.lock entry in a form shared by the classic and berry readers: the descriptors that
 * resolve to it, what it resolved to, and its dependency descriptors.
 */
export interface LockEntry {
  /** Descriptors of the header (`lodash@^4.17.0`, `lodash@npm:^4.17.21`). */
  specifiers: string[];
  /** 1-based line of the header. */
  line: number;
  /** The real package name (behind any `npm:` alias). */
  name: string;
  /** The resolved version, or null when the entry records none. */
  version: string | null;
  /** The range of the first descriptor, kept when there is no version. */
  range: string;
  source?: PackageSource;
  hashes?: Hash[];
  /** `dependencies` and `optionalDependencies`: name as depended on -> range. */
  dependencies: Array<[string, string]>;
  /** Berry workspace path (`.` for the root project), when the entry is a workspace. */
  workspace?: string;
  notes: string[];
}
