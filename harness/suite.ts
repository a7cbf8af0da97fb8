// A run's suite: what must be equal for two runs' numbers to be comparable — the same tasks
// by content, the same include_tests, the same prompt template and the same evaluation mode.
// The id is a hash of exactly that; the name is for people. Pure given its inputs.
import type { SuiteInfo } from "../lib/wire_stats.ts";
import { DEFAULT_MODE, suiteId, type SuiteIdentity, taskCount } from "../lib/suite_id.ts";

export {
  AGENT_MODE,
  canonicalSuite,
  DEFAULT_MODE,
  runMode,
  suiteId,
  type SuiteIdentity,
} from "../lib/suite_id.ts";

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
  const count = taskCount(ids.length);
  const whole = ids.length === Object.keys(catalogHashes).length &&
    ids.every((id) => catalogHashes[id] === taskHashes[id]);
  if (whole) return `catalog (${count})`;
  return `${selector?.trim() || "custom"} (${count})`;
}

/** `catalog (31 tasks)` as `catalog (31 tasks, agent)` for a mode other than one-shot. */
function withMode(name: string, mode = DEFAULT_MODE): string {
  return mode === DEFAULT_MODE ? name : `${name.slice(0, -1)}, ${mode})`;
}

/** The id, name and size of a run's suite. */
export function describeSuite(
  identity: SuiteIdentity,
  selector: string | undefined,
  catalogHashes: Record<string, string>,
): SuiteInfo {
  return {
    suite_id: suiteId(identity),
    name: withMode(suiteName(identity.task_hashes, selector, catalogHashes), identity.mode),
    tasks: Object.keys(identity.task_hashes).length,
  };
}
