// A complete AttemptResult for unit tests, with only what a test cares about overridden.
import type { AttemptResult, Outcome } from "../lib/wire.ts";

/** An attempt of `task_id` with `outcome`; every other field a plain default or `extra`. */
export function attempt(
  task_id: string,
  outcome: Outcome,
  extra: Partial<AttemptResult> = {},
): AttemptResult {
  return {
    task_id,
    model: "m",
    sample: 0,
    outcome,
    tests_passed: null,
    tests_total: null,
    duration_s: 1,
    prompt_tokens: null,
    completion_tokens: null,
    cost_usd: null,
    error: null,
    attempt_dir: `${task_id}__m__sample00`,
    cached: false,
    latency_ms: null,
    first_token_ms: null,
    retries: 0,
    grade_s: null,
    edits_applied: [],
    edits_refused: [],
    output_truncated: false,
    integrity_flags: [],
    agent: null,
    ...extra,
  };
}
