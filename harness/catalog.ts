// Finds, validates and selects catalog tasks. Each task folder follows
// shared/spec/task-format.md; a malformed one (symlinks and special files included) is
// reported in one line and skipped while the others load.
import { dirname, join, relative, resolve } from "node:path";
import { z } from "zod";
import { UsageError } from "../lib/errors.ts";
import { errorLine, sha256Hex } from "../lib/util.ts";
import { matchesAny } from "./glob.ts";
import { checkFolder, listFiles, readRegularText } from "./safe_fs.ts";
import { CATEGORIES, LANGUAGES, selectIds } from "../lib/wire_selector.ts";

export { CATEGORIES, LANGUAGES } from "../lib/wire_selector.ts";
export const REPORTS = [
  "pytest",
  "go-json",
  "cargo",
  "tap",
  "deno",
  "summary-line",
  "exit-code",
  "junit",
  "jest",
] as const;

/** Test dependencies per ecosystem, installed by `bench deps install` (harness/deps.ts). */
export const DependenciesSchema = z.strictObject({
  npm: z.record(
    z.string().regex(/^(@[\w.-]+\/)?[\w.-]+$/, "must be an npm package name"),
    z.string(),
  )
    .optional(),
  pip: z.array(z.string().regex(/^[A-Za-z0-9][\w.\-\[\],<>=!~ ]*$/, "must be a pip requirement"))
    .optional(),
  maven: z.array(z.string().regex(/^[\w.-]+:[\w.-]+:[\w.-]+$/, "must be group:artifact:version"))
    .optional(),
});

const SHARED_NAME = /^[A-Za-z0-9_-]+$/;
/** The catalog folder of shared fixtures, which is not a task. */
export const SHARED_DIR = "_shared";

export const TaskMetadataSchema = z.looseObject({
  id: z.string().regex(/^[a-z0-9_]+$/, "must match [a-z0-9_]+"),
  title: z.string().min(1),
  language: z.enum(LANGUAGES),
  category: z.enum(CATEGORIES),
  difficulty: z.enum(["easy", "medium", "hard", "expert"]),
  tags: z.array(z.string()),
  editable: z.array(z.string().min(1)).min(1),
  evaluation: z.looseObject({
    command: z.array(z.string()).min(1),
    cwd: z.string().refine((c) => !c.startsWith("/") && !c.split("/").includes(".."), {
      message: "must be a relative path inside the sandbox",
    }),
    tests_into: z.string().refine((c) => !c.startsWith("/") && !c.split("/").includes(".."), {
      message: "must be a relative path inside the sandbox",
    }).optional(),
    report: z.enum(REPORTS),
    timeout_s: z.number().positive().max(3600),
  }),
  limits: z.looseObject({
    memory_mb: z.number().int().positive().optional(),
    output_kb: z.number().int().positive().optional(),
  }).optional(),
  requires: z.record(z.string(), z.string()).optional(),
  dependencies: DependenciesSchema.optional(),
  /** Folders of the catalog's `_shared/`, bound read-only at `<sandbox>/_shared/<name>`. */
  shared: z.array(z.string().regex(SHARED_NAME, "must match [A-Za-z0-9_-]+")).optional(),
  /** How validate-tasks judges the task: an imported compiled stub may not build. */
  validation: z.looseObject({ starter_may_not_build: z.boolean().optional() }).optional(),
  /** Where an imported task comes from (the importers write it). */
  source: z.looseObject({ name: z.string().min(1) }).optional(),
});

export type TaskMetadata = z.infer<typeof TaskMetadataSchema>;

export interface Task {
  id: string;
  dir: string;
  /** The catalog folder (a `--tasks-dir`) the task was loaded from, absolute. */
  catalogDir: string;
  meta: TaskMetadata;
  instructions: string;
  /** sha256 over every file of the task folder and its shared folders (paths and bytes). */
  contentHash: string;
  /** Paths (relative to workspace/) of every workspace file. */
  workspaceFiles: string[];
  /** Paths (relative to tests/) of every test file. */
  testFiles: string[];
  /** Paths (relative to solution/) of every solution file. */
  solutionFiles: string[];
}

export interface CatalogProblem {
  /** e.g. "tasks/foo/metadata.json: evaluation.report: Invalid option" */
  message: string;
}

export interface Catalog {
  tasks: Task[];
  problems: CatalogProblem[];
}

async function hashFolder(dir: string, files: string[]): Promise<string> {
  const parts: string[] = [];
  for (const f of files) parts.push(`${f}\0${await sha256Hex(await Deno.readFile(join(dir, f)))}`);
  return await sha256Hex(parts.join("\n"));
}

function shortPath(p: string): string {
  const rel = relative(Deno.cwd(), p);
  return rel.startsWith("..") ? p : rel;
}

/** metadata.json and instructions.md are prose and settings: a megabyte is plenty. */
const MAX_TEXT_BYTES = 1024 * 1024;

