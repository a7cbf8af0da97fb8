// The placeholder home page until the dashboard lands (recent runs and where the API
// lives), and the seed's old /ui/ addresses redirecting to it.
import type { Hono } from "hono";
import { html, raw } from "hono/html";
import { type AppEnv, newRouter } from "../lib/router.ts";
import { plainPage } from "./plain_page.ts";

const HOME_RUNS = 10;

/** The placeholder home page and the /ui/ redirects. */
export function pageRoutes(): Hono<AppEnv> {
  const router = newRouter();
  router.get("/", (c) => {
    const { db } = c.var.deps;
    const only = c.req.query("run");
    const runs = db.listRunOverviews(HOME_RUNS, 0);
    const items = runs.map((r) =>
      html`
        <tr${r.id === only ? raw(' style="background:#fff6cc"') : ""}>
          <td><a href="/api/runs/${r.id}">${r.id}</a></td>
          <td>${r.status}</td>
          <td>${r.attempts_done}/${r.attempts_total} done, ${r.attempts_passed} passed</td>
          <td class="muted">${r.started_at}</td>
          </tr>
      `
    );
    return c.html(plainPage(
      "Benchmark Harness",
      html`<h1>Benchmark Harness</h1>
<p>The dashboard is on its way. Meanwhile: <a href="/api/docs">API</a> ·
<a href="/api/leaderboard">leaderboard</a> · <a href="/api/runs">runs</a> ·
<a href="/api/events">live events</a>.</p>
<h2>Recent runs</h2>
${
        runs.length
          ? html`
            <table>
              <tbody>${items}</tbody>
            </table>
          `
          : html`<p class="muted">No run yet: <code>deno task bench --models reference starter</code>.</p>`
      }`,
    ));
  });
  router.get("/ui", (c) => c.redirect("/", 302));
  router.get("/ui/index.html", (c) => c.redirect("/", 302));
  router.get("/ui/run.html", (c) => {
    const run = c.req.query("run");
    return c.redirect(run ? `/?run=${encodeURIComponent(run)}` : "/", 302);
  });
  return router;
}
