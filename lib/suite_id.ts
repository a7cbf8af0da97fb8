// A suite's identity and id, shared by the engine (harness/suite.ts, when a run starts) and
// the store's migration (which gives runs recorded before suites existed theirs from their
// stored stamp). Synchronous (node:crypto) because migrations are.
import { createHash } from "node:crypto";

/** The evaluation mode until modes other than one-shot exist. */
export const DEFAULT_MODE = "one-shot";
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
