import assert from "node:assert/strict";
import { Hono } from "hono";
import { type SseSend, streamSse } from "./sse.ts";

type Producer = (send: SseSend, signal: AbortSignal) => Promise<void>;

function serve(produce: Producer, opts = { heartbeatMs: 60_000, retryMs: 500 }) {
  const app = new Hono();
  app.get("/", (c) => streamSse(c, produce, opts));
  return app.fetch(new Request("http://localhost/"));
}

/** Captures console.error while `body` runs. */
async function quietErrors<T>(body: () => Promise<T>): Promise<{ value: T; logged: string[] }> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(" "));
  try {
    return { value: await body(), logged };
  } finally {
    console.error = original;
  }
}

Deno.test("sse - writes the exact wire format, one data line per line", async () => {
  const res = await serve(async (send) => {
    await send({ event: "attempt_finished", id: 7, data: "one\ntwo\r\nthree" });
    await send({ data: "{}" });
  });
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  assert.equal(res.headers.get("cache-control"), "no-cache");
  assert.equal(
    await res.text(),
    "retry: 500\n\n" +
      "event: attempt_finished\ndata: one\ndata: two\ndata: three\nid: 7\n\n" +
      "data: {}\n\n",
  );
});

Deno.test("sse - refuses a newline in event or id and closes the stream", async () => {
  for (const bad of [{ event: "a\nb", data: "x" }, { id: "1\r2", data: "x" }]) {
    const { value: text, logged } = await quietErrors(async () => {
      const res = await serve(async (send) => {
        await send({ event: "ok", data: "before" });
        await send(bad);
        await send({ event: "ok", data: "after" });
      });
      return await res.text();
    });
    assert.equal(text, "retry: 500\n\nevent: ok\ndata: before\n\n");
    assert.equal(logged.length, 1);
    assert.match(logged[0], /must not contain/);
  }
});

Deno.test("sse - a client going away aborts the producer's signal", async () => {
  let aborted!: () => void;
  const sawAbort = new Promise<void>((r) => aborted = r);
  const res = await serve(async (send, signal) => {
    await send({ data: "hello" });
    if (!signal.aborted) {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    }
    aborted();
  });
  const reader = res.body!.getReader();
  await reader.read();
  await reader.cancel();
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error("producer never saw the client leave")), 2_000)
  );
  await Promise.race([sawAbort, timeout]);
});

Deno.test("sse - idle streams get heartbeat comments", async () => {
  const res = await serve(
    (_send, _signal) => new Promise((r) => setTimeout(r, 120)),
    { heartbeatMs: 25, retryMs: 1000 },
  );
  const text = await res.text();
  assert.match(text, /^retry: 1000\n\n(: ping\n\n){2,}$/);
});

Deno.test("sse - a producer that throws still ends the stream, and the error stays in the log", async () => {
  const { value: text, logged } = await quietErrors(async () => {
    const res = await serve(async (send) => {
      await send({ data: "partial" });
      throw new Error("database went away");
    });
    return await res.text();
  });
  assert.equal(text, "retry: 500\n\ndata: partial\n\n");
  assert.equal(logged.length, 1);
  assert.match(logged[0], /database went away/);
});
