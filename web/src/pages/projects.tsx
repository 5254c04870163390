// The projects page: every visible project with its state, a search, and a form for a new one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../api';
import { Link, useQueryParam, useRouter } from '../router';
import type { Project, ProjectSummary, Team } from '../types';
import { Badge, Card, ErrorNote, Loaded, PageHeader, When, fmt } from '../ui/common';
import { DataTable } from '../ui/data-table';
import { FirstSbom, useSummary } from './overview';

type Row = ProjectSummary & { team: string };
const col = createColumnHelper<Row>();

/** The teams (names for ids), shared by several pages. */
export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: () => api<Team[]>('/teams') });
}

/** A table of project summaries. */
export function ProjectTable({ projects, search, height }: { projects: ProjectSummary[]; search?: string; height?: number }) {
  const { navigate } = useRouter();
  const teams = useTeams();
  const teamName = useMemo(() => new Map((teams.data ?? []).map((t) => [t.id, t.name])), [teams.data]);
  const columns = useMemo(
    () => [
      col.accessor('name', { header: 'Project', cell: (c) => <Link to={`/projects/${c.row.original.id}`}>{c.getValue()}</Link> }),
      col.accessor('team', { header: 'Team', size: 140 }),
      col.accessor('components', { header: 'Components', size: 120, cell: (c) => fmt(c.getValue()) }),
      col.accessor((p) => (p.vulnerabilities.critical ?? 0) * 1000 + (p.vulnerabilities.high ?? 0), {
        id: 'vulns',
        header: 'Critical / high',
        size: 130,
        cell: (c) => {
          const v = c.row.original.vulnerabilities;
          return (
            <span>
              <span className={v.critical ? 'sev-text-critical' : 'muted'}>{v.critical ?? 0}</span> / <span className={v.high ? 'sev-text-high' : 'muted'}>{v.high ?? 0}</span>
            </span>
          );
        },
      }),
      col.accessor('policyFindings', { header: 'Policy findings', size: 130 }),
      col.accessor('compliant', {
        header: 'Gate',
        size: 100,
        cell: (c) => (c.row.original.latestSnapshotId === null ? <Badge>no snapshot</Badge> : c.getValue() ? <Badge tone="good">passes</Badge> : <Badge tone="bad">fails</Badge>),
      }),
      col.accessor('snapshotAt', { header: 'Last snapshot', size: 180, cell: (c) => <When at={c.getValue()} /> }),
    ],
    [],
  );
  // Team names are part of the data (not looked up in a cell), so the table re-sorts and re-filters by them.
  const data = useMemo<Row[]>(() => projects.map((p) => ({ ...p, team: teamName.get(p.teamId) ?? '' })), [projects, teamName]);
  return (
    <DataTable
      data={data}
      columns={columns}
      search={search ?? ''}
      searchText={(p) => `${p.name} ${p.team}`}
      label="Projects"
      height={height ?? 600}
      onOpen={(p) => navigate(`/projects/${p.id}`)}
      testId="projects"
    />
  );
}

/** The projects page. */
export function ProjectsPage() {
  const summary = useSummary();
  const [q, setQ] = useQueryParam('q');
  return (
    <>
      <PageHeader title="Projects" subtitle="Each project has snapshots: scans or SBOM uploads over time." />
      <NewProject />
      <Loaded query={summary} what="projects">
        {(s) =>
          s.projects.length === 0 ? (
            <FirstSbom />
          ) : (
            <Card>
              <div className="toolbar">
                <input type="search" placeholder="Search projects (/)" aria-label="Search projects" value={q} onChange={(e) => setQ(e.target.value)} />
              </div>
              <ProjectTable projects={s.projects} search={q} />
            </Card>
          )
        }
      </Loaded>
    </>
  );
}

function NewProject() {
  const teams = useTeams();
  const client = useQueryClient();
  const { navigate } = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [teamId, setTeamId] = useState('');
  const [distribution, setDistribution] = useState('internal');
  const create = useMutation({
    mutationFn: () => api<Project>('/projects', { method: 'POST', body: { name, teamId: teamId || teams.data?.[0]?.id, distribution } }),
    onSuccess: (p) => {
      void client.invalidateQueries({ queryKey: ['summary'] });
      navigate(`/projects/${p.id}`);
    },
  });
  if (!open) {
    return (
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          New project
        </button>
      </div>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card title="New project">
      {teams.data && teams.data.length === 0 ? (
        <p>
          A project belongs to a team: create one under <Link to="/admin/teams">Admin → Teams</Link> first.
        </p>
      ) : (
        <form className="form-row" onSubmit={submit}>
          <label>
            Name
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          </label>
          <label>
            Team
            <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              {(teams.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Distribution
            <select value={distribution} onChange={(e) => setDistribution(e.target.value)}>
              <option value="internal">internal</option>
              <option value="saas">saas</option>
              <option value="distributed">distributed</option>
              <option value="open-source">open-source</option>
            </select>
          </label>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create
          </button>
          <button type="button" className="ghost" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </form>
      )}
      {create.isError ? <ErrorNote error={create.error} what="the new project" /> : null}
    </Card>
  );
}
