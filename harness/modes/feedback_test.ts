import assert from "node:assert/strict";
import { clipTail, FEEDBACK_HEADING, feedbackMessage, relativePaths } from "./feedback.ts";

const SANDBOX = "/tmp/runs/run_x/fx_python__m__sample00/sandbox";

Deno.test("feedback - test output: redacted, sandbox paths relative, instruction to keep the tests", () => {
  const msg = feedbackMessage(
    {
      outcome: "failed",
      error: null,
      output: `E   at ${SANDBOX}/workspace/calc.py:2 and /sandbox/tests/test_calc.py:4\n` +
        "token sk-live-123 leaked\n",
    },
    SANDBOX,
    ["sk-live-123"],
  );
  assert.ok(msg.startsWith(`${FEEDBACK_HEADING}\n\nOutcome: failed. The end of the test output:`));
  assert.ok(msg.includes("E   at workspace/calc.py:2 and tests/test_calc.py:4\n"), msg);
  assert.ok(msg.includes("token [redacted] leaked"));
  assert.ok(!msg.includes("sk-live-123") && !msg.includes("/tmp/runs"));
  assert.ok(
    msg.endsWith(
      "Do not change the tests. Answer with the files you change, in the same format as before.",
    ),
  );
});

Deno.test("feedback - an unusable answer gets its reason instead of test output", () => {
  const msg = feedbackMessage(
    { outcome: "patch_error", error: "calc.py: search text not found", output: null },
    SANDBOX,
    [],
  );
  assert.ok(
    msg.includes("Your answer could not be applied (patch_error): calc.py: search text not found"),
  );
  assert.ok(!msg.includes("```"));
});

Deno.test("feedback - only the last 8 KB of a long output, never a split character", () => {
  const long = "x".repeat(20_000) + "é".repeat(10) + "END";
  const msg = feedbackMessage({ outcome: "failed", error: null, output: long }, SANDBOX, []);
  const body = /```\n([^]*)\n```/.exec(msg)![1];
  assert.ok(body.startsWith("[…]") && body.endsWith("ééEND"));
  assert.equal(new TextEncoder().encode(body.slice(3)).length, 8 * 1024);
  // Cut inside a two-byte character: the partial byte is dropped.
  assert.equal(clipTail("aé", 1), "[…]");
  assert.equal(clipTail("short", 100), "short");
  assert.equal(relativePaths(`cd ${SANDBOX} && ls /sandbox`, SANDBOX), "cd . && ls .");
});
