// Small building blocks every page uses: headings, badges, states (loading, error, empty), cards.
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ApiError } from '../api';

/** A page's title, with optional actions on the right; sets document.title. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  document.title = `${title} · Ospo`;
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="muted">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}

/** A severity as a coloured badge (text, so it reads without colour too). */
export function SeverityBadge({ severity }: { severity: string | null }) {
  if (!severity) return <span className="muted">—</span>;
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

/** A neutral badge. */
export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'good' | 'bad' | 'warn' }) {
  return <span className={`badge tone-${tone}`}>{children}</span>;
}

/** What to show while a query loads or after it failed; renders `children(data)` once it has data. */
export function Loaded<T>({ query, children, what }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; what: string }) {
  if (query.isPending) return <p className="muted" role="status">Loading {what}…</p>;
  if (query.isError) return <ErrorNote error={query.error} what={what} />;
  return <>{children(query.data)}</>;
}

/** An error the user can act on. */
export function ErrorNote({ error, what }: { error: unknown; what: string }) {
  const e = error as Error;
  const hint =
    e instanceof ApiError && e.status === 403
      ? 'Your role may not see this; ask an admin for access.'
      : e instanceof ApiError && e.status === 404
        ? 'It may have been removed, or it belongs to a team you are not in.'
        : 'Try again; if it persists, the server log has the details.';
  return (
    <div className="note error" role="alert">
      <strong>Could not load {what}:</strong> {e.message}. {hint}
    </div>
  );
}

/** An empty state that says what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** A titled panel. */
export function Card({ title, children, actions, className }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {title || actions ? (
        <div className="card-head">
          {title ? <h2>{title}</h2> : null}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A number with a label. */
export function Stat({ label, value, hint, tone }: { label: string; value: ReactNode; hint?: ReactNode; tone?: 'good' | 'bad' | 'warn' }) {
  return (
    <div className={`stat ${tone ? `tone-${tone}` : ''}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
      {hint ? <div className="stat-hint muted">{hint}</div> : null}
    </div>
  );
}

/** A copyable command line. */
export function Command({ children }: { children: string }) {
  return (
    <pre className="command">
      <code>{children}</code>
    </pre>
  );
}

/** A date and time in the reader's locale. */
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return <time dateTime={at} title={d.toISOString()}>{d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}

/** Formats a count with thousands separators. */
export const fmt = (n: number) => n.toLocaleString('en-US');
