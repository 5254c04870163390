// The API's shapes as the dashboard uses them (the OpenAPI document at /api/v1/openapi.json is the contract).

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

export interface User { id: string; email: string; name: string | null; role: string; disabled: boolean; teams: string[]; createdAt: string }
export interface Team { id: string; name: string; createdAt: string }
export interface Project {
  id: string; teamId: string; name: string; distribution: string; tags: string[]; repositoryUrl: string | null;
  lifecycle: string; latestSnapshotId: number | null; createdAt: string; updatedAt: string;
}
export interface Snapshot { id: number; projectId: string; source: string; tool: string | null; name: string; createdAt: string; contentHash: string; componentCount: number; directCount: number; edgeCount: number }
export interface Finding {
  id: string; key: string; kind: 'vulnerability' | 'license' | 'policy'; ruleId: string; projectId: string; snapshotId: number | null;
  firstSnapshotId: number | null; severity: Severity; status: 'open' | 'suppressed' | 'resolved';
  analysis: { state: string | null; justification: string | null; detail: string | null };
  suppression: unknown; title: string; message: string; purl: string | null; details: Record<string, unknown>;
  firstSeenAt: string; lastSeenAt: string; updatedAt: string;
}
export interface Page<T> { items: T[]; total: number }
export interface ProjectSummary {
  id: string; name: string; teamId: string; latestSnapshotId: number | null; snapshotAt: string | null; components: number;
  vulnerabilities: Record<string, number>; policyFindings: number; compliant: boolean;
}
export interface PortfolioSummary {
  projects: ProjectSummary[]; scanned: number; complianceRate: number | null; openVulnerabilities: Record<string, number>;
  trend: { at: string; snapshotId: number; projectId: string; components: number; vulnerabilities: number; policyFindings: number }[];
}
export interface ComponentRow {
  id: number; ecosystem: string; name: string; version: string | null; purl: string | null; scope: string; direct: boolean;
  license: string | null; vulnerabilities: number; severity: Severity | null;
}
export interface SnapshotComponents { snapshotId: number; components: ComponentRow[]; edges: { from: number | null; to: number }[] }
export interface DiffComponent { ecosystem: string; name: string; version: string | null; purl: string | null; scope: string; direct: boolean }
export interface Diff { added: DiffComponent[]; removed: DiffComponent[]; changed: { ecosystem: string; name: string; before: DiffComponent[]; after: DiffComponent[] }[]; unchanged: number }
export interface AdvisorySummary { id: string; severity: Severity; summary: string | null; packages: string[]; projects: number; open: number; suppressed: number; firstSeenAt: string }
export interface Impact {
  projectId: string; projectName: string; teamId: string; findingId: string; purl: string | null; status: string;
  analysisState: string | null; severity: Severity; since: string; firstSnapshotId: number | null; snapshotId: number | null;
}
export interface ComponentDetail {
  ecosystem: string; name: string;
  versions: { version: string | null; purl: string | null; license: { declared: string | null; concluded: string | null; concludedBy: string | null }; evidence: { projectId: string; projectName: string; snapshotId: number; details: unknown; locations: unknown }[]; projects: number }[];
  advisories: { id: string; severity: Severity; title: string; summary: string | null; projects: number; open: number; versions: string[] }[];
}
export interface Usage { projectId: string; projectName: string; teamId: string; snapshotId: number; snapshotAt: string; versions: { version: string | null; purl: string | null; scope: string; direct: boolean }[] }
export interface LicenseCount { license: string; components: number; projects: number }
export interface Waiver {
  id: string; projectId: string | null; teamId: string | null; ruleId: string; componentPurl: string | null; reason: string; comment: string | null;
  owner: string; expiresAt: string | null; createdBy: string; createdAt: string; revokedAt: string | null;
}
export interface PolicyView {
  configured: boolean; source: string | null; name: string | null; failOn: string | null;
  rules: { kind: string; id: string; severity: string | null; action: string | null; match: string; message: string; howToFix: string }[];
  waivers: { id: string | null; rule: string | null; package: string | null; license: string | null; reason: string; owner: string; expires: string; comment: string }[];
}
export interface ProjectPolicy { projectId: string; snapshotId: number | null; policyConfigured: boolean; passed: boolean; open: number; findings: Finding[] }
export interface AuditEntry { id: number; at: string; actor: string; action: string; target: string; details: unknown; prevHash: string; hash: string }
export interface ApiToken { id: string; userId: string; name: string; prefix: string; scopes: string[]; expiresAt: string | null; lastUsedAt: string | null; createdAt: string; revokedAt: string | null }

/** CycloneDX VEX analysis states and justifications, as the API accepts them. */
export const VEX_STATES = ['in_triage', 'exploitable', 'not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree'] as const;
export const VEX_JUSTIFICATIONS = [
  'code_not_present', 'code_not_reachable', 'requires_configuration', 'requires_dependency', 'requires_environment',
  'protected_by_compiler', 'protected_at_runtime', 'protected_at_perimeter', 'protected_by_mitigating_control',
] as const;
