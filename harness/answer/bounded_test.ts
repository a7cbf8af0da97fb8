import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AnswerRejected, clipToBytes, parseAnswerBounded } from "./bounded.ts";

describe("bounded answer reading", () => {
  it("refuses an answer over the cap before parsing it, naming its size", async () => {
    await assert.rejects(
      parseAnswerBounded("é".repeat(600), 1000),
      (e) => e instanceof AnswerRejected && e.message === "answer too large (1200 bytes > 1000)",
    );
  });

  it("parses a flood of 80k fences in bounded time without stalling the event loop", async () => {
    const answer = "```\nx\n```\n".repeat(80_000);
    let last = performance.now(), maxGap = 0;
    const watchdog = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 1);
    const t0 = performance.now();
    const parsed = await parseAnswerBounded(answer, 2 * 1024 * 1024);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(watchdog);
    // Generous bounds for a loaded machine; scripts/bench_parse.ts measures the real figure.
    assert.ok(seconds < 10, `parsed in ${seconds}s`);
    assert.ok(maxGap < 1000, `event loop stalled ${maxGap} ms`);
    assert.deepEqual(parsed.edits, []);
    assert.equal(parsed.unnamedBlocks.length, 501); // cut just past MAX_EDITS by the worker
  });

  it("parses a small answer the same way inline", async () => {
    const parsed = await parseAnswerBounded("a.py\n```python\nx = 1\n```\n", 1000);
    assert.deepEqual(parsed.edits, [{ kind: "file", path: "a.py", content: "x = 1\n" }]);
  });

  it("cuts stored text at the cap, never inside a character", () => {
    assert.equal(clipToBytes("abc", 10), "abc");
    assert.equal(clipToBytes("aé".repeat(4), 5), "aéa"); // 1+2+1 bytes; the next é would split
    assert.equal(new TextEncoder().encode(clipToBytes("€".repeat(1000), 1000)).length, 999);
  });
});
