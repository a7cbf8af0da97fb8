// The server end to end on loopback sockets: every endpoint, runs launched over HTTP and
// followed through server-sent events, reconnects, the queue, cancellation, a CLI run in
// another process seen live, traversal attempts, bad bodies, the token rule, and a restart
// after the server was killed mid-run.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "../../routes/app.ts";
import { PROJECT_ROOT } from "../../lib/config.ts";
import { openDeps, type RunningServer, startServer } from "../../server/server.ts";
import {
  CHILD_PERMISSIONS,
  FIXTURE_CATALOG,
  getJson,
  isRunFinished,
  openEvents,
  postJson,
  rawGet,
  type SseEvent,
  startServerProcess,
  tempRunsDir,
  testConfig,
  waitFor,
} from "./helpers.ts";
// Tests that grade real runs or start CLI processes are slow: run with BENCH_SLOW_TESTS=1.
import { SLOW } from "../slow.ts";

const assertEquals: typeof assert.deepEqual = assert.deepEqual;
const assertMatch: typeof assert.match = assert.match;

async function withServer(
  env: Record<string, string>,
  body: (s: RunningServer, runsDir: string) => Promise<void>,
  deadRunCheckMs?: number,
) {
  const runsDir = tempRunsDir();
  const server = await startServer({
    config: testConfig(runsDir, env),
    createApp,
    tasksDirs: [FIXTURE_CATALOG],
    pollMs: 50,
    deadRunCheckMs,
  });
  try {
    await body(server, runsDir);
  } finally {
    await server.stop({ cancelRuns: true });
  }
}

const data = (e: SseEvent) => JSON.parse(e.data);

Deno.test("server - every read endpoint answers over a loopback socket", async () => {
  // A fake LM Studio: what /api/models reports that endpoint lists.
  const fake = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req) =>
      new URL(req.url).pathname === "/v1/models"
        ? Response.json({ data: [{ id: "fake-model", context_length: 4096 }] })
        : new Response("no", { status: 404 }),
  );
  try {
    const lmstudio = `http://127.0.0.1:${fake.addr.port}/v1`;
    await withServer({ LMSTUDIO_BASE_URL: lmstudio }, async (s) => {
      const home = await fetch(`${s.url}/`);
      assertEquals(home.status, 200);
      assertMatch(home.headers.get("content-type")!, /^text\/html/);
      assertMatch(await home.text(), /<title>Dashboard · Benchmark Harness<\/title>/);

      for (
        const [path, to] of [["/ui/index.html", "/"], ["/ui/run.html?run=run_x1", "/run/run_x1"]]
      ) {
        const r = await fetch(`${s.url}${path}`, { redirect: "manual" });
        await r.body?.cancel();
        assertEquals([r.status, r.headers.get("location")], [302, to]);
      }

      const tasks = await getJson(`${s.url}/api/tasks`);
      assertEquals(tasks.status, 200);
      const add = tasks.json.tasks.find((t: { id: string }) => t.id === "srv_add");
      assertEquals(
        [add.language, add.category, add.report, add.timeout_s, add.files],
        ["python", "feature", "pytest", 60, { workspace: 1, tests: 2, solution: 1 }],
      );

      const models = await getJson(`${s.url}/api/models`);
      assertEquals(models.json.builtins.map((b: { id: string }) => b.id), [
        "reference",
        "starter",
        "replay",
        "reference-second-try",
        "reference-agent",
      ]);
      assert(models.json.kinds.includes("lmstudio/<model>"));
      const byProvider = Object.fromEntries(
        models.json.endpoints.map((e: { provider: string }) => [e.provider, e]),
      );
      assertEquals(byProvider.lmstudio.models.map((m: { id: string }) => m.id), ["fake-model"]);
      assertEquals(byProvider.lmstudio.models[0].context_length, 4096);
      assertEquals(byProvider.lmstudio.error, null);
      assertEquals(byProvider.ollama.models, null);
      assertEquals(typeof byProvider.ollama.error, "string");

      const runs = await getJson(`${s.url}/api/runs`);
      assertEquals(runs.json, { runs: [], total: 0, limit: 20, offset: 0, queued: [] });
      assertEquals((await getJson(`${s.url}/api/leaderboard`)).json, {
        suites: [],
        suite: null,
        rows: [],
      });
      const missing = await getJson(`${s.url}/api/runs/run_nope`);
      assertEquals([missing.status, missing.json.error], [404, "no run run_nope"]);
      const badPage = await getJson(`${s.url}/api/runs?limit=0`);
      assertEquals([badPage.status, badPage.json.issues[0].path], [400, "limit"]);

      const doc = await getJson(`${s.url}/api/openapi.json`);
      const paths = Object.keys(doc.json.paths).sort();
      assertEquals(paths, [
        "/api/compare",
        "/api/events",
        "/api/leaderboard",
        "/api/models",
        "/api/models/lmstudio/load",
        "/api/runs",
        "/api/runs/projection",
        "/api/runs/{run_id}",
        "/api/runs/{run_id}/attempts.csv",
        "/api/runs/{run_id}/attempts.jsonl",
        "/api/runs/{run_id}/cancel",
        "/api/runs/{run_id}/events",
        "/api/runs/{run_id}/resume",
        "/api/tasks",
        "/artifacts/{run_id}/{attempt_dir}/{file}",
        "/runs/{run_id}",
      ]);
      const launch = doc.json.paths["/api/runs"].post.requestBody.content["application/json"];
      assertEquals(launch.schema.$ref, "#/components/schemas/LaunchRun");
      assert("include_tests" in doc.json.components.schemas.LaunchRun.properties);

      const docs = await fetch(`${s.url}/api/docs`);
      const page = await docs.text();
      assertMatch(docs.headers.get("content-type")!, /^text\/html/);
      assertMatch(page, /<code>\/api\/runs\/\{run_id\}\/cancel<\/code>/);
      assertMatch(page, /body: models, tasks, task, samples/);
    });
  } finally {
    await fake.shutdown();
  }
});

