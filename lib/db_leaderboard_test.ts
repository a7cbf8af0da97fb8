import assert from "node:assert/strict";
import { join } from "node:path";
import { HistoryDb, type RunStatus } from "./db.ts";

const NOT_GRADED = ["model_error", "skipped", "cancelled", "harness_error"];

interface Attempt {
  model: string;
  outcome: string;
  cost?: number | null;
  duration?: number;
  tokens?: [number, number];
  tests?: [number, number];
}

function addRun(db: HistoryDb, id: string, status: RunStatus, attempts: Attempt[]) {
  db.insertRun({ id, startedAt: `2026-01-01T00:00:0${id.at(-1)}Z`, settings: {} });
  attempts.forEach((a, i) => {
    const key = { runId: id, taskId: `t${i}`, model: a.model, sample: 0 };
    db.insertAttempt({ ...key, dir: `t${i}__${a.model}__sample00` });
    db.finishAttempt({
      ...key,
      outcome: a.outcome,
      testsPassed: a.tests?.[0] ?? null,
      testsTotal: a.tests?.[1] ?? null,
      durationS: a.duration ?? 1,
      promptTokens: a.tokens?.[0] ?? 10,
      completionTokens: a.tokens?.[1] ?? 5,
      costUsd: a.cost === undefined ? 0.5 : a.cost,
      error: null,
      cached: false,
    });
  });
  if (status !== "running") db.finishRun(id, status, "2026-01-01T01:00:00Z", {});
}

const many = (model: string, outcomes: string[], extra: Partial<Attempt> = {}) =>
  outcomes.map((outcome) => ({ model, outcome, ...extra }));

Deno.test("db - the leaderboard takes each model's best-accuracy run with that run's figures", () => {
  const db = new HistoryDb(join(Deno.makeTempDirSync(), "history.db"));
  // a: the better run wins although it costs more.
  addRun(db, "run_a1", "finished", many("a", ["passed", "passed", "failed", "failed"]));
  addRun(db, "run_a2", "finished", [
    ...many("a", ["passed", "passed", "passed"], { cost: 2, duration: 7, tokens: [100, 50] }),
    { model: "a", outcome: "failed", cost: 2, duration: 7, tokens: [100, 50], tests: [3, 4] },
  ]);
  // b: equal accuracy, so the cheaper run; its own duration and tokens come with it.
  addRun(db, "run_b1", "finished", many("b", ["passed", "failed"], { cost: 3 }));
  addRun(db, "run_b2", "finished", many("b", ["passed", "failed"], { cost: 1, duration: 4 }));
  // c: runs that did not finish are not compared; provider failures are not graded.
  addRun(db, "run_c1", "running", many("c", ["passed", "passed"]));
  addRun(db, "run_c2", "cancelled", many("c", ["passed", "passed"]));
  addRun(db, "run_c3", "finished", [
    ...many("c", ["passed", "failed"]),
    ...many("c", ["model_error", "model_error"]),
  ]);
  // d: an unknown cost ranks after a known one at equal accuracy.
  addRun(db, "run_d1", "finished", many("d", ["failed"], { cost: null }));
  addRun(db, "run_d2", "finished", many("d", ["failed"], { cost: 9 }));
  // e: a finished run with nothing graded has no accuracy, so no line.
  addRun(db, "run_e1", "finished", many("e", ["skipped"]));

  const rows = db.bestRunPerModel(NOT_GRADED);
  assert.deepEqual(
    rows.map((r) => [r.model, r.run_id, r.accuracy, r.passed, r.graded, r.attempts, r.runs]),
    [
      ["a", "run_a2", 0.75, 3, 4, 4, 2],
      ["b", "run_b2", 0.5, 1, 2, 2, 2],
      ["c", "run_c3", 0.5, 1, 2, 4, 1],
      ["d", "run_d2", 0, 0, 1, 1, 2],
    ],
  );
  const a = rows[0];
  assert.deepEqual(
    [a.cost_usd, a.duration_s, a.prompt_tokens, a.completion_tokens, a.tests_passed, a.tests_total],
    [8, 28, 400, 200, 3, 4],
  );
  const b = rows[1];
  assert.deepEqual([b.cost_usd, b.duration_s], [2, 8]);
  db.close();
});

Deno.test("db - migration 2 adds the run indexes and keeps migration 1's tables", () => {
  const db = new HistoryDb(join(Deno.makeTempDirSync(), "history.db"));
  const names = (db.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as {
    name: string;
  }[]).map((r) => r.name);
  assert.ok(names.includes("runs_recent"));
  assert.ok(names.includes("runs_status"));
  assert.ok(names.includes("events_run"));
  assert.ok(db.schemaVersion() >= 2);
  db.close();
});
