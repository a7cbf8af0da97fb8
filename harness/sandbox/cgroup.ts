// Per-attempt process and memory caps through cgroups (v1 `pids`+`memory` controllers, or a
// delegated v2 tree). As root, RLIMIT_NPROC is not enforced, so a cgroup is what stops a
// fork bomb; it is also the reliable way to kill every process an attempt left behind.
// Deno only lets --allow-all touch /sys and /proc, so every step runs as a short `sh`
// script instead of widening the harness's permissions.
//
// Each cgroup is named `bench_<pid>-<start time>_<id>` after the harness process that made
// it. A killed harness leaves its cgroups behind; the next one to start removes those whose
// owner is gone (same pid with another start time, or no such pid) and kills what is left
// in them. Cgroups of live harnesses, and any other name, are never touched.

/** A cgroup set for one attempt; `enterScript` moves a shell into it before it execs. */
export interface AttemptCgroup {
  dirs: string[];
  /** Shell commands that move `$$` into every cgroup of the set. */
  enterScript: string;
  /** Kills every process in the set. */
  kill(signal: Deno.Signal): void;
  /** True when the memory cap was hit. */
  hitMemoryLimit(): boolean;
  remove(): Promise<void>;
}

/** Where this process may create cgroups. */
export interface Layout {
  kind: "v1" | "v2";
  pidsParent: string;
  memoryParent: string;
}

function sh(script: string, ...args: string[]): { ok: boolean; out: string } {
  try {
    const r = new Deno.Command("sh", {
      args: ["-c", script, "sh", ...args],
      stdout: "piped",
      stderr: "null",
      clearEnv: true,
      env: { PATH: "/usr/bin:/bin" },
    }).outputSync();
    return { ok: r.success, out: new TextDecoder().decode(r.stdout).trim() };
  } catch {
    return { ok: false, out: "" };
  }
}

// Prints "v1 <pids parent> <memory parent>" or "v2 <parent>" for a tree we may write.
const DETECT = `
own() { awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) { print $3; exit } }' /proc/self/cgroup; }
try() { d="$1/bench_probe_$$"; mkdir "$d" 2>/dev/null && rmdir "$d"; }
if [ -d /sys/fs/cgroup/pids ] && [ -d /sys/fs/cgroup/memory ]; then
  p="/sys/fs/cgroup/pids$(own pids)"; m="/sys/fs/cgroup/memory$(own memory)"
  if try "$p" && try "$m"; then echo "v1 $p $m"; exit 0; fi
fi
if [ -f /sys/fs/cgroup/cgroup.subtree_control ] && grep -q pids /sys/fs/cgroup/cgroup.subtree_control && grep -q memory /sys/fs/cgroup/cgroup.subtree_control; then
  p="/sys/fs/cgroup$(awk -F: '$1 == "0" { print $3 }' /proc/self/cgroup)"
  if try "$p"; then echo "v2 $p"; exit 0; fi
fi
exit 1`;

// Prints "<pid>-<start time>" for pid $1: the start time (field 22 of /proc/<pid>/stat,
// read after the parenthesised command name, which may hold spaces) tells a reused pid apart.
const OWNER_TAG = `t=$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20) && echo "$1-$t"`;

// Prints every cgroup below the parents ($2…) named by a harness that is gone, killing the
// processes left in it. $1 is this process's tag (its cgroups are live by definition).
const FIND_STALE = `self="$1"; shift
for parent in "$@"; do
  for d in "$parent"/bench_*-*_*; do
    [ -d "$d" ] || continue
    tag=\${d##*/bench_}; tag=\${tag%%_*}; pid=\${tag%%-*}
    case "$pid" in ''|*[!0-9]*) continue;; esac
    [ "$tag" = "$self" ] && continue
    t=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f20)
    [ -n "$t" ] && [ "$pid-$t" = "$tag" ] && continue
    for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    echo "$d"
  done
done
true`;

let detected: Layout | null | undefined;
let ownerTag = "";

