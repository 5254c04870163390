// Whether third-party code under one license can sit in a project published under another.
// Judged by license category (src/licenses classification data), plus the few well-known pairs
// that categories cannot see (GPL-2.0-only against Apache-2.0 and the version 3 family).
import type { Severity } from '../model/finding.js';
import type { LicenseCategory } from '../policy/index.js';
import { licenseAlternatives } from '../policy/index.js';
import { termLicenseId } from '../policy/license-terms.js';

/** Why third-party code is incompatible (or needs review), and how bad. */
export interface Incompatibility {
  severity: Severity;
  reason: string;
}

const COPYLEFT: readonly LicenseCategory[] = ['strong-copyleft', 'network-copyleft'];

// https://www.gnu.org/licenses/license-list.html#apache2 and #GPLv3: GPL-2.0-only cannot be
// combined with Apache-2.0 or with code under version 3 of the GNU licenses.
const GPL2_ONLY_CONFLICTS = /^(?:Apache-2\.0|GPL-3\.0.*|LGPL-3\.0.*|AGPL-3\.0.*)$/;

/**
 * Judges third-party code licensed `third` inside a project licensed `project`; undefined when
 * compatible. `classify` gives each expression's category.
 */
export function incompatibility(project: string, third: string, classify: (expression: string) => LicenseCategory): Incompatibility | undefined {
  if (third === project) return undefined;
  const projectIds = new Set(licenseAlternatives(project).flat().map(termLicenseId));
  const thirdAlternatives = licenseAlternatives(third);
  // Code under a license the project itself uses (any alternative wholly inside it) is compatible.
  if (thirdAlternatives.some((alt) => alt.every((t) => projectIds.has(termLicenseId(t))))) return undefined;
  const p = safe(classify, project);
  const t = safe(classify, third);
  if (t === 'proprietary' || t === 'source-available') {
    return { severity: 'high', reason: `${third} is ${t}: not an open source license, so the code cannot be published at all without the owner's permission` };
  }
  if (projectIds.has('GPL-2.0-only') && thirdAlternatives.every((alt) => alt.some((x) => GPL2_ONLY_CONFLICTS.test(termLicenseId(x))))) {
    return { severity: 'high', reason: `${third} cannot be combined with GPL-2.0-only (the FSF lists it as incompatible: extra patent terms or version 3 conditions)` };
  }
  if (t === 'unknown') return { severity: 'medium', reason: `${third} is not in the license classification: have legal review whether it is compatible with ${project}` };
  if ((p === 'permissive' || p === 'public-domain') && COPYLEFT.includes(t)) {
    return { severity: 'high', reason: `${third} is ${t}: a work that includes it must be distributed under ${third} as a whole, which the project's ${project} (${p}) license does not do` };
  }
  if (p === 'weak-copyleft' && COPYLEFT.includes(t)) {
    return { severity: 'high', reason: `${third} is ${t}: it would impose its terms on the whole work, beyond the project's ${project} (weak-copyleft) license` };
  }
  if ((p === 'permissive' || p === 'public-domain') && t === 'weak-copyleft') {
    return { severity: 'medium', reason: `${third} is weak-copyleft: keep that code in its own files under its own license, publish its source and name it in NOTICE` };
  }
  if (p === 'unknown') return { severity: 'medium', reason: `the project license ${project} is not classified, so compatibility with ${third} (${t}) cannot be judged` };
  return undefined;
}

function safe(classify: (expression: string) => LicenseCategory, expression: string): LicenseCategory {
  try {
    return classify(expression);
  } catch {
    return 'unknown';
  }
}
