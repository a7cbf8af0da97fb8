import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CappedBuffer, runProcess } from "./runner.ts";

const PATH = { PATH: "/usr/bin:/bin" };

describe("subprocess runner", () => {
  it("returns a non-zero exit as data, with both streams", async () => {
    const r = await runProcess({
      argv: ["sh", "-c", "echo out; echo err >&2; exit 3"],
      env: PATH,
      timeoutMs: 5000,
    });
    assert.deepEqual([r.code, r.signal, r.timedOut, r.stdout, r.stderr], [
      3,
      null,
      false,
      "out\n",
      "err\n",
    ]);
  });

  it("starts from a clean environment", async () => {
    Deno.env.set("RUNNER_CANARY", "visible");
    const r = await runProcess({
      argv: ["sh", "-c", "echo ${RUNNER_CANARY:-absent}"],
      env: PATH,
      timeoutMs: 5000,
    });
    Deno.env.delete("RUNNER_CANARY");
    assert.equal(r.stdout, "absent\n");
  });

  it("kills on timeout, even a child that ignores SIGTERM, and returns promptly", async () => {
    const t0 = performance.now();
    const r = await runProcess({
      argv: ["sh", "-c", "trap '' TERM; while :; do :; done"],
      env: PATH,
      timeoutMs: 300,
    });
    const ms = performance.now() - t0;
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, "SIGKILL");
    assert.ok(ms < 4000, `${ms} ms`);
  });

  it("does not wait forever for a grandchild that keeps the pipes open", async () => {
    const t0 = performance.now();
    const r = await runProcess({
      argv: ["sh", "-c", "sleep 30 & echo started"],
      env: PATH,
      timeoutMs: 10_000,
    });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "started\n");
    assert.ok(performance.now() - t0 < 5000);
  });

  it("caps output, keeping the head and the tail", async () => {
    const r = await runProcess({
      argv: ["sh", "-c", "echo HEAD; yes x | tr -d '\\n' | head -c 200000; echo; echo TAIL"],
      env: PATH,
      timeoutMs: 10_000,
      outputCapBytes: 1000,
    });
    assert.equal(r.stdoutTruncated, true);
    assert.match(
      r.stdout,
      /^HEAD\nx+\n\[\.\.\. \d+ bytes cut by the harness \.\.\.\]\nx+\nTAIL\n$/,
    );
    assert.ok(r.stdout.length < 1100);
  });

  it("capped buffer keeps everything under the cap", () => {
    const b = new CappedBuffer(10);
    b.push(new TextEncoder().encode("hello"));
    b.push(new TextEncoder().encode("world"));
    assert.equal(b.text(), "helloworld");
    assert.equal(b.truncated, false);
    b.push(new TextEncoder().encode("!"));
    assert.equal(b.truncated, true);
    assert.equal(b.text(), "hello\n[... 1 bytes cut by the harness ...]\norld!");
  });

  it("aborting reports cancelled", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await runProcess({
      argv: ["sleep", "20"],
      env: PATH,
      timeoutMs: 10_000,
      signal: ac.signal,
    });
    assert.equal(r.cancelled, true);
    assert.equal(r.timedOut, false);
  });
});
