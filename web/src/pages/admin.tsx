// Administration: users (admins), teams (admins and ospo), and your own API tokens.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { useMe } from '../app';
import { Link } from '../router';
import type { ApiToken, Team, User } from '../types';
import { Badge, Card, Command, ErrorNote, Loaded, PageHeader, When } from '../ui/common';
import { useTeams } from './projects';

const TABS = [
  ['users', 'Users'],
  ['teams', 'Teams'],
  ['tokens', 'Tokens'],
] as const;

/** The admin page: /admin/users, /admin/teams, /admin/tokens. */
export function AdminPage({ tab }: { tab: string }) {
  return (
    <>
      <PageHeader title="Admin" subtitle="People, teams and API tokens." />
      <nav className="tabs" aria-label="Admin views">
        {TABS.map(([t, label]) => (
          <Link key={t} to={`/admin/${t}`} aria-current={tab === t ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === 'teams' ? <Teams /> : tab === 'tokens' ? <Tokens /> : <Users />}
    </>
  );
}

const ROLES = ['admin', 'ospo', 'legal', 'security', 'developer', 'viewer'];

/** A create request that, once it succeeds, runs `after` (clear the form) and refreshes the list under `queryKey`. */
function useCreate<T>(queryKey: string, request: () => Promise<T>, after: (created: T) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (created) => {
      after(created);
      void client.invalidateQueries({ queryKey: [queryKey] });
    },
  });
}

/** A one-line form; submitting it runs `onSubmit` instead of loading a page. */
function FormRow({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form className="form-row" onSubmit={submit}>
      {children}
    </form>
  );
}

/** A plain table of a list: its column headings, then one row per item. */
function ListTable<T extends { id: string }>({ testId, head, items, row }: { testId: string; head: string[]; items: T[]; row: (item: T) => ReactNode }) {
  return (
    <table className="simple" data-testid={testId}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={i}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>{row(item)}</tr>
        ))}
      </tbody>
    </table>
  );
}

function Users() {
  const me = useMe();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<User[]>('/users'), enabled: me.data?.role === 'admin' });
  const teams = useTeams();
  const names = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
  if (me.data && me.data.role !== 'admin') return <p className="note">Only admins manage users. You are signed in as {me.data.role}.</p>;
  return (
    <>
      <NewUser teams={teams.data ?? []} />
      <Card title="Users">
        <Loaded query={users} what="users">
          {(list) => (
            <ListTable
              testId="users"
              head={['Email', 'Name', 'Role', 'Teams', 'Since']}
              items={list}
              row={(u) => (
                <>
                  <td>
                    {u.email} {u.disabled ? <Badge tone="warn">disabled</Badge> : null}
                  </td>
                  <td>{u.name ?? <span className="muted">—</span>}</td>
                  <td>
                    <Badge>{u.role}</Badge>
                  </td>
                  <td>{u.teams.map((t) => names.get(t) ?? t).join(', ') || <span className="muted">—</span>}</td>
                  <td>
                    <When at={u.createdAt} />
                  </td>
                </>
              )}
            />
          )}
        </Loaded>
      </Card>
    </>
  );
}

function NewUser({ teams }: { teams: Team[] }) {
  const [f, setF] = useState({ email: '', name: '', role: 'developer', password: '', team: '' });
  const create = useCreate(
    'users',
    () => api<User>('/users', { method: 'POST', body: { email: f.email, role: f.role, ...(f.name ? { name: f.name } : {}), ...(f.password ? { password: f.password } : {}), ...(f.team ? { teams: [f.team] } : {}) } }),
    () => setF({ email: '', name: '', role: 'developer', password: '', team: '' }),
  );
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  return (
    <Card title="New user">
      <FormRow onSubmit={() => create.mutate()}>
        <label>
          Email
          <input type="email" required value={f.email} onChange={set('email')} />
        </label>
        <label>
          Name
          <input value={f.name} onChange={set('name')} />
        </label>
        <label>
          Role
          <select value={f.role} onChange={set('role')}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Team
          <select value={f.team} onChange={set('team')}>
            <option value="">none</option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Password (12+ characters)
          <input type="password" minLength={12} autoComplete="new-password" value={f.password} onChange={set('password')} />
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create user
        </button>
      </FormRow>
      {create.isError ? <ErrorNote error={create.error} what="the new user" /> : null}
    </Card>
  );
}

