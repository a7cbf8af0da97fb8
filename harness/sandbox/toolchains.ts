// Finds the toolchains on this machine: where each one really lives (so the sandbox can
// bind exactly those folders read-only, at the same paths), its version, and the PATH to
// use inside the sandbox. Probed once per process.
import { dirname } from "node:path";
import { findOnPath } from "../../lib/util.ts";
import { runProcess } from "./runner.ts";

export interface Toolchain {
  name: string;
  version: string;
  /** Folder with the real binaries (not shims or rustup proxies). */
  binDir: string;
  /** Folder to bind read-only into the sandbox; null when under the system's /usr. */
  root: string | null;
}

const PROBE_TIMEOUT_MS = 15_000;

/** How to find a tool's real home, where `which` alone would find a shim or proxy. */
const ROOT_PROBES: Record<string, { argv: string[]; bin: (root: string) => string }> = {
  python3: { argv: ["python3", "-c", "import sys;print(sys.base_prefix)"], bin: (r) => `${r}/bin` },
  pytest: { argv: ["python3", "-c", "import sys;print(sys.base_prefix)"], bin: (r) => `${r}/bin` },
  cargo: { argv: ["rustc", "--print", "sysroot"], bin: (r) => `${r}/bin` },
  rustc: { argv: ["rustc", "--print", "sysroot"], bin: (r) => `${r}/bin` },
  go: { argv: ["go", "env", "GOROOT"], bin: (r) => `${r}/bin` },
};

const VERSION_PROBES: Record<string, string[]> = {
  python3: ["python3", "--version"],
  pytest: ["python3", "-m", "pytest", "--version"],
  node: ["node", "--version"],
  go: ["go", "version"],
  cargo: ["cargo", "--version"],
  rustc: ["rustc", "--version"],
  "g++": ["g++", "-dumpfullversion"],
  javac: ["javac", "--version"],
  deno: ["deno", "--version"],
  bash: ["bash", "--version"],
  git: ["git", "--version"],
};

const SYSTEM_PREFIXES = ["/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/"];

function hostEnv(): Record<string, string> {
  return Deno.env.toObject();
}

async function probe(argv: string[]): Promise<string | null> {
  try {
    const r = await runProcess({ argv, env: hostEnv(), timeoutMs: PROBE_TIMEOUT_MS });
    return r.code === 0 ? (r.stdout + r.stderr).trim() : null;
  } catch {
    return null;
  }
}

/** Finds `name` on the host PATH, following symlinks to the real file. */
export function whichSync(name: string): string | null {
  const found = findOnPath(name);
  return found === null ? null : Deno.realPathSync(found);
}

/** First `major.minor[.patch]` in a tool's version output. */
export function parseVersion(text: string): string | null {
  return /(\d+\.\d+(?:\.\d+)?)/.exec(text)?.[1] ?? null;
}

/** True when `have` is at least `want` (numeric, part by part). */
export function versionAtLeast(have: string, want: string): boolean {
  const a = have.split(".").map(Number);
  const b = want.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0, y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

async function detectOne(name: string): Promise<Toolchain | null> {
  const versionArgv = VERSION_PROBES[name] ?? [name, "--version"];
  const out = await probe(versionArgv);
  const version = out ? parseVersion(out) : null;
  if (!version) return null;
  const rootProbe = ROOT_PROBES[name];
  let binDir: string;
  if (rootProbe) {
    const root = await probe(rootProbe.argv);
    if (!root) return null;
    binDir = rootProbe.bin(root.split("\n")[0]);
  } else {
    const real = whichSync(versionArgv[0]);
    if (!real) return null;
    binDir = dirname(real);
  }
  const system = SYSTEM_PREFIXES.some((p) => binDir.startsWith(p)) &&
    !binDir.startsWith("/usr/local/");
  return { name, version, binDir, root: system ? null : dirname(binDir) };
}

const cache = new Map<string, Promise<Toolchain | null>>();

/** The toolchain called `name` (python3, pytest, node, go, cargo, rustc, g++, …) or null. */
export function findToolchain(name: string): Promise<Toolchain | null> {
  let hit = cache.get(name);
  if (!hit) {
    hit = detectOne(name);
    cache.set(name, hit);
  }
  return hit;
}

/** Tools every sandbox gets on PATH when the host has them. */
// A JDK outside /usr (SDKMAN, /opt) is bound at its own path, its bin/ on PATH (java too).
export const SANDBOX_TOOLS = [
  "python3",
  "node",
  "go",
  "cargo",
  "g++",
  "javac",
  "deno",
  "bash",
  "git",
];

/** All sandbox toolchains present on this host. */
export async function sandboxToolchains(): Promise<Toolchain[]> {
  const found = await Promise.all(SANDBOX_TOOLS.map(findToolchain));
  return found.filter((t): t is Toolchain => t !== null);
}
