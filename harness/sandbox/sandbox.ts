// Runs one grading command in a bubblewrap sandbox. Inside: a copy of the attempt's sandbox
// folder on a size-capped tmpfs (model code can neither fill the disk nor change stored
// artifacts), read-only system and toolchains, private HOME and /tmp, no network but
// loopback, a clean environment, uid nobody with no capabilities, and cgroup caps on
// processes and memory. The process tree dies with bwrap on timeout.
import { dirname, join } from "node:path";
import { createAttemptCgroup } from "./cgroup.ts";
import { runProcess, type RunResult } from "./runner.ts";
import { sandboxToolchains, type Toolchain, whichSync } from "./toolchains.ts";

export interface SandboxRequest {
  /** Host folder laid out as the spec's `sandbox/` (workspace/, tests/). Read-only inside. */
  sandboxDir: string;
  /** Where the command runs, relative to the sandbox root ("." or "workspace"). */
  cwd: string;
  argv: string[];
  timeoutMs: number;
  memoryMb: number;
  outputKb: number;
  /** Size of the writable tmpfs holding the sandbox copy. */
  diskMb?: number;
  /**
   * Build cache folder on the host (GOCACHE and CARGO_TARGET_DIR live below it). Untrusted
   * runs get a private copy; only trusted warm-up runs (`writableCache`) write to it.
   */
  cacheDir?: string;
  writableCache?: boolean;
  /**
   * The shared, warmed Go build cache (go_cache.ts): the read-only lower layer of an overlay
   * at GOCACHE whose upper layer is this run's tmpfs, so the run never writes into it.
   */
  goCacheSeed?: string;
  /** Host folder with node_modules that tests may `require` (NODE_PATH), read-only. */
  nodeModulesDir?: string;
  /** Extra read-only binds (host → sandbox path). */
  extraReadOnly?: Record<string, string>;
  /**
   * Host folders that appear read-only inside the sandbox folder, by their path relative to
   * it (`_shared/<name>`, `node_modules`): each is bound outside and linked in, since the
   * sandbox folder itself is a writable copy.
   */
  links?: Record<string, string>;
  /** Folders (relative to the sandbox folder) put first on PATH, e.g. `node_modules/.bin`. */
  binDirs?: string[];
  /** Extra writable binds (host → sandbox path), for dependency installs only. */
  extraWritable?: Record<string, string>;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * A writable host folder for the runner's report, mounted at REPORT_PARENT/<nonce>. The
   * parent cannot be listed inside, so only a process told the nonce can find the folder.
   */
  reportDir?: { hostDir: string; nonce: string };
  /** Share the host network (only for dependency installs, never for grading). */
  network?: boolean;
  signal?: AbortSignal;
  /** Grade on the host without bubblewrap (`--unsafe-no-sandbox`). */
  unsafeNoSandbox?: boolean;
}

export interface SandboxResult extends RunResult {
  memoryLimitHit: boolean;
}

export const SANDBOX_ROOT = "/sandbox";
export const SANDBOX_UID = 65534;
const CACHE_MOUNT = "/cache";
const GO_SEED_MOUNT = "/.go-seed";
export const REPORT_PARENT = "/.report";
const NODE_MODULES_MOUNT = "/opt/bench/node_modules";
const LINKS_MOUNT = "/opt/bench/links";
const LINK_NAME = /^(?!.*(^|\/)\.\.?(\/|$))[\w.@-]+(\/[\w.@-]+)*$/;
const MAX_PROCESSES = 512;
const MAX_OPEN_FILES = 4096;
const DEFAULT_DISK_MB = 1024;

/** Thrown when grading is asked for but no sandbox can be made; message is one line. */
export class SandboxUnavailableError extends Error {}

/** True when bubblewrap is installed. */
export function bwrapAvailable(): boolean {
  return whichSync("bwrap") !== null;
}

