// GET /api/compare?a=&b=&suite=&alpha=: is B better than A? The same object as
// `deno task bench compare A B --json` (harness/suite_data.ts answers both).
import { createRoute, z } from "@hono/zod-openapi";
import { compareOnSuite } from "../../harness/suite_data.ts";
import { errorResponseDoc, newRouter } from "../../server/router.ts";

const side = (which: string) =>
  z.string().min(1).max(200).openapi({
    description: `Side ${which}: a run id, RUN_ID@MODEL (one model of a run) or a model id ` +
      "(its finished and cancelled runs on the suite, pooled)",
  });

const FlipSchema = z.object({
  task_id: z.string(),
  a_pass: z.number(),
  b_pass: z.number(),
  a_attempts: z.array(z.string()).openapi({ description: "RUN_ID/ATTEMPT_DIR of each" }),
  b_attempts: z.array(z.string()),
}).openapi("Flip");

const ComparisonSchema = z.object({
  a: z.string(),
  b: z.string(),
  suite_id: z.string(),
  tasks: z.number().openapi({ description: "Tasks both sides have graded attempts on" }),
  a_pass_at_1: z.number(),
  b_pass_at_1: z.number(),
  diff: z.number().openapi({ description: "Mean over tasks of B's pass fraction − A's" }),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  p_value: z.number(),
  method: z.enum(["mcnemar-exact", "sign-flip-exact", "sign-flip-mc"]),
  alpha: z.number(),
  verdict: z.enum(["b_better", "a_better", "no_significant_difference"]),
  a_only: z.number(),
  b_only: z.number(),
  tasks_needed: z.number().nullable(),
  a_pass_rate_by_try: z.array(z.number()).openapi({
    description: "A's pass_rate_1 … pass_rate_N over the shared tasks (--tries)",
  }),
  b_pass_rate_by_try: z.array(z.number()),
  flips: z.array(FlipSchema),
}).openapi("Comparison");

const getCompare = createRoute({
  method: "get",
  path: "/compare",
  tags: ["leaderboard"],
  summary: "Paired comparison of B against A on one suite",
  description: "Without `suite`, the one suite both sides have runs on (a 400 lists the " +
    "choices when there are several).",
  request: {
    query: z.object({
      a: side("A"),
      b: side("B"),
      suite: z.string().min(1).optional(),
      alpha: z.coerce.number().gt(0).lt(1).default(0.05),
    }),
  },
  responses: {
    200: {
      description: "The comparison",
      content: { "application/json": { schema: ComparisonSchema } },
    },
    400: errorResponseDoc("Unknown side, no or several shared suites, no shared task"),
  },
});

export function compareRoutes() {
  return newRouter().openapi(getCompare, async (c) => {
    const { a, b, suite, alpha } = c.req.valid("query");
    const { comparison } = await compareOnSuite(c.var.deps.store, a, b, { suite, alpha });
    return c.json(comparison, 200);
  });
}
