// The retry module alone: what is retried, how long it waits, when it gives up.
import assert from "node:assert/strict";
import {
  isRetryable,
  networkReason,
  RetriesExhaustedError,
  retryAfterMs,
  retryDelayMs,
  type RetryPolicy,
  TransientError,
  withRetries,
} from "./retry.ts";

const POLICY: RetryPolicy = { maxRetries: 3, backoffBaseMs: 100, backoffMaxMs: 1_000 };

function httpError(status: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`${status} scripted`), { status, headers: new Headers(headers) });
}

Deno.test("retry - 429, 408 and 5xx and transient errors are retried; other 4xx are final", () => {
  assert.deepEqual(
    [429, 408, 500, 502, 503, 400, 401, 403, 404, 422].map((s) => isRetryable(httpError(s))),
    [true, true, true, true, true, false, false, false, false, false],
  );
  assert.equal(isRetryable(new TransientError("dropped")), true);
  assert.equal(isRetryable(new TypeError("a bug")), false);
  assert.equal(isRetryable(new DOMException("stop", "AbortError")), false);
});

Deno.test("retry - Retry-After is read as seconds, an HTTP date or retry-after-ms", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(retryAfterMs(new Headers({ "retry-after": "7" }), now), 7_000);
  assert.equal(retryAfterMs(new Headers({ "retry-after": "1.5" }), now), 1_500);
  assert.equal(
    retryAfterMs(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" }), now),
    30_000,
  );
  assert.equal(
    retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), now),
    250,
  );
  assert.equal(retryAfterMs(new Headers({ "retry-after": "soon" }), now), null);
  assert.equal(retryAfterMs(new Headers(), now), null);
});

Deno.test("retry - backoff doubles with jitter, is capped, and obeys Retry-After up to the cap", () => {
  const at = (random: number, retry: number, e: unknown = httpError(500)) =>
    retryDelayMs(retry, e, { ...POLICY, random: () => random });
  assert.deepEqual([1, 2, 3].map((r) => at(0, r)), [50, 100, 200]);
  assert.deepEqual([1, 2, 3].map((r) => at(0.999999, r)).map(Math.round), [100, 200, 400]);
  assert.equal(at(0, 10), 500);
  assert.equal(at(0, 1, httpError(429, { "retry-after": "0.3" })), 300);
  assert.equal(at(0, 1, httpError(429, { "retry-after": "60" })), 1_000);
});

Deno.test("retry - gives up after maxRetries with the last error's first line", async () => {
  let calls = 0;
  const e = await withRetries(() => {
    calls++;
    return Promise.reject(httpError(503));
  }, { ...POLICY, maxRetries: 2, backoffBaseMs: 1 }).then(() => null, (e) => e);
  assert.ok(e instanceof RetriesExhaustedError);
  assert.equal(e.message, "503 scripted (gave up after 2 retries)");
  assert.equal(e.retries, 2);
  assert.equal(calls, 3);
});

Deno.test("retry - counts the retries it took and stops at once on a final error", async () => {
  let calls = 0;
  const ok = await withRetries(
    () => ++calls < 3 ? Promise.reject(new TransientError("flaky")) : Promise.resolve("done"),
    { ...POLICY, backoffBaseMs: 1 },
  );
  assert.deepEqual(ok, { value: "done", retries: 2 });
  calls = 0;
  const e = await withRetries(() => {
    calls++;
    return Promise.reject(httpError(400));
  }, POLICY).then(() => null, (e) => e);
  assert.equal(e.status, 400);
  assert.equal(calls, 1);
});

Deno.test("retry - an abort during backoff ends the wait with the abort reason", async () => {
  const ctl = new AbortController();
  const t0 = performance.now();
  setTimeout(() => ctl.abort(new Error("cancelled by user")), 50);
  const e = await withRetries(() => Promise.reject(httpError(500)), {
    ...POLICY,
    backoffBaseMs: 10_000,
    backoffMaxMs: 10_000,
    signal: ctl.signal,
  }).then(() => null, (e) => e);
  assert.equal(e.message, "cancelled by user");
  assert.ok(performance.now() - t0 < 1_000);
});

Deno.test("retry - network failures are named by the telling phrase along the cause chain", () => {
  const inner = new Error(
    "client error (Connect): tcp connect error: Connection refused (os error 111)",
  );
  assert.equal(
    networkReason(new TypeError("fetch failed", { cause: inner })),
    "connection refused",
  );
  assert.equal(networkReason(new Error("weird\nsecond")), "weird");
});
