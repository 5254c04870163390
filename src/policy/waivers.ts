// Waivers: exceptions with a scope, a reason, an owner and an expiry. A waiver suppresses the
// findings in its scope (they stay in the report, marked, and never fail a gate); expired
// waivers stop applying and are reported, and so are waivers that match nothing.
import type { Finding } from '../model/finding.js';
import { termLicenseId } from './license-terms.js';
import type { CompiledWaiver, Policy } from './load.js';

/** What became of one waiver. */
export interface WaiverStatus {
  waiver: CompiledWaiver;
  status: 'used' | 'unused' | 'expired';
  /** Ids of the findings it suppressed (or, expired, would have). */
  findings: string[];
}

/** Facts waivers need that a finding does not carry. */
export interface WaiverContext {
  now: Date;
  /** A project id -> its path relative to the scan root. */
  projectPath: (projectId: string) => string;
  /** A component id -> its purl. */
  purlOf: (componentId: string) => string | null;
}

/** A waiver's label for messages: its id, or its position. */
export function waiverLabel(w: CompiledWaiver): string {
  return w.id ? `waiver "${w.id}"` : `waivers[${w.index}]`;
}

/** Whether a waiver has expired on `now` (it applies through its `expires` day, UTC). */
export function isExpired(w: CompiledWaiver, now: Date): boolean {
  return now.toISOString().slice(0, 10) > w.expires;
}

/** Licenses a finding concerns: its terms, else its component's license expression. */
function findingLicenses(f: Finding): string[] {
  const terms = f.details?.['terms'];
  const out: string[] = [];
  if (Array.isArray(terms)) for (const t of terms) if (t && typeof (t as { term?: unknown }).term === 'string') out.push((t as { term: string }).term);
  const license = f.details?.['license'];
  if (out.length === 0 && typeof license === 'string') out.push(license);
  return out;
}

/** Says whether a waiver's scope covers a finding (every scope field it sets must match). */
export function waiverCovers(w: CompiledWaiver, f: Finding, ctx: WaiverContext): boolean {
  if (w.rulePattern) {
    const advisory = f.details?.['advisory'];
    if (!w.rulePattern.test(f.ruleId) && !(typeof advisory === 'string' && w.rulePattern.test(advisory))) return false;
  }
  if (w.packagePattern) {
    const purl = f.componentId ? ctx.purlOf(f.componentId) : null;
    if (!w.packagePattern.matches(purl ?? (typeof f.details?.['purl'] === 'string' ? (f.details['purl'] as string) : null))) return false;
  }
  if (w.licensePattern) {
    const re = w.licensePattern;
    if (!findingLicenses(f).some((t) => re.test(t) || re.test(termLicenseId(t)))) return false;
  }
  if (w.projectPattern) {
    // A project waiver covers a finding only when every project it concerns is in scope.
    const projects = f.projects ?? [];
    const re = w.projectPattern;
    if (projects.length === 0 || !projects.every((p) => re.test(ctx.projectPath(p)))) return false;
  }
  return true;
}

/**
 * Applies waivers to findings in place (setting `suppression`), and returns each waiver's status
 * and the findings that report expired and unused waivers (kind `policy`, rules `waiver-expired`
 * and `waiver-unused`, severity low, located at the waiver in the policy file).
 */
export function applyWaivers(policy: Policy, findings: Finding[], ctx: WaiverContext): { statuses: WaiverStatus[]; reports: Finding[] } {
  const statuses = policy.waivers.map((waiver) => ({ waiver, status: 'unused' as WaiverStatus['status'], findings: [] as string[] }));
  const live = statuses.filter((s) => !isExpired(s.waiver, ctx.now));
  for (const s of statuses) if (isExpired(s.waiver, ctx.now)) s.status = 'expired';
  for (const f of findings) {
    if (f.suppression) continue;
    const hit = live.find((s) => waiverCovers(s.waiver, f, ctx));
    for (const s of statuses) if (s.status === 'expired' && waiverCovers(s.waiver, f, ctx)) s.findings.push(f.id);
    if (!hit) continue;
    hit.status = 'used';
    hit.findings.push(f.id);
    const w = hit.waiver;
    f.suppression = { kind: 'waiver', reason: w.reason, detail: w.comment, source: `${policy.source}${w.line ? `:${w.line}` : ''}`, owner: w.owner, expires: w.expires };
  }
  const reports: Finding[] = [];
  for (const s of statuses) {
    if (s.status === 'used') continue;
    const w = s.waiver;
    const scope = [w.rule && `rule ${w.rule}`, w.package && `package ${w.package}`, w.license && `license ${w.license}`, w.project && `project ${w.project}`].filter(Boolean).join(', ');
    const expired = s.status === 'expired';
    reports.push({
      id: `policy:${expired ? 'waiver-expired' : 'waiver-unused'}:${w.id ?? `waivers[${w.index}]`}`,
      kind: 'policy',
      ruleId: expired ? 'waiver-expired' : 'waiver-unused',
      severity: 'low',
      title: expired ? `${waiverLabel(w)} expired on ${w.expires}` : `${waiverLabel(w)} matches no finding`,
      message: expired
        ? `${waiverLabel(w)} (${scope}; ${w.reason}, owner ${w.owner}) expired on ${w.expires} and no longer applies${s.findings.length ? `; it would have covered ${s.findings.length} finding(s): ${s.findings.slice(0, 5).join(', ')}` : ''}.`
        : `${waiverLabel(w)} (${scope}; ${w.reason}, owner ${w.owner}) suppressed nothing in this run.`,
      howToFix: expired
        ? `Fix the findings it covered, or ask ${w.owner} to review the exception and set a new expiry.`
        : 'Remove the waiver if what it excused is gone, or correct its scope.',
      locations: [{ file: policy.source, ...(w.line ? { line: w.line } : {}) }],
      details: { section: 'waivers', waiver: w.id ?? w.index, reason: w.reason, owner: w.owner, expires: w.expires, covered: s.findings },
    });
  }
  return { statuses, reports };
}
