// A project: its components (a virtualized table that stays fast at 10,000 rows), dependency
// tree, licenses, vulnerabilities, policy results, snapshot history with diffs, SBOM upload and
// download. The tab, the snapshot and every filter are in the URL.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import { useMemo, useRef, useState } from 'react';
import { api, download } from '../api';
import { Link, href, useQueryParam, useRouter } from '../router';
import type { ComponentRow, Diff, DiffComponent, Finding, Page, Project, ProjectPolicy, Snapshot, SnapshotComponents } from '../types';
import { Chart } from '../ui/chart';
import { Badge, Card, Command, Empty, ErrorNote, Loaded, PageHeader, SeverityBadge, When, fmt } from '../ui/common';
import { DataTable } from '../ui/data-table';
import { useTeams } from './projects';

const TABS = [
  ['components', 'Components'],
  ['tree', 'Dependency tree'],
  ['licenses', 'Licenses'],
  ['vulnerabilities', 'Vulnerabilities'],
  ['policy', 'Policy'],
  ['history', 'History & diff'],
] as const;

/** The link to a package's page. */
export const componentHref = (ecosystem: string, name: string) => href('/component', { ecosystem, name });

/** The project page. */
export function ProjectPage({ id, tab }: { id: string; tab: string }) {
  const project = useQuery({ queryKey: ['project', id], queryFn: () => api<Project>(`/projects/${id}`) });
  const teams = useTeams();
  return (
    <Loaded query={project} what="the project">
      {(p) => {
        const team = teams.data?.find((t) => t.id === p.teamId)?.name;
        return (
          <>
            <PageHeader
              title={p.name}
              subtitle={
                <>
                  {team ? `${team} · ` : ''}
                  {p.distribution} · {p.lifecycle}
                  {p.tags.length ? ` · ${p.tags.join(', ')}` : ''}
                </>
              }
              actions={<ProjectActions project={p} />}
            />
            <nav className="tabs" aria-label="Project views">
              {TABS.map(([t, label]) => (
                <Link key={t} to={`/projects/${p.id}/${t}`} aria-current={tab === t ? 'page' : undefined}>
                  {label}
                </Link>
              ))}
            </nav>
            {p.latestSnapshotId === null ? <NoSnapshot project={p} /> : <ProjectTab project={p} tab={tab} />}
          </>
        );
      }}
    </Loaded>
  );
}

function NoSnapshot({ project }: { project: Project }) {
  return (
    <Empty title="No snapshot yet">
      <p>Upload a CycloneDX or SPDX document with “Upload SBOM” above, or push a scan from the repository:</p>
      <Command>{`ospo push . --server ${window.location.origin} --project ${project.name} --token $OSPO_TOKEN`}</Command>
    </Empty>
  );
}

/** Which snapshot the page shows: ?snapshot=, else the latest. */
function useSnapshotId(project: Project): number {
  const [s] = useQueryParam('snapshot');
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : project.latestSnapshotId!;
}