Deno.test(
  "server - a run launched over HTTP is followed to run_finished through SSE",
  SLOW,
  async () => {
    await withServer({}, async (s, runsDir) => {
      const launched = await postJson(`${s.url}/api/runs`, {
        models: ["reference", "starter"],
        tasks: "srv_add",
      });
      assertEquals(launched.status, 202);
      const runId: string = launched.json.run_id;
      assertMatch(runId, /^run_\d{8}T\d{6}Z_[a-z0-9]{5}$/);
      assertEquals(launched.json.links.events, `/api/runs/${runId}/events`);

      // Asked while the run goes on, the leaderboard is empty; once it ends it is not.
      assertEquals((await getJson(`${s.url}/api/leaderboard`)).json.rows, []);
      const stream = await openEvents(`${s.url}/api/runs/${runId}/events`);
      const events = await stream.until(isRunFinished(runId));
      await stream.close();
      assertEquals(events[0].event, "run_started");
      assertEquals(data(events[0]).total, 2);
      const ids = events.map((e) => Number(e.id));
      assert(ids.every((id, i) => i === 0 || id > ids[i - 1]), `ids increase: ${ids}`);
      const types = new Set(events.map((e) => e.event));
      assertEquals(
        [...types].sort(),
        ["attempt_finished", "attempt_stage", "attempt_started", "run_finished", "run_started"],
      );
      const finished = events.filter((e) => e.event === "attempt_finished").map(data)
        .map((
          d,
        ) => [d.attempt.model, d.attempt.outcome, d.attempt.tests_passed, d.attempt.tests_total])
        .sort();
      assertEquals(finished, [["reference", "passed", 2, 2], ["starter", "failed", 0, 2]]);
      assertEquals(data(events.at(-1)!).status, "finished");

      // Opened after the end, a run's stream still replays it from its first event.
      const late = await openEvents(`${s.url}/api/runs/${runId}/events`);
      const replay = await late.until(isRunFinished(runId));
      await late.close();
      assertEquals(replay.map((e) => e.id), events.map((e) => e.id));

      const run = await getJson(`${s.url}/api/runs/${runId}`);
      assertEquals(run.json.status, "finished");
      assertEquals(run.json.progress, { done: 2, total: 2, passed: 1 });
      assertEquals(run.json.resumable, false);
      assertEquals(run.json.attempts.map((a: { model: string }) => a.model), [
        "reference",
        "starter",
      ]);
      const ref = run.json.attempts[0];
      assertEquals(ref.artifacts, `/artifacts/${runId}/srv_add__reference__sample00/`);

      const summary = await fetch(`${s.url}/runs/${runId}`);
      assertMatch(summary.headers.get("content-type")!, /^application\/json/);
      assertEquals((await summary.json()).run_id, runId);

      const log = await fetch(`${s.url}${ref.artifacts}stdout.log`);
      assertEquals(log.headers.get("content-type"), "text/plain; charset=utf-8");
      assertMatch(await log.text(), /2 passed/);
      const diff = await fetch(`${s.url}${ref.artifacts}patch.diff`);
      assertEquals(diff.headers.get("content-type"), "text/x-diff; charset=utf-8");
      assertMatch(await diff.text(), /^--- a\/calc\.py/m);

      // A large log streams, and a range deep inside it comes back byte for byte.
      const big = join(runsDir, runId, "srv_add__reference__sample00", "big.log");
      const bytes = new Uint8Array(24 * 1024 * 1024).map((_, i) => 97 + (i % 26));
      await Deno.writeFile(big, bytes);
      const start = 20 * 1024 * 1024 + 5;
      const part = await fetch(`${s.url}${ref.artifacts}big.log`, {
        headers: { Range: `bytes=${start}-${start + 99}` },
      });
      assertEquals(part.status, 206);
      assertEquals(
        part.headers.get("content-range"),
        `bytes ${start}-${start + 99}/${bytes.length}`,
      );
      assertEquals(new Uint8Array(await part.arrayBuffer()), bytes.slice(start, start + 100));
      const whole = await fetch(`${s.url}${ref.artifacts}big.log`);
      assertEquals(whole.headers.get("content-length"), String(bytes.length));
      assertEquals((await whole.arrayBuffer()).byteLength, bytes.length);
      const outside = await fetch(`${s.url}${ref.artifacts}big.log`, {
        headers: { Range: `bytes=${bytes.length}-` },
      });
      await outside.body?.cancel();
      assertEquals([outside.status, outside.headers.get("content-range")], [
        416,
        `bytes */${bytes.length}`,
      ]);

      const board = await getJson(`${s.url}/api/leaderboard`);
      assertEquals(
        board.json.rows.map((
          e: { model: string; pass_at_1: number; best_run: { run_id: string } },
        ) => [e.model, e.pass_at_1, e.best_run.run_id]),
        [["reference", 1, runId], ["starter", 0, runId]],
      );
      const page = await getJson(`${s.url}/api/runs?limit=1&offset=0`);
      assertEquals([page.json.total, page.json.runs.length, page.json.runs[0].run_id], [
        1,
        1,
        runId,
      ]);
      assertEquals((await getJson(`${s.url}/api/runs?limit=1&offset=1`)).json.runs, []);
    });
  },
);

