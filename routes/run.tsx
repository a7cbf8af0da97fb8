// GET /run/:run_id: one run in two columns: every attempt on the left (filtered by model,
// task and outcome), the selected attempt's metrics and log explorer on the right, with the
// run's header and cancel button above. Query: model, task, outcome, attempt, file.
import type { Context } from "hono";
import { Island } from "../components/Island.tsx";
import { Layout, renderPage } from "../components/Layout.tsx";
import { pageAssets } from "../server/islands_build.ts";
import type { AppEnv } from "../server/router.ts";
import { type FileName, FILES } from "../islands/AttemptDetail.tsx";
import { type AttemptFilters, filterAttempts } from "../islands/AttemptList.tsx";
import type { RunDetail } from "../islands/types.ts";
import { queuedRunView, runView } from "./api/run_schemas.ts";
import { notFoundPage } from "./not_found.tsx";

const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

export async function runPage(c: Context<AppEnv>) {
  const { store, queue, config } = c.var.deps;
  const id = c.req.param("run_id") ?? "";
  const cursor = await store.maxEventId();
  const row = RUN_ID.test(id) ? await store.getRunOverview(id) : undefined;
  const queued = RUN_ID.test(id) ? queue.get(id) : undefined;
  if (!row && !queued) return notFoundPage(c, `No run ${id}.`);
  let detail: RunDetail;
  if (row) {
    const attempts = await store.listAttempts(id);
    detail = { ...runView(row, queued !== undefined, attempts), attempts } as RunDetail;
  } else {
    detail = { ...queuedRunView(queued!), attempts: [] } as RunDetail;
  }
  const filters: AttemptFilters = {
    model: c.req.query("model") ?? "",
    task: c.req.query("task") ?? "",
    outcome: c.req.query("outcome") ?? "",
  };
  const wanted = c.req.query("attempt");
  const shown = filterAttempts(detail.attempts, filters);
  const selected = detail.attempts.find((a) => a.attempt_dir === wanted)?.attempt_dir ??
    shown[0]?.attempt_dir ?? detail.attempts[0]?.attempt_dir ?? null;
  const fileParam = c.req.query("file") as FileName;
  const file = FILES.some((f) => f.name === fileParam) ? fileParam : "stdout.log";
  const assets = await pageAssets(config.root);

  return c.html(renderPage(
    <Layout title={`Run ${id}`} assets={assets} section="dashboard" islands>
      <nav class="crumbs small" aria-label="Breadcrumb">
        <a href="/">Dashboard</a> / <span>run</span>
      </nav>
      <section class="panel wide" aria-label="Run">
        <Island
          name="RunSummary"
          props={{ run: detail, streamUrl: `/api/runs/${id}/events?after=${cursor}` }}
        />
      </section>
      <div class="two-col">
        <section class="panel col-list" aria-label="Attempts">
          <Island name="AttemptList" props={{ run: detail, selected, filters }} />
        </section>
        <section class="panel col-detail" aria-label="Selected attempt">
          <Island name="AttemptDetail" props={{ run: detail, selected, file }} />
        </section>
      </div>
    </Layout>,
  ));
}
