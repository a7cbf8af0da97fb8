// The flags that make a RunRequest, defined once: `bench` takes them all, `validate-tasks`
// the ones that make sense for validation (same names, same meaning). Each flag is the
// request field's name in kebab-case; README's flag table documents them.
import { type Command, Option } from "commander";
import { collect, collectList, numberAtLeast } from "./command.ts";
import { parseRunRequest, type RunRequest, type RunRequestInput } from "./request.ts";
import { DEFAULT_MAX_CONNECTIONS } from "./providers/semaphore.ts";

type Field = keyof RunRequestInput;

const SELECTOR_HELP = "all | id,id | lang:go | tag:x | category:x | source:x | dir:path";

/** Every request field's flag (the type makes a new field need one), in `--help` order. */
const FLAGS: Record<Field, () => Option> = {
  task: () => new Option("--task <id>", "a task id (repeatable)").argParser(collect),
  tasks: () => new Option("--tasks <sel>", `${SELECTOR_HELP} | list`),
  tasks_dirs: () =>
    new Option("--tasks-dir <dir>", "another catalog folder (repeatable)").argParser(collect),
  models: () =>
    new Option(
      "--models <ids...>",
      "model ids: reference, starter, replay, reference-second-try, reference-agent, <provider>/<model>",
    )
      .argParser(collectList),
  samples: () =>
    new Option("--samples <n>", "attempts per task and model (default 1)")
      .argParser(numberAtLeast(1, true)),
  temperature: () =>
    new Option("--temperature <t>", "sampling temperature (default DEFAULT_TEMPERATURE or 0)")
      .argParser(numberAtLeast(0)),
  concurrency: () =>
    new Option("--concurrency <n>", "attempts at once (default: cores)")
      .argParser(numberAtLeast(1, true)),
  output_dir: () => new Option("--output-dir <dir>", "where runs are written (default runs/)"),
  include_tests: () => new Option("--include-tests", "show the tests to the model"),
  install_deps: () =>
    new Option("--install-deps", "pip-install a task's requirements.txt (needs network)"),
  dry_run: () => new Option("--dry-run", "write prompt.txt files only"),
  response_file: () =>
    new Option("--response-file <file>", "replay this stored answer (model `replay`)"),
  response_text: () =>
    new Option("--response-text <text>", "replay this answer text (model `replay`)"),
  regrade: () => new Option("--regrade <run_id>", "grade a finished run's stored answers again"),
  timeout: () =>
    new Option("--timeout <s>", "override every task's timeout_s").argParser(numberAtLeast(1)),
  unsafe_no_sandbox: () =>
    new Option("--unsafe-no-sandbox", "grade without bubblewrap (model code runs on the host)"),
  resume: () =>
    new Option(
      "--resume <run_id>",
      "continue an interrupted run: keep finished attempts, redo the rest",
    ),
  max_retries: () =>
    new Option(
      "--max-retries <n>",
      "retries of a model call on 429, 5xx, timeouts, dropped connections (default 4)",
    ).argParser(numberAtLeast(0, true)),
  max_connections: () =>
    new Option(
      "--max-connections <n>",
      `parallel model calls per provider (default ${DEFAULT_MAX_CONNECTIONS})`,
    ).argParser(numberAtLeast(1, true)),
  no_cache: () => new Option("--no-cache", "always call the model (ignore the response cache)"),
  tries: () =>
    new Option("--tries <n>", "tries per attempt; later tries see the test output (default 1)")
      .argParser(numberAtLeast(1, true)),
  max_cost: () =>
    new Option("--max-cost <usd>", "stop starting attempts once the run spent this much")
      .argParser(numberAtLeast(0)),
  max_tokens: () =>
    new Option("--max-tokens <n>", "stop starting attempts once the run used this many tokens")
      .argParser(numberAtLeast(1, true)),
  agent: () => new Option("--agent", "agent mode: the model works with tools in a loop"),
  max_turns: () =>
    new Option("--max-turns <n>", "agent mode: model calls per attempt (default 30)")
      .argParser(numberAtLeast(1, true)),
  max_test_runs: () =>
    new Option("--max-test-runs <n>", "agent mode: run_tests calls per attempt (default 5)")
      .argParser(numberAtLeast(0, true)),
  attempt_timeout: () =>
    new Option("--attempt-timeout <s>", "agent mode: seconds per attempt (default 600)")
      .argParser(numberAtLeast(1)),
  max_attempt_tokens: () =>
    new Option("--max-attempt-tokens <n>", "agent mode: tokens per attempt (default no limit)")
      .argParser(numberAtLeast(1, true)),
  write_expected: () =>
    new Option("--write-expected", "record the reference's test names as the expected ones"),
};

/** The help line of `--tasks` where it takes no `list` (validate-tasks). */
export const SELECTOR_ONLY = { tasks: SELECTOR_HELP };

/**
 * Adds the flags of `fields` to `cmd`, in the order given; `help` replaces the help line of
 * some (a command where a flag means a little less).
 */
export function addRunOptions(
  cmd: Command,
  fields: readonly Field[],
  help: Partial<Record<Field, string>> = {},
): Command {
  for (const f of fields) {
    const option = FLAGS[f]();
    if (help[f]) option.description = help[f];
    cmd.addOption(option);
  }
  return cmd;
}

/** Every run flag but validate-tasks' own, in the order `bench --help` lists them. */
export const BENCH_FIELDS = (Object.keys(FLAGS) as Field[]).filter((f) => f !== "write_expected");

/** The options commander parsed, as a RunRequest (their names camelCased by commander). */
export function requestFromOptions(opts: Record<string, unknown>): RunRequest {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(opts)) {
    if (key === "cache") input.no_cache = value === false; // `--no-cache` negates `cache`
    else if (key === "tasksDir") input.tasks_dirs = value;
    else input[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  }
  return parseRunRequest(input as RunRequestInput);
}
