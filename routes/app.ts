// Builds the web app from injected dependencies: middleware (host check, token rule, body
// limit), the REST resources under /api, the event streams, artifacts, the dashboard, and the
// OpenAPI document generated from the same zod schemas that validate requests. Tests call
// `createApp(deps).fetch` directly or serve it on a loopback port.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { artifactRoutes } from "./artifacts.ts";
import { eventsRoutes } from "./api/events.ts";
import { leaderboardRoutes } from "./api/leaderboard.ts";
import { compareRoutes } from "./api/compare.ts";
import { exportRoutes } from "./api/exports.ts";
import { modelsRoutes } from "./api/models.ts";
import { runsRoutes } from "./api/runs.ts";
import { tasksRoutes } from "./api/tasks.ts";
import { docsRoutes, type OpenApiDoc } from "./api/docs.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { errorResponse, HttpError, validationHook } from "../server/errors.ts";
import type { AppDeps, AppEnv } from "../server/router.ts";
import { loopbackHostGuard, requireTokenForChanges } from "../server/security.ts";

/** Largest request body accepted (a replayed answer fits many times over). */
export const MAX_BODY_BYTES = 1024 * 1024;

const OPENAPI_INFO = {
  openapi: "3.0.3",
  info: {
    title: "Benchmark Harness",
    version: "1",
    description: "Launch benchmark runs, follow them live, and read their results.",
  },
};

/** The app serving `deps`. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(errorResponse);
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.use("*", loopbackHostGuard(deps.config));
  app.use("*", requireTokenForChanges(deps.config));
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });

  app.route("/api", tasksRoutes());
  app.route("/api", modelsRoutes());
  app.route("/api", runsRoutes());
  app.route("/api", leaderboardRoutes());
  app.route("/api", compareRoutes());
  app.route("/api", exportRoutes());
  app.route("/api", eventsRoutes());
  app.route("/", artifactRoutes());
  app.doc("/api/openapi.json", OPENAPI_INFO);
  let doc: OpenApiDoc | undefined;
  const openApi = () => doc ??= app.getOpenAPIDocument(OPENAPI_INFO) as unknown as OpenApiDoc;
  app.route("/api", docsRoutes(openApi));
  app.route("/", dashboardRoutes());
  return app;
}
