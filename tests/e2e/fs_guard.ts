// Imported before playwright-core: under `deno test`'s explicit permissions, Deno refuses
// (throws) reads of a few privileged /proc paths even with --allow-read, and playwright
// probes one of them at load (`/proc/sys/fs/binfmt_misc/WSLInterop`, to detect WSL). An
// existence check that may not look is answered "no" here, as Node would answer.
import fs from "node:fs";

const existsSync = fs.existsSync;
fs.existsSync = (path: fs.PathLike) => {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
};