Deno.test("server - reconnecting with Last-Event-ID misses nothing", SLOW, async () => {
  await withServer({}, async (s) => {
    const { json } = await postJson(`${s.url}/api/runs`, {
      models: ["reference"],
      tasks: "srv_add",
      samples: 3,
      concurrency: 1,
    });
    const runId: string = json.run_id;
    const first = await openEvents(`${s.url}/api/runs/${runId}/events`);
    const before = [await first.next(), await first.next(), await first.next()];
    await first.close();
    const again = await openEvents(`${s.url}/api/runs/${runId}/events`, before[2].id!);
    const after = await again.until(isRunFinished(runId));
    await again.close();
    const seen = [...before, ...after].map((e) => Number(e.id));
    const stored = (await s.deps.store.listEventsAfter(0, runId)).map((e) => e.id);
    assertEquals(seen, stored);
    assertEquals(after.filter((e) => e.event === "attempt_finished").length, 3);

    // The all-runs stream takes ?after= too (for clients that cannot set headers).
    const all = await openEvents(`${s.url}/api/events?after=${stored[stored.length - 3]}`);
    const tail = [await all.next(), await all.next()];
    await all.close();
    assertEquals(tail.map((e) => Number(e.id)), stored.slice(-2));
  });
});

Deno.test(
  "server - runs queue one at a time and a waiting run can be cancelled",
  SLOW,
  async () => {
    await withServer({ MAX_ACTIVE_RUNS: "1" }, async (s) => {
      const stream = await openEvents(`${s.url}/api/events`);
      const a = await postJson(`${s.url}/api/runs`, { models: ["reference"], tasks: "srv_slow" });
      const b = await postJson(`${s.url}/api/runs`, { models: ["reference"], tasks: "srv_add" });
      const c = await postJson(`${s.url}/api/runs`, { models: ["starter"], tasks: "srv_add" });
      assertEquals(
        [a.json.status, b.json.status, b.json.position, c.json.status, c.json.position],
        ["running", "queued", 1, "queued", 2],
      );
      const list = await getJson(`${s.url}/api/runs`);
      assertEquals(
        list.json.queued.map((r: { run_id: string; position: number }) => [r.run_id, r.position]),
        [[b.json.run_id, 1], [c.json.run_id, 2]],
      );
      const cancelled = await postJson(`${s.url}/api/runs/${b.json.run_id}/cancel`, {});
      assertEquals([cancelled.status, cancelled.json.status], [200, "cancelled"]);
      assertEquals((await getJson(`${s.url}/api/runs/${c.json.run_id}`)).json.position, 1);

      const events = await stream.until(isRunFinished(c.json.run_id), 90_000);
      await stream.close();
      const order = events.filter((e) => e.event === "run_started" || e.event === "run_finished")
        .map((e) =>
          `${e.event}:${
            data(e).run_id === a.json.run_id ? "a" : data(e).run_id === b.json.run_id ? "b" : "c"
          }`
        );
      // b is recorded as cancelled at once; c starts only after a has finished.
      assertEquals(order.filter((x) => x.endsWith("a") || x.endsWith("c")), [
        "run_started:a",
        "run_finished:a",
        "run_started:c",
        "run_finished:c",
      ]);
      const runB = await getJson(`${s.url}/api/runs/${b.json.run_id}`);
      assertEquals(runB.json.status, "cancelled");
      assertEquals(runB.json.attempts.map((x: { outcome: string }) => x.outcome), ["cancelled"]);
      assertEquals(runB.json.resumable, true);
    });
  },
);

