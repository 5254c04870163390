// The policy the server evaluates uploads with, and the waivers (with owner, reason, expiry).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useMe } from '../app';
import { Link } from '../router';
import type { PolicyView, Waiver } from '../types';
import { Badge, Card, Empty, ErrorNote, Loaded, PageHeader, SeverityBadge, When } from '../ui/common';
import { useSummary } from './overview';

/** The policy and waivers page. */
export function PolicyPage() {
  const policy = useQuery({ queryKey: ['policy'], queryFn: () => api<PolicyView>('/policy') });
  const waivers = useQuery({ queryKey: ['waivers'], queryFn: () => api<Waiver[]>('/waivers?includeRevoked=true') });
  return (
    <>
      <PageHeader title="Policy & waivers" subtitle="Rules every upload is checked against, and the decisions that a rule does not apply." />
      <Card title="Policy">
        <Loaded query={policy} what="the policy">
          {(p) =>
            !p.configured ? (
              <Empty title="No policy configured">
                The server raises no license or policy findings without one. Start it with a policy file (see <code>docs/policy.md</code>); <code>ospo check</code> uses
                the built-in default.
              </Empty>
            ) : (
              <>
                <p className="muted">
                  {p.name ?? 'Unnamed policy'} · from <code>{p.source}</code>
                  {p.failOn ? ` · the gate fails on ${p.failOn} and above` : ''}
                </p>
                <table className="simple" data-testid="policy-rules">
                  <thead>
                    <tr>
                      <th>Kind</th>
                      <th>Rule</th>
                      <th>Action</th>
                      <th>Matches</th>
                      <th>Severity</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.rules.map((r) => (
                      <tr key={`${r.kind}:${r.id}`}>
                        <td>{r.kind}</td>
                        <td className="mono">{r.id}</td>
                        <td>{r.action ? <Badge tone={r.action === 'deny' ? 'bad' : r.action === 'allow' ? 'good' : 'warn'}>{r.action}</Badge> : '—'}</td>
                        <td className="mono small">{r.match}</td>
                        <td>
                          <SeverityBadge severity={r.severity} />
                        </td>
                        <td>
                          {r.message}
                          {r.howToFix ? <div className="muted small">{r.howToFix}</div> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )
          }
        </Loaded>
      </Card>
      <Card title="Waivers" actions={<NewWaiverButton />}>
        <Loaded query={waivers} what="waivers">
          {(list) => (list.length === 0 ? <Empty title="No waivers">A waiver suppresses one rule or advisory, for a project or everywhere, until it expires. Add one with “New waiver”.</Empty> : <WaiverTable list={list} />)}
        </Loaded>
      </Card>
    </>
  );
}

function WaiverTable({ list }: { list: Waiver[] }) {
  const client = useQueryClient();
  const summary = useSummary();
  const me = useMe();
  const canWrite = me.data && ['admin', 'ospo', 'legal', 'security'].includes(me.data.role);
  const names = new Map((summary.data?.projects ?? []).map((p) => [p.id, p.name]));
  const revoke = useMutation({ mutationFn: (id: string) => api(`/waivers/${id}`, { method: 'DELETE' }), onSuccess: () => void client.invalidateQueries({ queryKey: ['waivers'] }) });
  return (
    <table className="simple" data-testid="waivers">
      <thead>
        <tr>
          <th>Rule or advisory</th>
          <th>Scope</th>
          <th>Reason</th>
          <th>Owner</th>
          <th>Expires</th>
          <th>State</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {list.map((w) => {
          const expired = w.expiresAt !== null && new Date(w.expiresAt) < new Date();
          return (
            <tr key={w.id}>
              <td className="mono">
                {w.ruleId}
                {w.componentPurl ? <div className="small muted">{w.componentPurl}</div> : null}
              </td>
              <td>{w.projectId ? <Link to={`/projects/${w.projectId}`}>{names.get(w.projectId) ?? 'project'}</Link> : w.teamId ? 'a team' : 'everywhere'}</td>
              <td>
                {w.reason}
                {w.comment ? <div className="small muted">{w.comment}</div> : null}
              </td>
              <td>{w.owner}</td>
              <td>{w.expiresAt ? <When at={w.expiresAt} /> : 'never'}</td>
              <td>{w.revokedAt ? <Badge>revoked</Badge> : expired ? <Badge tone="warn">expired</Badge> : <Badge tone="good">active</Badge>}</td>
              <td>
                {canWrite && !w.revokedAt ? (
                  <button type="button" onClick={() => revoke.mutate(w.id)} disabled={revoke.isPending}>
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NewWaiverButton() {
  const [open, setOpen] = useState(false);
  const me = useMe();
  if (!me.data || !['admin', 'ospo', 'legal', 'security'].includes(me.data.role)) return null;
  return open ? <NewWaiver onDone={() => setOpen(false)} /> : <button type="button" onClick={() => setOpen(true)}>New waiver</button>;
}

const REASONS = ['accepted-risk', 'false-positive', 'legal-approved', 'no-fix-available', 'not-shipped', 'will-fix'];

function NewWaiver({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const summary = useSummary();
  const [f, setF] = useState({ ruleId: '', projectId: '', componentPurl: '', reason: REASONS[0]!, owner: '', comment: '', expiresAt: '' });
  const create = useMutation({
    mutationFn: () =>
      api('/waivers', {
        method: 'POST',
        body: {
          ruleId: f.ruleId,
          reason: f.reason,
          owner: f.owner,
          projectId: f.projectId || null,
          componentPurl: f.componentPurl || null,
          comment: f.comment || null,
          expiresAt: f.expiresAt ? new Date(`${f.expiresAt}T23:59:59Z`).toISOString() : null,
        },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['waivers'] });
      onDone();
    },
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="form-row" onSubmit={submit} aria-label="New waiver">
      <label>
        Rule or advisory id
        <input required maxLength={500} value={f.ruleId} onChange={set('ruleId')} placeholder="GHSA-… or strong-copyleft" />
      </label>
      <label>
        Project
        <select value={f.projectId} onChange={set('projectId')}>
          <option value="">every project</option>
          {(summary.data?.projects ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Package (purl prefix)
        <input maxLength={2000} value={f.componentPurl} onChange={set('componentPurl')} placeholder="pkg:npm/lodash" />
      </label>
      <label>
        Reason
        <select value={f.reason} onChange={set('reason')}>
          {REASONS.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Owner
        <input required maxLength={200} value={f.owner} onChange={set('owner')} placeholder="who answers for it" />
      </label>
      <label>
        Expires
        <input type="date" value={f.expiresAt} onChange={set('expiresAt')} />
      </label>
      <label className="grow">
        Comment
        <input maxLength={10_000} value={f.comment} onChange={set('comment')} />
      </label>
      <button type="submit" className="primary" disabled={create.isPending}>
        Create waiver
      </button>
      <button type="button" className="ghost" onClick={onDone}>
        Cancel
      </button>
      {create.isError ? <ErrorNote error={create.error} what="the waiver" /> : null}
    </form>
  );
}
