// Vulnerabilities: the advisories that affect the portfolio, and one advisory with the projects
// it affects and their triage (CycloneDX VEX state, justification, detail).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useMe } from '../app';
import { Link, useQueryParam, useRouter } from '../router';
import { VEX_JUSTIFICATIONS, VEX_STATES, type AdvisorySummary, type Finding, type Impact } from '../types';
import { Badge, Card, Empty, ErrorNote, Loaded, PageHeader, SeverityBadge, When, fmt } from '../ui/common';
import { DataTable } from '../ui/data-table';
import { componentHref } from './project';

const SEV_RANK: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unknown: 0 };
const col = createColumnHelper<AdvisorySummary>();

/** The advisories affecting the portfolio. */
export function AdvisoriesPage() {
  const { navigate } = useRouter();
  const [q, setQ] = useQueryParam('q');
  const list = useQuery({ queryKey: ['advisories'], queryFn: () => api<AdvisorySummary[]>('/advisories?limit=1000') });
  const columns = useMemo(
    () => [
      col.accessor((a) => SEV_RANK[a.severity] ?? 0, { id: 'severity', header: 'Severity', size: 110, sortDescFirst: true, cell: (c) => <SeverityBadge severity={c.row.original.severity} /> }),
      col.accessor('id', { header: 'Advisory', size: 190, cell: (c) => <Link to={`/advisories/${encodeURIComponent(c.getValue())}`}>{c.getValue()}</Link> }),
      col.accessor((a) => a.summary ?? '', { id: 'summary', header: 'Summary' }),
      col.accessor((a) => a.packages.join(', '), { id: 'packages', header: 'Packages', size: 220 }),
      col.accessor('projects', { header: 'Projects', size: 90, sortDescFirst: true }),
      col.accessor('open', { header: 'Open', size: 80, sortDescFirst: true }),
      col.accessor('suppressed', { header: 'Triaged', size: 90 }),
    ],
    [],
  );
  return (
    <>
      <PageHeader title="Vulnerabilities" subtitle="Advisories (OSV) that match components of the projects' latest snapshots." />
      <Loaded query={list} what="advisories">
        {(items) =>
          items.length === 0 ? (
            <Empty title="No vulnerabilities found">
              <p>
                No advisory matches the portfolio. That needs snapshots (see <Link to="/projects">Projects</Link>) and the OSV database on the server:
                run <code>ospo db update</code> there (or <code>--from DIR</code> offline) and upload again.
              </p>
            </Empty>
          ) : (
            <Card>
              <div className="toolbar">
                <input type="search" placeholder="Search id, summary, package (/)" aria-label="Search advisories" value={q} onChange={(e) => setQ(e.target.value)} data-testid="advisory-search" />
              </div>
              <DataTable
                data={items}
                columns={columns}
                search={q}
                searchText={(a) => `${a.id} ${a.summary ?? ''} ${a.packages.join(' ')}`}
                initialSorting={[{ id: 'severity', desc: true }]}
                onOpen={(a) => navigate(`/advisories/${encodeURIComponent(a.id)}`)}
                label="Advisories"
                testId="advisories"
                countLabel={(n, t) => `${fmt(n)} of ${fmt(t)} advisories`}
              />
            </Card>
          )
        }
      </Loaded>
    </>
  );
}

/** One advisory: what it is, the projects it affects, triage. */
export function AdvisoryPage({ id }: { id: string }) {
  const [resolved, setResolved] = useQueryParam('resolved');
  const impact = useQuery({ queryKey: ['impact', id, resolved], queryFn: () => api<Impact[]>(`/advisories/${encodeURIComponent(id)}/projects${resolved ? '?includeResolved=true' : ''}`) });
  const firstId = impact.data?.[0]?.findingId;
  const finding = useQuery({ queryKey: ['finding', firstId], queryFn: () => api<Finding>(`/findings/${firstId}`), enabled: firstId !== undefined });
  return (
    <>
      <PageHeader title={id} subtitle={finding.data ? String(finding.data.details.summary ?? finding.data.title) : 'Advisory'} actions={<Link to="/advisories">All vulnerabilities</Link>} />
      {finding.data ? <AdvisoryFacts f={finding.data} /> : null}
      <Card
        title="Affected projects"
        actions={
          <label className="check">
            <input type="checkbox" checked={resolved === '1'} onChange={(e) => setResolved(e.target.checked ? '1' : '')} /> Include resolved
          </label>
        }
      >
        <Loaded query={impact} what="affected projects">
          {(rows) =>
            rows.length === 0 ? (
              <Empty title="No project is affected">No visible project&apos;s snapshot has a component this advisory names (or its findings are resolved).</Empty>
            ) : (
              <table className="simple" data-testid="impact">
                <thead>
                  <tr>
                    <th>Project</th>
                    <th>Package</th>
                    <th>Severity</th>
                    <th>Status</th>
                    <th>Since</th>
                    <th>Triage</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <ImpactRow key={r.findingId} r={r} advisoryId={id} />
                  ))}
                </tbody>
              </table>
            )
          }
        </Loaded>
      </Card>
    </>
  );
}