/**
 * Finds a cgroup tree this process may create children in, or null. The first call also
 * removes the cgroups that killed harness processes left there (removeStaleCgroups).
 */
export function detectCgroups(): Layout | null {
  if (detected !== undefined) return detected;
  const r = sh(DETECT);
  const [kind, a, b] = r.out.split(" ");
  detected = !r.ok
    ? null
    : kind === "v1"
    ? { kind: "v1", pidsParent: a.replace(/\/$/, ""), memoryParent: b.replace(/\/$/, "") }
    : { kind: "v2", pidsParent: a.replace(/\/$/, ""), memoryParent: a.replace(/\/$/, "") };
  ownerTag = sh(OWNER_TAG, String(Deno.pid)).out || `${Deno.pid}-0`;
  if (detected) removeStaleCgroups(detected);
  return detected;
}

/**
 * Removes the cgroups below `layout`'s parents whose owning harness process is gone,
 * killing processes left in them first; returns the removed paths. Cgroups of live
 * harness processes and cgroups of any other naming are left alone.
 */
export function removeStaleCgroups(layout: Layout): string[] {
  const parents = [...new Set([layout.pidsParent, layout.memoryParent])];
  const stale = sh(FIND_STALE, ownerTag, ...parents).out.split("\n").filter(Boolean);
  if (stale.length) sh(REMOVE, ...stale);
  return stale;
}

const KILL =
  `sig="$1"; shift; for d in "$@"; do for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -s "$sig" "$p" 2>/dev/null; done; done; true`;
const REMOVE = `for i in $(seq 1 40); do
  left=0
  for d in "$@"; do
    [ -d "$d" ] || continue
    for p in $(cat "$d/cgroup.procs" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
    rmdir "$d" 2>/dev/null || left=1
  done
  [ "$left" = 0 ] && exit 0
  sleep 0.05
done
exit 1`;

/** Creates the cgroups of one attempt, or returns null when none can be made here. */
export function createAttemptCgroup(
  name: string,
  limits: { memoryBytes: number; maxProcesses: number },
): AttemptCgroup | null {
  const layout = detectCgroups();
  if (!layout) return null;
  const leaf = `bench_${ownerTag}_${name}`;
  let dirs: string[];
  let ok: boolean;
  if (layout.kind === "v1") {
    dirs = [`${layout.pidsParent}/${leaf}`, `${layout.memoryParent}/${leaf}`];
    ok = sh(
      `mkdir "$1" "$2" && echo "$3" > "$1/pids.max" && echo "$4" > "$2/memory.limit_in_bytes" && { echo 0 > "$2/memory.swappiness" 2>/dev/null; true; }`,
      dirs[0],
      dirs[1],
      String(limits.maxProcesses),
      String(limits.memoryBytes),
    ).ok;
  } else {
    dirs = [`${layout.pidsParent}/${leaf}`];
    ok = sh(
      `mkdir "$1" && echo "$2" > "$1/pids.max" && echo "$3" > "$1/memory.max" && { echo 0 > "$1/memory.swap.max" 2>/dev/null; true; }`,
      dirs[0],
      String(limits.maxProcesses),
      String(limits.memoryBytes),
    ).ok;
  }
  if (!ok) {
    sh(REMOVE, ...dirs);
    return null;
  }
  return {
    dirs,
    enterScript: dirs.map((d) => `echo $$ > '${d}/cgroup.procs'`).join(" && "),
    kill(signal) {
      sh(KILL, signal.replace(/^SIG/, ""), ...dirs);
    },
    hitMemoryLimit() {
      const script = layout.kind === "v1"
        ? `[ "$(cat "$1/memory.failcnt")" -gt 0 ]`
        : `grep -Eq 'oom_kill [1-9]' "$1/memory.events"`;
      return sh(script, layout.kind === "v1" ? dirs[1] : dirs[0]).ok;
    },
    remove() {
      sh(REMOVE, ...dirs);
      return Promise.resolve();
    },
  };
}