function sandboxEnv(
  tools: Toolchain[],
  paths: { home: string; tmp: string; cache: string; nodeModules?: string; bins?: string[] },
  extra: Record<string, string> = {},
): Record<string, string> {
  const binDirs = [...new Set(tools.map((t) => t.binDir))];
  const env: Record<string, string> = {
    PATH: [...paths.bins ?? [], ...binDirs, "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
    HOME: paths.home,
    TMPDIR: paths.tmp,
    LANG: "C.UTF-8",
    TZ: "UTC",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONHASHSEED: "0",
    GOCACHE: `${paths.cache}/go`,
    GOPATH: `${paths.tmp}/gopath`,
    GOFLAGS: "-mod=mod",
    GOTOOLCHAIN: "local",
    GOPROXY: "off",
    GOTELEMETRY: "off",
    CARGO_HOME: `${paths.tmp}/cargo-home`,
    CARGO_TARGET_DIR: `${paths.cache}/target`,
    CARGO_NET_OFFLINE: "true",
    CARGO_TERM_COLOR: "never",
    NO_COLOR: "1",
    DENO_DIR: `${paths.tmp}/deno`,
    DENO_NO_UPDATE_CHECK: "1",
    ...extra,
  };
  if (paths.nodeModules) env.NODE_PATH = paths.nodeModules;
  return env;
}

/** `--perms 0755 --dir` for every folder above `target` that bwrap would otherwise make 0700. */
function ancestorDirs(target: string, made: Set<string>): string[] {
  const out: string[] = [];
  const parts: string[] = [];
  for (let d = dirname(target); d !== "/" && d !== "."; d = dirname(d)) parts.unshift(d);
  for (const d of parts) {
    if (made.has(d)) continue;
    made.add(d);
    out.push("--perms", "0755", "--dir", d);
  }
  return out;
}

/** Where the report folder of `req` is seen by the graded command. */
export function reportDirInside(req: Pick<SandboxRequest, "reportDir" | "unsafeNoSandbox">) {
  if (!req.reportDir) return undefined;
  return req.unsafeNoSandbox ? req.reportDir.hostDir : `${REPORT_PARENT}/${req.reportDir.nonce}`;
}

/**
 * A networked sandbox (dependency installs) needs the host's DNS resolver: where
 * /etc/resolv.conf links out of /etc (systemd-resolved's /run/systemd/resolve), that folder.
 */
function resolverBinds(): [string, string][] {
  try {
    const real = dirname(Deno.realPathSync("/etc/resolv.conf"));
    return real === "/etc" || real.startsWith("/usr/") ? [] : [[real, real]];
  } catch {
    return [];
  }
}

const PROXY_VARS = [
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
];

/** The host's proxy settings, passed to networked installs only. */
function proxyEnv(): Record<string, string> {
  return Object.fromEntries(
    PROXY_VARS.flatMap((k) => Deno.env.get(k) ? [[k, Deno.env.get(k)!]] : []),
  );
}

/** The bwrap arguments that build the sandbox's filesystem (exported for tests). */
export function bwrapArgs(req: SandboxRequest, tools: Toolchain[]): string[] {
  const args = [
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    ...(req.network ? [] : ["--unshare-net"]),
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    // Only the setup script keeps these, to copy, chown and then drop to nobody.
    ...["CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER"]
      .flatMap((c) => ["--cap-add", c]),
    // Mounting the Go cache overlay needs it; setpriv drops it with the rest.
    ...(req.goCacheSeed ? ["--cap-add", "CAP_SYS_ADMIN"] : []),
    "--hostname",
    "sandbox",
  ];
  const made = new Set<string>();
  for (const top of ["/usr", "/etc"]) args.push("--ro-bind", top, top);
  for (const link of ["/bin", "/sbin", "/lib", "/lib64", "/lib32"]) {
    try {
      const info = Deno.lstatSync(link);
      if (info.isSymlink) args.push("--symlink", Deno.readLinkSync(link), link);
      else if (info.isDirectory) args.push("--ro-bind", link, link);
    } catch { /* absent on this host */ }
  }
  const binds: [string, string][] = tools.filter((t) => t.root && !t.root.startsWith("/usr/"))
    .map((t) => [t.root!, t.root!]);
  if (req.nodeModulesDir) binds.push([req.nodeModulesDir, NODE_MODULES_MOUNT]);
  if (req.network) binds.push(...resolverBinds());
  for (const [host, inside] of Object.entries(req.extraReadOnly ?? {})) binds.push([host, inside]);
  for (const [name, host] of Object.entries(req.links ?? {})) {
    binds.push([host, `${LINKS_MOUNT}/${checkedLink(name)}`]);
  }
  for (const [host, inside] of binds) {
    args.push(...ancestorDirs(inside, made), "--ro-bind", host, inside);
  }
  for (const [host, inside] of Object.entries(req.extraWritable ?? {})) {
    args.push(...ancestorDirs(inside, made), "--bind", host, inside);
  }
  const diskBytes = (req.diskMb ?? DEFAULT_DISK_MB) * 1024 * 1024;
  args.push(
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
    "--perms",
    "0755",
    "--dir",
    "/home",
    "--dir",
    "/home/sandbox",
    "--size",
    String(diskBytes),
    "--tmpfs",
    SANDBOX_ROOT,
    "--ro-bind",
    req.sandboxDir,
    "/.input",
  );
  if (req.reportDir) {
    args.push("--perms", "0711", "--dir", REPORT_PARENT);
    args.push("--bind", req.reportDir.hostDir, `${REPORT_PARENT}/${req.reportDir.nonce}`);
  }
  if (req.cacheDir && req.writableCache) args.push("--bind", req.cacheDir, CACHE_MOUNT);
  else {
    args.push("--size", String(diskBytes), "--tmpfs", CACHE_MOUNT);
    if (req.cacheDir) args.push("--ro-bind", req.cacheDir, "/.cache-seed");
  }
  if (req.goCacheSeed) args.push("--ro-bind", req.goCacheSeed, GO_SEED_MOUNT);
  args.push("--chdir", "/", "--clearenv");
  return args;
}

/** `name` when it is a plain relative path (no `..`, no odd characters); throws otherwise. */
function checkedLink(name: string): string {
  if (!LINK_NAME.test(name)) {
    throw new Error(`sandbox link ${JSON.stringify(name)}: not a plain path`);
  }
  return name;
}

/** Shell lines that link each bound link folder into the sandbox copy. */
function linkLines(links: Record<string, string> = {}): string[] {
  return Object.keys(links).map(checkedLink).flatMap((name) => [
    `mkdir -p "$(dirname "${SANDBOX_ROOT}/${name}")"`,
    `ln -s "${LINKS_MOUNT}/${name}" "${SANDBOX_ROOT}/${name}"`,
  ]);
}

/** Unsandboxed grading: the links as host symlinks in the sandbox folder itself. */
async function linkOnHost(sandboxDir: string, links: Record<string, string> = {}) {
  for (const [name, host] of Object.entries(links)) {
    const at = join(sandboxDir, checkedLink(name));
    await Deno.mkdir(dirname(at), { recursive: true });
    await Deno.remove(at, { recursive: true }).catch(() => {});
    await Deno.symlink(host, at);
  }
}

/** Removes those symlinks again: the attempt's folder is an artifact, served from runs/. */
async function unlinkOnHost(sandboxDir: string, links: Record<string, string> = {}) {
  for (const name of Object.keys(links)) await Deno.remove(join(sandboxDir, name)).catch(() => {});
}

const GO_UPPER = `${CACHE_MOUNT}/.go-upper`;
const GO_WORK = `${CACHE_MOUNT}/.go-work`;

// Runs as root inside the namespaces: lay out the writable copy, then become nobody.
// The links come after the chown, so neither touch nor chown reaches the read-only folders.
const setupScript = (links?: Record<string, string>) =>
  [
    "set -e",
    `cp -a /.input/. ${SANDBOX_ROOT}/`,
    `if [ -d /.cache-seed ]; then cp -a /.cache-seed/. ${CACHE_MOUNT}/; fi`,
    // Make every sandbox file newer than anything in the cache copy: Cargo's fingerprints
    // compare mtimes, and a source older than the cached build would reuse that build.
    `find ${SANDBOX_ROOT} -exec touch -c {} +`,
    `if [ -d ${GO_SEED_MOUNT} ]; then mkdir -p ${CACHE_MOUNT}/go ${GO_UPPER} ${GO_WORK}; fi`,
    `chown -R ${SANDBOX_UID}:${SANDBOX_UID} ${SANDBOX_ROOT} ${CACHE_MOUNT} /tmp /home/sandbox`,
    // Mounted after the chown, which would otherwise copy every shared entry up. Where overlay
    // mounts are not allowed (old kernels in a user namespace), a private copy does the same.
    `if [ -d ${GO_SEED_MOUNT} ]; then mount -t overlay overlay -o ` +
    `lowerdir=${GO_SEED_MOUNT},upperdir=${GO_UPPER},workdir=${GO_WORK} ${CACHE_MOUNT}/go ` +
    `2>/dev/null || cp -a ${GO_SEED_MOUNT}/. ${CACHE_MOUNT}/go/; fi`,
    ...linkLines(links),
    `cd "${SANDBOX_ROOT}/$BENCH_CWD"`,
    `exec setpriv --reuid ${SANDBOX_UID} --regid ${SANDBOX_UID} --clear-groups ` +
    `--inh-caps=-all --bounding-set=-all --no-new-privs -- "$@"`,
  ].join("\n");

function prlimitArgs(req: SandboxRequest, haveCgroup: boolean): string[] {
  const fileCap = (req.diskMb ?? DEFAULT_DISK_MB) * 1024 * 1024;
  const args = ["prlimit", `--nofile=${MAX_OPEN_FILES}`, "--core=0", `--fsize=${fileCap}`];
  // Without a cgroup, fall back to rlimits (weaker: RLIMIT_NPROC is not enforced for root,
  // and an address-space cap upsets sanitizers and V8, hence only as a fallback).
  if (!haveCgroup) {
    args.push(`--nproc=${MAX_PROCESSES}`, `--as=${req.memoryMb * 1024 * 1024}`);
  }
  return args;
}

/** `cp -a src/. dest/` (unsandboxed runs get a private copy of the shared Go cache). */
async function copyTree(src: string, dest: string) {
  await Deno.mkdir(dest, { recursive: true });
  const r = await runProcess({ argv: ["cp", "-a", `${src}/.`, `${dest}/`], timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`copying the Go build cache failed: ${r.stderr.trim()}`);
}

/**
 * Runs `req.argv` in a fresh sandbox and returns its result. Throws
 * SandboxUnavailableError when bwrap is missing and `unsafeNoSandbox` is not set.
 */
export async function runInSandbox(req: SandboxRequest): Promise<SandboxResult> {
  const tools = await sandboxToolchains();
  const name = crypto.randomUUID().slice(0, 12);
  const cgroup = createAttemptCgroup(name, {
    memoryBytes: req.memoryMb * 1024 * 1024,
    maxProcesses: MAX_PROCESSES,
  });
  const enter = cgroup ? `${cgroup.enterScript} && ` : "";
  const limits = prlimitArgs(req, cgroup !== null);
  let argv: string[];
  let env: Record<string, string>;
  let cwd: string | undefined;
  if (req.unsafeNoSandbox) {
    const home = await Deno.makeTempDir({ prefix: "bench_home_" });
    env = sandboxEnv(tools, {
      home,
      tmp: home,
      cache: req.cacheDir ?? join(home, "cache"),
      nodeModules: req.nodeModulesDir,
      bins: req.binDirs?.map((d) => join(req.sandboxDir, d)),
    }, req.env);
    cwd = join(req.sandboxDir, req.cwd);
    await linkOnHost(req.sandboxDir, req.links);
    if (req.goCacheSeed) await copyTree(req.goCacheSeed, `${env.GOCACHE}`);
    argv = ["sh", "-c", `${enter}exec "$@"`, "sh", ...limits, ...req.argv];
  } else {
    const bwrap = whichSync("bwrap");
    if (!bwrap) {
      throw new SandboxUnavailableError(
        "bubblewrap (bwrap) is not installed: install it (apt-get install bubblewrap) " +
          "or pass --unsafe-no-sandbox to grade model code unsandboxed",
      );
    }
    const inner = sandboxEnv(tools, {
      home: "/home/sandbox",
      tmp: "/tmp",
      cache: CACHE_MOUNT,
      nodeModules: req.nodeModulesDir ? NODE_MODULES_MOUNT : undefined,
      bins: req.binDirs?.map((d) => `${SANDBOX_ROOT}/${d}`),
    }, { ...(req.network ? proxyEnv() : {}), ...req.env, BENCH_CWD: req.cwd });
    const setenv = Object.entries(inner).flatMap(([k, v]) => ["--setenv", k, v]);
    argv = [
      "sh",
      "-c",
      `${enter}exec "$@"`,
      "sh",
      ...limits,
      bwrap,
      ...bwrapArgs(req, tools),
      ...setenv,
      "/bin/sh",
      "-c",
      setupScript(req.links),
      "sh",
      ...req.argv,
    ];
    env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };
  }
  try {
    const result = await runProcess({
      argv,
      cwd,
      env,
      timeoutMs: req.timeoutMs,
      outputCapBytes: req.outputKb * 1024,
      signal: req.signal,
      killTree: cgroup ? (sig) => cgroup.kill(sig) : undefined,
    });
    return { ...result, memoryLimitHit: cgroup?.hitMemoryLimit() ?? false };
  } finally {
    await cgroup?.remove();
    if (req.unsafeNoSandbox) await unlinkOnHost(req.sandboxDir, req.links);
  }
}
