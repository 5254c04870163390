// The one way the dashboard talks to the server: the HTTP API under /api/v1 with the bearer token
// of a password sign-in. Errors are RFC 9457 problem+json; a 401 signs the user out.

const TOKEN_KEY = 'ospo.token';

/** A failed API call, with the server's problem detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Returns the stored session token, if any. */
export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** Stores (or with null, forgets) the session token. */
export function setToken(token: string | null): void {
  if (token === null) localStorage.removeItem(TOKEN_KEY);
  else localStorage.setItem(TOKEN_KEY, token);
  window.dispatchEvent(new Event('ospo-auth'));
}

/** Calls the API; JSON in and out unless `body` is a string with its own content type; `headers` adds some (If-Match). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; contentType?: string; raw?: boolean; headers?: Record<string, string> } = {}): Promise<T> {
  // Extra headers first, so a caller cannot replace the token or the accepted types.
  const headers: Record<string, string> = { ...init.headers, accept: 'application/json, application/problem+json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] = init.contentType ?? 'application/json';
  }
  const res = await fetch(`/api/v1${path}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let errors: { field: string; message: string }[] = [];
    try {
      const p = (await res.json()) as { detail?: string; errors?: { field: string; message: string }[] };
      if (p.detail) detail = p.detail;
      errors = p.errors ?? [];
    } catch {
      // Not problem+json: keep the status line.
    }
    if (res.status === 401 && !path.startsWith('/auth/')) setToken(null);
    throw new ApiError(res.status, detail, errors);
  }
  if (res.status === 204) return undefined as T;
  if (init.raw) return (await res.text()) as T;
  return (await res.json()) as T;
}

/** Downloads an API resource as a file (the token travels in a header, so no plain link). */
export async function download(path: string, filename: string): Promise<void> {
  const text = await api<string>(path, { raw: true });
  const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
