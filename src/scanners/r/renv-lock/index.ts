import { InputError } from '../../../model/errors.js';
import type { FoundEdge, FoundPackage } from '../../../model/package.js';
import { isObject, parseJsonObject } from '../../../parsers/json.js';
import { LineIndex, stripBom } from '../../../parsers/lines.js';
import { findObjectKey } from '../../shared/json-lines.js';
import type { ExtractResult, Scanner } from '../../types.js';
import { renvLockInfo } from './info.js';


/**
 * Repository names that are CRAN or a CRAN snapshot mirror: renv records the name the user's
 * `options(repos)` gave, and Posit Package Manager's documented names are RSPM, PPM and P3M.
 */
const CRAN_NAMES = new Set(['cran', 'rspm', 'ppm', 'p3m']);

/** Repository URLs that serve CRAN: the CRAN network, Posit Package Manager's `cran` snapshots. */
const CRAN_URL = /(?:^https?:\/\/(?:cloud|cran)\.r-project\.org|\/cran(?:\/|$)|^https?:\/\/cran\.|packagemanager\.(?:posit|rstudio)\.co\/(?:cran|all)\b)/i;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Scans an R `renv.lock` (https://rstudio.github.io/renv/articles/lockfile.html). Only packages
 * installed from CRAN (or a CRAN mirror such as Posit Package Manager) are reported, as
 * osv-scalibr does: OSV's CRAN ecosystem covers nothing else, and Bioconductor, GitHub and local
 * packages have no ecosystem in Ospo yet; each one skipped is named in a warning.
 */
export const renvLockScanner: Scanner = {
  ...renvLockInfo,
  extract(content, ctx): ExtractResult {
    const file = ctx.path;
    const text = stripBom(content);
    const doc = parseJsonObject(text, file);
    const pkgs = doc.Packages;
    if (pkgs === undefined) return { packages: [] };
    if (!isObject(pkgs)) throw new InputError('"Packages" must be an object keyed by package name', { file, pointer: '/Packages' });

    // Repository name -> URL, to recognise CRAN mirrors under other names.
    const repoUrls = new Map<string, string>();
    const r = doc.R;
    if (isObject(r) && Array.isArray(r.Repositories)) {
      for (const repo of r.Repositories) {
        if (isObject(repo) && str(repo.Name) && str(repo.URL)) repoUrls.set(str(repo.Name) as string, str(repo.URL) as string);
      }
    }

    const lines = new LineIndex(text);
    const warnings: NonNullable<ExtractResult['warnings']> = [];
    const found = new Map<string, FoundPackage>();
    const requirements = new Map<string, string[]>();
    let cursor = Math.max(0, findObjectKey(text, 'Packages', 0));
    const sectionStart = cursor;

    for (const [key, entry] of Object.entries(pkgs)) {
      if (!isObject(entry)) {
        const pointer = `/Packages/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        throw new InputError(`entry "${key}" must be an object`, { file, pointer });
      }
      let at = findObjectKey(text, key, cursor);
      if (at === -1) at = findObjectKey(text, key, sectionStart);
      else cursor = at + 1;
      const line = at === -1 ? undefined : lines.lineAt(at);
      const where = line !== undefined ? { line } : {};

      const name = str(entry.Package) ?? key;
      const version = str(entry.Version);
      const repository = str(entry.Repository);
      const source = str(entry.Source);
      const repoUrl = repository !== undefined ? repoUrls.get(repository) : undefined;
      const fromCran =
        repository !== undefined && (CRAN_NAMES.has(repository.toLowerCase()) || (repoUrl !== undefined && CRAN_URL.test(repoUrl)));
      if (!fromCran) {
        const origin = repository ? `repository ${repository}${repoUrl ? ` (${repoUrl})` : ''}` : `source ${source ?? 'unknown'}`;
        warnings.push({ message: `skipped ${name}: not from CRAN (${origin})`, ...where });
        continue;
      }
      if (version === undefined) {
        warnings.push({ message: `skipped ${name}: no Version`, ...where });
        continue;
      }
      const pkgKey = `${name}@${version}`;
      if (found.has(pkgKey)) continue;
      const pkg: FoundPackage = { ecosystem: 'CRAN', name, version, scope: 'runtime', key: pkgKey, ...where };
      if (repository !== undefined && repository !== 'CRAN' && repoUrl) pkg.source = { kind: 'registry', url: repoUrl };
      const license = str(entry.License);
      if (license) pkg.license = license;
      found.set(pkgKey, pkg);
      // Older renv writes Requirements; renv 1.1 copies DESCRIPTION's Imports/Depends/LinkingTo.
      const reqs = new Set<string>();
      if (Array.isArray(entry.Requirements)) for (const q of entry.Requirements) if (str(q)) reqs.add(str(q) as string);
      for (const field of ['Depends', 'Imports', 'LinkingTo']) {
        const v = entry[field];
        const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [];
        for (const q of list) {
          const dep = typeof q === 'string' ? /^\s*([A-Za-z][A-Za-z0-9.]*)/.exec(q)?.[1] : undefined;
          if (dep && dep !== 'R') reqs.add(dep);
        }
      }
      if (reqs.size > 0) requirements.set(pkgKey, [...reqs]);
    }

    // Requirements name packages; base packages (utils, tools, ...) ship with R and have no entry.
    const byName = new Map<string, string>();
    for (const [k, p] of found) byName.set(p.name, k);
    const edges: FoundEdge[] = [];
    for (const [from, reqs] of requirements) {
      for (const dep of reqs) {
        const to = byName.get(dep);
        if (to !== undefined && to !== from) edges.push({ from, to });
      }
    }

    const result: ExtractResult = { packages: [...found.values()], edges };
    if (warnings.length > 0) result.warnings = warnings;
    return result;
  },
};
