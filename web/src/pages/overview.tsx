// The portfolio overview: projects, compliance rate, open vulnerabilities by severity, license
// mix and the trend over snapshots.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api';
import { Link } from '../router';
import { SEVERITIES, type LicenseCount, type PortfolioSummary } from '../types';
import { Chart, SEVERITY_COLORS, axisStyle } from '../ui/chart';
import { Card, Command, Empty, Loaded, PageHeader, Stat, fmt } from '../ui/common';
import { ProjectTable } from './projects';

/** GET /portfolio/summary, shared by the overview and the projects page. */
export function useSummary() {
  return useQuery({ queryKey: ['summary'], queryFn: () => api<PortfolioSummary>('/portfolio/summary') });
}

/** What a newcomer does first: create a project and push an SBOM. */
export function FirstSbom() {
  const origin = window.location.origin;
  return (
    <Empty title="No projects yet">
      <p>Push the first SBOM: scan a repository and upload it as a snapshot (the project is created in the team you name).</p>
      <Command>{`ospo push . --server ${origin} --project my-app --team my-team --token $OSPO_TOKEN`}</Command>
      <p className="muted">
        Create a token under <Link to="/admin/tokens">Admin → Tokens</Link> and a team under <Link to="/admin/teams">Admin → Teams</Link>, or create a
        project on the <Link to="/projects">Projects</Link> page and upload a CycloneDX or SPDX file there.
      </p>
    </Empty>
  );
}

/** The overview page. */
export function OverviewPage() {
  const summary = useSummary();
  const licenses = useQuery({ queryKey: ['licenses'], queryFn: () => api<LicenseCount[]>('/licenses') });
  return (
    <>
      <PageHeader title="Portfolio overview" subtitle="Every project's latest snapshot: what it uses, under which license, with which vulnerabilities." />
      <Loaded query={summary} what="the portfolio">
        {(s) => (s.projects.length === 0 ? <FirstSbom /> : <Overview s={s} licenses={licenses.data ?? []} />)}
      </Loaded>
    </>
  );
}

function Overview({ s, licenses }: { s: PortfolioSummary; licenses: LicenseCount[] }) {
  const openVulns = SEVERITIES.reduce((n, sev) => n + (s.openVulnerabilities[sev] ?? 0), 0);
  const components = s.projects.reduce((n, p) => n + p.components, 0);
  const rate = s.complianceRate === null ? '—' : `${Math.round(s.complianceRate * 100)}%`;
  // Severities with findings (advisories without a CVSS score are "unknown").
  const shown = useMemo(() => SEVERITIES.filter((sev) => sev !== 'none' && (['critical', 'high', 'medium', 'low'].includes(sev) || (s.openVulnerabilities[sev] ?? 0) > 0)), [s]);
  const severityOption = useMemo(
    () => ({
      legend: { show: false },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: shown, ...axisStyle() },
      yAxis: { type: 'value', minInterval: 1, ...axisStyle() },
      tooltip: { trigger: 'axis' },
      series: [
        {
          type: 'bar',
          name: 'open vulnerabilities',
          data: shown.map((sev) => ({ value: s.openVulnerabilities[sev] ?? 0, itemStyle: { color: SEVERITY_COLORS[sev] } })),
          barWidth: '50%',
        },
      ],
    }),
    [s, shown],
  );
  const licenseOption = useMemo(() => {
    const top = licenses.slice(0, 8).map((l) => ({ name: l.license, value: l.components }));
    const rest = licenses.slice(8).reduce((n, l) => n + l.components, 0);
    return {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { color: getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() } },
      series: [{ type: 'pie', name: 'components', radius: ['45%', '72%'], center: ['35%', '50%'], label: { show: false }, data: rest ? [...top, { name: 'other', value: rest }] : top }],
    };
  }, [licenses]);
  // One point per snapshot, in order; the label names the project and snapshot it came from.
  const names = useMemo(() => new Map(s.projects.map((p) => [p.id, p.name])), [s]);
  const trendOption = useMemo(
    () => ({
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: {
        type: 'category',
        data: s.trend.map((p) => `${names.get(p.projectId) ?? 'project'} #${p.snapshotId} ${new Date(p.at).toLocaleDateString()}`),
        ...axisStyle(),
        axisLabel: { show: false },
        name: 'snapshots, oldest first',
        nameLocation: 'middle',
        nameGap: 10,
      },
      yAxis: [
        { type: 'value', name: 'components', ...axisStyle() },
        { type: 'value', name: 'findings', minInterval: 1, ...axisStyle(), splitLine: { show: false } },
      ],
      series: [
        { type: 'line', name: 'components', step: 'end', showSymbol: false, data: s.trend.map((p) => p.components) },
        { type: 'line', name: 'vulnerabilities', step: 'end', yAxisIndex: 1, showSymbol: false, data: s.trend.map((p) => p.vulnerabilities), itemStyle: { color: SEVERITY_COLORS.high } },
        { type: 'line', name: 'policy findings', step: 'end', yAxisIndex: 1, showSymbol: false, data: s.trend.map((p) => p.policyFindings), itemStyle: { color: SEVERITY_COLORS.medium } },
      ],
    }),
    [s, names],
  );
  return (
    <>
      <div className="stats">
        <Stat label="projects" value={fmt(s.projects.length)} hint={`${fmt(s.scanned)} with a snapshot`} />
        <Stat label="compliance rate" value={rate} hint="projects without open high or critical policy findings" tone={s.complianceRate !== null && s.complianceRate < 0.8 ? 'warn' : 'good'} />
        <Stat label="open vulnerabilities" value={fmt(openVulns)} hint={<Link to="/advisories">by advisory</Link>} tone={openVulns ? 'bad' : 'good'} />
        <Stat label="components" value={fmt(components)} hint="in latest snapshots" />
      </div>
      <div className="grid-3">
        <Card title="Open vulnerabilities by severity">
          <Chart option={severityOption} label={`Open vulnerabilities: ${shown.map((sev) => `${sev} ${s.openVulnerabilities[sev] ?? 0}`).join(', ')}`} />
        </Card>
        <Card title="License mix" actions={<Link to="/licenses">All licenses</Link>}>
          {licenses.length ? <Chart option={licenseOption} label={`Licenses: ${licenses.slice(0, 8).map((l) => `${l.license} ${l.components}`).join(', ')}`} /> : <p className="muted">No components yet.</p>}
        </Card>
        <Card title="Trend over snapshots">
          {s.trend.length > 1 ? <Chart option={trendOption} label={`Trend over ${s.trend.length} snapshots`} /> : <p className="muted">The trend appears after the second snapshot: push again after a change.</p>}
        </Card>
      </div>
      <Card title="Projects" actions={<Link to="/projects">Manage projects</Link>}>
        <ProjectTable projects={s.projects} height={420} />
      </Card>
    </>
  );
}
