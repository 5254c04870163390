// A small History API router: every view has a URL (path + query), links are real <a href>s
// (open in a new tab, copy, keyboard), and the server answers every deep link with index.html.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';

interface Location {
  path: string;
  query: URLSearchParams;
}

const RouterContext = createContext<{ location: Location; navigate: (to: string, replace?: boolean) => void } | null>(null);

const current = (): Location => ({ path: window.location.pathname, query: new URLSearchParams(window.location.search) });

/** Provides the current location and navigation to the app. */
export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, replace = false) => {
    if (replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(current());
    if (!replace) window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** The router: the location and navigate(). */
export function useRouter() {
  const r = useContext(RouterContext);
  if (!r) throw new Error('useRouter outside <Router>');
  return r;
}

/** Reads and writes one query parameter of the current URL (replacing history, so typing does not flood it). */
export function useQueryParam(name: string, fallback = ''): [string, (v: string) => void] {
  const { location, navigate } = useRouter();
  const value = location.query.get(name) ?? fallback;
  const set = useCallback(
    (v: string) => {
      const q = new URLSearchParams(window.location.search);
      if (v === '' || v === fallback) q.delete(name);
      else q.set(name, v);
      const s = q.toString();
      navigate(`${window.location.pathname}${s ? `?${s}` : ''}`, true);
    },
    [name, fallback, navigate],
  );
  return [value, set];
}

/** Matches `pattern` (`/projects/:id/:tab?`) against a path; returns the decoded parameters. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const out: Record<string, string> = {};
  for (let i = 0; i < Math.max(p.length, s.length); i++) {
    const seg = p[i];
    if (seg === undefined) return null;
    const optional = seg.endsWith('?');
    const name = seg.replace(/^:|\?$/g, '');
    if (s[i] === undefined) {
      if (optional) continue;
      return null;
    }
    if (seg.startsWith(':')) {
      try {
        out[name] = decodeURIComponent(s[i]!);
      } catch {
        return null;
      }
    } else if (seg !== s[i]) return null;
  }
  return out;
}

/** A link inside the app: a real href, navigated without a reload on a plain click. */
export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const { navigate } = useRouter();
  return (
    <a
      href={to}
      {...rest}
      onClick={(e) => {
        rest.onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Builds a URL from a path and query values (empty values left out). */
export function href(path: string, query: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
