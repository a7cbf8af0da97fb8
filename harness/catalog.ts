// Finds, validates and selects catalog tasks. Each task folder follows
// shared/spec/task-format.md; a malformed one is reported in one line and skipped.
import { join, relative } from "node:path";
import { z } from "zod";
import { matchesAny } from "./glob.ts";

export const LANGUAGES = ["python", "javascript", "go", "rust", "cpp", "html"] as const;
export const CATEGORIES = ["expert", "feature", "tool", "bugfix"] as const;
export const REPORTS = [
  "pytest",
  "go-json",
  "cargo",
  "tap",
  "deno",
  "summary-line",
  "exit-code",
  "junit",
] as const;

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
});

export type TaskMetadata = z.infer<typeof TaskMetadataSchema>;

export interface Task {
  id: string;
  dir: string;
  meta: TaskMetadata;
  instructions: string;
  /** sha256 over every file of the task folder (paths and bytes). */
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

/** Every file below `dir`, as sorted `/`-separated relative paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile) out.push(relative(dir, p));
    }
  }
  await walk(dir);
  return out.sort();
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await Deno.stat(p)).isDirectory;
  } catch {
    return false;
  }
}

/** Hex sha256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
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

/** Loads one task folder; throws an Error whose message is the one-line problem. */
export async function loadTask(dir: string): Promise<Task> {
  const metaPath = join(dir, "metadata.json");
  let raw: unknown;
  try {
    raw = JSON.parse(await Deno.readTextFile(metaPath));
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "missing" : (e as Error).message;
    throw new Error(`${shortPath(metaPath)}: ${why}`);
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
    if (!await isDir(join(dir, sub))) {
      throw new Error(`${shortPath(join(dir, sub))}: missing folder`);
    }
  }
  let instructions: string;
  try {
    instructions = await Deno.readTextFile(join(dir, "instructions.md"));
  } catch {
    throw new Error(`${shortPath(join(dir, "instructions.md"))}: missing`);
  }
  const workspaceFiles = await listFiles(join(dir, "workspace"));
  const solutionFiles = await listFiles(join(dir, "solution"));
  const stray = solutionFiles.find((f) => !matchesAny(f, meta.editable));
  if (stray) {
    throw new Error(
      `${shortPath(join(dir, "solution", stray))}: editable: solution file is not editable`,
    );
  }
  return {
    id: meta.id,
    dir,
    meta,
    instructions,
    contentHash: await hashFolder(dir, await listFiles(dir)),
    workspaceFiles,
    testFiles: await listFiles(join(dir, "tests")),
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
      problems.push({ message: `${shortPath(root)}: ${(e as Error).message.split("\n")[0]}` });
      continue;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!e.isDirectory || e.name.startsWith(".")) continue;
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
export class SelectionError extends Error {}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Up to three known names closest to `name`. */
export function closeMatches(name: string, known: string[]): string[] {
  return known
    .map((k) => ({ k, d: k.includes(name) || name.includes(k) ? 0 : editDistance(name, k) }))
    .filter(({ d, k }) => d <= Math.max(3, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map(({ k }) => k);
}

/**
 * Selects tasks by `all`, ids, `lang:X`, `tag:X`, `category:X` (comma-separated, union),
 * plus explicit `ids`. Throws a one-line Error for an unknown id or selector.
 */
export function selectTasks(tasks: Task[], selector: string | undefined, ids: string[]): Task[] {
  const chosen = new Set<string>();
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const terms = [...(selector ?? "").split(","), ...ids].map((s) => s.trim()).filter(Boolean);
  if (terms.length === 0) terms.push("all");
  for (const term of terms) {
    const [kind, value] = term.includes(":") ? term.split(":", 2) : ["id", term];
    if (kind === "id" && value === "all") tasks.forEach((t) => chosen.add(t.id));
    else if (kind === "id") {
      if (!byId.has(value)) {
        const near = closeMatches(value, [...byId.keys()]);
        throw new SelectionError(
          `unknown task "${value}"` + (near.length ? ` (did you mean ${near.join(", ")}?)` : ""),
        );
      }
      chosen.add(value);
    } else if (kind === "lang" || kind === "language") {
      if (!(LANGUAGES as readonly string[]).includes(value)) {
        throw new SelectionError(`unknown language "${value}" (one of ${LANGUAGES.join(", ")})`);
      }
      tasks.filter((t) => t.meta.language === value).forEach((t) => chosen.add(t.id));
    } else if (kind === "tag") {
      tasks.filter((t) => t.meta.tags.includes(value)).forEach((t) => chosen.add(t.id));
    } else if (kind === "category") {
      tasks.filter((t) => t.meta.category === value).forEach((t) => chosen.add(t.id));
    } else {
      throw new SelectionError(
        `unknown task selector "${term}" (use all, ids, lang:, tag: or category:)`,
      );
    }
  }
  const out = tasks.filter((t) => chosen.has(t.id));
  if (out.length === 0) throw new SelectionError(`no task matches "${terms.join(",")}"`);
  return out;
}
