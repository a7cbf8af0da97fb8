// Run artifacts over HTTP: GET /artifacts/<run_id>/<attempt_dir>/<file> (any file inside
// a run's folder) and GET /runs/<run_id> (its summary.json). Only run folders under the
// runs directory are reachable: each path segment is checked, then the real path (symlinks
// resolved) must stay inside. Files stream from disk and honour Range.
import { z } from "@hono/zod-openapi";
import {
  bytesResponse,
  decodeSegments,
  fileResponse,
  rawPath,
  resolveInside,
} from "../server/files.ts";
import { type AttemptFileStore, StoreError } from "../lib/store/store.ts";
import { HttpError } from "../server/errors.ts";
import type { AppDeps } from "../server/router.ts";
import { newRouter } from "../server/router.ts";

/** A run folder's name; anything else in runs/ (history.db, caches) is not served. */
const RUN_DIR = /^run_[A-Za-z0-9_-]+$/;

/**
 * Model-written files are served as data, never as a page of this origin: scripts in an
 * HTML artifact must not reach the API.
 */
const ARTIFACT_HEADERS = {
  "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
  "Cache-Control": "no-cache",
};

/**
 * A stored attempt file; an artifact store that fails (bucket or database unreachable) is a
 * 503, its one-line reason logged here rather than shown to the client.
 */
async function readStored(files: AttemptFileStore, runId: string, dir: string, name: string) {
  try {
    return await files.readAttemptFile(runId, dir, name);
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    console.error(`artifacts: ${e.message}`);
    throw new HttpError(503, "artifact store unavailable");
  }
}

function runIdParam() {
  return z.string().openapi({ param: { name: "run_id", in: "path" } });
}

export function artifactRoutes() {
  const router = newRouter();
  router.openAPIRegistry.registerPath({
    method: "get",
    path: "/artifacts/{run_id}/{attempt_dir}/{file}",
    tags: ["artifacts"],
    summary: "One artifact file (prompt.txt, response.txt, patch.diff, stdout.log…); Range works",
    request: {
      params: z.object({
        run_id: runIdParam(),
        attempt_dir: z.string().openapi({ param: { name: "attempt_dir", in: "path" } }),
        file: z.string().openapi({ param: { name: "file", in: "path" } }),
      }),
    },
    responses: {
      200: { description: "The file, typed by its extension" },
      206: { description: "The requested byte range" },
      404: { description: "No such file inside the run" },
      416: { description: "Range outside the file" },
      503: { description: "The artifact store (bucket or database) cannot be reached" },
    },
  });
  router.openAPIRegistry.registerPath({
    method: "get",
    path: "/runs/{run_id}",
    tags: ["artifacts"],
    summary: "The run's summary.json (written when the run ends)",
    request: { params: z.object({ run_id: runIdParam() }) },
    responses: {
      200: { description: "summary.json" },
      404: { description: "No such run, or not finished yet" },
    },
  });

  const serve = async (deps: AppDeps, segments: string[], req: Request) => {
    const [runId] = segments;
    const ok = runId && RUN_DIR.test(runId);
    const path = ok ? await resolveInside(deps.config.runsDir, segments) : null;
    if (path) return fileResponse(path, req, ARTIFACT_HEADERS);
    // Graded on another machine (distributed mode): the worker stored the file in PostgreSQL
    // or the BENCH_ARTIFACTS_URL bucket.
    if (ok && segments.length >= 3 && deps.attemptFiles) {
      const name = segments.slice(2).join("/"); // tries/<i>/… of a later try
      const bytes = await readStored(deps.attemptFiles, runId, segments[1], name);
      if (bytes) return bytesResponse(segments.at(-1)!, bytes, req, ARTIFACT_HEADERS);
    }
    throw new HttpError(404, "no such artifact");
  };

  router.on(["GET", "HEAD"], "/artifacts/*", (c) => {
    // Segments are decoded one by one, so an encoded `/` or `..` stays inside its segment,
    // where it is refused.
    const segments = decodeSegments(rawPath(c.req.url), "/artifacts/");
    if (!segments) throw new HttpError(400, "malformed path");
    if (segments.length < 2) throw new HttpError(404, "no such artifact");
    return serve(c.var.deps, segments, c.req.raw);
  });

  router.on(["GET", "HEAD"], "/runs/:run_id", async (c) => {
    const runId = c.req.param("run_id");
    const { store } = c.var.deps;
    try {
      return await serve(c.var.deps, [runId, "summary.json"], c.req.raw);
    } catch (e) {
      const row = e instanceof HttpError && RUN_DIR.test(runId)
        ? await store.getRun(runId)
        : undefined;
      if (row) throw new HttpError(404, `run ${runId} has no summary.json yet (${row.status})`);
      throw e;
    }
  });
  return router;
}
