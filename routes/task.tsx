// GET /catalog/:task_id: one task: its metadata, its instructions (Markdown rendered on the
// server, raw HTML escaped), each model's pass rate on it, and its latest attempts.
import type { Context } from "hono";
import { NOT_GRADED } from "../harness/grading/outcome.ts";
import { Layout, Panel, renderPage } from "../components/Layout.tsx";
import { Markdown } from "../components/Markdown.tsx";
import { pageAssets } from "../server/islands_build.ts";
import type { AppEnv } from "../server/router.ts";
import { formatDuration, formatTime, OutcomeChip } from "../islands/ui.tsx";
import type { Outcome } from "../islands/types.ts";
import { RateCell } from "../components/RateCell.tsx";
import { notFoundPage } from "./not_found.tsx";

/** Attempts of the task listed on its page. */
const RECENT_ATTEMPTS = 20;

export async function taskPage(c: Context<AppEnv>) {
  const { store, config, catalog: catalogCache } = c.var.deps;
  const id = c.req.param("task_id");
  const catalog = await catalogCache.get();
  const task = catalog.tasks.find((t) => t.id === id);
  if (!task) return notFoundPage(c, `No task ${id} in the catalog.`);
  const assets = await pageAssets(config.root);
  const counts = (await store.passCountsByTaskAndModel([...NOT_GRADED]))
    .filter((x) => x.task_id === id);
  const recent = await store.listTaskAttempts(task.id, RECENT_ATTEMPTS);
  const m = task.meta;
  const facts: [string, string][] = [
    ["Editable", m.editable.join(", ")],
    ["Report", m.evaluation.report],
    ["Timeout", `${m.evaluation.timeout_s}s`],
    ["Requires", Object.entries(m.requires ?? {}).map(([k, v]) => `${k} ${v}`).join(", ") || "—"],
    [
      "Files",
      `${task.workspaceFiles.length} workspace · ${task.testFiles.length} tests · ${task.solutionFiles.length} solution`,
    ],
  ];

  return c.html(renderPage(
    <Layout title={m.title} assets={assets} section="catalog">
      <nav class="crumbs small" aria-label="Breadcrumb">
        <a href="/catalog">Catalog</a> / <span class="mono">{task.id}</span>
      </nav>
      <div class="task-page">
        <Panel title="Task" id="task">
          <h1 class="task-title">{m.title}</h1>
          <p class="chips-row">
            <span class={`tag lang-${m.language}`}>{m.language}</span>
            <span class="tag">{m.category}</span>
            <span class="tag">{m.difficulty}</span>
            {m.tags.map((t) => <span class="tag dim" key={t}>#{t}</span>)}
          </p>
          <dl class="metrics">
            {facts.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd class="mono small">{v}</dd>
              </div>
            ))}
          </dl>
          <h3 class="sub">Instructions</h3>
          <Markdown source={task.instructions} />
        </Panel>
        <div class="side">
          <Panel title="Pass rate by model" id="rates">
            {counts.length === 0 ? <p class="muted">Not attempted yet.</p> : (
              <table class="data">
                <tbody>
                  {counts.map((x) => (
                    <tr key={x.model}>
                      <td class="mono">{x.model}</td>
                      <RateCell c={x} />
                      <td class="num muted small">{x.passed}/{x.graded}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
          <Panel title="Latest attempts" id="attempts">
            {recent.length === 0 ? <p class="muted">None yet.</p> : (
              <ul class="run-list">
                {recent.map((a) => (
                  <li key={`${a.run_id}/${a.attempt_dir}`}>
                    <a
                      class="mono small"
                      href={`/run/${a.run_id}?attempt=${encodeURIComponent(a.attempt_dir)}`}
                    >
                      {a.model} #{a.sample}
                    </a>
                    <OutcomeChip outcome={a.outcome as Outcome | null} stage={a.stage} />
                    <span class="muted small">
                      {formatDuration(a.outcome === null ? null : a.duration_s)} ·{" "}
                      {formatTime(a.finished_at ?? a.started_at)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
    </Layout>,
  ));
}