function ProjectActions({ project }: { project: Project }) {
  const client = useQueryClient();
  const file = useRef<HTMLInputElement>(null);
  const [format, setFormat] = useState('cyclonedx-json');
  const [message, setMessage] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const text = await f.text();
      const first = text.trimStart()[0];
      const type = first === '<' ? 'application/vnd.cyclonedx+xml' : /"spdxVersion"/.test(text.slice(0, 4096)) ? 'application/spdx+json' : 'application/vnd.cyclonedx+json';
      return api<{ snapshot: Snapshot; created: boolean; findings: { open: number } | null }>(`/projects/${project.id}/snapshots?source=upload`, { method: 'POST', body: text, contentType: type });
    },
    onSuccess: (r) => {
      setMessage(r.created ? `Snapshot ${r.snapshot.id}: ${fmt(r.snapshot.componentCount)} components, ${r.findings?.open ?? 0} open findings.` : 'Same as the latest snapshot: nothing changed.');
      void client.invalidateQueries();
    },
    onError: (e) => setMessage(`Upload failed: ${(e as Error).message}`),
  });
  const ext = format === 'cyclonedx-xml' ? 'cdx.xml' : format === 'spdx-json' ? 'spdx.json' : 'cdx.json';
  return (
    <>
      <input
        ref={file}
        type="file"
        accept=".json,.xml,application/json,application/xml"
        hidden
        data-testid="sbom-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) upload.mutate(f);
          e.target.value = '';
        }}
      />
      <button type="button" className="primary" onClick={() => file.current?.click()} disabled={upload.isPending}>
        {upload.isPending ? 'Uploading…' : 'Upload SBOM'}
      </button>
      {project.latestSnapshotId !== null ? (
        <span className="join">
          <select aria-label="SBOM format" value={format} onChange={(e) => setFormat(e.target.value)}>
            <option value="cyclonedx-json">CycloneDX JSON</option>
            <option value="cyclonedx-xml">CycloneDX XML</option>
            <option value="spdx-json">SPDX JSON</option>
          </select>
          <button
            type="button"
            onClick={() => void download(`/projects/${project.id}/snapshots/${project.latestSnapshotId}/sbom?format=${format}`, `${project.name}-${project.latestSnapshotId}.${ext}`)}
          >
            Download SBOM
          </button>
        </span>
      ) : null}
      {message ? (
        <p className="note" role="status" data-testid="upload-result">
          {message}
        </p>
      ) : null}
    </>
  );
}

function useComponents(project: Project, snapshotId: number) {
  return useQuery({
    queryKey: ['components', project.id, snapshotId],
    queryFn: () => api<SnapshotComponents>(`/projects/${project.id}/snapshots/${snapshotId}/components`),
    staleTime: 5 * 60_000,
  });
}

function ProjectTab({ project, tab }: { project: Project; tab: string }) {
  const snapshotId = useSnapshotId(project);
  if (tab === 'vulnerabilities') return <Vulnerabilities project={project} />;
  if (tab === 'policy') return <PolicyResults project={project} />;
  if (tab === 'history') return <History project={project} />;
  return <SnapshotTab project={project} snapshotId={snapshotId} tab={tab} />;
}

function SnapshotTab({ project, snapshotId, tab }: { project: Project; snapshotId: number; tab: string }) {
  const data = useComponents(project, snapshotId);
  return (
    <>
      {snapshotId !== project.latestSnapshotId ? (
        <p className="note">
          Showing snapshot {snapshotId}, not the latest. <Link to={`/projects/${project.id}/${tab}`}>Show the latest</Link>
        </p>
      ) : null}
      <Loaded query={data} what="the components">
        {(d) => (tab === 'tree' ? <Tree data={d} /> : tab === 'licenses' ? <Licenses data={d} project={project} /> : <Components data={d} />)}
      </Loaded>
    </>
  );
}

const col = createColumnHelper<ComponentRow>();
const SEV_RANK: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, none: 1, unknown: 1 };

