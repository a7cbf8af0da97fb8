// The server in distributed mode (BENCH_DATABASE_URL, --local-workers 1): a run launched
// over HTTP is queued, graded by the server's own worker, followed to its end, its files
// served; a CLI regrade of it grades the stored answer again through the queue.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "../../routes/app.ts";
import { startServer } from "../../server/server.ts";
import { POSTGRES_INSTALLED, sharedPostgres } from "../pg.ts";
import { RUN_SLOW } from "../slow.ts";
import { runCli } from "../helpers.ts";
import { FIXTURE_CATALOG, getJson, postJson, testConfig, waitFor } from "./helpers.ts";

Deno.test({
  name: "distributed server - a launched run and its regrade are graded through the queue",
  ignore: !RUN_SLOW || !POSTGRES_INSTALLED,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const url = await (await sharedPostgres()).newDatabase();
    const runsDir = join(Deno.makeTempDirSync({ prefix: "bench-dist-srv-" }), "runs");
    const server = await startServer({
      config: testConfig(runsDir, { BENCH_DATABASE_URL: url }),
      createApp,
      tasksDirs: [FIXTURE_CATALOG],
      pollMs: 50,
      localWorkers: 1,
    });
    const finished = (runId: string) =>
      waitFor(
        async () => {
          const r = await getJson(`${server.url}/api/runs/${runId}`);
          return r.json.status === "finished" ? r.json : undefined;
        },
        120_000,
        `run ${runId} finished`,
      );
    try {
      const first = await postJson(`${server.url}/api/runs`, {
        models: ["reference"],
        tasks: "srv_add",
      });
      assert.equal(first.status, 202, JSON.stringify(first.json));
      const run = await finished(first.json.run_id);
      const [attempt] = run.attempts;
      assert.deepEqual([attempt.outcome, attempt.worker], [
        "passed",
        `${Deno.hostname()}:${Deno.pid}`,
      ]);
      const log = await fetch(`${server.url}${attempt.artifacts}stdout.log`);
      assert.equal(log.status, 200);
      assert.ok((await log.text()).length > 0);

      // A CLI regrade against the same database, grading with its own local worker; the
      // server sees the new run.
      const cli = await runCli([
        "bench",
        "--tasks-dir",
        FIXTURE_CATALOG,
        "--regrade",
        first.json.run_id,
        "--local-workers",
        "1",
      ], { BENCH_DATABASE_URL: url, BENCH_RUNS_DIR: join(runsDir, "..", "cli_runs") });
      assert.equal(cli.code, 0, cli.stderr);
      assert.match(
        cli.stderr,
        /distributed: attempts queued in postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+; 1 local worker\(s\) grade python/,
      );
      const list = await getJson(`${server.url}/api/runs`);
      const regradeId = list.json.runs.find((r: { parent_run_id: string | null }) =>
        r.parent_run_id === first.json.run_id
      ).run_id;
      const regraded = await finished(regradeId);
      assert.deepEqual(
        regraded.attempts.map((a: { outcome: string; cached: boolean }) => [a.outcome, a.cached]),
        [["passed", true]],
      );
      // Either process's worker may take it: both listen on the same queue.
      assert.match(regraded.attempts[0].worker, new RegExp(`^${Deno.hostname()}:\\d+$`));
    } finally {
      await server.stop({ cancelRuns: true });
    }
  },
});
