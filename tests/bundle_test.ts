// `deno task bundle` as it is deployed: the one file dist/benchmark-harness.js, started as
// its own process on a loopback port, answers GET /api/tasks with the shipped catalog.
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadCatalog } from "../harness/catalog.ts";
import { PROJECT_ROOT } from "../lib/config.ts";
import { SLOW } from "./slow.ts";

const BUNDLE = join(PROJECT_ROOT, "dist", "benchmark-harness.js");
/** Bundling and the server's first islands build take a few seconds; this is ample. */
const START_TIMEOUT_MS = 60_000;

Deno.test(
  "bundle - dist/benchmark-harness.js starts on its own and serves the catalog",
  SLOW,
  async () => {
    const built = await new Deno.Command(Deno.execPath(), {
      args: ["task", "bundle"],
      cwd: PROJECT_ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.ok(built.success, new TextDecoder().decode(built.stderr));
    const text = await Deno.readTextFile(BUNDLE);
    assert.ok(!/from\s+["'](\.\.?\/|npm:|jsr:)/.test(text), "no import outside the file");

    const runsDir = await Deno.makeTempDir({ prefix: "bench_bundle_" });
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", BUNDLE, "start", "--host", "127.0.0.1", "--port", "0"],
      cwd: runsDir, // not the project: the bundle finds static/ and tasks/ beside dist/
      env: { BENCH_RUNS_DIR: runsDir, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stderr = child.stderr.pipeTo(new WritableStream());
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      let seen = "";
      const deadline = Date.now() + START_TIMEOUT_MS;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        const { value, done } = await lines.read();
        if (done) break;
        seen += value;
        url = /serving (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen)?.[1];
      }
      assert.ok(url, `no "serving" line in: ${seen}`);
      const res = await fetch(`${url}/api/tasks`);
      assert.equal(res.status, 200);
      const body = await res.json();
      const shipped = await loadCatalog([join(PROJECT_ROOT, "tasks")]);
      assert.deepEqual(
        body.tasks.map((t: { id: string }) => t.id),
        shipped.tasks.map((t) => t.id),
      );
      assert.deepEqual(body.problems, []);
    } finally {
      child.kill("SIGTERM");
      assert.equal((await child.status).code, 0);
      await lines.cancel();
      await stderr;
      await Deno.remove(runsDir, { recursive: true });
    }
  },
);
