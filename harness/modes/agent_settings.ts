// Agent mode's settings from a run request (defaults for the flags not given), and the one
// notice before a run that a chosen model cannot call tools.
import { UsageError } from "../../lib/errors.ts";
import type { AgentSettings } from "../../lib/wire.ts";
import type { Provider } from "../providers/types.ts";
import type { RunRequest } from "../request.ts";
import { toolsRefusal } from "./agent.ts";

export const DEFAULT_MAX_TURNS = 30;
export const DEFAULT_MAX_TEST_RUNS = 5;
export const DEFAULT_ATTEMPT_TIMEOUT_S = 600;

const AGENT_ONLY = ["max_turns", "max_test_runs", "attempt_timeout", "max_attempt_tokens"] as const;

/**
 * The agent limits of `req`, or null without `--agent`. Throws UsageError when an
 * agent-only flag is given without `--agent`.
 */
export function agentSettings(
  req: Pick<RunRequest, "agent" | "tries" | typeof AGENT_ONLY[number]>,
): AgentSettings | null {
  // An agent runs the tests itself as often as --max-test-runs allows; tries on top of that
  // would be a second, different feedback loop nobody could compare with anything.
  if (req.agent && (req.tries ?? 1) > 1) {
    throw new UsageError("--tries cannot be combined with --agent");
  }
  if (!req.agent) {
    const given = AGENT_ONLY.find((f) => req[f] !== undefined);
    if (given) throw new UsageError(`--${given.replaceAll("_", "-")} needs --agent`);
    return null;
  }
  return {
    max_turns: req.max_turns ?? DEFAULT_MAX_TURNS,
    max_test_runs: req.max_test_runs ?? DEFAULT_MAX_TEST_RUNS,
    attempt_timeout_s: req.attempt_timeout ?? DEFAULT_ATTEMPT_TIMEOUT_S,
    max_attempt_tokens: req.max_attempt_tokens ?? null,
  };
}

/** Says once, before the run, which models will end every agent attempt `model_error`. */
export async function warnToolless(
  providers: Iterable<Provider>,
  log: (line: string) => void = console.error,
): Promise<void> {
  for (const p of providers) {
    const why = await toolsRefusal(p);
    if (why) log(`${p.model}: ${why}; its agent attempts end model_error`);
  }
}
