// The run resource: launch (POST /api/runs, queued behind MAX_ACTIVE_RUNS), list (recent
// first, paginated), one run with its attempts, cancel, and resume of an interrupted run.
import { createRoute, z } from "@hono/zod-openapi";
import { projectRequest } from "../../harness/cost_projection.ts";
import { type PlanContext, planRun, requireSandbox } from "../../harness/plan.ts";
import { reopenRun } from "../../harness/lifecycle.ts";
import { closeProviders } from "../../harness/providers/options.ts";
import { parseRunRequest } from "../../harness/request.ts";
import type { RunPlan } from "../../harness/run.ts";
import { HttpError } from "../../server/errors.ts";
import { type AppDeps, errorResponseDoc, newRouter } from "../../server/router.ts";
import { isLoopback } from "../../server/security.ts";
import {
  LaunchRunSchema,
  queuedRunView,
  RunDetailSchema,
  runRequestFromLaunch,
  RunSchema,
  runView,
} from "./run_schemas.ts";

const RunIdParam = z.object({
  run_id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).openapi({
    param: { name: "run_id", in: "path" },
    example: "run_20261126T211206Z_k3x9q",
  }),
});

const LaunchedSchema = z.object({
  run_id: z.string(),
  status: z.enum(["queued", "running"]),
  position: z.number().nullable(),
  links: z.object({ self: z.string(), events: z.string(), summary: z.string() }),
}).openapi("Launched");

const json = <T>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const launchRun = createRoute({
  method: "post",
  path: "/runs",
  tags: ["runs"],
  summary: "Launch a run (queued while MAX_ACTIVE_RUNS runs are active)",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: LaunchRunSchema } },
    },
  },
  responses: {
    202: json(LaunchedSchema, "Accepted: queued, or already running"),
    400: errorResponseDoc("A bad body (each bad field named), unknown task or model"),
    401: errorResponseDoc("Missing or wrong token (server not bound to loopback)"),
    413: errorResponseDoc("Body too large"),
    503: errorResponseDoc("A provider failed its preflight (missing key, endpoint down)"),
  },
});

const ProjectionSchema = z.object({
  cost_usd: z.number().nullable().openapi({ description: "USD at most; null when unknown" }),
  models: z.array(z.object({
    model: z.string(),
    prompt_tokens: z.number(),
    completion_tokens: z.number(),
    cost_usd: z.number().nullable(),
  })),
}).openapi("CostProjection");

const projectRun = createRoute({
  method: "post",
  path: "/runs/projection",
  tags: ["runs"],
  summary: "The projected cost of a run (prompt sizes × published prices × attempts × tries)",
  request: {
    body: { required: true, content: { "application/json": { schema: LaunchRunSchema } } },
  },
  responses: {
    200: json(ProjectionSchema, "Estimated tokens and cost; cost null when prices are unknown"),
    400: errorResponseDoc("A bad body, unknown task or model"),
    401: errorResponseDoc("Missing or wrong token (server not bound to loopback)"),
  },
});

const listRuns = createRoute({
  method: "get",
  path: "/runs",
  tags: ["runs"],
  summary: "Recent runs, newest first, paginated; plus runs waiting in the queue",
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(20),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: json(
      z.object({
        runs: z.array(RunSchema),
        total: z.number(),
        limit: z.number(),
        offset: z.number(),
        queued: z.array(RunSchema),
      }).openapi("RunList"),
      "One page of runs",
    ),
    400: errorResponseDoc("Bad limit or offset"),
  },
});

const getRun = createRoute({
  method: "get",
  path: "/runs/{run_id}",
  tags: ["runs"],
  summary: "One run: status, progress, per-model totals and every attempt",
  request: { params: RunIdParam },
  responses: {
    200: json(RunDetailSchema, "The run"),
    404: errorResponseDoc("No such run"),
  },
});

const cancelRun = createRoute({
  method: "post",
  path: "/runs/{run_id}/cancel",
  tags: ["runs"],
  summary: "Cancel a queued or running run of this server",
  request: { params: RunIdParam },
  responses: {
    200: json(z.object({ run_id: z.string(), status: z.literal("cancelled") }), "Cancelled"),
    202: json(
      z.object({ run_id: z.string(), status: z.literal("cancelling") }),
      "Running attempts are being stopped; run_finished follows",
    ),
    404: errorResponseDoc("No such run"),
    409: errorResponseDoc("Not active, or running in another process"),
  },
});

const resumeRun = createRoute({
  method: "post",
  path: "/runs/{run_id}/resume",
  tags: ["runs"],
  summary: "Take up an interrupted (or cancelled) run under the same id",
  request: { params: RunIdParam },
  responses: {
    202: json(LaunchedSchema, "Queued: finished attempts are kept, the rest run again"),
    400: errorResponseDoc("Its tasks left the catalog"),
    404: errorResponseDoc("No such run"),
    409: errorResponseDoc("Finished, still running, or already queued"),
    503: errorResponseDoc("A provider failed its preflight (missing key, endpoint down)"),
  },
});

