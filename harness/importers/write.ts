// What every importer shares: the in-memory shape of one task folder, the writer that turns
// it into bytes on disk (idempotently: an identical folder is left alone and reported
// "unchanged"), the import report, and the small readers of source files (JSON lines,
// possibly gzipped; a checkout's git revision).
import { dirname, join } from "node:path";
import { listFiles } from "../safe_fs.ts";
import { runProcess } from "../sandbox/runner.ts";

const GIT_TIMEOUT_MS = 10_000;

/** Where an imported task comes from (shared/spec/task-format.md, `source`). */
export interface TaskSource {
  name: string;
  url: string;
  revision: string | null;
  license: string | null;
}

/** One task folder, before it is written: metadata plus every file by folder-relative path. */
export interface TaskFiles {
  id: string;
  metadata: Record<string, unknown>;
  instructions: string;
  /** Paths relative to workspace/, tests/, solution/ → UTF-8 text or bytes. */
  workspace: Record<string, string | Uint8Array>;
  tests: Record<string, string | Uint8Array>;
  solution: Record<string, string | Uint8Array>;
}

/** What one import did: ids written or found identical, and items left out with the reason. */
export interface ImportReport {
  written: string[];
  unchanged: string[];
  skipped: { id: string; reason: string }[];
}

/** Options every importer takes; each field overrides what the importer would infer. */
export interface ImportOptions {
  url?: string;
  revision?: string | null;
  license?: string | null;
  published?: string;
}

/** One importer: reads `src` (a folder or a file) and writes task folders into `outDir`. */
export type Importer = (src: string, outDir: string, opts?: ImportOptions) => Promise<ImportReport>;

/** An item of the source that cannot become a task; the message is the skip reason. */
export class SkipItem extends Error {}

/** An empty report to fill. */
export function newReport(): ImportReport {
  return { written: [], unchanged: [], skipped: [] };
}

const encoder = new TextEncoder();
const toBytes = (c: string | Uint8Array) => typeof c === "string" ? encoder.encode(c) : c;

/** metadata.json bytes: two-space JSON with a final newline, keys in the order given. */
export function renderMetadata(meta: Record<string, unknown>): string {
  return JSON.stringify(meta, null, 2) + "\n";
}

/** Every file of the folder `task` describes, by path relative to the task folder. */
export function taskFileMap(task: TaskFiles): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  files.set("metadata.json", toBytes(renderMetadata(task.metadata)));
  files.set("instructions.md", toBytes(task.instructions));
  for (const part of ["workspace", "tests", "solution"] as const) {
    for (const [p, c] of Object.entries(task[part])) files.set(`${part}/${p}`, toBytes(c));
  }
  return files;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

async function folderEquals(dir: string, files: Map<string, Uint8Array>): Promise<boolean> {
  let onDisk: string[];
  try {
    onDisk = await listFiles(dir);
  } catch {
    return false;
  }
  if (onDisk.length !== files.size || onDisk.some((p) => !files.has(p))) return false;
  for (const p of onDisk) {
    if (!sameBytes(await Deno.readFile(join(dir, p)), files.get(p)!)) return false;
  }
  return true;
}

/**
 * Writes `files` as the folder `dir` (replacing whatever was there, and creating the
 * `folders` even when empty) unless it already holds exactly these bytes and no other file.
 * Returns which of the two happened.
 */
export async function writeFolder(
  dir: string,
  files: Map<string, Uint8Array>,
  folders: string[] = [],
): Promise<"written" | "unchanged"> {
  if (await folderEquals(dir, files)) return "unchanged";
  await Deno.remove(dir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  for (const sub of ["", ...folders]) await Deno.mkdir(join(dir, sub), { recursive: true });
  for (const [p, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    await Deno.mkdir(dirname(join(dir, p)), { recursive: true });
    await Deno.writeFile(join(dir, p), bytes);
  }
  return "written";
}

/** Writes one task into `outDir/<id>/` and records the result in `report`. */
export async function writeTask(outDir: string, task: TaskFiles, report: ImportReport) {
  // workspace/, tests/ and solution/ must exist even when one of them is empty.
  const folders = ["workspace", "tests", "solution"];
  const result = await writeFolder(join(outDir, task.id), taskFileMap(task), folders);
  report[result].push(task.id);
}

/**
 * The lines of a JSON-lines file (`.gz` is gunzipped), parsed; blank lines are ignored.
 * Throws an Error naming the file and line of the first line that is not JSON.
 */
export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  let stream: ReadableStream<Uint8Array> = (await Deno.open(path)).readable;
  if (path.endsWith(".gz")) {
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>,
    );
  }
  const text = await new Response(stream).text();
  const rows: Record<string, unknown>[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push(JSON.parse(line));
    } catch (e) {
      throw new Error(`${path}:${i + 1}: not a JSON line (${(e as Error).message})`);
    }
  });
  return rows;
}

/**
 * The checkout's `git rev-parse HEAD`, or null when `dir` is not the top of a git work tree
 * (a folder inside some other repository, such as this project's fixtures, has no revision
 * of its own).
 */
export async function gitRevision(dir: string): Promise<string | null> {
  try {
    const r = await runProcess({
      argv: ["git", "-C", dir, "rev-parse", "--show-toplevel", "HEAD"],
      env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
      timeoutMs: GIT_TIMEOUT_MS,
    });
    const [top, rev] = r.stdout.trim().split("\n");
    if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(rev ?? "")) return null;
    return await Deno.realPath(top) === await Deno.realPath(dir) ? rev : null;
  } catch {
    return null;
  }
}

/** The `source` object plus `published` when known, as metadata fields. */
export function sourceFields(source: TaskSource, published?: string): Record<string, unknown> {
  return published ? { source, published } : { source };
}

/** A string field of a source row, or a SkipItem naming the missing field. */
export function requireString(row: Record<string, unknown>, field: string): string {
  const v = row[field];
  if (typeof v !== "string" || v === "") throw new SkipItem(`missing field "${field}"`);
  return v;
}
