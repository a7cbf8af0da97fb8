// GET /api/leaderboard?suite=ID: the suites with finished runs, and one suite's leaderboard
// (every metric of harness/leaderboard.ts per model). Read from the store's per-run
// aggregates (harness/suite_data.ts), so it is answered fresh on every request.
import { createRoute, z } from "@hono/zod-openapi";
import { suiteBoard } from "../../harness/suite_data.ts";
import { type AppDeps, newRouter } from "../../server/router.ts";

const SuiteSchema = z.object({
  id: z.string(),
  name: z.string().openapi({ example: "catalog (31 tasks)" }),
  tasks: z.number(),
  runs: z.number().openapi({ description: "Its finished and cancelled runs" }),
}).openapi("Suite");

const ByKSchema = z.record(z.string(), z.number()).openapi({
  description: "By k (1, 2, 5, 10), only for k every task has that many graded attempts of",
});

const BestRunSchema = z.object({
  run_id: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  accuracy: z.number(),
  passed: z.number(),
  graded: z.number(),
  cost_usd: z.number().nullable(),
  duration_s: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
}).openapi("BestRun");

const num = (description: string) => z.number().nullable().openapi({ description });

export const RowSchema = z.object({
  model: z.string(),
  rank: z.number(),
  rank_label: z.string().openapi({ description: "`1=` when tied with the leader" }),
  tied: z.boolean(),
  tasks: z.number().openapi({ description: "Tasks with at least one graded attempt" }),
  attempts: z.number(),
  graded: z.number(),
  passed: z.number(),
  pass_at_1: z.number().openapi({ description: "Mean over tasks of passed / graded" }),
  se: num("Task-clustered standard error of pass_at_1"),
  ci_low: num("95% interval of pass_at_1, clipped to [0, 1]"),
  ci_high: num("95% interval of pass_at_1, clipped to [0, 1]"),
  pass_at_k: ByKSchema,
  pass_hat_k: ByKSchema,
  tests_pass_rate: num("Mean over tasks of tests passed / tests run"),
  well_formed_rate: z.number(),
  pass_rate_by_try: z.array(z.number()).openapi({
    description: "Aider's pass_rate_1 … pass_rate_N: share of graded attempts passed by try i",
  }),
  lazy: z.number().openapi({ description: "Graded attempts with placeholder code" }),
  cost_usd: num("Every attempt's known cost"),
  cost_per_solved: num("cost_usd / passed attempts"),
  tokens_per_attempt: num("Prompt + completion tokens per graded attempt"),
  median_duration_s: num("Within 1% (a histogram of 2%-wide buckets)"),
  runs: z.number(),
  flagged: z.number().openapi({ description: "Attempts with integrity flags" }),
  best_run: BestRunSchema.nullable(),
}).openapi("LeaderboardRow");

const getLeaderboard = createRoute({
  method: "get",
  path: "/leaderboard",
  tags: ["leaderboard"],
  summary: "One suite's leaderboard: every model's pooled metrics, ranked with ties",
  description: "Pools the graded attempts of each model's finished and cancelled runs on " +
    "the suite. Without `suite`, the suite with the most recent finished run. Runs on " +
    "different suites are never ranked together.",
  request: {
    query: z.object({
      suite: z.string().min(1).optional().openapi({
        description: "Suite id (default: the suite with the most recent finished run)",
      }),
    }),
  },
  responses: {
    200: {
      description: "The suites, the one shown (null when no run finished) and its rows, best first",
      content: {
        "application/json": {
          schema: z.object({
            suites: z.array(SuiteSchema),
            suite: SuiteSchema.nullable(),
            rows: z.array(RowSchema),
          }).openapi("Leaderboard"),
        },
      },
    },
    400: { description: "Unknown suite (the message lists the known ones)" },
  },
});

export function leaderboardRoutes() {
  return newRouter().openapi(getLeaderboard, async (c) => {
    const { store }: AppDeps = c.var.deps;
    return c.json(await suiteBoard(store, c.req.valid("query").suite), 200);
  });
}
