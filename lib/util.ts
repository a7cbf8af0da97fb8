// Small helpers every layer shares: hashing, "did you mean" suggestions, the one-line form
// of an error, PATH lookup and process liveness. The suggestion metric itself lives in
// lib/wire_selector.ts, because the browser's selector needs it too.
import { closeMatches } from "./wire_selector.ts";

export { closeMatches, editDistance } from "./wire_selector.ts";

/** Longest error line shown to a user or stored with a run; longer ones are cut. */
export const ERROR_LINE_MAX = 300;

/** Hex sha256 of `bytes` (a string is hashed as its UTF-8 bytes). */
export async function sha256Hex(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** ` (did you mean a, b?)` for the close matches of `name`, or "" when none is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const near = closeMatches(name, known);
  return near.length ? ` (did you mean ${near.join(", ")}?)` : "";
}

/**
 * The first line of an error's message (or of `String(e)` for a non-Error), cut to `max`
 * characters: what a user, an API client or a run's record is shown.
 */
export function errorLine(e: unknown, max = ERROR_LINE_MAX): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split("\n")[0];
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The first executable file called `name` in `path` (a PATH value), as found; or null. */
export function findOnPath(name: string, path = Deno.env.get("PATH")): string | null {
  for (const dir of (path ?? "").split(":")) {
    if (!dir) continue;
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111)) return `${dir}/${name}`;
    } catch { /* not in this folder */ }
  }
  return null;
}

/** True when `pid` is a live Deno process (a recycled pid of another program does not count). */
export function processAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Deno reads /proc/<pid>/ only with --allow-all (NotCapable otherwise, which would call
  // every live run dead), so `sh` (already allowed to run) reads the command line instead.
  try {
    const out = new Deno.Command("sh", {
      args: ["-c", 'cat "/proc/$1/cmdline" 2>/dev/null', "sh", String(pid)],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    return out.success && new TextDecoder().decode(out.stdout).includes("deno");
  } catch {
    return false;
  }
}
