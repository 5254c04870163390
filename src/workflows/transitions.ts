// The request state machine: which action moves a request from which state to which, and who
// may take it. Pure: the store applies it (src/store/repo/requests.ts) under a row lock and a
// version check, and the API and CLI show it (`allowedActions`).
import type { REQUEST_STATES } from '../store/schema.js';

/** A request's state. */
export type RequestState = (typeof REQUEST_STATES)[number];

/** What a person can do to a request. */
export const REQUEST_ACTIONS = ['submit', 'review', 'approve', 'reject', 'request_changes', 'withdraw'] as const;
/** A request action. */
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** Who may take an action: the requester, a reviewer of the type (never the requester), or either. */
export type Actor = 'requester' | 'reviewer';

/**
 * The transition table. `approve` names the state it moves to once the approvals are complete;
 * an approval that leaves some missing (a required role, the minimum of distinct approvers)
 * moves the request to `in_review` instead. Closed states have no way out: a decision is a record,
 * and a new question is a new request.
 */
export const TRANSITIONS: Readonly<Record<RequestState, Partial<Record<RequestAction, { to: RequestState; by: Actor }>>>> = {
  draft: { submit: { to: 'submitted', by: 'requester' }, withdraw: { to: 'withdrawn', by: 'requester' } },
  submitted: {
    review: { to: 'in_review', by: 'reviewer' },
    approve: { to: 'approved', by: 'reviewer' },
    reject: { to: 'rejected', by: 'reviewer' },
    request_changes: { to: 'changes_requested', by: 'reviewer' },
    withdraw: { to: 'withdrawn', by: 'requester' },
  },
  in_review: {
    approve: { to: 'approved', by: 'reviewer' },
    reject: { to: 'rejected', by: 'reviewer' },
    request_changes: { to: 'changes_requested', by: 'reviewer' },
    withdraw: { to: 'withdrawn', by: 'requester' },
  },
  changes_requested: { submit: { to: 'submitted', by: 'requester' }, withdraw: { to: 'withdrawn', by: 'requester' } },
  approved: {},
  rejected: {},
  withdrawn: {},
};

/** States in which a request waits on the OSPO or the requester (the SLA clock runs). */
export const OPEN_STATES: readonly RequestState[] = ['submitted', 'in_review', 'changes_requested'];
/** States that end a request; each has a decision. */
export const CLOSED_STATES: readonly RequestState[] = ['approved', 'rejected', 'withdrawn'];
/** States in which the requester may still edit the form. */
export const EDITABLE_STATES: readonly RequestState[] = ['draft', 'changes_requested'];

/** Returns the transition an action takes from a state, or undefined when the table has none. */
export function transition(from: RequestState, action: RequestAction): { to: RequestState; by: Actor } | undefined {
  return TRANSITIONS[from][action];
}

/** Returns the actions a caller may take now: as requester, as reviewer of the type, or both (admins). */
export function allowedActions(state: RequestState, caller: { requester: boolean; reviewer: boolean }): RequestAction[] {
  const out: RequestAction[] = [];
  for (const [action, t] of Object.entries(TRANSITIONS[state]) as [RequestAction, { by: Actor }][]) {
    // No self-review: a requester never reviews their own request, whatever their role.
    if (t.by === 'reviewer' && caller.reviewer && !caller.requester) out.push(action);
    if (t.by === 'requester' && caller.requester) out.push(action);
  }
  return out;
}
