// Stale cgroups: a killed harness leaves its attempt cgroups behind; the next harness
// removes those (killing what is left in them) and nothing else.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createAttemptCgroup, detectCgroups, removeStaleCgroups } from "./cgroup.ts";

const layout = detectCgroups();

// Deno lets only --allow-all touch /sys, and the test task runs with narrower flags (as
// cgroup.ts does, every step goes through `sh`).
function sh(script: string, ...args: string[]): boolean {
  return new Deno.Command("sh", { args: ["-c", script, "sh", ...args] }).outputSync().success;
}

function exists(p: string): boolean {
  return sh('test -e "$1"', p);
}

describe("stale cgroups", { skip: layout ? false : "no writable cgroup tree here" }, () => {
  it("removes cgroups of gone harnesses, kills their leftovers, keeps live and foreign ones", async () => {
    const parent = layout!.pidsParent;
    const tag = crypto.randomUUID().slice(0, 8);
    const goneOwner = `${parent}/bench_999999999-1_${tag}`; // no such pid
    const reusedPid = `${parent}/bench_${Deno.pid}-1_${tag}`; // our pid, another start time
    const foreign = `${parent}/bench_${tag}_foreign`; // not a harness name: never touched
    assert.ok(sh('mkdir "$@"', goneOwner, reusedPid, foreign));
    const leftover = new Deno.Command("sh", {
      args: ["-c", `echo $$ > '${goneOwner}/cgroup.procs' && exec sleep 300`],
    }).spawn();
    await new Promise((r) => setTimeout(r, 200));
    const live = createAttemptCgroup(`live${tag}`, { memoryBytes: 1 << 28, maxProcesses: 64 })!;
    try {
      const removed = removeStaleCgroups(layout!).filter((d) => d.includes(tag)).sort();
      assert.deepEqual(removed, [goneOwner, reusedPid].sort());
      const status = await leftover.status;
      assert.equal(status.signal, "SIGKILL");
      assert.equal(exists(goneOwner), false);
      assert.equal(exists(reusedPid), false);
      assert.equal(exists(foreign), true);
      for (const d of live.dirs) assert.equal(exists(d), true, d);
    } finally {
      await live.remove();
      sh('rmdir "$1"', foreign);
    }
  });
});
