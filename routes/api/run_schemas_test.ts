// The API's attempt schema against what the store really holds: a result the engine
// stored (with every AttemptResult field) validates, and so does a queued attempt.
import assert from "node:assert/strict";
import { addRun, storeWithRuns } from "../../tests/store_builders.ts";
import { AttemptSchema, RunDetailSchema, runView } from "./run_schemas.ts";

Deno.test("run schemas - a stored attempt, finished or queued, is a valid Attempt", async () => {
  const store = await storeWithRuns();
  await addRun(store, {
    id: "run_s",
    status: "running",
    attempts: [
      {
        model: "openai/x",
        outcome: "failed",
        retries: 2,
        grade_s: 0.5,
        edits_applied: ["a.py"],
        edits_refused: [{ path: "../x", reason: "outside the workspace" }],
        integrity_flags: ["process_exit"],
      },
      { model: "openai/x", outcome: null },
    ],
  });
  const attempts = await store.listAttempts("run_s");
  for (const a of attempts) {
    const parsed = AttemptSchema.safeParse(a);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  }
  const row = (await store.getRunOverview("run_s"))!;
  const detail = { ...runView(row, false, attempts), attempts };
  assert.ok(RunDetailSchema.safeParse(detail).success);
  assert.deepEqual(detail.progress, { done: 1, total: 2, passed: 0 });
  assert.equal(detail.totals?.[0].graded, 1);
  // A field the schema forbids is caught: the test can fail.
  assert.equal(AttemptSchema.safeParse({ ...attempts[0], retries: "2" }).success, false);
  await store.close();
});
