// A complete AttemptResult for unit tests, with only what a test cares about overridden.
import { type AttemptResult, type Outcome, type TryResult, unfinishedResult } from "../lib/wire.ts";

/** An attempt of `task_id` by model "m" with `outcome`; every other field a default or `extra`. */
export function attempt(
  task_id: string,
  outcome: Outcome,
  extra: Partial<AttemptResult> = {},
): AttemptResult {
  return {
    ...unfinishedResult(task_id, "m", 0),
    duration_s: 1,
    outcome,
    passed_on_try: outcome === "passed" ? 1 : null,
    ...extra,
  };
}

/** `n` tries (--tries) of which try `passedOn` passed (none when null), the others failed. */
export function triesOf(n: number, passedOn: number | null = null): TryResult[] {
  return Array.from({ length: n }, (_, i) => ({
    try: i + 1,
    outcome: i + 1 === passedOn ? "passed" : "failed",
    tests_passed: null,
    tests_total: null,
    prompt_tokens: null,
    completion_tokens: null,
    cost_usd: null,
    duration_s: 1,
    error: null,
    lazy: false,
  }));
}
