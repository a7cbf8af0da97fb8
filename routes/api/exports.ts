// GET /api/runs/:id/attempts.csv and .jsonl: a run's finished attempts, one row each, with
// the run, suite and harness commit (harness/export.ts), streamed line by line.
import { createRoute, z } from "@hono/zod-openapi";
import { type ExportFormat, exportLines } from "../../harness/export.ts";
import { exportSource } from "../../harness/suite_data.ts";
import { HttpError } from "../../server/errors.ts";
import { errorResponseDoc, newRouter } from "../../server/router.ts";

const TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
};

const RunIdParam = z.object({
  run_id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).openapi({
    param: { name: "run_id", in: "path" },
  }),
});

function exportRoute(format: ExportFormat) {
  return createRoute({
    method: "get",
    path: `/runs/{run_id}/attempts.${format}`,
    tags: ["runs"],
    summary: `A run's finished attempts as ${format === "csv" ? "CSV (RFC 4180)" : "JSON Lines"}`,
    description: "One row per attempt: run_id, suite_id, commit, then every attempt field " +
      "(the README's Reading the numbers lists the columns).",
    request: { params: RunIdParam },
    responses: {
      200: {
        description: "Streamed",
        content: { [TYPES[format].split(";")[0]]: { schema: z.string() } },
      },
      404: errorResponseDoc("No such run"),
    },
  });
}

async function respond(store: Parameters<typeof exportSource>[0], runId: string, f: ExportFormat) {
  if (!await store.getRun(runId)) throw new HttpError(404, `no run "${runId}"`);
  const lines = exportLines(f, await exportSource(store, { runId }));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": TYPES[f],
      "content-disposition": `attachment; filename="${runId}.${f}"`,
    },
  });
}

export function exportRoutes() {
  return newRouter()
    .openapi(
      exportRoute("csv"),
      (c) => respond(c.var.deps.store, c.req.valid("param").run_id, "csv"),
    )
    .openapi(
      exportRoute("jsonl"),
      (c) => respond(c.var.deps.store, c.req.valid("param").run_id, "jsonl"),
    );
}
