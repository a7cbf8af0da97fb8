// The run resource's shapes: the launch request (validated, and the OpenAPI document's
// source), a run as the API shows it, its attempts (lib/wire's Attempt, which the schema
// here is checked to match), and the mappers from stored runs and queue entries to those.
import { z } from "@hono/zod-openapi";
import { OUTCOMES } from "../../harness/grading/outcome.ts";
import { DEFAULT_MAX_ANSWER_BYTES } from "../../lib/config.ts";
import { parseRunRequest, type RunRequest } from "../../harness/request.ts";
import type { RunOverview } from "../../lib/store/store.ts";
import {
  AGENT_END_REASONS,
  type Attempt,
  finishedResults,
  type ModelTotals,
  progressOf,
  type RunSettings,
  totalsByModel,
} from "../../lib/wire.ts";
import type { QueuedRunInfo } from "../../server/run_queue.ts";

/**
 * The body of POST /api/runs: the run flags a client may set (not the server's folders), by
 * their RunRequest names, with limits a shared server wants.
 */
export const LaunchRunSchema = z.strictObject({
  models: z.array(z.string().min(1)).min(1).max(50).optional().openapi({
    description: "model ids (reference, starter, replay, <provider>/<model>); " +
      "default: DEFAULT_MODEL, or replay with response_text",
    example: ["reference", "starter"],
  }),
  tasks: z.string().min(1).optional().openapi({
    description:
      "selector: all | id,id | lang:go | tag:x | category:x | source:x | dir:path (default all)",
    example: "lang:python",
  }),
  task: z.array(z.string().min(1)).optional().openapi({ description: "task ids, added" }),
  samples: z.int().min(1).max(100).optional().openapi({
    description: "attempts per task and model",
  }),
  temperature: z.number().min(0).max(2).optional(),
  concurrency: z.int().min(1).max(64).optional().openapi({ description: "attempts at once" }),
  include_tests: z.boolean().optional().openapi({ description: "show the tests to the model" }),
  install_deps: z.boolean().optional().openapi({
    description: "pip-install a task's requirements.txt (needs network)",
  }),
  unsafe_no_sandbox: z.boolean().optional().openapi({
    description: "grade without bubblewrap (loopback-bound servers only)",
  }),
  timeout: z.number().min(1).max(3600).optional().openapi({
    description: "override every task's timeout_s",
  }),
  response_text: z.string().max(DEFAULT_MAX_ANSWER_BYTES).optional().openapi({
    description: "the answer of model replay (at most 2 MiB; a run also refuses any answer " +
      "over BENCH_MAX_ANSWER_BYTES as malformed_response)",
  }),
  max_retries: z.int().min(0).max(20).optional(),
  max_connections: z.int().min(1).max(256).optional(),
  no_cache: z.boolean().optional().openapi({ description: "ignore the response cache" }),
  tries: z.int().min(1).max(10).optional().openapi({
    description: "tries per attempt; later tries see the test output (default 1)",
  }),
  max_cost: z.number().positive().optional().openapi({
    description: "USD: no attempt or try starts once the run spent this much",
  }),
  max_tokens: z.int().min(1).optional().openapi({
    description: "tokens: no attempt or try starts once the run used this many",
  }),
  agent: z.boolean().optional().openapi({
    description: "agent mode: the model works with tools (list, read, write, run tests)",
  }),
  max_turns: z.int().min(1).max(200).optional(),
  max_test_runs: z.int().min(0).max(100).optional(),
  attempt_timeout: z.number().min(1).max(7200).optional(),
  max_attempt_tokens: z.int().min(1).optional(),
}).openapi("LaunchRun");
export type LaunchRun = z.infer<typeof LaunchRunSchema>;

/** The launch body as a RunRequest: the same fields by the same names, one planner for both. */
export function runRequestFromLaunch(body: LaunchRun): RunRequest {
  return parseRunRequest(body);
}

export const RUN_STATUSES = [
  "queued",
  "running",
  "finished",
  "cancelled",
  "interrupted",
  "failed",
] as const;

const SettingsSchema = z.looseObject({
  models: z.array(z.string()),
  task_ids: z.array(z.string()),
  samples: z.number(),
  temperature: z.number(),
  concurrency: z.number(),
  include_tests: z.boolean(),
  install_deps: z.boolean(),
  unsafe_no_sandbox: z.boolean(),
  timeout_s: z.number().nullable(),
  tries: z.number().optional(),
  max_cost_usd: z.number().nullable().optional(),
  max_tokens: z.number().nullable().optional(),
}).openapi("RunSettings");

const TotalsSchema = z.looseObject({
  model: z.string(),
  attempts: z.number(),
  graded: z.number(),
  passed: z.number(),
  pass_rate: z.number().nullable(),
  tests_passed: z.number(),
  tests_total: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cost_usd: z.number().nullable(),
  duration_s: z.number(),
}).openapi("ModelTotals");

