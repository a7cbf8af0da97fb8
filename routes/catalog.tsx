// GET /catalog: every task with its language, category and difficulty, and each model's
// pass rate on it over all recorded attempts (harness and provider failures not counted),
// with a chart of pass rate per model per language. `?lang=go` narrows the table.
import type { Context } from "hono";
import { LANGUAGES, type Task } from "../harness/catalog.ts";
import { NOT_GRADED } from "../harness/grading/outcome.ts";
import { Layout, Panel, renderPage } from "../components/Layout.tsx";
import type { TaskModelCount } from "../lib/store/store.ts";
import { pageAssets } from "../server/islands_build.ts";
import type { AppEnv } from "../server/router.ts";
import { PassRateChart } from "../components/PassRateChart.tsx";
import { RateCell } from "../components/RateCell.tsx";

/** Models ordered by how many attempts they have, most first (the table's columns). */
export function modelsByVolume(counts: TaskModelCount[]): string[] {
  const volume = new Map<string, number>();
  for (const c of counts) volume.set(c.model, (volume.get(c.model) ?? 0) + c.graded);
  return [...volume.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m]) => m);
}

/** Pass rate per model per language, over the catalog's tasks only. */
export function passRateSeries(tasks: Task[], counts: TaskModelCount[], models: string[]) {
  const langOf = new Map(tasks.map((t) => [t.id, t.meta.language as string]));
  const languages = LANGUAGES.filter((l) => tasks.some((t) => t.meta.language === l));
  const series = models.map((model) => ({
    model,
    rates: languages.map((lang) => {
      const mine = counts.filter((c) => c.model === model && langOf.get(c.task_id) === lang);
      const graded = mine.reduce((n, c) => n + c.graded, 0);
      return graded ? mine.reduce((n, c) => n + c.passed, 0) / graded : null;
    }),
  }));
  return { languages: [...languages], series };
}

export async function catalogPage(c: Context<AppEnv>) {
  const { store, config, catalog: catalogCache } = c.var.deps;
  const [catalog, assets] = await Promise.all([catalogCache.get(), pageAssets(config.root)]);
  const counts = await store.passCountsByTaskAndModel([...NOT_GRADED]);
  const models = modelsByVolume(counts);
  const lang = c.req.query("lang") ?? "";
  const tasks = catalog.tasks.filter((t) => !lang || t.meta.language === lang);
  const cell = new Map(counts.map((x) => [`${x.task_id}\0${x.model}`, x]));
  const chart = passRateSeries(catalog.tasks, counts, models);
  const languages = chart.languages;

  return c.html(renderPage(
    <Layout title="Catalog" assets={assets} section="catalog">
      <Panel title="Pass rate per model per language" id="chart" wide>
        <PassRateChart {...chart} />
      </Panel>
      <Panel
        title={`Tasks (${tasks.length})`}
        id="tasks"
        wide
        actions={
          <nav class="chips-row small" aria-label="Language">
            <a href="/catalog" aria-current={lang ? undefined : "page"}>all</a>
            {languages.map((l) => (
              <a key={l} href={`/catalog?lang=${l}`} aria-current={l === lang ? "page" : undefined}>
                {l}
              </a>
            ))}
          </nav>
        }
      >
        <div class="table-wrap">
          <table class="data catalog">
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">Language</th>
                <th scope="col">Category</th>
                <th scope="col">Difficulty</th>
                {models.map((m) => <th scope="col" class="num mono" key={m}>{m}</th>)}
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.id} data-task={t.id}>
                  <td>
                    <a href={`/catalog/${t.id}`}>{t.id}</a>
                    <div class="muted small clamp">{t.meta.title}</div>
                  </td>
                  <td>
                    <span class={`tag lang-${t.meta.language}`}>{t.meta.language}</span>
                  </td>
                  <td>{t.meta.category}</td>
                  <td>{t.meta.difficulty}</td>
                  {models.map((m) => <RateCell key={m} c={cell.get(`${t.id}\0${m}`)} />)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {catalog.problems.length > 0 && (
          <details class="problems">
            <summary>{catalog.problems.length} task folder(s) could not be loaded</summary>
            <ul>
              {catalog.problems.map((p) => <li key={p.message} class="mono small">{p.message}</li>)}
            </ul>
          </details>
        )}
      </Panel>
    </Layout>,
  ));
}
