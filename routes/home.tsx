// GET /: the dashboard home. Launch Run, Latest Run Results (live), Leaderboard (sortable,
// with its cost/accuracy chart) and Recent Runs, all rendered here from the database and
// the catalog, then hydrated; the event stream starts after the last event read here.
import type { Context } from "hono";
import { suiteBoard } from "../harness/suite_data.ts";
import { knownModelKinds } from "../harness/providers/registry.ts";
import { Island } from "../components/Island.tsx";
import { Layout, Panel, renderPage } from "../components/Layout.tsx";
import { pageAssets } from "../server/islands_build.ts";
import type { AppEnv } from "../server/router.ts";
import { SORT_KEYS, type SortKey } from "../islands/Leaderboard.tsx";
import { RECENT_RUNS } from "../islands/state.ts";
import type { RunDetail, RunView } from "../islands/types.ts";
import { queuedRunViews } from "./api/runs.ts";
import { runView } from "./api/run_schemas.ts";

const BUILTIN_HELP: Record<string, string> = {
  reference: "answers with the task's solution (should pass)",
  starter: "answers with no edit (should fail)",
  replay: "answers with the text you give",
  "reference-second-try": "no edit first, the solution once it sees test output (--tries 2)",
};

export async function homePage(c: Context<AppEnv>) {
  const { store, queue, config, catalog: catalogCache } = c.var.deps;
  // The cursor first: events after it may repeat what the reads below already saw, and
  // applying an event twice changes nothing.
  const cursor = await store.maxEventId();
  const [catalog, assets] = await Promise.all([catalogCache.get(), pageAssets(config.root)]);
  const runs = await store.listRunOverviews(RECENT_RUNS, 0);
  const newest = runs[0];
  let latest: RunDetail | null = null;
  if (newest) {
    const attempts = await store.listAttempts(newest.id);
    latest = {
      ...runView(newest, queue.get(newest.id) !== undefined, attempts),
      attempts,
    } as RunDetail;
  }
  const recent = [
    ...await queuedRunViews(c.var.deps),
    ...runs.map((r) => runView(r, queue.get(r.id) !== undefined)),
  ].slice(0, RECENT_RUNS) as RunView[];
  // An unknown ?suite= (a stale link) shows the default suite rather than an error page.
  const board = await suiteBoard(store, c.req.query("suite")).catch(() => suiteBoard(store));
  const sortParam = c.req.query("sort") as SortKey;
  const sort = SORT_KEYS.includes(sortParam) ? sortParam : "rank";
  const dir = c.req.query("dir") === "desc" ? "desc" : "asc";
  const kinds = knownModelKinds();

  return c.html(renderPage(
    <Layout title="Dashboard" assets={assets} section="dashboard" islands>
      <div class="dash">
        <Panel title="Launch Run" id="launch">
          <Island
            name="LaunchRun"
            props={{
              tasks: catalog.tasks.map((t) => ({
                id: t.id,
                title: t.meta.title,
                language: t.meta.language,
                category: t.meta.category,
                tags: t.meta.tags,
                source: t.meta.source?.name ?? null,
                dir: t.catalogDir,
              })),
              builtins: kinds.filter((k) => !k.includes("/")).map((id) => ({
                id,
                description: BUILTIN_HELP[id] ?? "",
              })),
              kinds,
              defaultModel: config.defaultModel,
              defaultTemperature: config.defaultTemperature,
            }}
          />
        </Panel>
        <Panel title="Latest Run Results" id="latest">
          <Island
            name="LatestRun"
            props={{ run: latest, streamUrl: `/api/events?after=${cursor}` }}
          />
        </Panel>
        <Panel title="Leaderboard" id="leaderboard" wide>
          <Island name="Leaderboard" props={{ board, sort, dir }} />
          <h3 class="sub">Cost against pass@1</h3>
          <Island name="CostChart" props={{ board }} />
        </Panel>
        <Panel title="Recent Runs" id="recent">
          <Island name="RecentRuns" props={{ runs: recent }} />
        </Panel>
      </div>
    </Layout>,
  ));
}
