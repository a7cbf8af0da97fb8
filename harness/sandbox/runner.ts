// The one subprocess runner: every toolchain call goes through here. Always a timeout, the
// whole tree killed on expiry (TERM, grace, KILL), output capped keeping head and tail, and
// a typed result in which a non-zero exit is data, not an exception.

/** What to run. `env` is the complete environment: nothing is inherited. */
export interface RunSpec {
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs: number;
  /** Each of stdout and stderr is kept to this many bytes (head and tail). */
  outputCapBytes?: number;
  /** Called once the child has a pid (to place it in a cgroup, say). */
  onSpawn?: (pid: number) => void;
  /** Aborting kills the process tree like a timeout, but reports `cancelled`. */
  signal?: AbortSignal;
  /** Extra cleanup that kills stragglers (a cgroup's members), run after TERM and KILL. */
  killTree?: (signal: Deno.Signal) => void;
}

export interface RunResult {
  code: number | null;
  signal: Deno.Signal | null;
  timedOut: boolean;
  cancelled: boolean;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  durationMs: number;
}

export const GRACE_BEFORE_KILL_MS = 1500;
const DEFAULT_OUTPUT_CAP = 1024 * 1024;

/** Keeps the first and last halves of a stream once it passes `cap` bytes. */
export class CappedBuffer {
  #head: Uint8Array[] = [];
  #headLen = 0;
  #tail: Uint8Array[] = [];
  #tailLen = 0;
  total = 0;
  constructor(readonly cap: number) {}

  push(chunk: Uint8Array) {
    this.total += chunk.length;
    const headRoom = Math.floor(this.cap / 2) - this.#headLen;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.#head.push(part);
      this.#headLen += part.length;
      chunk = chunk.subarray(part.length);
    }
    if (chunk.length === 0) return;
    this.#tail.push(chunk);
    this.#tailLen += chunk.length;
    const tailCap = this.cap - Math.floor(this.cap / 2);
    while (this.#tailLen - this.#tail[0].length >= tailCap) {
      this.#tailLen -= this.#tail.shift()!.length;
    }
  }

  get truncated() {
    return this.total > this.cap;
  }

  text(): string {
    const dec = new TextDecoder();
    const head = dec.decode(concat(this.#head));
    let tail = concat(this.#tail);
    if (!this.truncated) return head + dec.decode(tail);
    const tailCap = this.cap - Math.floor(this.cap / 2);
    tail = tail.subarray(tail.length - tailCap);
    const cut = this.total - this.#headLen - tail.length;
    return `${head}\n[... ${cut} bytes cut by the harness ...]\n${dec.decode(tail)}`;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads `stream` into `buf`; returns a function that stops reading early. */
function drain(stream: ReadableStream<Uint8Array>, buf: CappedBuffer) {
  const reader = stream.getReader();
  const done = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf.push(value);
      }
    } catch { /* cancelled */ }
  })();
  return { done, stop: () => reader.cancel().catch(() => {}) };
}

/**
 * Runs `spec.argv` to completion or until its timeout. Never throws for a failing child;
 * throws only when the program cannot be started (not found, not executable).
 */
export async function runProcess(spec: RunSpec): Promise<RunResult> {
  const cap = spec.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
  const started = performance.now();
  const child = new Deno.Command(spec.argv[0], {
    args: spec.argv.slice(1),
    cwd: spec.cwd,
    env: spec.env ?? {},
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  spec.onSpawn?.(child.pid);
  const out = new CappedBuffer(cap);
  const err = new CappedBuffer(cap);
  const readers = [drain(child.stdout, out), drain(child.stderr, err)];

  let timedOut = false;
  let cancelled = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const stop = (why: "timeout" | "cancel") => {
    if (timedOut || cancelled) return;
    if (why === "timeout") timedOut = true;
    else cancelled = true;
    trySignal(child, spec, "SIGTERM");
    killTimer = setTimeout(() => trySignal(child, spec, "SIGKILL"), GRACE_BEFORE_KILL_MS);
  };
  const timer = setTimeout(() => stop("timeout"), spec.timeoutMs);
  const onAbort = () => stop("cancel");
  if (spec.signal?.aborted) onAbort();
  spec.signal?.addEventListener("abort", onAbort);

  const status = await child.status;
  clearTimeout(timer);
  spec.signal?.removeEventListener("abort", onAbort);
  // Grandchildren may hold the pipes open after the child exits: kill them, read what is
  // left, and stop reading after a grace period if something escaped the kill.
  spec.killTree?.("SIGKILL");
  clearTimeout(killTimer);
  const drained = Promise.all(readers.map((r) => r.done));
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const grace = new Promise<void>((r) => graceTimer = setTimeout(r, GRACE_BEFORE_KILL_MS));
  await Promise.race([drained, grace]);
  clearTimeout(graceTimer);
  readers.forEach((r) => r.stop());
  return {
    code: status.signal ? null : status.code,
    signal: status.signal,
    timedOut,
    cancelled,
    stdout: out.text(),
    stderr: err.text(),
    stdoutTruncated: out.truncated,
    stderrTruncated: err.truncated,
    durationMs: performance.now() - started,
  };
}

function trySignal(child: Deno.ChildProcess, spec: RunSpec, sig: Deno.Signal) {
  try {
    child.kill(sig);
  } catch { /* already gone */ }
  spec.killTree?.(sig);
}
