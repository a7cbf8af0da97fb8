// Agent mode's file tools over one attempt's workspace: list_files, read_file and
// write_file, with the protocol's tool specs. Every path and argument comes from the model
// and is hostile: absolute paths, `..`, symlinks (checked on every component with lstat, so
// none is ever followed), special files, oversized reads and writes and paths outside the
// task's `editable` globs are refused with a one-line tool result, never a crash.
import { dirname, join } from "node:path";
import { matchesAny } from "../glob.ts";
import type { ToolSpec } from "../providers/types.ts";

/** Most bytes of a file `read_file` returns. */
export const READ_CAP_BYTES = 64 * 1024;
/** Largest `content` one `write_file` may write. */
export const WRITE_CAP_BYTES = 1024 * 1024;
/** Most bytes all of one attempt's writes may total (many files under a broad glob). */
export const TOTAL_WRITE_CAP_BYTES = 8 * 1024 * 1024;
/** Raw argument text above this is refused before it is parsed. */
export const ARGUMENTS_CAP_BYTES = WRITE_CAP_BYTES + 64 * 1024;
/** Most files `list_files` names. */
const LIST_CAP = 1000;
const MAX_PATH_CHARS = 1024;
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

const NO_ARGS = { type: "object", properties: {}, additionalProperties: false };
const PATH = { type: "string", description: "a path relative to the workspace root" };

/** The tools of the protocol, exactly these names and arguments (README: agent mode). */
export const TOOL_SPECS: readonly ToolSpec[] = [
  { name: "list_files", description: "List the workspace's files.", parameters: NO_ARGS },
  {
    name: "read_file",
    description: `Read a workspace file (at most ${READ_CAP_BYTES / 1024} KB).`,
    parameters: {
      type: "object",
      properties: { path: PATH },
      required: ["path"],
      additionalProperties: false,
    },
  },
  {
    name: "write_file",
    description: "Write a workspace file (only files the task lets you edit).",
    parameters: {
      type: "object",
      properties: { path: PATH, content: { type: "string" } },
      required: ["path", "content"],
      additionalProperties: false,
    },
  },
  {
    name: "run_tests",
    description: "Run the task's tests on the workspace as it is now; returns the outcome.",
    parameters: NO_ARGS,
  },
  { name: "submit", description: "Finish: your workspace is graded.", parameters: NO_ARGS },
];

/** A refused or failed tool call; its message is the tool result the model sees. */
export class ToolRefusal extends Error {}

/**
 * The arguments of a call as an object. Throws ToolRefusal for text that is too large, not
 * JSON, or not a JSON object (empty text counts as `{}`).
 */