/** Reads one of a task's text files; every problem is a one-line Error naming it. */
async function readTaskText(path: string): Promise<string> {
  try {
    return await readRegularText(path, MAX_TEXT_BYTES, shortPath(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`${shortPath(path)}: missing`);
    throw e;
  }
}

/**
 * The files of a `shared` folder, as task-relative paths (`../_shared/<name>/…`) so they
 * count in the task's hash; refuses a name with no folder of plain files in `_shared/`.
 */
async function sharedFiles(dir: string, metaPath: string, name: string): Promise<string[]> {
  const at = join(dirname(dir), SHARED_DIR, name);
  try {
    return (await listFiles(at, shortPath)).map((f) => `../${SHARED_DIR}/${name}/${f}`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new Error(
      `${shortPath(metaPath)}: shared: no folder ${SHARED_DIR}/${name} in the catalog`,
    );
  }
}

/** Loads one task folder; throws an Error whose message is the one-line problem. */
export async function loadTask(dir: string): Promise<Task> {
  await checkFolder(dir, shortPath(dir));
  const metaPath = join(dir, "metadata.json");
  const text = await readTaskText(metaPath);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${shortPath(metaPath)}: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = TaskMetadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".") || "(root)";
    throw new Error(`${shortPath(metaPath)}: ${field}: ${issue.message}`);
  }
  const meta = parsed.data;
  const folder = dir.replace(/\/$/, "").split("/").pop();
  if (meta.id !== folder) {
    throw new Error(`${shortPath(metaPath)}: id: "${meta.id}" does not equal the folder name`);
  }
  for (const sub of ["workspace", "tests", "solution"]) {
    await checkFolder(join(dir, sub), shortPath(join(dir, sub))).catch((e) => {
      if (e instanceof Deno.errors.NotFound) {
        throw new Error(`${shortPath(join(dir, sub))}: missing folder`);
      }
      throw e;
    });
  }
  const instructions = await readTaskText(join(dir, "instructions.md"));
  const shared: string[] = [];
  for (const name of meta.shared ?? []) shared.push(...await sharedFiles(dir, metaPath, name));
  const allFiles = await listFiles(dir, shortPath);
  const under = (sub: string) =>
    allFiles.filter((f) => f.startsWith(`${sub}/`)).map((f) => f.slice(sub.length + 1));
  const workspaceFiles = under("workspace");
  const solutionFiles = under("solution");
  const stray = solutionFiles.find((f) => !matchesAny(f, meta.editable));
  if (stray) {
    throw new Error(
      `${shortPath(join(dir, "solution", stray))}: editable: solution file is not editable`,
    );
  }
  return {
    id: meta.id,
    dir,
    catalogDir: resolve(dirname(dir)),
    meta,
    instructions,
    contentHash: await hashFolder(dir, [...allFiles, ...shared]),
    workspaceFiles,
    testFiles: under("tests"),
    solutionFiles,
  };
}

/** Loads every task folder under each catalog directory (later ones may not reuse ids). */
export async function loadCatalog(dirs: string[]): Promise<Catalog> {
  const tasks: Task[] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, string>();
  for (const root of dirs) {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(root));
    } catch (e) {
      problems.push({ message: `${shortPath(root)}: ${errorLine(e)}` });
      continue;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".") || e.name === SHARED_DIR) continue;
      if (!(e.isDirectory || e.isSymlink)) continue;
      const dir = join(root, e.name);
      try {
        const task = await loadTask(dir);
        const prior = seen.get(task.id);
        if (prior) {
          problems.push({ message: `${shortPath(dir)}: id: "${task.id}" also in ${prior}` });
          continue;
        }
        seen.set(task.id, shortPath(dir));
        tasks.push(task);
      } catch (err) {
        problems.push({ message: (err as Error).message });
      }
    }
  }
  return { tasks, problems };
}

/** A task selector names no task (or an unknown one); the message is one line. */
export class SelectionError extends UsageError {}

/**
 * Selects tasks by the selector grammar of lib/wire_selector.ts (`all`, ids, `lang:X`,
 * `tag:X`, `category:X`, `source:NAME`, `dir:PATH`, comma-separated, union) plus explicit `ids`. Throws
 * SelectionError (one line) for an empty selector or term, an unknown id or kind, or a
 * term that matches no task.
 */
export function selectTasks(tasks: Task[], selector: string | undefined, ids: string[]): Task[] {
  const picked = selectIds(
    tasks.map((t) => ({
      id: t.id,
      language: t.meta.language,
      category: t.meta.category,
      tags: t.meta.tags,
      source: t.meta.source?.name,
      dir: t.catalogDir,
    })),
    selector,
    ids,
  );
  if (!picked.ok) throw new SelectionError(picked.error);
  const chosen = new Set(picked.ids);
  return tasks.filter((t) => chosen.has(t.id));
}
