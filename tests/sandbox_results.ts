// A complete SandboxResult for grading unit tests, with only what a test cares about set.
import type { SandboxResult } from "../harness/sandbox/sandbox.ts";

/** A run that exited `code` (default 0) with no output, unless `over` says otherwise. */
export function sandboxResult(over: Partial<SandboxResult> = {}): SandboxResult {
  return {
    code: 0,
    signal: null,
    timedOut: false,
    cancelled: false,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    durationMs: 1,
    memoryLimitHit: false,
    ...over,
  };
}
