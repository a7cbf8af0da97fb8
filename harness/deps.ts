// Test dependencies (metadata.json `dependencies`: npm packages, pip requirements, Maven
// jars). `bench deps install` fetches each ecosystem's set once, in a sandbox of its own
// that may use the network (the grading sandbox never can), into a content-addressed cache
// `<runs>/.deps/<ecosystem>/<sha256 of the sorted spec>/`; grading binds that folder
// read-only. --install-deps (a Python task's requirements.txt) goes through the same cache.
import { join } from "node:path";
import { sha256Hex } from "../lib/util.ts";
import type { Task, TaskMetadata } from "./catalog.ts";
import { runInSandbox, SANDBOX_UID } from "./sandbox/sandbox.ts";

export type Dependencies = NonNullable<TaskMetadata["dependencies"]>;
export type Ecosystem = keyof Dependencies;
export const ECOSYSTEMS: readonly Ecosystem[] = ["npm", "pip", "maven"];

/** What grading adds to the sandbox for a task's installed dependencies. */
export interface DependencyMounts {
  extraReadOnly: Record<string, string>;
  links: Record<string, string>;
  env: Record<string, string>;
  /** Folders (relative to the sandbox root) put first on PATH. */
  binDirs: string[];
}

const INSTALL_TIMEOUT_MS = 600_000;
const INSTALL_MEMORY_MB = 3072;
const READY = ".installed";
const MOUNT = "/opt/bench/deps";