export const RunSchema = z.object({
  run_id: z.string(),
  status: z.enum(RUN_STATUSES),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  settings: SettingsSchema,
  parent_run_id: z.string().nullable(),
  parent_kind: z.string().nullable(),
  /** Place in the server's queue (1 = next); null unless waiting. */
  position: z.number().nullable(),
  progress: z.object({ done: z.number(), total: z.number(), passed: z.number() }),
  /** Per-model totals: final once finished, so far while running. */
  totals: z.array(TotalsSchema).nullable(),
  /** Interrupted (or cancelled) runs can be taken up again under the same id. */
  resumable: z.boolean(),
  /** Why a failed run failed (one line naming the file and the cause); else null. */
  error: z.string().nullable(),
  links: z.object({ self: z.string(), events: z.string(), summary: z.string() }),
}).openapi("Run");
export type RunView = z.infer<typeof RunSchema>;

export const AttemptSchema = z.object({
  task_id: z.string(),
  model: z.string(),
  sample: z.number(),
  /** null until the attempt finished. */
  outcome: z.enum(OUTCOMES).nullable(),
  tests_passed: z.number().nullable(),
  tests_total: z.number().nullable(),
  duration_s: z.number(),
  prompt_tokens: z.number().nullable(),
  completion_tokens: z.number().nullable(),
  cost_usd: z.number().nullable(),
  error: z.string().nullable(),
  attempt_dir: z.string(),
  cached: z.boolean(),
  latency_ms: z.number().nullable(),
  first_token_ms: z.number().nullable(),
  retries: z.number(),
  grade_s: z.number().nullable(),
  edits_applied: z.array(z.string()),
  edits_refused: z.array(z.object({ path: z.string(), reason: z.string() })),
  output_truncated: z.boolean(),
  integrity_flags: z.array(z.string()),
  tries: z.array(z.object({
    try: z.number(),
    outcome: z.enum(OUTCOMES),
    tests_passed: z.number().nullable(),
    tests_total: z.number().nullable(),
    prompt_tokens: z.number().nullable(),
    completion_tokens: z.number().nullable(),
    cost_usd: z.number().nullable(),
    duration_s: z.number(),
    error: z.string().nullable(),
    lazy: z.boolean(),
  })),
  /** The try that passed (1-based), null when none did. */
  passed_on_try: z.number().nullable(),
  /** Some try applied placeholder code instead of the code it stood for. */
  lazy: z.boolean(),
  agent: z.object({
    turns: z.number(),
    tool_calls: z.record(z.string(), z.number()),
    test_runs: z.number(),
    ended_by: z.enum(AGENT_END_REASONS),
  }).nullable(),
  worker: z.string().nullable().optional(),
  stage: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  /** Prefix of this attempt's files: `<artifacts>stdout.log`, `<artifacts>patch.diff`… */
  artifacts: z.string(),
}).openapi("Attempt");

/** True only when A and B are the same type: the schema cannot drift from lib/wire's Attempt. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const ATTEMPT_SCHEMA_MATCHES: Same<z.infer<typeof AttemptSchema>, Attempt> = true;
void ATTEMPT_SCHEMA_MATCHES;

export const RunDetailSchema = RunSchema.extend({ attempts: z.array(AttemptSchema) })
  .openapi("RunDetail");

function links(id: string) {
  return { self: `/api/runs/${id}`, events: `/api/runs/${id}/events`, summary: `/runs/${id}` };
}

/** The API's view of a run the queue holds but the database does not have yet. */
export function queuedRunView(q: QueuedRunInfo): RunView {
  return {
    run_id: q.run_id,
    status: q.state,
    started_at: null,
    finished_at: null,
    settings: { ...q.settings },
    parent_run_id: null,
    parent_kind: null,
    position: q.position,
    progress: {
      done: 0,
      total: q.settings.task_ids.length * q.settings.models.length * q.settings.samples,
      passed: 0,
    },
    totals: null,
    resumable: false,
    error: null,
    links: links(q.run_id),
  };
}

/** Resume takes up runs that stopped early; never one the queue still holds. */
export function isResumable(status: string, inQueue: boolean): boolean {
  return !inQueue && (status === "interrupted" || status === "cancelled");
}

/** The API's view of a stored run; `attempts` (when given) make live totals. */
export function runView(row: RunOverview, inQueue: boolean, attempts?: Attempt[]): RunView {
  const settings: RunSettings = row.settings;
  let totals = row.totals as ModelTotals[] | null;
  if (!totals && attempts) {
    totals = totalsByModel(
      finishedResults(attempts),
      settings.models,
      settings.tries,
    );
  }
  return {
    run_id: row.id,
    status: row.status,
    started_at: row.started_at,
    finished_at: row.finished_at,
    settings: { ...settings },
    parent_run_id: row.parent_run_id,
    parent_kind: row.parent_kind,
    position: null,
    progress: attempts ? progressOf(attempts, row.attempts_total) : {
      done: row.attempts_done,
      total: row.attempts_total,
      passed: row.attempts_passed,
    },
    totals: totals?.map((t) => ({ ...t })) ?? null,
    resumable: isResumable(row.status, inQueue),
    error: row.error,
    links: links(row.id),
  };
}
