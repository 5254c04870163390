/** Why a workflow action was refused, beyond "not found" and "conflict" (the store's own errors). */
export type WorkflowProblem = 'forbidden' | 'self-review' | 'invalid' | 'training-required' | 'repo-check-required';

/**
 * A workflow action the caller may not take, or whose input is incomplete: the API answers
 * 403 (`forbidden`, `self-review`) or 422 (the rest), naming each problem field in `errors`.
 */
export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  constructor(
    readonly problem: WorkflowProblem,
    message: string,
    readonly errors?: { field: string; message: string }[],
  ) {
    super(message);
  }

  /** The HTTP status the API answers with. */
  get status(): number {
    return this.problem === 'forbidden' || this.problem === 'self-review' ? 403 : 422;
  }
}
