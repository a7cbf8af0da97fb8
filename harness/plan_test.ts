import assert from "node:assert/strict";
import { join } from "node:path";
import { loadConfig, PROJECT_ROOT } from "../lib/config.ts";
import { UsageError } from "../lib/errors.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { FIXTURES } from "../tests/helpers.ts";
import { addRun, TEST_SETTINGS } from "../tests/store_builders.ts";
import { loadCatalog } from "./catalog.ts";
import { chooseRun, planRun } from "./plan.ts";
import { parseRunRequest } from "./request.ts";

async function context() {
  const runsDir = await Deno.makeTempDir({ prefix: "bench_plan_" });
  const config = loadConfig(PROJECT_ROOT, { BENCH_RUNS_DIR: runsDir });
  return { config, runsDir, catalog: await loadCatalog([FIXTURES]) };
}

Deno.test("plan - --tries and the budget caps become run settings (one try by default)", async () => {
  const ctx = await context();
  const plain = chooseRun(parseRunRequest({ models: ["reference"], task: ["fx_python"] }), ctx);
  assert.deepEqual(
    [plain.settings.tries, plain.settings.max_cost_usd, plain.settings.max_tokens],
    [1, null, null],
  );
  const capped = chooseRun(
    parseRunRequest({
      models: ["reference-second-try"],
      task: ["fx_python"],
      tries: 2,
      max_cost: 1.5,
      max_tokens: 5000,
    }),
    ctx,
  );
  assert.deepEqual(
    [capped.settings.tries, capped.settings.max_cost_usd, capped.settings.max_tokens],
    [2, 1.5, 5000],
  );
  assert.throws(
    () => parseRunRequest({ tries: 0 }),
    (e) => e instanceof UsageError && e.message.startsWith("--tries: "),
  );
  assert.throws(
    () => parseRunRequest({ max_cost: 0 }),
    (e) => e instanceof UsageError && e.message.startsWith("--max-cost: "),
  );
});

Deno.test("plan - a --tries run cannot be regraded (its tries built on each other)", async () => {
  const ctx = await context();
  const store = new SqliteStore(join(ctx.runsDir, "history.db"));
  try {
    await addRun(store, {
      id: "run_tries",
      settings: { ...TEST_SETTINGS, models: ["reference"], task_ids: ["fx_python"], tries: 2 },
      attempts: [{ model: "reference", outcome: "passed", task_id: "fx_python" }],
    });
    await assert.rejects(
      planRun(parseRunRequest({ regrade: "run_tries" }), ctx, store),
      (e) =>
        e instanceof UsageError &&
        e.message ===
          "--regrade: run run_tries used --tries 2; only one-shot runs can be regraded",
    );
  } finally {
    await store.close();
  }
});
