import type { PackageSource } from '../../../model/index.js';

/**
 * What an npm dependency specifier or a lockfile's recorded version points at, after the
 * rules of npm-package-arg (https://github.com/npm/npm-package-arg#readme): a registry range
 * (possibly behind an `npm:` alias), a git repository, a tarball URL, or a local path.
 */
export interface SpecInfo {
  kind: 'registry' | PackageSource['kind'];
  /** The real package name behind an `npm:` alias. */
  aliasOf?: string;
  /** The range or tag for a registry spec (`*` for a bare alias). */
  range?: string;
  /** Repository or tarball URL, or a local path. */
  url?: string;
  /** Git commit-ish after `#`, or the `workspace:` range. */
  ref?: string;
}

const HOSTED_SHORTCUTS: Record<string, string> = {
  github: 'https://github.com/',
  gitlab: 'https://gitlab.com/',
  bitbucket: 'https://bitbucket.org/',
  gist: 'https://gist.github.com/',
};

const GIT_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'gist.github.com']);

function splitRef(spec: string): { url: string; ref?: string } {
  const hash = spec.indexOf('#');
  if (hash === -1) return { url: spec };
  const ref = spec.slice(hash + 1);
  return ref ? { url: spec.slice(0, hash), ref } : { url: spec.slice(0, hash) };
}

function git(spec: string): SpecInfo {
  const { url, ref } = splitRef(spec);
  return ref === undefined ? { kind: 'git', url } : { kind: 'git', url, ref };
}

/** Returns whether an http(s) URL names a git repository rather than a tarball. */
function isGitHttpUrl(spec: string): boolean {
  const { url } = splitRef(spec);
  if (/\.git\/?$/.test(url)) return true;
  const m = /^https?:\/\/(?:[^@/]*@)?([^/:]+)(?::\d+)?\/([^/]+)\/([^/]+)\/?$/.exec(url);
  return m !== null && GIT_HOSTS.has((m[1] ?? '').toLowerCase()) && !/\.(?:tgz|tar\.gz|tar)$/.test(url);
}

/**
 * Classifies an npm dependency specifier as written in package.json or recorded as a
 * lockfile version (`^1.2.0`, `npm:real@^2`, `github:o/r#sha`, `file:../x`, `https://…/x.tgz`).
 */
export function classifySpec(raw: string): SpecInfo {
  const spec = raw.trim();
  if (spec.startsWith('npm:')) {
    const rest = spec.slice(4);
    const at = rest.indexOf('@', 1);
    if (at === -1) return { kind: 'registry', aliasOf: rest, range: '*' };
    return { kind: 'registry', aliasOf: rest.slice(0, at), range: rest.slice(at + 1) || '*' };
  }
  if (spec.startsWith('file:')) return { kind: 'file', url: spec.slice(5) };
  if (spec.startsWith('link:')) return { kind: 'link', url: spec.slice(5) };
  if (spec.startsWith('portal:')) return { kind: 'link', url: spec.slice(7) };
  if (spec.startsWith('workspace:')) return { kind: 'workspace', ref: spec.slice(10) };
  if (/^git(?:\+[a-z]+)?:\/\//i.test(spec) || /^ssh:\/\//i.test(spec) || /^git\+/i.test(spec)) return git(spec);
  const hosted = /^(github|gitlab|bitbucket|gist):(.+)$/.exec(spec);
  if (hosted) {
    const { url, ref } = splitRef(hosted[2] ?? '');
    const full = `${HOSTED_SHORTCUTS[hosted[1] ?? 'github'] ?? ''}${url}${hosted[1] === 'gist' ? '' : '.git'}`;
    return ref === undefined ? { kind: 'git', url: full } : { kind: 'git', url: full, ref };
  }
  if (/^https?:\/\//i.test(spec)) return isGitHttpUrl(spec) ? git(spec) : { kind: 'url', url: spec };
  // scp-like `git@host:owner/repo.git`
  if (/^[\w.-]+@[\w.-]+:/.test(spec)) return git(spec);
  if (spec === '.' || spec === '..' || /^(?:\.\.?|~)?\//.test(spec) || /^[a-zA-Z]:[\\/]/.test(spec)) {
    return { kind: 'file', url: spec };
  }
  // GitHub shorthand `owner/repo` or `owner/repo#ref`.
  if (/^[^@\s/:#][^\s/:#]*\/[^\s/:#]+(?:#.*)?$/.test(spec)) {
    const { url, ref } = splitRef(spec);
    const full = `https://github.com/${url}.git`;
    return ref === undefined ? { kind: 'git', url: full } : { kind: 'git', url: full, ref };
  }
  return { kind: 'registry', range: spec };
}

/** Returns the PackageSource for a non-registry spec, or undefined for registry ones. */
export function sourceOf(info: SpecInfo): PackageSource | undefined {
  if (info.kind === 'registry') return undefined;
  const src: PackageSource = { kind: info.kind };
  if (info.url !== undefined) src.url = info.url;
  if (info.ref !== undefined) src.ref = info.ref;
  return src;
}

/**
 * Returns where a lockfile's `resolved` URL says the code came from: git (with the commit
 * after `#`), a non-registry tarball URL, a local `file:` path, or undefined for a registry
 * tarball (npm registries serve tarballs under `/<name>/-/<file>.tgz`).
 */
export function sourceFromResolved(resolved: string): PackageSource | undefined {
  if (/^https?:\/\//i.test(resolved)) {
    if (resolved.includes('/-/')) return undefined;
    const info = classifySpec(resolved);
    return sourceOf(info);
  }
  if (/^(?:git(?:\+[a-z]+)?:|ssh:|github:|gitlab:|bitbucket:|gist:)/i.test(resolved)) return sourceOf(git(resolved));
  if (resolved.startsWith('file:')) return { kind: 'file', url: resolved.slice(5) };
  return undefined;
}

/** Returns a readable license from a package's `license` field (a string, or the legacy `{ type }` object). */
export function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const type = (value as Record<string, unknown>)['type'];
    if (typeof type === 'string' && type.trim()) return type.trim();
  }
  return undefined;
}
