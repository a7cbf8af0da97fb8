// Faults under the server, made real: a full disk (a small tmpfs filled up), a read-only
// runs folder (a tmpfs remounted read-only) and a corrupted history.db (garbage bytes).
// Each is one line naming the file and the cause; a run it breaks ends `failed` with that
// reason (recorded once the store can be written again); the server keeps answering; a
// database it cannot use at start is a one-line refusal.
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/config.ts";
import { createApp } from "../../routes/app.ts";
import { RECORD_RETRY_MS } from "../../server/run_queue.ts";
import { type RunningServer, startServer } from "../../server/server.ts";
import {
  CHILD_PERMISSIONS,
  FIXTURE_CATALOG,
  getJson,
  OFFLINE_PROVIDERS,
  postJson,
  testConfig,
  waitFor,
} from "./helpers.ts";

function sh(cmd: string, ...args: string[]): { ok: boolean; err: string } {
  const out = new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).outputSync();
  return { ok: out.success, err: new TextDecoder().decode(out.stderr).trim() };
}

/** A fresh tmpfs of `size`, or why there cannot be one (mounting needs root). */
function mountTmpfs(size: string): { dir: string } | { refused: string } {
  const dir = Deno.makeTempDirSync({ prefix: "bench-fault-" });
  const r = sh("mount", "-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir);
  return r.ok ? { dir } : { refused: r.err || "mount failed" };
}

function unmount(dir: string) {
  sh("umount", dir);
  Deno.removeSync(dir);
}

const probe = mountTmpfs("64k");
const NO_MOUNT = "refused" in probe ? `mount -t tmpfs refused (${probe.refused})` : "";
if ("dir" in probe) unmount(probe.dir);
if (NO_MOUNT) console.warn(`faults_test: skipping the disk tests: ${NO_MOUNT}`);

/** Runs `body` with console.error captured (the server's log), restoring it after. */
async function capturingLog(body: (log: string[]) => Promise<void>) {
  const log: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => log.push(args.map(String).join(" "));
  try {
    await body(log);
  } finally {
    console.error = original;
  }
}

async function launch(server: RunningServer): Promise<string> {
  const r = await postJson(`${server.url}/api/runs`, { models: ["reference"], tasks: "srv_add" });
  assert.equal(r.status, 202, JSON.stringify(r.json));
  return r.json.run_id;
}

/** Fills the file system holding `dir` (a write that ends with ENOSPC). */
function fill(dir: string): string {
  const filler = join(dir, "filler");
  try {
    Deno.writeFileSync(filler, new Uint8Array(64 << 20));
  } catch (e) {
    assert.match((e as Error).message, /No space left on device/);
    return filler;
  }
  throw new Error(`${dir} did not fill up`);
}

Deno.test({
  name:
    "faults - a full disk fails the run in one line, the server answers, the failure is recorded once there is room",
  ignore: NO_MOUNT !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const mnt = mountTmpfs("1m") as { dir: string };
    const runsDir = join(mnt.dir, "runs");
    const db = join(runsDir, "history.db");
    const server = await startServer({
      config: testConfig(runsDir),
      createApp,
      tasksDirs: [FIXTURE_CATALOG],
      pollMs: 50,
    });
    try {
      await capturingLog(async (log) => {
        const filler = fill(mnt.dir);
        const runId = await launch(server);
        const reason = `${db}: database or disk is full`;
        await waitFor(() => log.length >= 2 || undefined, 10_000, "the fault in the log");
        assert.deepEqual(log.slice(0, 2), [
          `run ${runId} failed: ${reason}`,
          `run ${runId}: its failure is not recorded yet: ${reason}`,
        ]);
        // The server stays up and answers.
        const list = await getJson(`${server.url}/api/runs`);
        assert.equal(list.status, 200);
        // Room again: the failure is recorded with its reason.
        Deno.removeSync(filler);
        const run = await waitFor(
          async () => {
            const r = await getJson(`${server.url}/api/runs/${runId}`);
            return r.json.status === "failed" ? r.json : undefined;
          },
          10 * RECORD_RETRY_MS,
          "the run recorded failed",
        );
        assert.equal(run.error, reason);
        assert.equal(log.length, 2, log.join("\n"));
      });
    } finally {
      await server.stop({ cancelRuns: true });
      unmount(mnt.dir);
    }
  },
});

Deno.test({
  name: "faults - a runs folder turned read-only fails the run in one line naming the folder",
  ignore: NO_MOUNT !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const runsDir = join(Deno.makeTempDirSync({ prefix: "bench-fault-" }), "runs");
    const server = await startServer({
      config: testConfig(runsDir),
      createApp,
      tasksDirs: [FIXTURE_CATALOG],
      pollMs: 50,
    });
    // A read-only file system mounted over the runs folder: new paths in it cannot be
    // written (the server's open database files stay reachable through their descriptors).
    const ro = sh("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", runsDir);
    assert.ok(ro.ok, ro.err);
    try {
      await capturingLog(async (log) => {
        const runId = await launch(server);
        await waitFor(() => log.length >= 1 || undefined, 10_000, "the fault in the log");
        const reason = `Read-only file system (os error 30): mkdir '${join(runsDir, runId)}'`;
        // The database is still writable: the failure is recorded at once.
        const run = await waitFor(
          async () => {
            const r = await getJson(`${server.url}/api/runs/${runId}`);
            return r.json.status === "failed" ? r.json : undefined;
          },
          5_000,
          "the run recorded failed",
        );
        assert.equal(run.error, reason);
        assert.deepEqual(log, [`run ${runId} failed: ${reason}`]);
        assert.equal((await getJson(`${server.url}/api/runs`)).status, 200);
      });
    } finally {
      sh("umount", runsDir);
      await server.stop({ cancelRuns: true });
    }
  },
});

async function startProcess(runsDir: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...CHILD_PERMISSIONS, "main.ts", "start", "--port", "0"],
    cwd: PROJECT_ROOT,
    env: { BENCH_RUNS_DIR: runsDir, HOST: "127.0.0.1", ...OFFLINE_PROVIDERS },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("faults - a corrupted history.db at start is a one-line refusal naming it", async () => {
  const runsDir = join(Deno.makeTempDirSync({ prefix: "bench-fault-" }), "runs");
  Deno.mkdirSync(runsDir);
  const db = join(runsDir, "history.db");
  Deno.writeFileSync(db, new TextEncoder().encode("not a database ".repeat(1000)));
  const r = await startProcess(runsDir);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: cannot start: ${db}: file is not a database\n`);
});

Deno.test({
  name: "faults - a read-only runs folder at start is a one-line refusal naming the database",
  ignore: NO_MOUNT !== "",
  fn: async () => {
    const mnt = mountTmpfs("64k") as { dir: string };
    try {
      assert.ok(sh("mount", "-o", "remount,ro", mnt.dir).ok);
      const runsDir = join(mnt.dir, "runs");
      const r = await startProcess(runsDir);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `error: cannot start: ${join(runsDir, "history.db")}: ` +
          `EROFS: read-only file system, mkdir '${runsDir}'\n`,
      );
    } finally {
      unmount(mnt.dir);
    }
  },
});
