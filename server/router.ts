// What every route module shares: the injected dependencies (read from `c.var.deps`, so
// tests can build an app around their own store and queue), a router factory whose
// validation failures become 400s naming each field, and the error body's schema.
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Config } from "../lib/config.ts";
import type { AttemptFileStore, Store } from "../lib/store/store.ts";
import type { CatalogCache } from "./catalog_cache.ts";
import { validationHook } from "./errors.ts";
import type { EventFeed } from "./event_feed.ts";
import type { RunQueue } from "./run_queue.ts";

/** Everything the routes use; built once by server/server.ts (or by a test). */
export interface AppDeps {
  config: Config;
  store: Store;
  /**
   * Attempt files graded on other machines (distributed mode: PostgreSQL or the
   * BENCH_ARTIFACTS_URL bucket; lib/store/open.ts artifactFiles); null in embedded mode.
   */
  attemptFiles: AttemptFileStore | null;
  queue: RunQueue;
  feed: EventFeed;
  /** Catalog folders; planning a run loads them afresh. */
  catalogDirs: string[];
  /** The same folders' catalog for pages and the API, reloaded when a task file changes. */
  catalog: CatalogCache;
}

export type AppEnv = { Variables: { deps: AppDeps } };

/** A router for one resource; mount it with `app.route(prefix, router)`. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const ErrorSchema = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
}).openapi("Error");

/** The `responses` entry of an error status, for route definitions. */
export function errorResponseDoc(description: string) {
  return { description, content: { "application/json": { schema: ErrorSchema } } };
}
