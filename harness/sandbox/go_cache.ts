// The shared Go build cache: one per Go toolchain (version, GOROOT, GOOS/GOARCH, cgo) and
// build-affecting flag set (-race, -tags=…), holding the compiled standard library and
// its vet facts. A trusted warm-up warms it once: `go test` of a package importing every
// public standard package (`go build std` alone leaves go test's vet to analyse each
// dependency again, ~70 vet runs per attempt, and `go vet` keys its facts by other
// flags). Every attempt of every Go task then sees it
// read-only as the lower layer of an overlay (sandbox.ts) whose upper layer is the attempt's
// private tmpfs, so an attempt never writes into it. Hard links would not do: Go rewrites
// action entries in place (os.OpenFile without O_TRUNC, cmd/go/internal/cache), which would
// reach the shared inode.
import { join } from "node:path";
import { sha256Hex } from "../../lib/util.ts";
import { runProcess } from "./runner.ts";
import { runInSandbox } from "./sandbox.ts";
import { findToolchain } from "./toolchains.ts";

/** Building std on two shared cores takes minutes; a cold cache is only slower, not wrong. */
const WARM_TIMEOUT_MS = 15 * 60_000;
const WARM_MEMORY_MB = 4096;
const PROBE_TIMEOUT_MS = 15_000;
/** Flags that change how the standard library is compiled, so they key the cache. */
const VALUED_FLAGS = new Set(["-gcflags", "-asmflags", "-tags"]);
const BARE_FLAGS = new Set(["-race", "-msan", "-asan", "-trimpath"]);
// Go refreshes an entry's mtime when it is over an hour old (markUsed) and trims entries
// unused for five days; either would copy every used entry up into each attempt's layer.
// Entries dated far ahead are never "old", so the shared layer stays read-only in effect.
const FUTURE_MTIME = "2100-01-01";
/** Part of the cache key: a new warm-up recipe must not trust a cache the old one filled. */
const WARM_RECIPE = "go-test-all-std-v2";

const warming = new Map<string, Promise<string>>();

/** The build-affecting flags of a `go test …` command, in order (`-tags x` → `-tags=x`). */
export function goBuildFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i].replace(/^--/, "-");
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (BARE_FLAGS.has(a)) out.push(a);
    else if (VALUED_FLAGS.has(name)) out.push(eq < 0 ? `${a}=${argv[++i] ?? ""}` : a);
  }
  return out;
}

/** What identifies the Go toolchain the sandbox uses, or null when there is no Go. */
async function toolchainIdentity(): Promise<string | null> {
  const go = await findToolchain("go");
  if (!go) return null;
  const r = await runProcess({
    argv: [join(go.binDir, "go"), "env", "GOVERSION", "GOROOT", "GOOS", "GOARCH", "CGO_ENABLED"],
    env: { PATH: `${go.binDir}:/usr/bin:/bin`, HOME: "/nonexistent", GOENV: "off" },
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return r.code === 0 ? r.stdout.trim().split("\n").join(" ") : null;
}

/** Host folder of the shared cache for `flags` (GOCACHE is its `go/`), keyed by toolchain. */
export async function goCacheDir(runsDir: string, flags: readonly string[]) {
  const identity = await toolchainIdentity();
  if (identity === null) return null;
  const key = (await sha256Hex(`${WARM_RECIPE}\0${identity}\0${flags.join("\0")}`)).slice(0, 16);
  return join(runsDir, ".cache", `go-std-${key}`);
}

/**
 * The warmed shared Go cache for a task whose command is `argv`: its GOCACHE host folder,
 * built once per process and key (`.warm` marks a finished warm-up), or null without Go.
 * A failed warm-up leaves a partial cache and no marker; grading still works, only slower.
 */
export async function sharedGoCache(
  argv: readonly string[],
  opts: { runsDir: string; unsafeNoSandbox: boolean },
): Promise<string | null> {
  const flags = goBuildFlags(argv);
  const dir = await goCacheDir(opts.runsDir, flags);
  if (dir === null) return null;
  let pending = warming.get(dir);
  if (!pending) {
    pending = warm(dir, flags, opts.unsafeNoSandbox).then(() => join(dir, "go"));
    warming.set(dir, pending);
  }
  return pending;
}

async function warm(dir: string, flags: string[], unsafeNoSandbox: boolean): Promise<void> {
  const marker = join(dir, ".warm");
  try {
    await Deno.stat(marker);
    return;
  } catch { /* not warm yet */ }
  await Deno.mkdir(join(dir, "go"), { recursive: true });
  const src = await Deno.makeTempDir({ prefix: "go_warm_" });
  try {
    await Deno.mkdir(join(src, "warmup"));
    await Deno.writeTextFile(join(src, "warmup", "go.mod"), "module warmup\n\ngo 1.21\n");
    await Deno.writeTextFile(
      join(src, "warmup", "warmup_test.go"),
      'package warmup\n\nimport "testing"\n\nfunc TestWarm(t *testing.T) {}\n',
    );
    const quoted = flags.map((f) => `'${f.replaceAll("'", "'\\''")}'`).join(" ");
    const script = [
      `go list -e -f '{{if not .Incomplete}}{{.ImportPath}}{{end}}' std`,
      `grep -vE '(^|/)internal(/|$)|^vendor/|^cmd/'`,
      `sed 's/.*/import _ "&"/' > imports.txt`,
    ].join(" | ") +
      ` && { echo 'package warmup'; cat imports.txt; } > warmup.go` +
      ` && go test ${quoted} -count=1 -run '^$' .` +
      ` && find "$GOCACHE" -type f -exec touch -c -d ${FUTURE_MTIME} {} +`;
    const r = await runInSandbox({
      sandboxDir: src,
      cwd: "warmup",
      argv: ["sh", "-c", script],
      timeoutMs: WARM_TIMEOUT_MS,
      memoryMb: WARM_MEMORY_MB,
      outputKb: 64,
      cacheDir: dir,
      writableCache: true,
      unsafeNoSandbox,
    });
    if (r.code === 0) await Deno.writeTextFile(marker, new Date().toISOString());
    else console.error(`go cache warm-up failed (${r.code}): ${r.stderr.trim().split("\n")[0]}`);
  } finally {
    await Deno.remove(src, { recursive: true }).catch(() => {});
  }
}
