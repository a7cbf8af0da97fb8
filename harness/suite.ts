// A run's suite: what must be equal for two runs' numbers to be comparable — the same tasks
// by content, the same include_tests, the same prompt template and the same evaluation mode.
// The id is a hash of exactly that; the name is for people. Pure given its inputs.
import type { SuiteInfo } from "../lib/wire_stats.ts";
import type { RunSettings } from "../lib/wire.ts";
import { sha256Hex } from "../lib/util.ts";

/** The evaluation mode of runs recorded before modes existed, and of plain runs. */
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
export async function suiteId(identity: SuiteIdentity): Promise<string> {
  return (await sha256Hex(canonicalSuite(identity))).slice(0, SUITE_ID_HEX);
}

/**
 * The readable name: `catalog (31 tasks)` when the tasks are exactly the built-in catalog
 * (same ids, same content), else the run's selector (`lang:python (9 tasks)`), or `custom`
 * when the run named no selector.
 */
export function suiteName(
  taskHashes: Record<string, string>,
  selector: string | undefined,
  catalogHashes: Record<string, string>,
): string {
  const ids = Object.keys(taskHashes);
  const count = `${ids.length} task${ids.length === 1 ? "" : "s"}`;
  const whole = ids.length === Object.keys(catalogHashes).length &&
    ids.every((id) => catalogHashes[id] === taskHashes[id]);
  if (whole) return `catalog (${count})`;
  return `${selector?.trim() || "custom"} (${count})`;
}

/** The id, name and size of a run's suite. */
export async function describeSuite(
  identity: SuiteIdentity,
  selector: string | undefined,
  catalogHashes: Record<string, string>,
): Promise<SuiteInfo> {
  return {
    suite_id: await suiteId(identity),
    name: suiteName(identity.task_hashes, selector, catalogHashes),
    tasks: Object.keys(identity.task_hashes).length,
  };
}
