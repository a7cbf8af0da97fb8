// The dashboard's pages, mounted at the root: home, a run, the catalog and a task, the
// static files they load, and the seed's old addresses (/ui/index.html,
// /ui/run.html?run=<id>) leading to the same views.
import { newRouter } from "../server/router.ts";
import { catalogPage } from "./catalog.tsx";
import { comparePage } from "./compare.tsx";
import { homePage } from "./home.tsx";
import { runPage } from "./run.tsx";
import { staticRoutes } from "./static.ts";
import { taskPage } from "./task.tsx";

export function dashboardRoutes() {
  const router = newRouter();
  router.get("/", homePage);
  router.get("/run/:run_id", runPage);
  router.get("/compare", comparePage);
  router.get("/catalog", catalogPage);
  router.get("/catalog/:task_id", taskPage);
  router.get("/ui", (c) => c.redirect("/", 302));
  router.get("/ui/", (c) => c.redirect("/", 302));
  router.get("/ui/index.html", (c) => c.redirect("/", 302));
  router.get("/ui/run.html", (c) => {
    const run = c.req.query("run");
    return c.redirect(run ? `/run/${encodeURIComponent(run)}` : "/", 302);
  });
  router.route("/", staticRoutes());
  return router;
}
