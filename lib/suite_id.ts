// A suite's identity and id, shared by the engine (harness/suite.ts, when a run starts) and
// the store's migration (which gives runs recorded before suites existed theirs from their
// stored stamp). Synchronous (node:crypto) because migrations are.
import { createHash } from "node:crypto";
import type { RunSettings } from "./wire.ts";

/** The evaluation mode of plain runs, and of runs recorded before modes existed. */
export const DEFAULT_MODE = "one-shot";
/** The mode of `--agent` runs: never ranked with one-shot results. */
export const AGENT_MODE = "agent";

/**
 * The evaluation mode of a run with `settings`, as its suite identity names it: `agent`,
 * `tries=N` for --tries N > 1 (pass rates after N tries are not one-shot pass rates), or
 * `one-shot`.
 */
export function runMode(settings: Pick<RunSettings, "tries" | "agent">): string {
  if (settings.agent) return AGENT_MODE;
  const tries = settings.tries ?? 1;
  return tries > 1 ? `tries=${tries}` : DEFAULT_MODE;
}
/** Hex digits of the SHA-256 kept in a suite id: 48 bits, ample for a lab's suites. */
const SUITE_ID_HEX = 12;
/** The suite of runs whose tasks' contents were never recorded (see migrations.ts). */
export const UNKNOWN_SUITE = { id: "unknown", name: "unknown" } as const;

/** What identifies a suite; the reproducibility stamp carries all of it but the mode. */
export interface SuiteIdentity {
  /** Task id → content hash of the task folder. */
  task_hashes: Record<string, string>;
  include_tests: boolean;
  prompt_template_hash: string;
  mode?: string;
}

/**
 * The canonical JSON of a suite identity: tasks sorted by id as [id, hash] pairs and keys in
 * a fixed order, so equal suites give equal bytes whatever order the tasks came in.
 */
export function canonicalSuite(identity: SuiteIdentity): string {
  const tasks = Object.entries(identity.task_hashes).sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify({
    mode: identity.mode ?? DEFAULT_MODE,
    include_tests: identity.include_tests,
    prompt_template_hash: identity.prompt_template_hash,
    tasks,
  });
}

/** The suite id: the first 12 hex digits of the SHA-256 of the canonical JSON. */
export function suiteId(identity: SuiteIdentity): string {
  return createHash("sha256").update(canonicalSuite(identity)).digest("hex").slice(
    0,
    SUITE_ID_HEX,
  );
}

/** `9 tasks`, `1 task`. */
export function taskCount(n: number): string {
  return `${n} task${n === 1 ? "" : "s"}`;
}
