import type { OsvRecord } from '../vulns/osv/types.js';

/** A minimal OSV record for tests: one npm package affected from the start up to `fixed`. */
export function npmAdvisory(id: string, name: string, fixed: string, severity: string, summary: string): OsvRecord {
  return {
    schema_version: '1.7.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    summary,
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
    database_specific: { severity },
  };
}