function Components({ data }: { data: SnapshotComponents }) {
  const { navigate } = useRouter();
  const [q, setQ] = useQueryParam('q');
  const [eco, setEco] = useQueryParam('ecosystem');
  const [scope, setScope] = useQueryParam('scope');
  const [direct, setDirect] = useQueryParam('direct');
  const [vuln, setVuln] = useQueryParam('vulnerable');
  const [license, setLicense] = useQueryParam('license');
  const [sort, setSort] = useQueryParam('sort', 'name');
  const rows = data.components;
  const ecosystems = useMemo(() => [...new Set(rows.map((r) => r.ecosystem))].sort(), [rows]);
  const scopes = useMemo(() => [...new Set(rows.map((r) => r.scope))].sort(), [rows]);
  const columns = useMemo(
    () => [
      col.accessor('name', { header: 'Package', cell: (c) => <Link to={componentHref(c.row.original.ecosystem, c.getValue())}>{c.getValue()}</Link> }),
      col.accessor((r) => r.version ?? '', { id: 'version', header: 'Version', size: 120 }),
      col.accessor('ecosystem', { header: 'Ecosystem', size: 100, filterFn: 'equals' }),
      col.accessor('scope', { header: 'Scope', size: 90, filterFn: 'equals' }),
      col.accessor('direct', { header: 'Direct', size: 95, cell: (c) => (c.getValue() ? 'direct' : <span className="muted">transitive</span>), filterFn: (row, id, v: string) => (row.getValue(id) ? 'direct' : 'transitive') === v }),
      col.accessor((r) => r.license ?? 'NOASSERTION', { id: 'license', header: 'License', size: 170, filterFn: 'equals', cell: (c) => <span className={c.getValue() === 'NOASSERTION' ? 'muted' : undefined}>{c.getValue()}</span> }),
      col.accessor((r) => (r.severity ? SEV_RANK[r.severity]! * 10_000 + r.vulnerabilities : 0), {
        id: 'vulnerabilities',
        header: 'Vulnerabilities',
        size: 130,
        sortDescFirst: true,
        filterFn: (row, id) => (row.getValue(id) as number) > 0,
        cell: (c) =>
          c.row.original.vulnerabilities ? (
            <span>
              <SeverityBadge severity={c.row.original.severity} /> {c.row.original.vulnerabilities}
            </span>
          ) : (
            <span className="muted">0</span>
          ),
      }),
    ],
    [],
  );
  const filters = useMemo<ColumnFiltersState>(
    () => [
      ...(eco ? [{ id: 'ecosystem', value: eco }] : []),
      ...(scope ? [{ id: 'scope', value: scope }] : []),
      ...(direct ? [{ id: 'direct', value: direct }] : []),
      ...(vuln ? [{ id: 'vulnerabilities', value: true }] : []),
      ...(license ? [{ id: 'license', value: license }] : []),
    ],
    [eco, scope, direct, vuln, license],
  );
  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort.replace(/^-/, ''), desc: sort.startsWith('-') }] : []), [sort]);
  return (
    <Card>
      <div className="toolbar" role="search">
        <input type="search" placeholder="Search name, version, purl, license (/)" aria-label="Search components" value={q} onChange={(e) => setQ(e.target.value)} data-testid="component-search" />
        <select aria-label="Ecosystem" value={eco} onChange={(e) => setEco(e.target.value)}>
          <option value="">All ecosystems</option>
          {ecosystems.map((e) => (
            <option key={e}>{e}</option>
          ))}
        </select>
        <select aria-label="Scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">All scopes</option>
          {scopes.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Direct or transitive" value={direct} onChange={(e) => setDirect(e.target.value)}>
          <option value="">Direct and transitive</option>
          <option value="direct">Direct only</option>
          <option value="transitive">Transitive only</option>
        </select>
        <label className="check">
          <input type="checkbox" checked={vuln === '1'} onChange={(e) => setVuln(e.target.checked ? '1' : '')} data-testid="vulnerable-only" /> Vulnerable only
        </label>
        {license ? (
          <button type="button" className="chip" onClick={() => setLicense('')} aria-label={`Remove license filter ${license}`}>
            license: {license} ✕
          </button>
        ) : null}
      </div>
      <DataTable
        data={rows}
        columns={columns}
        search={q}
        searchText={(r) => `${r.name} ${r.version ?? ''} ${r.purl ?? ''} ${r.license ?? ''}`}
        columnFilters={filters}
        sorting={sorting}
        onSortingChange={(s) => setSort(s[0] ? `${s[0].desc ? '-' : ''}${s[0].id}` : '')}
        onOpen={(r) => navigate(componentHref(r.ecosystem, r.name))}
        label="Components"
        testId="components"
        countLabel={(shown, total) => `${fmt(shown)} of ${fmt(total)} components`}
        empty={
          <>
            No component matches. <button type="button" className="link" onClick={() => { setQ(''); setEco(''); setScope(''); setDirect(''); setVuln(''); setLicense(''); }}>Clear the filters</button>
          </>
        }
      />
    </Card>
  );
}

