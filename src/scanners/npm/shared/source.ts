import { withoutCredentials } from '../../../model/url.js';
import type { PackageSource } from '../../../model/index.js';

/** Registry hosts whose tarballs need no source entry: they are the default npm registry. */
const DEFAULT_REGISTRIES: ReadonlySet<string> = new Set(['registry.npmjs.org', 'registry.yarnpkg.com', 'registry.npmjs.com']);

/** Takes the commit out of a git URL fragment: `abc123`, `commit=abc123`, `commit:abc123`, `semver:^1&commit=abc`. */
function refFromFragment(fragment: string): string | undefined {
  if (!fragment) return undefined;
  for (const part of fragment.split('&')) {
    const m = /^commit[=:](.+)$/.exec(part);
    if (m) return m[1];
  }
  return fragment;
}

function splitFragment(url: string): { base: string; fragment: string } {
  const hash = url.indexOf('#');
  return hash === -1 ? { base: url, fragment: '' } : { base: url.slice(0, hash), fragment: url.slice(hash + 1) };
}

/** The lowercase host of an http(s) URL, read without URL parsing (this runs once per package). */
function hostOf(url: string): string | undefined {
  const m = /^https?:\/\/(?:[^@/?#]*@)?([^/:?#]+)/i.exec(url);
  return m?.[1]?.toLowerCase();
}

/**
 * Says where a package comes from, given a URL or locator yarn or pnpm recorded for it
 * (a classic `resolved`, the part of a berry `resolution` after `name@`, a pnpm tarball).
 * Returns undefined for the default npm registry; `file:`/`link:`/`portal:` paths become
 * file/link sources; GitHub codeload and GitLab archive tarballs and git URLs become git
 * sources with the commit as `ref`; other tarball URLs are `url` sources.
 */
export function sourceFromLocator(locator: string): PackageSource | undefined {
  const source = classify(locator);
  if (source?.url) source.url = withoutCredentials(source.url);
  return source;
}


function classify(locator: string): PackageSource | undefined {
  // The common case first: a tarball on the default registry.
  if (locator.startsWith('https://registry.yarnpkg.com/') || locator.startsWith('https://registry.npmjs.org/')) {
    if (locator.includes('/-/')) return undefined;
  }
  if (locator.startsWith('file:')) return { kind: 'file', url: splitFragment(locator.slice(5)).base };
  if (locator.startsWith('link:')) return { kind: 'link', url: locator.slice(5) };
  if (locator.startsWith('portal:')) return { kind: 'link', url: splitFragment(locator.slice(7)).base.replace(/::.*$/, '') };
  if (locator.startsWith('workspace:')) return { kind: 'workspace', url: locator.slice(10) };
  const codeload = /^https?:\/\/codeload\.github\.com\/([^/]+)\/([^/]+)\/tar\.gz\/([^/?#]+)$/.exec(locator);
  if (codeload) return { kind: 'git', url: `https://github.com/${codeload[1]}/${codeload[2]}`, ref: codeload[3] };
  const gitlab = /^(https?:\/\/[^?#]+?)\/repository\/archive\.tar\.gz\?ref=([^&#]+)/.exec(locator);
  if (gitlab) return { kind: 'git', url: gitlab[1], ref: gitlab[2] };
  const { base, fragment } = splitFragment(locator);
  if (/^(?:git\+|git:|git@|ssh:|github:|gitlab:|bitbucket:|gist:)/.test(locator)) {
    const ref = refFromFragment(fragment);
    return ref ? { kind: 'git', url: base, ref } : { kind: 'git', url: base };
  }
  if (/^https?:\/\//.test(locator)) {
    const isTarball = /\.(?:tgz|tar\.gz|tar)$/i.test(base) || /\/-\//.test(base);
    if (!isTarball && (fragment || /\.git$/.test(base))) {
      const ref = refFromFragment(fragment);
      return ref ? { kind: 'git', url: base, ref } : { kind: 'git', url: base };
    }
    const host = hostOf(base);
    if (host && DEFAULT_REGISTRIES.has(host)) return undefined;
    if (/\/-\//.test(base) && host) return { kind: 'registry', url: base.slice(0, base.indexOf('/-/')).replace(/\/(?:@[^/]+\/)?[^/]+$/, '') };
    return { kind: 'url', url: base };
  }
  return undefined;
}
