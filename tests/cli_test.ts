// The `bench` command as a user runs it: a separate `deno run main.ts` process.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { FIXTURES, runCli } from "./helpers.ts";
import { PROJECT_ROOT } from "../lib/config.ts";
import { SLOW_SUITE } from "./slow.ts";

const base = (out: string) => ["bench", "--tasks-dir", FIXTURES, "--output-dir", out];

async function latestRunId(runsDir: string): Promise<string> {
  return JSON.parse(await Deno.readTextFile(join(runsDir, "latest_summary.json"))).run_id;
}

describe("bench command", SLOW_SUITE, () => {
  it("refuses a flag typo in one line with a suggestion", async () => {
    const r = await runCli(["bench", "--taks", "all"]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      "error: unknown option '--taks' (Did you mean one of --task, --tasks?)",
    );
    const sample = await runCli(["bench", "--sample", "2"]);
    assert.deepEqual([sample.code, sample.stderr.trim()], [
      2,
      "error: unknown option '--sample' (Did you mean --samples?)",
    ]);
  });

  it("refuses a bad value, a stray argument and an unknown command in one line, exit 2", async () => {
    const cases: [string[], string][] = [
      [
        ["bench", "--samples", "0"],
        "error: option '--samples <n>' argument '0' is invalid. " +
        "must be at least 1",
      ],
      [
        ["bench", "--samples", "1.5"],
        "error: option '--samples <n>' argument '1.5' is invalid. " +
        "must be a whole number",
      ],
      [["bench", "--tasks"], "error: option '--tasks <sel>' argument missing"],
      [
        ["bench", "stray"],
        "error: too many arguments for 'bench'. Expected 0 arguments but got 1.",
      ],
      [["bnch"], "error: unknown command 'bnch' (Did you mean bench?)"],
    ];
    for (const [argv, line] of cases) {
      const r = await runCli(argv);
      assert.deepEqual([r.code, r.stderr.trim()], [2, line], argv.join(" "));
    }
  });

  it("refuses an unknown model as a usage error naming the close match", async () => {
    const out = await Deno.makeTempDir();
    const r = await runCli([...base(out), "--task", "fx_python", "--models", "refrence"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'error: unknown model "refrence" (did you mean reference?)');
    const far = await runCli([...base(out), "--task", "fx_python", "--models", "zzz"]);
    assert.equal(far.code, 2);
    assert.match(far.stderr.trim(), /^error: unknown model "zzz": use reference, starter, replay,/);
  });

  it("takes several models after one --models, commas too", async () => {
    const out = await Deno.makeTempDir();
    const r = await runCli([
      ...base(out),
      "--task=fx_go",
      "--models",
      "reference",
      "starter,replay",
      "--response-text",
      "x",
      "--dry-run",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout.trim().split("\n").map((p) => p.split("/").at(-2)),
      ["fx_go__reference__sample00", "fx_go__starter__sample00", "fx_go__replay__sample00"],
    );
  });

  it("--help lists every flag of the command and exits 0", async () => {
    const bench = await runCli(["bench", "--help"]);
    assert.equal(bench.code, 0);
    assert.match(bench.stdout, /^Usage: deno task bench \[options\] \[command\]$/m);
    assert.match(bench.stdout, /^ {2}deps +test dependencies \(npm, pip, Maven\)$/m);
    // `bench import …` is a subcommand; plain `bench` keeps its own flags.
    assert.match(bench.stdout, /^ {2}import \[options\] <format> <path> /m);
    assert.match(bench.stdout, /^ {2}compare \[options\] <a> <b> +is B better than A/m);
    for (
      const flag of [
        "--task <id>",
        "--tasks <sel>",
        "--tasks-dir <dir>",
        "--models <ids...>",
        "--samples <n>",
        "--temperature <t>",
        "--concurrency <n>",
        "--output-dir <dir>",
        "--include-tests",
        "--install-deps",
        "--dry-run",
        "--response-file <file>",
        "--response-text <text>",
        "--regrade <run_id>",
        "--timeout <s>",
        "--unsafe-no-sandbox",
        "--resume <run_id>",
        "--max-retries <n>",
        "--max-connections <n>",
        "--no-cache",
        "--list-models <provider>",
        "--agent",
        "--max-turns <n>",
        "--max-test-runs <n>",
        "--attempt-timeout <s>",
        "--max-attempt-tokens <n>",
      ]
    ) assert.ok(bench.stdout.includes(`  ${flag} `), flag);
    const validate = await runCli(["validate-tasks", "--help"]);
    assert.equal(validate.code, 0);
    assert.match(validate.stdout, /^ {2}--write-expected /m);
    assert.ok(!validate.stdout.includes("--models"));
    const none = await runCli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^ {2}bench \[options\] +run a benchmark$/m);
  });

  it("refuses an unknown task id and lists close matches", async () => {
    const out = await Deno.makeTempDir();
    const r = await runCli([...base(out), "--task", "fx_pyhton", "--models", "reference"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: unknown task "fx_pyhton" \(did you mean fx_python\?\)$/m);
  });

  it("reports a malformed task folder in one line and still runs the others", async () => {
    const extra = await Deno.makeTempDir();
    await Deno.mkdir(join(extra, "broken_task"));
    const meta = JSON.parse(await Deno.readTextFile(join(FIXTURES, "fx_python", "metadata.json")));
    meta.id = "broken_task";
    meta.evaluation.report = "xunit";
    await Deno.writeTextFile(join(extra, "broken_task", "metadata.json"), JSON.stringify(meta));
    const out = await Deno.makeTempDir();
    const r = await runCli([
      ...base(out),
      "--tasks-dir",
      extra,
      "--task",
      "fx_python",
      "--models",
      "reference",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const line = r.stderr.split("\n").find((l) => l.includes("broken_task"));
    assert.match(
      line!,
      /^skipped task: .*broken_task\/metadata\.json: evaluation\.report: Invalid option/,
    );
    assert.match(r.stdout, /^reference\s+100\.0%\s+1\/1\s+3\/3/m);
  });

  it("--dry-run writes prompt.txt files only", async () => {
    const out = await Deno.makeTempDir();
    const r = await runCli([...base(out), "--task", "fx_go", "--models", "reference", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    const path = r.stdout.trim();
    assert.match(path, /fx_go__reference__sample00\/prompt\.txt$/);
    const prompt = await Deno.readTextFile(path);
    assert.match(prompt, /### calc\.go\n```go calc\.go\npackage calc/);
    assert.ok(!prompt.includes("TestAdd"), "tests are hidden without --include-tests");
    assert.deepEqual([...Deno.readDirSync(join(path, ".."))].map((e) => e.name), ["prompt.txt"]);
  });

  it("--regrade grades stored answers again as a linked run without any model", async () => {
    const out = await Deno.makeTempDir();
    const wrong = "calc.py\n```python\ndef add(a, b):\n    return a - b\n```\n";
    const first = await runCli([...base(out), "--task", "fx_python", "--response-text", wrong]);
    assert.equal(first.code, 0, first.stderr);
    const parent = await latestRunId(out);
    const again = await runCli([
      "bench",
      "--tasks-dir",
      FIXTURES,
      "--output-dir",
      out,
      "--regrade",
      parent,
    ]);
    assert.equal(again.code, 0, again.stderr);
    const child = await latestRunId(out);
    assert.notEqual(child, parent);
    const summary = JSON.parse(await Deno.readTextFile(join(out, child, "summary.json")));
    assert.equal(summary.parent_run_id, parent);
    assert.equal(summary.parent_kind, "regrade");
    assert.equal(summary.attempts[0].outcome, "failed");
    assert.equal(summary.attempts[0].tests_passed, 1);
    assert.equal(summary.attempts[0].cached, true);
    assert.equal(
      await Deno.readTextFile(join(out, child, summary.attempts[0].attempt_dir, "response.txt")),
      wrong,
    );
  });

  it("SIGTERM ends running attempts as cancelled and still writes the summary", async () => {
    const out = await Deno.makeTempDir();
    const spin = "victim.py\n```python\ndef run():\n    while True:\n        pass\n```\n";
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        join(PROJECT_ROOT, "main.ts"),
        ...base(out),
        "--task",
        "fx_hostile",
        "--response-text",
        spin,
      ],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const db = join(out, "history.db");
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 200));
      try {
        const h = new SqliteStore(db);
        const [run] = await h.listRunOverviews(1, 0);
        const stage = run && (await h.listAttempts(run.id))[0]?.stage;
        await h.close();
        if (stage === "grade") break;
      } catch { /* not created yet */ }
    }
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = performance.now();
    child.kill("SIGTERM");
    const status = await child.status;
    await child.stdout.cancel();
    await child.stderr.cancel();
    assert.ok(performance.now() - t0 < 10_000);
    assert.equal(status.code, 130);
    const summary = JSON.parse(
      await Deno.readTextFile(join(out, await latestRunId(out), "summary.json")),
    );
    assert.equal(summary.status, "cancelled");
    assert.equal(summary.attempts[0].outcome, "cancelled");
    const h = new SqliteStore(db);
    assert.equal((await h.getRun(summary.run_id))!.status, "cancelled");
    await h.close();
  });
});