function Tree({ data }: { data: SnapshotComponents }) {
  const byId = useMemo(() => new Map(data.components.map((c) => [c.id, c])), [data]);
  const children = useMemo(() => {
    const m = new Map<number | null, number[]>();
    for (const e of data.edges) {
      const list = m.get(e.from) ?? [];
      list.push(e.to);
      m.set(e.from, list);
    }
    for (const list of m.values()) list.sort((a, b) => (byId.get(a)?.name ?? '').localeCompare(byId.get(b)?.name ?? ''));
    return m;
  }, [data, byId]);
  const roots = children.get(null) ?? data.components.filter((c) => c.direct).map((c) => c.id);
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  // How much of the snapshot the graph reaches (go.mod, for one, records no edges between indirect modules).
  const reachable = useMemo(() => {
    const seen = new Set<number>(roots);
    const queue = [...roots];
    while (queue.length) {
      for (const k of children.get(queue.pop()!) ?? []) {
        if (seen.has(k)) continue;
        seen.add(k);
        queue.push(k);
      }
    }
    return seen.size;
  }, [roots, children]);
  if (roots.length === 0) return <Empty title="No dependency graph">This snapshot&apos;s SBOM has no dependency relationships; the Components tab lists every package.</Empty>;
  const render = (id: number, path: string, ancestors: Set<number>, depth: number): React.ReactNode => {
    const c = byId.get(id);
    if (!c) return null;
    const key = `${path}/${id}`;
    const kids = children.get(id) ?? [];
    const cycle = ancestors.has(id);
    const isOpen = open.has(key) && !cycle;
    return (
      <li key={key} role="treeitem" aria-expanded={kids.length && !cycle ? isOpen : undefined} aria-level={depth}>
        <div className="tree-row">
          {kids.length && !cycle ? (
            <button type="button" className="twisty" onClick={() => toggle(key)} aria-label={`${isOpen ? 'Collapse' : 'Expand'} ${c.name}`}>
              {isOpen ? '▾' : '▸'}
            </button>
          ) : (
            <span className="twisty" aria-hidden="true" />
          )}
          <Link to={componentHref(c.ecosystem, c.name)}>{c.name}</Link> <span className="muted">{c.version}</span> {c.license ? <span className="muted small">{c.license}</span> : null}{' '}
          {c.vulnerabilities ? <SeverityBadge severity={c.severity} /> : null}
          {kids.length ? <span className="muted small">{cycle ? ' (cycle: shown above)' : ` ${kids.length} deps`}</span> : null}
        </div>
        {isOpen ? <ul role="group">{kids.map((k) => render(k, key, new Set([...ancestors, id]), depth + 1))}</ul> : null}
      </li>
    );
  };
  return (
    <Card title={`${fmt(roots.length)} direct dependencies`}>
      {reachable < data.components.length ? (
        <p className="muted small">
          The graph reaches {fmt(reachable)} of {fmt(data.components.length)} components; the lockfile records no dependency edges for the others. The Components tab lists them all.
        </p>
      ) : null}
      <ul className="tree" role="tree" aria-label="Dependency tree">
        {roots.slice(0, 2000).map((r) => render(r, '', new Set(), 1))}
      </ul>
    </Card>
  );
}

