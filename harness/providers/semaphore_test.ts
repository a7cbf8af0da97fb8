// The per-provider connection limit alone.
import assert from "node:assert/strict";
import { ConnectionLimits, Semaphore } from "./semaphore.ts";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

Deno.test("semaphore - never more than `size` holders, waiters served first come first served", async () => {
  const s = new Semaphore(2);
  let inside = 0, most = 0;
  const order: number[] = [];
  await Promise.all(Array.from({ length: 6 }, (_, i) =>
    s.use(async () => {
      order.push(i);
      most = Math.max(most, ++inside);
      await tick(10);
      inside--;
    })));
  assert.equal(most, 2);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
  assert.equal(s.active, 0);
});

Deno.test("semaphore - a waiter whose signal aborts leaves the queue and frees no slot twice", async () => {
  const s = new Semaphore(1);
  const release = await s.acquire();
  const ctl = new AbortController();
  const waiting = s.acquire(ctl.signal).then(() => "got", (e) => `aborted: ${e}`);
  ctl.abort("stop");
  assert.equal(await waiting, "aborted: stop");
  release();
  release();
  assert.equal(s.active, 0);
  const again = await s.acquire();
  assert.equal(s.active, 1);
  again();
});

Deno.test("semaphore - connection limits are per provider key", () => {
  const limits = new ConnectionLimits(3);
  assert.equal(limits.for("openrouter"), limits.for("openrouter"));
  assert.notEqual(limits.for("openrouter"), limits.for("lmstudio"));
  assert.equal(limits.for("ollama").size, 3);
  assert.throws(() => new Semaphore(0), /semaphore size 0/);
});
