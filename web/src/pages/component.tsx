// One package across the portfolio: where it is used, its versions, the advisories raised on it,
// and the license evidence snapshots recorded. The URL names it: /component?ecosystem=&name=.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { Link, href, useRouter } from '../router';
import type { ComponentDetail, Usage } from '../types';
import { Badge, Card, Empty, Loaded, PageHeader, SeverityBadge, When } from '../ui/common';

/** The component page. */
export function ComponentPage() {
  const { location } = useRouter();
  const ecosystem = location.query.get('ecosystem') ?? '';
  const name = location.query.get('name') ?? '';
  const detail = useQuery({ queryKey: ['component', ecosystem, name], queryFn: () => api<ComponentDetail>(href('/components/detail', { ecosystem, name })), enabled: Boolean(ecosystem && name) });
  const usage = useQuery({ queryKey: ['usage', ecosystem, name], queryFn: () => api<Usage[]>(href('/components/usage', { ecosystem, name })), enabled: Boolean(ecosystem && name) });
  if (!ecosystem || !name) {
    return (
      <Empty title="Which package?">
        Open a package from a project&apos;s <Link to="/projects">components</Link>; this page needs <code>?ecosystem=</code> and <code>?name=</code>.
      </Empty>
    );
  }
  return (
    <>
      <PageHeader title={name} subtitle={`${ecosystem} package across the portfolio`} />
      <div className="grid-2">
        <Card title="Where used">
          <Loaded query={usage} what="where it is used">
            {(u) =>
              u.length === 0 ? (
                <p className="muted">No visible project&apos;s latest snapshot has this package.</p>
              ) : (
                <table className="simple" data-testid="where-used">
                  <thead>
                    <tr>
                      <th>Project</th>
                      <th>Versions</th>
                      <th>How</th>
                      <th>Snapshot</th>
                    </tr>
                  </thead>
                  <tbody>
                    {u.map((x) => (
                      <tr key={x.projectId}>
                        <td>
                          <Link to={href(`/projects/${x.projectId}/components`, { q: name })}>{x.projectName}</Link>
                        </td>
                        <td>{x.versions.map((v) => v.version ?? '—').join(', ')}</td>
                        <td>{x.versions.map((v) => `${v.direct ? 'direct' : 'transitive'} ${v.scope}`).join(', ')}</td>
                        <td>
                          <When at={x.snapshotAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Loaded>
        </Card>
        <Card title="Advisories">
          <Loaded query={detail} what="advisories">
            {(d) =>
              d.advisories.length === 0 ? (
                <p className="muted">No advisory is raised on the versions the portfolio uses.</p>
              ) : (
                <ul className="plain">
                  {d.advisories.map((a) => (
                    <li key={a.id}>
                      <SeverityBadge severity={a.severity} /> <Link to={`/advisories/${encodeURIComponent(a.id)}`}>{a.id}</Link> — {a.summary ?? a.title}{' '}
                      <span className="muted small">
                        {a.versions.join(', ')} · {a.projects} projects · {a.open} open
                      </span>
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </Card>
      </div>
      <Card title="Versions across the portfolio and license evidence">
        <Loaded query={detail} what="versions">
          {(d) =>
            d.versions.length === 0 ? (
              <p className="muted">No version in the latest snapshots you can see.</p>
            ) : (
              <table className="simple" data-testid="versions">
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Projects</th>
                    <th>Declared license</th>
                    <th>Concluded</th>
                    <th>Evidence</th>
                  </tr>
                </thead>
                <tbody>
                  {d.versions.map((v) => (
                    <tr key={v.purl ?? v.version ?? ''}>
                      <td>
                        {v.version ?? '—'}
                        <div className="mono small muted">{v.purl}</div>
                      </td>
                      <td>{v.projects}</td>
                      <td>{v.license.declared ?? <Badge tone="warn">none declared</Badge>}</td>
                      <td>{v.license.concluded ? `${v.license.concluded}${v.license.concludedBy ? ` (${v.license.concludedBy})` : ''}` : <span className="muted">—</span>}</td>
                      <td>
                        {v.evidence.map((e) => (
                          <details key={`${e.projectId}${e.snapshotId}`}>
                            <summary>
                              {e.projectName} #{e.snapshotId}
                            </summary>
                            {/* Shown as text: it is data from an SBOM. */}
                            <pre className="evidence">{JSON.stringify({ details: e.details, locations: e.locations }, null, 2)}</pre>
                          </details>
                        ))}
                      </td>
                    </tr>
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
