// The decision register: every closed request's decision, searched in full text by the server
// (GET /decisions?q=, websearch syntax), with the query and filters in the URL.
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { api } from '../api';
import { href, Link, useQueryParam, useRouter } from '../router';
import type { Decision, Page } from '../types';
import { Card, Empty, Loaded, PageHeader, When } from '../ui/common';
import { DataTable } from '../ui/data-table';
import { StateBadge, TypeFilter, useRequestTypes } from './requests';

const col = createColumnHelper<Decision>();

/** The register page (`/decisions?q=&outcome=&type=`). */
export function DecisionsPage() {
  const { navigate } = useRouter();
  const types = useRequestTypes();
  const [q, setQ] = useQueryParam('q');
  const [outcome, setOutcome] = useQueryParam('outcome');
  const [type, setType] = useQueryParam('type');
  // Each edit is one search; the previous results stay on screen until the new ones arrive.
  const query = q.trim();
  const path = href('/decisions', { q: query, outcome, type, limit: 500 });
  const list = useQuery({ queryKey: ['decisions', path], queryFn: () => api<Page<Decision>>(path), placeholderData: (prev) => prev });
  const typeTitle = useMemo(() => new Map((types.data ?? []).map((t) => [t.id, t.title])), [types.data]);
  const columns = useMemo(
    () => [
      col.accessor('requestNumber', { header: 'Request', size: 90, cell: (c) => <Link to={`/requests/${c.getValue()}`}>#{c.getValue()}</Link> }),
      col.accessor('title', { header: 'Title', size: 300, cell: (c) => <Link to={`/requests/${c.row.original.requestNumber}`}>{c.getValue()}</Link> }),
      col.accessor((d) => typeTitle.get(d.type) ?? d.type, { id: 'type', header: 'Type', size: 180 }),
      col.accessor('outcome', { header: 'Outcome', size: 110, cell: (c) => <StateBadge state={c.getValue()} /> }),
      col.accessor('rationale', { header: 'Rationale', size: 360 }),
      col.accessor((d) => d.clauses.join(', '), { id: 'clauses', header: 'Clauses', size: 180 }),
      col.accessor('decidedByEmail', { header: 'Decided by', size: 200, cell: (c) => c.getValue() ?? 'the system' }),
      col.accessor('decidedAt', { header: 'When', size: 180, cell: (c) => <When at={c.getValue()} /> }),
    ],
    [typeTitle],
  );
  return (
    <>
      <PageHeader title="Decisions" subtitle="The register of every closed request: outcome, rationale and the policy clauses it relies on. Shared knowledge: everyone signed in can search it." />
      <div className="toolbar">
        <input
          type="search"
          placeholder='Search decisions (/): words, "phrases", -exclusions, or'
          aria-label="Search decisions"
          data-testid="decision-search"
          maxLength={500}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <label className="inline">
          Outcome
          <select aria-label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">any</option>
            <option value="approved">approved</option>
            <option value="rejected">rejected</option>
            <option value="withdrawn">withdrawn</option>
          </select>
        </label>
        <TypeFilter value={type} onChange={setType} />
      </div>
      <Card>
        <Loaded query={list} what="the decision register">
          {(page) => (
            <DataTable
              data={page.items}
              columns={columns}
              label="Decisions"
              height={Math.min(560, 120 + page.items.length * 34)}
              onOpen={(d) => navigate(`/requests/${d.requestNumber}`)}
              countLabel={(shown) => (query ? `${shown} ${shown === 1 ? 'decision matches' : 'decisions match'} “${query}”` : `${shown} of ${page.total} ${page.total === 1 ? 'decision' : 'decisions'}`)}
              testId="decisions"
              empty={
                query || outcome || type ? (
                  <Empty title="No decision matches">
                    <p>
                      Try fewer or other words (stems match: “licenses” finds “license”), or <Link to="/decisions">clear the search</Link>.
                    </p>
                  </Empty>
                ) : (
                  <Empty title="No decisions yet">
                    <p>
                      A decision is recorded when a request is approved, rejected or withdrawn. See what waits in the <Link to="/requests">inbox</Link>, or file a <Link to="/requests/new">new request</Link>.
                    </p>
                  </Empty>
                )
              }
            />
          )}
        </Loaded>
      </Card>
    </>
  );
}
