// Run state changes: each is stored with its event, a failure is recorded once with its
// reason, and no module but lifecycle.ts writes run state (nor SQL outside lib/store/).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";
import { storeWithRuns, TEST_SETTINGS } from "../tests/store_builders.ts";
import type { RunEvent } from "../lib/wire.ts";
import { interruptDeadRuns, reopenRun, RunLifecycle } from "./lifecycle.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const START = { startedAt: "2026-01-01T00:00:00Z", settings: TEST_SETTINGS };

Deno.test("lifecycle - a failure is stored with its reason and announced, once", async () => {
  const store = await storeWithRuns([{ id: "run_r", status: "running" }]);
  const events: RunEvent[] = [];
  const life = new RunLifecycle(store, "run_r", (e) => events.push(e));
  await life.failed("/x/runs/history.db: database or disk is full", START);
  await life.failed("a later reason", START); // already ended: kept as it was
  const run = await store.getRun("run_r");
  assert.deepEqual([run?.status, run?.error], [
    "failed",
    "/x/runs/history.db: database or disk is full",
  ]);
  assert.deepEqual(events.map((e) => e.type), ["run_finished"]);
  assert.deepEqual((await store.listEventsAfter(0, "run_r")).map((e) => e.type), [
    "run_started",
    "run_finished",
  ]);
  await store.close();
});

Deno.test("lifecycle - a run that died before it was stored is stored as failed", async () => {
  const store = await storeWithRuns();
  await new RunLifecycle(store, "run_never").failed("No space left on device (os error 28)", START);
  const run = await store.getRun("run_never");
  assert.deepEqual([run?.status, run?.started_at, run?.error], [
    "failed",
    "2026-01-01T00:00:00Z",
    "No space left on device (os error 28)",
  ]);
  await store.close();
});

Deno.test("lifecycle - dead runs are interrupted, then reopened by this process", async () => {
  const store = await storeWithRuns([{ id: "run_a", status: "running" }, { id: "run_b" }]);
  assert.deepEqual(await interruptDeadRuns(store, () => false), ["run_a"]);
  assert.equal((await store.getRun("run_a"))?.status, "interrupted");
  await reopenRun(store, "run_a");
  const run = await store.getRun("run_a");
  assert.deepEqual([run?.status, run?.pid, run?.finished_at], ["running", Deno.pid, null]);
  assert.equal((await store.getRun("run_b"))?.status, "finished");
  await store.close();
});

/** Source files (tests and their builders aside) that match `pattern`. */
function sourcesMatching(pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const path = join(dir, e.name);
      if (
        e.isDirectory && !["node_modules", "tasks", ".git", "runs", "fixtures"].includes(e.name)
      ) {
        walk(path);
      }
      if (!e.isFile || !/\.tsx?$/.test(e.name) || /_test\.tsx?$/.test(e.name)) continue;
      if (pattern.test(Deno.readTextFileSync(path))) found.push(relative(ROOT, path));
    }
  };
  walk(ROOT);
  return found.sort();
}

Deno.test("lifecycle - only lifecycle.ts calls the store's write methods", () => {
  // The grep: \.(insertRun|endRun|reopenRun|markInterruptedRuns|insertAttempts|
  // setAttemptStage|saveResponse|finishAttempt)\( outside lib/store/.
  const writers = sourcesMatching(
    /\.(insertRun|endRun|reopenRun|markInterruptedRuns|insertAttempts|setAttemptStage|saveResponse|finishAttempt|leaseAttempt)\(/,
  ).filter((f) => !f.startsWith("lib/store/"));
  assert.deepEqual(writers, ["harness/lifecycle.ts"]);
});

Deno.test("lifecycle - nothing outside lib/store/ opens SQLite", () => {
  assert.deepEqual(
    sourcesMatching(/from "node:sqlite"/).filter((f) => !f.startsWith("lib/store/")),
    [],
  );
});
