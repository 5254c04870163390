// One statement model for both VEX formats Ospo reads and writes.

/** OpenVEX statuses (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md#status-labels). */
export const VEX_STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
/** A VEX status. */
export type VexStatus = (typeof VEX_STATUSES)[number];

/** OpenVEX 0.2.0 justifications for `not_affected` (spec section "Status Justifications"). */
export const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

/** CycloneDX 1.6 `analysis.justification` values. */
export const CYCLONEDX_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/** A triage statement: this vulnerability, in these products, has this status. */
export interface VexStatement {
  /** The vulnerability's id (`CVE-...`, `GHSA-...`). */
  vulnerability: string;
  /** Other ids of the same vulnerability. */
  aliases: string[];
  /** Products and subcomponents the statement is about: purls, or bom-refs of the findings' components. */
  products: string[];
  status: VexStatus;
  /** A justification label (OpenVEX's or CycloneDX's list). */
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  /** CycloneDX `analysis.response` values. */
  responses?: string[];
  timestamp?: string;
  /** The file it came from and where in it (`vex.json#/statements/2`). */
  source: string;
}
