// What `bench` and `validate-tasks` share at the terminal: the planning context of a
// request (its runs folder, its catalog loaded with each malformed task reported in one
// line) and the execution of a plan with progress lines, Ctrl-C/SIGTERM and the totals.
import { join, resolve } from "node:path";
import { loadConfig } from "../lib/config.ts";
import type { Store } from "../lib/store/store.ts";
import { loadCatalog } from "./catalog.ts";
import { catalogDirs, type PlanContext } from "./plan.ts";
import { progressPrinter, totalsTable } from "./progress.ts";
import type { RunRequest } from "./request.ts";
import { executeRun, type RemoteGrader, type RunPlan, type RunSummary } from "./run.ts";

/** The planning context of a CLI request: its runs folder and its catalog, loaded. */
export async function loadContext(req: RunRequest, config = loadConfig()): Promise<PlanContext> {
  const runsDir = resolve(req.output_dir ?? config.runsDir);
  const catalog = await loadCatalog(catalogDirs(config, req.tasks_dirs));
  for (const p of catalog.problems) console.error(`skipped task: ${p.message}`);
  return { config, runsDir, catalog };
}

/** Runs a plan with Ctrl-C/SIGTERM cancelling it; prints progress and the table. */
export async function runWithSignals(
  plan: RunPlan,
  store: Store,
  remote?: RemoteGrader,
): Promise<RunSummary> {
  const controller = new AbortController();
  const onSignal = () => {
    if (!controller.signal.aborted) console.error("\ncancelling: ending running attempts…");
    controller.abort();
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    const summary = await executeRun(plan, {
      store,
      signal: controller.signal,
      onEvent: progressPrinter(),
      remote,
    });
    console.log(totalsTable(summary.totals));
    console.log(`\nartifacts: ${join(plan.runsDir, plan.runId)}`);
    return summary;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}
