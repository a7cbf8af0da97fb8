// `deno task bench compare` and `bench export` as a user runs them, on runs made by the real
// engine: `reference` (passes every fixture task) and `starter` (fails every one) on
// fx_python and fx_javascript, then a second `reference` run on fx_python alone (another
// suite). Checks the --json figures exactly and the exit code of --fail-on-regression both
// ways, the JUnit file, the suite choice, and the export's rows.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { FIXTURES, runCli } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

let out: string;
let runId: string;

async function bench(...args: string[]) {
  const r = await runCli(["bench", ...args, "--output-dir", out]);
  assert.equal(r.code, 0, r.stderr);
}

describe("bench compare and export", SLOW_SUITE, () => {
  before(async () => {
    out = await Deno.makeTempDir({ prefix: "bench_compare_" });
    const run = ["--tasks-dir", FIXTURES, "--tasks", "fx_python,fx_javascript"];
    await bench(...run, "--models", "reference,starter");
    await bench("--tasks-dir", FIXTURES, "--task", "fx_python", "--models", "reference");
    const store = new SqliteStore(join(out, "history.db"));
    runId = (await store.listRunOverviews(10, 0)).at(-1)!.id;
    await store.close();
  });
  after(() => Deno.remove(out, { recursive: true }));

  it("--json prints one object with the exact figures; the suite is the one both share", async () => {
    const r = await runCli([
      "bench",
      "compare",
      "reference",
      "starter",
      "--json",
      "--output-dir",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const cmp = JSON.parse(r.stdout);
    assert.equal(cmp.suite_id.length, 12);
    assert.deepEqual({ ...cmp, suite_id: "", flips: undefined }, {
      a: "reference",
      b: "starter",
      suite_id: "",
      tasks: 2,
      a_pass_at_1: 1,
      b_pass_at_1: 0,
      diff: -1,
      ci_low: -1,
      ci_high: -1,
      p_value: 0.5, // exact McNemar: 2 · (1/2)² with two discordant tasks
      method: "mcnemar-exact",
      alpha: 0.05,
      verdict: "no_significant_difference",
      a_only: 2,
      b_only: 0,
      tasks_needed: 0,
      a_pass_rate_by_try: [1],
      b_pass_rate_by_try: [0],
      flips: undefined,
    });
    assert.deepEqual(cmp.flips.map((f: { task_id: string; b_attempts: string[] }) => f), [
      {
        task_id: "fx_javascript",
        a_pass: 1,
        b_pass: 0,
        a_attempts: [`${runId}/fx_javascript__reference__sample00`],
        b_attempts: [`${runId}/fx_javascript__starter__sample00`],
      },
      {
        task_id: "fx_python",
        a_pass: 1,
        b_pass: 0,
        a_attempts: [`${runId}/fx_python__reference__sample00`],
        b_attempts: [`${runId}/fx_python__starter__sample00`],
      },
    ]);
  });

  it("--fail-on-regression exits 1 when B is worse with p < alpha, else 0", async () => {
    const junit = join(out, "compare.xml");
    const gate = ["--fail-on-regression", "--alpha", "0.6", "--output-dir", out];
    const worse = await runCli([
      "bench",
      "compare",
      "reference",
      "starter",
      ...gate,
      "--junit",
      junit,
    ]);
    assert.equal(worse.code, 1, worse.stderr);
    assert.match(
      worse.stdout,
      /^Verdict: starter is worse than reference: a regression \(p = 0\.5000, alpha 0\.6\)\.$/m,
    );
    const xml = await Deno.readTextFile(junit);
    assert.match(xml, /<testsuites name="bench compare" tests="2" failures="2" skipped="0">/);
    assert.match(xml, /name="fx_python"><failure message="B passed 0\/1, A passed 1\/1">/);
    const better = await runCli(["bench", "compare", "starter", "reference", ...gate]);
    assert.equal(better.code, 0, better.stderr);
    assert.match(
      better.stdout,
      /^Verdict: reference is better than starter \(p = 0\.5000, alpha 0\.6\)\.$/m,
    );
    const noise = await runCli([
      "bench",
      "compare",
      "reference",
      "starter",
      "--fail-on-regression",
      "--output-dir",
      out,
    ]);
    assert.equal(noise.code, 0, "p = 0.5 is no regression at alpha 0.05");
  });

  it("names the suites to choose from when the two share several, in one line", async () => {
    const r = await runCli(["bench", "compare", "starter", "reference", "--output-dir", out]);
    assert.equal(r.code, 0, "starter ran on one suite only: no choice to make");
    const two = await runCli(["bench", "compare", "reference", "reference", "--output-dir", out]);
    assert.equal(two.code, 2);
    assert.match(
      two.stderr.trim(),
      /^error: reference and reference share 2 suites: pass --suite with one of [0-9a-f]{12} "custom \(1 task\)", [0-9a-f]{12} "fx_python,fx_javascript \(2 tasks\)"$/,
    );
  });

  it("export writes every finished attempt of a run or a suite, CSV or JSON Lines", async () => {
    const file = join(out, "run.jsonl");
    const r = await runCli([
      "bench",
      "export",
      runId,
      "--format",
      "jsonl",
      "--out",
      file,
      "--output-dir",
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rows = (await Deno.readTextFile(file)).trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(rows.map((x) => [x.run_id, x.task_id, x.model, x.outcome]), [
      [runId, "fx_javascript", "reference", "passed"],
      [runId, "fx_javascript", "starter", "failed"],
      [runId, "fx_python", "reference", "passed"],
      [runId, "fx_python", "starter", "failed"],
    ]);
    const csv = await runCli(["bench", "export", "--suite", rows[0].suite_id, "--output-dir", out]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.stdout.split("\r\n").length, 6); // header, four rows, the last line break
    const neither = await runCli(["bench", "export", "--output-dir", out]);
    assert.deepEqual([neither.code, neither.stderr.trim()], [
      2,
      "error: export: name a run id or --suite ID (one of them)",
    ]);
  });
});
