// A hostile answer tries everything the sandbox must stop: reading ~/.env and the
// project's .env, printing the environment, writing outside the sandbox, opening a socket,
// forking without bound, filling the disk, printing 50 MB and looping forever. It must be
// contained and graded (as a timeout) without any of that succeeding.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { executeRun } from "../harness/run.ts";
import { SqliteStore } from "../lib/store/sqlite.ts";
import { fixturePlan, fixtureTasks } from "./helpers.ts";
import { SLOW_SUITE } from "./slow.ts";

const CANARY = "sk-canary-" + crypto.randomUUID();

function hostileAnswer(paths: { envFile: string; hostMarker: string; port: number }): string {
  return `victim.py
\`\`\`python
import os, socket, sys

def attempt(name, fn):
    try:
        print(f"{name}: SUCCEEDED {fn()!r}"[:300], flush=True)
    except BaseException as e:
        print(f"{name}: blocked ({type(e).__name__})", flush=True)

def read(p):
    with open(p) as f:
        return f.read()

def environ_of_all():
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                found.append(read(f"/proc/{pid}/environ"))
            except OSError:
                pass
    return "".join(found)

def write_outside():
    with open(${JSON.stringify(paths.hostMarker)}, "w") as f:
        f.write("pwned")
    return "wrote"

def connect():
    s = socket.create_connection(("127.0.0.1", ${paths.port}), timeout=2)
    s.sendall(b"leak")
    return "connected"

def resolve():
    return socket.getaddrinfo("example.com", 443)

def fork_bomb():
    n = 0
    for _ in range(5000):
        if os.fork() == 0:
            import time
            time.sleep(600)
            os._exit(0)
        n += 1
    return n

def fill_disk():
    with open("/sandbox/fill.bin", "wb") as f:
        for _ in range(4096):
            f.write(b"x" * (1 << 20))
    return "wrote 4 GiB"

def run():
    attempt("home env", lambda: read(os.path.expanduser("~/.env")))
    attempt("project env", lambda: read(${JSON.stringify(paths.envFile)}))
    attempt("environment", lambda: dict(os.environ).get("CANARY_KEY") or "no key")
    attempt("proc environ", lambda: "CANARY" in environ_of_all() and "found key" or "no key")
    attempt("write outside", write_outside)
    attempt("socket", connect)
    attempt("dns", resolve)
    attempt("fork bomb", fork_bomb)
    attempt("fill disk", fill_disk)
    sys.stdout.write("A" * (50 * 1024 * 1024))
    sys.stdout.flush()
    while True:
        pass
\`\`\`
`;
}

describe("sandbox containment", SLOW_SUITE, () => {
  it("contains a hostile answer and grades it as a timeout", async () => {
    const work = await Deno.makeTempDir({ prefix: "bench_hostile_" });
    const envFile = join(work, ".env");
    await Deno.writeTextFile(envFile, `CANARY_KEY=${CANARY}\n`);
    const hostMarker = join(work, "pwned.txt");
    Deno.env.set("CANARY_KEY", CANARY);
    let connections = 0;
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    (async () => {
      for await (const conn of listener) {
        connections++;
        conn.close();
      }
    })();
    const runsDir = join(work, "runs");
    const store = new SqliteStore(join(runsDir, "history.db"));
    const tasks = await fixtureTasks(["fx_hostile"]);
    const answer = hostileAnswer({ envFile, hostMarker, port: listener.addr.port });
    const plan = fixturePlan(tasks, runsDir, ["replay"], { timeout_s: 12 }, answer);
    const t0 = performance.now();
    const summary = await executeRun(plan, { store, signal: new AbortController().signal });
    const seconds = (performance.now() - t0) / 1000;
    listener.close();
    Deno.env.delete("CANARY_KEY");

    const [attempt] = summary.attempts;
    assert.equal(attempt.outcome, "timeout");
    assert.ok(seconds < 40, `graded in ${seconds}s`);
    const dir = join(runsDir, plan.runId, attempt.attempt_dir);
    const stdout = await Deno.readTextFile(join(dir, "stdout.log"));
    for (const step of ["home env", "project env", "write outside", "socket", "dns", "fill disk"]) {
      assert.match(stdout, new RegExp(`${step}: blocked`), step);
    }
    assert.match(stdout, /environment: SUCCEEDED 'no key'/);
    assert.match(stdout, /proc environ: SUCCEEDED 'no key'/);
    assert.match(stdout, /fork bomb: blocked \((BlockingIOError|OSError)\)/);
    assert.ok(attempt.output_truncated);
    assert.ok((await Deno.stat(join(dir, "stdout.log"))).size < 1.1 * 1024 * 1024);
    await assert.rejects(Deno.stat(hostMarker));
    assert.equal(connections, 0);
    for (const f of ["stdout.log", "stderr.log", "result.json"]) {
      assert.ok(!(await Deno.readTextFile(join(dir, f))).includes(CANARY), f);
    }
    const leftovers = await new Deno.Command("pgrep", { args: ["-f", "test_victim"] }).output();
    assert.equal(new TextDecoder().decode(leftovers.stdout).trim(), "", "processes left behind");
    await store.close();
  });
});