export function parseArguments(raw: string): Record<string, unknown> {
  if (raw.length > ARGUMENTS_CAP_BYTES) {
    throw new ToolRefusal(`arguments too large (${raw.length} > ${ARGUMENTS_CAP_BYTES} bytes)`);
  }
  if (raw.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ToolRefusal("arguments are not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ToolRefusal("arguments must be a JSON object");
  }
  return value as Record<string, unknown>;
}

function shown(path: string): string {
  return JSON.stringify(path.length > 100 ? `${path.slice(0, 100)}…` : path);
}

/** The file tools of one attempt's workspace. */
export class WorkspaceTools {
  /** Paths written so far, in first-write order. */
  readonly written: string[] = [];
  #writtenBytes = 0;

  constructor(readonly root: string, private readonly editable: readonly string[]) {}

  /**
   * `raw` as a clean relative path whose every existing component is a real folder (and the
   * last, if it exists, a regular file). Throws ToolRefusal naming the problem.
   */
  async resolve(raw: unknown): Promise<string> {
    if (typeof raw !== "string") throw new ToolRefusal("path must be a string");
    const p = raw.trim().replace(/^(\.\/)+/, "").replace(/\/+/g, "/");
    if (p === "") throw new ToolRefusal("path is empty");
    if (p.length > MAX_PATH_CHARS) throw new ToolRefusal("path too long");
    if (CONTROL.test(p)) throw new ToolRefusal("path contains a control character");
    if (p.startsWith("/")) throw new ToolRefusal(`${shown(p)}: absolute paths are refused`);
    if (p.includes("\\")) throw new ToolRefusal(`${shown(p)}: use / in paths`);
    if (p.split("/").includes("..")) {
      throw new ToolRefusal(`${shown(p)}: ".." is refused; paths stay in the workspace`);
    }
    const parts = p.replace(/\/$/, "").split("/");
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      let info: Deno.FileInfo;
      try {
        info = await Deno.lstat(join(this.root, prefix));
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) break;
        throw e;
      }
      if (info.isSymlink) throw new ToolRefusal(`${shown(prefix)} is a symlink (refused)`);
      if (i < parts.length && !info.isDirectory) {
        throw new ToolRefusal(`${shown(prefix)} is a file, not a folder`);
      }
      if (i === parts.length && !info.isFile) {
        throw new ToolRefusal(
          `${shown(prefix)} is ${info.isDirectory ? "a folder" : "not a file"}`,
        );
      }
    }
    return parts.join("/");
  }

  /** The workspace's regular files, one relative path a line (symlinks and the like left out). */
  async listFiles(): Promise<string> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      const entries = [];
      for await (const e of Deno.readDir(join(this.root, rel))) entries.push(e.name);
      for (const name of entries.sort()) {
        if (out.length >= LIST_CAP) return;
        const p = rel ? `${rel}/${name}` : name;
        const info = await Deno.lstat(join(this.root, p));
        if (info.isDirectory) await walk(p);
        else if (info.isFile) out.push(p);
      }
    };
    await walk("");
    if (out.length >= LIST_CAP) out.push(`(listing stopped at ${LIST_CAP} files)`);
    return out.join("\n") || "(the workspace is empty)";
  }

  /** The text of a workspace file, cut at READ_CAP_BYTES with a note saying so. */
  async readFile(args: Record<string, unknown>): Promise<string> {
    const path = await this.resolve(args.path);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(join(this.root, path), { read: true });
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) throw new ToolRefusal(`${shown(path)}: no such file`);
      throw e;
    }
    try {
      const size = (await file.stat()).size;
      const buf = new Uint8Array(Math.min(size, READ_CAP_BYTES));
      let got = 0;
      while (got < buf.length) {
        const n = await file.read(buf.subarray(got));
        if (n === null) break;
        got += n;
      }
      const text = new TextDecoder().decode(buf.subarray(0, got));
      return size > READ_CAP_BYTES
        ? `${text}\n[cut: the file has ${size} bytes, the first ${READ_CAP_BYTES} are shown]`
        : text;
    } finally {
      file.close();
    }
  }

  /** Writes a file the task lets the model edit; refuses anything else. */
  async writeFile(args: Record<string, unknown>): Promise<string> {
    if (typeof args.content !== "string") throw new ToolRefusal("content must be a string");
    const path = await this.resolve(args.path);
    if (!matchesAny(path, this.editable)) {
      throw new ToolRefusal(
        `${shown(path)} is not editable (editable: ${this.editable.join(", ")})`,
      );
    }
    const bytes = new TextEncoder().encode(args.content);
    if (bytes.length > WRITE_CAP_BYTES) {
      throw new ToolRefusal(`content too large (${bytes.length} > ${WRITE_CAP_BYTES} bytes)`);
    }
    if (this.#writtenBytes + bytes.length > TOTAL_WRITE_CAP_BYTES) {
      throw new ToolRefusal(`this attempt has written its ${TOTAL_WRITE_CAP_BYTES} bytes`);
    }
    const target = join(this.root, path);
    await Deno.mkdir(dirname(target), { recursive: true });
    await Deno.writeFile(target, bytes);
    this.#writtenBytes += bytes.length;
    if (!this.written.includes(path)) this.written.push(path);
    return `wrote ${path} (${bytes.length} bytes)`;
  }
}