Deno.test("server - cancelling a running run stops it", async () => {
  await withServer({}, async (s) => {
    const { json } = await postJson(`${s.url}/api/runs`, {
      models: ["reference"],
      tasks: "srv_slow",
      samples: 3,
      concurrency: 1,
    });
    const runId: string = json.run_id;
    const stream = await openEvents(`${s.url}/api/runs/${runId}/events`);
    await stream.until((e) => e.event === "attempt_stage" && data(e).stage === "grade");
    const t0 = performance.now();
    const res = await postJson(`${s.url}/api/runs/${runId}/cancel`, {});
    assertEquals([res.status, res.json.status], [202, "cancelling"]);
    const end = (await stream.until(isRunFinished(runId))).at(-1)!;
    await stream.close();
    assertEquals(data(end).status, "cancelled");
    // All three attempts would take 3 × 2.5 s of grading; cancelling cuts that short.
    assert(performance.now() - t0 < 5_000, "cancel took too long");
    const run = await getJson(`${s.url}/api/runs/${runId}`);
    assertEquals(run.json.status, "cancelled");
    assertEquals(run.json.attempts.map((a: { outcome: string }) => a.outcome), [
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    const again = await postJson(`${s.url}/api/runs/${runId}/cancel`, {});
    assertEquals([again.status, again.json.error], [
      409,
      `run ${runId} is not active (status cancelled)`,
    ]);
  });
});

Deno.test("server - a CLI run in another process is seen live", SLOW, async () => {
  await withServer({}, async (s, runsDir) => {
    const stream = await openEvents(`${s.url}/api/events`);
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...CHILD_PERMISSIONS,
        "main.ts",
        "bench",
        "--models",
        "reference",
        "--tasks",
        "srv_slow",
        "--tasks-dir",
        FIXTURE_CATALOG,
      ],
      cwd: PROJECT_ROOT,
      env: { BENCH_RUNS_DIR: runsDir },
      stdout: "null",
      stderr: "null",
    }).spawn();
    let exited = false;
    const status = child.status.then((st) => {
      exited = true;
      return st;
    });
    const started = await stream.until((e) => e.event === "run_started", 60_000);
    assertEquals(exited, false, "the run was seen only after the CLI had ended");
    const runId = data(started.at(-1)!).run_id;
    const rest = await stream.until(isRunFinished(runId), 60_000);
    await stream.close();
    assertEquals((await status).code, 0);
    const finished = rest.filter((e) => e.event === "attempt_finished").map(data);
    assertEquals(finished.map((d) => [d.attempt.model, d.attempt.outcome]), [[
      "reference",
      "passed",
    ]]);
    const run = await getJson(`${s.url}/api/runs/${runId}`);
    assertEquals(run.json.status, "finished");
  });
});

