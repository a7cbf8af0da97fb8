// The dashboard's static files: GET /static/<path> from the project's static/ folder (the
// stylesheet, and the island bundles under build/). Bundles are named by their content, so
// they are cached for good; the stylesheet is too when asked for with its `?v=` version.
import { join } from "node:path";
import { decodeSegments, fileResponse, resolveInside } from "../server/files.ts";
import { HttpError } from "../server/errors.ts";
import { newRouter } from "../server/router.ts";

const FOREVER = "public, max-age=31536000, immutable";

export function staticRoutes() {
  const router = newRouter();
  router.on(["GET", "HEAD"], "/static/*", async (c) => {
    const url = new URL(c.req.url);
    const segments = decodeSegments(url.pathname, "/static/");
    const root = join(c.var.deps.config.root, "static");
    const path = segments ? await resolveInside(root, segments) : null;
    if (!path) throw new HttpError(404, "no such file");
    const immutable = segments![0] === "build" || url.searchParams.has("v");
    return fileResponse(path, c.req.raw, { "Cache-Control": immutable ? FOREVER : "no-cache" });
  });
  return router;
}
