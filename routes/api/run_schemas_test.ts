import assert from "node:assert/strict";
import { Command } from "commander";
import { addRunOptions, BENCH_FIELDS, requestFromOptions } from "../../harness/run_options.ts";
import { LaunchRunSchema, runRequestFromLaunch } from "./run_schemas.ts";

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