Deno.test(
  "server - a live CLI run stays running; one whose process died becomes interrupted",
  SLOW,
  async () => {
    await withServer({}, async (s, runsDir) => {
      const stream = await openEvents(`${s.url}/api/events`);
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          ...CHILD_PERMISSIONS,
          "main.ts",
          "bench",
          "--models",
          "reference",
          "--tasks",
          "srv_slow",
          "--tasks-dir",
          FIXTURE_CATALOG,
        ],
        cwd: PROJECT_ROOT,
        env: { BENCH_RUNS_DIR: runsDir },
        stdout: "null",
        stderr: "null",
      }).spawn();
      const started = await stream.until((e) => e.event === "attempt_stage", 60_000);
      const runId = data(started.at(-1)!).run_id;
      // Several liveness checks pass while the CLI grades (2.5 s).
      await new Promise((r) => setTimeout(r, 600));
      assertEquals((await getJson(`${s.url}/api/runs/${runId}`)).json.status, "running");
      child.kill("SIGKILL");
      await child.status;
      const status = await waitFor(
        async () => {
          const st = (await getJson(`${s.url}/api/runs/${runId}`)).json.status;
          return st === "interrupted" ? st : undefined;
        },
        5_000,
        "the dead CLI run to be marked interrupted",
      );
      assertEquals(status, "interrupted");
      await stream.close();
    }, 100);
  },
);

