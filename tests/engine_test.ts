// The whole pipeline on one small fixture task per language, with the real toolchains in
// the real sandbox: `reference` must score 100% and `starter` 0%.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { finishedResults } from "../lib/wire.ts";
import { fixturePlan, fixtureTasks } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

describe("engine on fixture tasks", SLOW_SUITE, () => {
  it("reference passes and starter fails in every language, with artifacts and history", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_engine_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const tasks = await fixtureTasks();
    assert.deepEqual(tasks.map((t) => t.meta.language).sort(), [
      "cpp",
      "go",
      "html",
      "javascript",
      "python",
      "rust",
    ]);
    const plan = fixturePlan(tasks, runsDir, ["reference", "starter"]);
    const events: string[] = [];
    const summary = await executeRun(plan, {
      store,
      signal: new AbortController().signal,
      onEvent: (e) => events.push(e.type),
    });
    const got = summary.attempts.map((a) =>
      `${a.task_id} ${a.model} ${a.outcome} ${a.tests_passed}/${a.tests_total}`
    );
    assert.deepEqual(got.sort(), [
      "fx_cpp reference passed 2/2",
      "fx_cpp starter failed 0/2",
      "fx_go reference passed 2/2",
      "fx_go starter failed 0/2",
      "fx_html reference passed 2/2",
      "fx_html starter failed 0/2",
      "fx_javascript reference passed 2/2",
      "fx_javascript starter failed 0/2",
      "fx_python reference passed 3/3",
      "fx_python starter failed 0/3",
      "fx_rust reference passed 2/2",
      "fx_rust starter failed 0/2",
    ]);
    const [ref, starter] = summary.totals;
    assert.equal(ref.pass_rate, 1);
    assert.equal(starter.pass_rate, 0);
    assert.equal(events[0], "run_started");
    assert.equal(events.at(-1), "run_finished");
    assert.equal(events.filter((e) => e === "attempt_finished").length, 12);

    const runDir = join(runsDir, plan.runId);
    const dir = join(runDir, "fx_python__reference__sample00");
    for (
      const f of [
        "prompt.txt",
        "response.txt",
        "patch.diff",
        "stdout.log",
        "stderr.log",
        "result.json",
      ]
    ) {
      await Deno.stat(join(dir, f));
    }
    assert.match(
      await Deno.readTextFile(join(dir, "patch.diff")),
      /- {4}raise NotImplementedError\n\+ {4}return a \+ b\n/,
    );
    const onDisk = JSON.parse(await Deno.readTextFile(join(runDir, "summary.json")));
    assert.equal(onDisk.run_id, plan.runId);
    assert.equal(onDisk.stamp.task_hashes.fx_go, tasks.find((t) => t.id === "fx_go")!.contentHash);
    assert.equal(onDisk.stamp.host.cores, navigator.hardwareConcurrency);
    assert.deepEqual(
      JSON.parse(await Deno.readTextFile(join(runsDir, "latest_summary.json"))).run_id,
      plan.runId,
    );
    const latest = JSON.parse(await Deno.readTextFile(join(runsDir, "fx_rust_latest.json")));
    assert.equal(latest.attempts.length, 2);

    assert.equal((await store.getRun(plan.runId))!.status, "finished");
    const rows = await store.listAttempts(plan.runId);
    assert.equal(rows.length, 12);
    assert.ok(rows.every((r) => r.stage === "done"));
    assert.equal((await store.listAnswers(plan.runId)).length, 12);
    // The store holds each whole result, exactly as summary.json has it.
    const byDir = (a: { attempt_dir: string }, b: { attempt_dir: string }) =>
      a.attempt_dir.localeCompare(b.attempt_dir);
    assert.deepEqual(finishedResults(rows).sort(byDir), [...summary.attempts].sort(byDir));
    await store.close();
  });

  it("a missing toolchain makes the attempt skipped, never failed", async () => {
    const runsDir = await Deno.makeTempDir({ prefix: "bench_skip_" });
    const store = new SqliteStore(join(runsDir, "history.db"));
    const [task] = await fixtureTasks(["fx_python"]);
    const needy = { ...task, meta: { ...task.meta, requires: { "no-such-tool": "1.0" } } };
    const summary = await executeRun(fixturePlan([needy], runsDir, ["reference"]), {
      store,
      signal: new AbortController().signal,
    });
    assert.equal(summary.attempts[0].outcome, "skipped");
    assert.equal(summary.attempts[0].error, "no-such-tool 1.0 required, not found in the sandbox");
    assert.equal(summary.totals[0].graded, 0);
    assert.equal(summary.totals[0].pass_rate, null);
    await store.close();
  });
});