function planContext(deps: AppDeps, catalog: PlanContext["catalog"]): PlanContext {
  return { config: deps.config, runsDir: deps.config.runsDir, catalog };
}

/** Queues a built plan; a plan the sandbox rule refuses (a UsageError: 400) is closed. */
async function enqueue(deps: AppDeps, plan: RunPlan, beforeStart?: () => Promise<void>) {
  try {
    requireSandbox(plan.settings);
  } catch (e) {
    await closeProviders(plan.providers.values());
    throw e;
  }
  const q = deps.queue.enqueue(plan, beforeStart);
  const view = queuedRunView(q);
  return { run_id: q.run_id, status: q.state, position: q.position, links: view.links };
}

/**
 * Runs waiting in the queue (the store does not have them yet). A run the queue has just
 * started is not one of them even before it has written its row: it is listed from the
 * store as soon as it has.
 */
export async function queuedRunViews({ store, queue }: AppDeps) {
  const views = [];
  for (const q of queue.list()) {
    if (q.position !== null && !await store.getRun(q.run_id)) views.push(queuedRunView(q));
  }
  return views;
}

export function runsRoutes() {
  return newRouter()
    .openapi(launchRun, async (c) => {
      const deps = c.var.deps;
      const body = c.req.valid("json");
      if (body.unsafe_no_sandbox && !isLoopback(deps.config.host)) {
        throw new HttpError(400, "unsafe_no_sandbox is refused when the server is remote");
      }
      const catalog = await deps.catalog.get();
      // Planning errors answer by their type (server/errors.ts): a bug is a 500, not a 400.
      const plan = await planRun(
        runRequestFromLaunch(body),
        planContext(deps, catalog),
        deps.store,
      );
      return c.json(await enqueue(deps, plan), 202);
    })
    .openapi(projectRun, async (c) => {
      const deps = c.var.deps;
      const ctx = planContext(deps, await deps.catalog.get());
      return c.json(await projectRequest(runRequestFromLaunch(c.req.valid("json")), ctx), 200);
    })
    .openapi(listRuns, async (c) => {
      const { store, queue } = c.var.deps;
      const { limit, offset } = c.req.valid("query");
      const runs = (await store.listRunOverviews(limit, offset))
        .map((r) => runView(r, queue.get(r.id) !== undefined));
      const queued = await queuedRunViews(c.var.deps);
      return c.json({ runs, total: await store.countRuns(), limit, offset, queued }, 200);
    })
    .openapi(getRun, async (c) => {
      const { store, queue } = c.var.deps;
      const { run_id } = c.req.valid("param");
      const row = await store.getRunOverview(run_id);
      const q = queue.get(run_id);
      if (!row) {
        if (!q) throw new HttpError(404, `no run ${run_id}`);
        return c.json({ ...queuedRunView(q), attempts: [] }, 200);
      }
      const attempts = await store.listAttempts(run_id);
      return c.json({ ...runView(row, q !== undefined, attempts), attempts }, 200);
    })
    .openapi(cancelRun, async (c) => {
      const { store, queue } = c.var.deps;
      const { run_id } = c.req.valid("param");
      const done = queue.cancel(run_id);
      if (done === "cancelled") return c.json({ run_id, status: "cancelled" as const }, 200);
      if (done === "cancelling") return c.json({ run_id, status: "cancelling" as const }, 202);
      const row = await store.getRun(run_id);
      if (!row) throw new HttpError(404, `no run ${run_id}`);
      if (row.status === "running") {
        throw new HttpError(
          409,
          `run ${run_id} is running in another process (pid ${row.pid}): stop it there`,
        );
      }
      throw new HttpError(409, `run ${run_id} is not active (status ${row.status})`);
    })
    .openapi(resumeRun, async (c) => {
      const deps = c.var.deps;
      const { run_id } = c.req.valid("param");
      if (!await deps.store.getRun(run_id)) throw new HttpError(404, `no run ${run_id}`);
      if (deps.queue.get(run_id)) throw new HttpError(409, `run ${run_id} is already queued`);
      const catalog = await deps.catalog.get();
      const request = parseRunRequest({ resume: run_id });
      const plan = await planRun(request, planContext(deps, catalog), deps.store);
      if (plan.settings.unsafe_no_sandbox && !isLoopback(deps.config.host)) {
        await closeProviders(plan.providers.values());
        throw new HttpError(400, "an unsandboxed run is not resumed when the server is remote");
      }
      return c.json(await enqueue(deps, plan, () => reopenRun(deps.store, run_id)), 202);
    });
}