Deno.test("server - paths outside runs/ are refused", async () => {
  await withServer({}, async (s, runsDir) => {
    const secretDir = join(runsDir, "..", "secret");
    await Deno.mkdir(secretDir, { recursive: true });
    await Deno.writeTextFile(join(secretDir, "key.txt"), "TOP-SECRET");
    await Deno.writeTextFile(join(runsDir, "..", "outside.txt"), "TOP-SECRET");
    const attempt = join(runsDir, "run_20260101T000000Z_aaaaa", "t__m__sample00");
    await Deno.mkdir(attempt, { recursive: true });
    await Deno.writeTextFile(join(attempt, "ok.log"), "inside\n");
    await Deno.symlink(secretDir, join(attempt, "link"));
    await Deno.symlink(join(secretDir, "key.txt"), join(attempt, "evil.log"));
    await Deno.symlink(join(attempt, "ok.log"), join(attempt, "alias.log"));
    const run = "/artifacts/run_20260101T000000Z_aaaaa";
    const port = Number(new URL(s.url).port);

    const ok = await rawGet(port, `${run}/t__m__sample00/ok.log`);
    assertEquals([ok.status, ok.body], [200, "inside\n"]);
    const alias = await rawGet(port, `${run}/t__m__sample00/alias.log`);
    assertEquals([alias.status, alias.body], [200, "inside\n"], "a symlink inside runs/ is fine");

    const attempts = [
      `/artifacts/../outside.txt`,
      `${run}/../../outside.txt`,
      `${run}/%2e%2e/%2e%2e/outside.txt`,
      `${run}/%2E%2E/%2E%2E/secret/key.txt`,
      `${run}/..%2f..%2foutside.txt`,
      `${run}/t__m__sample00/..%2F..%2F..%2Foutside.txt`,
      `/artifacts/%2e%2e/outside.txt`,
      `/artifacts/%2fetc/passwd`,
      `/artifacts//etc/passwd`,
      `${run}/%2Fetc%2Fpasswd`,
      `${run}/t__m__sample00/link/key.txt`,
      `${run}/t__m__sample00/evil.log`,
      `${run}/t__m__sample00/%00ok.log`,
      `/artifacts/history.db/x`,
      `/runs/..%2foutside.txt`,
      `/runs/%2e%2e`,
    ];
    for (const path of attempts) {
      const r = await rawGet(port, path);
      assert([400, 404].includes(r.status), `${path} answered ${r.status}`);
      assert(!r.body.includes("TOP-SECRET"), `${path} leaked the secret`);
    }
  });
});

