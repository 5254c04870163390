// The audit log (hash-chained, newest first), with paging and a chain check.
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { href, Link, useQueryParam } from '../router';
import type { AuditEntry } from '../types';
import { Badge, Card, Empty, Loaded, PageHeader, When } from '../ui/common';

const PAGE = 100;

/** The audit page; ?before= pages back. */
export function AuditPage() {
  const [before, setBefore] = useQueryParam('before');
  const log = useQuery({ queryKey: ['audit', before], queryFn: () => api<AuditEntry[]>(href('/audit', { limit: PAGE, before })) });
  const verify = useMutation({ mutationFn: () => api<{ ok: boolean; records: number; message?: string; id?: number }>('/audit/verify') });
  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change, who made it and when; each record is chained to the one before by its hash."
        actions={
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
            Verify the chain
          </button>
        }
      />
      {verify.data ? (
        <p className={`note ${verify.data.ok ? 'good' : 'error'}`} role="status">
          {verify.data.ok ? `The chain verifies: ${verify.data.records} records, none edited, deleted or reordered.` : `The chain is broken at record ${verify.data.id}: ${verify.data.message}`}
        </p>
      ) : null}
      <Card>
        <Loaded query={log} what="the audit log">
          {(entries) =>
            entries.length === 0 ? (
              <Empty title="Nothing recorded yet">Changes (projects, uploads, triage, waivers, users, tokens) appear here as they happen.</Empty>
            ) : (
              <>
                <table className="simple" data-testid="audit">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>When</th>
                      <th>Who</th>
                      <th>What</th>
                      <th>Target</th>
                      <th>Details</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((e) => (
                      <tr key={e.id}>
                        <td className="num">{e.id}</td>
                        <td>
                          <When at={e.at} />
                        </td>
                        <td className="mono small">{e.actor}</td>
                        <td>
                          <Badge>{e.action}</Badge>
                        </td>
                        <td className="mono small">{e.target}</td>
                        <td className="mono small details-cell">{JSON.stringify(e.details)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="toolbar">
                  {before ? (
                    <button type="button" onClick={() => setBefore('')}>
                      Newest
                    </button>
                  ) : null}
                  {entries.length === PAGE ? (
                    <Link to={href('/audit', { before: entries.at(-1)!.id })} onClick={(ev) => { ev.preventDefault(); setBefore(String(entries.at(-1)!.id)); }}>
                      Older records
                    </Link>
                  ) : null}
                </div>
              </>
            )
          }
        </Loaded>
      </Card>
    </>
  );
}
