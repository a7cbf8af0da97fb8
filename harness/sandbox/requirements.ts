// A task's `requires`: each tool's version, probed inside the sandbox the task is graded in
// (so any tool works — cmake, make, javac — whatever the host process may run itself, and
// a tool the sandbox cannot see is missing). Probed once per tool per process.
import { runInSandbox } from "./sandbox.ts";
import { parseVersion, versionAtLeast } from "./toolchains.ts";

const PROBE_TIMEOUT_MS = 20_000;
const PROBE_MEMORY_MB = 1024;
const PROBE_OUTPUT_KB = 16;
const TOOL_NAME = /^[\w.+-]+$/;

/** Tools whose version is not what `--version` prints. */
const VERSION_ARGS: Record<string, string> = {
  go: "version",
  "g++": "-dumpfullversion",
  gcc: "-dumpfullversion",
  pytest: "--version",
};

const probed = new Map<string, Promise<string | null>>();

/** `<tool> --version`, else `<tool> -version` (java's style), run in an empty sandbox. */
async function probeVersion(tool: string, unsafeNoSandbox: boolean): Promise<string | null> {
  const dir = await Deno.makeTempDir({ prefix: "bench_probe_" });
  try {
    const first = VERSION_ARGS[tool] ?? "--version";
    const script = tool === "pytest"
      ? "python3 -m pytest --version 2>&1"
      : `"$0" ${first} 2>&1 || "$0" -version 2>&1`;
    const r = await runInSandbox({
      sandboxDir: dir,
      cwd: ".",
      argv: ["sh", "-c", script, tool],
      timeoutMs: PROBE_TIMEOUT_MS,
      memoryMb: PROBE_MEMORY_MB,
      outputKb: PROBE_OUTPUT_KB,
      unsafeNoSandbox,
    });
    return r.code === 0 ? parseVersion(r.stdout) : null;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** The version of `tool` inside the sandbox, or null when it is not there. */
export function sandboxToolVersion(tool: string, unsafeNoSandbox = false): Promise<string | null> {
  if (!TOOL_NAME.test(tool)) return Promise.resolve(null);
  const key = `${unsafeNoSandbox ? "host" : "sandbox"}:${tool}`;
  let hit = probed.get(key);
  if (!hit) {
    hit = probeVersion(tool, unsafeNoSandbox);
    probed.set(key, hit);
  }
  return hit;
}

/**
 * Checks a task's `requires` map in the sandbox; null when all are met, else the reason
 * (e.g. "cmake 3.20 required, not found in the sandbox"). Throws SandboxUnavailableError
 * when there is no sandbox and `unsafeNoSandbox` is not set.
 */
export async function missingRequirement(
  requires: Record<string, string> | undefined,
  unsafeNoSandbox = false,
): Promise<string | null> {
  for (const [name, want] of Object.entries(requires ?? {})) {
    const version = await sandboxToolVersion(name, unsafeNoSandbox);
    if (!version) return `${name} ${want} required, not found in the sandbox`;
    if (!versionAtLeast(version, want)) return `${name} ${want} required, found ${version}`;
  }
  return null;
}