Deno.test("server - bad bodies get 400 naming each field", async () => {
  await withServer({}, async (s) => {
    const bad = await postJson(`${s.url}/api/runs`, {
      models: [""],
      samples: 0,
      temperature: "hot",
      include_tests: "yes",
      colour: "red",
    });
    assertEquals(bad.status, 400);
    assertEquals(bad.json.issues.map((i: { path: string }) => i.path).sort(), [
      "colour",
      "include_tests",
      "models.0",
      "samples",
      "temperature",
    ]);
    const unknownTask = await postJson(`${s.url}/api/runs`, {
      models: ["reference"],
      tasks: "nope",
    });
    assertEquals(unknownTask.status, 400);
    assertMatch(unknownTask.json.error, /^unknown task "nope"/);
    const unknownModel = await postJson(`${s.url}/api/runs`, { models: ["gpt"], tasks: "srv_add" });
    assertEquals(unknownModel.status, 400);
    assertMatch(unknownModel.json.error, /^unknown model "gpt"/);
    const malformed = await fetch(`${s.url}/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{models:",
    });
    assertEquals([malformed.status, (await malformed.json()).error], [
      400,
      "Malformed JSON in request body",
    ]);
    const form = await fetch(`${s.url}/api/runs`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "models=reference",
    });
    assertEquals(form.status, 415);
    await form.body?.cancel();
    const huge = await postJson(`${s.url}/api/runs`, {
      models: ["replay"],
      response_text: "x".repeat(2 * 1024 * 1024),
    });
    assertEquals([huge.status, huge.json.error], [413, "request body over 1048576 bytes"]);
    assertEquals((await getJson(`${s.url}/api/runs`)).json.total, 0, "nothing was launched");
  });
});

Deno.test(
  "server - off loopback, changes need the bearer token and start-up needs one",
  async () => {
    const runsDir = tempRunsDir();
    let refused = "";
    try {
      await startServer({ config: testConfig(runsDir, { HOST: "0.0.0.0" }), createApp });
    } catch (e) {
      refused = (e as Error).message;
    }
    assertMatch(refused, /^HOST=0\.0\.0\.0 is reachable from other machines: set BENCH_API_TOKEN/);

    // The app as a remote binding sees it, served here on loopback only.
    const config = testConfig(runsDir, { HOST: "0.0.0.0", BENCH_API_TOKEN: "s3cret-token" });
    const { deps } = await openDeps({ config, tasksDirs: [FIXTURE_CATALOG] });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      createApp(deps).fetch,
    );
    const url = `http://127.0.0.1:${server.addr.port}`;
    try {
      const none = await fetch(`${url}/api/runs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      assertEquals(none.status, 401);
      assertEquals(none.headers.get("www-authenticate"), 'Bearer realm="benchmark-harness"');
      assertEquals(
        (await none.json()).error,
        "this request needs Authorization: Bearer $BENCH_API_TOKEN",
      );
      const wrong = await postJson(`${url}/api/runs`, {}, { Authorization: "Bearer nope" });
      assertEquals(wrong.status, 401);
      const cancel = await postJson(`${url}/api/runs/run_x/cancel`, {});
      assertEquals(cancel.status, 401);
      const right = await postJson(`${url}/api/runs`, { samples: 0 }, {
        Authorization: "Bearer s3cret-token",
      });
      assertEquals([right.status, right.json.issues[0].path], [400, "samples"]);
      assertEquals((await getJson(`${url}/api/runs`)).status, 200, "reads need no token");
    } finally {
      deps.feed.stop();
      await server.shutdown();
      await deps.store.close();
    }

    // On loopback, no token is asked for, but a foreign Host name is refused.
    await withServer({}, async (s) => {
      const r = await postJson(`${s.url}/api/runs/run_x/cancel`, {});
      assertEquals(r.status, 404);
      const port = Number(new URL(s.url).port);
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(new TextEncoder().encode(
        "GET /api/runs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
      ));
      const text = await new Response(conn.readable).text();
      assertMatch(text, /^HTTP\/1\.1 403/);
    });
  },
);

Deno.test(
  "server - restart after a killed server marks the run interrupted, and resume finishes it",
  SLOW,
  async () => {
    const runsDir = tempRunsDir();
    const first = await startServerProcess(runsDir);
    let runId = "";
    const seenFinished: string[] = [];
    try {
      const { json } = await postJson(`${first.url}/api/runs`, {
        models: ["reference"],
        tasks: "srv_slow",
        samples: 4,
        concurrency: 1,
      });
      runId = json.run_id;
      const stream = await openEvents(`${first.url}/api/runs/${runId}/events`);
      const events = await stream.until((e) => e.event === "attempt_finished", 60_000);
      seenFinished.push(data(events.at(-1)!).attempt.attempt_dir);
      await stream.close();
    } finally {
      const st = await first.kill("SIGKILL");
      assertEquals(st.signal, "SIGKILL");
    }

    const second = await startServerProcess(runsDir);
    try {
      const run = await getJson(`${second.url}/api/runs/${runId}`);
      assertEquals(run.json.status, "interrupted");
      assertEquals(run.json.resumable, true);
      const done = run.json.attempts.filter((a: { outcome: string | null }) => a.outcome !== null);
      assert(done.length >= 1 && done.length < 4, `finished before the kill: ${done.length}`);
      assert(
        seenFinished.every((d) => done.some((a: { attempt_dir: string }) => a.attempt_dir === d)),
      );
      const kept = new Map(
        done.map((
          a: { attempt_dir: string; finished_at: string },
        ) => [a.attempt_dir, a.finished_at]),
      );

      const resumed = await postJson(`${second.url}/api/runs/${runId}/resume`, {});
      assertEquals([resumed.status, resumed.json.run_id], [202, runId]);
      const twice = await postJson(`${second.url}/api/runs/${runId}/resume`, {});
      assertEquals(twice.status, 409);
      const stream = await openEvents(`${second.url}/api/runs/${runId}/events`);
      await stream.until(
        (e) => e.event === "run_finished" && data(e).status === "finished",
        90_000,
      );
      await stream.close();
      const after = await waitFor(
        async () => {
          const r = await getJson(`${second.url}/api/runs/${runId}`);
          return r.json.status === "finished" ? r.json : undefined;
        },
        10_000,
        "the resumed run to finish",
      );
      assertEquals(after.progress, { done: 4, total: 4, passed: 4 });
      assertEquals(after.resumable, false);
      for (const a of after.attempts) {
        if (kept.has(a.attempt_dir)) assertEquals(a.finished_at, kept.get(a.attempt_dir));
      }
    } finally {
      const st = await second.kill("SIGTERM");
      assertEquals(st.code, 0);
    }
  },
);
