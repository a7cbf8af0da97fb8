// The dashboard's 404 page (the API answers JSON instead).
import type { Context } from "hono";
import { Layout, renderPage } from "../components/Layout.tsx";
import { pageAssets } from "../server/islands_build.ts";
import type { AppEnv } from "../server/router.ts";

export async function notFoundPage(c: Context<AppEnv>, message: string) {
  const assets = await pageAssets(c.var.deps.config.root);
  return c.html(
    renderPage(
      <Layout title="Not found" assets={assets}>
        <section class="panel">
          <h1>Not found</h1>
          <p data-not-found>{message}</p>
          <p>
            <a href="/">Back to the dashboard</a> · <a href="/catalog">the catalog</a>
          </p>
        </section>
      </Layout>,
    ),
    404,
  );
}
