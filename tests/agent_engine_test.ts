// Agent mode through the real engine on the fixture catalog: `reference-agent` lists,
// reads, writes the solution, runs the tests in the sandbox and submits, and every task
// passes by the final hidden-test grade, with its transcript and stats recorded.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { applyAnswer } from "../harness/answer/apply.ts";
import { parseAnswer } from "../harness/answer/parse.ts";
import { executeRun } from "../harness/run.ts";
import { layOutWorkspace } from "../harness/sandbox/layout.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan, fixtureTasks } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

export const AGENT_LIMITS = {
  max_turns: 30,
  max_test_runs: 5,
  attempt_timeout_s: 600,
  max_attempt_tokens: null,
};

describe("agent mode on fixture tasks", SLOW_SUITE, () => {
  it("reference-agent passes every fixture task with a transcript", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_agent_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const tasks = await fixtureTasks();
    const plan = fixturePlan(tasks, runsDir, ["reference-agent", "reference"], {
      agent: AGENT_LIMITS,
    });
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    const got = summary.attempts.map((a) => `${a.task_id} ${a.model} ${a.outcome} ${a.error}`);
    assert.deepEqual(
      got.sort(),
      [
        ...tasks.map((t) => `${t.id} reference model_error this provider does not support tools`),
        ...tasks.map((t) => `${t.id} reference-agent passed null`),
      ].sort(),
    );
    const a = summary.attempts.find((x) => x.task_id === "fx_python" && x.model !== "reference")!;
    assert.deepEqual(a.agent, {
      turns: 5,
      tool_calls: { list_files: 1, read_file: 1, write_file: 1, run_tests: 1, submit: 1 },
      test_runs: 1,
      ended_by: "submit",
    });
    assert.deepEqual(a.edits_applied, ["calc.py"]);
    const dir = join(runsDir, plan.runId, a.attempt_dir);
    const lines = (await Deno.readTextFile(join(dir, "transcript.jsonl"))).trim().split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.role), [
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
      "tool",
    ]);
    assert.equal(lines[2].content, "calc.py");
    const probe = JSON.parse(lines[8].content);
    assert.deepEqual([probe.outcome, probe.tests_passed, probe.tests_total], ["passed", 3, 3]);
    assert.match(await Deno.readTextFile(join(dir, "patch.diff")), /\+ {4}return a \+ b\n/);
    await Deno.stat(join(dir, "stdout.log"));
    // The probe's copy is gone; only the graded sandbox stays.
    await assert.rejects(Deno.stat(join(dir, "probe")), Deno.errors.NotFound);
    const stored = await store.getRun(plan.runId);
    assert.equal(stored?.settings.agent?.max_turns, 30);
    // The stored answer is the net diff: applied to a fresh workspace (as --regrade does) it
    // gives the agent's final files.
    const answer = (await store.listAnswers(plan.runId))
      .find((r) => r.task_id === "fx_python" && r.model === "reference-agent")!;
    const task = tasks.find((t) => t.id === "fx_python")!;
    const fresh = await layOutWorkspace(task, join(runsDir, "regrade_check"));
    const applied = await applyAnswer(fresh, parseAnswer(answer.text), task.meta.editable);
    assert.deepEqual(applied.applied, ["calc.py"]);
    assert.equal(
      await Deno.readTextFile(join(fresh, "calc.py")),
      await Deno.readTextFile(join(task.dir, "solution", "calc.py")),
    );
    store.close();
  });
});
