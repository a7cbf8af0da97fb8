import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import { parseRunRequest } from "./request.ts";

Deno.test("run request - fills defaults and keeps what was given", () => {
  const r = parseRunRequest({ models: ["reference"], resume: "run_1" });
  assert.deepEqual(r, {
    models: ["reference"],
    resume: "run_1",
    task: [],
    tasks_dirs: [],
    include_tests: false,
    install_deps: false,
    unsafe_no_sandbox: false,
    no_cache: false,
    dry_run: false,
    write_expected: false,
  });
});

Deno.test("run request - a bad field is a UsageError naming it as a flag", () => {
  assert.throws(
    () => parseRunRequest({ max_retries: -1 }),
    (e) => e instanceof UsageError && /^--max-retries: /.test(e.message),
  );
  assert.throws(
    () => parseRunRequest({ samples: 1.5 }),
    (e) => e instanceof UsageError && /^--samples: /.test(e.message),
  );
  assert.throws(
    () => parseRunRequest({ colour: "red" } as never),
    new UsageError('--colour: Unrecognized key: "colour"'),
  );
});
