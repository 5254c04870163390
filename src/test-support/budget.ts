/**
 * Time budgets for the regression guards in unit tests ("extracts 5,000 packages quickly"). Those
 * tests catch work that grows faster than the input (a quadratic loop, a regex that backtracks),
 * which at their sizes takes many seconds or minutes; they are not benchmarks (`npm run bench`
 * measures speed and BENCHMARKS.md records it). Each budget is set about ten times above what an
 * idle machine takes and multiplied by TIME_FACTOR, because the test command runs its files in
 * parallel on a CI machine that may be shared and several times slower than a developer's.
 * OSPO_TIME_FACTOR overrides the factor (1 for the bare budgets).
 */
export const TIME_FACTOR = Math.max(1, Number(process.env.OSPO_TIME_FACTOR) || 5);

/** The milliseconds a guarded operation may take on this run: `ms` times TIME_FACTOR. */
export function budget(ms: number): number {
  return ms * TIME_FACTOR;
}