function Licenses({ data, project }: { data: SnapshotComponents; project: Project }) {
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of data.components) m.set(c.license ?? 'NOASSERTION', (m.get(c.license ?? 'NOASSERTION') ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [data]);
  const option = useMemo(
    () => ({ tooltip: { trigger: 'item' }, series: [{ type: 'pie', radius: ['40%', '70%'], label: { show: false }, data: counts.slice(0, 12).map(([name, value]) => ({ name, value })) }] }),
    [counts],
  );
  return (
    <div className="grid-2">
      <Card title="License mix">
        <Chart option={option} label={`Licenses: ${counts.slice(0, 8).map(([l, n]) => `${l} ${n}`).join(', ')}`} height={300} />
      </Card>
      <Card title={`${counts.length} licenses`}>
        <table className="simple">
          <thead>
            <tr>
              <th>License</th>
              <th className="num">Components</th>
            </tr>
          </thead>
          <tbody>
            {counts.map(([l, n]) => (
              <tr key={l}>
                <td>
                  <Link to={href(`/projects/${project.id}/components`, { license: l })}>{l}</Link>
                </td>
                <td className="num">{fmt(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}

const fcol = createColumnHelper<Finding>();

function Vulnerabilities({ project }: { project: Project }) {
  const { navigate } = useRouter();
  const [q, setQ] = useQueryParam('q');
  const found = useQuery({ queryKey: ['findings', project.id, 'vulnerability'], queryFn: () => api<Page<Finding>>(`/findings?project=${project.id}&kind=vulnerability&status=open,suppressed&limit=1000`) });
  const columns = useMemo(
    () => [
      fcol.accessor((f) => SEV_RANK[f.severity] ?? 0, { id: 'severity', header: 'Severity', size: 110, sortDescFirst: true, cell: (c) => <SeverityBadge severity={c.row.original.severity} /> }),
      fcol.accessor('ruleId', { header: 'Advisory', size: 200, cell: (c) => <Link to={`/advisories/${encodeURIComponent(c.getValue())}`}>{c.getValue()}</Link> }),
      fcol.accessor('title', { header: 'Package and summary' }),
      fcol.accessor((f) => f.analysis.state ?? f.status, { id: 'status', header: 'Status', size: 150, cell: (c) => <Badge tone={c.row.original.status === 'open' ? 'bad' : 'neutral'}>{c.getValue()}</Badge> }),
      fcol.accessor('firstSeenAt', { header: 'Since', size: 170, cell: (c) => <When at={c.getValue()} /> }),
    ],
    [],
  );
  return (
    <Loaded query={found} what="vulnerabilities">
      {(p) =>
        p.items.length === 0 ? (
          <Empty title="No open vulnerabilities">
            No advisory matches this project&apos;s latest snapshot. Advisories come from the server&apos;s OSV database: <code>ospo db update</code> on the server machine keeps it current.
          </Empty>
        ) : (
          <Card>
            <div className="toolbar">
              <input type="search" placeholder="Search advisories (/)" aria-label="Search vulnerabilities" value={q} onChange={(e) => setQ(e.target.value)} />
            </div>
            <DataTable data={p.items} columns={columns} search={q} searchText={(f) => `${f.ruleId} ${f.title} ${f.purl ?? ''}`} initialSorting={[{ id: 'severity', desc: true }]} onOpen={(f) => navigate(`/advisories/${encodeURIComponent(f.ruleId)}`)} label="Vulnerabilities" testId="project-vulns" />
          </Card>
        )
      }
    </Loaded>
  );
}

function PolicyResults({ project }: { project: Project }) {
  const r = useQuery({ queryKey: ['project-policy', project.id], queryFn: () => api<ProjectPolicy>(`/projects/${project.id}/policy`) });
  const columns = useMemo(
    () => [
      fcol.accessor((f) => SEV_RANK[f.severity] ?? 0, { id: 'severity', header: 'Severity', size: 110, sortDescFirst: true, cell: (c) => <SeverityBadge severity={c.row.original.severity} /> }),
      fcol.accessor('ruleId', { header: 'Rule', size: 200 }),
      fcol.accessor('title', { header: 'Finding' }),
      fcol.accessor((f) => String(f.details.howToFix ?? ''), { id: 'fix', header: 'How to fix' }),
      fcol.accessor('status', { header: 'Status', size: 110, cell: (c) => <Badge tone={c.getValue() === 'open' ? 'bad' : 'neutral'}>{c.getValue()}</Badge> }),
    ],
    [],
  );
  return (
    <Loaded query={r} what="policy results">
      {(p) => (
        <>
          <div className="stats">
            <div className={`stat tone-${p.passed ? 'good' : 'bad'}`}>
              <div className="stat-value">{p.passed ? 'Passes' : 'Fails'}</div>
              <div className="stat-label">the gate (no open high or critical policy findings)</div>
            </div>
            <div className="stat">
              <div className="stat-value">{p.open}</div>
              <div className="stat-label">open policy violations</div>
            </div>
          </div>
          {!p.policyConfigured ? (
            <p className="note">
              The server runs without a policy, so no license or policy findings are raised. See <Link to="/policy">Policy &amp; waivers</Link>.
            </p>
          ) : p.findings.length === 0 ? (
            <Empty title="No policy violations">Every component of the latest snapshot passes the policy.</Empty>
          ) : (
            <Card title="Policy violations">
              <DataTable data={p.findings} columns={columns} initialSorting={[{ id: 'severity', desc: true }]} label="Policy violations" height={480} testId="policy-findings" />
            </Card>
          )}
        </>
      )}
    </Loaded>
  );
}

function History({ project }: { project: Project }) {
  const snaps = useQuery({ queryKey: ['snapshots', project.id], queryFn: () => api<Snapshot[]>(`/projects/${project.id}/snapshots?limit=200`) });
  const [fromQ, setFrom] = useQueryParam('from');
  const [toQ, setTo] = useQueryParam('to');
  return (
    <Loaded query={snaps} what="snapshots">
      {(list) => {
        const to = Number(toQ) || list[0]?.id;
        const from = Number(fromQ) || list.find((s) => s.id < (to ?? 0))?.id;
        return (
          <div className="grid-2 wide-right">
            <Card title={`${list.length} snapshots`}>
              <table className="simple">
                <thead>
                  <tr>
                    <th>Snapshot</th>
                    <th>Taken</th>
                    <th className="num">Components</th>
                    <th>From</th>
                    <th>To</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={href(`/projects/${project.id}/components`, { snapshot: s.id })}>#{s.id}</Link> <span className="muted small">{s.source}</span>
                      </td>
                      <td>
                        <When at={s.createdAt} />
                      </td>
                      <td className="num">{fmt(s.componentCount)}</td>
                      <td>
                        <input type="radio" name="from" aria-label={`Compare from snapshot ${s.id}`} checked={s.id === from} onChange={() => setFrom(String(s.id))} />
                      </td>
                      <td>
                        <input type="radio" name="to" aria-label={`Compare to snapshot ${s.id}`} checked={s.id === to} onChange={() => setTo(String(s.id))} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
            {from && to ? <DiffView project={project} from={from} to={to} /> : <Empty title="One snapshot so far">Push or upload again after a dependency change to see what changed.</Empty>}
          </div>
        );
      }}
    </Loaded>
  );
}

function DiffView({ project, from, to }: { project: Project; from: number; to: number }) {
  const d = useQuery({ queryKey: ['diff', project.id, from, to], queryFn: () => api<Diff>(`/projects/${project.id}/diff?from=${from}&to=${to}`) });
  const label = (c: DiffComponent) => (
    <>
      <Link to={componentHref(c.ecosystem, c.name)}>{c.name}</Link> <span className="muted">{c.version}</span>
    </>
  );
  return (
    <Card title={`Snapshot #${from} → #${to}`}>
      <Loaded query={d} what="the diff">
        {(x) => (
          <div className="diff" data-testid="diff">
            <p className="muted">
              {x.added.length} added · {x.removed.length} removed · {x.changed.length} changed · {fmt(x.unchanged)} unchanged
            </p>
            {x.added.length + x.removed.length + x.changed.length === 0 ? <p>No component changed.</p> : null}
            <ul className="diff-list">
              {x.added.slice(0, 500).map((c) => (
                <li key={`a${c.purl ?? c.name}${c.version}`} className="added">
                  <span aria-label="added">+</span> {label(c)}
                </li>
              ))}
              {x.removed.slice(0, 500).map((c) => (
                <li key={`r${c.purl ?? c.name}${c.version}`} className="removed">
                  <span aria-label="removed">−</span> {label(c)}
                </li>
              ))}
              {x.changed.slice(0, 500).map((c) => (
                <li key={`c${c.ecosystem}${c.name}`} className="changed">
                  <span aria-label="changed">~</span> <Link to={componentHref(c.ecosystem, c.name)}>{c.name}</Link>{' '}
                  <span className="muted">
                    {c.before.map((b) => b.version).join(', ')} → {c.after.map((b) => b.version).join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </Loaded>
      {d.isError ? <ErrorNote error={d.error} what="the diff" /> : null}
    </Card>
  );
}
