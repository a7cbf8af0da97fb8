// Reading and copying task folders without trusting them: only regular files and folders
// are followed (checked with lstat, so a symlink is refused, never followed out of the
// catalog), special files (FIFOs, sockets, devices) are refused before anything opens
// them (opening a FIFO blocks), and every read has a size cap. Each refusal is an Error
// whose message is one line naming the path.
import { join, relative } from "node:path";

/** Largest task file read or copied; far above any real starter, test or solution file. */
export const MAX_TASK_FILE_BYTES = 32 * 1024 * 1024;

/** One-line reason why `info` is not what a task folder may hold, or null when it is fine. */
function refusal(info: Deno.FileInfo, want: "file" | "folder"): string | null {
  if (info.isSymlink) return "is a symlink (refused)";
  if (want === "folder") return info.isDirectory ? null : "is not a folder";
  if (!info.isFile) return info.isDirectory ? "is a folder, not a file" : "is not a regular file";
  if (info.size > MAX_TASK_FILE_BYTES) {
    return `too large (${info.size} bytes > ${MAX_TASK_FILE_BYTES})`;
  }
  return null;
}

/**
 * Throws unless `path` is a real folder (not a symlink to one). `shown` is how messages
 * name it. A missing folder throws Deno.errors.NotFound.
 */
export async function checkFolder(path: string, shown = path): Promise<void> {
  const why = refusal(await Deno.lstat(path), "folder");
  if (why) throw new Error(`${shown}: ${why}`);
}

/**
 * Reads a regular file as text, at most `maxBytes`. Throws a one-line Error naming
 * `shown` for a symlink, a special file or one too large; Deno.errors.NotFound if missing.
 */
export async function readRegularText(
  path: string,
  maxBytes = MAX_TASK_FILE_BYTES,
  shown = path,
): Promise<string> {
  const info = await Deno.lstat(path);
  const why = refusal(info, "file") ??
    (info.size > maxBytes ? `too large (${info.size} bytes > ${maxBytes})` : null);
  if (why) throw new Error(`${shown}: ${why}`);
  return await Deno.readTextFile(path);
}

/** Visits every folder and file below `root` (parents first), refusing anything else. */
async function walk(
  root: string,
  show: (p: string) => string,
  visit: (rel: string, isFolder: boolean) => Promise<void>,
): Promise<void> {
  await checkFolder(root, show(root));
  async function into(d: string) {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      const info = await Deno.lstat(p);
      if (info.isDirectory) {
        await visit(relative(root, p), true);
        await into(p);
        continue;
      }
      const why = refusal(info, "file");
      if (why) throw new Error(`${show(p)}: ${why}`);
      await visit(relative(root, p), false);
    }
  }
  await into(root);
}

/**
 * Every file below `dir`, as sorted `/`-separated relative paths. Throws a one-line Error
 * naming the first symlink, special file or over-large file met (`show` maps the paths
 * messages name).
 */
export async function listFiles(dir: string, show = (p: string) => p): Promise<string[]> {
  const out: string[] = [];
  await walk(dir, show, (rel, isFolder) => {
    if (!isFolder) out.push(rel);
    return Promise.resolve();
  });
  return out.sort();
}

/** Copies the folder `from` into `to`, refusing what listFiles refuses (nothing is followed). */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  await walk(from, (p) => p, async (rel, isFolder) => {
    if (isFolder) await Deno.mkdir(join(to, rel), { recursive: true });
    else await Deno.copyFile(join(from, rel), join(to, rel));
  });
}
