// Serves files from under one root folder without ever leaving it: paths are checked
// segment by segment (no `..`, `.`, empty, absolute or NUL-bearing segments), then the
// real path (symlinks resolved) must still lie under the root's real path. Files stream
// from disk in chunks, never loaded whole, and a single `Range: bytes=…` is honoured.
import { join } from "node:path";
import { getMimeType } from "hono/utils/mime";

/** Bytes read from disk per chunk of a response body. */
const CHUNK_BYTES = 64 * 1024;

/** Source, logs and diffs read as text in a browser; everything else by extension. */
const TEXT_TYPES: Record<string, string> = {
  log: "text/plain; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  diff: "text/x-diff; charset=utf-8",
  patch: "text/x-diff; charset=utf-8",
  json: "application/json; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};
const SOURCE_EXTENSIONS = new Set(
  ["py", "go", "rs", "cpp", "hpp", "h", "c", "mjs", "cjs", "ts", "toml", "mod", "sh", "cfg"],
);

/** The Content-Type for a file name. */
export function contentTypeFor(name: string): string {
  const ext = name.includes(".") ? name.split(".").pop()!.toLowerCase() : "";
  if (TEXT_TYPES[ext]) return TEXT_TYPES[ext];
  if (SOURCE_EXTENSIONS.has(ext) || /^(stdout|stderr)$/.test(name)) {
    return "text/plain; charset=utf-8";
  }
  return getMimeType(name) ?? "application/octet-stream";
}

/** Whether `segment` may appear in a served path (a plain file or folder name). */
export function isSafeSegment(segment: string): boolean {
  return segment !== "" && segment !== "." && segment !== ".." && !/[\/\\\0]/.test(segment);
}

/**
 * The real path of `segments` (already URL-decoded) under `root`, or null when it does not
 * exist, is not a regular file, or would leave the root (by `..`, an absolute path or a
 * symlink pointing out).
 */
export async function resolveInside(root: string, segments: string[]): Promise<string | null> {
  if (segments.length === 0 || !segments.every(isSafeSegment)) return null;
  let rootReal: string, real: string;
  try {
    rootReal = await Deno.realPath(root);
    real = await Deno.realPath(join(rootReal, ...segments));
  } catch {
    return null;
  }
  if (!real.startsWith(rootReal + "/")) return null;
  try {
    return (await Deno.stat(real)).isFile ? real : null;
  } catch {
    return null;
  }
}

/**
 * The path of `url` exactly as the client sent it: not normalized, so `%2e%2e` is still a
 * segment of its own (new URL() would already have applied it) and is refused by name.
 */
export function rawPath(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

/**
 * The segments of a raw `path` after `prefix`, each URL-decoded once, or null when the
 * path does not start with `prefix` or a segment is malformed (`%zz`).
 */
export function decodeSegments(path: string, prefix: string): string[] | null {
  if (!path.startsWith(prefix)) return null;
  try {
    return path.slice(prefix.length).split("/").filter((s) => s !== "").map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** A byte range of a file of `size` bytes: inclusive start and end. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a Range header for a file of `size` bytes: null when absent or not a single byte
 * range (then the whole file is sent), "unsatisfiable" when it lies outside the file.
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | "unsatisfiable" | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

function streamFile(file: Deno.FsFile, length: number): ReadableStream<Uint8Array> {
  let left = length;
  const close = () => {
    try {
      file.close();
    } catch { /* already closed */ }
  };
  return new ReadableStream({
    async pull(controller) {
      try {
        const buf = new Uint8Array(Math.min(CHUNK_BYTES, left));
        const n = left > 0 ? await file.read(buf) : null;
        if (n === null) {
          close();
          controller.close();
          return;
        }
        left -= n;
        controller.enqueue(buf.subarray(0, n));
      } catch (e) {
        close();
        controller.error(e);
      }
    },
    cancel: close,
  });
}

/** Status, headers and byte span of a response for `name` of `size` bytes, or a 416. */
function rangedHead(
  name: string,
  size: number,
  req: Request,
  extraHeaders: Record<string, string>,
): Response | { status: number; headers: Headers; start: number; length: number } {
  const headers = new Headers({
    "Content-Type": contentTypeFor(name),
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    ...extraHeaders,
  });
  const range = parseRange(req.headers.get("Range"), size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = Math.max(0, end - start + 1);
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  return { status: range ? 206 : 200, headers, start, length };
}

/**
 * A response streaming the file at `path` (which the caller has checked), honouring a
 * single byte range: 200, 206, or 416 for a range outside the file. HEAD gets headers only.
 */
export async function fileResponse(
  path: string,
  req: Request,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const file = await Deno.open(path, { read: true });
  let keepOpen = false;
  try {
    const { size, mtime } = await file.stat();
    const head = rangedHead(path.split("/").pop()!, size, req, extraHeaders);
    if (head instanceof Response) return head;
    const { status, headers, start, length } = head;
    if (mtime) headers.set("Last-Modified", mtime.toUTCString());
    if (req.method === "HEAD" || length === 0) return new Response(null, { status, headers });
    if (start > 0) await file.seek(start, Deno.SeekMode.Start);
    keepOpen = true;
    return new Response(streamFile(file, length), { status, headers });
  } finally {
    if (!keepOpen) file.close();
  }
}

/**
 * The same response for a file held in memory (an attempt file a worker on another
 * machine stored in the database): 200, 206 or 416, headers only for HEAD.
 */
export function bytesResponse(
  name: string,
  bytes: Uint8Array,
  req: Request,
  extraHeaders: Record<string, string> = {},
): Response {
  const head = rangedHead(name, bytes.length, req, extraHeaders);
  if (head instanceof Response) return head;
  const { status, headers, start, length } = head;
  if (req.method === "HEAD" || length === 0) return new Response(null, { status, headers });
  return new Response(bytes.slice(start, start + length), { status, headers });
}
