// GET /api/leaderboard: per model, its best-accuracy finished run with that same run's
// cost, duration, tokens and flagged attempts (ties go to the lower cost). One query:
// Store.bestRunPerModel.
// Its answer only changes when a run finishes (in any process: the events tail sees every
// run_finished), so it is kept until then: the query reads every attempt, which takes a
// noticeable while on a large history, and it blocks the event loop while it does.
import { createRoute, z } from "@hono/zod-openapi";
import { NOT_GRADED } from "../../harness/grading/outcome.ts";
import type { LeaderboardRow } from "../../lib/store/store.ts";
import { type AppDeps, newRouter } from "../../server/router.ts";

const EntrySchema = z.object({
  rank: z.number(),
  model: z.string(),
  run_id: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** passed / graded attempts of that run (harness and provider failures not graded). */
  accuracy: z.number(),
  passed: z.number(),
  graded: z.number(),
  attempts: z.number(),
  tests_passed: z.number(),
  tests_total: z.number(),
  cost_usd: z.number().nullable(),
  duration_s: z.number(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  /** Finished runs of this model that were compared. */
  runs: z.number(),
  /** Attempts of that run with integrity flags (signs the answer tampered with grading). */
  flagged: z.number(),
}).openapi("LeaderboardEntry");

const getLeaderboard = createRoute({
  method: "get",
  path: "/leaderboard",
  tags: ["leaderboard"],
  summary: "Each model's best-accuracy run, with that run's cost, duration and tokens",
  responses: {
    200: {
      description: "Best first; equal accuracy goes to the lower cost",
      content: {
        "application/json": {
          schema: z.object({ entries: z.array(EntrySchema) }).openapi("Leaderboard"),
        },
      },
    },
  },
});

/** The last answer per database, with the newest run_finished event it reflects. */
const answers = new WeakMap<AppDeps["store"], { upTo: number; rows: LeaderboardRow[] }>();

export function leaderboardRoutes() {
  return newRouter().openapi(getLeaderboard, async (c) => {
    const { store, feed } = c.var.deps;
    const upTo = feed.lastRunFinishedId;
    let kept = answers.get(store);
    if (!kept || kept.upTo !== upTo) {
      kept = { upTo, rows: await store.bestRunPerModel([...NOT_GRADED]) };
      answers.set(store, kept);
    }
    return c.json({ entries: kept.rows.map((r, i) => ({ rank: i + 1, ...r })) }, 200);
  });
}
