// Agent mode's `run_tests`: the task's grading command in the sandbox on a COPY of the
// workspace as the agent left it, with a fresh copy of the tests, so nothing a test run
// writes reaches the workspace that is finally graded. Also the workspace hygiene both the
// probe and the final grade need: anything but regular files and folders is removed.
import { join } from "node:path";
import { redact } from "../../lib/config.ts";
import type { Task } from "../catalog.ts";
import { type GradeOptions, gradeSandbox } from "../grade.ts";
import { SANDBOX_ROOT } from "../sandbox/sandbox.ts";
import { copyTree } from "../safe_fs.ts";

/** Output a `run_tests` result shows: the last this many bytes of stdout and stderr. */
export const PROBE_OUTPUT_BYTES = 8 * 1024;

/**
 * Removes every symlink, FIFO, socket or device below `ws` (the workspace must hold only
 * regular files and folders; nothing a link points at is ever touched). Returns their
 * relative paths.
 */
export async function pruneNonRegular(ws: string): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(join(ws, rel))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      const info = await Deno.lstat(join(ws, p));
      if (info.isDirectory) await walk(p);
      else if (!info.isFile) {
        await Deno.remove(join(ws, p));
        removed.push(p);
      }
    }
  };
  await walk("");
  return removed.sort();
}

/** The last `bytes` of `text`, whole characters only. */
function tail(text: string, bytes: number): string {
  const b = new TextEncoder().encode(text);
  if (b.length <= bytes) return text;
  let start = b.length - bytes;
  while (start < b.length && (b[start] & 0xc0) === 0x80) start++;
  return `[…]\n${new TextDecoder().decode(b.subarray(start))}`;
}

export interface ProbeInput {
  task: Task;
  workspace: string;
  /** A folder of the attempt's own the copy is made in (removed afterwards). */
  probeDir: string;
  grade: GradeOptions;
  secrets: readonly string[];
}

/** What a pruned workspace lost, for the tool result. */
export interface ProbeNotes {
  removed: string[];
}

/**
 * Runs the tests on a copy of the workspace (pruned first, see pruneNonRegular) and returns
 * the tool result: a JSON object with the outcome, the counts, a one-line error and the
 * output's tail (secrets redacted, host and sandbox paths made relative). Throws only for
 * harness faults.
 */
export async function runTestsOnCopy(input: ProbeInput, notes: ProbeNotes): Promise<string> {
  const { task, probeDir } = input;
  const removed = await pruneNonRegular(input.workspace);
  notes.removed.push(...removed);
  await Deno.remove(probeDir, { recursive: true }).catch(() => {});
  try {
    await copyTree(input.workspace, join(probeDir, "workspace"));
    const { grade, result } = await gradeSandbox(task, probeDir, {
      ...input.grade,
      answerFlags: [],
    });
    const output = [result.stdout, result.stderr].filter(Boolean).join("\n")
      .replaceAll(`${probeDir}/`, "").replaceAll(`${SANDBOX_ROOT}/`, "");
    return JSON.stringify({
      outcome: grade.outcome,
      tests_passed: grade.testsPassed,
      tests_total: grade.testsTotal,
      error: grade.error,
      ...(removed.length ? { removed_non_regular_files: removed } : {}),
      output: redact(tail(output, PROBE_OUTPUT_BYTES), input.secrets),
    });
  } finally {
    await Deno.remove(probeDir, { recursive: true }).catch(() => {});
  }
}
