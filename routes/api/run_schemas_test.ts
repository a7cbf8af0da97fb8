// The API's attempt schema against what the store really holds: a result the engine
// stored (with every AttemptResult field) validates, and so does a queued attempt.
// And the command line and a POST body make the same RunRequest.
import assert from "node:assert/strict";
import { addRun, storeWithRuns } from "../../tests/store_builders.ts";
import {
  AttemptSchema,
  LaunchRunSchema,
  RunDetailSchema,
  runRequestFromLaunch,
  runView,
} from "./run_schemas.ts";
import { Command } from "commander";
import { addRunOptions, BENCH_FIELDS, requestFromOptions } from "../../harness/run_options.ts";

/** What `deno task bench <argv>` asks for, parsed by the real flag definitions. */
function requestFromArgv(argv: string[]) {
  const cmd = addRunOptions(new Command("bench").exitOverride(), BENCH_FIELDS);
  cmd.parse(argv, { from: "user" });
  return requestFromOptions(cmd.opts());
}

Deno.test("run request - the command line and a POST body make the same request", () => {
  const fromArgv = requestFromArgv([
    "--models",
    "reference",
    "starter",
    "--tasks",
    "lang:python",
    "--task",
    "fx_go",
    "--samples",
    "3",
    "--temperature=0.5",
    "--concurrency",
    "2",
    "--include-tests",
    "--timeout",
    "90",
    "--max-retries",
    "0",
    "--max-connections",
    "4",
    "--no-cache",
    "--response-text",
    "answer",
    "--agent",
    "--max-turns",
    "12",
    "--max-test-runs",
    "2",
    "--attempt-timeout",
    "60",
    "--max-attempt-tokens",
    "5000",
  ]);
  const fromBody = runRequestFromLaunch(LaunchRunSchema.parse({
    models: ["reference", "starter"],
    tasks: "lang:python",
    task: ["fx_go"],
    samples: 3,
    temperature: 0.5,
    concurrency: 2,
    include_tests: true,
    timeout: 90,
    max_retries: 0,
    max_connections: 4,
    no_cache: true,
    response_text: "answer",
    agent: true,
    max_turns: 12,
    max_test_runs: 2,
    attempt_timeout: 60,
    max_attempt_tokens: 5000,
  }));
  assert.deepEqual(fromArgv, fromBody);
  assert.deepEqual(fromArgv, {
    models: ["reference", "starter"],
    tasks: "lang:python",
    task: ["fx_go"],
    tasks_dirs: [],
    samples: 3,
    temperature: 0.5,
    concurrency: 2,
    include_tests: true,
    install_deps: false,
    timeout: 90,
    unsafe_no_sandbox: false,
    max_retries: 0,
    max_connections: 4,
    no_cache: true,
    dry_run: false,
    response_text: "answer",
    write_expected: false,
    agent: true,
    max_turns: 12,
    max_test_runs: 2,
    attempt_timeout: 60,
    max_attempt_tokens: 5000,
  });
});

Deno.test("run request - no flags and an empty body both mean the defaults", () => {
  const defaults = {
    task: [],
    tasks_dirs: [],
    include_tests: false,
    install_deps: false,
    unsafe_no_sandbox: false,
    no_cache: false,
    dry_run: false,
    write_expected: false,
  };
  assert.deepEqual(requestFromArgv([]), defaults);
  assert.deepEqual(runRequestFromLaunch(LaunchRunSchema.parse({})), defaults);
});

Deno.test("run request - repeated flags add up: --task, --tasks-dir, --models", () => {
  const r = requestFromArgv([
    "--task",
    "a",
    "--task",
    "b",
    "--tasks-dir",
    "/x",
    "--tasks-dir=/y",
    "--models",
    "m1,m2",
    "--models",
    "m3",
  ]);
  assert.deepEqual([r.task, r.tasks_dirs, r.models], [["a", "b"], ["/x", "/y"], [
    "m1",
    "m2",
    "m3",
  ]]);
});

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
