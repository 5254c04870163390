/**
 * Returns a URL without credentials, so tokens in lockfiles never reach an inventory or SBOM:
 * the whole user-info part of http(s) URLs (also `git+https://`), and user-info with a password
 * (`user:secret@`) for other schemes. A bare ssh user (`ssh://git@host`, `git@host:path`) stays.
 */
export function withoutCredentials(url: string): string {
  const m = /^((?:[a-z][a-z0-9.-]*\+)?([a-z][a-z0-9+.-]*):\/\/)([^/@?#]*)@/i.exec(url);
  if (!m) return url;
  const scheme = (m[2] ?? '').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https' && !(m[3] ?? '').includes(':')) return url;
  return `${m[1]}${url.slice(m[0].length)}`;
}
