// The app shell: sign-in gate, navigation, theme switch, keyboard shortcuts and the route table.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { api, getToken, setToken } from './api';
import { Link, match, useRouter } from './router';
import type { User } from './types';
import { useTheme } from './ui/theme';
import { AdminPage } from './pages/admin';
import { AdvisoriesPage, AdvisoryPage } from './pages/advisories';
import { AuditPage } from './pages/audit';
import { DecisionsPage } from './pages/decisions';
import { ComponentPage } from './pages/component';
import { LicensesPage } from './pages/licenses';
import { OverviewPage } from './pages/overview';
import { PolicyPage } from './pages/policy';
import { ProjectPage } from './pages/project';
import { ProjectsPage } from './pages/projects';
import { NewRequestPage, RequestPage, RequestsPage } from './pages/requests';
import { SignInPage } from './pages/sign-in';

const NAV = [
  { to: '/', label: 'Overview', key: 'o' },
  { to: '/projects', label: 'Projects', key: 'p' },
  { to: '/advisories', label: 'Vulnerabilities', key: 'v' },
  { to: '/licenses', label: 'Licenses', key: 'l' },
  { to: '/policy', label: 'Policy & waivers', key: 'w' },
  { to: '/requests', label: 'Requests', key: 'r' },
  { to: '/decisions', label: 'Decisions', key: 'e' },
  { to: '/audit', label: 'Audit log', key: 'a' },
  { to: '/admin', label: 'Admin', key: 'd' },
];

function useToken(): string | null {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('ospo-auth', cb);
      window.addEventListener('storage', cb);
      return () => {
        window.removeEventListener('ospo-auth', cb);
        window.removeEventListener('storage', cb);
      };
    },
    getToken,
  );
}

/** The signed-in user (the query every page shares). */
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => api<User>('/me') });
}

/** The dashboard. */
export function App() {
  const token = useToken();
  const { location, navigate } = useRouter();
  useTheme();
  useEffect(() => {
    if (!token && location.path !== '/login') {
      const next = location.path + (location.query.toString() ? `?${location.query}` : '');
      navigate(`/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`, true);
    }
  }, [token, location, navigate]);
  if (location.path === '/login') return <SignInPage />;
  if (!token) return null;
  return <Shell>{route(location.path)}</Shell>;
}

function route(path: string): ReactNode {
  let m: Record<string, string> | null;
  if (path === '/') return <OverviewPage />;
  if (path === '/projects') return <ProjectsPage />;
  if ((m = match('/projects/:id/:tab?', path))) return <ProjectPage id={m.id!} tab={m.tab ?? 'components'} />;
  if (path === '/component') return <ComponentPage />;
  if (path === '/advisories') return <AdvisoriesPage />;
  if ((m = match('/advisories/:id', path))) return <AdvisoryPage id={m.id!} />;
  if (path === '/licenses') return <LicensesPage />;
  if (path === '/policy') return <PolicyPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/requests') return <RequestsPage tab="inbox" />;
  if (path === '/requests/all') return <RequestsPage tab="all" />;
  if (path === '/requests/new') return <NewRequestPage />;
  if ((m = match('/requests/:id', path))) return <RequestPage id={m.id!} />;
  if (path === '/decisions') return <DecisionsPage />;
  if ((m = match('/admin/:tab?', path))) return <AdminPage tab={m.tab ?? 'users'} />;
  return (
    <div className="empty">
      <h1>No such page</h1>
      <p>
        Nothing lives at <code>{path}</code>. Go to the <Link to="/">overview</Link>.
      </p>
    </div>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { location, navigate } = useRouter();
  const me = useMe();
  const [theme, setTheme] = useTheme();
  const client = useQueryClient();
  const [help, setHelp] = useState(false);
  // Keyboard shortcuts: g then a letter goes to a section, / focuses the page's search, ? shows them.
  useEffect(() => {
    let pending = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, [contenteditable]') || e.metaKey || e.ctrlKey || e.altKey) return;
      if (pending) {
        pending = false;
        const item = NAV.find((n) => n.key === e.key);
        if (item) {
          e.preventDefault();
          navigate(item.to);
        }
        return;
      }
      if (e.key === 'g') {
        pending = true;
        clearTimeout(timer);
        timer = setTimeout(() => (pending = false), 1200);
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('input[type="search"]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      } else if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'Escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
  const section = NAV.slice(1).find((n) => location.path.startsWith(n.to))?.to ?? (location.path === '/' ? '/' : location.path.startsWith('/component') ? '/projects' : '');
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Sections">
        <Link to="/" className="brand">
          <span className="logo" aria-hidden="true" />
          Ospo
        </Link>
        <ul>
          {NAV.map((n) => (
            <li key={n.to}>
              <Link to={n.to} aria-current={section === n.to ? 'page' : undefined} title={`g ${n.key}`}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <button type="button" className="ghost" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀ Light theme' : '☾ Dark theme'}
          </button>
          <button type="button" className="ghost" onClick={() => setHelp(true)}>
            ⌨ Shortcuts
          </button>
          {me.data ? (
            <div className="whoami">
              <div>{me.data.email}</div>
              <div className="muted">{me.data.role}</div>
            </div>
          ) : null}
          <button
            type="button"
            className="ghost"
            onClick={() => {
              setToken(null);
              client.clear();
              navigate('/login');
            }}
          >
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      {help ? (
        <div className="dialog-backdrop" onClick={() => setHelp(false)}>
          <div className="dialog" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
            <h2>Keyboard shortcuts</h2>
            <dl className="shortcuts">
              {NAV.map((n) => (
                <div key={n.key}>
                  <dt>
                    <kbd>g</kbd> <kbd>{n.key}</kbd>
                  </dt>
                  <dd>{n.label}</dd>
                </div>
              ))}
              <div>
                <dt>
                  <kbd>/</kbd>
                </dt>
                <dd>Search on this page</dd>
              </div>
              <div>
                <dt>
                  <kbd>↑</kbd> <kbd>↓</kbd> <kbd>Enter</kbd>
                </dt>
                <dd>Move in a table, open a row</dd>
              </div>
              <div>
                <dt>
                  <kbd>?</kbd>
                </dt>
                <dd>This help</dd>
              </div>
            </dl>
            <button type="button" onClick={() => setHelp(false)} autoFocus>
              Close
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