/** The spec in one canonical form: sorted, so the same set always hashes the same. */
function canonical(spec: Dependencies[Ecosystem]): string {
  if (Array.isArray(spec)) return JSON.stringify([...spec].sort());
  return JSON.stringify(Object.entries(spec ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

/** The cache folder of one ecosystem's spec: `<runsDir>/.deps/<ecosystem>/<sha256>`. */
export async function depsFolder(
  runsDir: string,
  eco: Ecosystem,
  spec: Dependencies[Ecosystem],
): Promise<string> {
  return join(runsDir, ".deps", eco, await sha256Hex(`${eco}\n${canonical(spec)}`));
}

function declared(task: Task): [Ecosystem, NonNullable<Dependencies[Ecosystem]>][] {
  const deps = task.meta.dependencies ?? {};
  return ECOSYSTEMS.filter((e) => deps[e] !== undefined).map((e) => [e, deps[e]!]);
}

async function installed(folder: string): Promise<boolean> {
  return await Deno.stat(join(folder, READY)).then(() => true, () => false);
}

/** The one line a task whose dependencies are not installed is skipped with, or null. */
export async function missingDependencies(task: Task, runsDir: string): Promise<string | null> {
  for (const [eco, spec] of declared(task)) {
    if (!await installed(await depsFolder(runsDir, eco, spec))) {
      return `missing dependencies: run deno task bench deps install --tasks ${task.id}`;
    }
  }
  return null;
}

/** The command, input files and output folder of one ecosystem's install. */
function installPlan(eco: Ecosystem, spec: NonNullable<Dependencies[Ecosystem]>) {
  switch (eco) {
    case "npm":
      return {
        files: {
          "package.json": JSON.stringify({ private: true, dependencies: spec }, null, 2),
        },
        script: "cp package.json /deps/ && cd /deps && " +
          "npm install --no-audit --no-fund --no-update-notifier --loglevel=error",
      };
    case "pip":
      return {
        files: { "requirements.txt": (spec as string[]).join("\n") + "\n" },
        script: "python3 -m pip install --quiet --no-cache-dir --disable-pip-version-check " +
          "--target /deps/site -r requirements.txt",
      };
    case "maven":
      return { files: { "pom.xml": pom(spec as string[]) }, script: MAVEN_SCRIPT };
  }
}

const MAVEN_SCRIPT = "mvn -q -B -Dmaven.repo.local=/tmp/m2 dependency:copy-dependencies " +
  "-DoutputDirectory=/deps/jars -DincludeScope=runtime";

/** A throwaway project whose dependencies (and theirs) are the jars to fetch. */
function pom(jars: string[]): string {
  const deps = jars.map((j) => {
    const [g, a, v] = j.split(":");
    return `<dependency><groupId>${g}</groupId><artifactId>${a}</artifactId>` +
      `<version>${v}</version></dependency>`;
  }).join("\n    ");
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>deps</artifactId><version>1</version>
  <dependencies>
    ${deps}
  </dependencies>
</project>
`;
}

const installing = new Map<string, Promise<string>>();

/**
 * Installs one ecosystem's spec into its cache folder unless it is there; returns the
 * folder. Concurrent calls for one spec share one install. Throws an Error whose message
 * is one line (the installer's last) on failure.
 */
export async function installEcosystem(
  runsDir: string,
  eco: Ecosystem,
  spec: NonNullable<Dependencies[Ecosystem]>,
): Promise<string> {
  const folder = await depsFolder(runsDir, eco, spec);
  if (await installed(folder)) return folder;
  let pending = installing.get(folder);
  if (!pending) {
    pending = install(runsDir, eco, spec, folder);
    installing.set(folder, pending);
    pending.finally(() => installing.delete(folder)).catch(() => {});
  }
  return await pending;
}

async function install(
  runsDir: string,
  eco: Ecosystem,
  spec: NonNullable<Dependencies[Ecosystem]>,
  folder: string,
): Promise<string> {
  const parent = join(runsDir, ".deps", eco);
  await Deno.mkdir(parent, { recursive: true });
  const out = await Deno.makeTempDir({ dir: parent, prefix: ".tmp_" });
  const input = await Deno.makeTempDir({ prefix: "bench_deps_" });
  try {
    const plan = installPlan(eco, spec);
    for (const [name, text] of Object.entries(plan.files)) {
      await Deno.writeTextFile(join(input, name), text);
    }
    await Deno.chown(out, SANDBOX_UID, SANDBOX_UID);
    const r = await runInSandbox({
      sandboxDir: input,
      cwd: ".",
      argv: ["sh", "-c", plan.script],
      timeoutMs: INSTALL_TIMEOUT_MS,
      memoryMb: INSTALL_MEMORY_MB,
      outputKb: 256,
      diskMb: 4096,
      network: true,
      extraWritable: { [out]: "/deps" },
    });
    if (r.code !== 0) {
      const last = (r.stderr || r.stdout).trim().split("\n").at(-1) ?? `exit code ${r.code}`;
      throw new Error(`${eco} install failed: ${last.slice(0, 300)}`);
    }
    await Deno.writeTextFile(join(out, READY), canonical(spec) + "\n");
    await Deno.remove(folder, { recursive: true }).catch(() => {});
    await Deno.rename(out, folder);
    return folder;
  } finally {
    await Deno.remove(input, { recursive: true }).catch(() => {});
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
}

/** Installs every dependency `task` declares (each set once, however many tasks share it). */
export async function installTaskDependencies(task: Task, runsDir: string): Promise<void> {
  for (const [eco, spec] of declared(task)) await installEcosystem(runsDir, eco, spec);
}

/**
 * How the sandbox sees installed dependencies: npm's node_modules linked into the sandbox
 * root (found from the workspace by Node's lookup, its `.bin` on PATH), pip's folder on
 * PYTHONPATH, every Maven jar on CLASSPATH. Unsandboxed, the host paths are used.
 */
export async function dependencyMounts(
  task: Task,
  runsDir: string,
  unsafeNoSandbox = false,
  extra: Partial<Record<Ecosystem, string>> = {},
): Promise<DependencyMounts> {
  const m: DependencyMounts = { extraReadOnly: {}, links: {}, env: {}, binDirs: [] };
  const folders: Partial<Record<Ecosystem, string>> = { ...extra };
  for (const [eco, spec] of declared(task)) {
    const folder = await depsFolder(runsDir, eco, spec);
    if (await installed(folder)) folders[eco] = folder;
  }
  const at = (eco: Ecosystem, host: string) => {
    if (unsafeNoSandbox) return host;
    m.extraReadOnly[host] = `${MOUNT}/${eco}`;
    return `${MOUNT}/${eco}`;
  };
  if (folders.npm) {
    m.links.node_modules = join(folders.npm, "node_modules");
    m.binDirs.push("node_modules/.bin");
  }
  if (folders.pip) m.env.PYTHONPATH = at("pip", join(folders.pip, "site"));
  if (folders.maven) {
    const jars = join(folders.maven, "jars");
    const names = (await Array.fromAsync(Deno.readDir(jars))).map((e) => e.name)
      .filter((n) => n.endsWith(".jar")).sort();
    const inside = at("maven", jars);
    m.env.CLASSPATH = names.map((n) => `${inside}/${n}`).join(":");
  }
  return m;
}
