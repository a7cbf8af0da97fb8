// Runs `main.ts bench` as a child process with the permissions of `deno task bench` (read
// from deno.json, so the tests follow the real task) and a controlled environment, for the
// provider end-to-end and resume tests.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bwrapAvailable } from "../../harness/sandbox/sandbox.ts";
import { PROJECT_ROOT } from "../../lib/config.ts";

export const PROVIDER_FIXTURES = fileURLToPath(new URL("./fixtures/catalog", import.meta.url));

/** The answer that solves the fixture task `providers_add`. */
export const SOLVING_ANSWER =
  "Here is the change.\n\n```python adder.py\ndef add(a, b):\n    return a + b\n```\n";

/** The `deno run` permission flags of the `bench` task in deno.json. */
function benchPermissions(): string[] {
  const tasks = JSON.parse(Deno.readTextFileSync(join(PROJECT_ROOT, "deno.json"))).tasks;
  const argv: string[] = tasks.bench.command.split(/\s+/);
  return argv.slice(argv.indexOf("run") + 1, argv.indexOf("main.ts"));
}

export interface BenchResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Base flags: the fixture catalog, its one task, and no sandbox only when bwrap is missing. */
export function fixtureFlags(outputDir: string): string[] {
  return [
    "--tasks-dir",
    PROVIDER_FIXTURES,
    "--task",
    "providers_add",
    "--output-dir",
    outputDir,
    ...(bwrapAvailable() ? [] : ["--unsafe-no-sandbox"]),
  ];
}

/** Only what the child needs, plus `vars`: none of the developer's own keys leak in. */
export function childEnv(vars: Record<string, string>): Record<string, string> {
  const keep = ["PATH", "HOME", "DENO_DIR", "TMPDIR", "LANG"];
  const env: Record<string, string> = {};
  for (const k of keep) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return { ...env, NO_COLOR: "1", ...vars };
}

/** Starts `bench <args>`; the caller awaits `.output()` or kills it. */
export function spawnBench(args: string[], env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...benchPermissions(), "main.ts", "bench", ...args],
    cwd: PROJECT_ROOT,
    env: childEnv(env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Runs `bench <args>` to the end. */
export async function runBench(args: string[], env: Record<string, string>): Promise<BenchResult> {
  const out = await spawnBench(args, env).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Every file below `dir` whose bytes contain `needle` (relative paths). */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const want = new TextEncoder().encode(needle);
  const hits: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile && indexOf(await Deno.readFile(p), want) >= 0) {
        hits.push(p.slice(dir.length + 1));
      }
    }
  };
  await walk(dir);
  return hits;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
