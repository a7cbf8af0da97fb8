// `deno task compile`: the single binary dist/benchmark-harness (`deno compile`), with the
// server's permissions (read from deno.json's `start` task, so they are written once) and
// static/ and tasks/ included. deno compile needs Deno's runtime (denort) for this platform,
// downloaded from dl.deno.land on first use; where that cannot be reached this says so in
// one line and exits 1 (`deno task bundle` needs no download).
import { join } from "node:path";
import { PROJECT_ROOT } from "../lib/config.ts";

/** The binary, relative to the project root. */
const BINARY = "dist/benchmark-harness";

const denoJson = JSON.parse(await Deno.readTextFile(join(PROJECT_ROOT, "deno.json")));
const permissions = (denoJson.tasks.start.command as string).split(/\s+/)
  .filter((arg) => arg.startsWith("--allow-"));
const out = await new Deno.Command(Deno.execPath(), {
  args: [
    "compile",
    ...permissions,
    "--include=static",
    "--include=tasks",
    `--output=${BINARY}`,
    "main.ts",
  ],
  cwd: PROJECT_ROOT,
  env: { NO_COLOR: "1" },
  stdout: "piped",
  stderr: "piped",
}).output();
const log = new TextDecoder().decode(out.stderr);
if (out.success) {
  console.log(`${BINARY}: built (run it as \`${BINARY} start\`)`);
  Deno.exit(0);
}
const download = /error sending request for url \((\S*denort\S*)\): (.*)/.exec(log);
if (download) {
  const why = download[2].split(":").pop()!.trim();
  console.error(
    `deno compile: cannot download Deno's runtime from ${
      download[1]
    } (${why}); use deno task bundle`,
  );
} else {
  const last = log.trim().split("\n").filter((l) => /error/i.test(l)).pop() ?? `exit ${out.code}`;
  console.error(`deno compile failed: ${last.trim()}`);
}
Deno.exit(1);
