// One typed run request: what the command line (`bench`, `validate-tasks`) and the server's
// POST /api/runs both produce, and all the planner (plan.ts) reads. Field names are the
// flags' names in snake_case; each field keeps the flag's meaning (README's flag table).
import { z } from "zod";
import { UsageError } from "../lib/errors.ts";

export const RunRequestSchema = z.strictObject({
  /** Model ids; default DEFAULT_MODEL, or `replay` when an answer to replay is given. */
  models: z.array(z.string().min(1)).min(1).optional(),
  /** Task selector: all | id,id | lang:go | tag:x | category:x (default all). */
  tasks: z.string().min(1).optional(),
  /** Task ids, added to the selector's. */
  task: z.array(z.string().min(1)).default([]),
  /** Catalog folders besides the project's tasks/. */
  tasks_dirs: z.array(z.string().min(1)).default([]),
  samples: z.int().min(1).optional(),
  temperature: z.number().min(0).optional(),
  concurrency: z.int().min(1).optional(),
  include_tests: z.boolean().default(false),
  install_deps: z.boolean().default(false),
  /** Seconds; overrides every task's timeout_s. */
  timeout: z.number().min(1).optional(),
  unsafe_no_sandbox: z.boolean().default(false),
  max_retries: z.int().min(0).optional(),
  max_connections: z.int().min(1).optional(),
  no_cache: z.boolean().default(false),
  /** Write the prompts only. */
  dry_run: z.boolean().default(false),
  response_file: z.string().min(1).optional(),
  response_text: z.string().optional(),
  /** Grade this run's stored answers again as a new linked run. */
  regrade: z.string().min(1).optional(),
  /** Continue this interrupted run under its own id. */
  resume: z.string().min(1).optional(),
  /** Where runs are written (default the configured runs folder). */
  output_dir: z.string().min(1).optional(),
  /** Tries per attempt; try i ≥ 2 sees the previous try's test output. */
  tries: z.int().min(1).optional(),
  /** USD: no attempt or try starts once the run spent this much. */
  max_cost: z.number().positive().optional(),
  /** Tokens (prompt + completion) of the whole run, capped like max_cost. */
  max_tokens: z.int().min(1).optional(),
  /** Agent mode: the model works with tools in a loop (README: agent mode). */
  agent: z.boolean().optional(),
  /** Agent mode: model calls per attempt (default 30). */
  max_turns: z.int().min(1).optional(),
  /** Agent mode: run_tests calls per attempt (default 5). */
  max_test_runs: z.int().min(0).optional(),
  /** Agent mode: seconds an attempt's loop may take (default 600). */
  attempt_timeout: z.number().min(1).optional(),
  /** Agent mode: prompt plus completion tokens per attempt (default unlimited). */
  max_attempt_tokens: z.int().min(1).optional(),
  /** validate-tasks: record the reference's test names as the expected ones. */
  write_expected: z.boolean().default(false),
});

/** A parsed run request: defaults filled in, every value checked. */
export type RunRequest = z.output<typeof RunRequestSchema>;
/** What a run request may be built from (defaulted fields optional). */
export type RunRequestInput = z.input<typeof RunRequestSchema>;

/**
 * Checks and completes `input`. Throws UsageError naming the first bad field as a flag
 * (`--max-retries: Too small…`), since both callers already reject what their own
 * syntax can catch and this is the last guard.
 */
export function parseRunRequest(input: RunRequestInput): RunRequest {
  const parsed = RunRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue.path[0] ?? (issue as { keys?: string[] }).keys?.[0] ?? "request");
  throw new UsageError(`--${field.replaceAll("_", "-")}: ${issue.message}`);
}
