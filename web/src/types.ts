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

/** Workflow shapes (docs/workflows.md): request types and their forms, requests, decisions. */
export type RequestStateName = 'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'approved' | 'rejected' | 'withdrawn';
export const REQUEST_STATE_NAMES: RequestStateName[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'];
export type RequestActionName = 'submit' | 'review' | 'approve' | 'reject' | 'request_changes' | 'withdraw';
export interface FormField { id: string; label: string; type: 'string' | 'text' | 'enum' | 'boolean' | 'number' | 'url' | 'purl' | 'date'; required: boolean; options?: string[]; maxLength?: number; help?: string }
export interface RequestType {
  id: string; title: string; description: string; slaDays: number; fields: FormField[]; checklist: { id: string; label: string }[];
  reviewers: string[]; requiredRoles: string[]; minApprovers: number; training: { courses: string[]; enforce: 'submit' | 'approve' | 'none' };
  requireRepoCheck: boolean; effect: 'none' | 'allowlist' | 'waiver';
}
export interface WorkflowRequest {
  id: string; number: number; type: string; title: string; body: string; answers: Record<string, unknown>; checklist: Record<string, boolean>;
  state: RequestStateName; requesterId: string; requesterEmail: string; teamId: string | null; projectId: string | null; componentPurl: string | null;
  round: number; version: number; dueAt: string | null; slaBreached: boolean; submittedAt: string | null; closedAt: string | null; createdAt: string; updatedAt: string;
  repoCheckPassed: boolean | null;
}
export interface Decision {
  id: string; requestId: string; requestNumber: number; type: string; title: string; outcome: 'approved' | 'rejected' | 'withdrawn'; rationale: string;
  clauses: string[]; componentPurl: string | null; decidedBy: string | null; decidedByEmail: string | null; decidedAt: string; allowlistId: string | null; waiverId: string | null; rank?: number;
}
export interface RequestDetail extends WorkflowRequest {
  reviews: { reviewerId: string; reviewerEmail: string; role: string; verdict: string; comment: string | null; round: number; createdAt: string }[];
  comments: { id: string; authorId: string; authorEmail: string; body: string; createdAt: string }[];
  approvals: { required: number; approvers: string[]; requiredRoles: string[]; missingRoles: string[]; complete: boolean };
  training: { required: string[]; missing: string[]; enforce: string; satisfied: boolean };
  decision: Decision | null; actions: RequestActionName[]; similar: Decision[]; requestType: RequestType | null;
}
