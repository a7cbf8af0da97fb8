// How per-model totals are shown wherever they appear (CLI table, run page). harness_error
// attempts are left out of the pass rate (they are the harness's faults, not the model's),
// so their count and share of all attempts are always shown beside it: a run whose
// failures hide there is visible at a glance.
import type { ModelTotals } from "./wire.ts";

/** "0", or "N (P% of attempts)" for a model's harness_error attempts. */
export function formatHarnessErrors(t: Pick<ModelTotals, "attempts" | "outcomes">): string {
  const n = t.outcomes.harness_error ?? 0;
  if (n === 0 || t.attempts === 0) return "0";
  return `${n} (${((n / t.attempts) * 100).toFixed(1)}%)`;
}
