// Vulnerabilities: advisories (osv/), where they come from (source.ts), matching an inventory
// against them (match/), severity from CVSS and ecosystem ratings (cvss/), and triage (vex/).
// Contract: `matchComponents(inventory, source)` gives one Finding per (vulnerability, component)
// plus the components it could not evaluate; `applyVex(findings, statements)` suppresses the
// triaged ones; the writers render findings as OpenVEX or CycloneDX with vulnerabilities[].
export * from './source.js';
export * from './match/index.js';
export * from './cvss/index.js';
export * from './vex/index.js';
