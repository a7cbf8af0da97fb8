// Glob matching for `editable` patterns, by picomatch: `*` and `?` stay within one path
// segment, `**` spans any number of segments, `{a,b}` alternates, and dotfiles match like
// any other file (a task may well make `.env.example` editable).
// @ts-types="@types/picomatch"
import picomatch from "picomatch";

const compiled = new Map<string, (path: string) => boolean>();

function matcher(glob: string): (path: string) => boolean {
  let m = compiled.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    compiled.set(glob, m);
  }
  return m;
}

/** True when `path` (relative to workspace/, `/`-separated) matches any of `globs`. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matcher(g)(path));
}
