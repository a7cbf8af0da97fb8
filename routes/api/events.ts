// Live progress as server-sent events: GET /api/events (every run) and
// GET /api/runs/:id/events (one run, from its first event). Each event's id is its row id
// in the events table, so a client reconnecting with Last-Event-ID (or ?after=) gets
// exactly what it missed, whichever process wrote it.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HttpError } from "../../server/errors.ts";
import { type AppEnv, errorResponseDoc, newRouter } from "../../server/router.ts";
import type { EventRow } from "../../lib/store/store.ts";
import { type SseMessage, streamSse } from "../../server/sse.ts";

const StreamQuery = z.object({
  after: z.coerce.number().int().min(0).optional().openapi({
    description: "start after this event id (for clients that cannot send Last-Event-ID)",
  }),
});
const LastEventId = z.object({
  "last-event-id": z.string().regex(/^\d+$/, "must be an event id").optional(),
});

const EVENT_TYPES =
  "run_started, attempt_started, attempt_stage, attempt_finished, run_finished; " +
  "`data` is the event as JSON";

const sseDoc = (description: string) => ({
  description: `${description}. Event types: ${EVENT_TYPES}`,
  content: { "text/event-stream": { schema: z.string() } },
});

const allEvents = createRoute({
  method: "get",
  path: "/events",
  tags: ["events"],
  summary: "Progress events of every run, live (from now, or after Last-Event-ID)",
  request: { query: StreamQuery, headers: LastEventId },
  responses: { 200: sseDoc("An endless event stream") },
});

const runEvents = createRoute({
  method: "get",
  path: "/runs/{run_id}/events",
  tags: ["events"],
  summary: "One run's events: all so far (or after Last-Event-ID), then live",
  request: {
    params: z.object({ run_id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/) }),
    query: StreamQuery,
    headers: LastEventId,
  },
  responses: {
    200: sseDoc("The run's event stream; it stays open after run_finished"),
    404: errorResponseDoc("No such run"),
  },
});

/** One message per row, shared by every client it goes to (so it is formatted once). */
const messages = new WeakMap<EventRow, SseMessage>();

function messageOf(row: EventRow): SseMessage {
  let m = messages.get(row);
  if (!m) messages.set(row, m = { id: row.id, event: row.type, data: row.data_json });
  return m;
}

function follow(c: Context<AppEnv>, runId: string | undefined, afterId: number | undefined) {
  const { feed } = c.var.deps;
  return streamSse(c, async (send, signal) => {
    for await (const rows of feed.follow({ runId, afterId, signal })) {
      await send(rows.map(messageOf));
    }
  });
}

/** Last-Event-ID wins over ?after= (EventSource sends it on every reconnect). */
function startAfter(header: string | undefined, after: number | undefined): number | undefined {
  return header !== undefined ? Number(header) : after;
}

export function eventsRoutes() {
  return newRouter()
    .openapi(allEvents, (c) => {
      const after = startAfter(c.req.valid("header")["last-event-id"], c.req.valid("query").after);
      return follow(c, undefined, after);
    })
    .openapi(runEvents, async (c) => {
      const { store, queue } = c.var.deps;
      const { run_id } = c.req.valid("param");
      if (!queue.get(run_id) && !await store.getRun(run_id)) {
        throw new HttpError(404, `no run ${run_id}`);
      }
      const after = startAfter(c.req.valid("header")["last-event-id"], c.req.valid("query").after);
      return follow(c, run_id, after ?? 0);
    });
}
