// A complete AttemptResult for unit tests, with only what a test cares about overridden.
import { type AttemptResult, type Outcome, unfinishedResult } from "../lib/wire.ts";

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
