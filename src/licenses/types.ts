/**
 * How a license was found: `declared` in package metadata (a lockfile, package.json, pom,
 * METADATA, gemspec, nuspec), a `license-file` matched by text, an `spdx-tag`
 * (`SPDX-License-Identifier:`), a `reuse` declaration (LICENSES/, REUSE.toml).
 */
export type LicenseMethod = 'declared' | 'license-file' | 'spdx-tag' | 'reuse';

/** One piece of evidence for a license. */
export interface LicenseEvidence {
  /** An SPDX expression, or a `LicenseRef-` for text that matched nothing known. */
  expression: string;
  method: LicenseMethod;
  /** Where: a file (relative to the scan root or the package), and a line. */
  file?: string;
  line?: number;
  /** 0 to 1: how sure the match is (1 for declared ids and exact text). */
  score: number;
  /** What the source said before normalisation (`Apache 2`, `GPL-2.0`), when it differed. */
  raw?: string;
}

/** A component's licenses: what its metadata declares and what Ospo concludes, kept apart. */
export interface ComponentLicense {
  componentId: string;
  /** Normalised SPDX expression from metadata, or undefined when none is declared. */
  declared?: string;
  /** The expression Ospo concludes from all evidence, or undefined when it cannot. */
  concluded?: string;
  evidence: LicenseEvidence[];
  /** Copyright statements found in the component's license and NOTICE files, in order, each once. */
  copyrights?: string[];
  /** What a person should know: conflicts between metadata and files, files skipped and why. */
  notes?: string[];
}