function Teams() {
  const teams = useTeams();
  const me = useMe();
  const [name, setName] = useState('');
  const create = useCreate('teams', () => api<Team>('/teams', { method: 'POST', body: { name } }), () => setName(''));
  const canWrite = me.data && ['admin', 'ospo'].includes(me.data.role);
  return (
    <>
      {canWrite ? (
        <Card title="New team">
          <FormRow onSubmit={() => create.mutate()}>
            <label>
              Name
              <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <button type="submit" className="primary" disabled={create.isPending}>
              Create team
            </button>
          </FormRow>
          {create.isError ? <ErrorNote error={create.error} what="the new team" /> : null}
        </Card>
      ) : null}
      <Card title="Teams">
        <Loaded query={teams} what="teams">
          {(list) =>
            list.length === 0 ? (
              <p className="muted">No teams yet: projects belong to teams, so create one first.</p>
            ) : (
              <ListTable
                testId="teams"
                head={['Team', 'Created']}
                items={list}
                row={(t) => (
                  <>
                    <td>{t.name}</td>
                    <td>
                      <When at={t.createdAt} />
                    </td>
                  </>
                )}
              />
            )
          }
        </Loaded>
      </Card>
    </>
  );
}

function Tokens() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api<ApiToken[]>('/tokens') });
  const [name, setName] = useState('');
  const [scope, setScope] = useState('write');
  const [expires, setExpires] = useState('90d');
  const [issued, setIssued] = useState<string | null>(null);
  const create = useCreate(
    'tokens',
    () => api<{ token: string; record: ApiToken }>('/tokens', { method: 'POST', body: { name, scopes: [scope], expires } }),
    (r) => {
      setIssued(r.token);
      setName('');
    },
  );
  const revoke = useMutation({ mutationFn: (id: string) => api(`/tokens/${id}`, { method: 'DELETE' }), onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }) });
  return (
    <>
      <Card title="New API token">
        <FormRow onSubmit={() => create.mutate()}>
          <label>
            Name
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder="ci" />
          </label>
          <label>
            Scope
            <select value={scope} onChange={(e) => setScope(e.target.value)}>
              <option value="read">read</option>
              <option value="write">write (includes read)</option>
            </select>
          </label>
          <label>
            Expires
            <select value={expires} onChange={(e) => setExpires(e.target.value)}>
              <option value="1d">in a day</option>
              <option value="30d">in 30 days</option>
              <option value="90d">in 90 days</option>
              <option value="never">never</option>
            </select>
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </FormRow>
        {create.isError ? <ErrorNote error={create.error} what="the token" /> : null}
        {issued ? (
          <div className="note good" role="status">
            <p>Copy the token now: it is shown only this once.</p>
            <Command>{`export OSPO_TOKEN=${issued}`}</Command>
            <Command>{`ospo push . --server ${window.location.origin} --project my-app --team my-team`}</Command>
          </div>
        ) : null}
      </Card>
      <Card title="Your tokens">
        <Loaded query={tokens} what="tokens">
          {(list) => (
            <ListTable
              testId="tokens"
              head={['Name', 'Prefix', 'Scopes', 'Expires', 'Last used', '']}
              items={list}
              row={(t) => (
                <>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{t.expiresAt ? <When at={t.expiresAt} /> : 'never'}</td>
                  <td>
                    <When at={t.lastUsedAt} />
                  </td>
                  <td>
                    {t.revokedAt ? (
                      <Badge>revoked</Badge>
                    ) : t.name === 'session' ? (
                      <span className="muted small">a sign-in</span>
                    ) : (
                      <button type="button" onClick={() => revoke.mutate(t.id)} disabled={revoke.isPending}>
                        Revoke
                      </button>
                    )}
                  </td>
                </>
              )}
            />
          )}
        </Loaded>
      </Card>
    </>
  );
}