function AdvisoryFacts({ f }: { f: Finding }) {
  const d = f.details as { aliases?: string[]; fixedVersions?: string[]; references?: { type?: string; url: string }[]; published?: string; score?: number; affectedRanges?: unknown; component?: { ecosystem?: string; name?: string } };
  const purlName = d.component?.name;
  return (
    <Card>
      <dl className="facts">
        <div>
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={f.severity} /> {d.score !== undefined ? <span className="muted">CVSS {d.score.toFixed(1)}</span> : null}
          </dd>
        </div>
        {d.aliases?.length ? (
          <div>
            <dt>Aliases</dt>
            <dd>{d.aliases.join(', ')}</dd>
          </div>
        ) : null}
        {purlName && d.component?.ecosystem ? (
          <div>
            <dt>Package</dt>
            <dd>
              <Link to={componentHref(d.component.ecosystem, purlName)}>{purlName}</Link>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Fixed in</dt>
          <dd>{d.fixedVersions?.length ? d.fixedVersions.join(', ') : 'no fixed version published'}</dd>
        </div>
        {d.published ? (
          <div>
            <dt>Published</dt>
            <dd>
              <When at={d.published} />
            </dd>
          </div>
        ) : null}
        {f.details.howToFix ? (
          <div>
            <dt>How to fix</dt>
            <dd>{String(f.details.howToFix)}</dd>
          </div>
        ) : null}
      </dl>
      {d.references?.length ? (
        <details>
          <summary>{d.references.length} references</summary>
          <ul className="refs">
            {d.references.slice(0, 50).map((r) => (
              <li key={r.url}>
                {/* Only http(s) links: a reference is data from the advisory feed. */}
                {/^https?:\/\//i.test(r.url) ? (
                  <a href={r.url} rel="noopener noreferrer nofollow" target="_blank">
                    {r.url}
                  </a>
                ) : (
                  <span>{r.url}</span>
                )}{' '}
                {r.type ? <span className="muted small">{r.type}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Card>
  );
}

function ImpactRow({ r, advisoryId }: { r: Impact; advisoryId: string }) {
  const [open, setOpen] = useState(false);
  const me = useMe();
  const canTriage = me.data && ['admin', 'ospo', 'security'].includes(me.data.role);
  return (
    <>
      <tr>
        <td>
          <Link to={`/projects/${r.projectId}/vulnerabilities`}>{r.projectName}</Link>
        </td>
        <td className="mono small">{r.purl}</td>
        <td>
          <SeverityBadge severity={r.severity} />
        </td>
        <td>
          <Badge tone={r.status === 'open' ? 'bad' : r.status === 'resolved' ? 'good' : 'neutral'}>{r.analysisState ?? r.status}</Badge>
        </td>
        <td>
          <When at={r.since} />
        </td>
        <td>
          {canTriage ? (
            <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
              {open ? 'Close' : 'Triage'}
            </button>
          ) : (
            <span className="muted small">security, ospo or admin</span>
          )}
        </td>
      </tr>
      {open ? (
        <tr className="form-line">
          <td colSpan={6}>
            <TriageForm findingId={r.findingId} advisoryId={advisoryId} onDone={() => setOpen(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function TriageForm({ findingId, advisoryId, onDone }: { findingId: string; advisoryId: string; onDone: () => void }) {
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['finding', findingId], queryFn: () => api<Finding>(`/findings/${findingId}`) });
  const [state, setState] = useState<string>('');
  const [justification, setJustification] = useState<string>('');
  const [detail, setDetail] = useState<string>('');
  const st = state || current.data?.analysis.state || 'in_triage';
  const triage = useMutation({
    mutationFn: () =>
      api<Finding>(`/findings/${findingId}`, {
        method: 'PATCH',
        body: { state: st, justification: st === 'not_affected' ? justification || current.data?.analysis.justification || null : null, detail: detail || current.data?.analysis.detail || null },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['impact', advisoryId] });
      void client.invalidateQueries({ queryKey: ['finding', findingId] });
      void client.invalidateQueries({ queryKey: ['advisories'] });
      void client.invalidateQueries({ queryKey: ['summary'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    triage.mutate();
  };
  return (
    <form className="form-row" onSubmit={submit} aria-label="Triage">
      <label>
        VEX state
        <select value={st} onChange={(e) => setState(e.target.value)} data-testid="vex-state">
          {VEX_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      {st === 'not_affected' ? (
        <label>
          Justification
          <select required value={justification || current.data?.analysis.justification || ''} onChange={(e) => setJustification(e.target.value)} data-testid="vex-justification">
            <option value="">choose…</option>
            {VEX_JUSTIFICATIONS.map((j) => (
              <option key={j}>{j}</option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="grow">
        Detail
        <input maxLength={10_000} value={detail || current.data?.analysis.detail || ''} onChange={(e) => setDetail(e.target.value)} placeholder="Why: what you checked" data-testid="vex-detail" />
      </label>
      <button type="submit" className="primary" disabled={triage.isPending}>
        Save triage
      </button>
      {triage.isError ? <ErrorNote error={triage.error} what="the triage" /> : null}
    </form>
  );
}
