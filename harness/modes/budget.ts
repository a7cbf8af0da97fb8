// The run's spending cap (--max-cost, --max-tokens): every model answer is counted as it
// arrives, and no attempt or try starts once a cap is reached. Attempts already in flight
// finish (a call cannot be taken back), so a run may end a little above its cap, by at
// most `concurrency` calls.
import type { RunSettings } from "../../lib/wire.ts";

/** The error of attempts and tries that did not start because a cap was reached. */
export const BUDGET_REACHED = "budget reached";

/** Spent cost and tokens of one run against its caps. */
export class Budget {
  #cost = 0;
  #tokens = 0;

  constructor(
    readonly maxCostUsd: number | null,
    readonly maxTokens: number | null,
  ) {}

  /** The caps of `settings` (none when unset). */
  static of(settings: RunSettings): Budget {
    return new Budget(settings.max_cost_usd ?? null, settings.max_tokens ?? null);
  }

  /** Counts one answer; unknown cost or tokens count as nothing. */
  spend(costUsd: number | null, promptTokens: number | null, completionTokens: number | null) {
    this.#cost += costUsd ?? 0;
    this.#tokens += (promptTokens ?? 0) + (completionTokens ?? 0);
  }

  /** True once spent cost or tokens reached a cap: nothing new may start. */
  get reached(): boolean {
    return (this.maxCostUsd !== null && this.#cost >= this.maxCostUsd) ||
      (this.maxTokens !== null && this.#tokens >= this.maxTokens);
  }

  get spentUsd(): number {
    return this.#cost;
  }

  get spentTokens(): number {
    return this.#tokens;
  }
}
