// Licenses across the portfolio's latest snapshots.
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { api } from '../api';
import { useQueryParam } from '../router';
import type { LicenseCount } from '../types';
import { Chart, axisStyle } from '../ui/chart';
import { Card, Empty, Loaded, PageHeader, fmt } from '../ui/common';
import { DataTable } from '../ui/data-table';
import { Link } from '../router';

const col = createColumnHelper<LicenseCount>();

/** The licenses page. */
export function LicensesPage() {
  const list = useQuery({ queryKey: ['licenses'], queryFn: () => api<LicenseCount[]>('/licenses') });
  const [q, setQ] = useQueryParam('q');
  const columns = useMemo(
    () => [
      col.accessor('license', { header: 'License (concluded, else declared)', cell: (c) => <span className={c.getValue() === 'NOASSERTION' ? 'muted' : undefined}>{c.getValue()}</span> }),
      col.accessor('components', { header: 'Components', size: 140, sortDescFirst: true, cell: (c) => fmt(c.getValue()) }),
      col.accessor('projects', { header: 'Projects', size: 120, sortDescFirst: true }),
    ],
    [],
  );
  return (
    <>
      <PageHeader title="Licenses" subtitle="Every license in the latest snapshots; NOASSERTION means no license was found — declare or conclude one." />
      <Loaded query={list} what="licenses">
        {(items) =>
          items.length === 0 ? (
            <Empty title="No licenses yet">
              Licenses appear once projects have snapshots. Start on the <Link to="/projects">Projects</Link> page.
            </Empty>
          ) : (
            <div className="grid-2 wide-right">
              <Card title="Top licenses">
                <LicenseBars items={items} />
              </Card>
              <Card>
                <div className="toolbar">
                  <input type="search" placeholder="Search licenses (/)" aria-label="Search licenses" value={q} onChange={(e) => setQ(e.target.value)} />
                </div>
                <DataTable data={items} columns={columns} search={q} searchText={(l) => l.license} initialSorting={[{ id: 'components', desc: true }]} label="Licenses" testId="licenses" height={480} />
              </Card>
            </div>
          )
        }
      </Loaded>
    </>
  );
}

function LicenseBars({ items }: { items: LicenseCount[] }) {
  const top = items.slice(0, 12).reverse();
  const option = useMemo(
    () => ({
      grid: { left: 150, right: 20, top: 10, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', ...axisStyle() },
      yAxis: { type: 'category', data: top.map((l) => l.license), ...axisStyle() },
      series: [{ type: 'bar', name: 'components', data: top.map((l) => l.components), itemStyle: { color: '#2563eb' } }],
    }),
    [top],
  );
  return <Chart option={option} label={`Top licenses: ${top.map((l) => `${l.license} ${l.components}`).join(', ')}`} height={Math.max(220, top.length * 28)} />;
}
