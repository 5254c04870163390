/** Exit codes every command keeps (see ARCHITECTURE.md, "Contracts"). */
export const EXIT = {
  ok: 0,
  /** The gate failed: violations or vulnerabilities at or above --fail-on. */
  gateFailed: 1,
  /** Usage or configuration error. */
  usage: 2,
  /** Some inputs could not be read; the rest was still reported. */
  unreadable: 3,
  internal: 4,
} as const;
